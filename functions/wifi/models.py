"""The request model of POST /contacts/{id}/wifi/authorization."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class WifiAuthorizationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    integration_id: Identifier
    mac_address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=12, max_length=17)]
    estimation_id: Identifier | None = None
    site_id: Identifier | None = None

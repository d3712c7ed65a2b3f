"""Who is calling: the context the authorizer put on the request (API Gateway passes it through)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from crm.errors import NotFound, Unauthorized

Mode = Literal["test", "live"]


def tenant_key(organisation_id: str, mode: str) -> str:
    """The partition every tenant-scoped item lives in: one organisation in one mode."""
    return f"{organisation_id}#{mode}"


@dataclass(frozen=True)
class RequestContext:
    organisation_id: str
    mode: str
    application_id: str = ""
    contact_id: str = ""
    session_id: str = ""
    source_ip: str = ""  # API Gateway's requestContext.identity.sourceIp: who connected (look-up limits)
    integration: str = ""  # "wifi": the WiFi integration's secret proved the call (no contact token)

    @property
    def tenant(self) -> str:
        return tenant_key(self.organisation_id, self.mode)

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> RequestContext:
        request = event.get("requestContext") or {}
        authorizer = request.get("authorizer") or {}
        organisation_id, mode = authorizer.get("organisation_id"), authorizer.get("mode")
        if not organisation_id or mode not in ("test", "live"):
            # Only reachable if a route was deployed without the authorizer: refuse rather than guess.
            raise Unauthorized()
        return cls(
            organisation_id=organisation_id,
            mode=mode,
            application_id=authorizer.get("application_id") or "",
            contact_id=authorizer.get("contact_id") or "",
            session_id=authorizer.get("session_id") or "",
            source_ip=str((request.get("identity") or {}).get("sourceIp") or ""),
            integration=authorizer.get("integration") or "",
        )

    def require_contact(self) -> str:
        if not self.contact_id:
            raise Unauthorized()
        return self.contact_id

    def require_own_contact(self, contact_id: str) -> str:
        """A contact id in the path must be the caller's own; any other answers as if it did not exist."""
        if self.require_contact() != contact_id:
            raise NotFound("contact", contact_id)
        return contact_id

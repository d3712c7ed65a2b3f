"""The request and answer models of a contact's communications inbox, with the seed's examples."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crm.data.communications import CHANNELS, LIFE_CYCLE_STATES
from crm.schemas import Page

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
LifeCycleState = Literal[LIFE_CYCLE_STATES]  # type: ignore[valid-type]


class CommunicationActions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    viewed: bool | None = None
    archived: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> "CommunicationActions":
        if self.viewed is None and self.archived is None:
            raise ValueError("give viewed and/or archived")
        return self


# ---------------------------------------------------------------- answers, as documented (not validated at run time)


class _Communication(BaseModel):
    """What a list item and the single answer share."""

    id: str
    life_cycle_state: LifeCycleState
    channel: Channel
    is_viewed: bool
    viewed_on: int | None = Field(description="Epoch seconds.")
    is_archived: bool
    clicked_on: int | None
    language: str | None
    sender: str | None
    recipient: str | None
    content: str | None
    subject: str | None
    name: str | None = Field(description="The communication plan's name.")
    created_on: int


class CommunicationSummary(_Communication):
    contact_id: str


class CommunicationsPage(Page[CommunicationSummary]):
    pass


class CommunicationContact(BaseModel):
    id: str
    name: str | None
    code: str | None


class CommunicationAnswer(_Communication):
    contact: CommunicationContact
    title: str | None
    subtitle: str | None
    in_app_image_url: str | None
    in_app_click_link_url: str | None


# The seed's examples (its list answers no created_on, and no paging.next: added)
_SEED_DELIVERY = {
    "channel": "EMAIL",
    "is_viewed": True,
    "viewed_on": 1583846865,
    "is_archived": True,
    "clicked_on": 1,
    "language": "ENG",
    "sender": "dev@crm.com",
    "recipient": "jon@crm.com",
}
SEED_SUMMARY = {
    "id": "6A24D2B5E44F44B28451FE021FCAD51E",
    "life_cycle_state": "PENDING",
    "contact_id": "CAD1E31269B76D7A65ACCE45B2E68DFD",
    **_SEED_DELIVERY,
    "content": "",
    "subject": "",
    "name": "Happy Birthday",
    "created_on": 1583846865,
}
SEED_COMMUNICATION = {
    "id": "6A24D2B5E44F44B28451FE021FCAD51E",
    "life_cycle_state": "PENDING",
    "contact": {"id": "CAD1E31269B76D7A65ACCE45B2E68DFD", "name": "John Johnson", "code": "C123"},
    **_SEED_DELIVERY,
    "subject": "Award Provided",
    "content": "You have been awarded!",
    "name": "Happy Birthday",
    "created_on": 1583846865,
    "title": "New Festive Beverages",
    "subtitle": "20% discount for December",
    "in_app_image_url": "",
    "in_app_click_link_url": "",
}

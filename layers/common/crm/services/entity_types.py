"""Entity types as clients spell them. The vendor's v1 examples use singular types (an approval's `ORDER`); its
own lists, and the v2 specification, plural ones (`ORDERS`). Both are accepted wherever an entity type comes in
(the approval list's filter, back-office events, printouts); records keep the canonical spelling; an answer
uses the seed's spelling where the seed shows one (an approval request's `ORDER`) and the canonical one else."""

from __future__ import annotations

from typing import Any

from crm.data.approvals import ENTITY_TYPES as APPROVAL_TYPES

# The seed's singular spellings -> the canonical type.
APPROVAL_ALIASES = {
    "ORDER": "ORDERS",
    "SERVICE_REQUEST": "SERVICE_REQUESTS",
    "REWARD_OFFER": "REWARD_OFFERS",
    "ORGANISATION": "ORGANISATIONS",
}
PRINTOUT_ALIASES = {"ORDER": "ORDERS", "SUBSCRIPTION": "SUBSCRIPTIONS"}
# The canonical type -> the spelling an answer uses, where the seed shows one (its approval list example).
APPROVAL_ANSWERED = {"ORDERS": "ORDER"}
ANSWERED_APPROVAL_TYPES = tuple(APPROVAL_ANSWERED.get(t, t) for t in APPROVAL_TYPES)


def _canonical(value: Any, aliases: dict[str, str]) -> Any:
    if not isinstance(value, str):
        return value  # the model's own check refuses it
    spelled = value.strip().upper()
    return aliases.get(spelled, spelled)


def approval_type(value: Any) -> Any:
    """ORDER, order, ORDERS -> ORDERS (a pydantic before-validator as well)."""
    return _canonical(value, APPROVAL_ALIASES)


def printout_type(value: Any) -> Any:
    """ORDER -> ORDERS, SUBSCRIPTION -> SUBSCRIPTIONS (a pydantic before-validator as well)."""
    return _canonical(value, PRINTOUT_ALIASES)


def answered_approval_type(stored: str) -> str:
    """A stored approval entity type as answers spell it (ORDERS -> the seed's ORDER)."""
    return APPROVAL_ANSWERED.get(stored, stored)

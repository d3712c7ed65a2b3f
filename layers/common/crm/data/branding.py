"""Where an organisation's message settings live: one JSON attribute per mode on its organisation item."""

from __future__ import annotations

from crm.data.tenancy import Organisation, find_organisation


def _attribute(mode: str) -> str:
    if mode not in ("live", "test"):
        raise ValueError("mode must be live or test")
    return f"messages_{mode}"


def message_settings(organisation_id: str, mode: str) -> tuple[str | None, str | None]:
    """(the organisation's name, its settings JSON in `mode`); (None, None) when there is no such organisation."""
    organisation = find_organisation(organisation_id)
    if organisation is None:
        return None, None
    value: str | None = getattr(organisation, _attribute(mode))
    return organisation.name, value


def save_message_settings(organisation_id: str, mode: str, settings_json: str) -> bool:
    """Replaces the mode's settings; False when there is no such organisation."""
    attribute = getattr(Organisation, _attribute(mode))
    try:
        Organisation(id=organisation_id).update(
            actions=[attribute.set(settings_json)], condition=Organisation.id.exists()
        )
    except Exception as exc:  # PynamoDB's UpdateError wraps the failed condition
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise
    return True

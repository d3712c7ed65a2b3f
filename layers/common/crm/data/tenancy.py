"""Organisations (tenants) and their applications' API keys."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta


class Organisation(Model):
    Meta = table_meta("ORGANISATIONS_TABLE")

    id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    org_type = UnicodeAttribute(default="BUSINESS")
    # A merchant or venue belongs to the organisation (the tenant) whose network it is part of.
    parent_id = UnicodeAttribute(null=True)
    # Test mode delivers mail and SMS only to these (crm/services/messaging.py): e-mail addresses (lower case),
    # "*@domain", E.164 phone numbers, or "*" for all. `python -m crmctl.admin allow-test-recipient` sets them.
    test_recipients = UnicodeSetAttribute(null=True)
    # mode -> the hash of the WiFi integration's secret (`python -m crmctl.admin create-wifi-secret`): beside the
    # api_key it proves a device binding for any contact of the organisation and mode. Only the hash is kept.
    wifi_secret_hashes = MapAttribute(null=True)
    # The organisation's look of its messages in each mode, as JSON (crm/services/branding.py; the operator's
    # `python -m crmctl.admin set-brand | set-template | set-page-links` write it).
    messages_live = UnicodeAttribute(null=True)
    messages_test = UnicodeAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)


class ApplicationsByOrganisation(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_organisation"
        projection = AllProjection()

    organisation_id = UnicodeAttribute(hash_key=True)


class Application(Model):
    """One API key. Only the key's hash is stored; `key_prefix` lets operators tell keys apart."""

    Meta = table_meta("APPLICATIONS_TABLE")

    key_hash = UnicodeAttribute(hash_key=True)
    application_id = UnicodeAttribute()
    organisation_id = UnicodeAttribute()
    mode = UnicodeAttribute()  # test | live
    state = UnicodeAttribute(default="ACTIVE")  # ACTIVE | REVOKED
    key_prefix = UnicodeAttribute()
    name = UnicodeAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)

    by_organisation = ApplicationsByOrganisation()


def find_application(key_hash: str) -> Application | None:
    try:
        return Application.get(key_hash, consistent_read=False)
    except Application.DoesNotExist:
        return None


def find_organisation(organisation_id: str) -> Organisation | None:
    try:
        return Organisation.get(organisation_id)
    except Organisation.DoesNotExist:
        return None


def applications_of(organisation_id: str) -> list[Application]:
    return list(Application.by_organisation.query(organisation_id))


def set_wifi_secret_hash(organisation_id: str, mode: str, secret_hash: str) -> bool:
    """Replaces the mode's WiFi integration secret (the old one stops working at once); False when there is no
    such organisation."""
    organisation = find_organisation(organisation_id)
    if organisation is None:
        return False
    hashes = {
        **(organisation.wifi_secret_hashes.as_dict() if organisation.wifi_secret_hashes else {}),
        mode: secret_hash,
    }
    organisation.update(actions=[Organisation.wifi_secret_hashes.set(hashes)])
    return True


def wifi_secret_hash(organisation_id: str, mode: str) -> str | None:
    organisation = find_organisation(organisation_id)
    hashes = organisation.wifi_secret_hashes.as_dict() if organisation and organisation.wifi_secret_hashes else {}
    value = hashes.get(mode)
    return value if isinstance(value, str) and value else None


def change_test_recipients(organisation_id: str, entry: str, *, allow: bool) -> bool:
    """Adds (or removes) one allow-list entry; False when there is no such organisation."""
    organisation = Organisation(id=organisation_id)
    action = Organisation.test_recipients.add({entry}) if allow else Organisation.test_recipients.delete({entry})
    try:
        organisation.update(actions=[action], condition=Organisation.id.exists())
    except Exception as exc:  # PynamoDB's UpdateError wraps the failed condition
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise
    return True

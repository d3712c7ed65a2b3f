"""Organisations (tenants) and their applications' API keys."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
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
    # "*@domain", E.164 phone numbers, or "*" for all. `python -m crm.admin allow-test-recipient` sets them.
    test_recipients = UnicodeSetAttribute(null=True)
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

"""Pass codes that a landing-page registration redeems: made by operators (`python -m crmctl.admin
create-pass-codes`), each usable once, per tenant. Only the code's hash is stored."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from crm.data.base import now_epoch, table_meta


class PassCode(Model):
    Meta = table_meta("PASS_CODES_TABLE")

    tenant = UnicodeAttribute(hash_key=True)
    code_hash = UnicodeAttribute(range_key=True)
    state = UnicodeAttribute(default="ACTIVE")  # ACTIVE | USED
    used_by = UnicodeAttribute(null=True)
    used_on = NumberAttribute(null=True)
    batch = UnicodeAttribute(null=True)
    created_on = NumberAttribute(default_for_new=now_epoch)


def find_pass_code(tenant: str, code_hash: str) -> PassCode | None:
    try:
        return PassCode.get(tenant, code_hash, consistent_read=True)
    except PassCode.DoesNotExist:
        return None

"""Daily send budgets: one counter item per organisation, mode and UTC day in the one-time table (DynamoDB's
TTL drops it a day after its day ended). A send is reserved by one conditional UpdateItem before it goes out,
so no number of parallel requests sends more than the budget."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from crm.data.base import table_meta

DAY = 86400


class SendBudget(Model):
    Meta = table_meta("ONE_TIME_TABLE")

    id = UnicodeAttribute(hash_key=True)  # BUDGET#<channel>#<organisation>#<mode>#<YYYY-MM-DD>
    kind = UnicodeAttribute(default="BUDGET")
    sent = NumberAttribute(default=0)
    expires_at = NumberAttribute()


def budget_id(channel: str, organisation_id: str, mode: str, day: str) -> str:
    return f"BUDGET#{channel}#{organisation_id}#{mode}#{day}"


def reserve(item_id: str, budget: int, expires_at: int) -> bool:
    """One more send, if fewer than `budget` were reserved: False (and nothing written) when it is spent."""
    if budget <= 0:
        return False
    item = SendBudget(id=item_id)
    try:
        item.update(
            actions=[SendBudget.sent.add(1), SendBudget.kind.set("BUDGET"), SendBudget.expires_at.set(expires_at)],
            condition=SendBudget.sent.does_not_exist() | (SendBudget.sent < budget),
        )
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise
    return True


def release(item_id: str) -> None:
    """Gives back a reservation whose send failed; a counter back at 0 is deleted (nothing left behind)."""
    from pynamodb.exceptions import DeleteError

    item = SendBudget(id=item_id)
    try:
        item.update(actions=[SendBudget.sent.add(-1)], condition=SendBudget.sent > 0)
    except UpdateError as exc:
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise
        return
    if int(item.sent) == 0:
        try:
            item.delete(condition=SendBudget.sent == 0)  # unless another send reserved meanwhile
        except DeleteError as exc:
            if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise


def reserved(item_id: str) -> int:
    try:
        return int(SendBudget.get(item_id, consistent_read=True).sent)
    except SendBudget.DoesNotExist:
        return 0

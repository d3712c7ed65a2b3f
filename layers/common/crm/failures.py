"""What an AWS failure that no service handled means to the caller.

- DynamoDB still throttling after boto3's retries (standard mode), or unreachable: 503 with Retry-After.
- A conditional check or a transaction that DynamoDB cancelled for a condition or a conflicting transaction:
  409 (the data changed under the request; read again and retry). Nothing of a cancelled write is stored.
- Any other AWS service (SES, SNS, S3, EventBridge, SQS, Secrets Manager) refusing or unreachable: 502.

Anything else (a DynamoDB validation error, a bug) stays a 500.
"""

from __future__ import annotations

from typing import Any

from crm.errors import Conflict, CrmError, ServiceUnavailable, UpstreamFailed

RETRY_AFTER_SECONDS = 1

THROTTLE_CODES = frozenset({"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"})
# Reasons DynamoDB gives per item of a cancelled transaction.
THROTTLE_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"})
CONFLICT_REASONS = frozenset({"ConditionalCheckFailed", "TransactionConflict"})
CONFLICT_CODES = frozenset(
    {"ConditionalCheckFailedException", "TransactionConflictException", "TransactionInProgressException"}
)
DYNAMODB_OPERATIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
        "ExecuteStatement",
    }
)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps on purpose (PynamoDB's `cause`, `raise ... from`); not the exception that
    happened to be handled when it was raised, which may have nothing to do with it."""
    seen: list[BaseException] = []
    current: Any = exc
    while isinstance(current, BaseException) and current not in seen and len(seen) < 10:
        seen.append(current)
        current = getattr(current, "cause", None) or current.__cause__
    return seen


def _dynamodb_answer(code: str | None, reasons: list[Any]) -> CrmError | None:
    reason_codes = {getattr(r, "code", None) or (r.get("Code") if isinstance(r, dict) else None) for r in reasons}
    if code in THROTTLE_CODES or reason_codes & THROTTLE_REASONS:
        return ServiceUnavailable(headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    if code in CONFLICT_CODES or (code == "TransactionCanceledException" and reason_codes & CONFLICT_REASONS):
        return Conflict()
    return None


def answer_for(exc: BaseException) -> CrmError | None:
    """The CRM error for an unhandled AWS failure, or None when it is not one (a 500 then)."""
    from botocore.exceptions import BotoCoreError, ClientError
    from pynamodb.exceptions import PynamoDBException

    chain = _chain(exc)
    from_dynamodb = any(isinstance(e, PynamoDBException) for e in chain)
    for error in chain:
        if isinstance(error, ClientError):
            details = error.response.get("Error", {})
            if from_dynamodb or getattr(error, "operation_name", None) in DYNAMODB_OPERATIONS:
                reasons = (
                    getattr(error, "cancellation_reasons", None) or error.response.get("CancellationReasons") or []
                )
                return _dynamodb_answer(details.get("Code"), list(reasons))
            return UpstreamFailed()
        if isinstance(error, BotoCoreError):
            # Could not reach AWS at all: DynamoDB's absence is ours to wait out, another service's is upstream.
            if from_dynamodb:
                return ServiceUnavailable(headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            return UpstreamFailed()
    return None

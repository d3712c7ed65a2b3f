"""`Idempotency-Key` on POSTs (Powertools idempotency on a DynamoDB table): a repeat with the same key and
the same body gets the first answer; the same key with another body gets 409.

No secret is stored. The body is compared by a keyed hash with any password replaced by an HMAC of it, and
an answer that carried tokens is stored as the contact it signed in (no token): a repeat never starts a
session, it answers 409 asking to sign in (crm.services.identity.replay_registration)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from functools import cache
from typing import Any

from crm.context import RequestContext
from crm.data.providers import provider_credentials
from crm.errors import Conflict, InvalidInput
from crm.settings import boto_config, needs, required_env

IDEMPOTENCY_TABLE = needs("IDEMPOTENCY_TABLE", __name__)
PEPPER_SECRET = needs("IDEMPOTENCY_PEPPER_SECRET_ARN", __name__)
KEY_MAX_LENGTH = 255
EXPIRES_AFTER_SECONDS = 24 * 3600
SECRET_FIELDS = ("password",)
PEPPER_MIN_LENGTH = 32


def pepper() -> bytes:
    """The idempotency HMAC's own key ({"pepper": ...} in IdempotencyPepperSecret), never a token signing key:
    rotating the JWT key neither changes the digests of stored requests nor lets one secret reveal the other's
    use. Read at most every few minutes per container."""
    value = provider_credentials(required_env(PEPPER_SECRET)).get("pepper", "")
    if len(value) < PEPPER_MIN_LENGTH:
        raise RuntimeError(f"the idempotency pepper must be at least {PEPPER_MIN_LENGTH} characters")
    return value.encode()


def derived_key(label: str) -> bytes:
    """A key of its own for another use of the pepper (HMAC of the label under it): the idempotency digests
    and, say, the look-up counters' digests (label "lookup-throttle") never share a key."""
    return hmac.new(pepper(), f"crm.derived-key/{label}".encode(), hashlib.sha256).digest()


def request_digest_payload(body: dict[str, Any]) -> str:
    """What a repeat's body is compared by: the body with each password replaced by its HMAC under the pepper."""
    return json.dumps(_without_secrets(body, pepper()), sort_keys=True, separators=(",", ":"))


@cache
def _persistence():
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(table_name=required_env(IDEMPOTENCY_TABLE), boto_config=boto_config())


def _without_secrets(value: Any, pepper: bytes) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                hmac.new(pepper, str(v).encode(), hashlib.sha256).hexdigest()
                if k in SECRET_FIELDS and v is not None
                else _without_secrets(v, pepper)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_secrets(v, pepper) for v in value]
    return value


def run_once(
    ctx: RequestContext,
    key: str,
    body: dict[str, Any],
    operation: str,
    compute: Callable[[], dict[str, Any]],
    replay: Callable[[dict[str, Any]], dict[str, Any]],
    storable: Callable[[dict[str, Any]], dict[str, Any]],
    lambda_context: Any = None,
) -> dict[str, Any]:
    """Runs `compute` once per (tenant, operation, key). `storable` turns its answer into what may be
    stored; `replay` turns a stored record back into an answer for a repeat."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    key = key.strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        raise InvalidInput(f"Idempotency-Key must be 1 to {KEY_MAX_LENGTH} characters.", ["Idempotency-Key"])
    payload = request_digest_payload(body)
    config = IdempotencyConfig(
        event_key_jmespath="[tenant, operation, key]",
        payload_validation_jmespath="payload",
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        hash_function="sha256",
    )
    if lambda_context is not None and hasattr(lambda_context, "get_remaining_time_in_millis"):
        config.register_lambda_context(lambda_context)  # an in-progress record then expires with the invocation
    fresh: dict[str, Any] = {}

    @idempotent_function(data_keyword_argument="request", persistence_store=_persistence(), config=config)
    def once(request: dict[str, Any]) -> dict[str, Any]:
        answer = compute()
        fresh["answer"] = answer
        return storable(answer)

    try:
        stored = once(request={"tenant": ctx.tenant, "operation": operation, "key": key, "payload": payload})
    except IdempotencyValidationError:
        raise Conflict("This Idempotency-Key was already used with a different request.", ["Idempotency-Key"]) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict(
            "A request with this Idempotency-Key is still in progress; retry shortly.", ["Idempotency-Key"]
        ) from None
    return fresh["answer"] if "answer" in fresh else replay(stored)

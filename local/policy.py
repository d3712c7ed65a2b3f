"""Evaluation of a Lambda authorizer's IAM policy against the called method's ARN, as API Gateway does it:
an explicit Deny wins, then any Allow; nothing matching denies. `*` and `?` are wildcards in actions and
resources."""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import Any, Mapping


class Decision(enum.Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit deny"
    IMPLICIT_DENY = "implicit deny"


class MalformedPolicy(ValueError):
    pass


@lru_cache(maxsize=1024)
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern:
    expression = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(expression, (re.IGNORECASE | re.DOTALL) if ignore_case else re.DOTALL)


def _as_list(value: Any, what: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise MalformedPolicy(f"{what} must be a string or a list of strings, not {value!r}")
    return values


def _statements(policy_document: Any) -> list[Mapping[str, Any]]:
    if not isinstance(policy_document, Mapping) or "Statement" not in policy_document:
        raise MalformedPolicy("policyDocument must be an object with a Statement")
    statements = policy_document["Statement"]
    statements = [statements] if isinstance(statements, Mapping) else statements
    if not isinstance(statements, list) or not all(isinstance(s, Mapping) for s in statements):
        raise MalformedPolicy("Statement must be an object or a list of objects")
    return statements


def evaluate(policy_document: Any, method_arn: str, action: str = "execute-api:Invoke") -> Decision:
    allowed = False
    for statement in _statements(policy_document):
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise MalformedPolicy(f"Effect must be Allow or Deny, not {effect!r}")
        actions = _as_list(statement.get("Action"), "Action")
        resources = _as_list(statement.get("Resource"), "Resource")
        # IAM compares action names without regard to case, resource ARNs with it.
        if not any(_wildcard(pattern, True).fullmatch(action) for pattern in actions):
            continue
        if not any(_wildcard(pattern, False).fullmatch(method_arn) for pattern in resources):
            continue
        if effect == "Deny":
            return Decision.EXPLICIT_DENY
        allowed = True
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY

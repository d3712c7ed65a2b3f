"""Each application's key in the API's usage plan (API Gateway), so that each is throttled on its own.

The API takes its usage-plan key from the authorizer (ApiKeySourceType AUTHORIZER), which answers it as
`usageIdentifierKey` for api_key and contact-token calls alike. The key value is derived from the stack's name,
the organisation and the mode: the authorizer needs no lookup, and the value needs no secrecy, because callers
cannot present it (API Gateway reads only what the authorizer answers). Operators create the keys with
`python -m crmctl.admin create-organisation --stack ...` (new organisations) or `usage-keys --stack ...` (all)."""

from __future__ import annotations

import hashlib

from crm.settings import usage_key_namespace as namespace


def usage_key_value(organisation_id: str, mode: str, stack: str | None = None) -> str:
    """The API Gateway key value of an application: 40 hex characters (API Gateway wants at least 20)."""
    seed = f"{stack or namespace()}#{organisation_id}#{mode}".encode()
    return "crm" + hashlib.sha256(seed).hexdigest()[:40]


def usage_key_name(organisation_id: str, mode: str, stack: str | None = None) -> str:
    return f"{stack or namespace()}-{organisation_id}-{mode}"

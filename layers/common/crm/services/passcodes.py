"""Pass codes for landing-page registrations: made in batches by operators, each redeemable once."""

from __future__ import annotations

import secrets
import uuid

from crm.context import tenant_key
from crm.data.passcodes import PassCode
from crm.tokens import hash_secret_token

MODES = ("test", "live")

# No 0/O or 1/I: codes are read off paper and typed in.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 10


def pass_code_hash(code: str) -> str:
    return hash_secret_token(code.strip().upper())


def new_pass_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def create_pass_codes(organisation_id: str, mode: str, count: int) -> tuple[str, list[str]]:
    """`count` new codes for one organisation and mode; answers the batch id and the codes (shown once)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if not 1 <= count <= 10_000:
        raise ValueError("count must be between 1 and 10000")
    batch = str(uuid.uuid4())
    codes = []
    with PassCode.batch_write() as writer:
        for _ in range(count):
            code = new_pass_code()
            codes.append(code)
            writer.save(PassCode(tenant=tenant_key(organisation_id, mode), code_hash=pass_code_hash(code), batch=batch))
    return batch, codes

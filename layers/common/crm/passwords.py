"""Password hashing: argon2id at OWASP's parameters (19 MiB, t=2, p=1)."""

from __future__ import annotations

from functools import cache

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def _hasher():
    # Imported on first use: argon2 is only needed by the routes that handle passwords.
    from argon2 import PasswordHasher, Type

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)


@cache
def _dummy_hash() -> str:
    return _hasher().hash("a password nobody has")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches. With no stored hash a dummy is checked, so that an unknown
    username costs the same time as a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)

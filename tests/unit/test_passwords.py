"""Passwords are argon2id at OWASP's parameters and verify in constant shape."""

from argon2 import PasswordHasher

from crm import passwords


def test_hashes_are_argon2id_at_owasp_parameters():
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct horse battery" not in stored


def test_verify_accepts_the_password_and_refuses_others():
    stored = passwords.hash_password("correct horse battery")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterY")
    assert not passwords.verify_password("not a hash", "x")


def test_an_unknown_user_never_verifies_even_with_the_dummy_password():
    assert not passwords.verify_password(None, "a password nobody has")


def test_weaker_old_hashes_need_a_rehash():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("pw")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("pw"))

"""The phone, e-mail and MAC normalisers under arbitrary input: total (their own error, nothing else),
canonical (E.164 in ASCII digits; a lower-case address; aa:bb:cc:dd:ee:ff) and idempotent."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from crm.errors import InvalidInput
from crm.phones import CALLING_CODES, InvalidPhone, calling_code, obfuscate_email, obfuscate_phone, to_e164
from crm.services.devices import normalise_mac
from crm.services.identity import email_identity_key
from tests.fuzz.profiles import fuzz

E164 = re.compile(r"\+[1-9][0-9]{6,14}", re.ASCII)
MAC = re.compile(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", re.ASCII)

# Digits of every script (Arabic-Indic, Devanagari, full-width...), the separators people type, and prefixes.
DIGITS = st.characters(categories=["Nd"])
PHONE_CHARS = st.sampled_from("0123456789 -().+") | DIGITS | st.sampled_from("\u00a0\u2009\t\n\u2013")
phones = (
    st.text(PHONE_CHARS, max_size=24)
    | st.text(max_size=24)
    | st.builds(
        lambda p, n: p + n,
        st.sampled_from(["+", "00", "0", "+357", "00357", ""]),
        st.text(PHONE_CHARS, min_size=6, max_size=14),
    )
)
country_codes = (
    st.none()
    | st.sampled_from(sorted(CALLING_CODES))
    | st.sampled_from(["357", "+357", "00357", "1", "cyp", " CYP ", "", "+", "0"])
    | st.text(st.sampled_from("0123456789+") | DIGITS, max_size=5)
    | st.text(max_size=5)
)


def e164(phone, country):
    try:
        return to_e164(phone, country)
    except InvalidPhone:
        return None


@fuzz(300)
@given(phones, country_codes)
def test_phone_numbers_become_ascii_e164_or_invalid_phone(phone, country):
    number = e164(phone, country)
    if number is None:
        return
    assert E164.fullmatch(number), number
    # Idempotent, whatever country code comes with it the second time.
    assert to_e164(number, country) == number and to_e164(number, None) == number
    assert obfuscate_phone(number).startswith(number[:6])


@fuzz(300)
@given(country_codes.filter(lambda c: c is not None))
def test_calling_codes_are_ascii_digits_or_invalid_phone(country):
    try:
        code = calling_code(country)
    except InvalidPhone:
        return
    assert re.fullmatch(r"[1-9][0-9]{0,2}", code, re.ASCII), code
    assert calling_code(code) == code and calling_code("+" + code) == code


def mac_forms(octets: bytes, form: str, upper: bool) -> str:
    hexes = [f"{b:02x}" for b in octets]
    text = {
        "colon": ":".join(hexes),
        "dash": "-".join(hexes),
        "bare": "".join(hexes),
        "dotted": ".".join("".join(hexes[i : i + 2]) for i in range(0, 6, 2)),
    }[form]
    return text.upper() if upper else text


def mac(value):
    try:
        return normalise_mac(value)
    except InvalidInput as error:
        assert error.status == 400 and error.parameters == ["mac_address"]
        return None


@fuzz(400)
@given(
    st.text(max_size=20)
    | st.text(st.sampled_from("0123456789abcdefABCDEF:-. "), max_size=20)
    | st.builds(
        mac_forms,
        st.binary(min_size=6, max_size=6),
        st.sampled_from(["colon", "dash", "bare", "dotted"]),
        st.booleans(),
    )
)
def test_mac_addresses_become_lower_case_colon_separated_or_invalid_input(value):
    normal = mac(value)
    if normal is not None:
        assert MAC.fullmatch(normal), normal
        assert normalise_mac(normal) == normal
        assert normal not in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff")


@fuzz(200)
@given(
    st.binary(min_size=6, max_size=6),
    st.sampled_from(["colon", "dash", "bare", "dotted"]),
    st.booleans(),
    st.sampled_from(["", " ", "\t"]),
)
def test_every_written_form_of_one_address_is_the_same_address(octets, form, upper, space):
    expected = ":".join(f"{b:02x}" for b in octets)
    normal = mac(space + mac_forms(octets, form, upper) + space)
    assert normal == (None if octets in (b"\0" * 6, b"\xff" * 6) else expected)


emails = (
    st.text(max_size=30)
    | st.emails().map(lambda e: e.upper() if len(e) % 2 else e)
    | st.builds(lambda a, b: f" {a}@{b} ", st.text(max_size=10), st.text(max_size=10))
)


@fuzz(150)
@given(emails)
def test_email_identity_keys_are_lower_case_trimmed_and_idempotent(address):
    key = email_identity_key(address)
    normal = key.removeprefix("EMAIL#")
    assert normal == normal.strip() and normal == normal.lower()
    assert email_identity_key(normal) == key
    assert email_identity_key(address.lower()) == key and email_identity_key(f" {address}\n") == key
    assert obfuscate_email(normal).endswith(normal.partition("@")[2])

"""Answers that would tell who is registered: a code sent to an address that names nobody is counted and
limited exactly as one sent to a registered address (429 on the 6th in an hour), and nothing is sent; failed
credential look-ups (/contacts/validate, /contacts/otp) are counted per value asked and per source address,
whether the value names anybody or not, and the 11th in an hour answers 429, the right answer included."""

import random

import requests

from tests.e2e.test_identity import messages_to, new_phone, post, put_profile, signed_in_by_email
from tests.e2e.test_slice import crm_error, new_email


def _six_sends(api, body):
    answers = [post(api, "/contacts/authenticate", body) for _ in range(6)]
    return [a.status_code for a in answers], answers[-1]


def test_an_unknown_address_gets_the_same_send_limit_as_a_known_one(local_api):
    known, _ = signed_in_by_email(local_api)
    unknown = new_email()
    known_statuses, known_refused = _six_sends(local_api, {"provider": "EMAIL", "username": known})
    unknown_statuses, unknown_refused = _six_sends(local_api, {"provider": "EMAIL", "username": unknown})
    assert known_statuses == unknown_statuses == [200] * 5 + [429], (known_statuses, unknown_statuses)
    assert crm_error(unknown_refused, 429) == crm_error(known_refused, 429)
    assert 3500 <= int(unknown_refused.headers["Retry-After"]) <= 3600
    assert messages_to(local_api, unknown) == []


def test_an_unknown_phone_gets_the_same_send_limit(local_api):
    phone = new_phone()
    statuses, refused = _six_sends(local_api, {"provider": "PHONE", "phone_number": phone, "country_code": "CYP"})
    assert statuses == [200] * 5 + [429], statuses
    assert messages_to(local_api, "+357" + phone) == []


# ---------------------------------------------------------------- credential look-ups (/contacts/validate, /otp)


class _FromAddress(requests.adapters.HTTPAdapter):
    """Connects from one loopback address, so that the local runtime sees that source IP (any 127.x.y.z)."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def from_new_address():
    session = requests.Session()
    session.mount(
        "http://", _FromAddress(f"127.{random.randrange(1, 255)}.{random.randrange(256)}.{random.randrange(1, 255)}")
    )
    return session


def validate(api, session, credentials, path="/contacts/validate", **extra):
    return session.post(
        f"{api.base_url}{path}",
        json={"credentials": credentials, **extra},
        headers={"api_key": api.test_key},
        timeout=30,
    )


def with_birthdate(email, day):
    return [{"name": "EMAIL", "value": email}, {"name": "BIRTHDATE", "value": f"1980-01-{day:02d}"}]


def _guess_birthdates(api, email):
    """11 wrong birth dates (each from its own address, so that only the value's count can refuse), then the
    right one: the statuses, the 11th answer and the right one's answer."""
    answers = [validate(api, from_new_address(), with_birthdate(email, day)) for day in range(2, 13)]
    right = validate(api, from_new_address(), with_birthdate(email, 1))
    return [a.status_code for a in answers], answers[-1], right


def test_wrong_birth_dates_for_an_e_mail_are_limited_the_right_one_included(local_api):
    email, ann = signed_in_by_email(local_api)
    put_profile(local_api, ann, {"demographics": {"date_of_birth": {"year": 1980, "month": 1, "day": 1}}})
    assert validate(local_api, from_new_address(), with_birthdate(email, 1)).json() == {}
    mail_before = len(messages_to(local_api, email))
    statuses, refused, right = _guess_birthdates(local_api, email)
    assert statuses == [404] * 10 + [429], statuses
    assert crm_error(refused, 429)["parameters"] == ["credentials"]
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert crm_error(right, 429) == crm_error(refused, 429)  # the right birth date answers the same
    # Sending a code with those credentials is refused the same way, and nothing is sent.
    sent = validate(local_api, from_new_address(), with_birthdate(email, 1), path="/contacts/otp", send_method="EMAIL")
    assert crm_error(sent, 429) == crm_error(refused, 429)
    assert len(messages_to(local_api, email)) == mail_before

    # An e-mail address that names nobody behaves exactly alike.
    unknown_statuses, unknown_refused, unknown_right = _guess_birthdates(local_api, new_email())
    assert unknown_statuses == statuses
    assert crm_error(unknown_refused, 429) == crm_error(refused, 429)
    assert crm_error(unknown_right, 429) == crm_error(refused, 429)
    assert 3500 <= int(unknown_refused.headers["Retry-After"]) <= 3600


def test_one_address_guessing_many_values_is_limited(local_api):
    attacker = from_new_address()
    statuses = [validate(local_api, attacker, [{"name": "EMAIL", "value": new_email()}]).status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429], statuses
    refused = validate(local_api, attacker, [{"name": "EMAIL", "value": new_email()}])
    crm_error(refused, 429)
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    # Another address asking a value of its own is not held back by that one.
    assert validate(local_api, from_new_address(), [{"name": "EMAIL", "value": new_email()}]).status_code == 404


def test_right_answers_are_not_counted(local_api):
    email, _ = signed_in_by_email(local_api)
    session = from_new_address()
    statuses = [validate(local_api, session, [{"name": "EMAIL", "value": email}]).status_code for _ in range(12)]
    assert statuses == [200] * 12, statuses

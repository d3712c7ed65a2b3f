"""Answers that would tell who is registered: a code sent to an address that names nobody is counted and
limited exactly as one sent to a registered address (429 on the 6th in an hour), and nothing is sent."""

from tests.e2e.test_identity import messages_to, new_phone, post, signed_in_by_email
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

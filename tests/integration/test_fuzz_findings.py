"""What the fuzz tests (tests/fuzz; `make fuzz` for the long run) found, kept as plain regression tests."""

import base64
import json

import pytest

from crm.phones import InvalidPhone, calling_code, to_e164
from crm.services.authorization import NotAuthenticated, read_credentials
from crm.tokens import InvalidToken, verify_access_token
from tests.helpers import PREFIX, api_event
from tests.integration.test_contacts import call, registered
from tests.unit.test_tokens import issue, keys  # noqa: F401 - the fixture

CRM_ERROR_KEYS = {"status", "message", "error", "parameters"}


@pytest.mark.parametrize(
    "phone, country",
    [
        ("٩٩١٢٣٤٥٦", "CYP"),  # Arabic-Indic digits
        ("９９１２３４５６", "357"),  # full-width digits
        ("+3579٩١٢٣٤٥٦", None),
    ],
)
def test_digits_of_other_scripts_are_not_a_phone_number(phone, country):
    """`\\d` matched them, so the "E.164" number kept them: it went to SNS and into identity keys, where one
    number written in two scripts was two different numbers."""
    with pytest.raises(InvalidPhone):
        to_e164(phone, country)


def test_a_calling_code_in_other_digits_is_unknown():
    with pytest.raises(InvalidPhone):
        calling_code("1٠")


def test_ascii_numbers_still_normalise():
    assert to_e164("99 123-456", "CYP") == to_e164("0035799123456", None) == "+35799123456"


def test_a_token_with_a_lone_surrogate_is_invalid_not_a_crash(keys):  # noqa: F811
    """PyJWT's encode() raised UnicodeEncodeError."""
    with pytest.raises(InvalidToken):
        verify_access_token("\ud800" + issue())


@pytest.mark.parametrize(
    "headers", [{"api_key": "key\ud800"}, {"Authorization": "Bearer \ud800"}, {"auth_token": "é.é.é"}]
)
def test_credentials_that_are_not_ascii_are_not_authenticated(headers):
    """Hashing an api_key with a lone surrogate raised UnicodeEncodeError in the authorizer."""
    with pytest.raises(NotAuthenticated):
        read_credentials(headers)


def _event(method, resource, path, headers, body, is_base64=False, authorizer=None):
    """A proxy event carrying `body` exactly as given (the fuzzer's findings are bodies API Gateway mangles)."""
    return api_event(
        method,
        resource.removeprefix(PREFIX),
        path.removeprefix(PREFIX),
        headers=headers,
        body=body,
        is_base64=is_base64,
        authorizer=authorizer,
        content_type=None,
    )


KEY_CONTEXT = {
    "principalId": "application:a",
    "organisation_id": "org-1",
    "mode": "test",
    "application_id": "a",
    "contact_id": "",
    "session_id": "",
}
NOT_UTF8 = base64.b64encode(b"\x80\xff{").decode()


# One test per finding, each case in a loop: a moto stack per case would cost a second of set-up each.
UNREADABLE_BODIES = [
    ("text/plain", '{"provider": "EMAIL"}', False, 415),  # not JSON's media type
    ("multipart/form-data", "x", True, 400),  # no boundary
    ("multipart/form-data; boundary=", "x", False, 400),  # an empty one
    ("multipart/form-data; boundary=b", "--b\r\nÿ\u0100\r\n", False, 400),  # not bytes
    ("application/json", NOT_UTF8, True, 400),  # not UTF-8
    ("", NOT_UTF8, True, 400),
]


@pytest.mark.filterwarnings("ignore:Received multipart/form-data without base64")
def test_a_body_powertools_cannot_read_answers_4xx_in_the_crm_format(stack):
    """Each answered 500: Powertools raised ValueError, UnicodeDecodeError or its own unsupported-media error."""
    for content_type, body, is_base64, status in UNREADABLE_BODIES:
        headers = {"Content-Type": content_type} if content_type else {}
        answer = stack.invoke(
            "AuthenticationFunction",
            _event(
                "POST",
                "/self-service/v1/contacts/authenticate",
                "/self-service/v1/contacts/authenticate",
                headers,
                body,
                is_base64,
                KEY_CONTEXT,
            ),
        )
        assert answer["statusCode"] == status, (content_type, answer)
        error = json.loads(answer["body"])
        assert set(error) == CRM_ERROR_KEYS and error["status"] == status


def test_an_approval_answer_whose_bytes_are_not_utf8_is_a_400(stack):
    answer = stack.invoke(
        "ApprovalRequestsFunction",
        _event(
            "POST",
            "/self-service/v1/approval_requests/{id}/actions",
            "/self-service/v1/approval_requests/a1/actions",
            {"Content-Type": "application/octet-stream"},
            NOT_UTF8,
            True,
        ),
    )
    assert answer["statusCode"] == 400, answer
    assert json.loads(answer["body"])["parameters"] == ["body"]


def test_a_gift_pass_amount_must_be_a_number(stack):
    """Python's JSON parser reads NaN and Infinity; the model took them, and they came back as null."""
    for amount in ("NaN", "Infinity", "-Infinity"):
        body = (
            '{"send_method": "EMAIL", "credentials": [{"name": "GIFT_PASS", "value": "g1", '
            '"gift_pass": {"last_spend_amount": %s}}]}' % amount
        )
        answer = stack.invoke(
            "AuthenticationFunction",
            _event(
                "POST",
                "/self-service/v1/contacts/otp",
                "/self-service/v1/contacts/otp",
                {"Content-Type": "application/json"},
                body,
                False,
                KEY_CONTEXT,
            ),
        )
        assert answer["statusCode"] == 400, answer
        assert json.loads(answer["body"])["parameters"] == ["credentials.0.gift_pass.last_spend_amount"]


def test_company_profile_numbers_dynamodb_cannot_store_are_a_400(stack):
    """1e300 is past what DynamoDB stores (below 1E126, 38 digits): the write failed and the update answered 500.
    The other two are bounded with it: a 40-digit count is no data either."""
    contact_id, session_id = registered(stack)
    for profile in ({"annual_turnover": 1e300}, {"number_of_employees": 10**40 + 1}, {"profile_year": 10**39}):
        status, body, _ = call(stack, "PUT", "", contact_id, session_id, {"company_profile": profile})
        assert status == 400 and body["parameters"] == [f"company_profile.{next(iter(profile))}"], body
    assert call(stack, "PUT", "", contact_id, session_id, {"company_profile": {"annual_turnover": 1e12}})[0] == 200

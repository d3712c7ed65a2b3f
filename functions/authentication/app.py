"""Registration, sign-in and the token life cycle: register, authenticate, one-time codes, refresh,
password reset, sign-out and e-mail verification."""

from typing import Annotated, Any, Literal, Union

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from crm.context import RequestContext
from crm.emails import EMAIL_PATTERN
from crm.errors import InvalidInput
from crm.http import answers, link_base, make_resolver
from crm.passwords import MAX_LENGTH, MIN_LENGTH
from crm.services import credentials as credential_rules
from crm.services import idempotency, pages, sessions
from crm.services import identity as identities
from crm.services.devices import authenticate_with_mac_address
from crm.services.social import authenticate_with_provider, register_with_provider

logger = Logger()
app = make_resolver()

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_PATTERN)]
Password = Annotated[str, StringConstraints(min_length=MIN_LENGTH, max_length=MAX_LENGTH)]
PhoneNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=4, max_length=20, pattern=r"^\+?[0-9 ()\-.]+$")
]
CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4, pattern=r"^(\+?[0-9]{1,3}|[A-Za-z]{3})$")
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
OpaqueToken = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=512)]


class Strict(BaseModel):
    # Unknown fields are refused, not silently dropped.
    model_config = ConfigDict(extra="forbid")


class CustomField(Strict):
    key: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    value: Annotated[str, StringConstraints(max_length=255)] | None = None


# ---------------------------------------------------------------- register: one identity model per provider


class EmailIdentity(Strict):
    provider: Literal["EMAIL"]
    username: Email
    password: Password | None = Field(default=None, description="Without it, a one-time code is e-mailed.")
    validation_required: bool = Field(
        default=False, description="With a password: e-mail a verification link first; no tokens until it is opened."
    )
    application_id: Annotated[str, StringConstraints(max_length=255)] | None = None


class PhoneIdentity(Strict):
    provider: Literal["PHONE"]
    phone_number: PhoneNumber
    country_code: CountryCode | None = Field(
        default=None, description="ISO 3166 alpha-3 (CYP) or calling code (357); not needed for +<number>."
    )
    application_id: Annotated[str, StringConstraints(max_length=255)] | None = None
    token: Annotated[str, StringConstraints(max_length=2048)] | None = Field(
        default=None, description="Accepted as the seed's landing-page example sends it; PHONE does not use it."
    )


SocialProvider = Literal["FACEBOOK", "GOOGLE", "APPLE", "MW4"]
ProviderToken = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8192)]


class SocialRegisterIdentity(Strict):
    """Registration with a token from a social identity provider (part B of issue 3)."""

    provider: SocialProvider
    token: ProviderToken = Field(
        description="GOOGLE/APPLE: the ID token; FACEBOOK: the user access token; MW4: the MW4 access token."
    )
    application_id: str | None = None


RegisterIdentity = Annotated[
    Union[EmailIdentity, PhoneIdentity, SocialRegisterIdentity], Field(discriminator="provider")
]


class RegisterRequest(Strict):
    first_name: Name | None = None
    last_name: Name | None = None
    identity: RegisterIdentity
    service_acceptance: bool | None = None
    email_opt_out: bool = False
    sms_opt_out: bool = False
    consent_state: Literal["PENDING", "ACCEPTED", "REJECTED"] | None = None
    referral_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = None
    country_agreement: bool | None = None
    custom_fields: list[CustomField] = Field(default_factory=list, max_length=50)
    pass_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = Field(
        default=None, description="Redeemed once; an invalid or used code stops the registration."
    )


# ---------------------------------------------------------------- authenticate: one model per provider


class EmailAuthenticate(Strict):
    provider: Literal["EMAIL"]
    username: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=MAX_LENGTH)] | None = Field(
        default=None, description="Without it, a one-time code is e-mailed."
    )
    application_id: str | None = None


class PhoneAuthenticate(Strict):
    provider: Literal["PHONE"]
    phone_number: PhoneNumber
    country_code: CountryCode | None = None
    application_id: str | None = None


class SocialAuthenticateRequest(Strict):
    """Sign-in with a token from a social identity provider (part B of issue 3)."""

    provider: SocialProvider
    token: ProviderToken
    application_id: str | None = None


class MacAddressAuthenticateRequest(Strict):
    """Sign-in with a device that wifi authorization registered to the contact (part B of issue 3)."""

    provider: Literal["MAC_ADDRESS"]
    mac_address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=12, max_length=17)]
    application_id: str | None = None


# The body of /contacts/authenticate: one model per provider, chosen by `provider`.
AuthenticateRequest = Annotated[
    Union[EmailAuthenticate, PhoneAuthenticate, SocialAuthenticateRequest, MacAddressAuthenticateRequest],
    Field(discriminator="provider"),
]


# ---------------------------------------------------------------- one-time codes

CredentialName = Literal[
    "EMAIL", "PHONE", "ID_NUMBER", "PASSPORT", "BIRTHDATE", "CARD", "LOYALTY_IDENTIFIER", "STATUTORY_ID", "GIFT_PASS"
]


class GiftPass(Strict):
    """What proves a GIFT_PASS: its pin and the e-mail address or phone number it is bound to."""

    email_address: Email | None = None
    phone_number: PhoneNumber | None = None
    country_code: CountryCode | None = None
    pin: Annotated[str, StringConstraints(max_length=32)] | None = None
    last_spend_amount: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = Field(
        default=None, description="When given, it must equal the amount last spent with the pass."
    )


CREDENTIAL_VALUES = (
    "EMAIL, PHONE (with country_code for a national number), ID_NUMBER, PASSPORT, STATUTORY_ID, "
    "CARD, LOYALTY_IDENTIFIER, GIFT_PASS (with gift_pass): the value; BIRTHDATE: YYYY-MM-DD, "
    "which only narrows the other credentials. Letters and digits compare, case-insensitively."
)


class Credential(Strict):
    name: CredentialName
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)] = Field(
        description=CREDENTIAL_VALUES
    )
    country_code: CountryCode | None = Field(default=None, description="For a national PHONE number.")
    gift_pass: GiftPass | None = None


class OtpRequest(Strict):
    send_method: Literal["SMS", "EMAIL"]
    credentials: list[Credential] = Field(min_length=1, max_length=10)


class ValidateRequest(Strict):
    credentials: list[Credential] = Field(min_length=1, max_length=10)
    send_method: Literal["SMS", "EMAIL"] | None = Field(
        default=None, description="As the vendor's v1 app sends it: also send a one-time code (as /contacts/otp)."
    )


class OtpCredential(Strict):
    name: Literal["AUTH_OTP", "EMAIL", "PHONE", "ID_NUMBER", "PASSPORT", "BIRTHDATE", "CARD", "LOYALTY_IDENTIFIER"]
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    country_code: CountryCode | None = None


class ValidateOtpRequest(Strict):
    """Either the seed's `{credentials, code}` or the v1 app's `{auth_otp, code, remember_me}`."""

    credentials: list[OtpCredential] | None = Field(default=None, min_length=1, max_length=10)
    auth_otp: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = None
    code: Code
    remember_me: bool | None = None

    @model_validator(mode="after")
    def _one_shape(self):
        if not self.credentials and not self.auth_otp:
            raise ValueError("give credentials or auth_otp")
        return self


class RefreshRequest(Strict):
    refresh_token: OpaqueToken | None = None


class ForgotPasswordRequest(Strict):
    username: Email


class ChangePasswordRequest(Strict):
    token: OpaqueToken
    password: Password


# ---------------------------------------------------------------- answers


class AuthContact(BaseModel):
    id: str
    title: str | None
    first_name: str | None
    last_name: str | None
    company_name: str | None
    avatar: str | None
    is_verified: bool


class AuthOrganisation(BaseModel):
    external_id: str
    org_type: str
    org_relationship: str
    name: str


class TokensAnswer(BaseModel):
    access_token: str
    refresh_token: str
    exp: int = Field(description="Expiry of the access token, epoch seconds.")
    contact: AuthContact
    organisations: list[AuthOrganisation]


class OtpAnswer(BaseModel):
    obfuscated_value: str = Field(description="Where the code went, partly hidden.")
    auth_otp: str = Field(description="The id of the code, for /contacts/validate-otp.")


class VerificationAnswer(BaseModel):
    obfuscated_value: str = Field(description="Where the verification link went, partly hidden.")


# ---------------------------------------------------------------- examples, from the seed (its string "true"s and
# epoch strings typed, its 5-character password made long enough)

SEED_TOKENS = {
    "access_token": "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJhMjc4ZDNlNS05YjhlLTQzNmUtOTIzMC03MGYzZTJkZjFjYTUiLCJleHAiOjE1Njg1"
    "NTQxMjJ9.LemqPPThkqfakkKS6CdkNvV1Lnc88CWirEpHOPnWjJPQz02zgkKSwfbvrEsl3OmR2LUhDILsOXf4x-GPFmNJCg",
    "refresh_token": "c2Vzc2lvbi0xMjM.9f2c1a7e5b",
    "exp": 1572530655,
    "contact": {
        "id": "2f2f9afe-4399-59b7-cbb8-da18c2255064",
        "title": "Mr",
        "first_name": "John",
        "last_name": "Doe",
        "company_name": None,
        "avatar": "avatar",
        "is_verified": False,
    },
    "organisations": [
        {
            "external_id": "QWERTY12345671234567324ETFTGBY78",
            "org_type": "SERVICE_OWNER",
            "org_relationship": "MERCHANT",
            "name": "CRMdotCOM",
        }
    ],
}
SEED_OTP = {"obfuscated_value": "+35799***834", "auth_otp": "731e4023-4c04-4278-8eb5-240651317e46"}
SIGN_IN_ANSWERS = {"tokens": SEED_TOKENS, "one-time code sent": SEED_OTP}
REGISTER_EXAMPLES = {
    "EMAIL with password": {
        "value": {
            "first_name": "John",
            "last_name": "Doe",
            "identity": {
                "provider": "EMAIL",
                "username": "johndoe@crm.com",
                "password": "password1234",
                "validation_required": False,
            },
            "service_acceptance": True,
            "email_opt_out": True,
            "sms_opt_out": True,
        }
    },
    "PHONE (a one-time code is sent)": {
        "value": {
            "first_name": "John",
            "last_name": "Doe",
            "identity": {"provider": "PHONE", "phone_number": "22265577", "country_code": "CYP"},
            "service_acceptance": True,
            "email_opt_out": True,
            "sms_opt_out": True,
        }
    },
    "with a pass code from a landing page": {
        "value": {
            "first_name": "John",
            "last_name": "Doe",
            "identity": {
                "provider": "PHONE",
                "phone_number": "2265577",
                "country_code": "CYP",
                "application_id": "3c33dcc6-3958-4e7d-ae0e-592948627711",
                "token": "YOJDAKEb9l1U0sUzrskM6X4emzrSeXqb",
            },
            "pass_code": "HHNSU32LNK",
        }
    },
}
AUTHENTICATE_EXAMPLES = {
    "EMAIL and password": {"value": {"provider": "EMAIL", "username": "johndoe@crm.com", "password": "password1234"}},
    "MAC_ADDRESS": {"value": {"provider": "MAC_ADDRESS", "mac_address": "01-23-45-67-89-AB"}},
    "MW4": {"value": {"provider": "MW4", "token": "234er43ergt34eett34"}},
    "PHONE (a one-time code is sent)": {
        "value": {"provider": "PHONE", "phone_number": "22265566", "country_code": "CYP"}
    },
}


def _ctx() -> RequestContext:
    return RequestContext.from_event(app.current_event.raw_event)


def _credentials(items) -> list[credential_rules.Credential]:
    return [
        credential_rules.Credential(
            name=c.name,
            value=c.value,
            country_code=getattr(c, "country_code", None),
            gift_pass=credential_rules.GiftPassProof(**c.gift_pass.model_dump())
            if getattr(c, "gift_pass", None)
            else None,
        )
        for c in items
    ]


def _link_base() -> str:
    return link_base(app.current_event)


def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    if "access_token" in answer:
        return TokensAnswer.model_validate(answer).model_dump()
    if "auth_otp" in answer:
        return OtpAnswer.model_validate(answer).model_dump()
    return VerificationAnswer.model_validate(answer).model_dump()


@app.post(
    "/contacts/register",
    summary="Register a contact",
    tags=["Authentication"],
    responses=answers(
        Union[TokensAnswer, OtpAnswer, VerificationAnswer],
        description="Tokens (EMAIL with a password), where a one-time code went (EMAIL without "
        "a password, PHONE), or where the verification link went "
        "(validation_required).",
        examples=SIGN_IN_ANSWERS,
        errors={
            409: "A contact with this identity exists, or the Idempotency-Key was used "
            "for another request (or is still in progress), or it repeats a "
            "registration that answered tokens: a replay never starts a session, "
            "sign in instead.",
            502: "The one-time code or the verification link could not be sent, or the "
            "identity provider did not answer.",
        },
    ),
)
def register(
    body: Annotated[RegisterRequest, Body(openapi_examples=REGISTER_EXAMPLES)],
) -> Union[TokensAnswer, OtpAnswer, VerificationAnswer]:
    profile = body.model_dump(exclude={"identity", "pass_code"}, exclude_none=True)
    identity = body.identity
    ctx, link_base = _ctx(), _link_base()
    if isinstance(identity, SocialRegisterIdentity):

        def compute() -> dict[str, Any]:
            return register_with_provider(
                ctx, provider=identity.provider, token=identity.token, profile=profile, pass_code=body.pass_code
            )
    else:
        request = identities.Registration(provider=identity.provider, profile=profile, pass_code=body.pass_code)
        if isinstance(identity, EmailIdentity):
            request.email, request.password = identity.username, identity.password
            request.validation_required = identity.validation_required
        elif isinstance(identity, PhoneIdentity):
            request.phone_number, request.country_code = identity.phone_number, identity.country_code

        def compute() -> dict[str, Any]:
            return identities.register(ctx, request, link_base=link_base)

    key = app.current_event.headers.get("Idempotency-Key")
    if key is None:
        return _answer(compute())
    return _answer(
        idempotency.run_once(
            ctx,
            key,
            app.current_event.json_body,
            "register",
            compute,
            replay=lambda stored: identities.replay_registration(ctx, stored),
            storable=lambda answer: identities.storable_registration(answer, identity.provider),
            lambda_context=app.lambda_context,
        )
    )


@app.post(
    "/contacts/authenticate",
    summary="Sign a contact in",
    tags=["Authentication"],
    responses=answers(
        Union[TokensAnswer, OtpAnswer],
        examples=SIGN_IN_ANSWERS,
        description="Tokens, or where a one-time code went (EMAIL without a password, PHONE).",
        errors={
            401: "Wrong username or password, or an unknown device or account.",
            403: "The e-mail address is not verified yet.",
            404: "No contact has this social account.",
            429: "Too many failed attempts or codes: see Retry-After.",
            502: "The one-time code could not be sent, or the identity provider did not answer.",
        },
    ),
)
def authenticate(
    body: Annotated[AuthenticateRequest, Body(openapi_examples=AUTHENTICATE_EXAMPLES)],
) -> Union[TokensAnswer, OtpAnswer]:
    if isinstance(body, SocialAuthenticateRequest):
        return _answer(authenticate_with_provider(_ctx(), provider=body.provider, token=body.token))
    if isinstance(body, MacAddressAuthenticateRequest):
        return _answer(authenticate_with_mac_address(_ctx(), mac_address=body.mac_address))
    if isinstance(body, EmailAuthenticate):
        if body.password is not None:
            answer = identities.authenticate_with_email_password(_ctx(), email=body.username, password=body.password)
        else:
            answer = identities.authenticate_with_otp(_ctx(), email=body.username)
    elif isinstance(body, PhoneAuthenticate):
        answer = identities.authenticate_with_otp(
            _ctx(), phone_number=body.phone_number, country_code=body.country_code
        )
    return _answer(answer)


@app.post(
    "/contacts/otp",
    summary="Send a one-time code to the contact the credentials identify",
    tags=["Authentication"],
    responses=answers(
        OtpAnswer,
        examples={"sent": SEED_OTP},
        errors={
            400: "The credentials identify more than one contact, or disagree.",
            404: "The credentials identify no contact.",
            409: "Another code was requested at the same moment.",
            429: "Too many codes requested, or too many failed look-ups with these "
            "credentials or from this address: see Retry-After.",
            502: "The code could not be sent.",
        },
    ),
)
def request_otp(body: OtpRequest) -> OtpAnswer:
    return _answer(
        credential_rules.request_otp(_ctx(), send_method=body.send_method, credentials=_credentials(body.credentials))
    )


@app.post(
    "/contacts/validate",
    summary="Check that credentials identify exactly one contact",
    tags=["Authentication"],
    responses=answers(
        Union[OtpAnswer, dict],
        description="{} (or, with send_method, where the code went).",
        errors={
            400: "The credentials identify more than one contact, or disagree.",
            404: "The credentials identify no contact.",
            409: "Another code was requested at the same moment.",
            429: "Too many codes requested, or too many failed look-ups with these "
            "credentials or from this address: see Retry-After.",
            502: "The code could not be sent.",
        },
    ),
)
def validate(body: ValidateRequest) -> Union[OtpAnswer, dict]:
    if body.send_method:
        return _answer(
            credential_rules.request_otp(
                _ctx(), send_method=body.send_method, credentials=_credentials(body.credentials)
            )
        )
    credential_rules.contact_by_credentials(_ctx(), _credentials(body.credentials))
    return {}


@app.post(
    "/contacts/validate-otp",
    summary="Sign in with a one-time code",
    tags=["Authentication"],
    responses=answers(
        TokensAnswer,
        examples={"tokens": SEED_TOKENS},
        errors={
            401: "The code is wrong, used, expired or superseded.",
            404: "The credentials (other than auth_otp) identify no contact.",
            429: "Too many wrong codes, or failed look-ups: see Retry-After.",
        },
    ),
)
def validate_otp(body: ValidateOtpRequest) -> TokensAnswer:
    auth_otp = body.auth_otp
    others = []
    for credential in body.credentials or []:
        if credential.name == "AUTH_OTP":
            if auth_otp and auth_otp != credential.value:
                raise InvalidInput("Two different auth_otp values.", ["credentials"])
            auth_otp = credential.value
        else:
            others.append(credential)
    ctx = _ctx()
    if auth_otp is None:
        auth_otp = credential_rules.latest_code_of(ctx, _credentials(others))
    return _answer(identities.sign_in_with_code(ctx, code=body.code, auth_otp=auth_otp))


@app.post(
    "/contacts/refresh",
    summary="New tokens for a refresh token (which is rotated)",
    tags=["Authentication"],
    responses=answers(
        TokensAnswer,
        examples={"tokens": SEED_TOKENS},
        errors={
            401: "The refresh token is unknown, expired, reused or its session ended.",
            409: "The same refresh token is being used at the same moment.",
        },
    ),
)
def refresh(body: Annotated[RefreshRequest | None, Body()] = None) -> TokensAnswer:
    # The vendor's v1 app sends it as a `refresh_token` header instead.
    header = app.current_event.headers.get("refresh_token") or ""
    token = (body.refresh_token if body else None) or header.strip()
    if len(token) > 512:
        raise InvalidInput("refresh_token is too long.", ["refresh_token"])
    if not token:
        raise InvalidInput("refresh_token is required (in the body or as a refresh_token header).", ["refresh_token"])
    return _answer(sessions.refresh(_ctx(), token))


@app.post("/contacts/forgot_password", summary="E-mail a password reset token", tags=["Authentication"])
def forgot_password(body: ForgotPasswordRequest) -> dict:
    # Queued for PasswordResetWorkerFunction: known and unknown usernames cost this request the same.
    identities.request_password_reset(_ctx(), username=body.username, link_base=_link_base())
    return {}


@app.post(
    "/contacts/change_password",
    summary="Set a new password with a reset token",
    tags=["Authentication"],
    responses=answers(dict, errors={400: "The token is invalid, used or expired, or the password too weak."}),
)
def change_password(body: ChangePasswordRequest) -> dict:
    identities.change_password(token=body.token, password=body.password)
    return {}


@app.post(
    "/contacts/<id>/sign_out", summary="End the caller's session", tags=["Authentication"], responses=answers(dict)
)
def sign_out(id: str) -> dict:
    ctx = _ctx()
    ctx.require_own_contact(id)
    sessions.sign_out(ctx)
    return {}


HTML_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}


def _page(status: int, body: str) -> Response[str]:
    """A landing page of crm/services/pages.py (branded, in the contact's language)."""
    return Response(status_code=status, content_type=content_types.TEXT_HTML, body=body, headers=pages.PAGE_HEADERS)


@app.get(
    "/contacts/verify_email/<token>",
    summary="Open an e-mail link (verification or a new address)",
    tags=["Authentication"],
    description="Shows a page whose Confirm button POSTs to the same address: opening the link (as a mail "
    "scanner does) changes nothing.",
    responses={
        200: {"description": "An HTML page with the Confirm button.", **HTML_PAGE},
        400: {"description": "An HTML page: the link is invalid, used or expired.", **HTML_PAGE},
    },
)
def open_email_link(token: str) -> Response[str]:
    return _page(*pages.open_email_link_page(token))


@app.post(
    "/contacts/verify_email/<token>",
    summary="Confirm an e-mail link (the page's button)",
    tags=["Authentication"],
    description="Verifies the address of a registration, or moves the sign-in to a new address asked for "
    "by PUT /contacts/{id} (and ends the contact's sessions). The token is single-use.",
    responses={
        200: {"description": "An HTML page: the address is verified or now signs in.", **HTML_PAGE},
        400: {"description": "An HTML page: the link is invalid, used or expired.", **HTML_PAGE},
        409: {"description": "An HTML page: another contact took the address meanwhile.", **HTML_PAGE},
    },
)
def confirm_email_link(token: str) -> Response[str]:
    return _page(*pages.confirm_email_link_page(token))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)

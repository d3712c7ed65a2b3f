"""The request and answer models of registration, sign-in and the token life cycle, with the seed's examples
and each route's documented answers."""

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, StringConstraints, model_validator

from crm.errors import InvalidInput
from crm.http import answers
from crm.passwords import MAX_LENGTH, MIN_LENGTH
from crm.schemas import Country, Email, Name, Strict
from crm.services import credentials as credential_rules
from crm.services import identity as identities

Password = Annotated[str, StringConstraints(min_length=MIN_LENGTH, max_length=MAX_LENGTH)]
PhoneNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=4, max_length=20, pattern=r"^\+?[0-9 ()\-.]+$")
]
CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4, pattern=r"^(\+?[0-9]{1,3}|[A-Za-z]{3})$")
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
OpaqueToken = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=512)]


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


NAMED_PROVIDERS = ("EMAIL", "PHONE")  # the seed: first and last name "required for EMAIL and PHONE providers"


class RegisterRequest(Strict):
    first_name: Name | None = Field(
        default=None, description="Required for EMAIL and PHONE; a social provider's token may give it."
    )
    last_name: Name | None = Field(
        default=None, description="Required for EMAIL and PHONE; a social provider's token may give it."
    )
    identity: RegisterIdentity
    service_acceptance: bool | None = None
    email_opt_out: bool = False
    sms_opt_out: bool = False
    consent_state: Literal["PENDING", "ACCEPTED", "REJECTED"] | None = None
    referral_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = None
    country_agreement: Country | None = Field(
        default=None, description="ISO 3166 alpha-3 (CYP): the country the contact agreed to register to."
    )
    custom_fields: list[CustomField] = Field(default_factory=list, max_length=50)
    pass_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] | None = Field(
        default=None, description="Redeemed once; an invalid or used code stops the registration."
    )

    def require_names(self) -> None:
        """400 naming first_name and/or last_name when an EMAIL or PHONE registration lacks them (a social one
        takes them from the provider's token when it has them)."""
        if self.identity.provider not in NAMED_PROVIDERS:
            return
        missing = [name for name in ("first_name", "last_name") if not getattr(self, name)]
        if missing:
            raise InvalidInput(
                "Invalid request: "
                + "; ".join(f"{name}: is required for EMAIL and PHONE registration" for name in missing),
                missing,
            )

    def profile(self) -> dict[str, Any]:
        return self.model_dump(exclude={"identity", "pass_code"}, exclude_none=True)

    def registration(self) -> identities.Registration:
        """The EMAIL or PHONE registration the identity service runs (a social one goes to the social service)."""
        identity = self.identity
        request = identities.Registration(provider=identity.provider, profile=self.profile(), pass_code=self.pass_code)
        if isinstance(identity, EmailIdentity):
            request.email, request.password = identity.username, identity.password
            request.validation_required = identity.validation_required
        elif isinstance(identity, PhoneIdentity):
            request.phone_number, request.country_code = identity.phone_number, identity.country_code
        return request


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
    def _one_shape(self) -> "ValidateOtpRequest":
        if not self.credentials and not self.auth_otp:
            raise ValueError("give credentials or auth_otp")
        return self

    def split(self) -> tuple[str | None, list[OtpCredential]]:
        """The auth_otp (given alone or as an AUTH_OTP credential) and the other credentials."""
        auth_otp, others = self.auth_otp, []
        for credential in self.credentials or []:
            if credential.name == "AUTH_OTP":
                if auth_otp and auth_otp != credential.value:
                    raise InvalidInput("Two different auth_otp values.", ["credentials"])
                auth_otp = credential.value
            else:
                others.append(credential)
        return auth_otp, others


class RefreshRequest(Strict):
    refresh_token: OpaqueToken | None = None


def refresh_token(body: RefreshRequest | None, header: str) -> str:
    """The body's refresh_token, or the `refresh_token` header the vendor's v1 app sends instead."""
    token = (body.refresh_token if body else None) or header.strip()
    if len(token) > 512:
        raise InvalidInput("refresh_token is too long.", ["refresh_token"])
    if not token:
        raise InvalidInput("refresh_token is required (in the body or as a refresh_token header).", ["refresh_token"])
    return token


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
    org_relationship: Literal["SELF", "SUBSIDIARY", "MERCHANT", "PARENT"] = Field(
        description="Its relationship to the application's organisation, from the organisation network: MERCHANT "
        "or SUBSIDIARY for a member of a network, SELF for the top of one."
    )
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


SignInAnswer = Union[TokensAnswer, OtpAnswer, VerificationAnswer]


def sign_in_answer(answer: dict[str, Any]) -> dict[str, Any]:
    """A service's answer as the documented model it is: tokens, where a code went, or where a link went."""
    if "access_token" in answer:
        return TokensAnswer.model_validate(answer).model_dump()
    if "auth_otp" in answer:
        return OtpAnswer.model_validate(answer).model_dump()
    return VerificationAnswer.model_validate(answer).model_dump()


def service_credentials(items: list[Credential] | list[OtpCredential]) -> list[credential_rules.Credential]:
    """The credentials as the credentials service takes them (a GIFT_PASS with its proof)."""

    def proof(c: Credential | OtpCredential) -> credential_rules.GiftPassProof | None:
        gift_pass = getattr(c, "gift_pass", None)
        return credential_rules.GiftPassProof(**gift_pass.model_dump()) if gift_pass else None

    return [
        credential_rules.Credential(name=c.name, value=c.value, country_code=c.country_code, gift_pass=proof(c))
        for c in items
    ]


# ---------------------------------------------------------------- each route's documented answers

CODE_SENT_ERRORS = {
    400: "The credentials identify more than one contact, or disagree.",
    404: "The credentials identify no contact.",
    409: "Another code was requested at the same moment.",
    429: "Too many codes requested, or too many failed look-ups with these "
    "credentials or from this address: see Retry-After.",
    502: "The code could not be sent.",
}
ANSWERS = {
    "register": answers(
        SignInAnswer,
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
    "authenticate": answers(
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
    "otp": answers(OtpAnswer, examples={"sent": SEED_OTP}, errors=CODE_SENT_ERRORS),
    "validate": answers(
        Union[OtpAnswer, dict],
        description="{} (or, with send_method, where the code went).",
        errors=CODE_SENT_ERRORS,
    ),
    "validate-otp": answers(
        TokensAnswer,
        examples={"tokens": SEED_TOKENS},
        errors={
            401: "The code is wrong, used, expired or superseded.",
            404: "The credentials (other than auth_otp) identify no contact.",
            429: "Too many wrong codes, or failed look-ups: see Retry-After.",
        },
    ),
    "refresh": answers(
        TokensAnswer,
        examples={"tokens": SEED_TOKENS},
        errors={
            401: "The refresh token is unknown, expired, reused or its session ended.",
            409: "The same refresh token is being used at the same moment.",
        },
    ),
    "change_password": answers(dict, errors={400: "The token is invalid, used or expired, or the password too weak."}),
}

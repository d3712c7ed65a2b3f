"""Registration, sign-in and the token life cycle (POST /contacts/register, /contacts/authenticate)."""


from typing import Annotated, Any, Literal, Union

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from crm.context import RequestContext
from crm.http import make_resolver
from crm.passwords import MAX_LENGTH, MIN_LENGTH
from crm.services.devices import authenticate_with_mac_address
from crm.services.identity import authenticate_with_email_password, register_with_email_password
from crm.services.social import authenticate_with_provider, register_with_provider

logger = Logger()
tracer = Tracer()
app = make_resolver()

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Password = Annotated[str, StringConstraints(min_length=MIN_LENGTH, max_length=MAX_LENGTH)]


class Strict(BaseModel):
    # Unknown fields are refused, not silently dropped.
    model_config = ConfigDict(extra="forbid")


class CustomField(Strict):
    key: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    value: Annotated[str, StringConstraints(max_length=255)] | None = None


class EmailPasswordIdentity(Strict):
    provider: Literal["EMAIL"]
    username: Email
    password: Password
    validation_required: Literal[False] = Field(
        default=False, description="E-mail verification before sign-in is not offered yet.")


SocialProvider = Literal["FACEBOOK", "GOOGLE", "APPLE", "MW4"]
ProviderToken = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8192)]


class SocialRegisterIdentity(Strict):
    """Registration with a token from a social identity provider (part B of issue 3)."""
    provider: SocialProvider
    token: ProviderToken = Field(description="GOOGLE/APPLE: the ID token; FACEBOOK: the user access token; "
                                             "MW4: the MW4 access token.")
    application_id: str | None = None


RegisterIdentity = Annotated[Union[EmailPasswordIdentity, SocialRegisterIdentity], Field(discriminator="provider")]


class RegisterRequest(Strict):
    first_name: Name | None = None
    last_name: Name | None = None
    identity: RegisterIdentity
    service_acceptance: bool | None = None
    email_opt_out: bool = False
    sms_opt_out: bool = False
    consent_state: Literal["PENDING", "ACCEPTED", "REJECTED"] | None = None
    country_agreement: bool | None = None
    custom_fields: list[CustomField] = Field(default_factory=list, max_length=50)


class AuthenticateRequest(Strict):
    provider: Literal["EMAIL"]
    username: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=MAX_LENGTH)]
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
AuthenticateBody = Annotated[Union[AuthenticateRequest, SocialAuthenticateRequest, MacAddressAuthenticateRequest],
                             Body(discriminator="provider")]


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


def _ctx() -> RequestContext:
    return RequestContext.from_event(app.current_event.raw_event)


@app.post("/contacts/register", summary="Register a contact", tags=["Authentication"])
def register(body: RegisterRequest) -> TokensAnswer:
    profile = body.model_dump(exclude={"identity"}, exclude_none=True)
    if isinstance(body.identity, SocialRegisterIdentity):
        return TokensAnswer.model_validate(register_with_provider(
            _ctx(), provider=body.identity.provider, token=body.identity.token, profile=profile))
    answer: dict[str, Any] = register_with_email_password(
        _ctx(), email=body.identity.username, password=body.identity.password, profile=profile)
    return TokensAnswer.model_validate(answer)


@app.post("/contacts/authenticate", summary="Sign a contact in", tags=["Authentication"])
def authenticate(body: AuthenticateBody) -> TokensAnswer:
    if isinstance(body, SocialAuthenticateRequest):
        return TokensAnswer.model_validate(authenticate_with_provider(_ctx(), provider=body.provider,
                                                                      token=body.token))
    if isinstance(body, MacAddressAuthenticateRequest):
        return TokensAnswer.model_validate(authenticate_with_mac_address(_ctx(), mac_address=body.mac_address))
    answer = authenticate_with_email_password(_ctx(), email=body.username, password=body.password)
    return TokensAnswer.model_validate(answer)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)

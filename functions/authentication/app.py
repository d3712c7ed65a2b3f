"""Registration, sign-in and the token life cycle: register, authenticate, one-time codes, refresh,
password reset, sign-out and e-mail verification."""

from typing import Annotated, Any, Union

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import (
    ANSWERS,
    AUTHENTICATE_EXAMPLES,
    REGISTER_EXAMPLES,
    AuthenticateRequest,
    ChangePasswordRequest,
    EmailAuthenticate,
    ForgotPasswordRequest,
    MacAddressAuthenticateRequest,
    OtpAnswer,
    OtpRequest,
    PhoneAuthenticate,
    RefreshRequest,
    RegisterRequest,
    SignInAnswer,
    SocialAuthenticateRequest,
    SocialRegisterIdentity,
    TokensAnswer,
    ValidateOtpRequest,
    ValidateRequest,
    refresh_token,
    service_credentials,
    sign_in_answer,
)
from pages import CONFIRM_LINK_ROUTE, OPEN_LINK_ROUTE, confirm_link_page, open_link_page

from crm.context import RequestContext
from crm.http import answers, link_base, make_resolver
from crm.services import credentials as credential_rules
from crm.services import idempotency, sessions
from crm.services import identity as identities
from crm.services.devices import authenticate_with_mac_address
from crm.services.social import authenticate_with_provider, register_with_provider

logger = Logger()
app = make_resolver()
TAGS = ["Authentication"]


def _ctx() -> RequestContext:
    return RequestContext.from_event(app.current_event.raw_event)


@app.post("/contacts/register", summary="Register a contact", tags=TAGS, responses=ANSWERS["register"])
def register(body: Annotated[RegisterRequest, Body(openapi_examples=REGISTER_EXAMPLES)]) -> SignInAnswer:
    body.require_names()
    identity, ctx, links = body.identity, _ctx(), link_base(app.current_event)

    def compute() -> dict[str, Any]:
        if isinstance(identity, SocialRegisterIdentity):
            token, pass_code = identity.token, body.pass_code
            return register_with_provider(
                ctx, provider=identity.provider, token=token, profile=body.profile(), pass_code=pass_code
            )
        return identities.register(ctx, body.registration(), link_base=links)

    key = app.current_event.headers.get("Idempotency-Key")
    if key is None:
        return sign_in_answer(compute())
    return sign_in_answer(
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


@app.post("/contacts/authenticate", summary="Sign a contact in", tags=TAGS, responses=ANSWERS["authenticate"])
def authenticate(
    body: Annotated[AuthenticateRequest, Body(openapi_examples=AUTHENTICATE_EXAMPLES)],
) -> Union[TokensAnswer, OtpAnswer]:
    if isinstance(body, SocialAuthenticateRequest):
        return sign_in_answer(authenticate_with_provider(_ctx(), provider=body.provider, token=body.token))
    if isinstance(body, MacAddressAuthenticateRequest):
        return sign_in_answer(authenticate_with_mac_address(_ctx(), mac_address=body.mac_address))
    if isinstance(body, EmailAuthenticate):
        if body.password is not None:
            answer = identities.authenticate_with_email_password(_ctx(), email=body.username, password=body.password)
        else:
            answer = identities.authenticate_with_otp(_ctx(), email=body.username)
    elif isinstance(body, PhoneAuthenticate):
        answer = identities.authenticate_with_otp(
            _ctx(), phone_number=body.phone_number, country_code=body.country_code
        )
    return sign_in_answer(answer)


@app.post(
    "/contacts/otp",
    summary="Send a one-time code to the contact the credentials identify",
    tags=TAGS,
    responses=ANSWERS["otp"],
)
def request_otp(body: OtpRequest) -> OtpAnswer:
    credentials = service_credentials(body.credentials)
    return sign_in_answer(credential_rules.request_otp(_ctx(), send_method=body.send_method, credentials=credentials))


@app.post(
    "/contacts/validate",
    summary="Check that credentials identify exactly one contact",
    tags=TAGS,
    responses=ANSWERS["validate"],
)
def validate(body: ValidateRequest) -> Union[OtpAnswer, dict]:
    credentials = service_credentials(body.credentials)
    if body.send_method:
        return sign_in_answer(
            credential_rules.request_otp(_ctx(), send_method=body.send_method, credentials=credentials)
        )
    credential_rules.contact_by_credentials(_ctx(), credentials)
    return {}


@app.post(
    "/contacts/validate-otp", summary="Sign in with a one-time code", tags=TAGS, responses=ANSWERS["validate-otp"]
)
def validate_otp(body: ValidateOtpRequest) -> TokensAnswer:
    auth_otp, others = body.split()
    ctx = _ctx()
    if auth_otp is None:
        auth_otp = credential_rules.latest_code_of(ctx, service_credentials(others))
    return sign_in_answer(identities.sign_in_with_code(ctx, code=body.code, auth_otp=auth_otp))


@app.post(
    "/contacts/refresh",
    summary="New tokens for a refresh token (which is rotated)",
    tags=TAGS,
    responses=ANSWERS["refresh"],
)
def refresh(body: Annotated[RefreshRequest | None, Body()] = None) -> TokensAnswer:
    token = refresh_token(body, app.current_event.headers.get("refresh_token") or "")
    return sign_in_answer(sessions.refresh(_ctx(), token))


@app.post("/contacts/forgot_password", summary="E-mail a password reset token", tags=TAGS)
def forgot_password(body: ForgotPasswordRequest) -> dict:
    # Queued for PasswordResetWorkerFunction: known and unknown usernames cost this request the same.
    identities.request_password_reset(_ctx(), username=body.username, link_base=link_base(app.current_event))
    return {}


@app.post(
    "/contacts/change_password",
    summary="Set a new password with a reset token",
    tags=TAGS,
    responses=ANSWERS["change_password"],
)
def change_password(body: ChangePasswordRequest) -> dict:
    identities.change_password(token=body.token, password=body.password)
    return {}


@app.post("/contacts/<id>/sign_out", summary="End the caller's session", tags=TAGS, responses=answers(dict))
def sign_out(id: str) -> dict:
    ctx = _ctx()
    ctx.require_own_contact(id)
    sessions.sign_out(ctx)
    return {}


@app.get("/contacts/verify_email/<token>", tags=TAGS, **OPEN_LINK_ROUTE)
def open_email_link(token: str) -> Response[str]:
    return open_link_page(token)


@app.post("/contacts/verify_email/<token>", tags=TAGS, **CONFIRM_LINK_ROUTE)
def confirm_email_link(token: str) -> Response[str]:
    return confirm_link_page(token)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)

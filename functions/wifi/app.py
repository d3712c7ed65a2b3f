"""WiFi authorization of a contact's device (POST /contacts/{id}/wifi/authorization)."""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import WifiAuthorizationRequest

from crm.context import RequestContext
from crm.http import answers, make_resolver
from crm.services.devices import authorize_wifi

logger = Logger()
app = make_resolver()


@app.post(
    "/contacts/<id>/wifi/authorization",
    summary="Authorize a contact's device on a WiFi platform",
    tags=["Authentication"],
    description="Binding a device to a contact must prove the contact: the request carries both the "
    "application's api_key and the access token of the contact the path names (as the WiFi "
    "portal has it after the contact signs in), of the key's organisation and mode. The "
    "publishable key alone answers 401: it ships inside every app, and a MAC_ADDRESS sign-in "
    "on a bound device opens the contact. This goes beyond the vendor's example, which sends "
    "the key alone. A WiFi platform's server may instead send the organisation's WiFi "
    "integration secret (X-Integration-Secret, made by the operator per organisation and "
    "mode) beside the api_key; then the path's contact of the key's tenant is bound. A wrong "
    "secret, or another organisation's or mode's, answers 401. A device session (a "
    "MAC_ADDRESS sign-in) may not bind devices: 403.",
    responses=answers(
        dict,
        description="Authorized; the WiFi platform is told through the event bus.",
        errors={
            400: "Invalid input, or another device of the contact is signed in (ClientAlreadyAuthorizedException).",
            403: "A device session's token: devices bind no devices.",
            409: "The device is authorized for another contact.",
            502: "The WiFi platform could not be told.",
        },
    ),
)
def wifi_authorization(id: str, body: WifiAuthorizationRequest) -> dict[str, Any]:  # noqa: A002 - the path's name
    authorize_wifi(
        RequestContext.from_event(app.current_event.raw_event),
        id,
        integration_id=body.integration_id,
        mac_address=body.mac_address,
        estimation_id=body.estimation_id,
        site_id=body.site_id,
    )
    return {}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)

"""A contact's own profile: read, update, consents, demographics, preferences and unregister
(GET, PUT and DELETE /contacts/{id}, PUT /contacts/{id}/consents, GET /contacts/{id}/demographics,
GET and PUT /contacts/{id}/preferences)."""

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from models import (
    CONTACT_EXAMPLE,
    STALE,
    UPDATE_EXAMPLE,
    ConsentUpdate,
    ContactUpdate,
    PreferencesAnswer,
    PreferenceUpdate,
    with_etag_header,
)

from crm.context import RequestContext
from crm.http import answers, link_base, make_resolver
from crm.schemas import ContactAnswer, IdAnswer
from crm.services.contacts import (
    get_own_demographics,
    get_own_preferences,
    read_own_contact,
    set_own_consent,
    set_own_preference,
    unregister_own_contact,
    update_own_contact,
)
from crm.versions import Versioned

logger = Logger()
app = make_resolver()


def _ctx() -> RequestContext:
    return RequestContext.from_event(app.current_event.raw_event)


def _if_match() -> str | None:
    return app.current_event.headers.get("If-Match")  # headers are case-insensitive here


def _with_etag(answer: Versioned) -> Response[Any]:
    return Response(
        status_code=200, content_type=content_types.APPLICATION_JSON, body=answer.body, headers={"ETag": answer.etag}
    )


@app.get(
    "/contacts/<id>",
    summary="Get the caller's contact",
    tags=["Contacts"],
    description="Answers an ETag: send it back as If-Match on a write to make sure nothing changed between.",
    responses=with_etag_header(answers(ContactAnswer, examples={"contact": CONTACT_EXAMPLE})),
)
def get_contact(id: str) -> Response[dict[str, Any]]:  # noqa: A002 - the path parameter is called id
    return _with_etag(read_own_contact(_ctx(), id))


@app.put(
    "/contacts/<id>",
    summary="Update the caller's contact",
    tags=["Contacts"],
    description="A new email_address needs proof: current_password, or for a contact without a password an "
    "otp; 403 without it, and nothing of the request is written. With the proof, the address "
    "becomes pending_email_address: a confirmation link goes to it and a notice to the old "
    "address; only the confirmed link moves the sign-in, and ends the contact's sessions. "
    "409 when another contact uses "
    "the e-mail address, or when the contact changed since it was read (If-Match, or a "
    "concurrent update).",
    responses=with_etag_header(
        answers(
            IdAnswer,
            examples={"updated": {"id": "CAD1E31269B76D7A65ACCE45B2E68DFD"}},
            errors={
                403: "A new email_address without the current password (or a fresh one-time code).",
                409: "Another contact uses the e-mail address, or the contact "
                "changed since it was read (If-Match, or a concurrent "
                "update).",
            },
        )
    ),
)
def update_contact(
    id: str,
    body: Annotated[ContactUpdate, Body(openapi_examples={"seed": UPDATE_EXAMPLE})],  # noqa: A002
) -> Response[IdAnswer]:
    changes, current_password, otp = body.changes()
    return _with_etag(
        update_own_contact(
            _ctx(),
            id,
            changes,
            _if_match(),
            current_password=current_password,
            otp=otp,
            link_base=link_base(app.current_event),
        )
    )


@app.put(
    "/contacts/<id>/consents",
    summary="Update the caller's consent state",
    tags=["Contacts"],
    responses=with_etag_header(
        answers(IdAnswer, examples={"updated": {"id": "658AB90A6A77437091D158FD8E697B11"}}, errors=STALE)
    ),
)
def update_consents(id: str, body: ConsentUpdate) -> Response[IdAnswer]:  # noqa: A002
    return _with_etag(set_own_consent(_ctx(), id, body.consent_state, _if_match()))


@app.get(
    "/contacts/<id>/demographics",
    summary="Get the caller's demographics",
    tags=["Contacts"],
    responses=with_etag_header(
        answers(dict[str, Any], description="The demographics as PUT /contacts/{id} set them ({} when none).")
    ),
)
def get_demographics(id: str) -> Response[dict[str, Any]]:  # noqa: A002
    return _with_etag(get_own_demographics(_ctx(), id))


@app.get(
    "/contacts/<id>/preferences",
    summary="Get the caller's preferred organisations",
    tags=["Contacts"],
    responses=with_etag_header(answers(PreferencesAnswer)),
)
def get_preferences(id: str) -> Response[PreferencesAnswer]:  # noqa: A002
    return _with_etag(get_own_preferences(_ctx(), id))


@app.put(
    "/contacts/<id>/preferences",
    summary="Set the caller's preferred organisation of a type",
    tags=["Contacts"],
    responses=with_etag_header(answers(IdAnswer, errors=STALE)),
)
def update_preferences(id: str, body: PreferenceUpdate) -> Response[IdAnswer]:  # noqa: A002
    return _with_etag(set_own_preference(_ctx(), id, body.type, body.organisation_id, _if_match()))


@app.delete(
    "/contacts/<id>",
    summary="Unregister the caller from the organisation",
    tags=["Contacts"],
    description="Its sessions end at once, its identities can no longer sign in, and its e-mail address "
    "is free for a new registration.",
    responses=answers(IdAnswer, errors=STALE),
)
def unregister(id: str) -> IdAnswer:  # noqa: A002
    return IdAnswer.model_validate(unregister_own_contact(_ctx(), id, _if_match()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime(app)

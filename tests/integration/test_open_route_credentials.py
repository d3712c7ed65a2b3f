"""A route open at the gateway that checks a contact token in its function (POST /approval_requests/{id}/actions)
checks it exactly as the authorizer does: it once took a valid token beside an unknown or foreign api_key, which
the authorizer refuses (401) on every other route. Found by the authorization matrix (tests/e2e)."""

import pytest

from crm.context import RequestContext
from crm.services import tenancy
from crm.services.authorization import NotAuthenticated, contact_from_headers
from crm.services.identity import register_with_email_password
from tests.integration.test_authorizer import CONTACT_ROUTE, Answer

APPROVAL = ("POST", "/approval_requests/{id}/actions")


def test_a_bad_or_foreign_key_beside_a_valid_token_is_refused_as_by_the_authorizer(stack):
    organisation = tenancy.create_organisation("Open Route Org")
    ctx = RequestContext(organisation_id=organisation.organisation_id, mode="test")
    answer = register_with_email_password(
        ctx, email="ann@example.com", password="password1234", profile={"first_name": "Ann"}
    )
    contact_id, bearer = answer["contact"]["id"], {"Authorization": f"Bearer {answer['access_token']}"}

    assert contact_from_headers(bearer, *APPROVAL).contact_id == contact_id
    assert contact_from_headers({**bearer, "api_key": organisation.keys["test"]}, *APPROVAL).contact_id == contact_id
    other = tenancy.create_organisation("Other Org")
    for key in ("pk_test_" + "x" * 43, organisation.keys["live"], other.keys["test"]):
        with pytest.raises(NotAuthenticated):
            contact_from_headers({**bearer, "api_key": key}, *APPROVAL)
        assert Answer(stack, CONTACT_ROUTE, {**bearer, "api_key": key}).status == 401  # the authorizer agrees
    with pytest.raises(NotAuthenticated):
        contact_from_headers({"api_key": organisation.keys["test"]}, *APPROVAL)  # a key is no contact

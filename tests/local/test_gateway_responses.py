"""API Gateway's own answers, rendered from GatewayResponses."""

import json

from local.gateway_responses import LAMBDA_ERROR, GatewayResponses
from local.http_messages import HttpRequest

REQUEST = HttpRequest("GET", "/x", [("Origin", "https://app.example")])

CONFIGURED = {
    "UNAUTHORIZED": {
        "StatusCode": 401,
        "ResponseTemplates": {
            "application/json": '{"status": 401, "message": $context.error.messageString, "id": "$context.requestId"}'
        },
        "ResponseParameters": {
            "Headers": {"WWW-Authenticate": "'Bearer'", "Access-Control-Allow-Origin": "method.request.header.Origin"}
        },
    },
    "DEFAULT_4XX": {
        "ResponseTemplates": {"application/json": '{"status": 400, "message": $context.error.messageString}'}
    },
    "DEFAULT_5XX": {
        "StatusCode": 500,
        "ResponseTemplates": {"application/json": '{"status": 500, "message": $context.error.messageString}'},
    },
}


def test_the_message_is_json_quoted_into_the_template():
    response = GatewayResponses(CONFIGURED).render("UNAUTHORIZED", REQUEST, "req-1", 'a "quoted" \\ message')
    assert response.status == 401
    assert json.loads(response.body) == {"status": 401, "message": 'a "quoted" \\ message', "id": "req-1"}
    assert response.header("Content-Type") == "application/json"
    assert response.header("WWW-Authenticate") == "Bearer"
    assert response.header("Access-Control-Allow-Origin") == "https://app.example"


def test_api_gateways_own_message_by_default():
    response = GatewayResponses(CONFIGURED).render("UNAUTHORIZED", REQUEST, "req-1")
    assert json.loads(response.body)["message"] == "Unauthorized"


def test_a_type_left_out_falls_back_to_its_family_and_keeps_its_status():
    response = GatewayResponses(CONFIGURED).render("MISSING_AUTHENTICATION_TOKEN", REQUEST, "req-1")
    assert response.status == 403
    assert json.loads(response.body) == {"status": 400, "message": "Missing Authentication Token"}


def test_a_family_status_code_overrides_the_status_of_types_left_out():
    # AWS: setting DEFAULT_5XX's status code changes every 5XX response that is not customised.
    response = GatewayResponses(CONFIGURED).render(LAMBDA_ERROR, REQUEST, "req-1")
    assert response.status == 500
    assert json.loads(response.body) == {"status": 500, "message": "Internal server error"}
    without_status = {"DEFAULT_5XX": {**CONFIGURED["DEFAULT_5XX"], "StatusCode": None}}
    assert GatewayResponses(without_status).render(LAMBDA_ERROR, REQUEST, "req-1").status == 502


def test_a_null_message_renders_as_null():
    response = GatewayResponses(CONFIGURED).render("AUTHORIZER_CONFIGURATION_ERROR", REQUEST, "req-1")
    assert json.loads(response.body) == {"status": 500, "message": None}


def test_without_any_configuration_api_gateways_default_body():
    response = GatewayResponses({}).render("REQUEST_TOO_LARGE", REQUEST, "req-1")
    assert response.status == 413
    assert json.loads(response.body) == {"message": "Request Too Long"}

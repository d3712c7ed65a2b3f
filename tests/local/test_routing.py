"""Which route serves a path: API Gateway's most-specific-resource rule."""

from local.cfn import ApiRoute
from local.routing import RouteTable


def route(method, path):
    return ApiRoute(function_id=f"{method} {path}", method=method, path=path, authorizer=None)


TABLE = RouteTable(
    [
        route("POST", "/self-service/v1/contacts/register"),
        route("GET", "/self-service/v1/contacts/{id}"),
        route("PUT", "/self-service/v1/contacts/{id}"),
        route("GET", "/self-service/v1/contacts/{id}/communications"),
        route("ANY", "/self-service/v1/files/{proxy+}"),
        route("DELETE", "/self-service/v1/files/{id}"),
    ]
)


def test_a_literal_segment_wins_over_a_parameter():
    match = TABLE.find("/self-service/v1/contacts/register")
    assert match.resource_path == "/self-service/v1/contacts/register"
    assert match.route_for("POST").function_id == "POST /self-service/v1/contacts/register"
    assert match.path_parameters == {}


def test_the_method_is_looked_up_on_the_chosen_resource_only():
    # GET /contacts/register does not fall back to GET /contacts/{id}: API Gateway answers "no route".
    assert TABLE.find("/self-service/v1/contacts/register").route_for("GET") is None


def test_parameters_are_captured():
    match = TABLE.find("/self-service/v1/contacts/c-42/communications")
    assert match.resource_path == "/self-service/v1/contacts/{id}/communications"
    assert match.path_parameters == {"id": "c-42"}
    assert TABLE.find("/self-service/v1/contacts/c-42/").path_parameters == {"id": "c-42"}


def test_a_greedy_parameter_takes_the_rest_and_loses_to_a_parameter():
    assert TABLE.find("/self-service/v1/files/a/b.pdf").path_parameters == {"proxy": "a/b.pdf"}
    assert TABLE.find("/self-service/v1/files/a/b.pdf").route_for("PATCH").method == "ANY"
    assert TABLE.find("/self-service/v1/files/f-1").resource_path == "/self-service/v1/files/{id}"
    assert TABLE.find("/self-service/v1/files") is None


def test_unknown_paths_match_nothing():
    assert TABLE.find("/self-service/v1/nothing/here") is None
    assert TABLE.find("/self-service/v1/contacts/c-42/communications/extra") is None
    assert TABLE.find("/") is None

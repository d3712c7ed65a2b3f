"""One OpenAPI document for the whole API, merged from each HTTP function's Powertools resolver, and a Swagger UI
page that shows it. The local runtime serves the document at /openapi.json; `python -m local.openapi` (`make
openapi`) writes it to openapi.json at the repository's root, where a test keeps it equal to the code.

The functions' resolvers describe their routes, bodies and answers; the merge adds what only the template and the
access table know: each operation's security, and the error answers every route of its kind can give, all with
the CRM error body (400, never Powertools' 422)."""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Iterable

from local.cfn import REPO_ROOT, ApiRoute, Function, Template
from local.routing import split_path

# Swagger UI's release files, served by the local runtime itself (offline too): from the swagger-ui-py package
# (pinned in requirements-dev.txt; its 25.7.1 ships Swagger UI 5.24.2), under this path.
SWAGGER_UI = "/docs/assets"
SWAGGER_UI_FILES = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
TITLE = "CRM.COM Self-Service API"
DOCUMENT_FILE = REPO_ROOT / "openapi.json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
REF_PREFIX = "#/components/schemas/"

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "Every non-2xx answer, also those API Gateway makes itself (missing key, bad token, throttling).",
    "type": "object",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status again."},
        "message": {"type": "string", "description": "For people; may change."},
        "error": {"type": "string", "description": "For programs, such as CRM.EXCEPTIONS.NOTFOUNDEXCEPTION."},
        "parameters": {"type": "array", "items": {}, "description": "What the error is about (entity, field, id)."},
    },
    "required": ["status", "message", "error", "parameters"],
    "examples": [
        {
            "status": 404,
            "message": "Record not found.",
            "error": "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION",
            "parameters": ["contact", "789dacae-cf71-414f-9483-ca88acaa46432"],
        }
    ],
}

SECURITY_SCHEMES: dict[str, Any] = {
    "api_key": {
        "type": "apiKey",
        "in": "header",
        "name": "api_key",
        "description": "The application's publishable key: it names the organisation and the mode (test or live).",
    },
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A contact's access token. `Authorization: <jwt>` and `auth_token: <jwt>` work too.",
    },
    "integration_secret": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Integration-Secret",
        "description": "The WiFi integration's secret of the organisation and mode (made by "
        "`python -m crmctl.admin create-wifi-secret`), sent server-to-server beside "
        "the api_key instead of the contact's token; never from a browser or app.",
    },
}
# crm.access kinds -> the security requirement of an operation guarded by the authorizer.
SECURITY_BY_ACCESS = {
    "key": [{"api_key": []}],
    "jwt": [{"bearer": []}],
    "key+jwt": [{"api_key": [], "bearer": []}, {"api_key": [], "integration_secret": []}],
}

RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
}
GENERIC_ERRORS = {
    "400": "Invalid input: `parameters` names the fields.",
    "401": "The api_key or token is missing, unknown, expired or signed out.",
    "403": "The credentials are valid but not of the kind this route takes.",
    "404": "No such record for the caller (another contact's ids answer the same).",
    "413": "The request body is too large.",
    "429": "Too many requests (throttling per api_key, or a limit of this route): see Retry-After.",
    "5XX": "The server, or a service it depends on (mail, SMS, storage, queue), failed; 503 comes with Retry-After.",
}


SERVERS = [
    {"url": "http://127.0.0.1:3000", "description": "The local runtime (`make run`)."},
    {
        "url": "https://{api_id}.execute-api.{region}.amazonaws.com/{stage}",
        "description": "A deployed stage (`make deploy`; the stack's ApiUrl output without /self-service/v1).",
        "variables": {
            "api_id": {"default": "abcdef1234", "description": "The REST API's id."},
            "region": {"default": "eu-west-1"},
            "stage": {"default": "v1", "description": "The template's StageName."},
        },
    },
]

# Short, stable operationIds (the generated clients' method names): (method, path below the API prefix) -> id.
# A route without one here fails tests/integration/test_openapi_first_class.py: a new route gets a name on purpose.
OPERATION_IDS: dict[tuple[str, str], str] = {
    ("post", "/approval_requests/{id}/actions"): "answerApprovalRequest",
    ("get", "/communications/{id}"): "getCommunication",
    ("put", "/communications/{id}/actions"): "updateCommunication",
    ("post", "/contacts/authenticate"): "authenticateContact",
    ("post", "/contacts/change_password"): "changePassword",
    ("post", "/contacts/forgot_password"): "forgotPassword",
    ("post", "/contacts/otp"): "requestOtp",
    ("post", "/contacts/refresh"): "refreshTokens",
    ("post", "/contacts/register"): "registerContact",
    ("post", "/contacts/validate"): "validateContact",
    ("post", "/contacts/validate-otp"): "validateOtp",
    ("get", "/contacts/verify_email/{token}"): "openEmailLink",
    ("post", "/contacts/verify_email/{token}"): "confirmEmailLink",
    ("get", "/contacts/{id}"): "getContact",
    ("put", "/contacts/{id}"): "updateContact",
    ("delete", "/contacts/{id}"): "unregisterContact",
    ("get", "/contacts/{id}/approval_requests"): "listApprovalRequests",
    ("get", "/contacts/{id}/communications"): "listCommunications",
    ("put", "/contacts/{id}/consents"): "updateConsents",
    ("get", "/contacts/{id}/demographics"): "getDemographics",
    ("get", "/contacts/{id}/preferences"): "getPreferences",
    ("put", "/contacts/{id}/preferences"): "updatePreferences",
    ("post", "/contacts/{id}/sign_out"): "signOut",
    ("post", "/contacts/{id}/wifi/authorization"): "authorizeWifi",
    ("get", "/files/{id}"): "getFile",
    ("delete", "/files/{id}"): "deleteFile",
    ("post", "/printout"): "createPrintout",
    ("delete", "/service_requests/{sid}/files/{id}"): "deleteServiceRequestFile",
    ("post", "/upload/files"): "uploadFile",
}
# Tags by resource (the generated Python client's modules): operationId -> tag, where the resolver's differs.
TAGS_BY_OPERATION = {"authorizeWifi": "Wifi"}

# Every request header a function reads, defined once; operationId -> the headers it takes.
HEADER_PARAMETERS: dict[str, Any] = {
    "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "description": "The ETag of the contact as last read: the write answers 409 when it changed since.",
        "schema": {"type": "string"},
    },
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "A key of the caller's choice (1 to 255 characters): a repeat with the same key and body "
        "answers what the first answered, without doing it again; with another body, 409.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    },
    "RefreshTokenHeader": {
        "name": "refresh_token",
        "in": "header",
        "required": False,
        "description": "The refresh token, when the body does not carry it.",
        "schema": {"type": "string"},
    },
}
HEADERS_BY_OPERATION = {
    "updateContact": ["IfMatch"],
    "updateConsents": ["IfMatch"],
    "updatePreferences": ["IfMatch"],
    "unregisterContact": ["IfMatch"],
    "registerContact": ["IdempotencyKey"],
    "refreshTokens": ["RefreshTokenHeader"],
}
ETAG_HEADER = {"description": "The contact's version: send it back as If-Match.", "schema": {"type": "string"}}

# Enums that several schemas share, as one component each (found by their values).
SHARED_ENUMS: dict[str, tuple[list[str], str]] = {
    "ConsentState": (["PENDING", "ACCEPTED", "REJECTED"], "The contact's consent to the processing of its data."),
    "Channel": (["EMAIL", "SMS", "INAPP", "DEVICE"], "How a communication is sent."),
    "SendMethod": (["SMS", "EMAIL"], "Where a one-time code goes."),
    "SortOrder": (["ASC", "DESC"], "The order of a page."),
    "PreferenceType": (["ORDERS", "REWARDS"], "What a preferred organisation is preferred for."),
    "SocialProvider": (["FACEBOOK", "GOOGLE", "APPLE", "MW4"], "A social identity provider."),
    "ApprovalAction": (["APPROVE", "ACCEPT", "REJECT"], "A contact's answer to an approval request."),
    "ApprovalState": (["PENDING", "APPROVED", "REJECTED", "WITHDRAWN"], "An approval request's state."),
    "LifeCycleState": (["PENDING", "COMPLETED", "REJECTED"], "A communication's life cycle state."),
}

EMPTY_ANSWER: dict[str, Any] = {
    "title": "EmptyAnswer",
    "description": "An empty object: the request was done, and there is nothing to tell.",
    "type": "object",
    "properties": {},
    "additionalProperties": False,
}
# operationId -> the name of its success answer, where the resolver's is inline (a Python return annotation).
NAMED_ANSWERS: dict[str, dict[str, Any]] = {
    "registerContact": {
        "title": "RegisterAnswer",
        "description": "Tokens (EMAIL with a password), where a one-time code went (auth_otp: EMAIL without a "
        "password, PHONE), or where the verification link went (validation_required). The bodies "
        "share no property to discriminate by: access_token, then auth_otp tell them apart.",
    },
    "authenticateContact": {
        "title": "AuthenticateAnswer",
        "description": "Tokens, or where a one-time code went (auth_otp). The bodies share no property to "
        "discriminate by: access_token tells them apart.",
    },
    "validateContact": {
        "title": "ValidateAnswer",
        "description": "Where the one-time code went when send_method was given, else an empty object.",
    },
}
# Answer fields the layer's models type loosely (their request models live in a function): (schema, field) -> the
# component they hold, as the request stored it.
TYPED_FIELDS: dict[tuple[str, str], str] = {
    ("ContactAnswer", "demographics"): "Demographics",
    ("ContactAnswer", "company_profile"): "CompanyProfile",
    ("ContactAnswer", "custom_fields"): "CustomField",
}
# operationId -> (the media type documented as its body, what the others are for): one body media type per
# operation, because generators such as openapi-python-client cannot take a required body of two media types;
# the server still accepts the others, described in `x-crm-other-request-bodies`.
SINGLE_BODY: dict[str, str] = {"uploadFile": "multipart/form-data", "answerApprovalRequest": "application/json"}


# ---------------------------------------------------------------- merging the resolvers' documents


def _generic(segments: list[str]) -> list[str]:
    return ["{}" if s.startswith("{") else s for s in segments]


def _prefix_for(document_paths: Iterable[str], function: Function) -> list[str]:
    """The segments the template puts before the resolver's paths (a resolver may strip /self-service/v1)."""
    for path in document_paths:
        segments = _generic(split_path(path))
        for route in function.routes:
            route_segments = split_path(route.path)
            cut = len(route_segments) - len(segments)
            if cut >= 0 and _generic(route_segments[cut:]) == segments:
                return route_segments[:cut]
    return []


def _operations(paths: dict[str, Any]) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for path, item in paths.items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def merged_document(apps: Iterable[tuple[Function, Any]], title: str = TITLE) -> dict[str, Any]:
    """`apps`: each HTTP function with its resolver (the module's `app`)."""
    merged: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": title, "version": "1"}, "paths": {}}
    components: dict[str, dict[str, Any]] = {}
    tags: dict[str, Any] = {}
    routes: dict[tuple[str, str], ApiRoute] = {}
    for function, app in apps:
        document = json.loads(app.get_openapi_json_schema())
        merged["openapi"] = document.get("openapi", merged["openapi"])
        prefix = _prefix_for(document.get("paths", {}), function)
        for route in function.routes:
            routes[(route.method.lower(), route.path)] = route
        for path, operations in document.get("paths", {}).items():
            merged["paths"]["/" + "/".join(prefix + split_path(path))] = operations
        for section, entries in document.get("components", {}).items():
            known = components.setdefault(section, {})
            for name, entry in entries.items():
                # Two functions' models of one name must be the same model, or one $ref would point at the other.
                if name in known and known[name] != entry:
                    raise ValueError(
                        f"{function.logical_id}: components.{section}.{name} differs from another "
                        "function's model of that name; rename one of them"
                    )
                known[name] = entry
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)
    if components:
        merged["components"] = {section: dict(sorted(entries.items())) for section, entries in components.items()}
    if tags:
        merged["tags"] = list(tags.values())
    merged["paths"] = dict(sorted(merged["paths"].items()))
    return _contract(merged, routes)


# ---------------------------------------------------------------- what the template and the access table add


def _access_kind(route: ApiRoute | None) -> str | None:
    if route is None or route.authorizer is None:
        return None
    try:
        from crm.access import access_for  # the layer's package: on sys.path wherever functions are loaded
        from crm.settings import API_PREFIX
    except ImportError:
        return None
    path = route.path[len(API_PREFIX) :] if route.path.startswith(API_PREFIX) else route.path
    access = access_for(route.method, path)
    return access.value if access is not None else None


def _error_response(description: str, status: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF_PREFIX + "Error"}}},
    }
    if status in ("429", "5XX"):
        answer["headers"] = copy.deepcopy(RETRY_AFTER)
    return answer


def _contract(document: dict[str, Any], routes: dict[tuple[str, str], ApiRoute]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    # The API answers invalid input with 400 in the CRM format (crm.http), never with Powertools' 422.
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Error"] = ERROR_SCHEMA
    if '"' + REF_PREFIX + 'ResponseValidationError"' not in json.dumps(document["paths"]):
        schemas.pop("ResponseValidationError", None)  # Powertools adds it whether any answer uses it or not
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    document["components"]["securitySchemes"] = SECURITY_SCHEMES
    _name_operations(document)
    operation_ids: set[str] = set()
    for path, method, operation in _operations(document["paths"]):
        if operation.get("operationId") in operation_ids:
            raise ValueError(f"{method.upper()} {path}: operationId {operation['operationId']} is used twice")
        operation_ids.add(operation.get("operationId"))
        route = routes.get((method, path))
        kind = _access_kind(route)
        if kind in SECURITY_BY_ACCESS:
            operation["security"] = SECURITY_BY_ACCESS[kind]
        elif route is not None and route.authorizer is None:
            # Open at the gateway: none, unless the function checks a token itself and says so.
            operation["security"] = operation.get("security", [])
        responses = operation.setdefault("responses", {})
        responses.pop("422", None)
        generic = {"400", "429", "5XX"}
        if kind is not None:
            generic |= {"401", "403"}
        if any(name == "id" or name.endswith("id") for name in re.findall(r"\{([^}]+)\}", path)):
            generic.add("404")  # a record named by its id (a link's token answers its own page instead)
        if method in ("post", "put", "patch"):
            generic.add("413")
        for status in generic:
            responses.setdefault(status, {"description": GENERIC_ERRORS[status]})
        for status, answer in responses.items():
            if status[0] in "45" and not any("schema" in media for media in answer.get("content", {}).values()):
                responses[status] = _error_response(answer.get("description") or GENERIC_ERRORS.get(status, ""), status)
            elif status == "429" or status.startswith("5"):
                answer.setdefault("headers", copy.deepcopy(RETRY_AFTER))
        operation["responses"] = dict(sorted(responses.items()))
    _first_class(document)
    _add_links(document)
    return document


# ---------------------------------------------------------------- what generated clients need


def _api_path(path: str) -> str:
    prefix = "/self-service/v1"
    return path[len(prefix) :] if path.startswith(prefix + "/") else path


def _name_operations(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document["paths"]):
        # A route missing from OPERATION_IDS keeps the resolver's long name (tests/integration fails on it).
        name = OPERATION_IDS.get((method, _api_path(path)), operation.get("operationId", ""))
        operation["operationId"] = name
        if name in TAGS_BY_OPERATION:
            operation["tags"] = [TAGS_BY_OPERATION[name]]


def _walk(node: Any, visit: Any) -> Any:
    """`node` with every object replaced by visit(object) (children first)."""
    if isinstance(node, dict):
        return visit({key: _walk(value, visit) for key, value in node.items()})
    if isinstance(node, list):
        return [_walk(value, visit) for value in node]
    return node


def _share_enums(document: dict[str, Any]) -> None:
    by_values = {tuple(values): name for name, (values, _why) in SHARED_ENUMS.items()}

    def visit(schema: dict[str, Any]) -> dict[str, Any]:
        name = by_values.get(tuple(schema.get("enum") or ()))
        if name is None or schema.get("type") not in (None, "string"):
            return schema
        kept = {key: value for key, value in schema.items() if key in ("description", "default", "examples")}
        return {"$ref": REF_PREFIX + name, **kept}

    document["paths"] = _walk(document["paths"], visit)
    schemas = document["components"]["schemas"]
    for key, schema in list(schemas.items()):
        schemas[key] = {**schema, **_walk({k: v for k, v in schema.items() if k != "enum"}, visit)}
    for name, (values, why) in SHARED_ENUMS.items():
        schemas[name] = {"title": name, "description": why, "type": "string", "enum": values}


def _name_answers(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    schemas["EmptyAnswer"] = EMPTY_ANSWER
    empty = {"$ref": REF_PREFIX + "EmptyAnswer"}
    for _path, _method, operation in _operations(document["paths"]):
        content = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        schema = content.get("schema", {})
        if schema.get("type") == "object" and schema.get("additionalProperties") is True and "properties" not in schema:
            content["schema"] = empty  # a `dict` answer: always {} (demographics are named below)
        named = NAMED_ANSWERS.get(operation["operationId"])
        if named is not None:
            variants = [
                empty if variant.get("type") == "object" and "$ref" not in variant else variant
                for variant in schema.get("anyOf") or schema.get("oneOf") or []
            ]
            schemas[named["title"]] = {**named, "anyOf": variants}
            content["schema"] = {"$ref": REF_PREFIX + named["title"]}
        if operation["operationId"] == "getDemographics":
            content["schema"] = {"$ref": REF_PREFIX + "Demographics"}
    for (schema_name, field), component in TYPED_FIELDS.items():
        if field not in schemas.get(schema_name, {}).get("properties", {}) or component not in schemas:
            continue  # another API's document (tests/integration checks this one's)
        loose = schemas[schema_name]["properties"][field]
        ref = {"$ref": REF_PREFIX + component}
        if loose.get("type") == "array":
            typed: dict[str, Any] = {**loose, "items": ref}
        else:
            typed = {key: value for key, value in loose.items() if key != "anyOf"}
            typed["anyOf"] = [ref, {"type": "null"}]
        schemas[schema_name]["properties"][field] = typed
    error = schemas["Error"]
    error["properties"]["parameters"]["items"] = {"anyOf": [{"type": "string"}, {"type": "integer"}]}


def _one_body_media_type(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for _path, _method, operation in _operations(document["paths"]):
        keep = SINGLE_BODY.get(operation["operationId"])
        body = operation.get("requestBody")
        if body is None or len(body.get("content", {})) < 2:
            continue
        if keep is None:
            continue  # left as it is: tests/integration fails until SINGLE_BODY names the one to document
        others = {media: content for media, content in body["content"].items() if media != keep}
        body["content"] = {keep: body["content"][keep]}
        kept_schema = body["content"][keep]["schema"]
        if "$ref" not in kept_schema:  # inline: name it, or generators name it after the operation and media
            name = operation["operationId"][0].upper() + operation["operationId"][1:] + "Form"
            schemas[name] = {"title": name, **kept_schema}
            body["content"][keep]["schema"] = {"$ref": REF_PREFIX + name}
        operation["x-crm-other-request-bodies"] = others
        media = ", ".join(others)
        operation["description"] = (
            operation.get("description", "")
            + f"\n\nAlso accepts {media}: see `x-crm-other-request-bodies` (left out of `requestBody` because "
            "common client generators cannot take a required body of two media types)."
        ).strip()


def _headers(document: dict[str, Any]) -> None:
    document["components"]["parameters"] = copy.deepcopy(HEADER_PARAMETERS)
    document["components"]["headers"] = {"ETag": ETAG_HEADER}
    for _path, _method, operation in _operations(document["paths"]):
        for name in HEADERS_BY_OPERATION.get(operation["operationId"], []):
            operation.setdefault("parameters", []).append({"$ref": "#/components/parameters/" + name})
        for answer in operation["responses"].values():
            if "ETag" in answer.get("headers", {}):
                answer["headers"]["ETag"] = {"$ref": "#/components/headers/ETag"}


def _first_class(document: dict[str, Any]) -> None:
    """What generated clients need: named answers and enums, header parameters, one body media type."""
    _share_enums(document)
    _name_answers(document)
    _one_body_media_type(document)
    _headers(document)
    schemas = document["components"]["schemas"]
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    used = sorted({tag for _p, _m, operation in _operations(document["paths"]) for tag in operation.get("tags", [])})
    document["tags"] = [{"name": tag} for tag in used]
    document["servers"] = copy.deepcopy(SERVERS)


def _returns(document: dict[str, Any], operation: dict[str, Any], schema_name: str) -> bool:
    """Whether the operation's success answer is, or may be (a named union), the schema."""
    content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith(REF_PREFIX):
        schema = (
            document["components"]["schemas"].get(ref[len(REF_PREFIX) :], {})
            if ref != REF_PREFIX + schema_name
            else schema
        )
    return f'"{REF_PREFIX}{schema_name}"' in json.dumps(schema)


def _add_links(document: dict[str, Any]) -> None:
    """OpenAPI links, for clients and for stateful testing: a registration's e-mail and password sign in, and a
    sign-in's contact id and token call the contact's own routes; an uploaded file's id reads and deletes it."""
    operations = list(_operations(document["paths"]))
    by_route = {(method, path): operation for path, method, operation in operations}
    contact_routes = [
        (path, operation)
        for path, method, operation in operations
        if {"bearer": []} in operation.get("security", []) and "/contacts/{id}" in path
    ]
    authenticate = next(
        (
            operation
            for (method, path), operation in by_route.items()
            if method == "post" and path.endswith("/contacts/authenticate")
        ),
        None,
    )
    for path, _method, operation in operations:
        links: dict[str, Any] = {}
        if _returns(document, operation, "TokensAnswer") and path.endswith(
            ("/contacts/register", "/contacts/authenticate")
        ):
            for _target_path, target in contact_routes:
                links[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": {"path.id": "$response.body#/contact/id"},
                    "description": "The signed-in contact's own route (send access_token as the bearer token).",
                }
        if path.endswith("/contacts/register") and authenticate is not None:
            links["authenticate"] = {
                "operationId": authenticate["operationId"],
                "requestBody": {
                    "provider": "EMAIL",
                    "username": "$request.body#/identity/username",
                    "password": "$request.body#/identity/password",
                },
                "description": "Sign in with the e-mail address and password just registered.",
                "x-schemathesis": {"merge_body": False},
            }
        if path.endswith("/upload/files"):
            for (_target_method, target_path), target in by_route.items():
                if target_path.endswith("/files/{id}") and "service_requests" not in target_path:
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": {"path.id": "$response.body#/id"},
                    }
        if links:
            operation["responses"]["200"]["links"] = dict(sorted(links.items()))


# ---------------------------------------------------------------- the committed file


def generate(template: Template | None = None) -> dict[str, Any]:
    """The document as the code describes it: every HTTP function of the template loaded, nothing called. Needs no
    AWS: functions read resource names when imported, and the names are the template's stand-ins."""
    from local.cfn import Resolver
    from local.functions import load_function, prepare_process

    template = template or Template.load()
    resolver = Resolver(template)
    prepare_process(template, resolver)
    apps = []
    for function in template.functions.values():
        if function.routes:
            apps.append((function, load_function(function, resolver, resolver.region).module.app))
    return merged_document(apps, TITLE)


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local.openapi", description="Write the API's OpenAPI document (openapi.json) from the code."
    )
    parser.add_argument("--output", type=Path, default=DOCUMENT_FILE, help="where to write it (- for stdout)")
    parser.add_argument("--check", action="store_true", help="write nothing; fail when the file differs")
    args = parser.parse_args(argv)
    text = dumps(generate())
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            sys.stderr.write(f"{args.output.name} differs from what the code generates: run `make openapi`\n")
            return 1
        return 0
    if str(args.output) == "-":
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
        sys.stderr.write(f"wrote {args.output.name}\n")
    return 0


def swagger_ui_file(name: str) -> bytes:
    """One of Swagger UI's files, from the installed swagger-ui-py (found without importing it: its package imports
    web frameworks' glue this runtime does not need)."""
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("swagger-ui-py is not installed (requirements-dev.txt): `make run` installs it")
    return (Path(list(spec.submodule_search_locations)[0]) / "static" / name).read_bytes()


def swagger_ui_response(path: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of the Swagger UI file at `path` (under SWAGGER_UI), or None for any other path."""
    name = path.removeprefix(f"{SWAGGER_UI}/")
    kind = SWAGGER_UI_FILES.get(name) if path.startswith(f"{SWAGGER_UI}/") else None
    return (kind, swagger_ui_file(name)) if kind else None


def swagger_page(document_url: str, title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="icon" type="image/png" href="{SWAGGER_UI}/favicon-32x32.png">
  <link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
  <script>
    // "Try it out" calls the first server: make it the runtime that served this page, at whatever PORT it serves
    // (the document names make run's default, http://127.0.0.1:3000, and the deployed stage).
    fetch("{document_url}").then((answer) => answer.json()).then((spec) => {{
      const others = (spec.servers || []).filter((server) => server.url !== location.origin);
      spec.servers = [{{url: location.origin, description: "This local runtime"}}, ...others];
      SwaggerUIBundle({{spec: spec, dom_id: "#swagger-ui"}});
    }});
  </script>
</body>
</html>
"""


if __name__ == "__main__":
    sys.exit(main())

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
    _add_links(document)
    return document


def _returns(operation: dict[str, Any], schema_name: str) -> bool:
    content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    return f'"{REF_PREFIX}{schema_name}"' in json.dumps(content.get("schema", {}))


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
        if _returns(operation, "TokensAnswer") and path.endswith(("/contacts/register", "/contacts/authenticate")):
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
  <script>SwaggerUIBundle({{url: "{document_url}", dom_id: "#swagger-ui"}});</script>
</body>
</html>
"""


if __name__ == "__main__":
    sys.exit(main())

"""One OpenAPI document for the whole API, merged from each HTTP function's Powertools resolver, and a Swagger UI
page that shows it."""

from __future__ import annotations

import json
from typing import Any, Iterable

from local.cfn import Function
from local.routing import split_path

SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"


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


def merged_document(apps: Iterable[tuple[Function, Any]], title: str) -> dict[str, Any]:
    """`apps`: each HTTP function with its resolver (the module's `app`)."""
    merged: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": title, "version": "1"}, "paths": {}}
    components: dict[str, dict[str, Any]] = {}
    tags: dict[str, Any] = {}
    for function, app in apps:
        document = json.loads(app.get_openapi_json_schema())
        merged["openapi"] = document.get("openapi", merged["openapi"])
        prefix = _prefix_for(document.get("paths", {}), function)
        for path, operations in document.get("paths", {}).items():
            merged["paths"]["/" + "/".join(prefix + split_path(path))] = operations
        for section, entries in document.get("components", {}).items():
            components.setdefault(section, {}).update(entries)
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)
    if components:
        merged["components"] = components
    if tags:
        merged["tags"] = list(tags.values())
    merged["paths"] = dict(sorted(merged["paths"].items()))
    return merged


def swagger_page(document_url: str, title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({{url: "{document_url}", dom_id: "#swagger-ui"}});</script>
</body>
</html>
"""

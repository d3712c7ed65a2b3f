"""The local API Gateway, built as the local runtime builds it (local.runtime.LocalRuntime._gateway), around any
invoke callable: the benchmarks time or capture what it hands to the functions."""

from __future__ import annotations

from typing import Any, Callable

from local.cfn import LOCAL_API_ID, Resolver, Template
from local.events import Stage
from local.gateway import ApiGateway
from local.gateway_responses import GatewayResponses
from local.routing import RouteTable


def build_gateway(template: Template, resolver: Resolver, region: str, invoke: Callable[[str, Any], Any]) -> ApiGateway:
    api = template.api
    routes = RouteTable(route for function in template.functions.values() for route in function.routes)
    if api is None:
        return ApiGateway(Stage(LOCAL_API_ID, "Prod", region), routes, {}, invoke, GatewayResponses({}))
    return ApiGateway(
        Stage(LOCAL_API_ID, api.stage_name, region, api.binary_media_types),
        routes,
        api.authorizers,
        invoke,
        GatewayResponses(resolver.resolve(dict(api.gateway_responses))),
        cors=resolver.resolve(api.cors),
    )


def authorizer_ids(template: Template) -> set[str]:
    return {a.function_id for a in (template.api.authorizers.values() if template.api else [])}

"""The benchmarks build the local API Gateway as the local runtime does (local.gateway.api_gateway, without the
usage plan's throttle), around any invoke callable: they time or capture what it hands to the functions."""

from __future__ import annotations

from local.cfn import Template


def authorizer_ids(template: Template) -> set[str]:
    return {a.function_id for a in (template.api.authorizers.values() if template.api else [])}

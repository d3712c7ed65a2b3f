"""Shared fixtures: an in-process AWS (moto) built from template.yaml itself, and the template's functions."""

import os
from dataclasses import dataclass
from typing import Any

import pytest

# Before anything imports boto3 or the shared package: tests never reach a real AWS account.
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_PROFILE", None)
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-west-1",
    AWS_REGION="eu-west-1",
    POWERTOOLS_LOG_LEVEL="WARNING",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="CrmSelfServiceTests",
)

from moto import mock_aws  # noqa: E402

from local.cfn import Resolver, Template  # noqa: E402
from local.functions import LoadedFunction, add_layers_to_path, load_function, shared_environment  # noqa: E402
from local.resources import provision  # noqa: E402

REGION = "eu-west-1"
TEMPLATE = Template.load()
add_layers_to_path(TEMPLATE)
_loaded: dict[str, LoadedFunction] = {}


@dataclass
class Stack:
    """The template's resources in moto, and its functions ready to invoke."""

    resolver: Resolver

    def function(self, logical_id: str) -> LoadedFunction:
        # Loaded once per test session, like a warm Lambda.
        if logical_id not in _loaded:
            _loaded[logical_id] = load_function(TEMPLATE.functions[logical_id], self.resolver, REGION)
        return _loaded[logical_id]

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        return self.function(logical_id).invoke(event)


def _forget_cached_aws_state() -> None:
    from crm import settings, tokens
    from crm.services import authorization

    settings.token_settings.cache_clear()
    settings.check_environment.cache_clear()
    tokens.reset_key_cache()
    authorization._api_key_cache.clear()


@pytest.fixture
def stack() -> Stack:
    # Its own MonkeyPatch: a test's monkeypatch.undo() must not take the stack's environment away.
    with mock_aws(), pytest.MonkeyPatch.context() as environment:
        physical = provision(TEMPLATE, REGION)
        resolver = Resolver(TEMPLATE, physical, REGION)
        for name, value in shared_environment(TEMPLATE, resolver).items():
            environment.setenv(name, value)
        environment.setenv("CRMCTL_TARGET", "environment")  # operators' commands in-process: these tables
        _forget_cached_aws_state()
        yield Stack(resolver)
        _forget_cached_aws_state()

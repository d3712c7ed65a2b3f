"""Where an operator's command acts: a deployed stack (--stack NAME, its outputs name the resources, your AWS
credentials), or the local runtime (`make run`), found without any environment to set by hand.

`make run` writes RUNTIME_FILE (its URL, at any PORT); a command reads it, asks that runtime where its in-memory AWS
is (GET /_local/aws, which names no credentials) and sets the table names it answers. --local URL names another
runtime; with no file and no --local, http://127.0.0.1:3000 is asked. The variable CRMCTL_TARGET=environment (the
in-process tests) keeps the table names the environment already holds."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Any

from crmctl import REPO_ROOT

RUNTIME_FILE = REPO_ROOT / ".local-runtime.json"
DEFAULT_LOCAL_URL = "http://127.0.0.1:3000"
# The in-memory AWS takes any credentials: never send real ones to it.
LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}


def runtime_file() -> Path:
    return Path(os.environ.get("CRMCTL_RUNTIME_FILE") or RUNTIME_FILE)


def local_url(explicit: str | None = None) -> str:
    """--local when given; else the URL the running `make run` wrote; else the default port."""
    if explicit:
        return explicit.rstrip("/")
    try:
        return str(json.loads(runtime_file().read_text(encoding="utf-8"))["url"]).rstrip("/")
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_LOCAL_URL


def use_local(explicit: str | None = None) -> dict[str, str]:
    """Points this process at the local runtime's AWS and tables; answers its resources' physical names by
    logical id."""
    url = local_url(explicit)
    try:
        with urllib.request.urlopen(f"{url}/_local/aws", timeout=10) as answer:  # noqa: S310 - a local URL
            info: dict[str, Any] = json.load(answer)
    except OSError as exc:
        sys.exit(f"no local runtime answers at {url} ({exc}); start it with `make run`, or give --stack NAME")
    if info.get("endpoint_url"):
        os.environ["AWS_ENDPOINT_URL"] = info["endpoint_url"]
        os.environ.update(LOCAL_CREDENTIALS)
    os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = info["region"]
    os.environ.update(info.get("environment", {}))
    return dict(info["resources"])


def stack_outputs(stack_name: str) -> dict[str, str]:
    import boto3

    stack = boto3.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def from_environment() -> bool:
    """Whether the tables are the environment's own (CRMCTL_TARGET=environment: the in-process tests)."""
    return os.environ.get("CRMCTL_TARGET") == "environment"

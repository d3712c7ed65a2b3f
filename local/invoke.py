"""python -m local.invoke <FunctionLogicalId> <event.json | ->: `sam local invoke` without Docker. The function runs
in this process against an in-memory AWS (moto.mock_aws) holding the template's resources."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from moto import mock_aws

from local.cfn import DEFAULT_TEMPLATE, Resolver, Template
from local.functions import load_function, prepare_process
from local.resources import FAKE_CREDENTIALS, default_region, provision


def invoke(function_logical_id: str, event: Any, template: Template | None = None) -> Any:
    """Call one function's handler with `event` and answer what it returns; its exceptions propagate.

    Inside a test's own mock_aws() the resources it created (and the data it put there) are reused."""
    template = template or Template.load(DEFAULT_TEMPLATE)
    region = default_region()
    with mock_aws():
        resolver = Resolver(template, provision(template, region), region)
        prepare_process(template, resolver)
        function = load_function(template.functions[function_logical_id], resolver, region)
        return function.invoke(event)


def _error_answer(error: Exception) -> dict[str, Any]:
    """What Lambda reports for a function that raised: the function's frames, not this runner's."""
    local_package = Path(__file__).resolve().parent
    frames = [f for f in traceback.extract_tb(error.__traceback__) if local_package not in Path(f.filename).parents]
    return {"errorMessage": str(error), "errorType": type(error).__name__, "stackTrace": traceback.format_list(frames)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.invoke", description=__doc__.split("\n", 1)[0])
    parser.add_argument("function", help="the function's logical id in the template, e.g. AuthorizerFunction")
    parser.add_argument("event", help="a JSON event file, or - for standard input")
    parser.add_argument("--template", default=str(DEFAULT_TEMPLATE))
    arguments = parser.parse_args(argv)
    event_text = sys.stdin.read() if arguments.event == "-" else Path(arguments.event).read_text()
    # mock_aws intercepts AWS's own endpoints only: an endpoint override would send the calls elsewhere.
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = default_region()
    answer_stream = sys.stdout
    # The function's logs (Powertools writes to stdout) go to stderr, as with sam: stdout carries the answer.
    with redirect_stdout(sys.stderr):
        try:
            answer, exit_code = invoke(arguments.function, json.loads(event_text), Template.load(arguments.template)), 0
        except Exception as error:  # noqa: BLE001 - reported like Lambda reports it
            answer, exit_code = _error_answer(error), 1
    answer_stream.write(json.dumps(answer) + "\n")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())

"""python -m local [--host 127.0.0.1] [--port 3000] [--real-aws] [--instances 1] [--runtime-file F]: serve the API
locally (see local/runtime.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from local.cfn import DEFAULT_TEMPLATE
from local.resources import default_region
from local.runtime import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local", description="The Self-Service API on this machine.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument(
        "--runtime-file",
        type=Path,
        help="write this runtime's URL here while it serves, for operators' commands (make run: .local-runtime.json)",
    )
    parser.add_argument("--template", default=str(DEFAULT_TEMPLATE), help="the SAM template (default: %(default)s)")
    parser.add_argument("--region", default=default_region())
    parser.add_argument(
        "--real-aws",
        action="store_true",
        help="use the ambient AWS credentials and endpoints instead of an in-memory AWS",
    )
    parser.add_argument(
        "--instances",
        type=int,
        default=1,
        help="instances of each function, i.e. requests it serves at once, as Lambda scales out (default: 1)",
    )
    arguments = parser.parse_args(argv)
    if arguments.instances < 1:
        parser.error("--instances must be at least 1")
    return run(
        arguments.host,
        arguments.port,
        arguments.template,
        arguments.region,
        arguments.real_aws,
        arguments.instances,
        arguments.runtime_file,
    )


if __name__ == "__main__":
    sys.exit(main())

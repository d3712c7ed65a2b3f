"""Operators' commands (`make apikey`, `make passcodes`, `make backoffice`, ...): they run on an operator's machine,
against the local runtime (`make run`) by default or a deployed stack with --stack, and are not shipped to Lambda.

They use the Lambda layer's package (crm) the way the functions do: its directory is put on the import path here,
so no PYTHONPATH is needed."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LAYER = REPO_ROOT / "layers" / "common"

if str(LAYER) not in sys.path:
    sys.path.insert(0, str(LAYER))

from crm import settings  # noqa: E402 - the layer is importable from here on

settings.check_each_on_use()  # a command sets the tables it uses, not every one a function needs

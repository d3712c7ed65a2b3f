"""Models read their table's name when first used, not when imported."""

import subprocess
import sys
from pathlib import Path

import pytest

from crm import settings
from crm.data.base import table_meta

ROOT = Path(__file__).resolve().parents[2]


def test_the_whole_data_layer_imports_without_any_table_variable():
    code = (
        "import os, pkgutil, importlib, crm.data as d\n"
        "assert not [k for k in os.environ if k.endswith('_TABLE')]\n"
        "[importlib.import_module('crm.data.' + m.name) for m in pkgutil.iter_modules(d.__path__)]\n"
    )
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "layers" / "common")}
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_missing_table_variable_names_itself_at_first_use(monkeypatch):
    monkeypatch.setattr(settings, "_needed", dict(settings.needed()))  # this made-up table needs no later check
    meta = table_meta("SOME_TEST_TABLE")
    monkeypatch.delenv("SOME_TEST_TABLE", raising=False)
    with pytest.raises(RuntimeError, match="SOME_TEST_TABLE"):
        _ = meta.table_name
    monkeypatch.setenv("SOME_TEST_TABLE", "crm-local-some")
    assert meta.table_name == "crm-local-some"

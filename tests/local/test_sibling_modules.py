"""Each function imports its own modules beside app.py (`from models import ...`, as on Lambda, where the code
directory is the function's alone), though here every function shares one process and one sys.modules."""

from __future__ import annotations

import sys
import textwrap

import pytest

from local.cfn import Resolver, Template
from local.functions import load_function

TEMPLATE = """\
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Handler: app.lambda_handler
    Runtime: python3.13
Resources:
  FirstFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/first/
  SecondFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/second/
"""

APP = """
from models import WHO
from pages import page

def lambda_handler(event, context):
    return {"who": WHO, "page": page()}
"""


@pytest.fixture
def template(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    for name in ("first", "second"):
        code = tmp_path / "functions" / name
        code.mkdir(parents=True)
        (code / "app.py").write_text(textwrap.dedent(APP))
        (code / "models.py").write_text(f"WHO = {name!r}\n")
        (code / "pages.py").write_text(f"def page():\n    return {name!r} + ' page'\n")
    return Template.load(tmp_path / "template.yaml")


def test_two_functions_with_same_named_siblings_each_get_their_own(template):
    resolver = Resolver(template)
    first = load_function(template.functions["FirstFunction"], resolver, "eu-west-1")
    second = load_function(template.functions["SecondFunction"], resolver, "eu-west-1", instances=2)
    assert first.invoke({}) == {"who": "first", "page": "first page"}
    assert second.invoke({}) == {"who": "second", "page": "second page"}
    assert second.invoke({}) == {"who": "second", "page": "second page"}  # the other instance too
    assert first.siblings["models"].WHO == "first"
    assert second.siblings["models"].WHO == "second"
    # Nothing of either directory is left in the process for a third function to pick up by mistake.
    assert "models" not in sys.modules and "pages" not in sys.modules


def test_a_module_of_that_name_already_imported_is_put_back(template, monkeypatch):
    elsewhere = type(sys)("models")
    monkeypatch.setitem(sys.modules, "models", elsewhere)
    loaded = load_function(template.functions["FirstFunction"], Resolver(template), "eu-west-1")
    assert loaded.invoke({})["who"] == "first"
    assert sys.modules["models"] is elsewhere

"""The YAML loader, the intrinsic functions, and the model of template.yaml."""

import base64

import pytest

from local.cfn import (
    DEFAULT_TEMPLATE,
    LOCAL_API_ID,
    Physical,
    Resolver,
    Template,
    UnresolvableError,
    load_yaml,
    references,
)
from tests.local.conftest import REGION


def test_short_tags_become_the_long_form():
    document = load_yaml(
        """
        ref: !Ref Table
        getatt_dotted: !GetAtt Queue.Arn
        getatt_list: !GetAtt [Queue, Arn]
        sub: !Sub "${Table}-x"
        sub_list: !Sub ["${a}-${Table}", {a: !Ref Param}]
        join: !Join [",", [a, !Ref B]]
        if: !If [IsProd, 1, 2]
        select: !Select [1, !Split [",", "a,b"]]
        equals: !Not [!Equals [a, b]]
        map: !FindInMap [M, K1, K2]
        azs: !GetAZs ""
        import: !ImportValue {"Fn::Sub": "${AWS::StackName}-x"}
        b64: !Base64 text
        date: 2010-09-09
        """
    )
    assert document["ref"] == {"Ref": "Table"}
    assert document["getatt_dotted"] == document["getatt_list"] == {"Fn::GetAtt": ["Queue", "Arn"]}
    assert document["sub"] == {"Fn::Sub": "${Table}-x"}
    assert document["sub_list"] == {"Fn::Sub": ["${a}-${Table}", {"a": {"Ref": "Param"}}]}
    assert document["join"] == {"Fn::Join": [",", ["a", {"Ref": "B"}]]}
    assert document["if"] == {"Fn::If": ["IsProd", 1, 2]}
    assert document["select"] == {"Fn::Select": [1, {"Fn::Split": [",", "a,b"]}]}
    assert document["equals"] == {"Fn::Not": [{"Fn::Equals": ["a", "b"]}]}
    assert document["map"] == {"Fn::FindInMap": ["M", "K1", "K2"]}
    assert document["azs"] == {"Fn::GetAZs": ""}
    assert document["import"] == {"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-x"}}
    assert document["b64"] == {"Fn::Base64": "text"}
    assert document["date"] == "2010-09-09"  # CloudFormation reads it as text


SMALL_TEMPLATE = """
Parameters:
  Stage: {Type: String, Default: prod}
  Size: {Type: Number, Default: 30}
  Zones: {Type: CommaDelimitedList, Default: "a, b"}
Mappings:
  Sizes:
    prod: {memory: 1024}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Table: {Type: AWS::DynamoDB::Table}
  Queue: {Type: AWS::SQS::Queue}
  DevOnly: {Type: AWS::SQS::Queue, Condition: IsDev}
  Handler: {Type: AWS::Serverless::Function}
  Published: {Type: AWS::Serverless::Function, Properties: {AutoPublishAlias: live}}
"""


@pytest.fixture
def resolver(tmp_path):
    template = Template(load_yaml(SMALL_TEMPLATE), tmp_path)
    physical = {
        "Table": Physical("crm-local-Table", {"Arn": "arn:aws:dynamodb:eu-west-1:123456789012:table/crm-local-Table"}),
        "Queue": Physical("https://queue.example/q", {"Arn": "arn:aws:sqs:eu-west-1:123456789012:q"}),
    }
    return Resolver(template, physical, REGION)


def test_ref_answers_parameters_pseudo_parameters_and_resources(resolver):
    assert resolver.resolve({"Ref": "Stage"}) == "prod"
    assert resolver.resolve({"Ref": "Size"}) == "30"  # CloudFormation hands out every parameter as text
    assert resolver.resolve({"Ref": "Zones"}) == ["a", "b"]
    assert resolver.resolve({"Ref": "AWS::Region"}) == REGION
    assert resolver.resolve({"Ref": "AWS::AccountId"}) == "123456789012"
    assert resolver.resolve({"Ref": "Queue"}) == "https://queue.example/q"
    with pytest.raises(UnresolvableError):
        resolver.resolve({"Ref": "Nowhere"})


def test_getatt_and_sub(resolver):
    assert resolver.resolve({"Fn::GetAtt": ["Queue", "Arn"]}) == "arn:aws:sqs:eu-west-1:123456789012:q"
    assert resolver.resolve({"Fn::Sub": "${Queue.Arn}/${Stage}/${AWS::Region}/${!Literal}"}) == (
        "arn:aws:sqs:eu-west-1:123456789012:q/prod/eu-west-1/${Literal}"
    )
    assert resolver.resolve({"Fn::Sub": ["${name}-${Stage}", {"name": {"Ref": "Table"}}]}) == "crm-local-Table-prod"
    with pytest.raises(UnresolvableError):
        resolver.resolve({"Fn::GetAtt": ["Queue", "NoSuchAttribute"]})


def test_resources_not_provisioned_get_deterministic_stand_ins(resolver):
    arn = resolver.resolve({"Fn::GetAtt": ["Handler", "Arn"]})
    assert arn == "arn:aws:lambda:eu-west-1:123456789012:function:crm-local-Handler"


def test_a_functions_alias_and_version_name_the_one_local_function(resolver):
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:crm-local-Published"
    assert resolver.resolve({"Ref": "Published.Alias"}) == f"{arn}:live"
    assert resolver.resolve({"Ref": "Published.Version"}) == f"{arn}:1"
    assert references({"Ref": "Published.Alias"}) == {"Published"}
    with pytest.raises(UnresolvableError, match="no AutoPublishAlias"):
        resolver.resolve({"Ref": "Handler.Alias"})
    with pytest.raises(UnresolvableError, match="not a function"):
        resolver.resolve({"Ref": "Queue.Alias"})


def test_the_other_functions(resolver):
    assert resolver.resolve({"Fn::Join": ["-", ["a", {"Ref": "Stage"}, 3]]}) == "a-prod-3"
    assert resolver.resolve({"Fn::Select": [1, {"Fn::Split": [",", "x,y,z"]}]}) == "y"
    assert resolver.resolve({"Fn::If": ["IsProd", "big", "small"]}) == "big"
    assert resolver.resolve({"Fn::If": ["IsDev", "big", "small"]}) == "small"
    assert resolver.resolve({"Fn::FindInMap": ["Sizes", {"Ref": "Stage"}, "memory"]}) == 1024
    assert resolver.resolve({"Fn::GetAZs": ""}) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert base64.b64decode(resolver.resolve({"Fn::Base64": {"Ref": "Stage"}})) == b"prod"
    with pytest.raises(UnresolvableError, match="ImportValue"):
        resolver.resolve({"Fn::ImportValue": "shared-vpc"})


def test_no_value_removes_the_key_or_item(resolver):
    value = {"keep": 1, "drop": {"Fn::If": ["IsDev", 2, {"Ref": "AWS::NoValue"}]}, "list": [{"Ref": "AWS::NoValue"}, 3]}
    assert resolver.resolve(value) == {"keep": 1, "list": [3]}


def test_resources_whose_condition_fails_are_left_out(resolver):
    assert "DevOnly" not in resolver.template.resources
    assert set(resolver.template.resources_of_type("AWS::SQS::Queue")) == {"Queue"}


def test_references_finds_ref_getatt_and_sub_names():
    value = {
        "a": {"Ref": "A"},
        "b": [{"Fn::GetAtt": ["B", "Arn"]}],
        "c": {"Fn::Sub": "${C.Arn}/${D}/${!E}"},
        "d": {"Fn::Sub": ["${x}", {"x": {"Ref": "F"}}]},
    }
    assert references(value) == {"A", "B", "C", "D", "F"}


def test_the_real_template_model():
    template = Template.load(DEFAULT_TEMPLATE)
    api = template.api
    assert api.stage_name == "v1" and api.default_authorizer == "CrmAuthorizer"
    authorizer = api.authorizers["CrmAuthorizer"]
    assert authorizer.function_id == "AuthorizerFunction" and authorizer.payload_type == "REQUEST"
    assert "UNAUTHORIZED" in api.gateway_responses and api.cors is not None
    authorizer_function = template.functions["AuthorizerFunction"]
    assert authorizer_function.routes == [] and authorizer_function.memory_size == 256
    assert authorizer_function.module_file == template.root / "functions/authorizer/app.py"
    assert authorizer_function.handler_name == "lambda_handler"
    assert authorizer_function.layer_dirs == (template.root / "layers/common",)
    # Globals' variables and the function's own are merged.
    assert {"CONTACTS_TABLE", "POWERTOOLS_SERVICE_NAME"} <= set(authorizer_function.environment)
    for function in template.functions.values():
        for route in function.routes:
            assert route.path.startswith("/self-service/v1/") and route.method in {"GET", "POST", "PUT", "DELETE"}


def test_the_tiny_template_model(tiny_template):
    echo = tiny_template.functions["EchoFunction"]
    routes = {(route.method, route.path): route.authorizer for route in echo.routes}
    assert routes == {
        ("GET", "/self-service/v1/items/{id}"): "Gate",
        ("POST", "/self-service/v1/items/register"): "Gate",
        ("ANY", "/self-service/v1/public/{proxy+}"): None,
    }
    assert echo.memory_size == 256 and echo.timeout == 5
    assert set(echo.environment) == {"ITEMS_TABLE", "JOBS_QUEUE_URL", "SERVICE_NAME"}
    (source,) = tiny_template.functions["WorkerFunction"].sqs_sources
    assert source.queue == {"Fn::GetAtt": ["JobsQueue", "Arn"]}
    assert source.batch_size == 5 and source.report_batch_item_failures
    assert Resolver(tiny_template).resolve({"Ref": "Api"}) == LOCAL_API_ID

"""The local runtime's speed-ups of moto (local/moto_speedups.py) answer exactly what moto's own code answers."""

from __future__ import annotations

import functools
import threading

import boto3
import pytest
from moto import mock_aws
from moto.core import responses, serialize
from moto.core.utils import get_service_model

from local import moto_speedups

EVERY_TYPE = {
    "pk": {"S": "contact#1"},
    "n": {"N": "42.5"},
    "b": {"B": b"\x00\xffbinary"},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "null": {"NULL": True},
    "yes": {"BOOL": True},
    "no": {"BOOL": False},
    "empty": {"S": ""},
    "m": {"M": {"inner": {"L": [{"S": "x"}, {"N": "1"}, {"M": {"deep": {"BOOL": False}}}, {"NULL": True}]}}},
    "l": {"L": []},
    "empty_map": {"M": {}},
}


def _serialized(operation: str, result: dict, structure_serializer) -> str:
    class Serializer(serialize.get_serializer_class("dynamodb", "json")):
        _serialize_type_structure = structure_serializer

    operation_model = get_service_model("dynamodb").operation_model(operation)
    serializer = Serializer(operation_model=operation_model, value_picker=serialize.XFormedAttributePicker())
    return serializer.serialize(result)["body"]


@pytest.mark.parametrize(
    "operation, result",
    [
        ("GetItem", {"Item": EVERY_TYPE}),
        ("GetItem", {}),
        (
            "Query",
            {
                "Items": [EVERY_TYPE, {"pk": {"S": "2"}}],
                "Count": 2,
                "ScannedCount": 2,
                "LastEvaluatedKey": {"pk": {"S": "2"}},
            },
        ),
        ("TransactGetItems", {"Responses": [{"Item": EVERY_TYPE}, {}]}),
        # Keys that are not AttributeValue members take moto's own path (and its aliases).
        ("GetItem", {"Item": {"pk": {"S": "x", "string_attribute_value": "y"}}}),
    ],
)
def test_attribute_values_serialize_as_moto_serializes_them(operation, result):
    original = serialize.BaseJSONSerializer._serialize_type_structure
    original = getattr(original, "__wrapped__", original)
    fast = moto_speedups.attribute_value_fast_path(original)
    assert _serialized(operation, result, fast) == _serialized(operation, result, original)


def _table_t():
    """A DynamoDB client (inside mock_aws) and its table "t", keyed by a string pk."""
    dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    dynamodb.create_table(
        TableName="t",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return dynamodb


def test_every_attribute_type_round_trips_through_dynamodb_with_the_speed_ups(monkeypatch):
    original = serialize.BaseJSONSerializer._serialize_type_structure
    monkeypatch.setattr(
        serialize.BaseJSONSerializer,
        "_serialize_type_structure",
        moto_speedups.attribute_value_fast_path(getattr(original, "__wrapped__", original)),
    )
    cached = functools.lru_cache(maxsize=None)(
        getattr(responses.method_names_from_class, "__wrapped__", responses.method_names_from_class)
    )
    monkeypatch.setattr(responses, "method_names_from_class", cached)
    with mock_aws():
        dynamodb = _table_t()
        dynamodb.put_item(TableName="t", Item=EVERY_TYPE)
        item = dynamodb.get_item(TableName="t", Key={"pk": {"S": "contact#1"}})["Item"]
        missing = dynamodb.get_item(TableName="t", Key={"pk": {"S": "nobody"}})
    assert "Item" not in missing
    assert {
        **item,
        "ss": {"SS": sorted(item["ss"]["SS"])},
        "ns": {"NS": sorted(item["ns"]["NS"])},
        "bs": {"BS": sorted(item["bs"]["BS"])},
    } == EVERY_TYPE
    assert cached.cache_info().hits > 0  # every call after the first asked the cache


def test_apply_installs_each_once(monkeypatch):
    # Given back afterwards, so that the other tests run on moto as installed.
    monkeypatch.setattr(responses, "method_names_from_class", responses.method_names_from_class)
    monkeypatch.setattr(
        serialize.BaseJSONSerializer,
        "_serialize_type_structure",
        serialize.BaseJSONSerializer.__dict__["_serialize_type_structure"],
    )
    monkeypatch.setattr(moto_speedups, "_applied", [])
    from moto.dynamodb.responses import DynamoHandler

    monkeypatch.setattr(DynamoHandler, "call_action", DynamoHandler.__dict__["call_action"])
    from moto.dynamodb import models

    monkeypatch.setattr(
        models.DynamoDBBackend, "transact_write_items", models.DynamoDBBackend.__dict__["transact_write_items"]
    )
    monkeypatch.setattr(models, "copy", models.copy)
    from botocore import handlers

    monkeypatch.setattr(responses, "gen_amzn_requestid_long", responses.gen_amzn_requestid_long)
    monkeypatch.setattr(handlers, "BUILTIN_HANDLERS", list(handlers.BUILTIN_HANDLERS))
    every = [
        "method names",
        "attribute values",
        "atomic DynamoDB calls",
        "item rollbacks",
        "request ids",
        "direct DynamoDB calls",
    ]
    assert moto_speedups.apply() == every
    assert moto_speedups.apply() == every
    assert hasattr(responses.method_names_from_class, "cache_info")


def _race_transactions_against_writes() -> list[Exception]:
    """8 threads: half write items one by one, half run transactions on the same table (which moto answers by
    deep-copying the table). Answers the errors the calls raised."""
    with mock_aws():
        dynamodb = _table_t()
        for n in range(300):
            dynamodb.put_item(TableName="t", Item={"pk": {"S": f"seed{n}"}, "m": EVERY_TYPE["m"]})
        errors: list[Exception] = []

        def work(worker: int) -> None:
            client = boto3.client("dynamodb", region_name="eu-west-1")
            for n in range(25):
                try:
                    item = {"pk": {"S": f"w{worker}-{n}"}}
                    if worker % 2:
                        client.transact_write_items(TransactItems=[{"Put": {"TableName": "t", "Item": item}}])
                    else:
                        client.put_item(TableName="t", Item=item)
                except Exception as error:  # noqa: BLE001 - collected for the assertion
                    errors.append(error)

        threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        written = dynamodb.scan(TableName="t", Select="COUNT")["Count"]
    return errors if errors else ([] if written == 300 + 8 * 25 else [AssertionError(f"{written} items")])


def test_dynamodb_calls_from_many_threads_are_atomic(monkeypatch):
    from moto.dynamodb.responses import DynamoHandler

    monkeypatch.setattr(DynamoHandler, "call_action", DynamoHandler.__dict__["call_action"])
    monkeypatch.setattr(moto_speedups, "_applied", [])
    if not getattr(DynamoHandler.__dict__["call_action"], "crm_local_lock", None):
        assert moto_speedups._atomic_dynamodb_calls()
    assert _race_transactions_against_writes() == []


def _transactions_scenario() -> list:
    """Transactions that succeed, fail on a condition after changing items, and name one item twice, on a
    table with a range key and one without; answers each call's outcome and both tables' items afterwards."""
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
        for name, keys in (("hash", ["pk"]), ("ranged", ["pk", "sk"])):
            dynamodb.create_table(
                TableName=name,
                BillingMode="PAY_PER_REQUEST",
                KeySchema=[
                    {"AttributeName": key, "KeyType": kind} for key, kind in zip(keys, ("HASH", "RANGE"), strict=False)
                ],
                AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key in keys],
            )
        for n in range(5):
            dynamodb.put_item(TableName="hash", Item={"pk": {"S": f"h{n}"}, "m": EVERY_TYPE["m"], "v": {"N": "1"}})
            dynamodb.put_item(TableName="ranged", Item={"pk": {"S": "p"}, "sk": {"S": f"s{n}"}, "v": {"N": "1"}})
        changes = [
            {
                "Update": {
                    "TableName": "hash",
                    "Key": {"pk": {"S": "h1"}},
                    "UpdateExpression": "SET v = v + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                }
            },
            {"Put": {"TableName": "ranged", "Item": {"pk": {"S": "new"}, "sk": {"S": "s"}, "v": {"N": "9"}}}},
            {"Delete": {"TableName": "ranged", "Key": {"pk": {"S": "p"}, "sk": {"S": "s2"}}}},
            {"Delete": {"TableName": "hash", "Key": {"pk": {"S": "h3"}}}},
        ]
        failing = {
            "ConditionCheck": {
                "TableName": "hash",
                "Key": {"pk": {"S": "h4"}},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        twice = {"Put": {"TableName": "hash", "Item": {"pk": {"S": "h1"}}}}
        outcomes = []
        for transact_items in (changes + [failing], [failing] + changes, changes + [twice], changes):
            try:
                dynamodb.transact_write_items(TransactItems=transact_items)
                outcomes.append("ok")
            except dynamodb.exceptions.ClientError as error:
                outcomes.append(
                    (
                        error.response["Error"]["Code"],
                        error.response["Error"]["Message"],
                        error.response.get("CancellationReasons"),
                    )
                )
            outcomes.append(
                {table: sorted(map(str, dynamodb.scan(TableName=table)["Items"])) for table in ("hash", "ranged")}
            )
    return outcomes


def test_transactions_roll_back_item_by_item_as_moto_rolls_back_tables(monkeypatch):
    from moto.dynamodb import models

    original = models.DynamoDBBackend.__dict__["transact_write_items"]
    original = getattr(original, "__wrapped__", original)
    monkeypatch.setattr(models.DynamoDBBackend, "transact_write_items", original)
    monkeypatch.setattr(models, "copy", __import__("copy"))
    expected = _transactions_scenario()
    monkeypatch.setattr(models.DynamoDBBackend, "transact_write_items", moto_speedups.item_rollback(original))
    monkeypatch.setattr(models, "copy", moto_speedups._TransactionCopies)
    copies = []
    deepcopy = __import__("copy").deepcopy
    monkeypatch.setattr(
        moto_speedups.copy,
        "deepcopy",
        lambda value, memo=None: copies.append(type(value).__name__) or deepcopy(value, memo),
    )
    assert _transactions_scenario() == expected
    assert expected[0][0] == "TransactionCanceledException" and expected[-2] == "ok"
    assert "Table" not in copies  # no table was copied whole


def _dynamodb_conversation() -> list:
    """Every kind of DynamoDB call the functions make, answers and errors alike (errors with their modeled
    fields: cancellation reasons, the item of a failed condition); the parts that differ per call (request ids,
    dates, checksums) left out."""
    import botocore.session
    from botocore.exceptions import ClientError

    with mock_aws():
        client = botocore.session.get_session().create_client("dynamodb", region_name="eu-west-1")
        calls = [
            (
                "create_table",
                dict(
                    TableName="t",
                    BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                    AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "g")],
                    GlobalSecondaryIndexes=[
                        {
                            "IndexName": "by_g",
                            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                            "Projection": {"ProjectionType": "ALL"},
                        }
                    ],
                ),
            ),
            ("put_item", dict(TableName="t", Item={**EVERY_TYPE, "pk": {"S": "p"}, "sk": {"S": "1"}, "g": {"S": "x"}})),
            (
                "put_item",
                dict(
                    TableName="t",
                    Item={"pk": {"S": "p"}, "sk": {"S": "2"}, "g": {"S": "x"}, "n": {"N": "1"}},
                    ReturnValues="ALL_OLD",
                ),
            ),
            ("get_item", dict(TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "1"}}, ConsistentRead=True)),
            ("get_item", dict(TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "none"}})),
            ("get_item", dict(TableName="t", Key={"pk": {"S": "p"}})),  # a validation error
            ("get_item", dict(TableName="missing", Key={"pk": {"S": "p"}, "sk": {"S": "1"}})),
            (
                "update_item",
                dict(
                    TableName="t",
                    Key={"pk": {"S": "p"}, "sk": {"S": "2"}},
                    UpdateExpression="SET n = n + :one",
                    ExpressionAttributeValues={":one": {"N": "1"}},
                    ReturnValues="ALL_NEW",
                ),
            ),
            (
                "update_item",
                dict(
                    TableName="t",
                    Key={"pk": {"S": "p"}, "sk": {"S": "2"}},
                    UpdateExpression="SET n = :one",
                    ConditionExpression="n = :zero",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                    ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
                ),
            ),
            (
                "query",
                dict(
                    TableName="t",
                    KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": "p"}},
                    Limit=1,
                    ScanIndexForward=False,
                ),
            ),
            (
                "query",
                dict(
                    TableName="t",
                    IndexName="by_g",
                    KeyConditionExpression="g = :g",
                    FilterExpression="attribute_exists(n)",
                    ExpressionAttributeValues={":g": {"S": "x"}},
                ),
            ),
            (
                "transact_get_items",
                dict(TransactItems=[{"Get": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "1"}}}}]),
            ),
            (
                "transact_write_items",
                dict(
                    TransactItems=[
                        {"Put": {"TableName": "t", "Item": {"pk": {"S": "q"}, "sk": {"S": "1"}}}},
                        {
                            "ConditionCheck": {
                                "TableName": "t",
                                "Key": {"pk": {"S": "p"}, "sk": {"S": "1"}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                            }
                        },
                    ]
                ),
            ),
            (
                "transact_write_items",
                dict(TransactItems=[{"Delete": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "2"}}}}]),
            ),
            ("batch_get_item", dict(RequestItems={"t": {"Keys": [{"pk": {"S": "p"}, "sk": {"S": "1"}}]}})),
            ("delete_item", dict(TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "1"}}, ReturnValues="ALL_OLD")),
            ("scan", dict(TableName="t")),
        ]
        outcomes = []
        for operation, arguments in calls:
            try:
                answer = getattr(client, operation)(**arguments)
                answer.pop("ResponseMetadata")
                if operation == "create_table":
                    answer = answer["TableDescription"]["TableName"]
                outcomes.append(("ok", operation, answer))
            except ClientError as error:
                outcomes.append(
                    (
                        type(error).__name__,
                        operation,
                        str(error),
                        {k: v for k, v in error.response.items() if k != "ResponseMetadata"},
                        error.response["ResponseMetadata"]["HTTPStatusCode"],
                    )
                )
    return outcomes


def test_dynamodb_answered_in_process_as_moto_answers_over_http(monkeypatch):
    from botocore import handlers

    entry = ("before-call.dynamodb", moto_speedups.answer_dynamodb_in_process)
    monkeypatch.setattr(handlers, "BUILTIN_HANDLERS", [spec for spec in handlers.BUILTIN_HANDLERS if spec != entry])
    expected = _dynamodb_conversation()
    answered = []

    def counted(**kwargs):
        result = moto_speedups.answer_dynamodb_in_process(**kwargs)
        answered.append(result is not None)
        return result

    monkeypatch.setattr(handlers, "BUILTIN_HANDLERS", [*handlers.BUILTIN_HANDLERS, ("before-call.dynamodb", counted)])
    assert _dynamodb_conversation() == expected
    assert answered and all(answered)  # every call took the direct path
    assert [outcome[0] for outcome in expected].count("ok") == 13
    assert {outcome[3]["Error"]["Code"] for outcome in expected if outcome[0] != "ok"} == {
        "ValidationException",
        "ResourceNotFoundException",
        "ConditionalCheckFailedException",
        "TransactionCanceledException",
    }

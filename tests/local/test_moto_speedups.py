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
        ("Query", {"Items": [EVERY_TYPE, {"pk": {"S": "2"}}], "Count": 2, "ScannedCount": 2,
                   "LastEvaluatedKey": {"pk": {"S": "2"}}}),
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


def test_every_attribute_type_round_trips_through_dynamodb_with_the_speed_ups(monkeypatch):
    original = serialize.BaseJSONSerializer._serialize_type_structure
    monkeypatch.setattr(serialize.BaseJSONSerializer, "_serialize_type_structure",
                        moto_speedups.attribute_value_fast_path(getattr(original, "__wrapped__", original)))
    cached = functools.lru_cache(maxsize=None)(getattr(responses.method_names_from_class, "__wrapped__",
                                                       responses.method_names_from_class))
    monkeypatch.setattr(responses, "method_names_from_class", cached)
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
        dynamodb.create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        dynamodb.put_item(TableName="t", Item=EVERY_TYPE)
        item = dynamodb.get_item(TableName="t", Key={"pk": {"S": "contact#1"}})["Item"]
        missing = dynamodb.get_item(TableName="t", Key={"pk": {"S": "nobody"}})
    assert "Item" not in missing
    assert {**item, "ss": {"SS": sorted(item["ss"]["SS"])}, "ns": {"NS": sorted(item["ns"]["NS"])},
            "bs": {"BS": sorted(item["bs"]["BS"])}} == EVERY_TYPE
    assert cached.cache_info().hits > 0  # every call after the first asked the cache


def test_apply_installs_both_once(monkeypatch):
    # Given back afterwards, so that the other tests run on moto as installed.
    monkeypatch.setattr(responses, "method_names_from_class", responses.method_names_from_class)
    monkeypatch.setattr(serialize.BaseJSONSerializer, "_serialize_type_structure",
                        serialize.BaseJSONSerializer.__dict__["_serialize_type_structure"])
    monkeypatch.setattr(moto_speedups, "_applied", [])
    from moto.dynamodb.responses import DynamoHandler
    monkeypatch.setattr(DynamoHandler, "call_action", DynamoHandler.__dict__["call_action"])
    assert moto_speedups.apply() == ["method names", "attribute values", "atomic DynamoDB calls"]
    assert moto_speedups.apply() == ["method names", "attribute values", "atomic DynamoDB calls"]
    assert hasattr(responses.method_names_from_class, "cache_info")


def _race_transactions_against_writes() -> list[Exception]:
    """8 threads: half write items one by one, half run transactions on the same table (which moto answers by
    deep-copying the table). Answers the errors the calls raised."""
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
        dynamodb.create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
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

"""Changes to moto for the local runtime, which calls moto in-process for every AWS call a request makes (an API
request makes two to ten), from many threads: faster paths, each giving the answer moto's own code gives
(tests/local/test_moto_speedups.py compares them), and one lock that makes DynamoDB's calls atomic as they are on
AWS. Each is left out when moto's internals are not what it expects.

Measured on GET /contacts/{id} (three DynamoDB GetItem calls), in-process on an idle machine: 8.9 ms -> ~5 ms; one
GetItem answered without botocore's HTTP round trip: 1.27 ms -> ~0.6 ms. Under `make load` (200 requests/s) the runtime
went from ~104 to ~199 requests/s once transactions stopped copying whole tables and DynamoDB was answered
in-process."""

from __future__ import annotations

import copy
import functools
import os
import string
import threading
from typing import Any, Callable

_applied: list[str] = []


def _cache_method_names() -> bool:
    """moto lists the response class's methods with inspect.getmembers on every call (~0.7 ms); a class's methods
    do not change while the process runs."""
    from moto.core import responses

    original = getattr(responses, "method_names_from_class", None)
    if original is None or hasattr(original, "cache_info"):
        return False
    responses.method_names_from_class = functools.lru_cache(maxsize=None)(original)
    return True


class _NotPlain(Exception):
    """A value the fast path does not know: moto's own code serializes it."""


_STRINGS = ("S", "N")
_STRING_SETS = ("SS", "NS")


def _plain_string(value: Any) -> Any:
    # moto's _serialize_type_string
    return str(value) if value not in [None, {}, []] else value


def _attribute_value(serializer: Any, value: Any) -> dict[str, Any]:
    """What moto's JSON serializer makes of one AttributeValue in wire form ({"S": "x"}, {"M": {...}}, ...)."""
    if type(value) is not dict:
        raise _NotPlain
    serialized: dict[str, Any] = {}
    for member, member_value in value.items():
        if member_value is None:
            continue
        if member in _STRINGS:
            serialized[member] = _plain_string(member_value)
        elif member == "B":
            serialized[member] = serializer._base64(member_value)
        elif member in _STRING_SETS and type(member_value) is list:
            serialized[member] = [_plain_string(item) for item in member_value]
        elif member == "BS" and type(member_value) is list:
            serialized[member] = [serializer._base64(item) for item in member_value]
        elif member in ("NULL", "BOOL"):
            serialized[member] = member_value
        elif member == "M" and type(member_value) is dict:
            serialized[member] = {key: _attribute_value(serializer, item) for key, item in member_value.items()}
        elif member == "L" and type(member_value) is list:
            serialized[member] = [_attribute_value(serializer, item) for item in member_value]
        else:
            raise _NotPlain
    return serialized


def attribute_value_fast_path(original: Callable[..., None]) -> Callable[..., None]:
    """DynamoDB's AttributeValue, serialized by a plain recursive function instead of asking moto's attribute
    picker for each of its ten members under every alias it knows (half the time of a GetItem). Only for values
    in wire form (plain dicts, lists and strings) and no response transformers; anything else takes moto's path."""

    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if (
            shape.name == "AttributeValue"
            and not shape.is_document_type
            and not getattr(self._value_picker, "response_transformers", None)
        ):
            try:
                converted = _attribute_value(self, value)
            except _NotPlain:
                pass
            else:
                if key:
                    self._default_serialize(serialized, converted, shape, key)
                else:
                    serialized.update(converted)
                return
        original(self, serialized, value, shape, key)

    serialize_structure.__wrapped__ = original  # type: ignore[attr-defined]
    return serialize_structure


def _fast_attribute_values() -> bool:
    from moto.core import serialize

    serializer = getattr(serialize, "BaseJSONSerializer", None)
    original = getattr(serializer, "_serialize_type_structure", None)
    if original is None or hasattr(original, "__wrapped__"):
        return False
    serializer._serialize_type_structure = attribute_value_fast_path(original)
    return True


def _atomic_dynamodb_calls() -> bool:
    """moto's DynamoDB backend is not safe for threads: a transaction deep-copies its tables while another
    thread's PutItem changes them ("dictionary changed size during iteration", a 500 under load). One call at a
    time, in-process and through moto's server alike; DynamoDB calls never wait, unlike SQS's long polls."""
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.__dict__.get("call_action")
    if original is None or getattr(original, "crm_local_lock", None):
        return False
    lock = threading.RLock()

    @functools.wraps(original)
    def call_action(self: Any) -> Any:
        with lock:
            return original(self)

    call_action.crm_local_lock = lock  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action
    return True


class _TransactionCopies:
    """What moto's DynamoDB module sees as `copy`: while a transaction's rollback is taken care of item by item
    (see _item_rollback), its copy of a whole table is the table itself; every other copy is a deep copy."""

    skip_table_copies = threading.local()

    @classmethod
    def deepcopy(cls, value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        if isinstance(value, Table) and getattr(cls.skip_table_copies, "active", False):
            return value
        return copy.deepcopy(value, memo)


def _transaction_keys(backend: Any, transact_items: list[dict[str, Any]]) -> list[tuple[Any, Any, Any]] | None:
    """(table, hash key, range key) of every item a TransactWriteItems names, as moto keys them; None when one
    is not plain (a missing table or key, a table with a stream): then moto's own whole-table copy serves."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    keys = []
    for entry in transact_items:
        if len(entry) != 1:
            return None
        operation = next(iter(entry.values()))
        table = backend.tables.get(operation.get("TableName")) if isinstance(operation, dict) else None
        if table is None or table.stream_shard is not None:
            return None
        key = operation.get("Key") or operation.get("Item")
        names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
        if not isinstance(key, dict) or any(not isinstance(key.get(name), dict) for name in names):
            return None
        values = [DynamoType(key[name]) for name in names]
        keys.append((table, values[0], values[1] if table.range_key_attr else None))
    return keys


def _restore(table: Any, hash_key: Any, range_key: Any, item: Any) -> None:
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
        return
    partition = table.items[hash_key]
    if item is None:
        partition.pop(range_key, None)
        if not partition:
            table.items.pop(hash_key, None)
    else:
        partition[range_key] = item


def item_rollback(original: Callable[..., None]) -> Callable[..., None]:
    """TransactWriteItems without moto's deep copy of every table it touches (which grows with the table: a
    registration took 16 % of the runtime's CPU under load). A copy of each item it names is kept instead, and
    put back if the transaction fails, which is what restoring the whole table comes to."""

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        keys = _transaction_keys(self, transact_items) if len(transact_items) <= 100 else None
        if keys is None:
            return original(self, transact_items)
        saved = [
            (table, hash_key, range_key, copy.deepcopy(_stored(table, hash_key, range_key)))
            for table, hash_key, range_key in keys
        ]
        _TransactionCopies.skip_table_copies.active = True
        try:
            return original(self, transact_items)
        except BaseException:
            for table, hash_key, range_key, item in reversed(saved):  # the first copy of an item is its original
                _restore(table, hash_key, range_key, item)
            raise
        finally:
            _TransactionCopies.skip_table_copies.active = False

    transact_write_items.crm_item_rollback = True  # type: ignore[attr-defined]
    return transact_write_items


def _stored(table: Any, hash_key: Any, range_key: Any) -> Any:
    if range_key is None:
        return table.items.get(hash_key)
    partition = table.items.get(hash_key)
    return None if partition is None else partition.get(range_key)


def _item_rollbacks() -> bool:
    from moto.dynamodb import models

    original = models.DynamoDBBackend.__dict__.get("transact_write_items")
    if original is None or getattr(original, "crm_item_rollback", False) or getattr(models, "copy", None) is not copy:
        return False
    models.copy = _TransactionCopies  # type: ignore[attr-defined]
    models.DynamoDBBackend.transact_write_items = item_rollback(original)
    return True


_REQUEST_ID_CHARACTERS = string.ascii_letters + string.digits


def fast_request_id(headers: dict[str, Any] | None = None) -> str:
    """moto's gen_amzn_requestid_long (52 characters of the same pool, from moto's seedable random) with one
    call to the generator instead of 52 (about 40 microseconds of every AWS call)."""
    from moto.moto_api._internal import mock_random

    request_id = "".join(mock_random.choices(_REQUEST_ID_CHARACTERS, k=52))
    if isinstance(headers, dict):
        headers["x-amzn-requestid"] = request_id
    return request_id


def _fast_request_ids() -> bool:
    from moto.core import responses

    if getattr(responses, "gen_amzn_requestid_long", None) is fast_request_id:
        return False
    responses.gen_amzn_requestid_long = fast_request_id
    return True


def answer_dynamodb_in_process(
    model: Any, params: dict[str, Any], request_signer: Any, context: Any, **kwargs: Any
) -> tuple[Any, dict[str, Any]] | None:
    """A botocore `before-call.dynamodb` handler: moto's DynamoDB answers the call directly, as its own
    BotocoreStubber would after turning the request into an HTTP request and back (signing, werkzeug, URL
    matching: about 0.7 of the 1.3 ms a GetItem took). What stays is moto's: its parser of the request body, its
    DynamoHandler (under the lock of _atomic_dynamodb_calls) and its serializer; and botocore's parser of the
    answer, modeled error fields included. None (the usual path) unless moto is mocking and the call is for
    DynamoDB's own endpoint, as BotocoreStubber would."""
    from moto.core.models import botocore_stubber

    url = params.get("url", "")
    if not (botocore_stubber.enabled and url.startswith("https://dynamodb.") and url.endswith(".amazonaws.com/")):
        return None
    from botocore import parsers
    from botocore.awsrequest import AWSResponse
    from botocore.endpoint import Endpoint
    from moto.core.botocore_stubber import MockRawResponse
    from moto.core.parse import PROTOCOL_PARSERS
    from moto.core.utils import utcnow
    from moto.dynamodb.responses import DynamoHandler
    from moto.iam.models import get_account_id_from, mark_account_as_visited
    from moto.utilities.utils import get_partition
    from werkzeug.datastructures import Headers
    from werkzeug.http import http_date

    body = params["body"].decode("utf-8") if isinstance(params["body"], bytes) else params["body"]
    handler = DynamoHandler()  # what BaseResponse.setup_class sets, for a JSON POST to "/"
    handler.headers = Headers(params["headers"])
    handler.method, handler.uri, handler.path, handler.querystring, handler.uri_match = "POST", url, "/", {}, {}
    handler.body = handler.raw_body = body
    handler.region = request_signer.region_name
    handler.partition = get_partition(handler.region)
    handler.response_headers = {"server": "amazon.com", "date": http_date(utcnow())}
    credentials = request_signer._credentials
    handler.access_key = credentials.access_key if credentials is not None else "AKIAEXAMPLE"
    handler.current_account = os.environ.get("MOTO_ACCOUNT_ID") or get_account_id_from(handler.access_key)
    mark_account_as_visited(
        account_id=handler.current_account, access_key=handler.access_key, service="dynamodb", region=handler.region
    )
    handler.params = PROTOCOL_PARSERS["json"](model, map_type=handler.PROTOCOL_PARSER_MAP_TYPE).parse(
        {"method": "POST", "values": {}, "headers": handler.headers, "body": body, "url_path": "/", "url_params": {}}
    )
    status, headers, answer = handler.call_action()
    http = AWSResponse(url, int(status), headers, MockRawResponse(answer))
    response = {"headers": http.headers, "status_code": http.status_code, "body": http.content, "context": context}
    parser = parsers.create_parser(model.metadata["protocol"])
    parsed = parser.parse(response, model.output_shape)
    if http.status_code >= 300:
        Endpoint._add_modeled_error_fields(None, response, parsed, model, parser)  # type: ignore[arg-type]
    parsed.setdefault("ResponseMetadata", {})["RetryAttempts"] = 0
    return http, parsed


def _direct_dynamodb_calls() -> bool:
    """Every botocore session made from now on answers DynamoDB calls with answer_dynamodb_in_process; the
    local runtime applies this before any function makes one."""
    from botocore import handlers

    entry = ("before-call.dynamodb", answer_dynamodb_in_process)
    if entry in handlers.BUILTIN_HANDLERS:
        return False
    handlers.BUILTIN_HANDLERS.append(entry)
    return True


def apply() -> list[str]:
    """Install every speed-up that fits the installed moto (once); answer the names of those in place."""
    if not _applied:
        for name, install in (
            ("method names", _cache_method_names),
            ("attribute values", _fast_attribute_values),
            ("atomic DynamoDB calls", _atomic_dynamodb_calls),
            ("item rollbacks", _item_rollbacks),
            ("request ids", _fast_request_ids),
            ("direct DynamoDB calls", _direct_dynamodb_calls),
        ):
            try:
                if install():
                    _applied.append(name)
            except (ImportError, AttributeError):
                continue
    return list(_applied)

"""Lambda's SQS event source mapping: poll a queue, hand batches to the function, delete what it handled.
A failed batch stays on the queue and comes back after the visibility timeout, so the redrive policy applies."""

from __future__ import annotations

import base64
import sys
import threading
import traceback
from typing import Any, Callable, Mapping

import boto3

from local.cfn import SqsSource

Handler = Callable[[dict[str, Any]], Any]


def _message_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """boto3's MessageAttributes in the spelling of Lambda's SQS event."""
    converted = {}
    for name, attribute in attributes.items():
        binary = attribute.get("BinaryValue")
        converted[name] = {
            "stringValue": attribute.get("StringValue"),
            "binaryValue": base64.b64encode(binary).decode() if binary is not None else None,
            "stringListValues": attribute.get("StringListValues", []),
            "binaryListValues": [base64.b64encode(v).decode() for v in attribute.get("BinaryListValues", [])],
            "dataType": attribute["DataType"],
        }
    return converted


def sqs_event(messages: list[Mapping[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": _message_attributes(message.get("MessageAttributes", {})),
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for message in messages
        ]
    }


def handled_message_ids(messages: list[Mapping[str, Any]], answer: Any, report_failures: bool) -> set[str]:
    """The messages to delete after the function returned `answer`. With ReportBatchItemFailures, the ones it
    names stay; an answer Lambda cannot read fails the whole batch."""
    all_ids = {message["MessageId"] for message in messages}
    if not report_failures or not isinstance(answer, Mapping) or not answer.get("batchItemFailures"):
        return all_ids
    failures = answer["batchItemFailures"]
    readable = isinstance(failures, list) and all(
        isinstance(item, Mapping) and item.get("itemIdentifier") in all_ids for item in failures
    )
    return all_ids - {item["itemIdentifier"] for item in failures} if readable else set()


class QueueConsumer(threading.Thread):
    def __init__(
        self,
        source: SqsSource,
        handler: Handler,
        queue_url: str,
        queue_arn: str,
        region: str,
        stopping: threading.Event,
    ):
        super().__init__(name=f"sqs-{source.function_id}", daemon=True)
        self._source = source
        self._handler = handler
        self._queue_url = queue_url
        self._queue_arn = queue_arn
        self._region = region
        self._stopping = stopping

    def run(self) -> None:
        sqs = boto3.client("sqs", region_name=self._region)
        while not self._stopping.is_set():
            try:
                self.poll_once(sqs)
            except Exception:  # noqa: BLE001 - keep polling, as Lambda does, whatever one poll met
                sys.stderr.write(f"[ERROR] polling {self._queue_url}\n{traceback.format_exc()}")

    def poll_once(self, sqs: Any) -> None:
        messages = sqs.receive_message(
            QueueUrl=self._queue_url,
            MaxNumberOfMessages=min(self._source.batch_size, 10),
            WaitTimeSeconds=1,  # short, so that stopping takes effect quickly
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return
        try:
            answer = self._handler(sqs_event(messages, self._queue_arn, self._region))
        except Exception:  # noqa: BLE001 - the batch stays on the queue
            sys.stderr.write(f"[ERROR] {self._source.function_id} failed a batch\n{traceback.format_exc()}")
            return
        handled = handled_message_ids(messages, answer, self._source.report_batch_item_failures)
        entries = [
            {"Id": str(index), "ReceiptHandle": message["ReceiptHandle"]}
            for index, message in enumerate(messages)
            if message["MessageId"] in handled
        ]
        if entries:
            sqs.delete_message_batch(QueueUrl=self._queue_url, Entries=entries)

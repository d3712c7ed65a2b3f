"""Which AWS failures answer 503, 409 or 502, and which stay a 500 (crm/failures.py)."""

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from pynamodb.exceptions import GetError, PutError

from crm.failures import answer_for


def client_error(code, operation, reasons=None):
    response = {"Error": {"Code": code, "Message": "m"}}
    if reasons:
        response["CancellationReasons"] = [{"Code": r} for r in reasons]
    return ClientError(response, operation)


@pytest.mark.parametrize(
    "exc, status",
    [
        (PutError("x", client_error("ProvisionedThroughputExceededException", "PutItem")), 503),
        (client_error("RequestLimitExceeded", "Query"), 503),
        (client_error("TransactionCanceledException", "TransactWriteItems", ["None", "ThrottlingError"]), 503),
        (GetError("x", EndpointConnectionError(endpoint_url="https://dynamodb")), 503),
        (PutError("x", client_error("ConditionalCheckFailedException", "PutItem")), 409),
        (client_error("TransactionCanceledException", "TransactWriteItems", ["TransactionConflict", "None"]), 409),
        (client_error("MessageRejected", "SendEmail"), 502),
        (client_error("InternalError", "PutObject"), 502),
        (EndpointConnectionError(endpoint_url="https://sns"), 502),
    ],
)
def test_aws_failures_have_their_status(exc, status):
    answer = answer_for(exc)
    assert answer is not None and answer.status == status
    assert ("Retry-After" in answer.headers) == (status == 503)


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("a bug"),
        PutError("x", client_error("ValidationException", "PutItem")),  # our request was wrong: a 500
        client_error("TransactionCanceledException", "TransactWriteItems", ["ValidationError"]),
    ],
)
def test_other_failures_stay_500(exc):
    assert answer_for(exc) is None


def test_an_error_raised_while_handling_an_aws_failure_is_not_taken_for_it():
    try:
        try:
            raise client_error("MessageRejected", "SendEmail")
        except ClientError:
            raise KeyError("a bug in the handling")  # noqa: B904 - the test needs an exception raised inside one
    except KeyError as bug:
        assert answer_for(bug) is None

"""The CRM error model: every non-2xx answer is {status, message, error, parameters}."""

from __future__ import annotations

from typing import Any


class ErrorCode:
    NOT_FOUND = "CRM.EXCEPTIONS.NOTFOUNDEXCEPTION"
    INVALID_LOGIN = "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION"
    INVALID_VALUE = "CRM.EXCEPTIONS.INVALIDVALUEEXCEPTION"
    UNAUTHORIZED = "CRM.EXCEPTIONS.UNAUTHORIZEDEXCEPTION"
    FORBIDDEN = "CRM.EXCEPTIONS.FORBIDDENEXCEPTION"
    ALREADY_EXISTS = "CRM.EXCEPTIONS.ALREADYEXISTSEXCEPTION"
    CONFLICT = "CRM.EXCEPTIONS.CONFLICTEXCEPTION"
    PAYLOAD_TOO_LARGE = "CRM.EXCEPTIONS.PAYLOADTOOLARGEEXCEPTION"
    TOO_MANY_REQUESTS = "CRM.EXCEPTIONS.TOOMANYREQUESTSEXCEPTION"
    CONTACT_NOT_UNIQUE = "COM.CRM.EXCEPTIONS.CONTACTUNIQUELYIDENTIFYEXCEPTION"
    CLIENT_ALREADY_AUTHORIZED = "ClientAlreadyAuthorizedException"
    INTERNAL = "CRM.EXCEPTIONS.INTERNALSERVEREXCEPTION"
    UPSTREAM = "CRM.EXCEPTIONS.UPSTREAMEXCEPTION"
    UNAVAILABLE = "CRM.EXCEPTIONS.SERVICEUNAVAILABLEEXCEPTION"


def error_body(status: int, message: str, error: str, parameters: list[Any] | None = None) -> dict[str, Any]:
    return {"status": status, "message": message, "error": error, "parameters": list(parameters or [])}


class CrmError(Exception):
    """An error the API answers on purpose; anything else is a 500."""

    status = 400
    error = ErrorCode.INVALID_VALUE
    message = "Invalid request."

    def __init__(
        self,
        message: str | None = None,
        parameters: list[Any] | None = None,
        *,
        error: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.message = message or type(self).message
        self.parameters = list(parameters or [])
        if error:
            self.error = error
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.message, self.error, self.parameters)


class InvalidInput(CrmError):
    status = 400
    error = ErrorCode.INVALID_VALUE
    message = "Invalid request."


class Unauthorized(CrmError):
    status = 401
    error = ErrorCode.UNAUTHORIZED
    message = "Unauthorized"


class InvalidLogin(CrmError):
    status = 401
    error = ErrorCode.INVALID_LOGIN
    message = "Invalid username or password."


class Forbidden(CrmError):
    status = 403
    error = ErrorCode.FORBIDDEN
    message = "Not permitted."


class NotFound(CrmError):
    status = 404
    error = ErrorCode.NOT_FOUND
    message = "Record not found."

    def __init__(self, entity: str, identifier: str | None = None):
        super().__init__(parameters=[entity] + ([identifier] if identifier is not None else []))


class AlreadyExists(CrmError):
    status = 409
    error = ErrorCode.ALREADY_EXISTS
    message = "Record already exists."


class Conflict(CrmError):
    status = 409
    error = ErrorCode.CONFLICT
    message = "The record was changed by another request; read it again and retry."


class PayloadTooLarge(CrmError):
    status = 413
    error = ErrorCode.PAYLOAD_TOO_LARGE
    message = "Request too large."


class TooManyRequests(CrmError):
    status = 429
    error = ErrorCode.TOO_MANY_REQUESTS
    message = "Too many requests."


class UpstreamFailed(CrmError):
    """An AWS service other than DynamoDB (SES, SNS, S3, ...) refused or could not be reached."""

    status = 502
    error = ErrorCode.UPSTREAM
    message = "A service this request depends on failed; retry later."


class ServiceUnavailable(CrmError):
    """DynamoDB still throttles after the retries: the client should come back after Retry-After."""

    status = 503
    error = ErrorCode.UNAVAILABLE
    message = "The service is busy; retry after the time in Retry-After."

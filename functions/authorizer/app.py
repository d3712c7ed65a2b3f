"""Lambda REQUEST authorizer: api_key and contact JWTs for every route of the API."""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.services.authorization import NotAuthenticated, authorize

logger = Logger()


def _policy(
    principal_id: str, effect: str, method_arn: str, context: dict[str, Any], usage_key: str = ""
) -> dict[str, Any]:
    # Scoped to the one method called: caching is off, and a cached policy must never open other routes.
    answer = {
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": method_arn}],
        },
        "context": context,
    }
    if usage_key:  # the API takes its usage-plan key from here (ApiKeySourceType AUTHORIZER)
        answer["usageIdentifierKey"] = usage_key
    return answer


@logger.inject_lambda_context(clear_state=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    method, resource = event.get("httpMethod", ""), event.get("resource", "")
    try:
        decision = authorize(method, resource, event.get("headers"))
    except NotAuthenticated as exc:
        logger.info("unauthenticated", extra={"reason": str(exc), "method": method, "resource": resource})
        raise Exception("Unauthorized") from None  # the message API Gateway turns into a 401
    effect = "Allow" if decision.allow else "Deny"
    # Allowed calls are the bulk, and writing their line costs a decision a sixth of its time: DEBUG (set
    # POWERTOOLS_LOG_LEVEL=DEBUG to see them); a denial stays at INFO.
    log = logger.info if not decision.allow else logger.debug
    log("decision", extra={"effect": effect, "principal": decision.principal_id, "resource": resource})
    return _policy(decision.principal_id, effect, event["methodArn"], decision.context, decision.usage_key)


from crm.lifecycle import prime  # noqa: E402 - the last thing init does, once the routes exist

prime()

"""The authorizer's policy against the called method's ARN."""

import pytest

from local.policy import Decision, MalformedPolicy, evaluate

ARN = "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/GET/self-service/v1/contacts/c-1"


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def statement(effect, resource, action="execute-api:Invoke"):
    return {"Effect": effect, "Action": action, "Resource": resource}


def test_an_allow_for_the_method_allows():
    assert evaluate(policy(statement("Allow", ARN)), ARN) is Decision.ALLOW
    assert evaluate({"Statement": statement("Allow", [ARN])}, ARN) is Decision.ALLOW  # a lone statement object


def test_nothing_matching_is_an_implicit_deny():
    other = ARN.replace("/GET/", "/DELETE/")
    assert evaluate(policy(statement("Allow", other)), ARN) is Decision.IMPLICIT_DENY
    assert evaluate(policy(statement("Allow", ARN, action="s3:GetObject")), ARN) is Decision.IMPLICIT_DENY


def test_an_explicit_deny_wins_over_any_allow():
    decision = evaluate(policy(statement("Allow", "*"), statement("Deny", ARN)), ARN)
    assert decision is Decision.EXPLICIT_DENY
    assert evaluate(policy(statement("Deny", ARN.replace("/GET/", "/PUT/")), statement("Allow", "*")), ARN) is (
        Decision.ALLOW
    )


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/*",
        "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/*/GET/*",
        "arn:aws:execute-api:*:*:*",
        "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/GET/self-service/v1/contacts/c-?",
    ],
)
def test_wildcards_match(resource):
    assert evaluate(policy(statement("Allow", resource, action="execute-api:*")), ARN) is Decision.ALLOW


def test_wildcards_are_not_regular_expressions():
    resource = "arn:aws:execute-api:eu-west-1:123456789012:crmlocal00/v1/GET/self-service/v1/contacts/[a-z]-1"
    assert evaluate(policy(statement("Allow", resource)), ARN) is Decision.IMPLICIT_DENY
    assert evaluate(policy(statement("Allow", ARN.upper())), ARN) is Decision.IMPLICIT_DENY  # ARNs keep case


@pytest.mark.parametrize(
    "document",
    [
        None,
        {},
        {"Statement": "Allow"},
        policy({"Effect": "Maybe", "Action": "execute-api:Invoke", "Resource": ARN}),
        policy({"Effect": "Allow", "Resource": ARN}),
        policy({"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": []}),
    ],
)
def test_malformed_policies_are_refused(document):
    with pytest.raises(MalformedPolicy):
        evaluate(document, ARN)

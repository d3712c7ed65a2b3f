"""The usage plan's API keys in API Gateway (used by the operators' command only, never by a request)."""

from __future__ import annotations

from crm.settings import aws_region, boto_config


def _apigateway():
    import boto3

    return boto3.client("apigateway", region_name=aws_region(), config=boto_config())


def ensure_key_in_plan(usage_plan_id: str, name: str, value: str, description: str) -> tuple[str, bool]:
    """Creates the API key (enabled) unless one with that value exists, and adds it to the plan unless it is in
    it already. Answers the key's id and whether anything was created. Safe to repeat."""
    from botocore.exceptions import ClientError

    client = _apigateway()
    created = False
    key_id = None
    for page in client.get_paginator("get_api_keys").paginate(nameQuery=name, includeValues=True):
        key_id = next((item["id"] for item in page.get("items", []) if item.get("value") == value), key_id)
    if key_id is None:
        key_id = client.create_api_key(name=name, value=value, enabled=True, description=description)["id"]
        created = True
    try:
        client.create_usage_plan_key(usagePlanId=usage_plan_id, keyId=key_id, keyType="API_KEY")
        created = True
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ConflictException":  # already in the plan
            raise
    return key_id, created

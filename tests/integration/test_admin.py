"""The operators' command: organisations and keys, printed once and stored only as hashes."""

import boto3
import pytest

from crm.services import tenancy
from crm.services.tenancy import identify_application
from crmctl import admin


def table_items(stack, logical_id):
    name = stack.resolver.resolve({"Ref": logical_id})
    return boto3.client("dynamodb").scan(TableName=name)["Items"]


def test_create_organisation_prints_a_test_and_a_live_key_that_work(stack, capsys):
    assert admin.main(["create-organisation", "--name", "Acme Ltd", "--type", "MERCHANT"]) == 0
    lines = capsys.readouterr().out.splitlines()
    keys = {line.split()[0]: line.split()[-1] for line in lines if " api_key: " in line}
    assert set(keys) == {"test", "live"} and keys["test"].startswith("pk_test_")
    organisation_id = lines[0].split()[1]
    for mode, key in keys.items():
        caller = identify_application(key)
        assert (caller.organisation_id, caller.mode) == (organisation_id, mode)
    stored = str(table_items(stack, "ApplicationsTable"))
    assert keys["test"] not in stored and keys["live"] not in stored
    (organisation,) = table_items(stack, "OrganisationsTable")
    assert organisation["name"]["S"] == "Acme Ltd" and organisation["org_type"]["S"] == "MERCHANT"


def test_revoke_key_stops_that_key_only(stack, capsys):
    admin.main(["create-organisation", "--name", "Beta"])
    lines = capsys.readouterr().out.splitlines()
    organisation_id = lines[0].split()[1]
    live = next(line.split()[-1] for line in lines if line.startswith("live api_key:"))
    test = next(line.split()[-1] for line in lines if line.startswith("test api_key:"))
    assert admin.main(["revoke-key", "--organisation", organisation_id, "--prefix", live[:12]]) == 0
    assert identify_application(live) is None
    assert identify_application(test) is not None
    assert admin.main(["revoke-key", "--organisation", organisation_id, "--prefix", "pk_live_none"]) == 1


def test_revoke_key_refuses_a_prefix_that_could_match_many(stack):
    import pytest

    with pytest.raises(SystemExit):
        admin.main(["revoke-key", "--organisation", "any", "--prefix", "pk_live_"])


def test_organisations_get_their_applications_into_the_usage_plan_once(stack, capsys, monkeypatch):
    from crm.services.usageplan import usage_key_value

    apigateway = boto3.client("apigateway")
    plan = apigateway.create_usage_plan(name="crm-test-applications")["id"]
    monkeypatch.setenv("USAGE_KEY_NAMESPACE", "crm-test")
    admin.main(["create-organisation", "--name", "Before The Plan"])  # made before the plan existed
    early = capsys.readouterr().out.splitlines()[0].split()[1]
    monkeypatch.setenv("USAGE_PLAN_ID", plan)
    assert admin.main(["create-organisation", "--name", "Gamma"]) == 0
    organisation_id = capsys.readouterr().out.splitlines()[0].split()[1]

    def plan_values():
        keys = apigateway.get_usage_plan_keys(usagePlanId=plan)["items"]
        return sorted(key["value"] for key in keys)

    expected_new = sorted(usage_key_value(organisation_id, mode, "crm-test") for mode in ("test", "live"))
    assert plan_values() == expected_new
    monkeypatch.setattr(admin, "_use_stack", lambda name: None)  # the stack's outputs are in the environment
    for _ in range(2):  # a repeat creates nothing more
        assert admin.main(["usage-keys", "--stack", "crm-test"]) == 0
        assert plan_values() == sorted(expected_new + [usage_key_value(early, m, "crm-test") for m in ("test", "live")])
    assert len(apigateway.get_api_keys()["items"]) == 4


def test_create_wifi_secret_prints_it_once_and_stores_only_its_hash(stack, capsys):
    from crm.data.tenancy import Organisation
    from crm.tokens import hash_secret_token

    organisation = tenancy.create_organisation("WiFi Admin Org")
    assert admin.main(["create-wifi-secret", "--organisation", organisation.organisation_id, "--mode", "live"]) == 0
    printed = capsys.readouterr().out
    secret = printed.split("live wifi integration secret: ", 1)[1].split()[0]
    assert secret.startswith("wsk_live_") and len(secret) > 40
    stored = Organisation.get(organisation.organisation_id)
    assert stored.wifi_secret_hashes.as_dict() == {"live": hash_secret_token(secret)}
    assert secret not in str(stored.attribute_values)
    assert tenancy.wifi_secret_matches(organisation.organisation_id, "live", secret)
    assert not tenancy.wifi_secret_matches(organisation.organisation_id, "test", secret)
    with pytest.raises(SystemExit):
        admin.main(["create-wifi-secret", "--organisation", "nobody", "--mode", "test"])

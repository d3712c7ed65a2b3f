"""The operators' command: organisations and keys, printed once and stored only as hashes."""

import boto3

from crm import admin
from crm.tenancy import identify_application


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

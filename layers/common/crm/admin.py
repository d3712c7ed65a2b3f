"""Operators' command: create an organisation with its test and live API keys, or revoke a key.

    python -m crm.admin create-organisation --name "Acme Ltd" [--type BUSINESS] [--parent <id>] [--stack crm-self-service]
    python -m crm.admin revoke-key --organisation <id> --prefix pk_live_abcd [--stack crm-self-service]
    python -m crm.admin create-pass-codes --organisation <id> --mode live --count 100 [--stack crm-self-service]

With --stack, the table names are read from the deployed stack's outputs; otherwise from the
APPLICATIONS_TABLE and ORGANISATIONS_TABLE environment variables. Keys are printed once and stored
only as hashes.
"""

from __future__ import annotations

import argparse
import os
import sys

STACK_OUTPUTS = {"ApplicationsTableName": "APPLICATIONS_TABLE", "OrganisationsTableName": "ORGANISATIONS_TABLE",
                 "PassCodesTableName": "PASS_CODES_TABLE"}


def _use_stack(stack_name: str) -> None:
    import boto3

    stack = boto3.client("cloudformation").describe_stacks(StackName=stack_name)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    for output, variable in STACK_OUTPUTS.items():
        if output not in outputs:
            if variable == "PASS_CODES_TABLE":
                continue  # a stack deployed before pass codes existed
            sys.exit(f"stack {stack_name} has no output {output}")
        os.environ[variable] = outputs[output]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm.admin", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-organisation", help="a new organisation with a test and a live key")
    create.add_argument("--name", required=True)
    create.add_argument("--type", default="BUSINESS", dest="org_type")
    create.add_argument("--parent", help="the organisation whose network this merchant or venue belongs to")
    create.add_argument("--stack", help="read table names from this CloudFormation stack's outputs")
    revoke = commands.add_parser("revoke-key", help="revoke an organisation's key by its first characters")
    revoke.add_argument("--organisation", required=True)
    revoke.add_argument("--prefix", required=True, help="the key's first 12 characters, e.g. pk_live_abcd")
    revoke.add_argument("--stack")
    codes = commands.add_parser("create-pass-codes", help="single-use pass codes for landing-page registration")
    codes.add_argument("--organisation", required=True)
    codes.add_argument("--mode", required=True, choices=["test", "live"])
    codes.add_argument("--count", type=int, default=1)
    codes.add_argument("--stack")
    args = parser.parse_args(argv)

    if args.stack:
        _use_stack(args.stack)
    from crm import tenancy  # after the table names are known: models read them on import

    if args.command == "create-organisation":
        created = tenancy.create_organisation(args.name.strip(), org_type=args.org_type, parent_id=args.parent)
        print(f"organisation: {created.organisation_id} ({created.name})")
        for mode, key in created.keys.items():
            print(f"{mode} api_key: {key}")
        print("Store these keys now: only their hashes are kept.", file=sys.stderr)
        return 0
    if args.command == "create-pass-codes":
        from crm import passcodes

        try:
            batch, created = passcodes.create_pass_codes(args.organisation, args.mode, args.count)
        except ValueError as exc:
            sys.exit(str(exc))
        print(f"batch: {batch}")
        for code in created:
            print(code)
        print("Store these codes now: only their hashes are kept.", file=sys.stderr)
        return 0
    try:
        count = tenancy.revoke_api_key(args.prefix, args.organisation)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"revoked {count} key(s)")
    return 0 if count else 1


if __name__ == "__main__":
    sys.exit(main())

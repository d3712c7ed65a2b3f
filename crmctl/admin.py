"""Operators' command: create an organisation with its test and live API keys, or revoke a key.

    python -m crmctl.admin create-organisation --name "Acme Ltd" [--type BUSINESS] [--parent <id>] \
        [--stack crm-self-service]
    python -m crmctl.admin revoke-key --organisation <id> --prefix pk_live_abcd [--stack crm-self-service]
    python -m crmctl.admin usage-keys --stack crm-self-service
    python -m crmctl.admin create-pass-codes --organisation <id> --mode live --count 100 [--stack crm-self-service]
    python -m crmctl.admin put-entity --organisation <id> --mode test --contact <id> --type INVOICE --id <id> \
        --document invoice.json [--stack crm-self-service]
    python -m crmctl.admin attach-identifier --organisation <id> --mode live --contact <id> --kind CARD \
        --value 4000123412341234 [--shared] [--stack crm-self-service]
    python -m crmctl.admin attach-identifier ... --kind GIFT_PASS --value GP-1 --email ann@example.com \
        [--last-spend-amount 12.50] --pin-stdin < pin.txt
    python -m crmctl.admin detach-identifier --organisation <id> --mode live --contact <id> --kind CARD --value <v>
    python -m crmctl.admin allow-test-recipient --organisation <id> (--address ann@example.com | --address '*@acme.test'
        | --phone 99123456 [--country-code CYP] | --all) [--remove] [--stack crm-self-service]
    python -m crmctl.admin create-wifi-secret --organisation <id> --mode test|live [--stack crm-self-service]
    python -m crmctl.admin set-brand | set-template | set-page-links ...   (crmctl/branding.py)

With --stack, the table names are read from the deployed stack's outputs (your AWS credentials); otherwise the
command acts on the running local runtime (`make run`, at any PORT, or --local URL), which says where its
in-memory AWS and tables are (crmctl/target.py): no environment to set by hand. Keys are printed
once and stored only as hashes. With --stack, create-organisation also puts the organisation's test and live
applications into the API's usage plan (output UsagePlanId); usage-keys does that for every organisation (after
the first deploy of the usage plan; safe to repeat). put-entity stores a printable entity (invoice, order, ...)
of a contact, as the
back office would: the document is JSON ({number, issued_on, currency, lines: [{description, quantity,
unit_price, tax_rate}], notes, status}), from a file or "-" for standard input. attach-identifier lets a card,
loyalty identifier or gift pass identify a contact in /contacts/otp and /contacts/validate (a value already
attached to another contact needs --shared); a gift pass's pin is read from a prompt or, with --pin-stdin,
from the first line of standard input (never from the command line), and stored only as a hash.
allow-test-recipient lets test mode deliver mail or SMS to an address, a domain (*@domain), a phone number, or
everyone (--all); test mode records a message to anyone else as sent (delivery SUPPRESSED) without sending it.
create-wifi-secret makes the secret of the organisation's WiFi integration in one mode, printed once and stored
only as a hash (a new one replaces the old at once): the WiFi platform sends it server-to-server in the
X-Integration-Secret header beside the api_key to bind a device to a contact without the contact's token.
"""

from __future__ import annotations

import argparse
import os
import sys

from crmctl import branding
from crmctl.target import from_environment, stack_outputs, use_local

STACK_OUTPUTS = {
    "ApplicationsTableName": "APPLICATIONS_TABLE",
    "OrganisationsTableName": "ORGANISATIONS_TABLE",
    "PassCodesTableName": "PASS_CODES_TABLE",
    "PrintableEntitiesTableName": "PRINTABLE_ENTITIES_TABLE",
    "ContactsTableName": "CONTACTS_TABLE",
    "IdentitiesTableName": "IDENTITIES_TABLE",
}
# Outputs a stack deployed before the feature that needs them may lack.
OPTIONAL_OUTPUTS = {"PASS_CODES_TABLE", "CONTACTS_TABLE", "IDENTITIES_TABLE"}


def _use_stack(stack_name: str) -> None:
    outputs = stack_outputs(stack_name)
    for output, variable in STACK_OUTPUTS.items():
        if output not in outputs:
            if variable in OPTIONAL_OUTPUTS:
                continue
            sys.exit(f"stack {stack_name} has no output {output}")
        os.environ[variable] = outputs[output]
    if "UsagePlanId" in outputs:  # a stack deployed before the usage plan has none
        os.environ["USAGE_PLAN_ID"] = outputs["UsagePlanId"]
        os.environ["USAGE_KEY_NAMESPACE"] = stack_name


def _add_to_usage_plan(organisation_ids: list[str]) -> int:
    """Each organisation's test and live applications into the stack's usage plan; answers how many keys or
    plan entries were created."""
    from crm.data.usageplan import ensure_key_in_plan
    from crm.services.tenancy import MODES
    from crm.services.usageplan import usage_key_name, usage_key_value

    plan = os.environ["USAGE_PLAN_ID"]
    created = 0
    for organisation_id in organisation_ids:
        for mode in MODES:
            _, new = ensure_key_in_plan(
                plan,
                usage_key_name(organisation_id, mode),
                usage_key_value(organisation_id, mode),
                f"CRM self-service: organisation {organisation_id}, {mode} mode",
            )
            created += int(new)
    return created


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmctl.admin", description=__doc__.split("\n")[0])
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
    usage = commands.add_parser("usage-keys", help="put every organisation's applications into the usage plan")
    usage.add_argument("--stack", required=True)
    entity = commands.add_parser("put-entity", help="store a contact's printable entity (invoice, order, ...)")
    entity.add_argument("--organisation", required=True)
    entity.add_argument("--mode", required=True, choices=["test", "live"])
    entity.add_argument("--contact", required=True)
    entity.add_argument("--type", required=True, dest="entity_type")
    entity.add_argument("--id", required=True, dest="entity_id")
    entity.add_argument("--document", required=True, help="a JSON file, or - for standard input")
    entity.add_argument("--stack")
    for name, text in (
        ("attach-identifier", "let a card, loyalty identifier or gift pass identify a contact"),
        ("detach-identifier", "remove an identifier from a contact"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--organisation", required=True)
        command.add_argument("--mode", required=True, choices=["test", "live"])
        command.add_argument("--contact", required=True)
        command.add_argument("--kind", required=True, choices=["CARD", "LOYALTY_IDENTIFIER", "GIFT_PASS"])
        command.add_argument("--value", required=True)
        command.add_argument("--stack")
        if name == "attach-identifier":
            command.add_argument(
                "--shared", action="store_true", help="allow a value another contact holds too (a household's card)"
            )
            command.add_argument("--email", help="GIFT_PASS: the e-mail address it is bound to")
            command.add_argument("--phone", help="GIFT_PASS: the phone number it is bound to")
            command.add_argument("--country-code", help="GIFT_PASS: for a national phone number, e.g. CYP")
            command.add_argument("--last-spend-amount", type=float)
            command.add_argument(
                "--pin-stdin",
                action="store_true",
                help="GIFT_PASS: read the pin from standard input instead of a prompt",
            )
    allow = commands.add_parser(
        "allow-test-recipient", help="let test mode deliver mail or SMS to an address, domain or number"
    )
    allow.add_argument("--organisation", required=True)
    target = allow.add_mutually_exclusive_group(required=True)
    target.add_argument("--address", help="an e-mail address, or *@domain for all its addresses")
    target.add_argument("--phone", help="a phone number, international (+357...) or with --country-code")
    target.add_argument("--all", action="store_true", help="every recipient (a demo organisation)")
    allow.add_argument("--country-code", help="for a national --phone, e.g. CYP")
    allow.add_argument("--remove", action="store_true", help="take the entry off the allow-list")
    allow.add_argument("--stack")
    wifi = commands.add_parser(
        "create-wifi-secret", help="a new secret of the organisation's WiFi integration (replaces the old one)"
    )
    wifi.add_argument("--organisation", required=True)
    wifi.add_argument("--mode", required=True, choices=["test", "live"])
    wifi.add_argument("--stack")
    branding.add_commands(commands)  # set-brand, set-template, set-page-links
    for name, command in commands.choices.items():
        if name != "usage-keys":
            command.add_argument("--local", help="the local runtime's URL (default: the running `make run`)")
    args = parser.parse_args(argv)

    if args.stack:
        _use_stack(args.stack)
    elif not from_environment():
        use_local(args.local)
    if args.command == "put-entity":
        return _put_entity(args)
    if args.command in ("attach-identifier", "detach-identifier"):
        return _identifier(args)
    if args.command == "allow-test-recipient":
        return _test_recipient(args)
    if args.command in branding.COMMANDS:
        return branding.run(args)
    from crm.services import tenancy  # after the table names are known: models read them on import

    if args.command == "create-organisation":
        created = tenancy.create_organisation(args.name.strip(), org_type=args.org_type, parent_id=args.parent)
        print(f"organisation: {created.organisation_id} ({created.name})")
        for mode, key in created.keys.items():
            print(f"{mode} api_key: {key}")
        print("Store these keys now: only their hashes are kept.", file=sys.stderr)
        if os.environ.get("USAGE_PLAN_ID"):
            _add_to_usage_plan([created.organisation_id])
            print(f"usage plan {os.environ['USAGE_PLAN_ID']}: test and live applications added", file=sys.stderr)
        return 0
    if args.command == "usage-keys":
        if not os.environ.get("USAGE_PLAN_ID"):
            sys.exit(f"stack {args.stack} has no output UsagePlanId: deploy the current template first")
        organisations = [o.id for o in tenancy.store.Organisation.scan()]
        created = _add_to_usage_plan(organisations)
        print(f"{len(organisations)} organisation(s) in the usage plan ({created} key(s) or entries created)")
        return 0
    if args.command == "create-wifi-secret":
        try:
            secret = tenancy.create_wifi_secret(args.organisation, args.mode)
        except ValueError as exc:
            sys.exit(str(exc))
        print(f"organisation: {args.organisation}")
        print(f"{args.mode} wifi integration secret: {secret}")
        print(
            "Store this secret now: only its hash is kept. Send it only from the WiFi platform's servers "
            "(header X-Integration-Secret), never from a browser or an app.",
            file=sys.stderr,
        )
        return 0
    if args.command == "create-pass-codes":
        from crm.services import passcodes

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


def _put_entity(args: argparse.Namespace) -> int:
    import json

    from crm.context import tenant_key
    from crm.errors import CrmError
    from crm.services.printables import put_printable_entity

    try:
        text = sys.stdin.read() if args.document == "-" else open(args.document, encoding="utf-8").read()
        document = json.loads(text)
    except (OSError, ValueError) as exc:
        print(f"cannot read the document: {exc}", file=sys.stderr)
        return 2
    try:
        put_printable_entity(
            tenant_key(args.organisation, args.mode), args.contact, args.entity_type, args.entity_id, document
        )
    except CrmError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"stored {args.entity_type} {args.entity_id} for contact {args.contact}")
    return 0


def _identifier(args: argparse.Namespace) -> int:
    from crm.context import tenant_key
    from crm.services import credentials

    tenant = tenant_key(args.organisation, args.mode)
    if args.command == "detach-identifier":
        try:
            found = credentials.detach_identifier(tenant, args.contact, args.kind, args.value)
        except ValueError as exc:
            sys.exit(str(exc))
        print(
            f"detached {args.kind} from contact {args.contact}"
            if found
            else f"contact {args.contact} has no such {args.kind}"
        )
        return 0 if found else 1
    pin = None
    if args.kind == "GIFT_PASS":
        if args.pin_stdin:
            pin = sys.stdin.readline().strip()
        else:
            import getpass

            pin = getpass.getpass("gift pass pin: ").strip()
    try:
        value = credentials.attach_identifier(
            tenant,
            args.contact,
            args.kind,
            args.value,
            shared=args.shared,
            pin=pin,
            email_address=args.email,
            phone_number=args.phone,
            country_code=args.country_code,
            last_spend_amount=args.last_spend_amount,
        )
    except credentials.IdentifierShared:
        sys.exit(f"this {args.kind} is attached to another contact; give --shared to attach it to both")
    except ValueError as exc:
        sys.exit(str(exc))
    print(f"attached {args.kind} {value} to contact {args.contact}")
    return 0


def _test_recipient(args: argparse.Namespace) -> int:
    from crm.data.tenancy import change_test_recipients
    from crm.phones import InvalidPhone, to_e164
    from crm.services.messaging import recipient_entry

    try:
        if args.all:
            entry = "*"
        elif args.address is not None:
            entry = recipient_entry(email=args.address)
        else:
            entry = recipient_entry(phone=to_e164(args.phone, args.country_code))
    except (ValueError, InvalidPhone) as exc:
        sys.exit(str(exc))
    if not change_test_recipients(args.organisation, entry, allow=not args.remove):
        sys.exit(f"no organisation {args.organisation}")
    print(
        f"test mode {'no longer delivers' if args.remove else 'delivers'} to {entry}: organisation {args.organisation}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

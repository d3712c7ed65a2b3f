"""Operators' command: put back-office events on the bus, as the back office does, and read the dead letters.

    python -m crmctl.backoffice communication --contact <id> --channel INAPP --title "20% off" --content "..."
    python -m crmctl.backoffice approval-request --contact <id> --request-id BO-1 --entity-type ORDERS \\
        --entity-id o-1 --reference CO1234
    python -m crmctl.backoffice withdraw --contact <id> --request-id BO-1
    python -m crmctl.backoffice attach-identifier --contact <id> --kind CARD --value 4000123412341234 [--shared]
    python -m crmctl.backoffice detach-identifier --contact <id> --kind CARD --value 4000123412341234
    python -m crmctl.backoffice raw --detail-type communication.created --detail '{"...": "..."}'
    python -m crmctl.backoffice dead-letters

Where: --stack <name> reads the bus and queue from a deployed stack's outputs (your AWS credentials);
otherwise the running `make run` (at any PORT, or --local URL) says where its AWS is (crmctl/target.py).
Whose: --api-key <key> names the organisation and mode (the local demo keys work), or --organisation and
--mode. The function validates every event; a bad one lands in the dead-letter queue with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from crmctl.target import stack_outputs, use_local

SOURCE = "crm.backoffice"


def _use_local(url: str | None) -> dict[str, str]:
    resources = use_local(url)
    return {"bus": resources["BackOfficeBus"], "dead_letters": resources["BackOfficeDeadLetterQueue"]}


def _use_stack(stack_name: str) -> dict[str, str]:
    outputs = stack_outputs(stack_name)
    os.environ["APPLICATIONS_TABLE"] = outputs["ApplicationsTableName"]
    os.environ["ORGANISATIONS_TABLE"] = outputs["OrganisationsTableName"]
    return {"bus": outputs["BackOfficeBusName"], "dead_letters": outputs["BackOfficeDeadLetterQueueUrl"]}


def _tenant(args: argparse.Namespace) -> dict[str, str]:
    if args.api_key:
        from crm.services.tenancy import identify_application  # after the table names are known

        caller = identify_application(args.api_key)
        if caller is None:
            sys.exit("unknown or revoked api key")
        return {"organisation_id": caller.organisation_id, "mode": caller.mode}
    if not args.organisation:
        sys.exit("give --api-key, or --organisation and --mode")
    return {"organisation_id": args.organisation, "mode": args.mode}


def _detail(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    if args.command == "raw":
        return args.detail_type, json.loads(args.detail)
    detail: dict[str, Any] = {**_tenant(args), "contact_id": args.contact}
    if args.event_id:
        detail["event_id"] = args.event_id
    if args.command == "communication":
        optional = {
            "subject": args.subject,
            "content": args.content,
            "title": args.title,
            "subtitle": args.subtitle,
            "in_app_image_url": args.image_url,
            "in_app_click_link_url": args.link_url,
            "name": args.name,
            "sender": args.sender,
            "recipient": args.recipient,
            "language": args.language,
        }
        detail.update(channel=args.channel, **{k: v for k, v in optional.items() if v is not None})
        return "communication.created", detail
    if args.command == "attach-identifier":
        return "identifier.attached", {**detail, "kind": args.kind, "value": args.value, "shared": args.shared}
    if args.command == "detach-identifier":
        return "identifier.detached", {**detail, "kind": args.kind, "value": args.value}
    detail["request_id"] = args.request_id
    if args.command == "withdraw":
        return "approval_request.withdrawn", detail
    detail["entity"] = {
        "id": args.entity_id,
        "type": args.entity_type,
        **({"reference": args.reference} if args.reference else {}),
    }
    detail["notify"] = not args.no_notify
    return "approval_request.created", detail


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crmctl.backoffice", description=__doc__.split("\n")[0])
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--stack", help="a deployed stack's name (its outputs name the bus and queue)")
    where.add_argument("--local", help="the local runtime's URL (default: the running `make run`)")
    whose = argparse.ArgumentParser(add_help=False)
    whose.add_argument("--contact", required=True, help="the contact's id")
    whose.add_argument("--api-key", help="an API key of the organisation and mode (or --organisation/--mode)")
    whose.add_argument("--organisation")
    whose.add_argument("--mode", choices=["test", "live"], default="test")
    whose.add_argument("--event-id", help="the back office's id of this event: a repeat changes nothing")
    commands = parser.add_subparsers(dest="command", required=True)
    c = commands.add_parser("communication", parents=[where, whose], help="a communication for the contact's inbox")
    c.add_argument("--channel", required=True, choices=["EMAIL", "SMS", "INAPP", "DEVICE"])
    for option in (
        "subject",
        "content",
        "title",
        "subtitle",
        "image-url",
        "link-url",
        "name",
        "sender",
        "recipient",
        "language",
    ):
        c.add_argument(f"--{option}")
    a = commands.add_parser(
        "approval-request",
        parents=[where, whose],
        help="an approval request (the contact gets an e-mail with approve and reject links)",
    )
    a.add_argument("--request-id", required=True, help="the back office's id of the request")
    a.add_argument(
        "--entity-type", required=True, choices=["ORDERS", "SERVICE_REQUESTS", "REWARD_OFFERS", "ORGANISATIONS"]
    )
    a.add_argument("--entity-id", required=True)
    a.add_argument("--reference")
    a.add_argument("--no-notify", action="store_true", help="send no e-mail")
    w = commands.add_parser("withdraw", parents=[where, whose], help="withdraw a pending approval request")
    w.add_argument("--request-id", required=True)
    i = commands.add_parser(
        "attach-identifier",
        parents=[where, whose],
        help="let a card or loyalty identifier identify the contact (gift passes: crmctl.admin)",
    )
    i.add_argument("--kind", required=True, choices=["CARD", "LOYALTY_IDENTIFIER"])
    i.add_argument("--value", required=True)
    i.add_argument("--shared", action="store_true", help="allow a value another contact holds too")
    d = commands.add_parser("detach-identifier", parents=[where, whose], help="remove an identifier from the contact")
    d.add_argument("--kind", required=True, choices=["CARD", "LOYALTY_IDENTIFIER", "GIFT_PASS"])
    d.add_argument("--value", required=True)
    r = commands.add_parser("raw", parents=[where], help="any detail, as given (to see a bad one dead-lettered)")
    r.add_argument("--detail-type", required=True)
    r.add_argument("--detail", required=True, help="the detail as JSON")
    commands.add_parser("dead-letters", parents=[where], help="print the events not taken in, with the reasons")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    target = _use_stack(args.stack) if args.stack else _use_local(args.local)
    import boto3

    if args.command == "dead-letters":
        sqs = boto3.client("sqs")
        url = target["dead_letters"]
        while messages := sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=30
        ).get("Messages", []):
            for message in messages:
                print(message["Body"])  # left on the queue: this only reads (they show again after 30 s)
        return 0
    detail_type, detail = _detail(args)
    answer = boto3.client("events").put_events(
        Entries=[
            {"Source": SOURCE, "DetailType": detail_type, "Detail": json.dumps(detail), "EventBusName": target["bus"]}
        ]
    )
    entry = answer["Entries"][0]
    if answer.get("FailedEntryCount") or "EventId" not in entry:
        print(f"not put: {entry.get('ErrorCode')} {entry.get('ErrorMessage')}", file=sys.stderr)
        return 1
    print(json.dumps({"event_id": entry["EventId"], "detail_type": detail_type, "bus": target["bus"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

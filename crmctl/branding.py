"""The operator's subcommands of an organisation's messages (crmctl.admin wires them in):

    set-brand --organisation <id> --mode live [--name "Acme"] [--logo-url https://...] [--colour '#0a7d3b']
        [--support-email help@acme.test] [--sender-name "Acme"] [--default-language ELL]   ("" clears a field)
    set-template --organisation <id> --mode live --kind PASSWORD_RESET --language ELL --part html
        (--file reset.html | --file - | --reset)
    set-page-links --organisation <id> --mode live [--password-reset https://...]
        [--email-verification https://...] [--approval https://...]   ("" goes back to the default)

Each prints what is now in force (set-template: the sample rendering; for an SMS, its segment count)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crm.messages import KINDS, LANGUAGES

COMMANDS = ("set-brand", "set-template", "set-page-links")


def add_commands(commands: Any) -> None:
    """Adds the subcommands to crmctl.admin's argparse subparsers."""
    brand = commands.add_parser("set-brand", help="an organisation's brand and default language in its messages")
    template = commands.add_parser("set-template", help="an organisation's own template of one message part")
    pages = commands.add_parser("set-page-links", help="the pages an organisation's e-mail links open")
    for command in (brand, template, pages):
        command.add_argument("--organisation", required=True)
        command.add_argument("--mode", required=True, choices=["test", "live"])
        command.add_argument("--stack")
    for name in ("name", "logo-url", "colour", "support-email", "sender-name", "default-language"):
        brand.add_argument(f"--{name}")
    template.add_argument("--kind", required=True, choices=sorted(KINDS))
    template.add_argument("--language", required=True, help=f"{', '.join(LANGUAGES)} (GRE is Greek too)")
    template.add_argument("--part", required=True, choices=["subject", "text", "html", "sms"])
    source = template.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", help="the Jinja2 template's source, or - for standard input")
    source.add_argument("--reset", action="store_true", help="back to the shipped template")
    for name in ("password-reset", "email-verification", "approval"):
        pages.add_argument(f"--{name}")


def run(args: argparse.Namespace) -> int:
    from crm.services import branding

    try:
        if args.command == "set-brand":
            brand = ("name", "logo_url", "colour", "support_email", "sender_name", "default_language")
            answer: Any = branding.set_brand(args.organisation, args.mode, **{f: getattr(args, f) for f in brand})
        elif args.command == "set-page-links":
            pages = ("password_reset", "email_verification", "approval")
            answer = branding.set_page_links(args.organisation, args.mode, **{f: getattr(args, f) for f in pages})
        else:
            text = None
            if not args.reset:
                text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
            answer = branding.set_template(args.organisation, args.mode, args.kind, args.language, args.part, text)
    except (branding.InvalidSetting, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(answer if isinstance(answer, str) else json.dumps(answer, indent=2, ensure_ascii=False))
    return 0

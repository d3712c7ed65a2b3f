"""The messages people receive (e-mail, SMS) and the pages the API shows them, from Jinja2 templates.

The shipped templates live in crm/messages/templates/<language>/ (package data of the layer): one set per message
kind (subject, plain text, HTML and, for OTP, an SMS text) and a strings file for the landing pages. HTML is
rendered with autoescape on. An organisation's own override of a template (saved by an operator, see
crm/services/branding.py) is rendered in a SandboxedEnvironment: no other template source is ever rendered
from data.

Languages: the contact's `preferred_language_code` picks one (ENG; GRE and ELL are both Greek), then the
organisation's default language, then English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Mapping

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

TEMPLATES = Path(__file__).resolve().parent / "templates"

ENGLISH = "ENG"
GREEK = "ELL"
LANGUAGES = (ENGLISH, GREEK)
# Codes a contact or an organisation may name -> the shipped language (ISO 639-2 B and T, and ISO 639-1).
ALIASES = {"ENG": ENGLISH, "EN": ENGLISH, "ELL": GREEK, "GRE": GREEK, "EL": GREEK}
HTML_LANG = {ENGLISH: "en", GREEK: "el"}
FOLDER = {ENGLISH: "eng", GREEK: "ell"}

EMAIL_PARTS = ("subject", "text", "html")
SMS_PART = "sms"
PART_SUFFIX = {"subject": ".subject.txt", "text": ".txt", "html": ".html", "sms": ".sms.txt"}

# kind -> its parts. Every kind has the e-mail parts; OTP has an SMS text too.
KINDS: dict[str, tuple[str, ...]] = {
    "OTP": (*EMAIL_PARTS, SMS_PART),
    "EMAIL_VERIFICATION": EMAIL_PARTS,
    "PASSWORD_RESET": EMAIL_PARTS,
    "EMAIL_CHANGE_CONFIRMATION": EMAIL_PARTS,
    "EMAIL_CHANGE_NOTICE": EMAIL_PARTS,
    "APPROVAL_REQUEST": EMAIL_PARTS,
    "PRINTOUT": EMAIL_PARTS,
    "UNREGISTRATION": EMAIL_PARTS,
}

# What each kind is rendered with beside `brand` and `contact` (also what an override is checked against).
SAMPLE_VALUES: dict[str, dict[str, Any]] = {
    "OTP": {"code": "123456", "minutes": 10},
    "EMAIL_VERIFICATION": {"link": "https://portal.example.com/verify?token=SAMPLE-TOKEN", "hours": 24},
    "PASSWORD_RESET": {"link": "https://portal.example.com/reset-password?token=SAMPLE-TOKEN", "minutes": 60},
    "EMAIL_CHANGE_CONFIRMATION": {"link": "https://portal.example.com/verify?token=SAMPLE-TOKEN", "hours": 24},
    "EMAIL_CHANGE_NOTICE": {"new_address": "a***@example.com"},
    "APPROVAL_REQUEST": {
        "what": "order ORD-1001",
        "approve_link": "https://portal.example.com/approval?request=R1&response=APPROVE&token=SAMPLE-TOKEN",
        "reject_link": "https://portal.example.com/approval?request=R1&response=REJECT&token=SAMPLE-TOKEN",
    },
    "PRINTOUT": {"title": "Invoice INV-1001", "entity_type": "INVOICE", "number": "INV-1001"},
    "UNREGISTRATION": {},
}

DEFAULT_COLOUR = "#1f4e79"
MAX_BRAND_NAME = 40


@dataclass(frozen=True)
class Brand:
    """What a message and a page show of the organisation."""

    name: str
    logo_url: str | None = None
    colour: str = DEFAULT_COLOUR
    support_email: str | None = None
    sender_name: str | None = None


@dataclass(frozen=True)
class Look:
    """Everything an organisation (in one mode) changes about its messages: its brand, its default language and
    its own template sources, by (kind, language, part)."""

    brand: Brand
    default_language: str | None = None
    overrides: Mapping[tuple[str, str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


def language_for(*codes: str | None) -> str:
    """The first of `codes` (the contact's, then the organisation's) that has shipped templates; else English."""
    for code in codes:
        language = ALIASES.get((code or "").strip().upper())
        if language:
            return language
    return ENGLISH


def template_name(kind: str, language: str, part: str) -> str:
    return f"{FOLDER[language]}/{kind.lower()}{PART_SUFFIX[part]}"


def _autoescape(name: str | None) -> bool:
    return bool(name and name.endswith(".html"))


@cache
def _shipped() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _sandboxed(overrides: Mapping[tuple[str, str, str], str]) -> Environment:
    """The environment of an organisation's overrides: sandboxed, the overrides first, the shipped files after
    (an override may extend layout.html or import button.html)."""
    sources = {template_name(kind, language, part): source for (kind, language, part), source in overrides.items()}
    return SandboxedEnvironment(
        loader=ChoiceLoader([DictLoader(sources), FileSystemLoader(str(TEMPLATES))]),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _context(look: Look, language: str, values: Mapping[str, Any], contact: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        **values,
        "brand": look.brand,
        "contact": dict(contact or {}),
        "language": language,
        "html_lang": HTML_LANG[language],
    }


def render_part(
    kind: str,
    language: str,
    part: str,
    values: Mapping[str, Any],
    look: Look,
    contact: Mapping[str, Any] | None = None,
) -> str:
    """One part of one message. An override of (kind, language, part) renders sandboxed; the shipped one if not."""
    if part not in KINDS[kind]:
        raise ValueError(f"{kind} has no {part} part")
    name = template_name(kind, language, part)
    environment = _sandboxed(look.overrides) if (kind, language, part) in look.overrides else _shipped()
    rendered = environment.get_template(name).render(_context(look, language, values, contact))
    return " ".join(rendered.split()) if part in ("subject", SMS_PART) else rendered


def render_email(
    kind: str, language: str, values: Mapping[str, Any], look: Look, contact: Mapping[str, Any] | None = None
) -> Email:
    return Email(*(render_part(kind, language, part, values, look, contact) for part in EMAIL_PARTS))


def render_sms(
    kind: str, language: str, values: Mapping[str, Any], look: Look, contact: Mapping[str, Any] | None = None
) -> str:
    return render_part(kind, language, SMS_PART, values, look, contact)


# ---------------------------------------------------------------- landing pages

PAGES = (
    "email_link_open",
    "email_change_open",
    "link_invalid",
    "address_taken",
    "email_changed",
    "email_verified",
    "approval_approved",
    "approval_rejected",
    "approval_already_answered",
    "approval_expired",
    "approval_unknown",
)


@cache
def page_strings(language: str) -> dict[str, Any]:
    strings: dict[str, Any] = json.loads((TEMPLATES / FOLDER[language] / "pages.json").read_text(encoding="utf-8"))
    return strings


def render_page(page: str, language: str, brand: Brand) -> str:
    """A landing page (verify_email, the approval answer, the e-mail change) in the contact's language."""
    strings = page_strings(language)
    texts = strings[page]
    return (
        _shipped()
        .get_template("page.html")
        .render(
            brand=brand,
            html_lang=HTML_LANG[language],
            title=texts["title"],
            text=texts["text"],
            button=texts.get("button"),
            support_label=strings["support"],
        )
    )


# ---------------------------------------------------------------- SMS segments

# The GSM 03.38 default alphabet, and its extension table (each of those costs two septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Segments:
    encoding: str  # GSM-7 | UCS-2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    count: int


def sms_segments(text: str) -> Segments:
    """How many SMS segments `text` takes: GSM-7 when every character is in its alphabet (160 septets in one
    segment, 153 each when concatenated), else UCS-2 (70 UTF-16 units, 67 each when concatenated)."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        return Segments("GSM-7", units, 1 if units <= 160 else -(-units // 153))
    units = len(text.encode("utf-16-le")) // 2
    return Segments("UCS-2", units, 1 if units <= 70 else -(-units // 67))

"""An organisation's messages, per mode: its brand (name, logo, colour, support address, sender name), its default
language, its own templates and its page links, as operators set them (`python -m crmctl.admin set-brand`,
`set-template`, `set-page-links`). Each is checked when saved: a template must render against sample data,
every link it yields must be https, and its size is bounded. Functions read them through `look_of` and
`page_url`, cached for CACHE_SECONDS."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import TemplateError

from crm import messages
from crm.data import branding as store
from crm.messages import KINDS, LANGUAGES, MAX_BRAND_NAME, SAMPLE_VALUES, Brand, Look
from crm.settings import approval_link_url, email_verification_page_url, password_reset_page_url

CACHE_SECONDS = 60.0
MAX_TEMPLATE_BYTES = 16 * 1024
MAX_TEMPLATES_BYTES = 128 * 1024  # all of one mode's overrides: the organisation item must stay far below 400 KB
MAX_URL = 1024
PAGES = ("password_reset", "email_verification", "approval")
BRAND_FIELDS = ("name", "logo_url", "colour", "support_email", "sender_name")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']?([^"'\s>]+)|\b([a-z][a-z0-9+.-]*://[^\s"'<>]+)""", re.I)


class InvalidSetting(ValueError):
    """An operator's setting that is refused (the message says why)."""


def _https(url: str, what: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or len(url) > MAX_URL or any(c.isspace() for c in url):
        raise InvalidSetting(f"{what} must be an https URL of at most {MAX_URL} characters")
    return url


# ---------------------------------------------------------------- reading, cached

_cache: dict[tuple[str, str], tuple[float, dict[str, Any], str]] = {}
_lock = threading.Lock()


def _settings(organisation_id: str, mode: str) -> tuple[dict[str, Any], str]:
    """(the stored settings, the organisation's name), read at most once per CACHE_SECONDS."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get((organisation_id, mode))
    if cached is not None and cached[0] > now:
        return cached[1], cached[2]
    name, raw = store.message_settings(organisation_id, mode)
    settings: dict[str, Any] = json.loads(raw) if raw else {}
    with _lock:
        _cache[(organisation_id, mode)] = (now + CACHE_SECONDS, settings, name or "")
    return settings, name or ""


def forget_cached() -> None:
    with _lock:
        _cache.clear()


def _brand(settings: dict[str, Any], organisation_name: str) -> Brand:
    fields = {k: v for k, v in (settings.get("brand") or {}).items() if k in BRAND_FIELDS and v}
    fields.setdefault("name", organisation_name or "CRM.COM")
    return Brand(**fields)


def _overrides(settings: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    found: dict[tuple[str, str, str], str] = {}
    for key, source in (settings.get("templates") or {}).items():
        kind, language, part = key.split("/")
        found[(kind, language, part)] = source
    return found


def look_of(organisation_id: str, mode: str) -> Look:
    settings, name = _settings(organisation_id, mode)
    return Look(_brand(settings, name), settings.get("default_language"), _overrides(settings))


def page_url(organisation_id: str, mode: str, page: str) -> str:
    """The organisation's own page for `page`, else the template parameter's default ("" for the API's own
    e-mail verification page)."""
    own = (_settings(organisation_id, mode)[0].get("pages") or {}).get(page)
    if own:
        return str(own)
    defaults = {
        "password_reset": password_reset_page_url,
        "email_verification": email_verification_page_url,
        "approval": approval_link_url,
    }
    return defaults[page]()


def link(base: str, **query: str) -> str:
    """`base` with the query added (after any query it has)."""
    return f"{base}{'&' if '?' in base else '?'}{urlencode(query)}"


# ---------------------------------------------------------------- the operator's changes


def _load_for_change(organisation_id: str, mode: str) -> tuple[dict[str, Any], str]:
    name, raw = store.message_settings(organisation_id, mode)
    if name is None:
        raise InvalidSetting(f"no organisation {organisation_id}")
    return (json.loads(raw) if raw else {}), name


def _save(organisation_id: str, mode: str, settings: dict[str, Any]) -> None:
    if not store.save_message_settings(organisation_id, mode, json.dumps(settings, ensure_ascii=False)):
        raise InvalidSetting(f"no organisation {organisation_id}")
    forget_cached()


def _brand_value(key: str, value: str) -> str:
    """A brand field's value as saved ("" clears it); InvalidSetting when refused."""
    if key not in BRAND_FIELDS:
        raise InvalidSetting(f"unknown brand field {key}")
    if not value:
        return value
    if key in ("name", "sender_name") and (len(value) > MAX_BRAND_NAME or not value.isprintable()):
        raise InvalidSetting(f"{key} must be printable and at most {MAX_BRAND_NAME} characters")
    if key == "logo_url":
        return _https(value, "logo_url")
    if key == "colour" and not COLOUR.fullmatch(value):
        raise InvalidSetting("colour must be #rrggbb")
    if key == "support_email" and (not EMAIL.fullmatch(value) or len(value) > 254):
        raise InvalidSetting("support_email must be an e-mail address")
    return value


def set_brand(organisation_id: str, mode: str, **changes: str | None) -> dict[str, Any]:
    """Sets (a value) or clears ("") brand fields and the default language; answers the brand now in force."""
    settings, name = _load_for_change(organisation_id, mode)
    brand = dict(settings.get("brand") or {})
    for key, given in changes.items():
        if given is None:
            continue
        value = given.strip()
        if key == "default_language":
            if value and messages.ALIASES.get(value.upper()) is None:
                raise InvalidSetting(f"default_language must be one of {', '.join(sorted(messages.ALIASES))}")
            settings["default_language"] = value.upper() or None
        elif _brand_value(key, value):
            brand[key] = _brand_value(key, value)
        else:
            brand.pop(key, None)
    settings["brand"] = brand
    for (kind, language, part), source in _overrides(settings).items():  # a new brand must not break a template
        check_template(kind, language, part, source, _brand(settings, name))
    _save(organisation_id, mode, settings)
    return {**asdict(_brand(settings, name)), "default_language": settings.get("default_language")}


def check_template(kind: str, language: str, part: str, source: str, brand: Brand) -> str:
    """Refuses a template that is too large, does not render against the kind's sample data, or yields a link
    that is not https (mailto: aside); answers the sample rendering."""
    if kind not in KINDS or part not in KINDS[kind]:
        raise InvalidSetting(f"{kind} has no {part} part; kinds: {', '.join(f'{k} {v}' for k, v in KINDS.items())}")
    if language not in LANGUAGES:
        raise InvalidSetting(f"language must be one of {', '.join(LANGUAGES)}")
    if len(source.encode()) > MAX_TEMPLATE_BYTES:
        raise InvalidSetting(f"a template may have at most {MAX_TEMPLATE_BYTES} bytes")
    look = Look(brand, None, {(kind, language, part): source})
    try:
        rendered = messages.render_part(kind, language, part, SAMPLE_VALUES[kind], look, {"first_name": "Ann"})
    except (TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InvalidSetting(f"the template does not render against sample data: {exc}") from None
    for match in LINK.finditer(rendered):
        url = match.group(1) or match.group(2)
        if not (url.startswith("https://") or url.startswith("mailto:") or url.startswith("#")):
            raise InvalidSetting(f"every link must be https: {url[:80]}")
    return rendered


def set_template(organisation_id: str, mode: str, kind: str, language: str, part: str, source: str | None) -> str:
    """Saves the organisation's own template of one part (None: back to the shipped one); answers its rendering
    against sample data (for an SMS, with its segment count)."""
    kind, part = kind.upper(), part.lower()
    language = messages.ALIASES.get(language.upper(), language.upper())
    settings, name = _load_for_change(organisation_id, mode)
    templates = dict(settings.get("templates") or {})
    key = f"{kind}/{language}/{part}"
    if source is None:
        templates.pop(key, None)
        rendered = messages.render_part(kind, language, part, SAMPLE_VALUES[kind], Look(_brand(settings, name)))
    else:
        rendered = check_template(kind, language, part, source, _brand(settings, name))
        templates[key] = source
    if sum(len(v.encode()) for v in templates.values()) > MAX_TEMPLATES_BYTES:
        raise InvalidSetting(f"one mode's templates may have at most {MAX_TEMPLATES_BYTES} bytes in all")
    settings["templates"] = templates
    _save(organisation_id, mode, settings)
    if part == messages.SMS_PART:
        segments = messages.sms_segments(rendered)
        return f"{rendered}\n({segments.encoding}, {segments.units} units, {segments.count} segment(s))"
    return rendered


def set_page_links(organisation_id: str, mode: str, **pages: str | None) -> dict[str, str]:
    """Sets (an https URL) or clears ("") the organisation's pages; answers the pages now in force."""
    settings, _ = _load_for_change(organisation_id, mode)
    own = dict(settings.get("pages") or {})
    for page, url in pages.items():
        if url is None:
            continue
        if page not in PAGES:
            raise InvalidSetting(f"unknown page {page}; pages: {', '.join(PAGES)}")
        if url.strip():
            own[page] = _https(url, page)
        else:
            own.pop(page, None)
    settings["pages"] = own
    _save(organisation_id, mode, settings)
    return {page: page_url(organisation_id, mode, page) for page in PAGES}

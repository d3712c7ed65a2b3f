"""WiFi authorization of a contact's device, and sign-in with that device's MAC address."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from crm.context import RequestContext
from crm.data.contacts import find_contact
from crm.data.devices import (
    ContactHasAnotherDevice,
    Device,
    DeviceHasAnotherContact,
    contact_key,
    delete_authorization,
    find_device,
    mac_key,
    save_authorization,
)
from crm.data.eventbus import PublishFailed, publish
from crm.errors import Conflict, CrmError, ErrorCode, InvalidInput, InvalidLogin, NotFound
from crm.services.sessions import new_session, tokens_answer
from crm.settings import required_env, wifi_authorization_seconds

WIFI_AUTHORIZED = "WifiAuthorized"

_SEPARATED = re.compile(r"^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$")
_DOTTED = re.compile(r"^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$")
_BARE = re.compile(r"^[0-9a-f]{12}$")


class ClientAlreadyAuthorized(CrmError):
    status = 400
    error = ErrorCode.CLIENT_ALREADY_AUTHORIZED
    message = "The contact is already signed in from another device."


class WifiPlatformUnreachable(CrmError):
    status = 502
    error = ErrorCode.UPSTREAM
    message = "The WiFi platform could not be notified; nothing was authorized, try again."


def normalise_mac(value: str) -> str:
    """01-23-45-67-89-AB, 01:23:45:67:89:ab, 0123.4567.89ab and 0123456789AB all answer 01:23:45:67:89:ab.
    The all-zero and broadcast addresses name no device and are refused."""
    text = value.strip().lower()
    if not (_SEPARATED.match(text) or _DOTTED.match(text) or _BARE.match(text)):
        raise InvalidInput("mac_address must be six hexadecimal octets, such as 01-23-45-67-89-AB.", ["mac_address"])
    digits = re.sub(r"[^0-9a-f]", "", text)
    if digits in ("0" * 12, "f" * 12):
        raise InvalidInput("mac_address must be a device's address, not the zero or broadcast one.", ["mac_address"])
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def authorization_seconds() -> int:
    return wifi_authorization_seconds()


def authorize_wifi(
    ctx: RequestContext,
    contact_id: str,
    *,
    integration_id: str,
    mac_address: str,
    estimation_id: str | None,
    site_id: str | None,
) -> dict[str, Any]:
    """Registers the device to the contact (one active device per contact), then tells the WiFi platform
    through the event bus. If the event cannot be published, the authorization is undone."""
    if ctx.contact_id or ctx.integration != "wifi":
        ctx.require_own_contact(contact_id)  # the authorizer proved a contact; it must be the one named
    # else the WiFi integration's secret (beside the key) vouches for the contact the path names, in its tenant
    mac = normalise_mac(mac_address)
    if find_contact(ctx.tenant, contact_id) is None:
        raise NotFound("contact", contact_id)
    now = int(time.time())
    fields = dict(
        tenant=ctx.tenant,
        authorization_id=uuid.uuid4().hex,
        contact_id=contact_id,
        mac_address=mac,
        integration_id=integration_id,
        estimation_id=estimation_id,
        site_id=site_id,
        authorized_on=now,
        expires_at=now + authorization_seconds(),
    )
    try:
        save_authorization(
            Device(device_key=mac_key(mac), **fields), Device(device_key=contact_key(contact_id), **fields), now
        )
    except ContactHasAnotherDevice:
        raise ClientAlreadyAuthorized(parameters=["contact", contact_id]) from None
    except DeviceHasAnotherContact:
        raise Conflict("This device is authorized for another contact.", ["mac_address"]) from None
    detail = {
        "integration_id": integration_id,
        "mac_address": mac,
        "estimation_id": estimation_id,
        "site_id": site_id,
        "contact_id": contact_id,
        "organisation_id": ctx.organisation_id,
        "mode": ctx.mode,
        "authorized_on": now,
        "expires_at": fields["expires_at"],
    }
    try:
        publish(required_env("WIFI_EVENT_BUS"), WIFI_AUTHORIZED, detail)
    except PublishFailed:
        delete_authorization(ctx.tenant, mac, contact_id, fields["authorization_id"])
        raise WifiPlatformUnreachable() from None
    return detail


def authenticate_with_mac_address(ctx: RequestContext, *, mac_address: str) -> dict[str, Any]:
    """Tokens for the contact whose active wifi authorization names this device, in the caller's organisation
    and mode. The session ends when the authorization does, and is a device session: it reads what the WiFi
    platform needs and changes nothing (crm/access.py DEVICE_ROUTES)."""
    mac = normalise_mac(mac_address)
    now = int(time.time())
    device = find_device(ctx.tenant, mac)
    if device is None or not device.is_active(now):
        raise InvalidLogin("This device is not authorized.", ["mac_address"])
    contact = find_contact(ctx.tenant, device.contact_id)
    if contact is None:
        raise InvalidLogin("This device is not authorized.", ["mac_address"])
    session, refresh_token = new_session(ctx, contact.id, "MAC_ADDRESS", kind="device")
    session.expires_at = min(session.expires_at, device.expires_at)
    session.save(condition=type(session).id.does_not_exist())
    return tokens_answer(ctx, contact, session, refresh_token, bool(contact.is_verified))

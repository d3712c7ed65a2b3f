"""WiFi device authorizations, partitioned by tenant (organisation#mode).

Two items per authorization, written together: `MAC#<mac>` (which contact a device signs in as) and
`CONTACT#<id>` (which device a contact has). Their conditions keep one active device per contact and one
contact per device, even when two authorizations race."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from crm.data.base import table_meta, transaction_connection


class Device(Model):
    Meta = table_meta("DEVICES_TABLE")

    tenant = UnicodeAttribute(hash_key=True)
    device_key = UnicodeAttribute(range_key=True)  # MAC#<aa:bb:..> or CONTACT#<contact id>
    authorization_id = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    mac_address = UnicodeAttribute()
    integration_id = UnicodeAttribute()
    estimation_id = UnicodeAttribute(null=True)
    site_id = UnicodeAttribute(null=True)
    authorized_on = NumberAttribute()
    # DynamoDB's TTL removes the item some time after this; readers check it themselves.
    expires_at = NumberAttribute()

    def is_active(self, now: int) -> bool:
        return self.expires_at > now


def mac_key(mac_address: str) -> str:
    return f"MAC#{mac_address}"


def contact_key(contact_id: str) -> str:
    return f"CONTACT#{contact_id}"


class ContactHasAnotherDevice(Exception):
    """The contact's active authorization is for another device."""


class DeviceHasAnotherContact(Exception):
    """The device is actively authorized for another contact."""


def find_device(tenant: str, mac_address: str) -> Device | None:
    try:
        return Device.get(tenant, mac_key(mac_address), consistent_read=True)
    except Device.DoesNotExist:
        return None


def save_authorization(by_mac: Device, by_contact: Device, now: int) -> None:
    """Writes both items, or neither. An item may be replaced when it is ours already (same contact and
    device: a renewal) or has expired."""
    try:
        with TransactWrite(connection=transaction_connection()) as tx:
            tx.save(
                by_contact,
                condition=(
                    Device.device_key.does_not_exist()
                    | (Device.mac_address == by_contact.mac_address)
                    | (Device.expires_at <= now)
                ),
            )
            tx.save(
                by_mac,
                condition=(
                    Device.device_key.does_not_exist()
                    | (Device.contact_id == by_mac.contact_id)
                    | (Device.expires_at <= now)
                ),
            )
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        failed = [r is not None and r.code == "ConditionalCheckFailed" for r in reasons]
        if failed and failed[0]:
            raise ContactHasAnotherDevice() from exc
        if len(failed) > 1 and failed[1]:
            raise DeviceHasAnotherContact() from exc
        raise


def delete_authorization(tenant: str, mac_address: str, contact_id: str, authorization_id: str) -> None:
    """Removes the items of one authorization, leaving alone any that a later authorization replaced."""
    for key in (mac_key(mac_address), contact_key(contact_id)):
        try:
            Device(tenant, key).delete(condition=Device.authorization_id == authorization_id)
        except DeleteError as exc:
            if getattr(exc.cause, "response", {}).get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise


def end_devices_of_contact(tenant: str, contact_id: str) -> int:
    """Removes the contact's device binding (CONTACT#<id> and the MAC#<mac> item it names, each only while it
    is still this authorization), so that MAC_ADDRESS signs nobody in as it any more. The number removed."""
    try:
        binding = Device.get(tenant, contact_key(contact_id), consistent_read=True)
    except Device.DoesNotExist:
        return 0
    delete_authorization(tenant, binding.mac_address, contact_id, binding.authorization_id)
    return 1

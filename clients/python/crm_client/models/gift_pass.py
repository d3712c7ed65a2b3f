from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiftPass")


@_attrs_define
class GiftPass:
    """What proves a GIFT_PASS: its pin and the e-mail address or phone number it is bound to.

    Attributes:
        email_address (None | str | Unset):
        phone_number (None | str | Unset):
        country_code (None | str | Unset):
        pin (None | str | Unset):
        last_spend_amount (float | None | Unset): When given, it must equal the amount last spent with the pass.
    """

    email_address: None | str | Unset = UNSET
    phone_number: None | str | Unset = UNSET
    country_code: None | str | Unset = UNSET
    pin: None | str | Unset = UNSET
    last_spend_amount: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email_address: None | str | Unset
        if isinstance(self.email_address, Unset):
            email_address = UNSET
        else:
            email_address = self.email_address

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        pin: None | str | Unset
        if isinstance(self.pin, Unset):
            pin = UNSET
        else:
            pin = self.pin

        last_spend_amount: float | None | Unset
        if isinstance(self.last_spend_amount, Unset):
            last_spend_amount = UNSET
        else:
            last_spend_amount = self.last_spend_amount

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email_address is not UNSET:
            field_dict["email_address"] = email_address
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if pin is not UNSET:
            field_dict["pin"] = pin
        if last_spend_amount is not UNSET:
            field_dict["last_spend_amount"] = last_spend_amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_email_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_address = _parse_email_address(d.pop("email_address", UNSET))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phone_number", UNSET))

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        def _parse_pin(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pin = _parse_pin(d.pop("pin", UNSET))

        def _parse_last_spend_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        last_spend_amount = _parse_last_spend_amount(d.pop("last_spend_amount", UNSET))

        gift_pass = cls(
            email_address=email_address,
            phone_number=phone_number,
            country_code=country_code,
            pin=pin,
            last_spend_amount=last_spend_amount,
        )

        return gift_pass

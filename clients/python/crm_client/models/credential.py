from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.credential_name import CredentialName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gift_pass import GiftPass


T = TypeVar("T", bound="Credential")


@_attrs_define
class Credential:
    """
    Attributes:
        name (CredentialName):
        value (str): EMAIL, PHONE (with country_code for a national number), ID_NUMBER, PASSPORT, STATUTORY_ID, CARD,
            LOYALTY_IDENTIFIER, GIFT_PASS (with gift_pass): the value; BIRTHDATE: YYYY-MM-DD, which only narrows the other
            credentials. Letters and digits compare, case-insensitively.
        country_code (None | str | Unset): For a national PHONE number.
        gift_pass (GiftPass | None | Unset):
    """

    name: CredentialName
    value: str
    country_code: None | str | Unset = UNSET
    gift_pass: GiftPass | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.gift_pass import GiftPass  # noqa: PLC0415

        name = self.name.value

        value = self.value

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        gift_pass: dict[str, Any] | None | Unset
        if isinstance(self.gift_pass, Unset):
            gift_pass = UNSET
        elif isinstance(self.gift_pass, GiftPass):
            gift_pass = self.gift_pass.to_dict()
        else:
            gift_pass = self.gift_pass

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "value": value,
            }
        )
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if gift_pass is not UNSET:
            field_dict["gift_pass"] = gift_pass

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gift_pass import GiftPass  # noqa: PLC0415

        d = dict(src_dict)
        name = CredentialName(d.pop("name"))

        value = d.pop("value")

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        def _parse_gift_pass(data: object) -> GiftPass | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                gift_pass_type_0 = GiftPass.from_dict(data)

                return gift_pass_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GiftPass | None | Unset, data)

        gift_pass = _parse_gift_pass(d.pop("gift_pass", UNSET))

        credential = cls(
            name=name,
            value=value,
            country_code=country_code,
            gift_pass=gift_pass,
        )

        return credential

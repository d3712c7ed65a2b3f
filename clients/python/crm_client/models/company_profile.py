from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompanyProfile")


@_attrs_define
class CompanyProfile:
    """
    Attributes:
        profile_year (int | None | Unset):
        annual_turnover (float | None | Unset):
        established_on (int | None | Unset):
        number_of_employees (int | None | Unset):
        registration_number (None | str | Unset):
        registration_country (None | str | Unset):
        tax_reference_number (None | str | Unset):
        vat_registration_number (None | str | Unset):
        industry_id (None | str | Unset):
        industry_sectors (list[str] | None | Unset):
    """

    profile_year: int | None | Unset = UNSET
    annual_turnover: float | None | Unset = UNSET
    established_on: int | None | Unset = UNSET
    number_of_employees: int | None | Unset = UNSET
    registration_number: None | str | Unset = UNSET
    registration_country: None | str | Unset = UNSET
    tax_reference_number: None | str | Unset = UNSET
    vat_registration_number: None | str | Unset = UNSET
    industry_id: None | str | Unset = UNSET
    industry_sectors: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        profile_year: int | None | Unset
        if isinstance(self.profile_year, Unset):
            profile_year = UNSET
        else:
            profile_year = self.profile_year

        annual_turnover: float | None | Unset
        if isinstance(self.annual_turnover, Unset):
            annual_turnover = UNSET
        else:
            annual_turnover = self.annual_turnover

        established_on: int | None | Unset
        if isinstance(self.established_on, Unset):
            established_on = UNSET
        else:
            established_on = self.established_on

        number_of_employees: int | None | Unset
        if isinstance(self.number_of_employees, Unset):
            number_of_employees = UNSET
        else:
            number_of_employees = self.number_of_employees

        registration_number: None | str | Unset
        if isinstance(self.registration_number, Unset):
            registration_number = UNSET
        else:
            registration_number = self.registration_number

        registration_country: None | str | Unset
        if isinstance(self.registration_country, Unset):
            registration_country = UNSET
        else:
            registration_country = self.registration_country

        tax_reference_number: None | str | Unset
        if isinstance(self.tax_reference_number, Unset):
            tax_reference_number = UNSET
        else:
            tax_reference_number = self.tax_reference_number

        vat_registration_number: None | str | Unset
        if isinstance(self.vat_registration_number, Unset):
            vat_registration_number = UNSET
        else:
            vat_registration_number = self.vat_registration_number

        industry_id: None | str | Unset
        if isinstance(self.industry_id, Unset):
            industry_id = UNSET
        else:
            industry_id = self.industry_id

        industry_sectors: list[str] | None | Unset
        if isinstance(self.industry_sectors, Unset):
            industry_sectors = UNSET
        elif isinstance(self.industry_sectors, list):
            industry_sectors = self.industry_sectors

        else:
            industry_sectors = self.industry_sectors

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if profile_year is not UNSET:
            field_dict["profile_year"] = profile_year
        if annual_turnover is not UNSET:
            field_dict["annual_turnover"] = annual_turnover
        if established_on is not UNSET:
            field_dict["established_on"] = established_on
        if number_of_employees is not UNSET:
            field_dict["number_of_employees"] = number_of_employees
        if registration_number is not UNSET:
            field_dict["registration_number"] = registration_number
        if registration_country is not UNSET:
            field_dict["registration_country"] = registration_country
        if tax_reference_number is not UNSET:
            field_dict["tax_reference_number"] = tax_reference_number
        if vat_registration_number is not UNSET:
            field_dict["vat_registration_number"] = vat_registration_number
        if industry_id is not UNSET:
            field_dict["industry_id"] = industry_id
        if industry_sectors is not UNSET:
            field_dict["industry_sectors"] = industry_sectors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_profile_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        profile_year = _parse_profile_year(d.pop("profile_year", UNSET))

        def _parse_annual_turnover(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        annual_turnover = _parse_annual_turnover(d.pop("annual_turnover", UNSET))

        def _parse_established_on(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        established_on = _parse_established_on(d.pop("established_on", UNSET))

        def _parse_number_of_employees(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        number_of_employees = _parse_number_of_employees(d.pop("number_of_employees", UNSET))

        def _parse_registration_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration_number = _parse_registration_number(d.pop("registration_number", UNSET))

        def _parse_registration_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration_country = _parse_registration_country(d.pop("registration_country", UNSET))

        def _parse_tax_reference_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_reference_number = _parse_tax_reference_number(d.pop("tax_reference_number", UNSET))

        def _parse_vat_registration_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_registration_number = _parse_vat_registration_number(d.pop("vat_registration_number", UNSET))

        def _parse_industry_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        industry_id = _parse_industry_id(d.pop("industry_id", UNSET))

        def _parse_industry_sectors(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                industry_sectors_type_0 = cast(list[str], data)

                return industry_sectors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        industry_sectors = _parse_industry_sectors(d.pop("industry_sectors", UNSET))

        company_profile = cls(
            profile_year=profile_year,
            annual_turnover=annual_turnover,
            established_on=established_on,
            number_of_employees=number_of_employees,
            registration_number=registration_number,
            registration_country=registration_country,
            tax_reference_number=tax_reference_number,
            vat_registration_number=vat_registration_number,
            industry_id=industry_id,
            industry_sectors=industry_sectors,
        )

        return company_profile

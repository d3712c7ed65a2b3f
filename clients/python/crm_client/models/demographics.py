from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.demographics_gender_type_0 import DemographicsGenderType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.date_of_birth import DateOfBirth
    from ..models.id_details import IdDetails
    from ..models.name_day import NameDay
    from ..models.passport import Passport


T = TypeVar("T", bound="Demographics")


@_attrs_define
class Demographics:
    """
    Attributes:
        gender (DemographicsGenderType0 | None | Unset):
        passport (None | Passport | Unset):
        id_details (IdDetails | None | Unset):
        name_day (NameDay | None | Unset):
        date_of_birth (DateOfBirth | None | Unset):
    """

    gender: DemographicsGenderType0 | None | Unset = UNSET
    passport: None | Passport | Unset = UNSET
    id_details: IdDetails | None | Unset = UNSET
    name_day: NameDay | None | Unset = UNSET
    date_of_birth: DateOfBirth | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.date_of_birth import DateOfBirth  # noqa: PLC0415
        from ..models.id_details import IdDetails  # noqa: PLC0415
        from ..models.name_day import NameDay  # noqa: PLC0415
        from ..models.passport import Passport  # noqa: PLC0415

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, DemographicsGenderType0):
            gender = self.gender.value
        else:
            gender = self.gender

        passport: dict[str, Any] | None | Unset
        if isinstance(self.passport, Unset):
            passport = UNSET
        elif isinstance(self.passport, Passport):
            passport = self.passport.to_dict()
        else:
            passport = self.passport

        id_details: dict[str, Any] | None | Unset
        if isinstance(self.id_details, Unset):
            id_details = UNSET
        elif isinstance(self.id_details, IdDetails):
            id_details = self.id_details.to_dict()
        else:
            id_details = self.id_details

        name_day: dict[str, Any] | None | Unset
        if isinstance(self.name_day, Unset):
            name_day = UNSET
        elif isinstance(self.name_day, NameDay):
            name_day = self.name_day.to_dict()
        else:
            name_day = self.name_day

        date_of_birth: dict[str, Any] | None | Unset
        if isinstance(self.date_of_birth, Unset):
            date_of_birth = UNSET
        elif isinstance(self.date_of_birth, DateOfBirth):
            date_of_birth = self.date_of_birth.to_dict()
        else:
            date_of_birth = self.date_of_birth

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if gender is not UNSET:
            field_dict["gender"] = gender
        if passport is not UNSET:
            field_dict["passport"] = passport
        if id_details is not UNSET:
            field_dict["id_details"] = id_details
        if name_day is not UNSET:
            field_dict["name_day"] = name_day
        if date_of_birth is not UNSET:
            field_dict["date_of_birth"] = date_of_birth

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.date_of_birth import DateOfBirth  # noqa: PLC0415
        from ..models.id_details import IdDetails  # noqa: PLC0415
        from ..models.name_day import NameDay  # noqa: PLC0415
        from ..models.passport import Passport  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_gender(data: object) -> DemographicsGenderType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = DemographicsGenderType0(data)

                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DemographicsGenderType0 | None | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))

        def _parse_passport(data: object) -> None | Passport | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                passport_type_0 = Passport.from_dict(data)

                return passport_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Passport | Unset, data)

        passport = _parse_passport(d.pop("passport", UNSET))

        def _parse_id_details(data: object) -> IdDetails | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                id_details_type_0 = IdDetails.from_dict(data)

                return id_details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdDetails | None | Unset, data)

        id_details = _parse_id_details(d.pop("id_details", UNSET))

        def _parse_name_day(data: object) -> NameDay | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                name_day_type_0 = NameDay.from_dict(data)

                return name_day_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NameDay | None | Unset, data)

        name_day = _parse_name_day(d.pop("name_day", UNSET))

        def _parse_date_of_birth(data: object) -> DateOfBirth | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                date_of_birth_type_0 = DateOfBirth.from_dict(data)

                return date_of_birth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DateOfBirth | None | Unset, data)

        date_of_birth = _parse_date_of_birth(d.pop("date_of_birth", UNSET))

        demographics = cls(
            gender=gender,
            passport=passport,
            id_details=id_details,
            name_day=name_day,
            date_of_birth=date_of_birth,
        )

        return demographics

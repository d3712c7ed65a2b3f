from enum import StrEnum


class DemographicsGenderType0(StrEnum):
    FEMALE = "FEMALE"
    MALE = "MALE"
    OTHER = "OTHER"

    def __str__(self) -> str:
        return str(self.value)

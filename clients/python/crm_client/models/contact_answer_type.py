from enum import StrEnum


class ContactAnswerType(StrEnum):
    COMPANY = "COMPANY"
    PERSON = "PERSON"

    def __str__(self) -> str:
        return str(self.value)

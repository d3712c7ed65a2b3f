from enum import StrEnum


class SendMethod(StrEnum):
    EMAIL = "EMAIL"
    SMS = "SMS"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class PrintoutRequestFormat(StrEnum):
    EMAIL = "EMAIL"
    PDF = "PDF"

    def __str__(self) -> str:
        return str(self.value)

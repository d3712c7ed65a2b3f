from enum import StrEnum


class Channel(StrEnum):
    DEVICE = "DEVICE"
    EMAIL = "EMAIL"
    INAPP = "INAPP"
    SMS = "SMS"

    def __str__(self) -> str:
        return str(self.value)

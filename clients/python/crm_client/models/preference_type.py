from enum import StrEnum


class PreferenceType(StrEnum):
    ORDERS = "ORDERS"
    REWARDS = "REWARDS"

    def __str__(self) -> str:
        return str(self.value)

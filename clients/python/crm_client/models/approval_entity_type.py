from enum import StrEnum


class ApprovalEntityType(StrEnum):
    ORDER = "ORDER"
    ORGANISATIONS = "ORGANISATIONS"
    REWARD_OFFERS = "REWARD_OFFERS"
    SERVICE_REQUESTS = "SERVICE_REQUESTS"

    def __str__(self) -> str:
        return str(self.value)

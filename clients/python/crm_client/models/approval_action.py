from enum import StrEnum


class ApprovalAction(StrEnum):
    ACCEPT = "ACCEPT"
    APPROVE = "APPROVE"
    REJECT = "REJECT"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class FileAnswerState(StrEnum):
    FAILED = "FAILED"
    PENDING = "PENDING"
    READY = "READY"
    REJECTED = "REJECTED"

    def __str__(self) -> str:
        return str(self.value)

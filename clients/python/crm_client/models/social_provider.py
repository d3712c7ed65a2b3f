from enum import StrEnum


class SocialProvider(StrEnum):
    APPLE = "APPLE"
    FACEBOOK = "FACEBOOK"
    GOOGLE = "GOOGLE"
    MW4 = "MW4"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class OtpCredentialName(StrEnum):
    AUTH_OTP = "AUTH_OTP"
    BIRTHDATE = "BIRTHDATE"
    CARD = "CARD"
    EMAIL = "EMAIL"
    ID_NUMBER = "ID_NUMBER"
    LOYALTY_IDENTIFIER = "LOYALTY_IDENTIFIER"
    PASSPORT = "PASSPORT"
    PHONE = "PHONE"

    def __str__(self) -> str:
        return str(self.value)

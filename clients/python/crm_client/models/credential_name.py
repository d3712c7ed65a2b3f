from enum import StrEnum


class CredentialName(StrEnum):
    BIRTHDATE = "BIRTHDATE"
    CARD = "CARD"
    EMAIL = "EMAIL"
    GIFT_PASS = "GIFT_PASS"
    ID_NUMBER = "ID_NUMBER"
    LOYALTY_IDENTIFIER = "LOYALTY_IDENTIFIER"
    PASSPORT = "PASSPORT"
    PHONE = "PHONE"
    STATUTORY_ID = "STATUTORY_ID"

    def __str__(self) -> str:
        return str(self.value)

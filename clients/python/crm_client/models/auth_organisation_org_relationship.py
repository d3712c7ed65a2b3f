from enum import StrEnum


class AuthOrganisationOrgRelationship(StrEnum):
    MERCHANT = "MERCHANT"
    PARENT = "PARENT"
    SELF = "SELF"
    SUBSIDIARY = "SUBSIDIARY"

    def __str__(self) -> str:
        return str(self.value)

"""Which credential each route takes. The authorizer enforces this table; a test keeps it equal to
template.yaml's routes, so a new route cannot ship without a rule."""

from __future__ import annotations

from enum import Enum


class Access(str, Enum):
    KEY = "key"  # the application's api_key
    JWT = "jwt"  # a contact's access token
    # Both: the api_key and the access token of the contact the path names, of the key's organisation and
    # mode. Binding a device to a contact must prove the contact: the publishable key ships in every app.
    KEY_AND_JWT = "key+jwt"


ROUTE_ACCESS: dict[tuple[str, str], Access] = {
    ("POST", "/contacts/register"): Access.KEY,
    ("POST", "/contacts/authenticate"): Access.KEY,
    ("GET", "/contacts/{id}"): Access.JWT,
    ("POST", "/contacts/otp"): Access.KEY,
    ("POST", "/contacts/validate"): Access.KEY,
    ("POST", "/contacts/validate-otp"): Access.KEY,
    ("POST", "/contacts/refresh"): Access.KEY,
    ("POST", "/contacts/forgot_password"): Access.KEY,
    ("POST", "/contacts/{id}/sign_out"): Access.JWT,
    ("POST", "/contacts/{id}/wifi/authorization"): Access.KEY_AND_JWT,
    ("POST", "/upload/files"): Access.JWT,
    ("GET", "/files/{id}"): Access.JWT,
    ("DELETE", "/files/{id}"): Access.JWT,
    ("DELETE", "/service_requests/{sid}/files/{id}"): Access.JWT,
    ("PUT", "/contacts/{id}"): Access.JWT,
    ("DELETE", "/contacts/{id}"): Access.JWT,
    ("PUT", "/contacts/{id}/consents"): Access.JWT,
    ("GET", "/contacts/{id}/demographics"): Access.JWT,
    ("GET", "/contacts/{id}/preferences"): Access.JWT,
    ("PUT", "/contacts/{id}/preferences"): Access.JWT,
    ("POST", "/printout"): Access.JWT,
    ("GET", "/contacts/{id}/communications"): Access.JWT,
    ("GET", "/communications/{id}"): Access.JWT,
    ("PUT", "/communications/{id}/actions"): Access.JWT,
    ("GET", "/contacts/{id}/approval_requests"): Access.JWT,
}


def access_for(method: str, resource: str) -> Access | None:
    return ROUTE_ACCESS.get((method.upper(), resource))

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


# The only routes a device session (a MAC_ADDRESS sign-in) may call; with a device's token any other route, the
# open approval route included, answers 403. Why so few: a MAC address is no secret (any device on the network
# sees it and can copy it), so a device session proves the least of all sign-ins. The WiFi platform needs to
# know whose device it is (the contact, its demographics and preferences) and to show the contact's messages,
# and the device may end its own session; it never changes anything the contact owns or that proves the contact
# (profile, e-mail, phone, consents, preferences, files, deletion), never reads the contact's files, printouts
# or approval requests, never answers an approval or marks a message, and never binds a device (a device must
# not bind another). Refresh is listed because the device keeps its session alive with it (the api_key is the
# credential there; the refreshed token keeps the session's kind).
DEVICE_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/contacts/{id}"),
        ("GET", "/contacts/{id}/demographics"),
        ("GET", "/contacts/{id}/preferences"),
        ("GET", "/contacts/{id}/communications"),
        ("GET", "/communications/{id}"),
        ("POST", "/contacts/{id}/sign_out"),
        ("POST", "/contacts/refresh"),
    }
)


def access_for(method: str, resource: str) -> Access | None:
    return ROUTE_ACCESS.get((method.upper(), resource))


def device_may_call(method: str, resource: str) -> bool:
    return (method.upper(), resource) in DEVICE_ROUTES

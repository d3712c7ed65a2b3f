"""Which credential each route takes. The authorizer enforces this table; a test keeps it equal to
template.yaml's routes, so a new route cannot ship without a rule."""

from __future__ import annotations

from enum import Enum


class Access(str, Enum):
    KEY = "key"  # the application's api_key
    JWT = "jwt"  # a contact's access token


ROUTE_ACCESS: dict[tuple[str, str], Access] = {
    ("POST", "/contacts/register"): Access.KEY,
    ("POST", "/contacts/authenticate"): Access.KEY,
    ("GET", "/contacts/{id}"): Access.JWT,
    ("GET", "/contacts/{id}/communications"): Access.JWT,
    ("GET", "/communications/{id}"): Access.JWT,
    ("PUT", "/communications/{id}/actions"): Access.JWT,
    ("GET", "/contacts/{id}/approval_requests"): Access.JWT,
}


def access_for(method: str, resource: str) -> Access | None:
    return ROUTE_ACCESS.get((method.upper(), resource))

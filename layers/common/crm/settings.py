"""Every setting of the layer, read from the environment template.yaml gives each function: the one module that
reads os.environ, and never at import.

A module that needs a variable (a table, a bucket, a queue) registers it when it is imported (`needs`); the
registered names are then what the function's own modules use, and the first call of the function checks them all
at once (`check_environment`, from the resolver and from every `required_env`): a missing one fails the cold start
with its name, before any request is served, instead of when a rarely used route first reaches its table."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

API_PREFIX = "/self-service/v1"
TOKEN_AUDIENCE = "crm-self-service"

_needed: dict[str, str] = {}  # variable -> the module that registered it


class MissingSetting(RuntimeError):
    """Environment variables a function needs that are not set (each named)."""

    def __init__(self, names: list[str], needed_by: dict[str, str]) -> None:
        self.names = names
        which = ", ".join(f"{name} (used by {needed_by[name]})" if name in needed_by else name for name in names)
        super().__init__(f"environment variable(s) not set: {which}; template.yaml sets them for the function")


def needs(name: str, by: str) -> str:
    """Registers that module `by` needs the environment variable `name` (checked at the function's first call);
    answers `name`. Reads nothing."""
    _needed.setdefault(name, by)
    return name


def needed() -> dict[str, str]:
    """The variables the modules imported so far need, and who needs each."""
    return dict(_needed)


_check_all = True


def check_each_on_use() -> None:
    """For operators' commands, which set only the variables of what they use: no check of all that is registered
    (each variable still names itself when it is read unset)."""
    global _check_all
    _check_all = False


@cache
def check_environment() -> None:
    """Once per container (a success is remembered, a failure is not): every registered variable is set."""
    if not _check_all:
        return
    missing = sorted(name for name in _needed if not os.environ.get(name))
    if missing:
        raise MissingSetting(missing, _needed)


def required_env(name: str) -> str:
    check_environment()
    value = os.environ.get(name)
    if not value:
        raise MissingSetting([name], _needed)
    return value


def optional_env(name: str, default: str = "") -> str:
    """A variable with a default (an empty value counts as unset), stripped."""
    return os.environ.get(name, "").strip() or default


def optional_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as its non-empty items."""
    return [item.strip() for item in optional_env(name, default).split(",") if item.strip()]


def optional_int(name: str, default: int) -> int:
    value = optional_env(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise RuntimeError(f"environment variable {name} must be a whole number, not {value!r}") from None


def aws_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1"


# boto3's "standard" retry mode (the default is "legacy"): throttling and transient errors are retried with
# jittered exponential backoff, this many times after the first attempt (4 attempts in all), as PynamoDB's
# clients do already (crm/data/base.py: max_retry_attempts 3).
BOTO_MAX_RETRIES = 3


def boto_config(**settings):
    """The botocore Config of every boto3 client the functions make."""
    from botocore.config import Config

    return Config(retries={"mode": "standard", "max_attempts": BOTO_MAX_RETRIES}, **settings)


def allowed_origin() -> str:
    """The browser origin CORS allows (template parameter AllowedOrigin)."""
    return optional_env("ALLOWED_ORIGIN", "*")


def mail_from() -> str:
    """The verified SES sender of every e-mail (template parameter MailFrom)."""
    return optional_env("MAIL_FROM", "no-reply@example.com")


@dataclass(frozen=True)
class TokenSettings:
    secret_arn: str
    issuer: str
    audience: str
    access_token_seconds: int
    refresh_token_seconds: int


@cache
def token_settings() -> TokenSettings:
    return TokenSettings(
        secret_arn=required_env("TOKEN_SECRET_ARN"),
        issuer=required_env("TOKEN_ISSUER"),
        audience=TOKEN_AUDIENCE,
        access_token_seconds=optional_int("ACCESS_TOKEN_SECONDS", 900),
        refresh_token_seconds=optional_int("REFRESH_TOKEN_SECONDS", 30 * 24 * 3600),
    )


# JSON bodies larger than this are refused with 413 before they are parsed.
MAX_JSON_BODY_BYTES = 64 * 1024


def approval_link_url() -> str:
    """The page an approval e-mail's links open (template parameter ApprovalLinkUrl): it posts the link's token
    and response to POST /approval_requests/{id}/actions and shows the HTML answer."""
    return optional_env("APPROVAL_LINK_URL", "https://portal.example.com/approval")


def password_reset_page_url() -> str:
    """The page a password reset e-mail links to, with ?token=... (template parameter PasswordResetPageUrl): it
    asks for a new password and posts {token, password} to POST /contacts/change_password. An organisation may
    set its own (`python -m crmctl.admin set-page-links`)."""
    return os.environ.get("PASSWORD_RESET_PAGE_URL") or "https://portal.example.com/reset-password"


def email_verification_page_url() -> str:
    """The page an e-mail verification links to, with ?token=... (template parameter EmailVerificationPageUrl);
    empty: the API's own page, {API}/contacts/verify_email/{token}."""
    return os.environ.get("EMAIL_VERIFICATION_PAGE_URL", "")


def approval_link_seconds() -> int:
    """How long an approval e-mail's one-time links work."""
    return optional_int("APPROVAL_LINK_SECONDS", 7 * 24 * 3600)


DEFAULT_SMS_DAILY_BUDGET = {"live": 1000, "test": 100}


def sms_daily_budget(mode: str) -> int:
    """SMS an organisation may send per UTC day in `mode` (template parameters SmsDailyBudgetLive and
    SmsDailyBudgetTest, as SMS_DAILY_BUDGET_LIVE / _TEST)."""
    return optional_int(f"SMS_DAILY_BUDGET_{mode.upper()}", DEFAULT_SMS_DAILY_BUDGET[mode])


def sms_countries() -> tuple[str, ...]:
    """Where SMS may go (template parameter SmsCountries, as SMS_COUNTRIES): calling codes or ISO 3166 alpha-3
    codes, comma-separated ("357,GRC"), or "*" for every country. Unset: Cyprus only, the seed's country."""
    return tuple(optional_list("SMS_COUNTRIES", "357"))


LOCAL_USAGE_KEY_NAMESPACE = "crm-local"


def usage_key_namespace() -> str:
    """The stack's name (template.yaml sets USAGE_KEY_NAMESPACE): usage-plan key values must be unique in the
    account."""
    return optional_env("USAGE_KEY_NAMESPACE", LOCAL_USAGE_KEY_NAMESPACE)


DEFAULT_WIFI_AUTHORIZATION_SECONDS = 24 * 3600


def wifi_authorization_seconds() -> int:
    """How long a WiFi device authorization lasts (template parameter WifiAuthorizationSeconds)."""
    return optional_int("WIFI_AUTHORIZATION_SECONDS", DEFAULT_WIFI_AUTHORIZATION_SECONDS)


def printout_max_receives() -> int:
    """The printouts queue's maxReceiveCount (template.yaml sets both): the last attempt marks a printout FAILED."""
    return optional_int("PRINTOUT_MAX_RECEIVES", 3)


def public_api_url() -> str:
    """The public base URL of the API for links in e-mails (PUBLIC_API_URL), or "" to take the request's host."""
    return optional_env("PUBLIC_API_URL").rstrip("/")

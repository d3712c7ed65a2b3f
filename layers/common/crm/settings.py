"""Settings read once from the environment that template.yaml gives every function."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

API_PREFIX = "/self-service/v1"
TOKEN_AUDIENCE = "crm-self-service"


def required_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set (template.yaml sets it for every function)")
    return value


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
    return os.environ.get("ALLOWED_ORIGIN", "*")


def mail_from() -> str:
    """The verified SES sender of every e-mail (template parameter MailFrom)."""
    return os.environ.get("MAIL_FROM", "no-reply@example.com")


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
        access_token_seconds=int(os.environ.get("ACCESS_TOKEN_SECONDS", "900")),
        refresh_token_seconds=int(os.environ.get("REFRESH_TOKEN_SECONDS", str(30 * 24 * 3600))),
    )


# JSON bodies larger than this are refused with 413 before they are parsed.
MAX_JSON_BODY_BYTES = 64 * 1024


def approval_link_url() -> str:
    """The page an approval e-mail's links open (template parameter ApprovalLinkUrl): it posts the link's token
    and response to POST /approval_requests/{id}/actions and shows the HTML answer."""
    return os.environ.get("APPROVAL_LINK_URL", "https://portal.example.com/approval")


def password_reset_page_url() -> str:
    """The page a password reset e-mail links to, with ?token=... (template parameter PasswordResetPageUrl): it
    asks for a new password and posts {token, password} to POST /contacts/change_password. An organisation may
    set its own (`python -m crm.admin set-page-links`)."""
    return os.environ.get("PASSWORD_RESET_PAGE_URL") or "https://portal.example.com/reset-password"


def email_verification_page_url() -> str:
    """The page an e-mail verification links to, with ?token=... (template parameter EmailVerificationPageUrl);
    empty: the API's own page, {API}/contacts/verify_email/{token}."""
    return os.environ.get("EMAIL_VERIFICATION_PAGE_URL", "")


def approval_link_seconds() -> int:
    """How long an approval e-mail's one-time links work."""
    return int(os.environ.get("APPROVAL_LINK_SECONDS", str(7 * 24 * 3600)))


DEFAULT_SMS_DAILY_BUDGET = {"live": 1000, "test": 100}


def sms_daily_budget(mode: str) -> int:
    """SMS an organisation may send per UTC day in `mode` (template parameters SmsDailyBudgetLive and
    SmsDailyBudgetTest, as SMS_DAILY_BUDGET_LIVE / _TEST)."""
    value = os.environ.get(f"SMS_DAILY_BUDGET_{mode.upper()}", "").strip()
    return int(value) if value else DEFAULT_SMS_DAILY_BUDGET[mode]


def sms_countries() -> tuple[str, ...]:
    """Where SMS may go (template parameter SmsCountries, as SMS_COUNTRIES): calling codes or ISO 3166 alpha-3
    codes, comma-separated ("357,GRC"), or "*" for every country. Unset: Cyprus only, the seed's country."""
    return tuple(c.strip() for c in os.environ.get("SMS_COUNTRIES", "357").split(",") if c.strip())

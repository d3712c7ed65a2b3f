"""Business metrics, as CloudWatch's embedded metric format (EMF): one JSON line in the function's log per
event, which CloudWatch turns into a metric of POWERTOOLS_METRICS_NAMESPACE (template.yaml) with no API call.

Each metric is flushed the moment it happens (Powertools' single_metric), so no handler needs `log_metrics`
and none is lost when the request fails afterwards. A metric never fails the request that counts it."""

from __future__ import annotations

from aws_lambda_powertools import Logger
from aws_lambda_powertools.metrics import MetricUnit, single_metric

logger = Logger(child=True)


def _count(name: str, dimension: str | None = None, value: str | None = None) -> None:
    try:
        with single_metric(name=name, unit=MetricUnit.Count, value=1) as metric:
            if dimension is not None and value:
                metric.add_dimension(name=dimension, value=value)
    except Exception:  # a metric is worth less than the sign-in or printout it counts
        logger.warning("metric not emitted", extra={"metric": name}, exc_info=True)


def sign_in(provider: str) -> None:
    """A contact signed in (a new session): EMAIL, PHONE, GOOGLE, APPLE, FACEBOOK, MW4, MAC_ADDRESS..."""
    _count("SignIns", "provider", provider)


def otp_sent(channel: str) -> None:
    """A one-time code left, by SMS or EMAIL."""
    _count("OtpsSent", "channel", channel)


def lockout() -> None:
    """A guess of a password or pin was refused because its identity is locked out (429)."""
    _count("Lockouts")


def registration(provider: str) -> None:
    """A contact registered, by EMAIL, PHONE or a social provider."""
    _count("Registrations", "provider", provider)


def printout_made() -> None:
    _count("PrintoutsMade")


def printout_failed() -> None:
    """A printout's last attempt failed: it is FAILED and its job is dead-lettered."""
    _count("PrintoutsFailed")

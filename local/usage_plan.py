"""The usage plan as API Gateway applies it, per API key (the authorizer's usageIdentifierKey, the API's key source
being AUTHORIZER): a token bucket filled at the plan's rate up to its burst, and the plan's quota of requests per
day, week or month."""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

from local.cfn import Resolver, Template, _referenced_id

USAGE_PLAN_TYPE = "AWS::ApiGateway::UsagePlan"
QUOTA_PERIODS = ("DAY", "WEEK", "MONTH")


@dataclass(frozen=True)
class Quota:
    limit: int  # requests per period
    period: str  # DAY, WEEK or MONTH

    def __post_init__(self) -> None:
        if self.period not in QUOTA_PERIODS or self.limit < 1:
            raise ValueError(f"a quota needs a limit above 0 and a period of {QUOTA_PERIODS}, not {self}")

    def window(self, epoch_seconds: float) -> Hashable:
        """The period `epoch_seconds` falls in: a UTC day, a week from Sunday (the Offset 0 of API Gateway's
        weeks), or a calendar month."""
        day = datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc).date()
        if self.period == "DAY":
            return day
        if self.period == "WEEK":
            return day - datetime.timedelta(days=(day.weekday() + 1) % 7)
        return day.year, day.month


@dataclass
class UsagePlanLimits:
    rate: float  # requests per second, steady
    burst: int  # requests at once
    quota: Quota | None = None
    clock: Callable[[], float] = time.monotonic  # for the bucket
    wall_clock: Callable[[], float] = time.time  # for the quota's periods
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, when)
    _used: dict[str, tuple[Hashable, int]] = field(default_factory=dict)  # key -> (quota period, requests)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def refusal(self, key: str) -> str | None:
        """None when the key may make this request (it then counts); otherwise the gateway response API Gateway
        answers: QUOTA_EXCEEDED when the key used its quota this period, THROTTLED when its bucket is empty."""
        with self._lock:
            used_key = None
            if self.quota is not None:
                window = self.quota.window(self.wall_clock())
                period, used = self._used.get(key, (window, 0))
                used = used if period == window else 0
                if used >= self.quota.limit:
                    return "QUOTA_EXCEEDED"
                used_key = (window, used + 1)
            now = self.clock()
            tokens, then = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return "THROTTLED"  # a throttled request does not count against the quota
            self._buckets[key] = (tokens - 1.0, now)
            if used_key is not None:
                self._used[key] = used_key
            return None

    @classmethod
    def for_api(cls, template: Template, resolver: Resolver) -> UsagePlanLimits | None:
        """The limits of the template's usage plan on its API (parameters and conditions resolved); None without
        a plan, or with a plan that sets neither a throttle nor a quota."""
        api = template.api
        if api is None:
            return None
        for resource in template.resources_of_type(USAGE_PLAN_TYPE).values():
            properties: dict[str, Any] = resource.get("Properties", {})
            stages = properties.get("ApiStages", [])
            if not any(_referenced_id(stage.get("ApiId")) == api.logical_id for stage in stages):
                continue
            # Resolved inside a map: an Fn::If that picks AWS::NoValue then leaves the key out.
            limits = resolver.resolve(
                {"Throttle": properties.get("Throttle") or {}, "Quota": properties.get("Quota") or {}}
            )
            throttle, quota = limits.get("Throttle") or {}, limits.get("Quota") or {}
            if not throttle and not quota.get("Limit"):
                return None
            return cls(
                rate=float(throttle.get("RateLimit", 10000)),  # the account's default limits
                burst=int(throttle.get("BurstLimit", 5000)),
                quota=Quota(int(quota["Limit"]), str(quota.get("Period", "DAY"))) if quota.get("Limit") else None,
            )
        return None

"""The usage plan's throttle as API Gateway applies it: one token bucket per API key (the authorizer's
usageIdentifierKey, the API's key source being AUTHORIZER), filled at the plan's rate up to its burst."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from local.cfn import Resolver, Template, _referenced_id

USAGE_PLAN_TYPE = "AWS::ApiGateway::UsagePlan"


@dataclass
class UsagePlanThrottle:
    rate: float  # requests per second, steady
    burst: int  # requests at once
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, when)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, key: str) -> bool:
        """Takes one token of the key's bucket; False when it is empty (API Gateway's THROTTLED)."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            admitted = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if admitted else tokens, now)
            return admitted

    @classmethod
    def for_api(cls, template: Template, resolver: Resolver) -> UsagePlanThrottle | None:
        """The throttle of the template's usage plan on its API (parameters resolved); None without one."""
        api = template.api
        if api is None:
            return None
        for resource in template.resources_of_type(USAGE_PLAN_TYPE).values():
            properties: dict[str, Any] = resource.get("Properties", {})
            stages = properties.get("ApiStages", [])
            if not any(_referenced_id(stage.get("ApiId")) == api.logical_id for stage in stages):
                continue
            throttle = resolver.resolve(properties.get("Throttle") or {})
            if "RateLimit" in throttle or "BurstLimit" in throttle:
                rate = float(throttle.get("RateLimit", 10000))  # the account's default limits
                return cls(rate=rate, burst=int(throttle.get("BurstLimit", 5000)))
        return None

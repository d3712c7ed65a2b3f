"""How hard the fuzz tests try. FUZZ_PROFILE=ci (the default, inside `make test`): a few hundred examples in
all, the same ones every run (derandomized), nothing remembered between runs. FUZZ_PROFILE=long (`make fuzz`):
a hundred times as many, new ones each run, and a failing example is kept in .hypothesis/ and tried first
next time. Each test names its ci budget; the profile scales it."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Tests share one moto stack across examples on purpose (state piles up like on a real deployment).
_TOLERATED = [
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
]

settings.register_profile(
    "fuzz-ci", deadline=None, derandomize=True, database=None, print_blob=True, suppress_health_check=_TOLERATED
)
settings.register_profile("fuzz-long", deadline=None, print_blob=True, suppress_health_check=_TOLERATED)

PROFILE = os.environ.get("FUZZ_PROFILE", "ci")
if PROFILE not in ("ci", "long"):
    raise ValueError(f"FUZZ_PROFILE must be ci or long, not {PROFILE!r}")
SCALE = float(os.environ.get("FUZZ_SCALE") or (100 if PROFILE == "long" else 1))


def fuzz(examples: int) -> settings:
    """Settings for a test that tries `examples` inputs in the ci profile (scaled in the long one)."""
    return settings(settings.get_profile(f"fuzz-{PROFILE}"), max_examples=max(1, int(examples * SCALE)))

"""Small statistics the report needs, in milliseconds."""

from __future__ import annotations

import math
import statistics
from typing import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest rank: the smallest value at least `fraction` of the values are less than or equal to."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def ms(seconds: float) -> float:
    return seconds * 1000.0

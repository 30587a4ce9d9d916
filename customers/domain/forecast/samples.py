"""Readings: a sample, sorting and de-duplicating them, clean-ups read as level shifts, and reading noise."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

# A drop larger than this share of capacity is a clean-up (data deleted), not noise.
CLEANUP_SHARE = 0.01
OUTLIER_SIGMAS = 3.0  # a reading beyond this many noise levels is odd: clipped or held out


@dataclass(frozen=True)
class Sample:
    taken_at: datetime
    used_bytes: int
    capacity_bytes: int | None = None


def clean_samples(samples: Sequence[Sample]) -> list[Sample]:
    """Sort by time and keep the last reading of each timestamp."""
    by_time: dict[datetime, Sample] = {}
    for s in sorted(samples, key=lambda s: s.taken_at):
        by_time[s.taken_at] = s
    return list(by_time.values())


def remove_cleanups(x: np.ndarray, used: np.ndarray, capacity: float) -> np.ndarray:
    """Cumulative growth with clean-ups (large drops) read as level shifts.

    A clean-up step is replaced by the growth the recent readings would have had over the same time,
    so deleting data neither looks like a slowdown nor hides the growth across the gap.
    """
    steps = np.diff(used, prepend=used[0])
    dx = np.diff(x, prepend=x[0])
    for k in np.nonzero(steps < -CLEANUP_SHARE * capacity)[0]:
        before = slice(max(1, k - 7), k)
        rates = steps[before] / np.where(dx[before] > 0, dx[before], np.nan)
        rates = rates[np.isfinite(rates)]
        steps[k] = (float(np.median(rates)) if rates.size else 0.0) * dx[k]
    return used[0] + np.cumsum(steps)


def _noise_level(y: np.ndarray) -> float:
    """Robust noise level of the readings: the median absolute day-to-day change, scaled to one reading."""
    steps = np.diff(y)
    return 1.4826 * float(np.median(np.abs(steps - np.median(steps)))) / math.sqrt(2) if steps.size else 0.0

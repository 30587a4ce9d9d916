"""When a deployment's storage fills up: change points, robust growth, and an honest interval.

The usual alerting rule (`predict_linear` = least squares over a fixed window) is fooled by regime changes
(growth x4 after image uploads) and by clean-ups. This forecaster removes clean-ups as level shifts, finds
where the current growth regime started, and fits that regime robustly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

METHOD = "theil-sen/changepoint"
MIN_SAMPLES = 5
MIN_SPAN_DAYS = 2.0
MIN_REGIME_SAMPLES = 7
# A drop larger than this share of capacity is a clean-up (data deleted), not noise.
CLEANUP_SHARE = 0.01
Z80 = 1.2816  # two-sided 80 % interval: P10 .. P90
MAX_THEIL_SEN_POINTS = 90


@dataclass(frozen=True)
class Sample:
    taken_at: datetime
    used_bytes: int
    capacity_bytes: int | None = None


@dataclass(frozen=True)
class Forecast:
    status: str  # filling | not_filling | full | insufficient_data
    method: str
    used_bytes: int | None
    capacity_bytes: int
    free_ratio: float | None
    growth_bytes_per_day: float | None
    regime_started_at: datetime | None
    days_to_80: float | None
    days_to_90: float | None
    days_to_full: float | None
    days_to_full_p10: float | None
    days_to_full_p90: float | None
    full_at: datetime | None
    samples_until: datetime | None
    sample_count: int
    fitted: tuple[tuple[datetime, float], ...] = ()  # the current regime's fitted line (for charts)


def _empty(status: str, capacity: int, samples: Sequence[Sample], used: int | None = None) -> Forecast:
    last = samples[-1].taken_at if samples else None
    free = (1 - used / capacity) if used is not None and capacity else None
    return Forecast(
        status, METHOD, used, capacity, free, None, None, None, None, None, None, None, None, last, len(samples)
    )


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


def _segment_sse(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """SSE of a least-squares line fitted to every suffix x[i:], y[i:] (vectorised with suffix sums)."""
    rev = slice(None, None, -1)
    n = np.arange(1, len(x) + 1)[rev].astype(float)
    sx, sy = np.cumsum(x[rev])[rev], np.cumsum(y[rev])[rev]
    sxx, sxy, syy = np.cumsum((x * x)[rev])[rev], np.cumsum((x * y)[rev])[rev], np.cumsum((y * y)[rev])[rev]
    cxx = sxx - sx * sx / n
    cxy = sxy - sx * sy / n
    cyy = syy - sy * sy / n
    with np.errstate(divide="ignore", invalid="ignore"):
        sse = cyy - np.where(cxx > 0, cxy * cxy / cxx, 0.0)
    return np.maximum(sse, 0.0)


def _prefix_sse(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """SSE of a line fitted to every prefix x[:i+1], y[:i+1]."""
    n = np.arange(1, len(x) + 1).astype(float)
    sx, sy = np.cumsum(x), np.cumsum(y)
    sxx, sxy, syy = np.cumsum(x * x), np.cumsum(x * y), np.cumsum(y * y)
    cxx = sxx - sx * sx / n
    cxy = sxy - sx * sy / n
    cyy = syy - sy * sy / n
    with np.errstate(divide="ignore", invalid="ignore"):
        sse = cyy - np.where(cxx > 0, cxy * cxy / cxx, 0.0)
    return np.maximum(sse, 0.0)


def find_regime_start(x: np.ndarray, y: np.ndarray) -> int:
    """Index where the current growth regime starts (0 when there is no change point).

    1. For every split with at least MIN_REGIME_SAMPLES on each side, fit one line before and one after.
    2. Take the split with the smallest total squared error.
    3. Accept it only when it explains the data clearly better than one line (BIC with 2 extra parameters).
    4. Repeat inside the later segment, so the most recent of several regime changes is found.
    """
    start = 0
    for _ in range(3):
        xs, ys = x[start:], y[start:]
        n = len(xs)
        if n < 2 * MIN_REGIME_SAMPLES:
            break
        pre, post = _prefix_sse(xs, ys), _segment_sse(xs, ys)
        splits = np.arange(MIN_REGIME_SAMPLES, n - MIN_REGIME_SAMPLES + 1)
        total = pre[splits - 1] + post[splits]
        best = int(splits[np.argmin(total)])
        one_line = post[0]
        two_lines = float(np.min(total))
        if one_line <= 0 or two_lines <= 0:
            if one_line > 0 and two_lines <= 0:
                start += best
            break
        bic_gain = n * math.log(one_line / n) - (n * math.log(two_lines / n) + 3 * math.log(n))
        if bic_gain <= 0:
            break
        start += best
    return start


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Median pairwise slope with an 80 % interval (Sen's rank method): (slope, low, high)."""
    if len(x) > MAX_THEIL_SEN_POINTS:
        keep = np.linspace(0, len(x) - 1, MAX_THEIL_SEN_POINTS).round().astype(int)
        x, y = x[keep], y[keep]
    i, j = np.triu_indices(len(x), k=1)
    dx = x[j] - x[i]
    ok = dx > 0
    slopes = np.sort((y[j] - y[i])[ok] / dx[ok])
    if slopes.size == 0:
        return 0.0, 0.0, 0.0
    n, count = len(x), slopes.size
    c = Z80 * math.sqrt(n * (n - 1) * (2 * n + 5) / 18)
    lo = int(max(0, math.floor((count - c) / 2)))
    hi = int(min(count - 1, math.ceil((count + c) / 2)))
    return float(np.median(slopes)), float(slopes[lo]), float(slopes[hi])


def _days_to(level: float, target: float, slope: float) -> float | None:
    if level >= target:
        return 0.0
    if slope <= 0:
        return None
    return (target - level) / slope


def forecast_fill(samples: Sequence[Sample], *, capacity_bytes: int) -> Forecast:
    """Forecast when a deployment reaches 80 %, 90 % and 100 % of its capacity.

    1. Sort, de-duplicate; the latest capacity (a disk upgrade) applies.
    2. Remove clean-ups (drops over 1 % of capacity) as level shifts.
    3. Find where the current growth regime started (change point in the growth rate).
    4. Fit that regime with Theil-Sen: robust to noise and outliers; Sen's interval gives P10 / P90.
    5. The current level is the robust level at the last sample; days = (threshold - level) / growth.
    """
    samples = clean_samples(samples)
    capacity = next((s.capacity_bytes for s in reversed(samples) if s.capacity_bytes), None) or capacity_bytes
    if not samples:
        return _empty("insufficient_data", capacity, samples)
    last = samples[-1]
    t0 = last.taken_at
    x = np.array([(s.taken_at - t0).total_seconds() / 86400 for s in samples])
    used = np.array([s.used_bytes for s in samples], dtype=float)
    if len(samples) < MIN_SAMPLES or x[-1] - x[0] < MIN_SPAN_DAYS:
        return _empty("insufficient_data", capacity, samples, last.used_bytes)
    if used[-1] >= 0.995 * capacity:
        full = _empty("full", capacity, samples, last.used_bytes)
        return Forecast(
            **{
                **full.__dict__,
                "days_to_80": 0.0,
                "days_to_90": 0.0,
                "days_to_full": 0.0,
                "days_to_full_p10": 0.0,
                "days_to_full_p90": 0.0,
                "full_at": t0,
            }
        )
    # Readings at (nearly) full capacity are censored: usage could not grow, so they say nothing of growth.
    keep = used < 0.995 * capacity
    if keep.sum() < MIN_SAMPLES:
        keep = np.ones_like(keep)
    samples = [s for s, k in zip(samples, keep, strict=True) if k]
    x, used = x[keep], used[keep]
    adjusted = remove_cleanups(x, used, capacity)
    start = find_regime_start(x, adjusted)
    rx, ry = x[start:], adjusted[start:]
    slope, slope_lo, slope_hi = theil_sen(rx, ry)
    # Robust current level: the recent actual readings projected to the last time.
    recent = slice(max(start, len(x) - 7), len(x))
    since_drop = np.nonzero(np.diff(used) < -CLEANUP_SHARE * capacity)[0]
    if since_drop.size:
        recent = slice(max(recent.start, int(since_drop[-1]) + 1), len(x))
    level = float(np.median(used[recent] - slope * x[recent]))
    level = min(max(level, 0.0), float(capacity))
    residuals = ry - (np.median(ry - slope * rx) + slope * rx)
    level_sd = 1.4826 * float(np.median(np.abs(residuals - np.median(residuals))))
    free_ratio = 1 - level / capacity
    status = "full" if level >= capacity else ("filling" if slope > 1e-6 * capacity else "not_filling")
    growth = slope if slope > 0 else 0.0
    to_full = _days_to(level, capacity, slope) if status != "not_filling" else None
    # The interval combines the slope's uncertainty with the noise of the current level.
    p10 = _days_to(level + Z80 * level_sd, capacity, slope_hi) if status != "not_filling" else None
    p90 = _days_to(max(0.0, level - Z80 * level_sd), capacity, slope_lo) if status != "not_filling" else None
    regime_started = samples[start].taken_at if start > 0 else samples[0].taken_at
    fitted = tuple((samples[k].taken_at, float(level + slope * x[k])) for k in (start, len(samples) - 1))
    return Forecast(
        status=status,
        method=METHOD,
        used_bytes=round(level),
        capacity_bytes=capacity,
        free_ratio=float(free_ratio),
        growth_bytes_per_day=float(growth),
        regime_started_at=regime_started,
        days_to_80=_days_to(level, 0.8 * capacity, slope) if status != "not_filling" else None,
        days_to_90=_days_to(level, 0.9 * capacity, slope) if status != "not_filling" else None,
        days_to_full=to_full,
        days_to_full_p10=p10,
        days_to_full_p90=p90,
        full_at=t0 + timedelta(days=to_full) if to_full is not None else None,
        samples_until=t0,
        sample_count=len(samples),
        fitted=fitted,
    )

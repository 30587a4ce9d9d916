"""Readings: a sample, sorting and de-duplicating them, one reading a day when they come denser, lone spikes
(temporary files), clean-ups read as level shifts against the measured reading noise, and that noise."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

# A clean-up (data deleted) is a lasting drop beyond this share of capacity and CLEANUP_SIGMAS reading noise levels.
CLEANUP_SHARE = 0.01
CLEANUP_SIGMAS = 5.0
CLEANUP_BEFORE = 7  # readings before a drop whose median it must stay below
OUTLIER_SIGMAS = 3.0  # a reading beyond this many noise levels is odd: clipped or held out
SPIKE_SIGMAS = 5.0  # a lone reading this many noise levels off both neighbours is a spike (temporary files)
DENSE_GAP_DAYS = 0.5  # readings closer than this (the median gap) are resampled to one a day


@dataclass(frozen=True)
class Sample:
    taken_at: datetime
    used_bytes: int
    capacity_bytes: int | None = None


def clean_samples(samples: Sequence[Sample]) -> list[Sample]:
    """Sort by time and keep the last reading of each timestamp."""
    times = [s.taken_at for s in samples]
    if all(map(operator.lt, times, times[1:])):  # already in order, each time once (the usual case): as given
        return list(samples)
    by_time: dict[datetime, Sample] = {}
    for s in sorted(samples, key=lambda s: s.taken_at):
        by_time[s.taken_at] = s
    return list(by_time.values())


def daily(x: np.ndarray, used: np.ndarray, caps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Readings denser than one a day become one a day: each day (ending at the last reading) gives the median of
    its readings at their median time, with the capacity of its last reading. Windows and thresholds count days,
    so thirty hourly readings are not taken for a month."""
    if x.size < 3 or _median(_steps(x)) >= DENSE_GAP_DAYS:
        return x, used, caps
    bins = np.ceil(x - x[-1] - 1e-9).astype(int)
    edges = np.flatnonzero(np.diff(bins)) + 1
    starts, ends = np.concatenate([[0], edges]), np.concatenate([edges, [x.size]])
    mid_x, mid_y = x[starts].copy(), used[starts].copy()
    for k in np.nonzero(ends - starts > 1)[0]:  # only days with several readings need a median
        a, b = starts[k], ends[k]
        mid_x[k], mid_y[k] = np.median(x[a:b]), np.median(used[a:b])
    return mid_x, mid_y, caps[ends - 1]


def remove_spikes(x: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Lone readings far off both neighbours, which agree with each other, replaced by the line between them:
    temporary files (or a bad read) that were gone by the next reading. The first and last readings stay (the
    last one is judged by the fits, which can hold it out).

    High readings go first: temporary files raise usage, so a normal reading between two of them (high, normal,
    high) is not a lone low one; a lone low reading (a bad read) is looked for once the high ones are gone."""
    if used.size < 5:
        return used
    noise = _noise_level(used)
    if noise <= 0:
        return used
    w = (x[1:-1] - x[:-2]) / np.maximum(x[2:] - x[:-2], 1e-12)
    out = used
    for sign in (1.0, -1.0):
        prev, nxt = out[:-2], out[2:]
        between = prev + w * (nxt - prev)
        off = out[1:-1] - between
        lone = (sign * off > SPIKE_SIGMAS * noise) & (np.abs(nxt - prev) < 0.5 * np.abs(off))
        if lone.any():
            out = out.copy()
            out[1:-1] = np.where(lone, between, out[1:-1])
    return out


def cleanup_threshold(used: np.ndarray, capacity: float) -> float:
    """How far usage must drop, and stay down, to count as a clean-up: beyond CLEANUP_SHARE of capacity and
    beyond CLEANUP_SIGMAS reading noise levels of a day-to-day step (noisy readings are not deletions)."""
    return max(CLEANUP_SHARE * capacity, CLEANUP_SIGMAS * math.sqrt(2) * _noise_level(used))


def cleanup_steps(used: np.ndarray, capacity: float) -> np.ndarray:
    """Indexes k where usage dropped from reading k-1 to k by the clean-up threshold, and stayed down: the
    median of the next readings (up to 3) is as far below the median of the previous CLEANUP_BEFORE (temporary
    files held for two or three readings, then deleted, are not a clean-up)."""
    steps = _steps_from_first(used)
    threshold = cleanup_threshold(used, capacity)
    growth = max(_median(steps[1:]), 0.0) if steps.size > 1 else 0.0
    found = []
    for k in (int(i) for i in np.nonzero(steps < -threshold)[0]):
        prior = used[max(0, k - CLEANUP_BEFORE) : k]
        # The median stands (len - 1) / 2 readings before the drop: moved on by the usual step to meet it.
        before = _median(prior) + growth * (prior.size - 1) / 2
        after = _median(used[k : k + 3])
        if after < before - threshold:
            found.append(k)
    return np.array(found, dtype=int)


def remove_cleanups(x: np.ndarray, used: np.ndarray, capacity: float) -> np.ndarray:
    """Cumulative growth with clean-ups (lasting drops beyond the clean-up threshold) read as level shifts.

    A clean-up step is replaced by the growth the recent readings would have had over the same time,
    so deleting data neither looks like a slowdown nor hides the growth across the gap.
    """
    steps = _steps_from_first(used)
    dx = _steps_from_first(x)
    for k in cleanup_steps(used, capacity):
        before = slice(max(1, k - 7), k)
        rates = steps[before] / np.where(dx[before] > 0, dx[before], np.nan)
        rates = rates[np.isfinite(rates)]
        steps[k] = (float(np.median(rates)) if rates.size else 0.0) * dx[k]
    return used[0] + steps.cumsum()


def _median(a: np.ndarray) -> float:
    """The median of a non-empty array without NaNs, by partial sorting (np.median's checks cost more than the
    median itself on the short arrays the fits use, thousands of times a forecast)."""
    n = a.size
    k = n // 2
    if n % 2:
        return float(np.partition(a, k)[k])
    part = np.partition(a, (k - 1, k))
    return 0.5 * float(part[k - 1] + part[k])


def _steps(a: np.ndarray) -> np.ndarray:
    """a[k] - a[k - 1] for every k >= 1, as np.diff gives it (without its checks: called thousands of times)."""
    return a[1:] - a[:-1]


def _steps_from_first(a: np.ndarray) -> np.ndarray:
    """The steps with a zero first, one per reading (np.diff with the first value prepended)."""
    out = np.empty_like(a)
    out[0] = a[0] - a[0]
    out[1:] = a[1:] - a[:-1]
    return out


def _quantile(a: np.ndarray, q: float) -> float:
    """The q quantile of a non-empty array without NaNs, exactly as np.quantile's default (linear) gives it, without
    its checks: partial sorting to the two neighbours of (n - 1) q, then numpy's interpolation between them."""
    position = (a.size - 1) * q
    if position >= a.size - 1:
        return float(np.max(a))
    lo = math.floor(position)
    part = np.partition(a, (lo, lo + 1))
    below, above, share = float(part[lo]), float(part[lo + 1]), position - lo
    step = above - below
    return above - step * (1 - share) if share >= 0.5 else below + step * share


def _line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of the least-squares line through the points (x not all equal), from the centred sums."""
    x_mean, y_mean = _mean(x), _mean(y)
    xc = x - x_mean
    slope = float(xc @ (y - y_mean)) / float(xc @ xc)
    return slope, y_mean - slope * x_mean


def _mean(a: np.ndarray) -> float:
    """The mean of a non-empty float array, as `a.mean()` gives it, without its checks (called thousands of times)."""
    return float(a.sum()) / a.size


def _noise_level(y: np.ndarray) -> float:
    """Robust noise level of the readings: the median absolute day-to-day change, scaled to one reading."""
    steps = _steps(y)
    return 1.4826 * _median(np.abs(steps - _median(steps))) / math.sqrt(2) if steps.size else 0.0


WEEKLY_MIN_DAYS = 28  # daily readings needed to tell a weekly pattern in growth
WEEKLY_F = 5.0  # F statistic (6 and n-7 degrees of freedom) the weekday means of growth must reach (p < 0.001)
WEEKLY_WEEKS = 16  # the pattern is measured over the recent weeks


def weekly_adjusted(x: np.ndarray, y: np.ndarray, weekday0: int) -> np.ndarray:
    """Usage with a weekly pattern of growth taken out (busier weekdays than weekends), when the readings show one.

    Daily steps are grouped by the weekday they end on (`weekday0` is the weekday of x = 0); when their means
    differ beyond chance (F test), each step loses its weekday's excess over the average and the readings are
    summed up again from the last one, so the current level stays and growth is the same every day.
    """
    if x.size < WEEKLY_MIN_DAYS or x[-1] - x[0] < WEEKLY_MIN_DAYS:
        return y
    dx = _steps(x)
    one_day = np.abs(dx - 1) < 0.25
    if one_day.mean() < 0.8:
        return y
    steps = _steps(y)
    days = np.floor(x[1:] + 0.5).astype(int)
    weekday = (weekday0 + days) % 7
    recent = one_day & (x[1:] >= x[-1] - 7 * WEEKLY_WEEKS)
    s, w = steps[recent], weekday[recent]
    counts = np.bincount(w, minlength=7)
    if s.size < WEEKLY_MIN_DAYS or counts.min() < 3:
        return y
    means = np.bincount(w, weights=s, minlength=7) / counts
    within = float(np.sum((s - means[w]) ** 2)) / max(s.size - 7, 1)
    between = float(np.sum(counts * (means - s.mean()) ** 2)) / 6
    if within <= 0 or between / within < WEEKLY_F:
        return y
    excess = np.where(one_day, means[weekday] - s.mean(), 0.0)
    adjusted = steps - excess
    out = np.concatenate([[0.0], adjusted.cumsum()])
    return out - out[-1] + y[-1]

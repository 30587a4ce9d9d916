"""When a deployment reaches 80 %, 90 % and 100 % of its capacity, with a P10-P90 interval."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np

from .backtest import RECENT_DAYS, accelerating, days_to, interval, long_fit, recent_speedup, usual_swing
from .regimes import current_regime, recent_bend_rate, regime_starts
from .samples import (
    Sample,
    _line,
    _median,
    _noise_level,
    _steps,
    clean_samples,
    cleanup_steps,
    daily,
    remove_cleanups,
    remove_spikes,
    weekly_adjusted,
)
from .trend import (
    RATE_MEMORY_DAYS,
    TREND_WINDOW,
    WANDER_SAMPLES,
    _odd_last,
    _step_wander,
    _wander_and_noise,
    kalman_trend,
    recent_trend,
)

METHOD = "changepoint/kalman"  # the current regime's fit (after a clear change of growth)
LONG_METHODS = {"steady": "long-run/backtest", "accelerating": "accelerating/backtest", "recent": "recent/backtest"}
MIN_SAMPLES = 5
MIN_SPAN_DAYS = 2.0
Z80 = 1.2816  # two-sided 80 % interval: P10 .. P90
TREND_RECENT = 120  # the random-walk trend fit is used while the current regime has at most this many samples
TREND_BEND_PENALTY = 3.0  # log-likelihood, in log(samples after the bend) units, its bend must gain
FULL_MARGIN = 0.005  # a reading this close to its capacity (share) is at capacity (censored; full when the last)
UPGRADE_HELD_SHARE = 0.9  # usage this close to the old capacity just before an upgrade was held down by it
RATE_CHANGE_Z = 3.0  # a change of growth must exceed this many standard deviations of what wander gives
BIG_SPEEDUP = 2.5  # growth this many times faster than before a change: weeks of wander seldom give it,
BIG_SPEEDUP_Z = 2.0  # so fewer standard deviations of wander (this many) tell it
SAME_CHANGE = 7  # regime starts this few readings apart are one change, placed two ways
EVIDENCE_BEFORE = 30  # readings before a change its growth is compared with, at least
REGIME_WIDEN = 1.7  # after a clear change, the regime fit's P10-P90 half-widths are this much wider
CLEAR_SPEEDUP = 1.9  # a regime change counts when growth got this much faster (less is weeks of wander)
CLEAR_SLOWDOWN = 0.4  # or this much slower
CHANGE_BEFORE_DAYS = 60.0  # growth before a change is measured over this many days
PAUSE_DAYS = 10.0  # growth that stopped more recently than this is not yet told from a pause
FEW_PAST_ERRORS = 30  # past forecasts fewer than this (a short history) give an interval no narrower than wander's
SIGNIFICANT_Z = 2.0  # growth under this many standard errors is not told from none: "not filling"
NO_GROWTH_SHARE = 1e-6  # growth under this share of capacity a day (full in thousands of years) is none


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


def _days_to(level: float, target: float, slope: float) -> float | None:
    if level >= target:
        return 0.0
    if slope <= 0:
        return None
    return (target - level) / slope


def _bridged(used: np.ndarray, capacity: float) -> bool:
    """Whether a clean-up (a lasting drop beyond the clean-up threshold) is in the trend window."""
    return bool(np.any(cleanup_steps(used, capacity) >= len(used) - TREND_WINDOW - 1))


def regime_line(x: np.ndarray, used: np.ndarray, *, capacity: float, level: float, slope: float) -> np.ndarray:
    """The fitted growth of the current regime at the times `x` (days, the last one "now"), drawn through the
    readings: clean-ups are read as level shifts, so before a clean-up the line sits as much higher as the
    readings were."""
    shift = used - remove_cleanups(x, used, capacity)
    return level + slope * (x - x[-1]) + shift - shift[-1]


def _rate_changed(x: np.ndarray, y: np.ndarray, start: int, before: int, wander_var: float, noise_var: float) -> bool:
    """Whether growth bends at `start` (a continuous broken line over [before, end]) by more than wander and
    reading noise explain. The bend's least-squares variance from noise is noise_var times its entry of the
    inverse Gram matrix; a level that wanders by `wander_var` a day adds about 1.2 wander_var / L to a slope
    measured over L days, on both sides of the bend. The change must exceed RATE_CHANGE_Z standard deviations, or
    BIG_SPEEDUP_Z when growth got BIG_SPEEDUP times faster: wander seldom multiplies growth over weeks."""
    xw, yw = x[before:], y[before:]
    la, lb = float(x[-1] - x[start]), float(x[start] - x[before])
    if len(xw) - (start - before) < 2 or start - before < 2 or la <= 0 or lb <= 0:
        return True
    design = np.column_stack([np.ones_like(xw), xw, np.maximum(xw - x[start], 0.0)])
    gram_inv = np.linalg.inv(design.T @ design)  # two readings or more either side: the columns are independent
    _, rate_before, bend = (float(v) for v in gram_inv @ (design.T @ yw))
    spread = noise_var * float(gram_inv[2, 2]) + 1.2 * wander_var * (1 / la + 1 / lb)
    big = rate_before > 0 and rate_before + bend >= BIG_SPEEDUP * rate_before
    return abs(bend) > (BIG_SPEEDUP_Z if big else RATE_CHANGE_Z) * math.sqrt(spread)


def _evident_start(x: np.ndarray, y: np.ndarray, starts: list[int], start: int) -> int:
    """The latest regime start whose change of growth stands out of the wander (`_rate_changed`), else 0.

    Growth after the change is compared with growth just before it (over twice as many readings, at least
    EVIDENCE_BEFORE, not before the previous regime start). A start found a few readings before the one tested
    (SAME_CHANGE) is the same change placed differently (a split moved to a bend), not a regime before it. Wander
    and noise are measured before the change tested, within its previous regime (over all readings when too few
    precede it): a regime further back must not blur the comparison.
    """
    while start > 0:
        before = max((s for s in starts if s < start - SAME_CHANGE), default=0)
        lo = max(before, start - WANDER_SAMPLES)
        tail = slice(lo, start) if start - lo >= 3 * MIN_SAMPLES else slice(0, len(x))
        wander_var, noise_var = _wander_and_noise(x[tail], y[tail])
        lo = max(before, start - max(EVIDENCE_BEFORE, 2 * (len(x) - start)))
        if _rate_changed(x, y, start, lo, wander_var, noise_var):
            return start
        start = before
    return 0


def _clear_change(x: np.ndarray, y: np.ndarray, start: int, slope: float) -> bool:
    """Whether the current regime's growth differs clearly from the growth before it (over up to
    CHANGE_BEFORE_DAYS): faster by CLEAR_SPEEDUP or slower by CLEAR_SLOWDOWN. Smaller changes are within what
    weeks of wandering growth give, and growth measured over months tells them better. A slowdown must also have
    lasted PAUSE_DAYS."""
    if start == 0:
        return False
    before = np.nonzero((x < x[start]) & (x >= x[start] - CHANGE_BEFORE_DAYS))[0]
    if before.size < MIN_SAMPLES:
        return True
    rate_before, _ = _line(x[before], y[before])
    if rate_before <= 0:
        return True
    ratio = slope / rate_before
    # A slowdown younger than PAUSE_DAYS is not yet told from a pause of wandering growth.
    return ratio >= CLEAR_SPEEDUP or (ratio <= CLEAR_SLOWDOWN and float(x[-1] - x[start]) >= PAUSE_DAYS)


def _long_run_days(x: np.ndarray, y: np.ndarray, level: float, capacity: float) -> float | None:
    """Days to full at the growth over months (`long_fit`), when that growth stands out of the wander: over w days
    a wandering level drifts by about its step times sqrt(w), so the growth must exceed SIGNIFICANT_Z of that."""
    long = long_fit(x, y, None)
    if long is None or long.rate <= NO_GROWTH_SHARE * capacity:
        return None
    step = _step_wander(x, y)
    window = float(long.window_days)
    if long.rate * window <= SIGNIFICANT_Z * step * math.sqrt(window):
        return None
    return _days_to(level, capacity, long.rate)


def _since_upgrade(used: np.ndarray, caps: np.ndarray) -> int:
    """Index of the first reading after the last disk upgrade when usage was held near the old capacity before it
    (nothing more fitted: those readings say nothing of demand), else 0."""
    grew = np.nonzero(caps[1:] > caps[:-1])[0]
    if not grew.size:
        return 0
    upgrade = int(grew[-1]) + 1
    before = slice(max(0, upgrade - 7), upgrade)
    if float(np.max(used[before] / caps[before])) >= UPGRADE_HELD_SHARE and len(used) - upgrade >= MIN_SAMPLES:
        return upgrade
    return 0


def forecast_fill(samples: Sequence[Sample], *, capacity_bytes: int) -> Forecast:
    """Forecast when a deployment reaches 80 %, 90 % and 100 % of its capacity.

    1. Sort, de-duplicate; each reading's own capacity applies to it (`capacity_bytes` where a reading has none),
       the latest one to the forecast. Readings denser than one a day are resampled to one a day. Readings held
       near an old capacity before a disk upgrade are left out, and so are readings at their capacity.
    2. Remove lone spikes (temporary files), then clean-ups (lasting drops beyond 1 % of capacity and 5 reading
       noise levels) as level shifts; take out a weekly pattern of growth when the readings show one.
    3. Find where the current growth regime started (change points in the growth rate, including a recent bend
       with as few as 3 samples after it).
    4. When the regime started recently, estimate its rate and level with a bent-line trend under a wandering
       level (generalised least squares), averaged over bend positions and wander by likelihood, which measures
       a young regime's rate more precisely. Its window reaches back to the regime before the last detected
       change, so a wander inside the new regime is not taken for its start.
    5. Otherwise filter the regime with a Kalman filter on level and rate, the level wandering as much as the
       readings show (`_wander_and_noise`), an odd last reading held out; it gives the rate's variance for P10 / P90.
       Only a bend with 3 readings after it leaves too few readings to filter: its broken line's slope is kept,
       and the level is the median of the last readings projected to now.
    6. Growth that is not significant (under SIGNIFICANT_Z standard errors) is "not filling"; unless it stopped
       less than PAUSE_DAYS ago or did not clearly change, and the growth over months stands out of the wander
       (a pause, not yet a stop; or noisy readings that hide a regime's growth but not months of it).
    7. days = (threshold - level) / growth; the interval adds the future wander and the noise on the last day.
    """
    samples = clean_samples(samples)
    capacity = next((s.capacity_bytes for s in reversed(samples) if s.capacity_bytes), None) or capacity_bytes
    if not samples:
        return _empty("insufficient_data", capacity, samples)
    last = samples[-1]
    t0 = last.taken_at
    x = np.array([(s.taken_at - t0).total_seconds() / 86400 for s in samples])
    used = np.array([s.used_bytes for s in samples], dtype=float)
    caps = np.array([s.capacity_bytes or capacity_bytes for s in samples], dtype=float)
    if len(samples) < MIN_SAMPLES or x[-1] - x[0] < MIN_SPAN_DAYS:
        return _empty("insufficient_data", capacity, samples, last.used_bytes)
    # Full when the last reading is at capacity, within the reading noise (at most FULL_MARGIN of capacity).
    if used[-1] >= capacity - min(FULL_MARGIN * capacity, 2 * _noise_level(used[-30:])):
        full = _empty("full", capacity, samples, last.used_bytes)
        return replace(
            full,
            days_to_80=0.0,
            days_to_90=0.0,
            days_to_full=0.0,
            days_to_full_p10=0.0,
            days_to_full_p90=0.0,
            full_at=t0,
        )
    # Readings at (nearly) full capacity are censored: usage could not grow, so they say nothing of growth.
    first = _since_upgrade(used, caps)
    keep = (used < (1 - FULL_MARGIN) * caps) & (np.arange(len(used)) >= first)
    if keep.sum() < MIN_SAMPLES:
        keep = np.ones_like(keep)
    x, used, caps = daily(x[keep], used[keep], caps[keep])
    if len(x) < MIN_SAMPLES:
        return _empty("insufficient_data", capacity, samples, last.used_bytes)
    used = remove_spikes(x, used)
    adjusted = weekly_adjusted(x, remove_cleanups(x, used, capacity), (t0.weekday() + 0) % 7)
    starts = regime_starts(x, adjusted)
    start = _evident_start(x, adjusted, starts, current_regime(x, adjusted, starts))
    starts = [s for s in starts if s <= start]
    rx, ry = x[start:], adjusted[start:]
    trend = None
    filtered = None
    # A clean-up step is bridged with an assumed growth, which the random-walk fit would take for real wander;
    # drops within a few noise levels are ordinary wander and do not count.
    if start > 0 and len(x) - start <= TREND_RECENT and not _bridged(used, capacity):
        # The window reaches back to the start of the regime before the last change: at least MIN_REGIME_SAMPLES
        # readings before it, so the level at the bend is pinned by the previous regime.
        trend = recent_trend(x, adjusted, starts[-2] if len(starts) > 1 else 0)
        if trend is not None and trend.bend_gain <= TREND_BEND_PENALTY * math.log(len(x) - trend.bend):
            trend = None
    if trend is not None:
        slope, se = trend.rate, trend.rate_se
        level = trend.level + float(used[-1] - adjusted[-1])
    elif len(rx) >= MIN_SAMPLES:
        hi = len(rx) - 1 if _odd_last(rx, ry) else len(rx)
        tail = slice(max(0, hi - WANDER_SAMPLES), hi)
        wander_var, noise_var = _wander_and_noise(rx[tail], ry[tail])
        k_level, slope, k_var = kalman_trend(rx[:hi], ry[:hi], wander_var, noise_var, wander_var / RATE_MEMORY_DAYS**2)
        if start == 0 and hi == len(rx) and tail.stop - tail.start == WANDER_SAMPLES and np.all(_steps(rx) == 1.0):
            # One reading a day, all of them filtered with the wander of the last WANDER_SAMPLES days: the level
            # that growth over months would filter from them (`current_level`).
            filtered = k_level
        se = math.sqrt(k_var)
        level = k_level + slope * float(rx[-1] - rx[hi - 1]) + float(used[-1] - adjusted[-1])
    else:
        # Only a recent bend leaves fewer readings than the filter needs (a regime from `regime_starts` has at
        # least MIN_REGIME_SAMPLES, a change moved to a bend at least one more): its broken line gives the rate.
        slope, se = recent_bend_rate(x, adjusted, starts, start)
        # Robust current level: the recent actual readings (since the last clean-up) projected to the last time.
        recent = slice(max(start, len(x) - 7), len(x))
        drops = cleanup_steps(used, capacity)
        if drops.size:
            recent = slice(max(recent.start, int(drops[-1])), len(x))
        level = _median(used[recent] - slope * x[recent])
    # The level is at the last (resampled) reading's time; the forecast starts at the last reading.
    level += slope * float(0.0 - x[-1])
    slope_lo, slope_hi = slope - Z80 * se, slope + Z80 * se
    level = min(max(level, 0.0), float(capacity))
    residuals = ry - (_median(ry - slope * rx) + slope * rx)
    level_sd = 1.4826 * _median(np.abs(residuals - _median(residuals)))
    free_ratio = 1 - level / capacity
    significant = slope > SIGNIFICANT_Z * se and slope > NO_GROWTH_SHARE * capacity
    status = "full" if level >= capacity else ("filling" if significant else "not_filling")
    growth = slope if slope > 0 else 0.0
    to_full = _days_to(level, capacity, slope) if status != "not_filling" else None
    # The interval combines the slope's uncertainty with the noise of the current level, then with the wander
    # of future growth (day-to-day growth varies: over h days the level drifts by about sqrt(h) steps).
    p10 = _days_to(level + Z80 * level_sd, capacity, slope_hi) if status != "not_filling" else None
    p90 = _days_to(max(0.0, level - Z80 * level_sd), capacity, slope_lo) if status != "not_filling" else None
    if to_full is not None and to_full > 0 and slope > 0:
        # Future wander; the ups and downs of usage around its trend on the day it reaches the top; and the
        # rate's own error from wander within the fitted window.
        step = _step_wander(x, adjusted)
        window = max(float(rx[-1] - rx[0]), 1.0)
        wander = Z80 * math.hypot(math.sqrt(to_full) * step, level_sd, to_full * step / math.sqrt(window)) / slope
        if p10 is not None:
            p10 = max(0.0, to_full - math.hypot(to_full - p10, wander))
        if p90 is not None:
            p90 = to_full + math.hypot(p90 - to_full, wander)
    accel, method = 0.0, METHOD
    steady = not _clear_change(x, adjusted, start, slope)
    if not steady and to_full is not None and to_full > 0:
        # After a clear change, the regime's growth is measured over few weeks and its error is larger than the
        # fits' own standard errors say (the change's day is uncertain too): the interval is widened.
        widen = REGIME_WIDEN
        p10 = max(0.0, to_full - widen * (to_full - p10)) if p10 is not None else None
        p90 = to_full + widen * (p90 - to_full) if p90 is not None else None
    usual = not steady and to_full is not None and usual_swing(x, adjusted, slope, to_full)
    paused = start > 0 and float(x[-1] - x[start]) < PAUSE_DAYS
    if status == "not_filling" and (paused or (steady and slope > 0)):
        # Growth that stopped less than PAUSE_DAYS ago is not yet told from a pause (growth that wanders has days
        # of next to nothing), and a regime that did not clearly change growth is measured better over months
        # than over itself (noisy readings hide weeks of growth): when the growth over months stands out of the
        # wander, it fills at that.
        ahead = _long_run_days(x, adjusted, level, capacity)
        if ahead is not None:
            status, usual, to_full = "filling", True, ahead
    if status == "not_filling" and not steady and slope > NO_GROWTH_SHARE * capacity:
        # A regime too slow to tell from no growth, after a clear slowdown: when this history often slowed as
        # much and growth over months forecast those days better (a pause of bursty growth), it fills at that.
        ahead = _days_to(level, capacity, slope)
        if ahead is not None and usual_swing(x, adjusted, slope, ahead):
            status, usual, to_full = "filling", True, ahead
    if status == "filling" and to_full is not None and to_full > 0 and (steady or usual or accelerating(x, adjusted)):
        # No clear change of growth: growth measured over months (accelerating when it shows) is more precise
        # than the current regime's, and its interval comes from its own past errors. Growth that speeds up
        # steadily is read as acceleration even when its last weeks look like a new regime; growth whose last
        # weeks are much faster than the months before, without a clear change, is measured over those weeks.
        # A clear change that is a usual swing for this history (growth over months forecast such swings better)
        # is read as one too.
        long = long_fit(x, adjusted, to_full, level=filtered)
        kind = "accelerating" if long is not None and long.accel > 0 else "steady"
        if steady and kind == "steady" and recent_speedup(x, adjusted):
            long, kind = long_fit(x, adjusted, to_full, window=RECENT_DAYS), "recent"
        if long is not None and long.rate > NO_GROWTH_SHARE * capacity:
            method = LONG_METHODS[kind]
            slope, accel = long.rate, long.accel
            level = long.level + float(used[-1] - adjusted[-1]) - slope * float(x[-1])
            level = min(max(level, 0.0), float(capacity))
            regime_days, to_full = to_full, days_to(level, capacity, slope, accel)
            if to_full is not None:
                early, late = interval(long, to_full)
                # Too short a history to judge its past forecasts: the regime's interval, moved to the new date.
                if early is None and p10 is not None and regime_days is not None:
                    early = max(0.0, to_full - (regime_days - p10))
                if late is None and p90 is not None and regime_days is not None:
                    late = to_full + (p90 - regime_days)
                p10, p90 = early, late
                if long.errors.size < FEW_PAST_ERRORS:
                    # Few past forecasts, all overlapping, can all have erred little by chance: the interval is
                    # at least as wide as wander gives (the future's, and the long rate's over its window).
                    step = _step_wander(x, adjusted)
                    reach = math.hypot(math.sqrt(to_full) * step, to_full * step / math.sqrt(long.window_days))
                    floor = Z80 * reach / slope
                    if p10 is not None:
                        p10 = max(0.0, min(p10, to_full - floor))
                    if p90 is not None:
                        p90 = max(p90, to_full + floor)
            start = int(np.searchsorted(x, x[-1] - long.window_days))
            free_ratio, growth = 1 - level / capacity, slope
    fitted = tuple((t0 + timedelta(days=float(x[k])), float(level + slope * x[k])) for k in (start, len(x) - 1))
    return Forecast(
        status=status,
        method=method,
        used_bytes=round(level),
        capacity_bytes=capacity,
        free_ratio=float(free_ratio),
        growth_bytes_per_day=float(growth),
        regime_started_at=t0 + timedelta(days=float(x[start])),
        days_to_80=days_to(level, 0.8 * capacity, slope, accel) if status != "not_filling" else None,
        days_to_90=days_to(level, 0.9 * capacity, slope, accel) if status != "not_filling" else None,
        days_to_full=to_full,
        days_to_full_p10=p10,
        days_to_full_p90=p90,
        full_at=t0 + timedelta(days=to_full) if to_full is not None else None,
        samples_until=t0,
        sample_count=len(samples),
        fitted=fitted,
    )

"""Steady or accelerating growth measured over months, with an interval from the history's own past errors.

When growth has not clearly changed, it is best told by how much usage grew over a long stretch (up to a year):
day-to-day growth wanders (busy weeks, quiet weeks), and only a long stretch averages the wander out. Growth is
measured between the level at the stretch's first day and the current level, each filtered from weeks of readings
(a Kalman filter on level and rate, run backwards in time for the first day), which pins a level more precisely
than a week's mean and follows a busy last few days; a weekday pattern moves either level by less than a day's
growth. When the weekly increments grow steadily beyond chance, growth is accelerating and is projected to keep
accelerating.

The P10-P90 interval is conformal: the same forecast is made at every past day of the history from what was known
then, for the same number of days ahead, and the interval is as wide as those past forecasts erred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .regimes import _effective_share
from .samples import _mean, _median, _quantile, _steps
from .trend import RATE_MEMORY_DAYS, WANDER_SAMPLES, _wander_and_noise, kalman_trend

SMOOTH_DAYS = 7  # the level at a day is the mean of the last week (a weekday pattern averages out)
LAG = (SMOOTH_DAYS - 1) / 2  # that mean stands this many days before its last day
CENTRE = SMOOTH_DAYS // 2  # a past forecast is checked against the week's mean centred on its day (less noise)
LONG_WINDOW_DAYS = 364  # growth is measured over at most a year
MIN_DAYS = 28  # days of history the long fit needs
ACCEL_MIN_WEEKS = 16  # weeks of history an acceleration needs (over fewer, wandering growth looks like it)
ACCEL_WEEKS = 52  # weeks the acceleration is measured over, at most
ACCEL_Z = 3.0  # weekly increments must grow by this many standard errors to count as acceleration
HORIZON_SHARE = 1 / 3  # past forecasts reach at most this share of the history ahead
MIN_HORIZON = 7
MIN_ORIGINS = 5  # past forecasts needed for an interval
ACCEL_ORIGINS = 40  # past days an accelerating forecast is re-made at, at most (each is a small regression)
RECENT_DAYS = 28  # growth over the last four weeks ...
RECENT_SPEEDUP = 1.4  # ... this many times the long-run growth is a recent speed-up, measured over those weeks
SWING_DAYS = 45  # past days a swing of growth must have been seen on to count as usual
MIN_PAST_GROWTH = 0.25  # past forecasts that grew slower than this share of today are not compared
COVERAGE = 0.8  # P10-P90: the interval holds this share of the past errors
LEVEL_DAYS = 60  # the current level is filtered from this many recent days


@dataclass(frozen=True)
class LongFit:
    rate: float  # growth per day at the last reading
    accel: float  # change of the growth per day, per day (0: steady growth)
    level: float  # at the last reading
    window_days: int  # how far back growth was measured
    errors: np.ndarray  # |realised - forecast| of past forecasts `horizon` days ahead, in days of their growth
    errors_short: np.ndarray  # the same, half as far ahead
    horizon: int


def daily_grid(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The readings on whole days ending at the last reading (linear between readings)."""
    n = math.floor(float(x[-1] - x[0]) + 1e-9) + 1
    grid = float(x[-1]) - np.arange(n)[::-1]
    return np.interp(grid, x, y)


def _weekly_means(g: np.ndarray) -> np.ndarray:
    """Mean of the last SMOOTH_DAYS values at each index (NaN before that many exist)."""
    k = SMOOTH_DAYS
    c = np.concatenate([[0.0], g.cumsum()])
    out = np.full(g.size, np.nan)
    out[k - 1 :] = (c[k:] - c[:-k]) / k
    return out


def _acceleration(g: np.ndarray, upto: int) -> tuple[float, float, float] | None:
    """Growth per day at the end of week means up to index `upto`, its change per day, and the change's z score:
    a line through the weekly increments of the last ACCEL_WEEKS weeks."""
    weeks = min((upto + 1) // 7, ACCEL_WEEKS + 1)
    if weeks < ACCEL_MIN_WEEKS:
        return None
    means = g[upto + 1 - 7 * weeks : upto + 1].reshape(weeks, 7).mean(axis=1)
    inc = _steps(means)
    j = np.arange(inc.size, dtype=float) - (inc.size - 1)
    jc = j - _mean(j)
    sjj = float(jc @ jc)
    slope = float(jc @ (inc - _mean(inc))) / sjj
    at_end = _mean(inc) - slope * _mean(j)
    resid = inc - at_end - slope * j
    sigma = math.sqrt(float(resid @ resid) / max(inc.size - 2, 1))
    # Increments that follow each other (bursts lasting weeks) are fewer independent readings than weeks.
    z = slope / (sigma / math.sqrt(sjj)) * math.sqrt(_effective_share(resid)) if sigma > 0 else 0.0
    # The last increment is between the last two weeks' centres, 3.5 days before the last week's centre.
    return at_end / 7 + slope / 49 * 3.5, slope / 49, z


def days_to(level: float, target: float, rate: float, accel: float = 0.0) -> float | None:
    """Days until level + rate t + accel t^2 / 2 reaches target (None when it never does)."""
    if level >= target:
        return 0.0
    if accel > 0 and rate >= 0:
        return (-rate + math.sqrt(rate * rate + 2 * accel * (target - level))) / accel
    return (target - level) / rate if rate > 0 else None


def recent_speedup(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether growth over the last RECENT_DAYS is RECENT_SPEEDUP times the growth over up to a year or more:
    a speed-up too young or too gradual for a clear regime change, which growth over months would miss."""
    g = daily_grid(x, y)
    if g.size < MIN_DAYS + RECENT_DAYS:
        return False
    s = _weekly_means(g)
    w = min(g.size - SMOOTH_DAYS, LONG_WINDOW_DAYS)
    long_rate = (float(s[-1]) - float(s[-1 - w])) / w
    recent = (float(s[-1]) - float(s[-1 - RECENT_DAYS])) / RECENT_DAYS
    return long_rate > 0 and recent >= RECENT_SPEEDUP * long_rate


def usual_swing(x: np.ndarray, y: np.ndarray, rate_now: float, horizon: float) -> bool:
    """Whether growth `rate_now` (a new regime's), as far from the growth over months as it is, is a swing this
    history often showed and got over: on at least SWING_DAYS past days the last four weeks' growth was as far
    off the growth over months, in the same direction, and the growth over months forecast the usage `horizon`
    days later better on those days. Bursty growth (days of nothing, then a lot) swings often; a deployment whose
    growth was steady until it changed has no such past days, and its change stands."""
    g = daily_grid(x, y)
    n = g.size
    if n < 2 * MIN_DAYS + RECENT_DAYS:
        return False
    s = _weekly_means(g)
    w = min(n - SMOOTH_DAYS, LONG_WINDOW_DAYS)
    long_now = (float(s[-1]) - float(s[-1 - w])) / w
    if long_now <= 0 or rate_now <= 0:
        return False
    ratio_now = rate_now / long_now
    h = round(min(max(horizon, MIN_HORIZON), max(MIN_HORIZON, math.floor(n * HORIZON_SHARE))))
    t = np.arange(RECENT_DAYS + SMOOTH_DAYS - 1, n - h - CENTRE)
    if t.size < SWING_DAYS:
        return False
    span = np.minimum(t - (SMOOTH_DAYS - 1), LONG_WINDOW_DAYS)
    long_rate = (s[t] - s[t - span]) / span
    recent = (s[t] - s[t - RECENT_DAYS]) / RECENT_DAYS
    ratio = recent / np.where(long_rate > 0, long_rate, np.nan)
    alike = (ratio >= ratio_now) if ratio_now > 1 else (ratio <= ratio_now)
    alike &= long_rate > 0
    if int(alike.sum()) < SWING_DAYS:
        return False
    target = s[t + h + CENTRE][alike]
    long_error = np.abs(target - (s[t] + long_rate * (h + LAG))[alike])
    recent_error = np.abs(target - (s[t] + recent * (h + LAG))[alike])
    return _median(long_error) < _median(recent_error)


def current_level(g: np.ndarray) -> float:
    """Usage at the last of the daily levels `g`, from a Kalman filter on level and rate over the last LEVEL_DAYS
    (wander and reading noise measured over WANDER_SAMPLES days): it weighs the last readings as much as their
    noise allows, where a week's mean moved on by half a week lags behind a level that wanders, and dense
    readings (one a day from dozens) are told more precisely."""
    days = np.arange(g.size, dtype=float)
    wander_var, noise_var = _wander_and_noise(days[-WANDER_SAMPLES:], g[-WANDER_SAMPLES:])
    recent = slice(max(0, g.size - LEVEL_DAYS), g.size)
    level, _, _ = kalman_trend(days[recent], g[recent], wander_var, noise_var, wander_var / RATE_MEMORY_DAYS**2)
    return level


def first_level(g: np.ndarray) -> float:
    """Usage at the first of the daily levels `g`: `current_level` run backwards in time."""
    return current_level(g[::-1])


def long_fit(
    x: np.ndarray,
    y: np.ndarray,
    horizon: float | None,
    window: int | None = None,
    level: float | None = None,
) -> LongFit | None:
    """Growth over up to a year of daily levels (accelerating when the weekly increments show it; over exactly
    `window` days when given), and the errors the same method made in the past `horizon` days ahead (clipped to
    what the history can check), each checked against the mean of the week centred on the day it was for: the
    forecast is of usage, not of one reading. `level`: the current level (`current_level`), when already filtered."""
    g = daily_grid(x, y)
    n = g.size
    if n < MIN_DAYS or (window is not None and n < window + MIN_DAYS):
        return None
    s = _weekly_means(g)
    w = min(n - SMOOTH_DAYS, LONG_WINDOW_DAYS) if window is None else window
    rate = (float(s[-1]) - float(s[-1 - w])) / w
    accel = 0.0
    found = _acceleration(g, n - 1) if window is None else None
    if found is not None and found[2] > ACCEL_Z and found[1] > 0:
        rate, accel = found[0] + found[1] * LAG, found[1]
    if accel > 0:
        level = float(s[-1]) + rate * LAG + 0.5 * accel * LAG * LAG
    else:
        if level is None:
            level = current_level(g)
        if window is None:
            # Steady growth: from the filtered level at the window's first day to the current one (a week's mean
            # carries noise / sqrt(7) of reading noise; a filter over weeks pins a level more precisely).
            stretch = w + SMOOTH_DAYS - 1
            rate = (level - first_level(g[n - 1 - stretch :])) / stretch
    h_max = max(MIN_HORIZON, math.floor(n * HORIZON_SHARE))
    h = round(min(max(horizon if horizon is not None else h_max, MIN_HORIZON), h_max))
    short = max(1, h // 2)
    if accel > 0:
        origins = np.arange(7 * ACCEL_MIN_WEEKS, n - h - CENTRE)
        if origins.size > ACCEL_ORIGINS:
            origins = origins[np.linspace(0, origins.size - 1, ACCEL_ORIGINS).round().astype(int)]
        errors: list[float] = []
        errors_short: list[float] = []
        for t in origins:
            past = _acceleration(g, int(t))
            if past is None:
                continue
            r, a = past[0] + past[1] * LAG, max(past[1], 0.0) if past[2] > ACCEL_Z else 0.0
            for ahead, out in ((h, errors), (short, errors_short)):
                reach = ahead + LAG
                growth = r + a * reach  # at the day forecast: the error in days of growth of that time
                if growth > 0:
                    out.append(
                        abs(float(s[t + ahead + CENTRE]) - (s[t] + r * reach + 0.5 * a * reach * reach)) / growth
                    )
        past_errors, past_short = np.array(errors), np.array(errors_short)
    else:
        # Every past day from the fourth week on, growth measured as it would have been then (over the days up to
        # it, at most a year): out of sample, so the errors are as large as a forecast's really are.
        first = 2 * SMOOTH_DAYS + 14 if window is None else window + SMOOTH_DAYS - 1
        origins = np.arange(first, n - h - CENTRE)
        span = np.minimum(origins - (SMOOTH_DAYS - 1), LONG_WINDOW_DAYS) if window is None else window
        past_rate = (s[origins] - s[origins - span]) / span
        # Errors in days of the growth of that time: a history that grew faster and faster (years of it) compares
        # its past with its present. Days that grew far slower than now (a pause) say little of now.
        grew = past_rate > MIN_PAST_GROWTH * rate
        origins, past_rate = origins[grew], past_rate[grew]
        past_errors = np.abs(s[origins + h + CENTRE] - (s[origins] + past_rate * (h + LAG))) / past_rate
        past_short = np.abs(s[origins + short + CENTRE] - (s[origins] + past_rate * (short + LAG))) / past_rate
    window = 7 * min(n // 7, ACCEL_WEEKS + 1) if accel > 0 else w + SMOOTH_DAYS
    return LongFit(rate, accel, level, window, past_errors, past_short, h)


def interval(fit: LongFit, days: float) -> tuple[float | None, float | None]:
    """P10 and P90 of the days to the target: the COVERAGE quantile of the past errors, at the target's distance
    along the line through the errors half as far and as far ahead as the fit's horizon (reading noise stays,
    errors of growth grow with the distance). Errors are in days of the growth each past forecast used."""
    if fit.errors.size < MIN_ORIGINS:
        return None, None
    far = _quantile(fit.errors, COVERAGE)
    near = _quantile(fit.errors_short, COVERAGE)
    short = max(1, fit.horizon // 2)
    per_day = max(far - near, 0.0) / (fit.horizon - short) if fit.horizon > short else 0.0
    spread = max(far + per_day * (days - fit.horizon), 0.5 * min(near, far))
    if days > fit.horizon:
        # Beyond the distance the history could check, errors grow at least as a random walk's would (a short
        # history's few past errors can shrink with distance by chance).
        spread = max(spread, far * math.sqrt(days / fit.horizon))
    return max(0.0, days - spread), days + spread


def _ramp_beats_step(inc: np.ndarray) -> bool:
    """Whether weekly increments rise along a line better than they jump once between two levels (the best
    jump): growth that speeds up steadily, not a regime change."""
    j = np.arange(inc.size, dtype=float)
    jc = j - _mean(j)
    resid = inc - _mean(inc) - (float(jc @ (inc - _mean(inc))) / float(jc @ jc)) * jc
    ramp = float(resid @ resid)
    c1, c2 = inc.cumsum(), (inc * inc).cumsum()
    k = np.arange(2, inc.size - 1)
    left = c2[k - 1] - c1[k - 1] ** 2 / k
    right = (c2[-1] - c2[k - 1]) - (c1[-1] - c1[k - 1]) ** 2 / (inc.size - k)
    return bool(k.size) and ramp < float(np.min(left + right))


def accelerating(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether growth speeds up steadily (weekly increments rise beyond chance, along a line rather than in one
    jump): then even a clear change of growth is read as acceleration, which goes on."""
    g = daily_grid(x, y)
    found = _acceleration(g, g.size - 1)
    if found is None or found[2] <= ACCEL_Z or found[1] <= 0:
        return False
    weeks = min(g.size // 7, ACCEL_WEEKS + 1)
    means = g[g.size - 7 * weeks :].reshape(weeks, 7).mean(axis=1)
    return _ramp_beats_step(_steps(means))

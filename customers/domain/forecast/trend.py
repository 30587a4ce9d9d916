"""Growth rate and current level: a broken line under a wandering level (young regimes) and a Kalman filter
on level and rate (settled regimes), with how much growth wanders told apart from reading noise."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .samples import OUTLIER_SIGMAS, _line, _median, _noise_level, _steps

WANDER_SAMPLES = 120  # recent readings that tell how much daily growth wanders
WANDER_LAGS = 20  # lags (in readings) compared to separate wander from reading noise
# After a recent regime change, the growth is re-estimated with a random-walk-plus-noise model of the readings.
TREND_WINDOW = 60  # samples the random-walk fit looks back at most
TREND_MIN_BEFORE = 5  # samples before a bend, so the level at the change is pinned by the previous regime
TREND_MIN_AFTER = 2  # samples after a bend
TREND_RATIOS = (0.05, 0.5)  # day-to-day wander of the level relative to reading noise (variance ratio)
RATE_MEMORY_DAYS = 60.0  # a settled rate drifts by the level's wander / this squared a day (`kalman_trend`)


@dataclass(frozen=True)
class TrendFit:
    """Growth after the most likely bend in a window, fitted as a line plus a random walk plus reading noise."""

    bend: int  # index (in the window) where the current growth started
    rate: float
    rate_se: float
    level: float  # the smoothed level at the last sample (the random walk's best estimate, not the line)
    loglik: float
    bend_gain: float  # log-likelihood gained by the bend over one straight line (with the same wander)


@dataclass(frozen=True)
class BendFits:
    """Every bend position's broken-line fit under one wander ratio (arrays over the candidate bends)."""

    bends: np.ndarray
    rate: np.ndarray
    rate_var: np.ndarray
    level: np.ndarray
    loglik: np.ndarray
    gain: np.ndarray


def _bend_fits(x: np.ndarray, y: np.ndarray, ratio: float) -> BendFits | None:
    """Broken-line growth with a random-walk level, by generalised least squares, at every bend position.

    Readings are whitened once (Cholesky of the covariance); every bend position is then an O(n) regression:
    the hinge is made orthogonal to the line, so its coefficient, the new rate and the kriged level at the
    last sample follow from a few dot products.
    """
    n = len(x)
    candidates = np.arange(TREND_MIN_BEFORE, n - TREND_MIN_AFTER)
    if candidates.size == 0:
        return None
    t = x - x[0]
    cov = ratio * np.minimum.outer(t, t) + np.eye(n)
    chol = np.linalg.cholesky(cov)
    hinges = np.maximum(x[:, None] - x[candidates][None, :], 0.0)
    # The last column is cov(level at the last sample, readings): used to krige the current level.
    white = np.linalg.solve(chol, np.column_stack([np.ones(n), x, y, ratio * t, hinges]))
    line, wy, wm, wh = white[:, :2], white[:, 2], white[:, 3], white[:, 4:]
    gram_inv = np.linalg.inv(line.T @ line)
    beta = gram_inv @ (line.T @ wy)
    resid = wy - line @ beta
    proj = gram_inv @ (line.T @ wh)  # each hinge's projection on the line
    orth = wh - line @ proj
    hh = np.einsum("ij,ij->j", orth, orth)
    ok = hh > 1e-12
    safe = np.where(ok, hh, 1.0)
    c = np.where(ok, (orth.T @ resid) / safe, 0.0)
    sse_line = max(float(resid @ resid), 1e-12)
    sse = np.maximum(sse_line - c * c * hh, 1e-12)
    intercept = beta[0] - c * proj[0]
    slope = beta[1] - c * proj[1]
    rate = slope + c
    trend_end = intercept + slope * x[-1] + c * (x[-1] - x[candidates])
    level = trend_end + float(wm @ resid) - c * (wm @ orth)
    # Variance of slope + c: the hinge's own variance plus the line's, given the hinge (partitioned inverse).
    scale2 = sse / max(n - 3, 1)
    line_var = gram_inv[1, 1] + proj[1] * proj[1] / safe
    rate_var = np.where(ok, (line_var - 2 * proj[1] / safe + 1 / safe) * scale2, np.inf)
    log_det = float(np.sum(np.log(np.diag(chol))))
    loglik = -0.5 * n * np.log(sse / n) - log_det
    gain = 0.5 * n * np.log(sse_line / sse)
    return BendFits(candidates, rate, rate_var, level, loglik, gain)


def _average(fits: list[BendFits]) -> TrendFit:
    """Rate and level averaged over bend positions (and wander ratios), weighted by their likelihood.

    A single best bend is often a day early or late, which tilts a young regime's rate; averaging keeps the
    near-ties and widens the rate's interval by their spread.
    """
    loglik = np.concatenate([f.loglik for f in fits])
    weight = np.exp(loglik - loglik.max())
    weight /= weight.sum()
    rate_all = np.concatenate([f.rate for f in fits])
    rate = float(weight @ rate_all)
    rate_var = np.concatenate([f.rate_var for f in fits])
    spread = float(weight @ (np.where(np.isfinite(rate_var), rate_var, 0.0) + (rate_all - rate) ** 2))
    level = float(weight @ np.concatenate([f.level for f in fits]))
    best = int(np.argmax(loglik))
    bends = np.concatenate([f.bends for f in fits])
    gain = float(np.concatenate([f.gain for f in fits])[best])
    return TrendFit(int(bends[best]), rate, math.sqrt(max(spread, 0.0)), level, float(loglik[best]), gain)


def random_walk_trend(x: np.ndarray, y: np.ndarray, ratio: float) -> TrendFit | None:
    """Broken-line growth with a random-walk level, averaged over the bend positions by their likelihood.

    Usage rarely grows by the same amount every day: the level wanders (a random walk with variance
    `ratio` x noise per day) around a piecewise-linear trend, and each reading adds noise. Under that model
    the best estimate of the current rate weights recent readings more than a straight-line fit does, and
    the current level is the smoothed (kriged) level at the last sample rather than the line's value.
    Returns None when the window is too short.
    """
    fits = _bend_fits(x, y, ratio)
    return None if fits is None else _average([fits])


def _odd_last(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether the last reading is far off the recent day-to-day steps: alone it cannot tell a bend from a spike,
    so it is held out of the fits (the level is projected to its time)."""
    steps = _steps(y[-8:]) / np.maximum(_steps(x[-8:]), 1e-9)
    return bool(
        steps.size >= 3 and abs(steps[-1] - _median(steps[:-1])) > OUTLIER_SIGMAS * math.sqrt(2) * _noise_level(y)
    )


def recent_trend(x: np.ndarray, y: np.ndarray, first: int) -> TrendFit | None:
    """The random-walk trend fit over the last TREND_WINDOW samples (not before `first`), averaged over wander
    (TREND_RATIOS). Returns None when the window is too short."""
    lo = max(first, len(x) - TREND_WINDOW)
    hi = len(x)
    if _odd_last(x, y):
        hi -= 1
    fits = [f for f in (_bend_fits(x[lo:hi], y[lo:hi], ratio) for ratio in TREND_RATIOS) if f is not None]
    if not fits:
        return None
    best = _average(fits)
    level = best.level + best.rate * float(x[-1] - x[hi - 1])
    return TrendFit(lo + best.bend, best.rate, best.rate_se, level, best.loglik, best.bend_gain)


def _row_medians(a: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The median of each row's first `sizes` entries (the rest of the row is ignored), as `_median` gives it:
    rows sorted with their unused tail as NaN (sorted last), then the middle one or two."""
    ordered = np.sort(a, axis=1)
    rows = np.arange(a.shape[0])
    return 0.5 * (ordered[rows, (sizes - 1) // 2] + ordered[rows, sizes // 2])


def _lag_spreads(x: np.ndarray, y: np.ndarray, lags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each lag k (ascending), the robust variance of how readings k apart differ from the typical growth over
    their gap, and their mean gap (all lags at once: row k holds the n - k pairs, then NaN, which sorts last)."""
    n, top = x.size, int(lags[-1])
    width = n - 1
    padded = np.full((2, width + top), np.nan)
    padded[0, :n], padded[1, :n] = x, y
    step = padded.strides[1]
    later = as_strided(padded, (2, top + 1, width), (padded.strides[0], step, step))[:, lags]
    dx = later[0] - x[:-1]  # times are distinct and ascending (`clean_samples`), so every gap is positive
    steps = later[1] - y[:-1]
    sizes = n - lags
    typical = _row_medians(steps / dx, sizes)
    excess = steps - typical[:, None] * dx
    gaps = np.where(np.isnan(dx), 0.0, dx).sum(axis=1) / sizes
    if np.all(_steps(x) == 1.0):
        # One reading a day: every pair of a lag spans the same days, so the excess's median is the steps' own
        # less their median, nought (to rounding).
        spread = _row_medians(np.abs(excess), sizes)
    else:
        centre = _row_medians(excess, sizes)
        spread = _row_medians(np.abs(excess - centre[:, None]), sizes)
    return (1.4826 * spread) ** 2, gaps


def _step_wander(x: np.ndarray, y: np.ndarray) -> float:
    """How far growth wanders from day to day, per square-root day, from the recent readings.

    Readings a lag of k apart differ from the typical k-step growth by k days of wander plus two readings'
    noise: Var = k * wander^2 + 2 * noise^2. Comparing a short and a long lag separates the two (robust
    spreads). It is a property of the deployment's usage, so it is read from up to WANDER_SAMPLES readings
    rather than from the current regime alone, which may be short. (Every gap is spanned by at least one k-step
    pair and there are fewer of them, so the long lag's mean gap is always the longer.)
    """
    x, y = x[-WANDER_SAMPLES:], y[-WANDER_SAMPLES:]
    long_lag = min(14, len(x) // 3)
    if long_lag < 2:
        return 0.0
    (short_var, long_var), (short_dx, long_dx) = _lag_spreads(x, y, np.array([1, long_lag]))
    return math.sqrt(max(0.0, (long_var - short_var) / (long_dx - short_dx)))


def _wander_and_noise(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Variance per day of the level's wander, and the variance of one reading's noise.

    Readings k apart differ from the typical k-step growth by k days of wander plus two readings' noise:
    Var = k * wander + 2 * noise. A line through the robust spreads at lags 1..WANDER_LAGS gives both.
    """
    most = min(WANDER_LAGS, len(x) // 3)
    if most < 2:
        return 0.0, _noise_level(y) ** 2
    spreads, lags = _lag_spreads(x, y, np.arange(1, most + 1))
    wander, twice_noise = _line(lags, spreads)
    if twice_noise <= 0:
        return max(float(np.mean(spreads) / np.mean(lags)), 0.0), 1e-12
    return max(float(wander), 0.0), float(twice_noise) / 2


def kalman_trend(
    x: np.ndarray, y: np.ndarray, wander_var: float, noise_var: float, rate_var: float = 0.0
) -> tuple[float, float, float]:
    """Level at the last sample and growth rate, with the rate's variance, of a level that grows at a steady
    rate plus a random walk (`wander_var` per day), read with noise (`noise_var`): a Kalman filter. The rate
    itself may drift by `rate_var` a day (growth that slowly speeds up), which makes the filter forget old growth.

    Under that model the rate is best told by where the level started and where it is now, rather than by a
    line through every reading, and the current level by the last few readings. (A single odd reading inside
    the window is undone by the next ones; the caller holds out an odd last reading.)
    """
    # Readings are whole bytes (rounding noise 1/12); a millionth of the level keeps exact lines well conditioned.
    noise_var = max(noise_var, (1e-6 * float(np.max(np.abs(y)))) ** 2, 1 / 12)
    # Started exactly from the first two readings (a diffuse start, without a huge prior variance).
    dt = max(float(x[1] - x[0]), 1e-9)
    level, rate = float(y[1]), float(y[1] - y[0]) / dt
    first = noise_var + wander_var * dt
    p_ll, p_lr, p_rr = first, first / dt, (first + noise_var) / dt**2
    # Plain floats: the loop runs once a reading, and numpy's scalars cost more than the arithmetic.
    times, readings = x.tolist(), y.tolist()
    for k in range(2, len(times)):
        dt = times[k] - times[k - 1]
        level += rate * dt
        p_ll, p_lr = p_ll + 2 * dt * p_lr + dt * dt * p_rr + wander_var * dt, p_lr + dt * p_rr
        p_rr += rate_var * dt
        s = p_ll + noise_var
        k_l, k_r = p_ll / s, p_lr / s
        innovation = readings[k] - level
        level, rate = level + k_l * innovation, rate + k_r * innovation
        p_ll, p_lr, p_rr = p_ll - k_l * p_ll, p_lr - k_l * p_lr, p_rr - k_r * p_lr
    return level, rate, max(p_rr, 0.0)

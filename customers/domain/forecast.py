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

METHOD = "changepoint/kalman"
MIN_SAMPLES = 5
MIN_SPAN_DAYS = 2.0
MIN_REGIME_SAMPLES = 7
# A drop larger than this share of capacity is a clean-up (data deleted), not noise.
CLEANUP_SHARE = 0.01
Z80 = 1.2816  # two-sided 80 % interval: P10 .. P90
WANDER_SAMPLES = 120  # recent readings that tell how much daily growth wanders
WANDER_LAGS = 20  # lags (in readings) compared to separate wander from reading noise
MAX_THEIL_SEN_POINTS = 90
# A bend in the growth line may be this recent (samples after it); fewer after-samples need more evidence.
MIN_RECENT_SAMPLES = 3
SPLIT_PENALTY = 8.0  # BIC penalty, in log(n) units, for a split into two separate lines
RECENT_WINDOW = 30  # samples searched for a recent bend
RECENT_BEND_SAMPLES = 14  # a recent bend has at most this many samples after it
OUTLIER_SIGMAS = 3.0  # residuals beyond this many noise levels are clipped before testing for a bend
BEND_THRESHOLD = 16.0  # F statistic a recent bend must reach (the search over positions is accounted for)
JUMP_PENALTY = 1.0  # BIC penalty, in log(n) units, for a level jump at a regime change
# After a recent regime change, the growth is re-estimated with a random-walk-plus-noise model of the readings.
TREND_WINDOW = 60  # samples the random-walk fit looks back at most
TREND_RECENT = 120  # it is used while the current regime has at most this many samples
TREND_MIN_BEFORE = 5  # samples before a bend, so the level at the change is pinned by the previous regime
TREND_MIN_AFTER = 2  # samples after a bend
TREND_BEND_PENALTY = 3.0  # log-likelihood, in log(samples after the bend) units, a bend must gain
TREND_RATIOS = (0.05, 0.5)  # day-to-day wander of the level relative to reading noise (variance ratio)


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


def regime_starts(x: np.ndarray, y: np.ndarray) -> list[int]:
    """Indexes where each accepted growth regime starts, oldest first (always begins with 0).

    1. For every split with at least MIN_REGIME_SAMPLES on each side, fit one line before and one after.
    2. Take the split with the smallest total squared error.
    3. Accept it only when it explains the data clearly better than one line (BIC with 2 extra parameters).
    4. Repeat inside the later segment, so the most recent of several regime changes is found.
    """
    starts = [0]
    for _ in range(3):
        start = starts[-1]
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
                starts.append(start + best)
            break
        bic_gain = n * math.log(one_line / n) - (n * math.log(two_lines / n) + SPLIT_PENALTY * math.log(n))
        if bic_gain <= 0:
            break
        starts.append(start + best)
    return starts


def find_regime_start(x: np.ndarray, y: np.ndarray) -> int:
    """Index where the current growth regime starts (0 when there is no change point)."""
    return regime_starts(x, y)[-1]


def _hinge_sse(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """SSE of one line, and of a continuous broken line bending at each sample (vectorised).

    The broken line is y = a + b x + c max(x - x_j, 0). Its extra regressor is made orthogonal to the line,
    so the SSE drop at every bend j is (h . r)^2 / |h~|^2 with r the one-line residuals: O(n) for all j.
    """
    n = len(x)
    xc = x - x.mean()
    sxx_all = float(xc @ xc)
    if sxx_all <= 0:
        return 0.0, np.zeros(n)
    slope = float(xc @ (y - y.mean())) / sxx_all
    r = y - y.mean() - slope * xc
    sse_line = float(r @ r)
    rev = slice(None, None, -1)
    count = np.arange(n, 0, -1).astype(float)
    sx, sxx = np.cumsum(xc[rev])[rev], np.cumsum((xc * xc)[rev])[rev]
    sr, sxr = np.cumsum(r[rev])[rev], np.cumsum((xc * r)[rev])[rev]
    h_sum = sx - count * xc
    h_sq = sxx - 2 * xc * sx + count * xc * xc
    h_x = sxx - xc * sx
    h_r = sxr - xc * sr
    # |h~|^2 = |h|^2 minus its projection on (1, x); x is centred, so the Gram matrix is diagonal.
    h_orth = h_sq - h_sum * h_sum / n - h_x * h_x / sxx_all
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(h_orth > 1e-12 * sxx_all, h_r * h_r / h_orth, 0.0)
    return sse_line, np.maximum(sse_line - drop, 0.0)


def _noise_level(y: np.ndarray) -> float:
    """Robust noise level of the readings: the median absolute day-to-day change, scaled to one reading."""
    steps = np.diff(y)
    return 1.4826 * float(np.median(np.abs(steps - np.median(steps)))) / math.sqrt(2) if steps.size else 0.0


def _hinge_fit(x: np.ndarray, y: np.ndarray, bend: int) -> tuple[float, float, float]:
    """Broken line bending at index `bend`: (slope after the bend, its standard error, SSE).

    Least squares, then refitted with residuals clipped to OUTLIER_SIGMAS noise levels, so a single odd
    reading right after the bend cannot tilt the new slope.
    """
    design = np.column_stack([np.ones_like(x), x, np.maximum(x - x[bend], 0.0)])
    cov = np.linalg.pinv(design.T @ design)
    limit = OUTLIER_SIGMAS * _noise_level(y)
    target = y
    for _ in range(3):
        coef = cov @ (design.T @ target)
        fit = design @ coef
        if limit <= 0:
            break
        target = fit + np.clip(y - fit, -limit, limit)
    resid = target - design @ coef
    sse = float(resid @ resid)
    var = (cov[1, 1] + 2 * cov[1, 2] + cov[2, 2]) * sse / max(len(x) - 3, 1)
    return float(coef[1] + coef[2]), math.sqrt(max(var, 0.0)), sse


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


def _best_bend(x: np.ndarray, y: np.ndarray, first: int, last: int) -> tuple[int, float, float] | None:
    """The best bend index in [first, last] with the one-line and broken-line SSE, or None when no room."""
    if last < first or len(x) < 4:
        return None
    sse_line, sse_bent = _hinge_sse(x, y)
    bend = first + int(np.argmin(sse_bent[first : last + 1]))
    return bend, sse_line, float(sse_bent[bend])


def _clip_outliers(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Readings pulled to within OUTLIER_SIGMAS noise levels of their least-squares line.

    The noise level comes from the median absolute day-to-day change, which neither a spike nor a bend moves
    much; so a single odd reading cannot pose as a change in growth, while a real bend keeps growing apart.
    """
    noise = _noise_level(y)
    if len(x) < 4 or noise <= 0:
        return y
    fit = np.polyval(np.polyfit(x, y, 1), x)
    return fit + np.clip(y - fit, -OUTLIER_SIGMAS * noise, OUTLIER_SIGMAS * noise)


def current_regime(x: np.ndarray, y: np.ndarray, starts: list[int] | None = None) -> tuple[int, float, float, float]:
    """Where the current growth regime starts and its slope with an 80 % interval: (start, slope, low, high).

    1. Regimes are split where the best pair of separate lines beats one line (BIC), see `regime_starts`.
    2. A recent bend inside the last regime (MIN_RECENT_SAMPLES or more after it) is then tested as a
       continuous broken line: growth changed but the level did not jump. The new slope is anchored on
       the previous line, so a few samples after the change already give a usable slope.
    3. A regime change found in step 1 is re-fitted as a bend too unless a level jump fits clearly
       better; the continuous fit uses the previous regime's samples and so gives a steadier slope.
    4. Otherwise the last regime is fitted with Theil-Sen (robust to outliers and jumps).
    """
    starts = regime_starts(x, y) if starts is None else starts
    start = starts[-1]
    # A recent bend is searched in a local window, so slow wander of a long regime does not look like one.
    local = max(start, len(x) - RECENT_WINDOW)
    xl, yl = x[local:], y[local:]
    m = len(xl)
    found = _best_bend(
        xl, _clip_outliers(xl, yl), max(MIN_REGIME_SAMPLES, m - RECENT_BEND_SAMPLES), m - 1 - MIN_RECENT_SAMPLES
    )
    if found is not None:
        bend, sse_line, sse_bent = found
        # F-type statistic: the SSE drop in units of the broken line's residual variance.
        noise = sse_bent / max(m - 3, 1)
        if sse_line > 0 and (noise <= 0 or (sse_line - sse_bent) / noise > BEND_THRESHOLD):
            slope, se, _ = _hinge_fit(xl, yl, bend)
            return local + bend, slope, slope - Z80 * se, slope + Z80 * se
    xs, ys = x[start:], y[start:]
    if len(starts) > 1:
        prev = starts[-2]
        xw, yw = x[prev:], y[prev:]
        split = start - prev
        found = _best_bend(xw, yw, max(MIN_REGIME_SAMPLES, split - 3), min(len(xw) - 1 - MIN_REGIME_SAMPLES, split + 3))
        if found is not None:
            bend, _, sse_bent = found
            sse_jump = float(_prefix_sse(xw, yw)[split - 1] + _segment_sse(xw, yw)[split])
            n = len(xw)
            if sse_jump > 0 and sse_bent > 0 and n * math.log(sse_bent / sse_jump) < JUMP_PENALTY * math.log(n):
                slope, se, _ = _hinge_fit(xw, yw, bend)
                return prev + bend, slope, slope - Z80 * se, slope + Z80 * se
    slope, low, high = theil_sen(xs, ys)
    return start, slope, low, high


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


def _odd_last(x: np.ndarray, y: np.ndarray) -> bool:
    """Whether the last reading is far off the recent day-to-day steps: alone it cannot tell a bend from a spike,
    so it is held out of the fits (the level is projected to its time)."""
    steps = np.diff(y[-8:]) / np.maximum(np.diff(x[-8:]), 1e-9)
    return bool(
        steps.size >= 3 and abs(steps[-1] - np.median(steps[:-1])) > OUTLIER_SIGMAS * math.sqrt(2) * _noise_level(y)
    )


def recent_trend(x: np.ndarray, y: np.ndarray, first: int) -> TrendFit | None:
    """The random-walk trend fit over the last TREND_WINDOW samples (not before `first`), averaged over wander."""
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


def _bridged(used: np.ndarray, capacity: float) -> bool:
    """Whether a clean-up (a drop beyond both the clean-up share and a few noise levels) is in the trend window."""
    steps = np.diff(used[-TREND_WINDOW - 1 :])
    return bool(np.any(steps < -max(CLEANUP_SHARE * capacity, OUTLIER_SIGMAS * 2 * _noise_level(used))))


def regime_line(x: np.ndarray, used: np.ndarray, *, capacity: float, level: float, slope: float) -> np.ndarray:
    """The fitted growth of the current regime at the times `x` (days, the last one "now"), drawn through the
    readings: clean-ups are read as level shifts, so before a clean-up the line sits as much higher as the
    readings were."""
    shift = used - remove_cleanups(x, used, capacity)
    return level + slope * (x - x[-1]) + shift - shift[-1]


def _lag_spread(x: np.ndarray, y: np.ndarray, k: int) -> tuple[float, float]:
    """Robust variance of how readings k apart differ from the typical growth over their gap, and the mean gap."""
    dx = x[k:] - x[:-k]
    steps = y[k:] - y[:-k]
    excess = steps - np.median(steps / np.where(dx > 0, dx, np.nan)) * dx
    excess = excess[np.isfinite(excess)]
    return (1.4826 * float(np.median(np.abs(excess - np.median(excess))))) ** 2, float(np.mean(dx))


def _step_wander(x: np.ndarray, y: np.ndarray) -> float:
    """How far growth wanders from day to day, per square-root day, from the recent readings.

    Readings a lag of k apart differ from the typical k-step growth by k days of wander plus two readings'
    noise: Var = k * wander^2 + 2 * noise^2. Comparing a short and a long lag separates the two (robust
    spreads). It is a property of the deployment's usage, so it is read from up to WANDER_SAMPLES readings
    rather than from the current regime alone, which may be short.
    """
    x, y = x[-WANDER_SAMPLES:], y[-WANDER_SAMPLES:]
    long_lag = min(14, len(x) // 3)
    if long_lag < 2:
        return 0.0
    short_var, short_dx = _lag_spread(x, y, 1)
    long_var, long_dx = _lag_spread(x, y, long_lag)
    if long_dx <= short_dx:
        return 0.0
    return math.sqrt(max(0.0, (long_var - short_var) / (long_dx - short_dx)))


def _wander_and_noise(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Variance per day of the level's wander, and the variance of one reading's noise.

    Readings k apart differ from the typical k-step growth by k days of wander plus two readings' noise:
    Var = k * wander + 2 * noise. A line through the robust spreads at lags 1..WANDER_LAGS gives both.
    """
    pairs = [_lag_spread(x, y, k) for k in range(1, min(WANDER_LAGS, len(x) // 3) + 1)]
    if len(pairs) < 2:
        return 0.0, _noise_level(y) ** 2
    spreads, lags = zip(*pairs, strict=True)
    wander, twice_noise = np.polyfit(lags, spreads, 1)
    if twice_noise <= 0:
        return max(float(np.mean(spreads) / np.mean(lags)), 0.0), 1e-12
    return max(float(wander), 0.0), float(twice_noise) / 2


def kalman_trend(x: np.ndarray, y: np.ndarray, wander_var: float, noise_var: float) -> tuple[float, float, float]:
    """Level at the last sample and growth rate, with the rate's variance, of a level that grows at a steady
    rate plus a random walk (`wander_var` per day), read with noise (`noise_var`): a Kalman filter.

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
    for k in range(2, len(x)):
        dt = float(x[k] - x[k - 1])
        level += rate * dt
        p_ll, p_lr = p_ll + 2 * dt * p_lr + dt * dt * p_rr + wander_var * dt, p_lr + dt * p_rr
        s = p_ll + noise_var
        k_l, k_r = p_ll / s, p_lr / s
        innovation = float(y[k]) - level
        level, rate = level + k_l * innovation, rate + k_r * innovation
        p_ll, p_lr, p_rr = p_ll - k_l * p_ll, p_lr - k_l * p_lr, p_rr - k_r * p_lr
    return level, rate, max(p_rr, 0.0)


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
    3. Find where the current growth regime started (change points in the growth rate, including a recent bend
       with as few as 3 samples after it).
    4. When the regime started recently, estimate its rate and level with a bent-line trend under a wandering
       level (generalised least squares), averaged over bend positions and wander by likelihood, which measures
       a young regime's rate more precisely. Its window reaches back to the regime before the last detected
       change, so a wander inside the new regime is not taken for its start.
    5. Otherwise filter the regime with a Kalman filter on level and rate, the level wandering as much as the
       readings show (`_wander_and_noise`), an odd last reading held out; it gives the rate's variance for P10 / P90.
       Theil-Sen (robust median slopes, Sen's interval) remains for regimes too short to filter.
    6. days = (threshold - level) / growth; the interval adds the future wander and the noise on the last day.
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
    starts = regime_starts(x, adjusted)
    start, slope, slope_lo, slope_hi = current_regime(x, adjusted, starts)
    rx, ry = x[start:], adjusted[start:]
    # Robust current level: the recent actual readings projected to the last time.
    recent = slice(max(start, len(x) - 7), len(x))
    since_drop = np.nonzero(np.diff(used) < -CLEANUP_SHARE * capacity)[0]
    if since_drop.size:
        recent = slice(max(recent.start, int(since_drop[-1]) + 1), len(x))
    level = float(np.median(used[recent] - slope * x[recent]))
    # A clean-up step is bridged with an assumed growth, which the random-walk fit would take for real wander;
    # drops within a few noise levels are ordinary wander and do not count.
    trended = False
    if start > 0 and len(x) - start <= TREND_RECENT and not _bridged(used, capacity):
        earlier = [s for s in starts if s < min(start, starts[-1]) - TREND_MIN_BEFORE]
        trend = recent_trend(x, adjusted, earlier[-1] if earlier else 0)
        if trend is not None and trend.bend_gain > TREND_BEND_PENALTY * math.log(len(x) - trend.bend):
            slope = trend.rate
            slope_lo, slope_hi = slope - Z80 * trend.rate_se, slope + Z80 * trend.rate_se
            level = trend.level + float(used[-1] - adjusted[-1])
            trended = True
    if not trended and len(rx) >= MIN_SAMPLES:
        hi = len(rx) - 1 if _odd_last(rx, ry) else len(rx)
        tail = slice(max(0, hi - WANDER_SAMPLES), hi)
        wander_var, noise_var = _wander_and_noise(rx[tail], ry[tail])
        k_level, k_rate, k_var = kalman_trend(rx[:hi], ry[:hi], wander_var, noise_var)
        slope, se = k_rate, math.sqrt(k_var)
        slope_lo, slope_hi = slope - Z80 * se, slope + Z80 * se
        level = k_level + slope * float(rx[-1] - rx[hi - 1]) + float(used[-1] - adjusted[-1])
    level = min(max(level, 0.0), float(capacity))
    residuals = ry - (np.median(ry - slope * rx) + slope * rx)
    level_sd = 1.4826 * float(np.median(np.abs(residuals - np.median(residuals))))
    free_ratio = 1 - level / capacity
    status = "full" if level >= capacity else ("filling" if slope > 1e-6 * capacity else "not_filling")
    growth = slope if slope > 0 else 0.0
    to_full = _days_to(level, capacity, slope) if status != "not_filling" else None
    # The interval combines the slope's uncertainty with the noise of the current level, then with the wander
    # of future growth (day-to-day growth varies: over h days the level drifts by about sqrt(h) steps).
    p10 = _days_to(level + Z80 * level_sd, capacity, slope_hi) if status != "not_filling" else None
    p90 = _days_to(max(0.0, level - Z80 * level_sd), capacity, slope_lo) if status != "not_filling" else None
    if to_full is not None and to_full > 0 and slope > 0:
        # Future wander; the ups and downs of usage around its trend on the day it reaches the top; and the
        # rate's own error from wander within the fitted window (which Sen's interval, made for independent
        # errors, does not see).
        step = _step_wander(x, adjusted)
        window = max(float(rx[-1] - rx[0]), 1.0)
        wander = Z80 * math.hypot(math.sqrt(to_full) * step, level_sd, to_full * step / math.sqrt(window)) / slope
        if p10 is not None:
            p10 = max(0.0, to_full - math.hypot(to_full - p10, wander))
        if p90 is not None:
            p90 = to_full + math.hypot(p90 - to_full, wander)
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

"""Where the current growth regime starts: change points between separate lines, then bends of a broken line."""

from __future__ import annotations

import math

import numpy as np

from .samples import OUTLIER_SIGMAS, _line, _mean, _noise_level

MIN_REGIME_SAMPLES = 7
SPLIT_PENALTY = 8.0  # BIC penalty, in log(n) units, for a split into two separate lines
# A bend in the growth line may be this recent (samples after it); fewer after-samples need more evidence.
MIN_RECENT_SAMPLES = 3
RECENT_WINDOW = 30  # samples searched for a recent bend
RECENT_BEND_SAMPLES = 14  # a recent bend has at most this many samples after it
BEND_THRESHOLD = 16.0  # F statistic a recent bend must reach (the search over positions is accounted for)
JUMP_PENALTY = 1.0  # BIC penalty, in log(n) units, for a level jump at a regime change
RECENT_SPLIT_WINDOW = 90  # readings searched again for a split when a longer segment shows none
SPLIT_RHO = 0.6  # the most lag-1 correlation of residuals a split's evidence is discounted for
JUMP_REACH = 3  # a regime change is re-placed as a bend up to this many samples either side


def _prefix_sse(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """SSE of a least-squares line fitted to every prefix x[:i+1], y[:i+1] (vectorised with prefix sums)."""
    n = np.arange(1, len(x) + 1).astype(float)
    sx, sy = x.cumsum(), y.cumsum()
    sxx, sxy, syy = (x * x).cumsum(), (x * y).cumsum(), (y * y).cumsum()
    cxx = sxx - sx * sx / n
    cxy = sxy - sx * sy / n
    cyy = syy - sy * sy / n
    with np.errstate(divide="ignore", invalid="ignore"):
        sse = cyy - np.where(cxx > 0, cxy * cxy / cxx, 0.0)
    return np.maximum(sse, 0.0)


def _suffix_sse(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """SSE of a line fitted to every suffix x[i:], y[i:]: the prefix fits of the reversed readings."""
    return _prefix_sse(x[::-1], y[::-1])[::-1]


def _effective_share(resid: np.ndarray, most: float = 0.95) -> float:
    """The share of readings that count as independent evidence: residuals that follow each other (growth that
    wanders, usage that moves in steps) repeat one another, so an AR(1) with lag-1 correlation rho leaves
    (1 - rho) / (1 + rho) of them. Without this, a long wander of steady growth scores as a change."""
    if resid.size < 4:
        return 1.0
    centre = _mean(resid)
    r0, r1 = resid[:-1] - centre, resid[1:] - centre
    denom = float(np.sqrt((r0 @ r0) * (r1 @ r1)))
    rho = float(r0 @ r1) / denom if denom > 0 else 0.0
    # Only correlation beyond what chance gives independent readings (about 1 / sqrt(n) either way) counts.
    rho = min(max(rho - 2 / math.sqrt(resid.size), 0.0), most)
    return (1 - rho) / (1 + rho)


def _line_residuals(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xc, yc = x - _mean(x), y - _mean(y)
    sxx = float(xc @ xc)
    return yc - (float(xc @ yc) / sxx) * xc if sxx > 0 else yc


def _two_line_residuals(x: np.ndarray, y: np.ndarray, split: int) -> np.ndarray:
    return np.concatenate([_line_residuals(x[:split], y[:split]), _line_residuals(x[split:], y[split:])])


def regime_starts(x: np.ndarray, y: np.ndarray) -> list[int]:
    """Indexes where each accepted growth regime starts, oldest first (always begins with 0).

    1. For every split with at least MIN_REGIME_SAMPLES on each side, fit one line before and one after.
    2. Take the split with the smallest total squared error.
    3. Accept it only when it explains the data clearly better than one line (BIC with 2 extra parameters),
       counting only the independent share of the readings (`_effective_share` of the two lines' residuals).
    4. Repeat inside the later segment, so the most recent of several regime changes is found.
    5. When a long segment has no accepted split, its last RECENT_SPLIT_WINDOW readings are searched once more:
       growth that slowed and then sped up again looks like one line from afar.
    """
    starts = [0]
    window_start: int | None = None
    for _ in range(4):
        start = starts[-1] if window_start is None else window_start
        xs, ys = x[start:], y[start:]
        n = len(xs)
        if n < 2 * MIN_REGIME_SAMPLES:
            break
        pre, post = _prefix_sse(xs, ys), _suffix_sse(xs, ys)
        splits = np.arange(MIN_REGIME_SAMPLES, n - MIN_REGIME_SAMPLES + 1)
        total = pre[splits - 1] + post[splits]
        best = int(splits[np.argmin(total)])
        one_line = post[0]
        two_lines = float(np.min(total))
        if one_line <= 0 or two_lines <= 0:
            if one_line > 0 and two_lines <= 0:
                starts.append(start + best)
            break
        n_eff = max(n * _effective_share(_two_line_residuals(xs, ys, best), SPLIT_RHO), 2.0)
        bic_gain = n_eff * math.log(one_line / two_lines) - SPLIT_PENALTY * math.log(n)
        if bic_gain <= 0:
            if window_start is not None or n <= RECENT_SPLIT_WINDOW:
                break
            window_start = len(x) - RECENT_SPLIT_WINDOW
            continue
        starts.append(start + best)
        window_start = None
    return starts


def _hinge_sse(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """SSE of one line, and of a continuous broken line bending at each sample (vectorised).

    The broken line is y = a + b x + c max(x - x_j, 0). Its extra regressor is made orthogonal to the line,
    so the SSE drop at every bend j is (h . r)^2 / |h~|^2 with r the one-line residuals: O(n) for all j.
    The times are distinct (`clean_samples`) and there are at least 2 MIN_REGIME_SAMPLES of them.
    """
    n = len(x)
    xc = x - _mean(x)
    sxx_all = float(xc @ xc)
    slope = float(xc @ (y - _mean(y))) / sxx_all
    r = y - _mean(y) - slope * xc
    sse_line = float(r @ r)
    rev = slice(None, None, -1)
    count = np.arange(n, 0, -1).astype(float)
    sx, sxx = xc[rev].cumsum()[rev], (xc * xc)[rev].cumsum()[rev]
    sr, sxr = r[rev].cumsum()[rev], (xc * r)[rev].cumsum()[rev]
    h_sum = sx - count * xc
    h_sq = sxx - 2 * xc * sx + count * xc * xc
    h_x = sxx - xc * sx
    h_r = sxr - xc * sr
    # |h~|^2 = |h|^2 minus its projection on (1, x); x is centred, so the Gram matrix is diagonal.
    h_orth = h_sq - h_sum * h_sum / n - h_x * h_x / sxx_all
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(h_orth > 1e-12 * sxx_all, h_r * h_r / h_orth, 0.0)
    return sse_line, np.maximum(sse_line - drop, 0.0)


def _best_bend(x: np.ndarray, y: np.ndarray, first: int, last: int) -> tuple[int, float, float]:
    """The best bend index in [first, last] (not empty) with the one-line and the broken-line SSE."""
    sse_line, sse_bent = _hinge_sse(x, y)
    bend = first + int(np.argmin(sse_bent[first : last + 1]))
    return bend, sse_line, float(sse_bent[bend])


def _clip_outliers(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Readings pulled to within OUTLIER_SIGMAS noise levels of their least-squares line.

    The noise level comes from the median absolute day-to-day change, which neither a spike nor a bend moves
    much; so a single odd reading cannot pose as a change in growth, while a real bend keeps growing apart.
    """
    noise = _noise_level(y)
    if noise <= 0:
        return y
    slope, intercept = _line(x, y)
    fit = intercept + slope * x
    return fit + np.clip(y - fit, -OUTLIER_SIGMAS * noise, OUTLIER_SIGMAS * noise)


def _recent_window(n: int, starts: list[int]) -> int:
    """First index of the window searched for a recent bend: local, so slow wander of a long regime is no bend."""
    return max(starts[-1], n - RECENT_WINDOW)


def current_regime(x: np.ndarray, y: np.ndarray, starts: list[int] | None = None) -> int:
    """Index where the current growth regime starts (0 when there is no change point).

    1. Regimes are split where the best pair of separate lines beats one line (BIC), see `regime_starts`.
    2. A recent bend inside the last regime (MIN_RECENT_SAMPLES or more after it) is then tested as a
       continuous broken line: growth changed but the level did not jump.
    3. Otherwise a regime change found in step 1 is moved to where a continuous bend fits best (up to
       JUMP_REACH samples away), unless a level jump fits clearly better.
    """
    starts = regime_starts(x, y) if starts is None else starts
    start = starts[-1]
    local = _recent_window(len(x), starts)
    xl, yl = x[local:], y[local:]
    m = len(xl)
    first, last = max(MIN_REGIME_SAMPLES, m - RECENT_BEND_SAMPLES), m - 1 - MIN_RECENT_SAMPLES
    if last >= first:
        bend, sse_line, sse_bent = _best_bend(xl, _clip_outliers(xl, yl), first, last)
        # F-type statistic: the SSE drop in units of the broken line's residual variance.
        noise = sse_bent / max(m - 3, 1)
        hinge = np.maximum(xl - xl[bend], 0.0)
        design = np.column_stack([np.ones(m), xl, hinge])
        # At least MIN_RECENT_SAMPLES readings lie after the bend, so the three columns are independent.
        share = _effective_share(yl - design @ np.linalg.solve(design.T @ design, design.T @ yl))
        if sse_line > 0 and (noise <= 0 or share * (sse_line - sse_bent) / noise > BEND_THRESHOLD):
            return local + bend
    if len(starts) > 1:
        prev = starts[-2]
        xw, yw = x[prev:], y[prev:]
        split, n = start - prev, len(xw)
        first, last = max(MIN_REGIME_SAMPLES, split - JUMP_REACH), min(n - 1 - MIN_REGIME_SAMPLES, split + JUMP_REACH)
        if last >= first:
            bend, _, sse_bent = _best_bend(xw, yw, first, last)
            sse_jump = float(_prefix_sse(xw, yw)[split - 1] + _suffix_sse(xw, yw)[split])
            if sse_jump > 0 and sse_bent > 0 and n * math.log(sse_bent / sse_jump) < JUMP_PENALTY * math.log(n):
                return prev + bend
    return start


def recent_bend_rate(x: np.ndarray, y: np.ndarray, starts: list[int], bend: int) -> tuple[float, float]:
    """Growth after a recent bend at index `bend` (from `current_regime`) and its standard error.

    The broken line over the recent window is anchored on the readings before the bend, so a few samples after
    it already give a usable slope. Least squares, then refitted with residuals clipped to OUTLIER_SIGMAS noise
    levels, so a single odd reading right after the bend cannot tilt the new slope.
    """
    local = _recent_window(len(x), starts)
    x, y = x[local:], y[local:]
    design = np.column_stack([np.ones_like(x), x, np.maximum(x - x[bend - local], 0.0)])
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
    var = (cov[1, 1] + 2 * cov[1, 2] + cov[2, 2]) * float(resid @ resid) / max(len(x) - 3, 1)
    return float(coef[1] + coef[2]), math.sqrt(max(var, 0.0))

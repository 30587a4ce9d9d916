"""Backtest the forecaster against Prometheus-style predict_linear (OLS over the last 1, 7 and 30 days).

Series are generated (steady growth with noise, one or two regime changes, clean-ups, disk upgrades), cut at
many points, and each method's predicted days-to-full is compared with when the series really filled. Our
P10-P90 interval is checked too: about 80 % of real fill days should fall inside it.

The series come from several random seeds, pooled, and each seed's ratio is reported too: a single small draw
can miss or meet a goal by luck (one seed of 12 series per kind moves the two-regime ratio by +-0.05).

Two yardsticks besides the baselines:
- "Full" is the first daily reading at or over capacity (the headline, as an operator sees it). Because the
  disk fills somewhere between two readings, this is on average a third of a day after the real crossing; the
  error against the real crossing (usage before reading noise, interpolated between days) is reported too.
- A reference forecaster that is *told* the true change days and how much daily growth wanders (a Kalman
  filter on level and rate). No forecaster can know these; it shows how far any method can go on these series.
"""

import math
import random
import statistics
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import numpy as np

from customers.domain.forecast import Sample, forecast_fill

T0 = datetime(2025, 1, 1, tzinfo=UTC)
CAP = 1000.0
OFFSETS = (3, 7, 14, 21, 30, 45, 60, 90)
KINDS = ("steady", "regime", "two_regimes", "cleanup", "upgrade")
SEEDS = {"demo": (11, 12, 13), "large": (11, 12, 13, 14, 15)}
SERIES_PER_SEED = {"demo": 20, "large": 40}
NOISE_SD = 3.0  # reading noise
GROWTH_JITTER = 0.3  # each day's growth is the rate times uniform(1 - j, 1 + j)
BASELINES = (("ols_1d", 2), ("ols_7d", 7), ("ols_30d", 30))


class Series(NamedTuple):
    used: list[float]  # daily readings
    caps: list[float]
    event: int | None  # the last change (regime, clean-up or upgrade)
    levels: list[float]  # usage before reading noise
    rates: list[float]  # the growth rate in force each day
    changes: list[int]  # days the growth rate changed
    cleanup: int | None  # the day 30 % of the data was deleted


def _series(kind: str, rng: random.Random, days: int = 1400) -> Series:
    """Daily used and capacity values until well past full."""
    used, caps, levels, rates = [], [], [], []
    level, rate, cap = rng.uniform(100, 300), rng.uniform(1.0, 2.0), CAP
    changes = {"regime": [rng.randint(150, 250)], "two_regimes": sorted(rng.sample(range(100, 250), 2))}.get(kind, [])
    cleanup = rng.randint(150, 250) if kind == "cleanup" else None
    upgrade = rng.randint(150, 250) if kind == "upgrade" else None
    for day in range(days):
        if day in changes:
            rate *= rng.uniform(1.8, 3.0)
        if cleanup is not None and day == cleanup:
            level *= 0.7
        if upgrade is not None and day == upgrade:
            cap = 2 * CAP
        level += rate * rng.uniform(1 - GROWTH_JITTER, 1 + GROWTH_JITTER)
        used.append(level + rng.gauss(0, NOISE_SD))
        caps.append(cap)
        levels.append(level)
        rates.append(rate)
    events = [*changes, *(d for d in (cleanup, upgrade) if d is not None)]
    return Series(used, caps, max(events) if events else None, levels, rates, changes, cleanup)


def _actual_days_to_full(used, caps, cut: int) -> float | None:
    """Days from the cut to the first daily reading at or over capacity."""
    for day in range(cut + 1, len(used)):
        if used[day] >= caps[day]:
            return float(day - cut)
    return None


def _true_crossing(levels, caps, cut: int) -> float | None:
    """Days from the cut to when usage (before reading noise) really crossed capacity, between two days."""
    for day in range(cut + 1, len(levels)):
        if levels[day] >= caps[day]:
            before = levels[day - 1]
            if caps[day - 1] != caps[day] or before >= caps[day]:
                return float(day - cut)
            return day - 1 + (caps[day] - before) / (levels[day] - before) - cut
    return None


def _predict_linear(used, caps, cut: int, window: int) -> float | None:
    start = max(0, cut - window * 1 + 1)
    x = np.arange(start, cut + 1, dtype=float)
    y = np.array(used[start : cut + 1])
    if len(x) < 2:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    now = slope * cut + intercept
    if slope <= 0:
        return None
    return max(0.0, (caps[cut] - now) / slope)


def _ours(used, caps, cut: int):
    samples = [Sample(T0 + timedelta(days=d), max(0, int(used[d])), int(caps[d])) for d in range(0, cut + 1)]
    return forecast_fill(samples, capacity_bytes=int(caps[cut]))


def _told_change_days(series: Series, cut: int) -> float | None:
    """Reference: a Kalman filter on (level, rate) told the true change days and the true daily wander.

    It is told the clean-up day too (the level is then unknown, the rate not); a disk upgrade changes nothing in
    usage, only the capacity it is compared with.
    """
    y = series.used
    level, rate = y[0], 1.5
    p_ll, p_lr, p_rr = NOISE_SD**2, 0.0, 100.0
    jitter_sd = GROWTH_JITTER / math.sqrt(3)  # sd of uniform(1 - j, 1 + j)
    for day in range(1, cut + 1):
        if day in series.changes:
            p_rr += (3 * abs(rate) + 1) ** 2  # the new rate is unknown: start it vague
        if day == series.cleanup:
            p_ll += (0.5 * level) ** 2  # so is the level after a clean-up
        level += rate
        p_ll, p_lr = p_ll + 2 * p_lr + p_rr + (jitter_sd * series.rates[day]) ** 2, p_lr + p_rr
        s = p_ll + NOISE_SD**2
        k_l, k_r = p_ll / s, p_lr / s
        innovation = y[day] - level
        level, rate = level + k_l * innovation, rate + k_r * innovation
        p_ll, p_lr, p_rr = p_ll - k_l * p_ll, p_lr - k_l * p_lr, p_rr - k_r * p_lr
    if rate <= 0:
        return None
    return max(0.0, (series.caps[cut] - level) / rate)


def _covered(forecast, actual: float) -> bool | None:
    """Whether the real fill day fell inside P10..P90 (the real day is counted in whole days: up to +1)."""
    if forecast.days_to_full_p10 is None or forecast.days_to_full_p90 is None:
        return None
    return forecast.days_to_full_p10 <= actual <= forecast.days_to_full_p90 + 1


def _error(predicted, actual) -> float:
    if actual is None:
        return 0.0 if predicted is None else min(predicted, 365)
    return min(abs((predicted if predicted is not None else 365) - actual), 365)


def _cuts(series: Series) -> list[int]:
    """After a change, how fast does each method adapt? (steady: anywhere before full)"""
    used, caps = series.used, series.caps
    full_day = next((d for d in range(len(used)) if used[d] >= caps[d]), len(used))
    cuts = [series.event + k for k in OFFSETS] if series.event is not None else list(range(60, full_day, 30))
    return [c for c in cuts if c < full_day - 3]


class Errors:
    """Absolute errors per method against one kind of truth."""

    def __init__(self) -> None:
        self.by_method: dict[str, list[float]] = {}

    def add(self, method: str, predicted: float | None, actual: float) -> None:
        self.by_method.setdefault(method, []).append(_error(predicted, actual))

    def medians(self) -> dict[str, float]:
        return {name: statistics.median(values) for name, values in self.by_method.items() if values}

    def ratio(self, method: str = "ours") -> tuple[float, str]:
        medians = self.medians()
        best = min((name for name, _ in BASELINES), key=lambda n: medians[n])
        return medians[method] / max(medians[best], 1e-9), best


def _backtest(kind: str, seed: int, count: int) -> tuple[Errors, Errors, list[bool]]:
    rng = random.Random(seed)
    first_reading, crossing, inside = Errors(), Errors(), []
    for _ in range(count):
        series = _series(kind, rng)
        for cut in _cuts(series):
            actual = _actual_days_to_full(series.used, series.caps, cut)
            if actual is None:
                continue  # the series never fills: no ground truth for this cut
            real = _true_crossing(series.levels, series.caps, cut)
            ours = _ours(series.used, series.caps, cut)
            predictions = {
                "ours": ours.days_to_full,
                "told_change_days": _told_change_days(series, cut),
                **{name: _predict_linear(series.used, series.caps, cut, window) for name, window in BASELINES},
            }
            for method, predicted in predictions.items():
                first_reading.add(method, predicted, actual)
                crossing.add(method, predicted, real)
            covered = _covered(ours, actual)
            if covered is not None:
                inside.append(covered)
    return first_reading, crossing, inside


def _pooled(parts: list[Errors]) -> Errors:
    pooled = Errors()
    for part in parts:
        for method, values in part.by_method.items():
            pooled.by_method.setdefault(method, []).extend(values)
    return pooled


def run(*, scale: str = "demo") -> dict:
    seeds, per_seed = SEEDS[scale], SERIES_PER_SEED[scale]
    table = {}
    for kind in KINDS:
        runs = [_backtest(kind, seed, per_seed) for seed in seeds]
        headline, crossing = _pooled([r[0] for r in runs]), _pooled([r[1] for r in runs])
        inside = [covered for r in runs for covered in r[2]]
        medians = headline.medians()
        ratio, best = headline.ratio()
        told_ratio, _ = headline.ratio("told_change_days")
        crossing_ratio, crossing_best = crossing.ratio()
        table[kind] = {
            **{name: round(value, 2) for name, value in medians.items()},
            "best_baseline": best,
            "ratio": round(ratio, 2),
            "ratio_by_seed": {str(seed): round(r[0].ratio()[0], 2) for seed, r in zip(seeds, runs, strict=True)},
            "told_change_days_ratio": round(told_ratio, 2),
            "vs_true_crossing": {
                "ours": round(crossing.medians()["ours"], 2),
                "best_baseline": crossing_best,
                "best": round(crossing.medians()[crossing_best], 2),
                "ratio": round(crossing_ratio, 2),
                "told_change_days_ratio": round(crossing.ratio("told_change_days")[0], 2),
            },
            "cuts": len(headline.by_method["ours"]),
            "p10_p90_coverage": round(sum(inside) / len(inside), 2) if inside else None,
        }
    regime_ratio = max(table[k]["ratio"] for k in ("regime", "two_regimes"))
    steady = table["steady"]
    steady_ok = steady["ours"] <= steady[steady["best_baseline"]] * 1.05 + 0.5
    print(f"{len(seeds)} seeds x {per_seed} series per kind; median absolute error of days to full")
    for kind, row in table.items():
        print(
            f"{kind:<12} ours={row['ours']:>6}  1d={row['ols_1d']:>6}  7d={row['ols_7d']:>6}  "
            f"30d={row['ols_30d']:>6}  best={row['best_baseline']}  ratio={row['ratio']} "
            f"(seeds {'/'.join(str(v) for v in row['ratio_by_seed'].values())}; told the change days "
            f"{row['told_change_days_ratio']}; vs true crossing {row['vs_true_crossing']['ratio']})  "
            f"P10-P90 coverage={row['p10_p90_coverage']} (goal 0.8)"
        )
    return {
        "table": table,
        "seeds": list(seeds),
        "series_per_seed": per_seed,
        "regime_change_ratio": regime_ratio,
        "regime_goal": 0.5,
        "meets_regime_goal": regime_ratio <= 0.5,
        "told_change_days_regime_ratio": max(table[k]["told_change_days_ratio"] for k in ("regime", "two_regimes")),
        "steady_no_worse": steady_ok,
        "median_error_unit": "days",
    }

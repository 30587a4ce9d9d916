"""Backtest the forecaster against Prometheus-style predict_linear (OLS over the last 1, 7 and 30 days).

Series are generated (steady growth with noise, one or two regime changes, clean-ups, disk upgrades), cut at
many points, and each method's predicted days-to-full is compared with when the series really filled. Our
P10-P90 interval is checked too: about 80 % of real fill days should fall inside it.
"""

import random
import statistics
from datetime import UTC, datetime, timedelta

import numpy as np

from customers.domain.forecast import Sample, forecast_fill

T0 = datetime(2025, 1, 1, tzinfo=UTC)
CAP = 1000.0
OFFSETS = (3, 7, 14, 21, 30, 45, 60, 90)


def _series(kind: str, rng: random.Random, days: int = 1400) -> tuple[list[float], list[float], int | None]:
    """Daily used and capacity values until well past full."""
    used, caps, level, rate, cap = [], [], rng.uniform(100, 300), rng.uniform(1.0, 2.0), CAP
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
        level += rate * rng.uniform(0.7, 1.3)
        used.append(level + rng.gauss(0, 3))
        caps.append(cap)
    events = [*changes, *(d for d in (cleanup, upgrade) if d is not None)]
    return used, caps, (max(events) if events else None)


def _actual_days_to_full(used, caps, cut: int) -> float | None:
    for day in range(cut + 1, len(used)):
        if used[day] >= caps[day]:
            return float(day - cut)
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


def _covered(forecast, actual: float) -> bool | None:
    """Whether the real fill day fell inside P10..P90 (the real day is counted in whole days: up to +1)."""
    if forecast.days_to_full_p10 is None or forecast.days_to_full_p90 is None:
        return None
    return forecast.days_to_full_p10 <= actual <= forecast.days_to_full_p90 + 1


def _error(predicted, actual) -> float:
    if actual is None:
        return 0.0 if predicted is None else min(predicted, 365)
    return min(abs((predicted if predicted is not None else 365) - actual), 365)


def run(*, scale: str = "demo") -> dict:
    rng = random.Random(11)
    per_kind = 12 if scale == "demo" else 40
    table = {}
    for kind in ("steady", "regime", "two_regimes", "cleanup", "upgrade"):
        errors: dict[str, list[float]] = {"ours": [], "ols_1d": [], "ols_7d": [], "ols_30d": []}
        inside: list[bool] = []
        for _ in range(per_kind):
            used, caps, event = _series(kind, rng)
            full_day = next((d for d in range(len(used)) if used[d] >= caps[d]), len(used))
            # After a change, how fast does each method adapt? (steady: anywhere before full)
            cuts = [event + k for k in OFFSETS] if event is not None else list(range(60, full_day, 30))
            for cut in (c for c in cuts if c < full_day - 3):
                actual = _actual_days_to_full(used, caps, cut)
                if actual is None:
                    continue  # the series never fills: no ground truth for this cut
                ours = _ours(used, caps, cut)
                errors["ours"].append(_error(ours.days_to_full, actual))
                covered = _covered(ours, actual)
                if covered is not None:
                    inside.append(covered)
                for name, window in (("ols_1d", 2), ("ols_7d", 7), ("ols_30d", 30)):
                    errors[name].append(_error(_predict_linear(used, caps, cut, window), actual))
        medians = {name: round(statistics.median(values), 2) for name, values in errors.items() if values}
        best = min(("ols_1d", "ols_7d", "ols_30d"), key=lambda n: medians[n])
        table[kind] = {
            **medians,
            "best_baseline": best,
            "ratio": round(medians["ours"] / max(medians[best], 1e-9), 2),
            "cuts": len(errors["ours"]),
            "p10_p90_coverage": round(sum(inside) / len(inside), 2) if inside else None,
        }
    regime_ratio = max(table[k]["ratio"] for k in ("regime", "two_regimes"))
    steady_ok = table["steady"]["ours"] <= table["steady"][table["steady"]["best_baseline"]] * 1.05 + 0.5
    for kind, row in table.items():
        print(
            f"{kind:<12} ours={row['ours']:>6}  1d={row['ols_1d']:>6}  7d={row['ols_7d']:>6}  "
            f"30d={row['ols_30d']:>6}  best={row['best_baseline']}  ratio={row['ratio']}  "
            f"P10-P90 coverage={row['p10_p90_coverage']} (goal 0.8)"
        )
    return {
        "table": table,
        "regime_change_ratio": regime_ratio,
        "regime_goal": 0.5,
        "meets_regime_goal": regime_ratio <= 0.5,
        "steady_no_worse": steady_ok,
        "median_error_unit": "days",
    }

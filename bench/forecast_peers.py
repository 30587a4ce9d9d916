"""The tools an operator would pick instead of our forecaster, each giving days to full and a P10-P90 interval.

- `predict_linear` (Prometheus): least squares over the last 1, 7 and 30 days of readings (no interval).
- Prophet 1.5: defaults; changepoint_prior_scale 0.5; and 0.5 with changepoint_range 0.95 (80 % intervals).
- statsforecast 2.1: AutoETS, AutoARIMA, AutoTheta on daily readings, weekly season (80 % intervals).
- ruptures: binary segmentation with a linear cost (BIC-like penalty from the reading noise), then least squares
  on the last segment (its slope's and the residuals' spread give the interval).

Peers see usage as a share of the last capacity; readings denser than daily are resampled to the day's last
reading for the tools that need a regular grid (statsforecast, ruptures). The extra packages live in the `bench`
optional dependencies (`pip install -e ".[bench]"`), imported only here.
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bench.forecast_series import T0, Case

HORIZON_DAYS = 1100  # forecasts are followed this far (a fill later than 3 years counts as "not filling")
Z80 = 1.2816


@dataclass(frozen=True)
class Prediction:
    days: float | None
    p10: float | None
    p90: float | None
    seconds: float


def _crossing(path: np.ndarray, target: float, start: float) -> float | None:
    """First day (interpolated) a daily forecast path (day 1, 2, ...) reaches target, from `start` at day 0."""
    if start >= target:
        return 0.0
    above = np.nonzero(path >= target)[0]
    if not above.size:
        return None
    k = int(above[0])
    before = start if k == 0 else float(path[k - 1])
    return k + (target - before) / max(float(path[k]) - before, 1e-12)


def daily(case: Case) -> np.ndarray:
    """Share of capacity on a regular daily grid ending at the last reading (each day's last reading, gaps
    interpolated)."""
    y = case.used / case.last_capacity
    rel = case.days - case.days[-1]
    bins = np.floor(rel + 1e-9).astype(int)
    last = {}
    for b, v in zip(bins, y, strict=True):
        last[b] = v
    keys = np.array(sorted(last))
    values = np.array([last[k] for k in keys])
    grid = np.arange(keys[0], 1)
    return np.interp(grid, keys, values)


def predict_linear(window: float) -> Callable[[Case], Prediction]:
    def fit(case: Case) -> Prediction:
        started = time.perf_counter()
        y = case.used / case.last_capacity
        inside = case.days >= case.days[-1] - window
        x = case.days[inside]
        if x.size < 2:
            x, y_in = case.days[-2:], y[-2:]
        else:
            y_in = y[inside]
        slope, intercept = np.polyfit(x - x[-1], y_in, 1)
        days = (1 - intercept) / slope if slope > 0 else None
        return Prediction(max(days, 0.0) if days is not None else None, None, None, time.perf_counter() - started)

    return fit


def prophet(**options) -> Callable[[Case], Prediction]:
    from prophet import Prophet

    for name in ("cmdstanpy", "prophet"):
        logging.getLogger(name).disabled = True
    import pandas as pd

    def fit(case: Case) -> Prediction:
        started = time.perf_counter()
        y = case.used / case.last_capacity
        frame = pd.DataFrame({"ds": pd.to_datetime([T0 + pd.Timedelta(days=float(d)) for d in case.days]), "y": y})
        frame["ds"] = frame["ds"].dt.tz_localize(None)
        model = Prophet(interval_width=0.8, **options)
        model.fit(frame)
        last = frame["ds"].iloc[-1]
        future = pd.DataFrame({"ds": [last + pd.Timedelta(days=k) for k in range(1, HORIZON_DAYS + 1)]})
        out = model.predict(future)
        now = float(model.predict(pd.DataFrame({"ds": [last]}))["yhat"].iloc[0])
        days = _crossing(out["yhat"].to_numpy(), 1.0, now)
        p10 = _crossing(out["yhat_upper"].to_numpy(), 1.0, now)
        p90 = _crossing(out["yhat_lower"].to_numpy(), 1.0, now)
        return Prediction(days, p10, p90, time.perf_counter() - started)

    return fit


def statsforecast(name: str) -> Callable[[Case], Prediction]:
    from statsforecast import models

    model_class = getattr(models, name)

    def fit(case: Case) -> Prediction:
        started = time.perf_counter()
        y = daily(case)
        season = 7 if y.size >= 21 else 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = model_class(season_length=season).forecast(y=y, h=HORIZON_DAYS, level=[80])
        now = float(y[-1])
        days = _crossing(out["mean"], 1.0, now)
        p10 = _crossing(out["hi-80"], 1.0, now)
        p90 = _crossing(out["lo-80"], 1.0, now)
        return Prediction(days, p10, p90, time.perf_counter() - started)

    return fit


def ruptures_ols(case: Case) -> Prediction:
    import ruptures as rpt

    started = time.perf_counter()
    y = daily(case)
    n = y.size
    t = np.arange(n, dtype=float)
    steps = np.diff(y)
    noise = 1.4826 * float(np.median(np.abs(steps - np.median(steps)))) / math.sqrt(2)
    start = 0
    if n >= 30:
        signal = np.column_stack([y, t, np.ones(n)])
        algo = rpt.Binseg(model="linear", min_size=7, jump=1).fit(signal)
        bkps = algo.predict(pen=max(3 * 2 * math.log(n) * noise * noise, 1e-12))
        start = bkps[-2] if len(bkps) > 1 else 0
    x, yy = t[start:] - t[-1], y[start:]
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, yy, rcond=None)
    resid = yy - design @ coef
    dof = max(x.size - 2, 1)
    sigma2 = float(resid @ resid) / dof
    cov = sigma2 * np.linalg.pinv(design.T @ design)
    level, slope = float(coef[0]), float(coef[1])
    se = math.sqrt(max(float(cov[1, 1]), 0.0))
    elapsed = time.perf_counter() - started

    def days_at(lvl: float, rate: float) -> float | None:
        if lvl >= 1:
            return 0.0
        return (1 - lvl) / rate if rate > 0 else None

    sd = math.sqrt(sigma2)
    return Prediction(
        days_at(level, slope),
        days_at(level + Z80 * sd, slope + Z80 * se),
        days_at(level - Z80 * sd, slope - Z80 * se),
        elapsed,
    )


PEER_NAMES = (
    "predict_linear_1d",
    "predict_linear_7d",
    "predict_linear_30d",
    "prophet",
    "prophet_cps0.5",
    "prophet_cps0.5_range0.95",
    "ets",
    "arima",
    "theta",
    "ruptures_ols",
)


def peers() -> dict[str, Callable[[Case], Prediction]]:
    return {
        "predict_linear_1d": predict_linear(1.0),
        "predict_linear_7d": predict_linear(7.0),
        "predict_linear_30d": predict_linear(30.0),
        "prophet": prophet(),
        "prophet_cps0.5": prophet(changepoint_prior_scale=0.5),
        "prophet_cps0.5_range0.95": prophet(changepoint_prior_scale=0.5, changepoint_range=0.95),
        "ets": statsforecast("AutoETS"),
        "arima": statsforecast("AutoARIMA"),
        "theta": statsforecast("AutoTheta"),
        "ruptures_ols": ruptures_ols,
    }

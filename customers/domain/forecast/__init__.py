"""When a deployment's storage fills up: change points, a filtered growth rate, and an honest interval.

The usual alerting rule (`predict_linear` = least squares over a fixed window) is fooled by regime changes
(growth x4 after image uploads) and by clean-ups. This forecaster removes clean-ups as level shifts, finds
where the current growth regime started, and estimates that regime's rate and level under a wandering level.

- `samples`: readings, clean-ups read as level shifts, reading noise.
- `regimes`: where the current growth regime starts (change points, recent bends).
- `trend`: the rate and level (a broken line under a random-walk level, or a Kalman filter) and wander.
- `backtest`: growth over months, accelerating growth, recent speed-ups and usual swings, with a P10-P90 interval
  from the history's own past errors.
- `fill`: `forecast_fill`, days to 80 / 90 / 100 % and the P10-P90 interval.
"""

from .fill import METHOD, Forecast, forecast_fill, regime_line
from .regimes import current_regime, regime_starts
from .samples import Sample, clean_samples, remove_cleanups
from .trend import TrendFit, _wander_and_noise, kalman_trend, random_walk_trend, recent_trend

__all__ = [
    "METHOD",
    "Forecast",
    "Sample",
    "TrendFit",
    "_wander_and_noise",
    "clean_samples",
    "current_regime",
    "forecast_fill",
    "kalman_trend",
    "random_walk_trend",
    "recent_trend",
    "regime_line",
    "regime_starts",
    "remove_cleanups",
]

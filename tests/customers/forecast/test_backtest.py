"""Growth over months, acceleration, recent speed-ups and intervals from a history's own past errors."""

import random
from datetime import UTC, datetime, timedelta

import numpy as np

from bench.forecast_series import real_history
from customers.domain.forecast import Sample, forecast_fill
from customers.domain.forecast.backtest import (
    LongFit,
    accelerating,
    days_to,
    interval,
    long_fit,
    recent_speedup,
    usual_swing,
)


def _growth(days, rate, seed=1, noise=1.0, accel=0.0, recent=None):
    """Daily readings (x ends at 0) of growth `rate` (+ `accel` a day) that wanders a little; `recent` = (days,
    factor): the last days grow `factor` times faster."""
    rng = random.Random(seed)
    level, values = 100.0, []
    for d in range(days):
        r = rate + accel * d
        if recent and d >= days - recent[0]:
            r *= recent[1]
        level += r * rng.uniform(0.8, 1.2)
        values.append(level + rng.gauss(0, noise))
    return np.arange(days, dtype=float) - (days - 1), np.array(values)


def test_steady_growth_is_measured_over_the_whole_year():
    x, y = _growth(300, 4.0)
    fit = long_fit(x, y, 60)
    assert abs(fit.rate - 4.0) < 0.1
    assert fit.accel == 0
    assert fit.window_days == 300
    assert fit.errors.size > 100
    assert fit.horizon == 60
    assert not accelerating(x, y)
    assert not recent_speedup(x, y)


def test_growth_that_speeds_up_along_a_line_is_acceleration_and_a_jump_is_not():
    x, y = _growth(250, 1.0, accel=3.0 / 250)
    fit = long_fit(x, y, 60)
    assert fit.accel > 0
    assert abs(fit.rate - 4.0) < 0.4
    assert accelerating(x, y)
    x, y = _growth(250, 1.0, recent=(40, 4.0))
    assert not accelerating(x, y)


def test_the_current_level_follows_the_last_days_as_closely_as_their_noise_allows():
    # Five busy days at the end (four times the usual growth, 60 bytes more than usual): a week's mean moved on by
    # half a week at the usual growth lags about 30 bytes behind; the filter, on quiet readings, a few.
    for seed in range(1, 6):
        x, y = _growth(300, 4.0, seed=seed, noise=0.2, recent=(5, 4.0))
        fit = long_fit(x, y, 60)
        assert abs(fit.rate - 4.0) < 0.2
        assert abs(fit.level - y[-1]) < 10
    # Noisy readings are averaged over more days: the level is no further off than a week's mean would be.
    x, y = _growth(300, 4.0, noise=8.0)
    fit = long_fit(x, y, 60)
    true_end = _growth(300, 4.0, noise=0.0)[1][-1]
    assert abs(fit.level - true_end) < 8.0 / 7**0.5 * 3


def test_growth_over_months_runs_between_filtered_levels_at_both_ends():
    # Readings as noisy as 7.5 days of growth: a week's mean at either end keeps noise / sqrt(7) of it (about
    # 0.07 bytes a day over 200 days in the median); levels filtered over weeks keep less.
    errors = []
    for seed in range(1, 41):
        x, y = _growth(200, 4.0, seed=seed, noise=30.0)
        truth = _growth(200, 4.0, seed=seed, noise=0.0)[1]
        errors.append(abs(long_fit(x, y, 60).rate - (truth[-1] - truth[0]) / 199))
    assert float(np.median(errors)) < 0.06


def test_a_young_speed_up_is_measured_over_the_last_four_weeks():
    x, y = _growth(200, 3.0, recent=(25, 2.0))
    assert recent_speedup(x, y)
    fit = long_fit(x, y, 30, window=28)
    assert fit.window_days == 28 + 7
    assert abs(fit.rate / 6.0 - 1) < 0.15


def test_the_interval_holds_the_forecast_and_widens_further_ahead():
    x, y = _growth(200, 4.0, noise=3.0)
    fit = long_fit(x, y, 40)
    near = interval(fit, 20.0)
    far = interval(fit, 200.0)
    assert near[0] < 20.0 < near[1]
    assert far[0] < 200.0 < far[1]
    assert far[1] - far[0] > near[1] - near[0]


def test_days_to_a_level_with_and_without_acceleration():
    assert days_to(100.0, 200.0, 10.0) == 10.0
    assert days_to(300.0, 200.0, 10.0) == 0.0
    assert days_to(100.0, 200.0, 0.0) is None
    accelerated = days_to(100.0, 200.0, 10.0, 1.0)
    assert accelerated < 10.0
    assert abs(100 + 10 * accelerated + 0.5 * accelerated**2 - 200) < 1e-9


def test_a_burst_is_a_usual_swing_of_bursty_growth_but_a_change_of_steady_growth_stands():
    # Bursty: quiet for two months, then a month of 6 a day, again and again (2 a day on average): a new regime
    # of 4.5 a day is one more burst.
    rng = random.Random(9)
    level, values = 100.0, []
    for d in range(700):
        level += (6.0 if (d // 30) % 3 == 0 else 0.0) * rng.uniform(0.7, 1.3)
        values.append(level + rng.gauss(0, 1))
    x = np.arange(700, dtype=float) - 699
    y = np.array(values)
    assert usual_swing(x, y, 4.5, 60)
    # Steady growth of 1 a day for 300 days, then 3 a day for the last 40: the change is not a usual swing.
    x, y = _growth(340, 1.0, recent=(40, 3.0))
    assert not usual_swing(x, y, 3.0, 60)


def test_beyond_the_checked_distance_the_interval_widens_at_least_as_a_random_walk():
    # A short history whose few past errors happen to be smaller far ahead than near: the interval does not stay
    # as narrow at four times the distance it could check.
    fit = LongFit(
        rate=1.0,
        accel=0.0,
        level=0.0,
        window_days=84,
        errors=np.full(25, 5.0),
        errors_short=np.full(25, 6.0),
        horizon=28,
    )
    low, high = interval(fit, 112.0)
    assert high - 112.0 >= 5.0 * 2 - 1e-9
    assert 112.0 - low >= 5.0 * 2 - 1e-9
    low, high = interval(fit, 28.0)
    assert abs((high - low) / 2 - 5.0) < 1e-9


def test_bursts_that_last_weeks_are_not_acceleration():
    """A real history that grows in bursts of weeks: its weekly increments rose over its third year, but busy weeks
    follow busy weeks, so they are fewer independent readings than weeks and the rise is within chance."""
    days, used = real_history()  # the RustSec advisory database's size by day (tests/fixtures/third_party/, CC0)
    x, y = days[:991] - 990.0, used[:991]
    first = datetime(2020, 1, 1, tzinfo=UTC)
    readings = [Sample(first + timedelta(days=float(d - x[0])), int(v)) for d, v in zip(x, y, strict=True)]
    assert forecast_fill(readings, capacity_bytes=int(2 * y[-1])).method != "accelerating/backtest"
    x, y = _growth(52 * 7, 1.0, accel=3.0 / 364)
    assert accelerating(x, y)

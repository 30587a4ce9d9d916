"""The rate and level fits on arrays: the broken line under a wandering level, the Kalman filter, and how
wander is told apart from reading noise (no database)."""

import random

import numpy as np
import pytest

from customers.domain.forecast import _wander_and_noise, kalman_trend, random_walk_trend, recent_trend


def test_random_walk_trend_finds_the_bend_and_the_new_rate():
    rng = random.Random(2)
    x = np.arange(60.0)
    y = np.where(x < 40, 2 * x, 80 + 6 * (x - 40)) + np.array([rng.gauss(0, 1) for _ in x])
    fit = random_walk_trend(x, y, 0.3)
    assert fit is not None
    assert abs(fit.bend - 40) <= 2
    assert abs(fit.rate - 6) < 0.5
    assert fit.rate_se > 0
    assert fit.bend_gain > 10
    assert abs(fit.level - y[-1]) < 5
    assert random_walk_trend(x[:6], y[:6], 0.3) is None


def test_random_walk_trend_averages_near_tied_bends():
    # A bend between two samples: the neighbouring positions tie, and the rate is their average, with a
    # standard error that includes their spread.
    x = np.arange(60.0)
    y = np.where(x < 40.5, 2 * x, 81 + 6 * (x - 40.5))
    fit = random_walk_trend(x, y, 0.05)
    assert fit is not None
    assert fit.bend in (40, 41)
    assert abs(fit.rate - 6) < 0.3
    assert fit.rate_se > 0


def test_recent_trend_window_reaches_back_past_a_late_bend():
    # Growth speeds up at day 172; the fit starts at an earlier regime start (166), so the bend is still in it.
    rng = random.Random(3)
    level, values = 100.0, []
    for day in range(200):
        level += (2.0 if day < 172 else 9.0) * rng.uniform(0.7, 1.3)
        values.append(level + rng.gauss(0, 3))
    x = np.arange(200.0)
    fit = recent_trend(x, np.array(values), 166)
    assert fit is not None
    assert abs(fit.bend - 171) <= 2
    assert abs(fit.rate - 9) < 1.0
    assert abs(fit.level - level) < 6


def test_the_kalman_trend_reads_an_exact_line():
    x = np.arange(50, dtype=float)
    level, rate, rate_var = kalman_trend(x, 1e11 + 3e8 * x, wander_var=0.0, noise_var=0.0)
    assert rate == pytest.approx(3e8, rel=1e-6)
    assert level == pytest.approx(1e11 + 3e8 * 49, rel=1e-9)
    assert rate_var >= 0


def test_wander_and_reading_noise_are_told_apart():
    rng = np.random.default_rng(3)
    days = np.arange(365, dtype=float)
    level = 100 + np.cumsum(10 + rng.normal(0, 2.0, days.size))  # wander: variance 4 a day
    readings = level + rng.normal(0, 3.0, days.size)  # noise: variance 9
    wander, noise = _wander_and_noise(days[-120:], readings[-120:])
    assert 1.5 < wander < 10
    assert 4 < noise < 16


def test_over_steady_wandering_growth_the_filter_beats_a_line_through_every_reading():
    """Usage that grows by a random amount each day: where it started and where it is now tell the rate."""
    rng = random.Random(17)
    errors = {"filter": [], "line": []}
    for _ in range(40):
        level, values = 100.0, []
        for _ in range(300):
            level += 5 * rng.uniform(0.2, 1.8)
            values.append(level + rng.gauss(0, 1))
        x, y = np.arange(300, dtype=float), np.array(values)
        wander, noise = _wander_and_noise(x[-120:], y[-120:])
        errors["filter"].append(abs(kalman_trend(x, y, wander, noise)[1] - 5))
        errors["line"].append(abs(np.polyfit(x, y, 1)[0] - 5))
    assert np.median(errors["filter"]) < 0.9 * np.median(errors["line"])

"""The forecast accuracy benchmark's yardsticks (no database)."""

import random

import pytest

from bench import forecast_accuracy as fa


def test_the_true_crossing_lies_between_two_days():
    levels, caps = [0.0, 10.0, 20.0, 30.0], [15.0] * 4
    assert fa._true_crossing(levels, caps, 0) == pytest.approx(1.5)
    assert fa._actual_days_to_full(levels, caps, 0) == 2.0


def test_the_reference_told_the_change_days_follows_the_new_rate():
    series = fa._series("two_regimes", random.Random(4))
    cut = series.event + 21
    told = fa._told_change_days(series, cut)
    truth = fa._true_crossing(series.levels, series.caps, cut)
    assert told == pytest.approx(truth, abs=3)


def test_the_series_keep_their_truth():
    series = fa._series("cleanup", random.Random(2))
    assert series.cleanup is not None
    assert series.changes == []
    assert series.levels[series.cleanup] < series.levels[series.cleanup - 1]
    assert len(series.used) == len(series.levels) == len(series.rates) == len(series.caps)

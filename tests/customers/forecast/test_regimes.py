"""Where the current growth regime starts (no database)."""

import numpy as np

from customers.domain.forecast import current_regime, regime_starts


def test_one_steady_line_is_one_regime():
    x = np.arange(80.0)
    y = 100 + 3 * x + np.random.default_rng(1).normal(0, 1, x.size)
    assert regime_starts(x, y) == [0]
    assert current_regime(x, y) == 0


def test_the_latest_of_two_speed_ups_starts_the_current_regime():
    x = np.arange(150.0)
    y = np.where(x < 60, x, np.where(x < 110, 60 + 3 * (x - 60), 210 + 9 * (x - 110)))
    y = y + np.random.default_rng(2).normal(0, 1, x.size)
    starts = regime_starts(x, y)
    assert len(starts) == 3
    assert abs(starts[-1] - 110) <= 2
    assert abs(current_regime(x, y, starts) - 110) <= 2


def test_a_bend_with_four_readings_after_it_is_found_inside_a_regime():
    # Too recent for two separate lines (each needs 7 readings), but a continuous broken line fits clearly better.
    x = np.arange(120.0)
    y = np.where(x < 116, 2 * x, 232 + 6 * (x - 116)) + np.random.default_rng(3).normal(0, 2, x.size)
    assert regime_starts(x, y) == [0]
    assert current_regime(x, y) == 116

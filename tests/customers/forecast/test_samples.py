"""Readings before any fit: sorting, de-duplicating, clean-ups read as level shifts (no database)."""

from datetime import timedelta

import numpy as np

from customers.domain.forecast import Sample, clean_samples, remove_cleanups
from customers.domain.forecast.samples import cleanup_steps

from .series import T0, series


def test_samples_are_sorted_and_the_last_reading_of_a_timestamp_wins():
    samples = series([10, 20, 30])
    late = Sample(T0 + timedelta(days=1), 25)
    assert clean_samples([samples[2], samples[1], samples[0], late]) == [samples[0], late, samples[2]]


def test_a_clean_up_becomes_the_growth_of_the_readings_before_it():
    x = np.arange(12.0)
    used = np.array([100 + 5 * d for d in range(8)] + [60 + 5 * d for d in range(8, 12)], dtype=float)
    adjusted = remove_cleanups(x, used, 1000)
    assert np.allclose(np.diff(adjusted), 5.0)
    assert adjusted[0] == used[0]


def test_a_drop_within_the_clean_up_share_is_kept():
    x = np.arange(6.0)
    used = np.array([100, 105, 110, 105, 110, 115], dtype=float)
    assert np.array_equal(remove_cleanups(x, used, 1000), used)


def test_temporary_files_held_for_two_readings_then_deleted_are_not_a_clean_up():
    x = np.arange(20.0)
    used = 400 + 2 * x
    used[8:10] += 30  # two days of temporary files (3 % of capacity), gone on the third
    assert cleanup_steps(used, 1000).size == 0
    assert np.array_equal(remove_cleanups(x, used, 1000), used)


def test_a_clean_up_after_steady_growth_is_still_found_beside_the_readings_before_it():
    x = np.arange(20.0)
    used = 400 + 2 * x
    used[12:] -= 40  # 10 % of the data deleted: a drop of 4 % of capacity
    assert list(cleanup_steps(used, 1000)) == [12]

"""Readings before any fit: sorting, de-duplicating, clean-ups read as level shifts (no database)."""

from datetime import timedelta

import numpy as np

from customers.domain.forecast import Sample, clean_samples, remove_cleanups
from customers.domain.forecast.samples import cleanup_steps, remove_spikes

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


def _noisy_flat(n=40, seed=5):
    rng = np.random.default_rng(seed)
    return np.arange(float(n)), 500 + rng.normal(0, 1.0, n)


def test_a_lone_high_reading_is_taken_out_and_its_neighbours_stay():
    x, used = _noisy_flat()
    used[20] += 40  # temporary files, gone by the next reading
    out = remove_spikes(x, used)
    assert abs(out[20] - 500) < 5
    assert np.array_equal(np.delete(out, 20), np.delete(used, 20))


def test_a_normal_reading_between_two_temporary_spikes_is_not_taken_for_a_low_one():
    x, used = _noisy_flat()
    used[-3] += 40  # temporary files two days ago, gone the next day ...
    used[-1] += 45  # ... and again on the last reading (which the fits judge themselves)
    out = remove_spikes(x, used)
    assert out[-2] == used[-2]  # the reading between them is kept as it was
    assert abs(out[-3] - 500) < 5
    assert out[-1] == used[-1]


def test_a_lone_low_reading_is_taken_out_once_no_high_one_explains_it():
    x, used = _noisy_flat()
    used[15] -= 40  # a bad read
    out = remove_spikes(x, used)
    assert abs(out[15] - 500) < 5

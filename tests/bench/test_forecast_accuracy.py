"""The forecast benchmark's generator, truth and metrics (no database, no peer packages)."""

import json
import math

import numpy as np
import pytest

from bench import forecast_accuracy as fa
from bench import forecast_series as fs


@pytest.mark.parametrize("family", fs.FILLING)
def test_every_filling_history_fills_7_to_200_days_after_its_last_reading(family):
    for case in fs.generated(family, 5, 6):
        assert 7 <= case.truth <= 200
        assert case.days.size == case.used.size == case.capacity.size
        assert np.all(np.diff(case.days) > 0)
        assert np.all(case.used <= case.capacity)
        assert case.last_capacity == fs.CAPACITY


def test_reading_noise_is_a_tenth_to_half_a_percent_of_capacity():
    for case in fs.generated("regime", 7, 10):
        steps = np.diff(case.used) / case.last_capacity
        noise = 1.4826 * np.median(np.abs(steps - np.median(steps))) / math.sqrt(2)
        assert 0.0005 < noise < 0.008


def test_histories_are_the_same_for_the_same_seed_and_differ_between_seeds():
    a, b = fs.generated("cleanup", 3, 2), fs.generated("cleanup", 3, 2)
    assert np.array_equal(a[1].used, b[1].used)
    assert not np.array_equal(a[1].used, fs.generated("cleanup", 4, 2)[1].used)


def test_a_disk_upgrade_doubles_the_capacity_after_usage_was_held_near_the_old_one():
    case = fs.generated("upgrade", 2, 1)[0]
    upgrade = int(np.argmax(case.capacity > case.capacity[0]))
    assert case.capacity[upgrade] == 2 * case.capacity[0]
    assert case.used[upgrade - 1] > 0.9 * case.capacity[0]


def test_hourly_histories_are_hourly_for_the_last_30_days_with_gaps():
    case = fs.generated("hourly", 1, 1)[0]
    recent = case.days[case.days > case.days[-1] - 30]
    gaps = np.diff(recent)
    assert np.median(gaps) == pytest.approx(1 / 24)
    assert gaps.max() >= 1.0


def test_non_filling_histories_have_no_truth():
    assert all(case.truth is None for case in fs.generated("not_filling", 1, 5))


def test_the_real_history_is_read_by_the_day_and_cut_with_a_truth_it_reached():
    days, used = fs.real_history()
    assert np.array_equal(days, np.arange(days.size))
    cases = fs.real_cases(1)
    assert len(cases) > 20
    for case in cases:
        cut = case.days.size - 1
        assert used[cut + int(case.truth)] >= case.last_capacity > case.used.max()


def test_metrics_count_a_missing_date_as_a_miss_and_coverage_only_where_there_is_an_interval():
    rows = [[10.0, 8.0, 12.0, 0.001], [None, None, None, 0.002], [30.0, None, None, 0.003]]
    m = fa.metrics(rows, [11.0, 20.0, 20.0])
    assert m["median_relative_error"] == pytest.approx(0.5)
    assert m["within_20"] == pytest.approx(1 / 3, abs=1e-3)
    assert m["p10_p90_coverage"] == 1.0
    assert m["no_date"] == 1
    assert m["fit_ms"] == 2.0


def test_a_fill_date_within_three_years_of_a_history_that_does_not_fill_is_a_false_fill():
    rows = [[100.0, None, None, 0.0], [2000.0, None, None, 0.0], [None, None, None, 0.0]]
    assert fa.metrics(rows, [None, None, None])["false_fills"] == 1


def test_the_ratio_is_ours_over_the_best_peer():
    table = {
        "ours": {"median_relative_error": 0.1},
        "ets": {"median_relative_error": 0.2},
        "prophet": {"median_relative_error": 0.4},
    }
    assert fa._ratio(table) == (0.5, "ets")


def test_peer_results_are_read_from_one_cache_file_per_history_keyed_by_its_readings(tmp_path, monkeypatch):
    monkeypatch.setattr(fa, "CACHE", tmp_path)
    monkeypatch.setenv("PLEDGEBOARD_BENCH_CACHED_ONLY", "1")
    names = fa.peer_names()
    batch = fa.cases("weekly", 3)
    for k, case in enumerate(batch):
        path = fa._cache_path("weekly", 3, k, case)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({name: [float(k), None, None, 0.5] for name in names}))
    assert path.name.startswith(f"weekly-s3-i{len(batch) - 1:03d}-g{fs.GENERATOR_VERSION}-p{fa.PEERS_VERSION}-")
    got = fa.peer_results([3, 4], groups=("weekly",))
    assert list(got) == [("weekly", 3)]  # seed 4 is not cached: left out, not computed
    assert got[("weekly", 3)]["ets"][5] == [5.0, None, None, 0.5]
    # Other readings under the same family, seed and index are another history: not found.
    other = fa.cases("weekly", 4)[0]
    assert fa._cache_path("weekly", 3, 0, other) != fa._cache_path("weekly", 3, 0, batch[0])

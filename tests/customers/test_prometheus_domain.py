"""Readings from query_range answers: grouping by deployment, gaps, counter resets, the step grid."""

from datetime import UTC, datetime

import pytest

from customers.domain.prometheus import (
    PrometheusDataError,
    Reading,
    counter_resets_removed,
    readings,
    series_by_key,
    step_seconds,
    used_from_size_and_avail,
    window,
)

DAY = 86400


def test_steps_are_hourly_to_daily():
    assert step_seconds("1d") == DAY
    assert step_seconds("6h") == 6 * 3600
    for bad in ("5m", "2d", "daily", ""):
        with pytest.raises(PrometheusDataError):
            step_seconds(bad)


def test_the_window_sits_on_the_step_grid():
    start, end = window(now=10 * DAY + 5000, days=3, step=DAY)
    assert (start, end) == (7 * DAY, 10 * DAY)


def test_series_of_one_deployment_add_up_and_labels_are_mapped():
    result = [
        {"metric": {"deployment": "a", "mountpoint": "/data"}, "values": [[0, "10"], [DAY, "20"]]},
        {"metric": {"deployment": "a", "mountpoint": "/logs"}, "values": [[0, "1"], [DAY, "2"]]},
        {"metric": {"deployment": "host-7"}, "values": [[0, "5"], [DAY, "NaN"]]},
        {"metric": {"instance": "unlabelled"}, "values": [[0, "9"]]},
    ]
    assert series_by_key(result, label="deployment", mapping={"host-7": "b"}) == {
        "a": {0: 11.0, DAY: 22.0},
        "b": {0: 5.0},
    }


def test_a_gap_in_either_series_is_a_gap():
    size = {0: 100.0, DAY: 100.0, 2 * DAY: 100.0}
    avail = {0: 60.0, 2 * DAY: 50.0, 3 * DAY: 40.0}
    assert used_from_size_and_avail(size, avail) == {0: 40.0, 2 * DAY: 50.0}


def test_a_counter_reset_continues_from_the_last_value():
    assert counter_resets_removed({0: 10.0, 1: 15.0, 2: 3.0, 3: 5.0, 4: 1.0}) == {
        0: 10.0,
        1: 15.0,
        2: 18.0,
        3: 20.0,
        4: 21.0,
    }


def test_readings_keep_the_disk_size_where_known():
    assert readings({0: 5.0, DAY: 6.0}, step=DAY, sizes={DAY: 100.0}) == [
        Reading(datetime.fromtimestamp(0, tz=UTC), 5),
        Reading(datetime.fromtimestamp(DAY, tz=UTC), 6, 100),
    ]


def test_readings_are_whole_bytes_on_the_grid():
    assert readings({DAY: 1.6, DAY + 60: 9.0, 2 * DAY: 2.0}, step=DAY) == [
        Reading(datetime.fromtimestamp(DAY, tz=UTC), 2),
        Reading(datetime.fromtimestamp(2 * DAY, tz=UTC), 2),
    ]

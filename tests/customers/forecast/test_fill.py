"""The forecaster on plain data: every edge case of `forecast_fill`, plus properties (no database)."""

import random
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.forecast_series import T0 as BENCH_T0
from bench.forecast_series import generated
from customers.domain.forecast import Sample, forecast_fill
from customers.domain.forecast.fill import _clear_change, _rate_changed

from .series import CAP, T0, series, wandering


def test_it_forecasts_steady_growth():
    f = forecast_fill(series([100 + 5 * i for i in range(60)]), capacity_bytes=CAP)
    assert f.status == "filling"
    assert abs(f.growth_bytes_per_day - 5) < 0.01
    assert abs(f.days_to_full - (1000 - 395) / 5) < 1
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90
    assert f.days_to_80 < f.days_to_90 < f.days_to_full


def test_it_follows_the_current_regime_after_growth_speeds_up():
    values = [100 + 1 * i for i in range(200)] + [300 + 4 * i for i in range(60)]
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 4) < 0.2
    assert f.regime_started_at == T0 + timedelta(days=200)


def test_it_reads_a_clean_up_as_a_level_shift_not_a_slowdown():
    values = [400 + 5 * i for i in range(100)] + [500 + 5 * i for i in range(10)]
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 5) < 0.3
    assert abs(f.used_bytes - 545) < 5


def test_it_uses_the_new_capacity_after_a_disk_upgrade():
    samples = series([100 + 5 * i for i in range(30)], capacity=CAP) + [
        Sample(T0 + timedelta(days=30 + i), 250 + 5 * i, 2 * CAP) for i in range(10)
    ]
    f = forecast_fill(samples, capacity_bytes=CAP)
    assert f.capacity_bytes == 2 * CAP
    assert f.days_to_full > 300


def test_it_says_not_filling_when_usage_is_flat_or_shrinking():
    for values in ([500] * 40, [600 - i for i in range(40)]):
        f = forecast_fill(series(values), capacity_bytes=CAP)
        assert f.status == "not_filling"
        assert f.days_to_full is None
        assert f.full_at is None


def test_it_needs_enough_samples():
    assert forecast_fill(series([1, 2, 3]), capacity_bytes=CAP).status == "insufficient_data"
    assert forecast_fill([], capacity_bytes=CAP).status == "insufficient_data"
    same_day = series([1, 2, 3, 4, 5, 6], step_days=0.01)
    assert forecast_fill(same_day, capacity_bytes=CAP).status == "insufficient_data"


def test_it_sorts_and_deduplicates_samples_and_bridges_gaps():
    samples = series([100 + 5 * i for i in range(60)])
    shuffled = samples[::-1] + samples[:10]
    gappy = samples[:20] + samples[45:]
    assert forecast_fill(shuffled, capacity_bytes=CAP) == forecast_fill(samples, capacity_bytes=CAP)
    assert abs(forecast_fill(gappy, capacity_bytes=CAP).growth_bytes_per_day - 5) < 0.01


def test_it_reports_a_full_disk():
    f = forecast_fill(series([900 + 10 * i for i in range(9)] + [1000] * 3), capacity_bytes=CAP)
    assert f.status == "full"
    assert f.days_to_full == 0.0


def test_it_is_robust_to_outliers():
    rng = random.Random(1)
    values = [100 + 5 * i + rng.gauss(0, 3) for i in range(90)]
    values[40] = 990
    values[70] = 10
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 5) < 0.3


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0.5, 20),
    start=st.floats(0, 500),
    n=st.integers(10, 120),
    noise=st.floats(0, 5),
    seed=st.integers(0, 1000),
)
def test_it_keeps_its_invariants(rate, start, n, noise, seed):
    rng = random.Random(seed)
    values = [max(0, start + rate * i + rng.gauss(0, noise)) for i in range(n)]
    f = forecast_fill(series(values), capacity_bytes=10_000)
    assert f.status in {"filling", "not_filling", "full", "insufficient_data"}
    assert f.free_ratio is None or 0.0 <= f.free_ratio <= 1.0
    if f.days_to_full is not None:
        assert f.days_to_full >= 0
        assert f.days_to_full_p10 <= f.days_to_full + 1e-6
        assert f.days_to_80 <= f.days_to_90 <= f.days_to_full


@settings(max_examples=40, deadline=None)
@given(rate=st.floats(1, 10), extra=st.floats(0.5, 10))
def test_it_never_forecasts_a_later_fill_for_faster_growth(rate, extra):
    slow = forecast_fill(series([100 + rate * i for i in range(60)]), capacity_bytes=CAP * 5)
    fast = forecast_fill(series([100 + (rate + extra) * i for i in range(60)]), capacity_bytes=CAP * 5)
    assert fast.days_to_full <= slow.days_to_full


def test_it_follows_a_speed_up_a_few_days_after_it_started():
    rng = random.Random(5)
    values = [100 + 2 * i + rng.gauss(0, 1) for i in range(200)] + [500 + 8 * i + rng.gauss(0, 1) for i in range(1, 6)]
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 8) < 1.5
    assert f.regime_started_at >= T0 + timedelta(days=196)
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90


def test_a_single_odd_last_reading_is_not_a_change_in_growth():
    rng = random.Random(7)
    values = [100 + 5 * i + rng.gauss(0, 3) for i in range(90)]
    values[-1] += 60
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 5) < 1


def test_wandering_steady_growth_keeps_one_regime():
    values, _, _ = wandering(9, 300, 100.0, 1.5)
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 1.5) < 0.1


def test_it_weights_recent_growth_after_two_speed_ups():
    values, level, rate = wandering(11, 240, 200.0, 1.5, speed_ups=(200, 220), factor=2.5)
    f = forecast_fill(series(values), capacity_bytes=2 * CAP)
    assert abs(f.growth_bytes_per_day - rate) < 0.15 * rate
    assert abs(f.used_bytes - level) < 6
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90


def test_it_measures_a_young_regime_from_its_true_start_after_two_speed_ups():
    # Eighteen days after the second of two speed-ups, a wander of the level inside the new regime must not
    # be taken for its start (the old rule measured this series' growth 22 % too high).
    values, _, rate = wandering(110, 190, 150.0, 1.5, speed_ups=(160, 172), factor=2.3)
    f = forecast_fill(series(values), capacity_bytes=2 * CAP)
    assert abs(f.growth_bytes_per_day / rate - 1) < 0.08
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90


def test_the_interval_makes_room_for_growth_that_wanders_from_day_to_day():
    rng = random.Random(5)
    start = datetime(2026, 1, 1, tzinfo=UTC)

    def series(wander: float) -> list[Sample]:
        level, out = 100.0, []
        for d in range(120):
            level += 2.0 * (1 + wander * rng.uniform(-1, 1))  # 2 bytes a day on average
            out.append(Sample(start + timedelta(days=d), int(level + rng.gauss(0, 1)), 1000))
        return out

    calm = forecast_fill(series(0.0), capacity_bytes=1000)
    samples = series(0.9)
    wandering = forecast_fill(samples, capacity_bytes=1000)
    assert calm.days_to_full_p10 <= calm.days_to_full <= calm.days_to_full_p90
    # The interval comes from the series' own past forecasts (how far they erred over weeks ahead): a calm series
    # gets a narrow one, a few percent of the 330 days ahead.
    assert calm.days_to_full_p90 - calm.days_to_full_p10 < 0.04 * calm.days_to_full
    # A random walk this wild looks like a recent speed change; whatever the point forecast, the interval
    # must still hold the expected fill time at the true average rate.
    expected = (1000 - samples[-1].used_bytes) / 2.0
    assert wandering.days_to_full_p10 <= expected <= wandering.days_to_full_p90


def test_a_bend_too_young_for_the_filter_keeps_the_broken_line_slope():
    # Four readings after a speed-up, which the wandering-level fit does not confirm: too few readings to
    # filter, so the rate is the broken line's and the level the recent readings'.
    values, level, rate = wandering(10, 150, 100.0, 2.0, speed_ups=(146,), factor=2.0)
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert f.regime_started_at == T0 + timedelta(days=146)
    assert 2.0 < f.growth_bytes_per_day < 2 * rate
    assert abs(f.used_bytes - level) < 10
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90


def test_readings_held_near_the_old_disk_before_an_upgrade_say_nothing_of_growth():
    # Growth of 4 a day up to 485 of a 500 disk, held there for 15 days, the disk doubled, growth again.
    held = [100 + 4 * i for i in range(97)] + [485] * 15
    after = [485 + 4 * i for i in range(1, 41)]
    samples = series(held, capacity=500) + [
        Sample(T0 + timedelta(days=len(held) + i), v, 1000) for i, v in enumerate(after)
    ]
    f = forecast_fill(samples, capacity_bytes=1000)
    assert f.capacity_bytes == 1000
    assert abs(f.growth_bytes_per_day - 4) < 0.2
    assert f.regime_started_at >= samples[len(held)].taken_at


def test_hourly_readings_are_read_by_the_day():
    # 60 days of daily readings, then 20 days of hourly ones with a two-day gap: growth is 5 a day throughout.
    rng = random.Random(3)
    daily = [Sample(T0 + timedelta(days=d), int(100 + 5 * d + rng.gauss(0, 2)), CAP) for d in range(60)]
    hours = [h for h in range(60 * 24, 80 * 24) if not 70 * 24 <= h < 72 * 24]
    hourly = [Sample(T0 + timedelta(hours=h), int(100 + 5 * h / 24 + rng.gauss(0, 2)), CAP) for h in hours]
    f = forecast_fill(daily + hourly, capacity_bytes=CAP)
    assert abs(f.growth_bytes_per_day - 5) < 0.3
    assert f.sample_count == len(daily) + len(hourly)
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90


def test_noisy_flat_usage_with_temporary_files_is_not_filling():
    rng = random.Random(8)
    values = [500 + rng.gauss(0, 4) + (30 if rng.random() < 0.03 else 0) for _ in range(200)]
    f = forecast_fill(series(values), capacity_bytes=CAP)
    assert f.status == "not_filling"
    assert f.full_at is None


def test_a_weekly_pattern_of_growth_does_not_move_the_rate():
    # Weekdays grow 8 a day, weekends 5: on average 50 / 7 a day, whichever day of the week the readings end.
    rng = random.Random(4)
    values, level = [], 100.0
    for d in range(144):
        level += 8 if (T0 + timedelta(days=d)).weekday() < 5 else 5
        values.append(level + rng.gauss(0, 1))
    for end in range(137, 144):
        f = forecast_fill(series(values[:end]), capacity_bytes=3 * CAP)
        assert abs(f.growth_bytes_per_day - 50 / 7) < 0.25


def _wandering_growth(seed, days, rate=5.0, accel=0.0, spread=0.3, noise=2.0):
    """Usage whose daily growth is `rate` (+ `accel` a day) times a factor that wanders (AR(1), persistence 0.8),
    read with noise; returns the readings and the noise-free usage, for `days` readings and 400 days on."""
    rng = random.Random(seed)
    a, level, levels = 0.0, 200.0, []
    for d in range(days + 400):
        a = 0.8 * a + rng.gauss(0, spread * 0.6)
        level += max(rate + accel * d, 0.0) * max(1 + a, 0.05)
        levels.append(level)
    values = [v + rng.gauss(0, noise) for v in levels[:days]]
    return values, levels


def _truth(levels, days, capacity):
    return next(d for d in range(days, len(levels)) if levels[d] >= capacity) - (days - 1)


def test_steady_wandering_growth_is_measured_over_months_not_over_its_last_wander():
    # A year of growth that wanders week to week: the rate is the average over months, and the regime shown
    # starts months back, not at the last wander.
    values, _ = _wandering_growth(11, 300)
    f = forecast_fill(series(values), capacity_bytes=CAP * 4)
    assert abs(f.growth_bytes_per_day / 5.0 - 1) < 0.1
    assert f.regime_started_at <= T0 + timedelta(days=200)


def test_growth_that_keeps_speeding_up_is_projected_to_keep_speeding_up():
    # Growth from 2 to 6 a day over 240 days, and on: the fill comes sooner than at today's rate.
    values, levels = _wandering_growth(12, 240, rate=2.0, accel=4.0 / 240, spread=0.15)
    capacity = int(levels[240 + 120])
    f = forecast_fill(series(values), capacity_bytes=capacity)
    truth = _truth(levels, 240, capacity)
    at_todays_rate = (capacity - values[-1]) / f.growth_bytes_per_day
    assert f.days_to_full < at_todays_rate
    assert abs(f.days_to_full / truth - 1) < 0.1
    assert f.days_to_80 < f.days_to_90 < f.days_to_full


def test_the_interval_holds_the_fill_day_about_four_times_in_five():
    # P10-P90 from the series' own past forecasts: over 40 wandering histories, most but not all truths inside.
    inside = 0
    for seed in range(40):
        days = 150 + 5 * seed
        values, levels = _wandering_growth(100 + seed, days)
        capacity = int(levels[days + 20 + 4 * seed])
        f = forecast_fill(series(values), capacity_bytes=capacity)
        inside += f.days_to_full_p10 <= _truth(levels, days, capacity) <= f.days_to_full_p90
    assert 26 <= inside <= 38


def test_a_short_history_forecast_far_ahead_gets_an_interval_at_least_as_wide_as_wander_gives():
    # 40-80 days of readings (a new disk), the fill 90-170 days ahead: the history's few past forecasts, all
    # overlapping, may all have erred little; the interval still holds the fill day most of the time.
    inside = long_run = 0
    for seed in range(40):
        days = 40 + seed
        values, levels = _wandering_growth(300 + seed, days, spread=0.4)
        capacity = int(levels[days + 90 + 2 * seed])
        f = forecast_fill(series(values), capacity_bytes=capacity)
        long_run += f.method == "long-run/backtest"
        inside += f.days_to_full_p10 <= _truth(levels, days, capacity) <= f.days_to_full_p90
    assert long_run >= 35
    assert 28 <= inside <= 38


def test_a_weekly_pattern_of_wandering_growth_gives_the_same_fill_whichever_weekday_the_readings_end():
    # Weekdays grow 1.6 times as much as weekends, and growth wanders week to week: growth is read over months
    # between filtered levels, so the weekday the readings end on moves a fill two years away by no more than
    # 5 days in all (0.6 %).
    rng = random.Random(21)
    a, level, values = 0.0, 100.0, []
    for d in range(260):
        a = 0.8 * a + rng.gauss(0, 0.15)
        weekday = (T0 + timedelta(days=d)).weekday() < 5
        level += (1.6 if weekday else 1.0) * 4.0 * max(1 + a, 0.05)
        values.append(level + rng.gauss(0, 3))
    fills = []
    for end in range(250, 257):
        f = forecast_fill(series(values[:end]), capacity_bytes=6000)
        assert f.method == "long-run/backtest"
        assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90
        fills.append((T0 + timedelta(days=end - 1) + timedelta(days=f.days_to_full)).date())
    assert (max(fills) - min(fills)).days <= 5


def test_after_a_disk_upgrade_growth_is_read_over_the_new_disk_only():
    # Usage held at 97 % of a 1,000 disk for a week, the disk doubled, then 90 days of wandering growth of 6 a day.
    values, _ = _wandering_growth(31, 90, rate=6.0, spread=0.2)
    before = series([600 + 4 * i for i in range(90)] + [970] * 7, capacity=1000)
    after = [Sample(T0 + timedelta(days=97 + i), int(770 + v), 2000) for i, v in enumerate(values)]
    f = forecast_fill(before + after, capacity_bytes=2000)
    assert f.capacity_bytes == 2000
    assert f.regime_started_at >= after[0].taken_at
    assert abs(f.growth_bytes_per_day / 6.0 - 1) < 0.15
    assert f.method == "long-run/backtest"


def _bursty(seed, days, pause_at_end):
    """Growth in bursts (a month of 6 a day, then two quiet months of 0.3 a day, again and again), read with
    noise; the last `pause_at_end` days are quiet."""
    rng = random.Random(seed)
    level, values = 100.0, []
    for d in range(days):
        burst = ((d + pause_at_end - days) // 30) % 3 == 0 and d < days - pause_at_end
        level += (6.0 if burst else 0.3) * rng.uniform(0.7, 1.3)
        values.append(level + rng.gauss(0, 1))
    return values


def test_a_pause_of_bursty_growth_still_fills_at_the_growth_over_months():
    # Two years of bursts and pauses, now 40 days into a pause: such pauses always ended, so the forecast is the
    # growth over months (2.2 a day), not "not filling".
    values = _bursty(41, 730, 40)
    f = forecast_fill(series(values), capacity_bytes=int(values[-1]) + 600)
    assert f.status == "filling"
    assert f.method == "long-run/backtest"
    assert 1.5 < f.growth_bytes_per_day < 3.0


def test_growth_that_stopped_after_steady_months_gets_no_fill_date():
    # A year of wandering growth, then none for the last 60 days (only reading noise): no such pause before.
    values, _ = _wandering_growth(42, 300, rate=4.0, spread=0.2)
    values += [values[-1] + random.Random(43).gauss(0, 2) for _ in range(60)]
    f = forecast_fill(series(values), capacity_bytes=CAP * 4)
    assert f.method == "changepoint/kalman"
    assert f.days_to_full is None or f.days_to_full > 3 * 365  # no fill date worth the name


def test_growth_that_stopped_only_days_ago_after_steady_months_is_read_as_a_pause():
    # The same year of growth, then none for the last 6 days: a pause like the ones wandering growth has, not yet a
    # stop, so the disk still fills at the growth over months (4 a day).
    values, _ = _wandering_growth(42, 300, rate=4.0, spread=0.2)
    paused = values + [values[-1] + random.Random(43).gauss(0, 2) for _ in range(6)]
    f = forecast_fill(series(paused), capacity_bytes=CAP * 4)
    assert f.status == "filling"
    assert abs(f.growth_bytes_per_day / 4.0 - 1) < 0.15
    assert f.days_to_full_p10 <= f.days_to_full <= f.days_to_full_p90
    stopped = values + [values[-1] + random.Random(43).gauss(0, 2) for _ in range(60)]
    assert forecast_fill(series(stopped), capacity_bytes=CAP * 4).status == "not_filling"


def test_a_slowdown_counts_as_a_clear_change_only_once_it_has_lasted():
    # Growth of 4 a day for 100 days, then of 0.4 a day: after 6 days a pause, after 20 a clear slowdown.
    for days, clear in ((6, False), (20, True)):
        x = np.arange(100 + days, dtype=float)
        y = np.where(x < 100, 4.0 * x, 400 + 0.4 * (x - 100))
        assert _clear_change(x - x[-1], y, 100, 0.4) is clear


def test_a_speed_up_after_months_of_slow_growth_is_read_at_its_new_rate():
    """Growth of 4 a day, a slowdown to 0.6 a day for 110 days, then back to 4 for the last 12 days. The change
    search places the speed-up twice, a few days apart: one change, weighed against the slow months before it."""
    rng = random.Random(9)
    level, values = 100.0, []
    for day in range(150 + 110 + 12):
        rate = 4.0 if day < 150 or day >= 260 else 0.6
        level += rate * rng.uniform(0.6, 1.4)
        values.append(level + rng.gauss(0, 2))
    f = forecast_fill(series(values), capacity_bytes=3000)
    assert f.method == "changepoint/kalman"
    assert abs(f.growth_bytes_per_day - 4.0) < 0.5


def test_growth_that_got_several_times_faster_needs_less_evidence_than_a_small_change():
    """The same change of growth, 2.5 standard deviations of wander, counts when growth got three times faster
    (wander seldom multiplies growth over weeks) and does not when it got 1.8 times faster."""
    x = np.arange(-90.0, 1.0)
    start = 60  # 30 days before the last reading
    la, lb = float(x[-1] - x[start]), float(x[start] - x[0])
    for factor, counts in ((3.0, True), (1.8, False)):
        bend = factor - 1.0  # growth of 1 a day, then `factor` a day
        y = 1000 + x + bend * np.maximum(x - x[start], 0.0)
        wander_var = (bend / 2.5) ** 2 / (1.2 * (1 / la + 1 / lb))
        assert _rate_changed(x, y, start, 0, wander_var, 1e-9) is counts


def test_steady_growth_under_noisy_readings_fills_at_the_growth_over_months():
    # Nine months of steady growth (weekdays busier) read with noise of 2.7 days' growth a reading: the last 111
    # days look like a regime of half the growth, too noisy to tell from none, but no clear change of growth; the
    # growth over months stands out, so the disk fills at it (105 days ahead, truly).
    case = generated("weekly", 202, 29)[28]
    samples = [
        Sample(BENCH_T0 + timedelta(days=float(d)), round(u), round(c))
        for d, u, c in zip(case.days, case.used, case.capacity, strict=True)
    ]
    f = forecast_fill(samples, capacity_bytes=round(case.last_capacity))
    assert f.status == "filling"
    assert abs(f.days_to_full / case.truth - 1) < 0.15
    assert f.days_to_full_p10 <= case.truth <= f.days_to_full_p90


def test_growth_of_a_millionth_of_capacity_a_day_or_less_is_none():
    # Exact readings growing 1e-7 of capacity a day (full in 27,000 years): the growth stands out of the (nil)
    # wander, but it is no growth worth a date; nor is a date beyond the calendar ever given.
    rng = random.Random(7)
    cap = 1000 * 1024**3
    used, values = cap * 0.3, []
    for _ in range(365):
        used += cap * 1e-7 * rng.uniform(0.5, 1.5)
        values.append(int(used))
    f = forecast_fill(series(values), capacity_bytes=cap)
    assert f.status == "not_filling"
    assert f.days_to_full is None
    assert f.full_at is None

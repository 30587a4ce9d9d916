"""The roadmap rules every page shares: remaining effort, capacity, promises at risk, chance bands."""

from datetime import date, timedelta

import pytest

from roadmap.domain.work import chance_band, dependency_cycle, is_at_risk, person_weeks_per_week, remaining_weeks

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("effort", "progress", "remaining"), [(10, 0.25, 7.5), (10, 1.5, 0.0), (10, -0.5, 10.0), (-3, 0.5, 0.0)]
)
def test_it_clamps_remaining_effort(effort, progress, remaining):
    assert remaining_weeks(effort_weeks=effort, progress=progress) == remaining


def test_it_counts_capacity_as_engineers_times_focus():
    assert person_weeks_per_week(engineers=6, focus_factor=0.8) == pytest.approx(4.8)


def test_it_calls_a_promise_met_with_little_slack_at_risk():
    due = TODAY + timedelta(days=30)
    assert is_at_risk(promised_date=due, eta=due - timedelta(days=13), today=TODAY)
    assert not is_at_risk(promised_date=due, eta=due - timedelta(days=14), today=TODAY)
    assert not is_at_risk(promised_date=due, eta=due + timedelta(days=1), today=TODAY)  # late, not at risk
    assert not is_at_risk(promised_date=due, eta=None, today=TODAY)
    far = TODAY + timedelta(days=200)
    assert not is_at_risk(promised_date=far, eta=far - timedelta(days=1), today=TODAY)


def test_it_bands_a_chance_of_meeting_a_date():
    assert [chance_band(c) for c in (None, 0.49, 0.5, 0.84, 0.85)] == [None, "unlikely", "even", "even", "likely"]


def test_it_finds_the_way_back_along_a_long_chain_of_dependencies():
    chain = {n: [n + 1] for n in range(5_000)}  # 0 waits for 1, 1 for 2, ...
    assert dependency_cycle(chain, start=0) is None
    chain[5_000] = [0]
    cycle = dependency_cycle(chain, start=0)
    assert (cycle[0], cycle[-1], len(cycle)) == (0, 0, 5_002)
    assert dependency_cycle({7: [7]}, start=7) == [7, 7]

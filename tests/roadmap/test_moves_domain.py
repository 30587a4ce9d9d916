"""What moved when weights change, and what would move a feature to #1: plain data, no database."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from roadmap.domain.moves import RankMove, moves_to_first, ranking_moves
from roadmap.domain.scoring import CustomerAsk, IncidentImpact, Policy, Promise, score_feature
from tests.roadmap.scoring_strategies import feature

TODAY = date(2026, 11, 23)
POLICY = Policy.from_weights(version=1, weights={})


ASK = CustomerAsk(1, "C1", 300_000.0, "key", "EB", False)


def test_it_lists_what_moved_biggest_jump_first():
    moves = ranking_moves({1: 1, 2: 2, 3: 3, 4: 4}, {1: 2, 2: 1, 3: 4, 4: 3, 5: 5})
    assert {m.id for m in moves} == {1, 2, 3, 4, 5}
    assert RankMove(5, None, 5).delta == 0
    assert ranking_moves({1: 1}, {1: 1}) == []


def test_it_finds_the_job_size_that_would_make_a_feature_first_and_checks_it():
    f = feature(asks=(ASK,), effort_weeks=10.0)
    current = score_feature(f, POLICY, today=TODAY)
    levers = moves_to_first(f, POLICY, today=TODAY, top_score=current.score * 2, top_lane=1)
    by_kind = {lever.lever: lever for lever in levers}
    assert set(by_kind) == {"job_size", "business_value"}
    size = by_kind["job_size"]
    assert size.facts["remaining_from"] == 10.0
    assert size.facts["remaining_to"] == pytest.approx(4.9, abs=0.05)
    assert size.percent == 51
    smaller = replace(f, effort_weeks=size.facts["remaining_to"])
    assert score_feature(smaller, POLICY, today=TODAY).score > current.score * 2
    assert levers == sorted(levers, key=lambda lever: lever.relative_change)


def test_it_suggests_an_earlier_promise_date_when_that_is_enough():
    f = feature(asks=(ASK,), promises=(Promise(1, "C1", TODAY + timedelta(days=200), "contractual"),))
    current = score_feature(f, POLICY, today=TODAY)
    levers = moves_to_first(f, POLICY, today=TODAY, top_score=current.score * 1.2, top_lane=1)
    promise = next(lever for lever in levers if lever.lever == "promise_date")
    assert promise.facts["customer"] == "C1"
    assert date.fromisoformat(promise.facts["to"]) < TODAY + timedelta(days=200)


def test_it_says_only_an_emergency_passes_expedite_work():
    f = feature(asks=(ASK,))
    levers = moves_to_first(f, POLICY, today=TODAY, top_score=0.5, top_lane=0)
    assert [lever.lever for lever in levers] == ["expedite"]
    assert levers[0].percent is None


def test_it_has_nothing_to_suggest_for_work_already_ahead():
    f = feature(asks=(ASK,), incidents=(IncidentImpact(1, "x", "SEV1", True, 1, 0),))
    assert moves_to_first(f, POLICY, today=TODAY, top_score=1e9, top_lane=1) == []

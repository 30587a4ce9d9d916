"""Preemptions serving a named stabilization, and the fix against the deadline, on plain data: no database."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.fix import cleanup_days_bought, engineers_needed, fix_feature_choose, fix_outlook
from roadmap.domain.montecarlo import simulate_dates
from roadmap.domain.schedule import FeaturePlan, PreemptionPlan, TeamPlan, simulate_schedule

TODAY = date(2026, 11, 23)
STORAGE = TeamPlan(1, "Storage", 4.8)
SYNC = TeamPlan(2, "Sync", 6.4)
BILLING = TeamPlan(3, "Billing", 3.2)
TEAMS = [STORAGE, SYNC, BILLING]
FIX = FeaturePlan(10, 1, 28, kind="stabilization", priority_rank=5)
FEATURES = [
    FeaturePlan(11, 1, 12, priority_rank=1),
    FeaturePlan(12, 1, 14, priority_rank=2),
    FIX,
    FeaturePlan(21, 2, 10, priority_rank=1),
    FeaturePlan(22, 2, 18, priority_rank=2),
    FeaturePlan(31, 3, 9, priority_rank=1),
]


def _plan(preemptions):
    return simulate_schedule(teams=TEAMS, features=FEATURES, today=TODAY, preemptions=preemptions)


def test_another_teams_preemption_works_on_the_named_fix():
    without = _plan([])
    helped = _plan([PreemptionPlan(2, TODAY, 6, 1.0, feature_id=FIX.id)])
    assert helped[FIX.id].eta < without[FIX.id].eta
    assert helped[21].eta > without[21].eta  # Sync gave its capacity away
    assert helped[31] == without[31]  # Billing is untouched


def test_a_preemption_naming_no_feature_still_serves_its_own_teams_stabilization():
    named = _plan([PreemptionPlan(1, TODAY, 6, 1.0, feature_id=FIX.id)])
    unnamed = _plan([PreemptionPlan(1, TODAY, 6, 1.0)])
    assert named == unnamed


def test_the_outlook_says_what_the_preemption_covers_and_where_the_rest_runs():
    preemptions = [PreemptionPlan(1, TODAY, 4, 0.25, feature_id=FIX.id)]
    plan = _plan(preemptions)
    outlook = fix_outlook(
        teams=TEAMS,
        features=FEATURES,
        preemptions=preemptions,
        plan=plan,
        feature_id=FIX.id,
        deadline=TODAY + timedelta(days=30),
        today=TODAY,
    )
    assert outlook.covered_weeks == 4.8  # 4.8 person-weeks a week x 25 % x 4 weeks
    assert outlook.uncovered_weeks == 23.2
    assert (outlook.mainline_rank, outlook.mainline_size) == (3, 3)
    assert outlook.meets_deadline is False
    assert outlook.days_late == (plan[FIX.id].eta - (TODAY + timedelta(days=30))).days > 0


def test_the_whole_team_for_long_enough_meets_a_reachable_deadline():
    preemptions = [PreemptionPlan(1, TODAY, 6, 1.0, feature_id=FIX.id)]
    plan = _plan(preemptions)
    outlook = fix_outlook(
        teams=TEAMS,
        features=FEATURES,
        preemptions=preemptions,
        plan=plan,
        feature_id=FIX.id,
        deadline=TODAY + timedelta(days=60),
        today=TODAY,
    )
    assert outlook.uncovered_weeks == 0
    assert outlook.meets_deadline is True
    assert outlook.days_late == 0


def test_the_fix_is_the_accepted_ones_while_scheduled_else_the_first_stabilization():
    other = FeaturePlan(13, 1, 5, kind="stabilization", priority_rank=9)
    assert fix_feature_choose([*FEATURES, other]).id == FIX.id
    assert fix_feature_choose([*FEATURES, other], preferred=13).id == 13
    assert fix_feature_choose([*FEATURES, other], preferred=999).id == FIX.id
    assert fix_feature_choose([f for f in FEATURES if f.kind == "feature"]) is None


def test_options_engineers_and_clean_up_days():
    assert (
        engineers_needed(remaining_weeks=28, today=TODAY, deadline=TODAY + timedelta(days=14), focus_factor=0.8) == 18
    )
    assert engineers_needed(remaining_weeks=28, today=TODAY, deadline=TODAY, focus_factor=0.8) is None
    assert cleanup_days_bought(capacity_bytes=100, growth_bytes_per_day=2, share=0.1) == 5
    assert cleanup_days_bought(capacity_bytes=100, growth_bytes_per_day=0, share=0.1) is None


def test_monte_carlo_counts_the_team_that_serves_the_fix():
    preemptions = [PreemptionPlan(2, TODAY, 6, 1.0, feature_id=FIX.id)]
    only = simulate_dates(teams=TEAMS, features=FEATURES, today=TODAY, preemptions=preemptions, runs=200, only={10})
    whole = simulate_dates(teams=TEAMS, features=FEATURES, today=TODAY, preemptions=preemptions, runs=200)
    assert only.dates(FIX.id) == whole.dates(FIX.id)


preemption = st.tuples(
    st.sampled_from([1, 2]),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=1, max_value=20),
    st.sampled_from([0.1, 0.25, 0.5, 0.75, 1.0]),
)


def _eta_days(preemptions) -> int:
    eta = _plan(preemptions)[FIX.id].eta
    return (eta - TODAY).days if eta else 10**6


@settings(max_examples=60, deadline=None)
@given(st.lists(preemption, min_size=1, max_size=3), st.integers(min_value=0, max_value=2), st.data())
def test_more_share_or_more_weeks_never_makes_the_fix_later(raw, which, data):
    base = [PreemptionPlan(t, TODAY + timedelta(days=d), w, s, FIX.id) for t, d, w, s in raw]
    k = which % len(base)
    p = base[k]
    more_weeks = PreemptionPlan(p.team_id, p.starts_on, p.weeks + data.draw(st.integers(1, 10)), p.share, FIX.id)
    more_share = PreemptionPlan(p.team_id, p.starts_on, p.weeks, min(1.0, p.share + 0.25), FIX.id)
    before = _eta_days(base)
    assert _eta_days([*base[:k], more_weeks, *base[k + 1 :]]) <= before
    assert _eta_days([*base[:k], more_share, *base[k + 1 :]]) <= before


@settings(max_examples=40, deadline=None)
@given(st.lists(preemption, min_size=1, max_size=3))
def test_teams_without_a_preemption_are_untouched(raw):
    preemptions = [PreemptionPlan(t, TODAY + timedelta(days=d), w, s, FIX.id) for t, d, w, s in raw]
    without, with_ = _plan([]), _plan(preemptions)
    assert with_[31] == without[31]
    if all(p.team_id != 2 for p in preemptions):
        assert all(with_[f] == without[f] for f in (21, 22))

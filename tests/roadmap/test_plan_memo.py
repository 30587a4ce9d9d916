"""Plans and Monte Carlo dates are remembered per process by their inputs, and recomputed when any input changes."""

from dataclasses import replace
from datetime import date

from roadmap.domain.schedule import FeaturePlan, TeamPlan
from roadmap.selectors.plan import _Remembered

TODAY = date(2026, 11, 23)
TEAM = TeamPlan(id=1, name="Storage", person_weeks_per_week=4.0, wip_limit=2)
FEATURE = FeaturePlan(id=10, team_id=1, effort_weeks=4.0)


def test_same_inputs_are_computed_once_and_any_change_is_a_new_answer():
    calls = []

    def compute(**inputs):
        calls.append(inputs)
        return len(calls)

    remembered = _Remembered(compute, size=2)
    first = remembered(teams=[TEAM], features=[FEATURE], today=TODAY)
    assert remembered(teams=(TEAM,), features=(FEATURE,), today=TODAY) == first
    assert len(calls) == 1
    bigger = replace(FEATURE, effort_weeks=6.0)
    assert remembered(teams=[TEAM], features=[bigger], today=TODAY) == 2
    assert remembered(teams=[TEAM], features=[FEATURE], today=date(2026, 11, 24)) == 3
    # Only the last two answers are kept: the first inputs are computed again.
    assert remembered(teams=[TEAM], features=[FEATURE], today=TODAY) == 4


def test_remembered_monte_carlo_dates_cannot_be_changed_by_a_caller():
    from roadmap.selectors.plan import dates_get

    dates_get.clear()
    result = dates_get(teams=[TEAM], features=[FEATURE], today=TODAY)
    assert dates_get(teams=[TEAM], features=[FEATURE], today=TODAY) is result
    assert not result.eta_days.flags.writeable


def test_every_process_reads_a_features_dates_shared_once_and_a_plan_edit_moves_them(db):
    """What one process (gunicorn's master, a re-scoring job, a page) simulated, another reads from the cache."""
    import numpy as np

    from roadmap.domain.montecarlo import simulate_dates
    from roadmap.selectors.plan import committed_plan_get, dates_get, plan_dates_share, plan_inputs_forget
    from tests.factories import FeatureFactory, TeamFactory

    today = date.today()
    team = TeamFactory(name="Storage & Sync")
    first = FeatureFactory(team=team, title="Tiered storage", effort_weeks=6)
    second = FeatureFactory(team=team, title="Quota alerts", effort_weeks=3)
    assert plan_dates_share(today=today) == 2

    plan_inputs_forget()  # another process: nothing of this plan in memory
    dates_get.clear()
    plan = committed_plan_get(today=today)
    shared = plan.dates_of({first.pk, second.pk})
    assert dates_get.results.values == {}  # read from the cache, not simulated here

    inputs = plan.inputs
    direct = simulate_dates(teams=inputs.teams, features=inputs.features, today=today)
    for feature in (first, second):
        assert shared.dates(feature.pk) == direct.dates(feature.pk)
        assert np.array_equal(np.sort(shared.column(feature.pk)), np.sort(direct.column(feature.pk)))

    first.effort_weeks = 12
    first.save()
    plan_inputs_forget()
    later = committed_plan_get(today=today).dates_of({first.pk})
    assert later.dates(first.pk).p50 > shared.dates(first.pk).p50

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

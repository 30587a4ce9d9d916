"""Plan inputs are remembered per process until a change to them is committed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import PlanChange
from roadmap.selectors.plan import plan_inputs_get
from roadmap.selectors.plan_changes import plan_stamp
from roadmap.services.plan_changes import plan_changes_prune
from tests.factories import CommitmentFactory, FeatureFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_remembered_inputs_cost_one_query_and_any_edit_is_seen_at_once(django_assert_num_queries):
    feature = FeatureFactory(effort_weeks=4)
    first = plan_inputs_get()
    with django_assert_num_queries(1):
        assert plan_inputs_get() is first
    feature.effort_weeks = 9
    feature.save()
    again = plan_inputs_get()
    assert again is not first
    assert {f.id: f.effort_weeks for f in again.features}[feature.pk] == 9


@pytest.mark.parametrize("change", ["team", "promise", "dependency", "delete"])
def test_each_kind_of_plan_input_marks_a_change(change):
    feature = FeatureFactory()
    before = plan_stamp()
    if change == "team":
        team = feature.team
        team.engineers += 1
        team.save()
    elif change == "promise":
        CommitmentFactory(feature=feature)
    elif change == "dependency":
        feature.depends_on.add(FeatureFactory(team=feature.team))
    else:
        FeatureFactory(team=TeamFactory()).delete()
    assert plan_stamp() != before


def test_old_changes_are_pruned_but_the_newest_is_kept():
    FeatureFactory()
    PlanChange.objects.update(at=timezone.now() - timedelta(hours=2))
    newest = PlanChange.objects.latest("id")
    plan_changes_prune()
    assert list(PlanChange.objects.values_list("id", flat=True)) == [newest.pk]

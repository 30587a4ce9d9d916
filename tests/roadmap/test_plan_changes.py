"""Plan inputs are remembered per process until a change to them is committed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from customers.services.customers import persona_create
from roadmap.models import PlanChange
from roadmap.selectors.plan import plan_inputs_get
from roadmap.selectors.plan_changes import plan_stamp
from roadmap.services.commitments import commitment_create
from roadmap.services.features import feature_update
from roadmap.services.plan_changes import plan_changes_prune
from tests.factories import CustomerFactory, FeatureFactory

pytestmark = pytest.mark.django_db


def test_remembered_inputs_cost_one_query_and_any_edit_is_seen_at_once(django_assert_num_queries):
    feature = FeatureFactory(effort_weeks=4)
    first = plan_inputs_get()
    with django_assert_num_queries(1):
        assert plan_inputs_get() is first
    feature_update(feature=feature, data={"effort_weeks": Decimal(9)})
    again = plan_inputs_get()
    assert again is not first
    assert {f.id: f.effort_weeks for f in again.features}[feature.pk] == 9


@pytest.mark.parametrize("change", ["team", "promise", "dependency", "persona", "delete"])
def test_each_kind_of_plan_input_marks_a_change(change, pm_api):
    feature = FeatureFactory()
    other = FeatureFactory(team=feature.team)
    customer = CustomerFactory()
    before = plan_stamp()
    if change == "team":
        assert pm_api.patch(f"/api/teams/{feature.team_id}/", {"engineers": 9}, format="json").status_code == 200
    elif change == "promise":
        commitment_create(
            data={"feature": feature, "customer": customer, "promised_date": date.today() + timedelta(days=60)},
            user=None,
        )
    elif change == "dependency":
        feature_update(feature=feature, data={"depends_on": [other]})
    elif change == "persona":
        persona_create(data={"customer": customer, "name": "Ada", "role": "EB"})
    else:
        assert pm_api.delete(f"/api/features/{other.pk}/").status_code == 204
    assert plan_stamp() != before


def test_a_raw_save_outside_the_services_marks_nothing():
    """Only services, admin pages, the API and bulk writers announce: a bare save is invisible to plans."""
    feature = FeatureFactory()
    before = plan_stamp()
    feature.effort_weeks = 12
    feature.save()
    assert plan_stamp() == before


def test_old_changes_are_pruned_but_the_newest_is_kept():
    feature_update(feature=FeatureFactory(), data={"title": "Renamed"})
    PlanChange.objects.update(at=timezone.now() - timedelta(hours=2))
    newest = PlanChange.objects.latest("id")
    plan_changes_prune()
    assert list(PlanChange.objects.values_list("id", flat=True)) == [newest.pk]


def test_the_committed_plan_is_made_once_per_change_and_an_edit_is_seen_at_once(django_assert_num_queries):
    from roadmap.selectors.plan import committed_plan_get

    today = timezone.localdate()
    feature = FeatureFactory(effort_weeks=4)
    first = committed_plan_get(today=today)
    with django_assert_num_queries(1):
        assert committed_plan_get(today=today) is first
    eta_before = first.dates[feature.pk].eta
    feature_update(feature=feature, data={"effort_weeks": Decimal(40)})
    again = committed_plan_get(today=today)
    assert again is not first
    assert again.dates[feature.pk].eta > eta_before
    assert committed_plan_get(today=today + timedelta(days=1)) is not again

"""A PM edits a feature and its promises where they are shown; the answer says which promises the edit moved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roadmap.models import Commitment, Feature
from tests.factories import CommitmentFactory, FeatureFactory, PersonaFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    team = TeamFactory(name="Storage & Sync", engineers=4, focus_factor=Decimal("1"), wip_limit=1)
    first = FeatureFactory(title="Shared spaces", team=team, effort_weeks=4, priority_rank=1, status="planned")
    second = FeatureFactory(title="Offline sync", team=team, effort_weeks=4, priority_rank=2, status="planned")
    promise = CommitmentFactory(feature=second, promised_date=timezone.localdate() + timedelta(days=60))
    return {"team": team, "first": first, "second": second, "promise": promise}


def _feature_form(feature, **changes):
    data = {
        "title": feature.title,
        "team": feature.team_id,
        "effort_low_weeks": "",
        "effort_weeks": str(feature.effort_weeks),
        "effort_high_weeks": "",
        "status": feature.status,
        "release": "",
        "priority_rank": feature.priority_rank or "",
    }
    data.update(changes)
    return data


def test_a_pm_edits_a_feature_and_sees_which_promises_move(plan, pm_client):
    url = f"/roadmap/features/{plan['first'].pk}/edit/"
    assert pm_client.get(url, headers={"HX-Request": "true"}).status_code == 200
    response = pm_client.post(url, _feature_form(plan["first"], effort_weeks="40"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 promise moved" in html
    assert "late for" in html  # the promise on the feature behind it now misses its date
    assert Feature.objects.get(pk=plan["first"].pk).effort_weeks == 40


def test_a_dependency_cycle_is_refused_in_the_form_naming_it(plan, pm_client):
    plan["second"].depends_on.set([plan["first"]])
    url = f"/roadmap/features/{plan['first'].pk}/edit/"
    response = pm_client.post(url, {**_feature_form(plan["first"]), "depends_on": [plan["second"].pk]})
    assert response.status_code == 422
    assert "These dependencies make a cycle" in response.content.decode()
    assert not plan["first"].depends_on.exists()


def test_a_pm_moves_a_promise_in_place_with_a_reason(plan, pm_client):
    promise = plan["promise"]
    person = PersonaFactory(customer=promise.customer, name="Huang", role="EB")
    new_date = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = pm_client.post(
        f"/roadmap/commitments/{promise.pk}/edit/",
        {"promised_date": new_date, "strength": "firm", "persona": person.pk, "status": "active", "reason": "Agreed"},
    )
    assert response.status_code == 200
    promise.refresh_from_db()
    assert (promise.promised_date.isoformat(), promise.persona_id) == (new_date, person.pk)
    assert promise.history.first().history_change_reason == "Agreed"
    past = pm_client.post(
        f"/roadmap/commitments/{promise.pk}/edit/",
        {"promised_date": "2020-01-01", "strength": "firm", "persona": "", "status": "active"},
    )
    assert past.status_code == 422  # the service's date rule holds here too
    assert Commitment.objects.get(pk=promise.pk).promised_date.isoformat() == new_date


def test_only_a_pm_edits(plan, presales_client, leadership_client):
    for client in (presales_client, leadership_client):
        assert client.get(f"/roadmap/features/{plan['first'].pk}/edit/").status_code == 403
        assert client.post(f"/roadmap/commitments/{plan['promise'].pk}/edit/", {}).status_code == 403
        assert "Edit this feature" not in client.get(f"/roadmap/features/{plan['first'].pk}/").content.decode()

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.changes import inputs_changed
from roadmap.models import Commitment, Decision, Scenario
from roadmap.services.scenarios import decision_save, scenario_accept, scenario_create, scenario_evaluate
from tests.factories import CommitmentFactory, CustomerFactory, FeatureFactory, PersonaFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A storage team with two mainline features promised to customers, and a second team."""
    today = timezone.localdate()
    storage = TeamFactory(name="Storage & Sync", engineers=6, focus_factor=Decimal("0.80"))
    other = TeamFactory(name="Platform", engineers=4)
    FeatureFactory(title="Stabilization", team=storage, kind="stabilization", effort_weeks=28, priority_rank=1)
    xx = FeatureFactory(
        title="Shared team spaces (xx)", team=storage, effort_weeks=12, progress=Decimal("0.3"), priority_rank=2
    )
    yy = FeatureFactory(
        title="Offline sync (yy)", team=storage, effort_weeks=14, progress=Decimal("0.1"), priority_rank=3
    )
    safe = FeatureFactory(title="Audit log", team=other, effort_weeks=4, priority_rank=1)
    w = CustomerFactory(name="Westlake", arr=Decimal("220000"))
    u = CustomerFactory(name="Umbra", arr=Decimal("360000"))
    eb = PersonaFactory(customer=w, name="Huang", role="EB")
    PersonaFactory(customer=w, name="Ma", role="TB")
    PersonaFactory(customer=u, name="Sun", role="EB", is_vip=True)
    c_xx = CommitmentFactory(
        feature=xx, customer=w, promised_date=today + timedelta(days=42), strength="contractual", persona=eb
    )
    c_yy = CommitmentFactory(feature=yy, customer=u, promised_date=today + timedelta(days=70))
    CommitmentFactory(feature=safe, customer=u, promised_date=today + timedelta(days=60))
    return {"today": today, "storage": storage, "xx": c_xx, "yy": c_yy}


def _storage_scenario(story, user=None):
    return scenario_create(
        name="Storage stabilization",
        user=user,
        preemptions=[{"team": story["storage"].pk, "starts_on": story["today"].isoformat(), "weeks": 6, "share": "1"}],
    )


def test_it_shows_which_promises_slip_whom_to_tell_and_the_arr_at_risk(story, django_assert_max_num_queries):
    scenario = _storage_scenario(story)
    with django_assert_max_num_queries(10):
        result = scenario_evaluate(scenario=scenario)
    affected = {a.commitment.id: a for a in result.impact.affected}
    assert set(affected) == {story["xx"].pk, story["yy"].pk}
    assert affected[story["xx"].pk].late
    assert affected[story["xx"].pk].slip_days >= 35
    assert [c.role for c in affected[story["xx"].pk].contacts] == ["EB", "TB"]
    assert result.impact.arr_at_risk == 580000.0
    assert result.impact.customers_affected == 2


def test_it_rejects_bad_preemptions_naming_the_field(story):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        scenario_create(
            name="x", preemptions=[{"team": story["storage"].pk, "starts_on": "2026-13-01", "weeks": 0, "share": "2"}]
        )
    assert set(error.value.message_dict) == {"preemptions[0].starts_on", "preemptions[0].weeks", "preemptions[0].share"}
    assert not Scenario.objects.exists()


def test_it_drafts_a_notice_to_the_eb_and_applies_decisions_on_accept(story, pm_user):
    scenario = _storage_scenario(story, pm_user)
    moved = decision_save(scenario=scenario, commitment_id=story["xx"].pk, action="move", user=pm_user)
    assert moved.notice_to.name == "Huang"
    assert "Shared team spaces (xx)" in moved.notice_text
    assert str(moved.new_date.year) in moved.notice_text
    decision_save(scenario=scenario, commitment_id=story["yy"].pk, action="cancel", user=pm_user)
    assert scenario_accept(scenario=scenario, user=pm_user) == 2
    xx, yy = Commitment.objects.get(pk=story["xx"].pk), Commitment.objects.get(pk=story["yy"].pk)
    assert xx.promised_date == moved.new_date
    assert yy.status == "cancelled"
    latest = xx.history.first()
    assert "Storage stabilization" in latest.history_change_reason
    with pytest.raises(Exception, match="already accepted"):
        scenario_accept(scenario=scenario, user=pm_user)


def test_it_creates_scenarios_and_reports_impact_over_the_api(story, pm_user, presales_user):
    client = APIClient()
    client.force_authenticate(pm_user)
    payload = {
        "name": "Storage",
        "preemptions": [{"team": story["storage"].pk, "starts_on": story["today"].isoformat(), "weeks": 6, "share": 1}],
    }
    created = client.post("/api/scenarios/", payload, format="json")
    assert created.status_code == 201
    assert isinstance(created.json()["id"], int)
    impact = client.get(f"/api/scenarios/{created.json()['id']}/impact/").json()
    assert impact["customers_affected"] == 2
    assert impact["arr_at_risk"] == 580000.0
    row = next(a for a in impact["affected"] if a["commitment"] == story["xx"].pk)
    assert set(row) >= {
        "commitment",
        "feature",
        "customer",
        "promised_date",
        "baseline_eta",
        "scenario_eta",
        "slip_days",
        "late",
        "contacts",
    }
    assert row["contacts"][0] == {
        "persona": row["contacts"][0]["persona"],
        "name": "Huang",
        "role": "EB",
        "is_vip": False,
    }
    bad = client.post(
        "/api/scenarios/", {**payload, "preemptions": [{**payload["preemptions"][0], "share": 0}]}, format="json"
    )
    assert bad.status_code == 400
    client.force_authenticate(presales_user)
    assert client.post("/api/scenarios/", payload, format="json").status_code == 403
    assert client.get(f"/api/scenarios/{created.json()['id']}/impact/").status_code == 200


def test_it_renders_the_scenario_pages_and_partials(story, pm_client, django_assert_max_num_queries):
    scenario = _storage_scenario(story)
    assert pm_client.get("/roadmap/scenarios/").status_code == 200
    with django_assert_max_num_queries(20):
        page = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/")
    assert page.status_code == 200
    assert "Shared team spaces (xx)" in page.content.decode()
    partial = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert 'id="impact"' in partial.content.decode()
    whatif = pm_client.get(
        "/roadmap/scenarios/whatif/",
        {"team": story["storage"].pk, "weeks": 6, "share": "1", "starts_on": story["today"].isoformat()},
        headers={"HX-Request": "true"},
    )
    assert "ARR at risk" in whatif.content.decode()
    csv = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/impact.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert b"Westlake" in csv.content


def test_it_lets_a_pm_decide_with_htmx_and_forbids_others(story, client, pm_user, presales_user):
    scenario = _storage_scenario(story)
    url = f"/roadmap/scenarios/{scenario.pk}/decisions/{story['xx'].pk}/"
    client.force_login(presales_user)
    assert client.post(url, {"action": "keep"}).status_code == 403
    assert client.post("/roadmap/scenarios/new/", {"name": "x"}).status_code == 403
    page = client.get(f"/roadmap/scenarios/{scenario.pk}/").content.decode()
    assert "Accept scenario" not in page
    assert 'name="action"' not in page
    client.force_login(pm_user)
    response = client.post(url, {"action": "move"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Notice to Huang" in response.content.decode()
    assert Decision.objects.get(scenario=scenario).action == "move"
    assert client.post(url, {"action": "bogus"}).status_code == 400


def test_it_finds_the_minimum_preemption_page_and_compares_scenarios(story, leadership_client):
    from roadmap.models import Feature

    stabilization = Feature.objects.get(kind="stabilization")
    deadline = (story["today"] + timedelta(days=120)).isoformat()
    page = leadership_client.get("/roadmap/scenarios/minimum/", {"feature": stabilization.pk, "deadline": deadline})
    assert "before the deadline" in page.content.decode()
    tight = leadership_client.get(
        "/roadmap/scenarios/minimum/",
        {"feature": stabilization.pk, "deadline": story["today"].isoformat()},
        headers={"HX-Request": "true"},
    )
    assert "Even the whole team misses" in tight.content.decode()
    no_fleet = leadership_client.get("/roadmap/scenarios/minimum/", {"feature": stabilization.pk})
    assert "No deployment is filling up" in no_fleet.content.decode()
    a, b = _storage_scenario(story), _storage_scenario(story)
    compared = leadership_client.get("/roadmap/scenarios/compare/", {"a": a.pk, "b": b.pk}).content.decode()
    assert compared.count("Customers to tell") == 2


def test_a_scenario_that_makes_many_promises_late_shows_them_fifty_decisions_a_page(story, pm_client):
    """Hundreds of late promises would be hundreds of decision forms on one page: they come 50 a page."""
    today = story["today"]
    customers = CustomerFactory.create_batch(55)
    for customer in customers:  # each promised xx two weeks out: all late once storage is preempted
        CommitmentFactory(feature=story["xx"].feature, customer=customer, promised_date=today + timedelta(days=14))
    scenario = _storage_scenario(story)

    first = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/").content.decode()
    second = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/", {"page": 2}).content.decode()

    assert first.count('class="decide"') == 50
    assert "Late promises 1\N{EN DASH}50 of 57" in first
    assert second.count('class="decide"') == 7  # the story's two late promises and the 55
    assert "Late promises 51\N{EN DASH}57 of 57" in second


def test_a_scenario_is_evaluated_once_per_plan_and_again_after_any_change(story):
    scenario = _storage_scenario(story)
    first = scenario_evaluate(scenario=scenario)
    assert scenario_evaluate(scenario=scenario) is first  # the same plan, the same preemptions: remembered

    story["yy"].promised_date = story["today"] + timedelta(days=400)  # a plan change: yy is no longer late
    story["yy"].save()
    inputs_changed()
    later = scenario_evaluate(scenario=Scenario.objects.get(pk=scenario.pk))
    assert later is not first
    assert {a.commitment.id for a in later.impact.affected if a.late} == {story["xx"].pk}


def test_the_accept_page_links_each_late_promise_still_without_a_decision(story, pm_client):
    scenario = _storage_scenario(story)
    html = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/accept/").content.decode()

    assert "2 late promises have no decision" in html
    for commitment in (story["xx"], story["yy"]):
        assert f'?page=1#decision-{commitment.pk}"' in html
    assert "Westlake" in html

"""Accepting a scenario makes it the plan every page and the API read; reverting takes it back out."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from customers.models import CapacityForecast
from roadmap.models import Commitment, CommitmentStatus, Decision, PlanVersion, Scenario
from roadmap.services.scenarios import decision_save, scenario_accept, scenario_create, scenario_evaluate
from tests.factories import (
    CommitmentFactory,
    CustomerFactory,
    DeploymentFactory,
    FeatureFactory,
    PersonaFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """Storage & Sync carries the fix and two promised features; a customer's disk fills in 30 days."""
    today = timezone.localdate()
    storage = TeamFactory(name="Storage & Sync", engineers=6, focus_factor=Decimal("0.80"))
    other = TeamFactory(name="Platform", engineers=4)
    fix = FeatureFactory(
        title="Storage stabilization", team=storage, kind="stabilization", effort_weeks=20, priority_rank=3
    )
    xx = FeatureFactory(title="Shared team spaces", team=storage, effort_weeks=12, priority_rank=1)
    yy = FeatureFactory(title="Offline sync", team=storage, effort_weeks=14, priority_rank=2)
    safe = FeatureFactory(title="Audit log", team=other, effort_weeks=4, priority_rank=1)
    w = CustomerFactory(name="Westlake", arr=Decimal("220000"))
    u = CustomerFactory(name="Umbra", arr=Decimal("360000"))
    eb = PersonaFactory(customer=w, name="Huang", role="EB", email="huang@westlake.example", language="zh-hans")
    PersonaFactory(customer=w, name="Li", role="EB", email="li@westlake.example")
    PersonaFactory(customer=w, name="Ma", role="TB", email="ma@westlake.example")
    PersonaFactory(customer=w, name="Zhou", role="UB", email="zhou@westlake.example")
    PersonaFactory(customer=u, name="Sun", role="EB", is_vip=True, email="sun@umbra.example")
    c_xx = CommitmentFactory(feature=xx, customer=w, promised_date=today + timedelta(days=45), persona=eb)
    c_yy = CommitmentFactory(feature=yy, customer=u, promised_date=today + timedelta(days=200))
    c_safe = CommitmentFactory(feature=safe, customer=u, promised_date=today + timedelta(days=60))
    deployment = DeploymentFactory(customer=w, name="westlake-prod")
    CapacityForecast.objects.create(
        deployment=deployment,
        status="ok",
        method="test",
        used_bytes=900,
        capacity_bytes=1000,
        growth_bytes_per_day=2.0,
        full_at=timezone.now() + timedelta(days=30),
        days_to_full=30,
        free_ratio=0.1,
        computed_at=timezone.now(),
    )
    return {"today": today, "storage": storage, "fix": fix, "xx": c_xx, "yy": c_yy, "safe": c_safe, "w": w}


def _scenario(story, weeks=6, share="1"):
    return scenario_create(
        name="Storage preempts Storage & Sync",
        stabilization_feature_id=story["fix"].pk,
        preemptions=[
            {"team": story["storage"].pk, "starts_on": story["today"].isoformat(), "weeks": weeks, "share": share}
        ],
    )


def test_accepting_makes_every_read_agree_with_the_scenario(story, pm_user, pm_api, client):
    scenario = _scenario(story)
    before = pm_api.get("/api/summary/").json()
    assert before["promises_late"] == 0
    evaluated = scenario_evaluate(scenario=scenario)
    late = {a.commitment.id for a in evaluated.impact.affected if a.late}
    assert late == {story["xx"].pk}
    assert evaluated.impact.customers_to_tell == 1  # Umbra's promise slips but still meets its date
    assert evaluated.stabilization.meets_deadline is not None

    scenario_accept(scenario=scenario, user=pm_user, reason="Disk full at Westlake")  # no decision: xx stays late

    summary = pm_api.get("/api/summary/").json()
    assert summary["promises_late"] == 1
    assert summary["arr_at_risk"] == 220000.0
    assert summary["customers_to_tell"] == 1
    assert summary["fix_eta"] == evaluated.stabilization.eta.isoformat()
    detail = pm_api.get(f"/api/commitments/{story['xx'].pk}/").json()
    assert detail["late"] is True
    assert detail["planned_eta"] == next(a.scenario_eta for a in evaluated.impact.affected if a.late).isoformat()
    assert detail["chance_on_time"] < 0.5
    plan = pm_api.get("/api/plan/").json()
    assert plan["version"] == 1
    assert plan["preemptions"][0]["team"] == story["storage"].pk
    fix_row = next(f for f in plan["features"] if f["feature"] == story["fix"].pk)
    assert fix_row["kind"] == "stabilization"
    assert fix_row["eta"] == plan["fix"]["eta"] == summary["fix_eta"]
    assert set(plan["fix"]) >= {"feature", "eta", "deadline", "meets_deadline", "days_late"}
    dates = pm_api.get(f"/api/features/{story['xx'].feature_id}/dates/", {"by": story["xx"].promised_date}).json()
    assert dates["chance_by"] == detail["chance_on_time"]

    client.force_login(pm_user)
    home = client.get("/").content.decode()
    assert "Every promise is on track" not in home
    assert "Shared team spaces" in home
    customer = client.get(f"/customers/{story['w'].pk}/").content.decode()
    assert "Shared team spaces" in customer
    version = PlanVersion.objects.get()
    assert (version.kind, version.by, version.reason) == ("accept", pm_user, "Disk full at Westlake")
    assert version.summary["promises_late"] == 1


def test_an_accepted_scenario_is_a_record_that_later_promises_do_not_enter(story, pm_user):
    scenario = _scenario(story)
    decision_save(scenario=scenario, commitment_id=story["xx"].pk, action="cancel", user=pm_user)
    scenario_accept(scenario=scenario, user=pm_user)
    frozen = scenario_evaluate(scenario=Scenario.objects.get(pk=scenario.pk))
    assert frozen.frozen
    assert {a.commitment.id for a in frozen.impact.affected} == {story["xx"].pk, story["yy"].pk}
    CommitmentFactory(
        feature=story["yy"].feature, customer=story["w"], promised_date=story["today"] + timedelta(days=5)
    )
    again = scenario_evaluate(scenario=Scenario.objects.get(pk=scenario.pk))
    assert again.impact == frozen.impact  # the cancelled promise stays in its record, the new one never enters
    assert Decision.objects.get(scenario=scenario).notice_text  # the cancellation's notice is kept


def test_revert_puts_the_plan_and_the_promises_back(story, pm_user, pm_api):
    scenario = _scenario(story)
    moved = decision_save(scenario=scenario, commitment_id=story["xx"].pk, action="move", user=pm_user)
    decision_save(scenario=scenario, commitment_id=story["yy"].pk, action="cancel", user=pm_user)
    scenario_accept(scenario=scenario, user=pm_user)
    assert Commitment.objects.get(pk=story["xx"].pk).promised_date == moved.new_date
    assert pm_api.get("/api/plan/").json()["preemptions"]

    response = pm_api.post(f"/api/scenarios/{scenario.pk}/revert/", {"reason": "Disk cleaned up"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "reverted"
    xx, yy = Commitment.objects.get(pk=story["xx"].pk), Commitment.objects.get(pk=story["yy"].pk)
    assert xx.promised_date == story["xx"].promised_date
    assert yy.status == CommitmentStatus.ACTIVE
    assert xx.history.first().history_change_reason == "Disk cleaned up"
    assert pm_api.get("/api/plan/").json()["preemptions"] == []
    assert pm_api.get("/api/summary/").json()["promises_late"] == 0
    assert list(PlanVersion.objects.order_by("number").values_list("kind", flat=True)) == ["accept", "revert"]
    assert pm_api.post(f"/api/scenarios/{scenario.pk}/revert/").status_code == 400


def test_only_a_pm_accepts_or_reverts(story, api_as, presales_user, leadership_user):
    scenario = _scenario(story)
    for user in (presales_user, leadership_user):
        client = api_as(user)
        assert client.post(f"/api/scenarios/{scenario.pk}/accept/").status_code == 403
        assert client.post(f"/api/scenarios/{scenario.pk}/revert/").status_code == 403
        assert client.get(f"/api/scenarios/{scenario.pk}/impact/").status_code == 200
    assert Scenario.objects.get(pk=scenario.pk).status == "draft"


def test_decisions_over_the_api_warn_and_refuse_what_would_mislead(story, pm_api):
    created = pm_api.post(
        "/api/scenarios/",
        {
            "name": "Two teams",
            "stabilization": story["fix"].pk,
            "preemptions": [
                {"team": story["storage"].pk, "starts_on": story["today"].isoformat(), "weeks": 6, "share": "1"},
                {
                    "team": story["safe"].feature.team_id,
                    "starts_on": story["today"].isoformat(),
                    "weeks": 2,
                    "share": "0.5",
                },
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    sid = created.json()["id"]
    impact = pm_api.get(f"/api/scenarios/{sid}/impact/").json()
    assert impact["customers_to_tell"] == 1
    assert impact["stabilization"]["feature"] == story["fix"].pk
    on_time = next(a for a in impact["affected"] if not a["late"])
    assert on_time["contacts"] == []  # nobody to tell about a slip that still meets its date
    url = f"/api/scenarios/{sid}/decisions/"
    xx = story["xx"].pk
    refused = pm_api.post(url, {"commitment": xx, "action": "keep"}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json() or "reason" in str(refused.json())
    kept = pm_api.post(url, {"commitment": xx, "action": "keep", "reason": "Contract penalty"}, format="json")
    assert kept.status_code == 201
    assert "misses" in kept.json()["warning"]
    notice = kept.json()["notice"]
    assert notice["to"] == ["huang@westlake.example", "li@westlake.example"]
    assert notice["to_role"] == "EB"
    assert notice["cc"] == ["ma@westlake.example"]
    assert notice["language"] == "zh-hans"
    assert notice["state"] == "draft"
    assert pm_api.post(url, {"commitment": xx, "action": "delay"}, format="json").status_code == 400
    past = pm_api.post(url, {"commitment": xx, "action": "move", "new_date": story["today"].isoformat()}, format="json")
    assert past.status_code == 400
    later = (story["today"] + timedelta(days=400)).isoformat()
    moved = pm_api.post(url, {"commitment": xx, "action": "move", "new_date": later}, format="json")
    assert moved.json()["new_date"] == later
    assert moved.json()["warning"] is None


@pytest.mark.parametrize(("share", "weeks"), [("0", 6), ("1.5", 6), ("-0.5", 6), ("1", 0), ("1", 105)])
def test_scenarios_refuse_shares_and_weeks_out_of_range(story, pm_api, share, weeks):
    payload = {
        "name": "Bad",
        "preemptions": [
            {"team": story["storage"].pk, "starts_on": story["today"].isoformat(), "weeks": weeks, "share": share}
        ],
    }
    assert pm_api.post("/api/scenarios/", payload, format="json").status_code == 400
    assert not Scenario.objects.exists()


def test_notices_go_out_by_mail_in_the_recipients_language_and_are_then_fixed(story, pm_user, client, mailoutbox):
    scenario = _scenario(story)
    decision = decision_save(scenario=scenario, commitment_id=story["xx"].pk, action="move", user=pm_user)
    assert "Shared team spaces" in decision.notice_subject
    assert decision.notice_language == "zh-hans"
    client.force_login(pm_user)
    url = f"/roadmap/notices/{decision.pk}/"
    early = client.post(url, {"send": "1"}, headers={"HX-Request": "true"})
    assert early.status_code == 422
    assert not mailoutbox
    scenario_accept(scenario=scenario, user=pm_user)
    edited = client.post(url, {"notice_subject": "Tom & Jerry: new date", "notice_text": "尊敬的黄先生 新的日期。"})
    assert edited.status_code == 200
    decision.refresh_from_db()
    assert decision.notice_subject == "Tom & Jerry: new date"  # stored raw, escaped once on output
    assert "Tom &amp; Jerry" in edited.content.decode()
    sent = client.post(url, {"send": "1"})
    assert sent.status_code == 200
    decision.refresh_from_db()
    assert decision.notice_state == "sent"
    assert decision.sent_at is not None
    [mail] = mailoutbox
    assert mail.to == ["huang@westlake.example", "li@westlake.example"]
    assert mail.cc == ["ma@westlake.example"]
    assert mail.subject == "Tom & Jerry: new date"
    assert "新的日期" in mail.body
    again = client.post(url, {"notice_text": "changed after sending"})
    assert again.status_code == 400
    decision.refresh_from_db()
    assert decision.notice_text == "尊敬的黄先生 新的日期。"


def test_the_notice_is_drafted_in_chinese_for_a_chinese_speaking_eb(story, pm_user):
    decision = decision_save(scenario=_scenario(story), commitment_id=story["xx"].pk, action="cancel", user=pm_user)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in decision.notice_text)


def test_home_fleet_incident_and_scenarios_say_when_the_fix_misses_the_deadline(story, pm_client):
    # 20 person-weeks on a team of 4.8 a week, third in line: nowhere near the disk's 30 days.
    for path in ("/", "/customers/fleet/", "/roadmap/scenarios/"):
        page = pm_client.get(path).content.decode()
        assert "The committed plan misses the fleet deadline" in page, path
        assert "Storage stabilization" in page
    home = pm_client.get("/").content.decode()
    assert "engineers on nothing else" in home
    assert "emergency clean-up" in home


def test_a_drafted_subject_keeps_the_name_as_written(story, pm_user):
    from roadmap.models import Feature

    Feature.objects.filter(pk=story["xx"].feature_id).update(title="Tom & Jerry <sync>")
    decision = decision_save(scenario=_scenario(story), commitment_id=story["xx"].pk, action="move", user=pm_user)
    assert "Tom & Jerry <sync>" in decision.notice_subject  # stored raw; pages escape it once
    assert "&amp;" not in decision.notice_subject

"""Read-only priority scores over the API, and policy weights validated in the admin."""

import pytest

from roadmap.admin import ScoringPolicyForm
from roadmap.models import PriorityScore
from roadmap.services.scoring import scores_recompute_all
from tests.factories import AffectedCustomerFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def test_it_lists_scores_with_breakdowns(presales_client, django_assert_max_num_queries):
    commitments = [CommitmentFactory() for _ in range(5)]
    for _ in range(5):
        AffectedCustomerFactory()
    scores_recompute_all()
    with django_assert_max_num_queries(8):
        body = presales_client.get("/api/scores/").json()
    assert body["count"] == 10
    scores = [row["score"] for row in body["results"]]
    assert scores == sorted(scores, reverse=True)
    one = presales_client.get("/api/scores/", {"feature": commitments[0].feature_id}).json()["results"]
    assert len(one) == 1
    assert one[0]["target"] == "feature"
    assert one[0]["breakdown"]["terms"]["time_criticality"]["inputs"][0]["strength"] == "firm"
    incidents = presales_client.get("/api/scores/", {"target": "incident"}).json()
    assert incidents["count"] == 5


def test_it_lists_the_backlog_in_rank_order_expedite_work_first(presales_client):
    from tests.factories import FeatureFactory, IncidentFactory

    for _ in range(3):
        CommitmentFactory()
    emergency = FeatureFactory(title="Emergency")
    emergency.incidents.add(IncidentFactory(severity="SEV1", status="open"))
    scores_recompute_all()
    rows = presales_client.get("/api/scores/", {"target": "feature", "ordering": "rank"}).json()["results"]
    assert rows[0]["feature"] == emergency.pk
    assert rows[0]["lane"] == 0
    assert rows[0]["breakdown"]["class_of_service"]["name"] == "expedite"
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]


def test_it_refuses_to_write_scores(pm_client):
    CommitmentFactory()
    scores_recompute_all()
    score = PriorityScore.objects.first()
    assert pm_client.post("/api/scores/", {}, content_type="application/json").status_code == 405
    assert pm_client.delete(f"/api/scores/{score.pk}/").status_code == 405


def test_it_rejects_unknown_or_negative_policy_weights():
    form = ScoringPolicyForm(data={"version": 2, "name": "x", "weights": '{"tierz": 1, "vip": -2}'})
    assert not form.is_valid()
    assert "Unknown weight 'tierz'" in " ".join(form.errors["weights"])
    assert "'vip' must be a number >= 0." in " ".join(form.errors["weights"])
    good = ScoringPolicyForm(data={"version": 2, "name": "x", "weights": '{"tier": {"strategic": 4}}'})
    assert good.is_valid(), good.errors

"""The create contract integrations rely on: names, fields, integer ids, field-level errors."""

import pytest
from rest_framework.test import APIClient

from incidents.models import AffectedCustomer

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(pm_api):
    return pm_api


def test_it_creates_the_whole_chain_over_the_api(api):
    customer = api.post("/api/customers/", {"name": "Vantage", "tier": "strategic", "arr": "480000"}, format="json")
    assert customer.status_code == 201
    cid = customer.json()["id"]
    assert isinstance(cid, int)
    persona = api.post("/api/personas/", {"customer": cid, "name": "Chen", "role": "EB", "is_vip": True}, format="json")
    assert persona.status_code == 201
    bad_role = api.post("/api/personas/", {"customer": cid, "name": "X", "role": "CEO"}, format="json")
    assert bad_role.status_code == 400
    assert "role" in bad_role.json()
    deployment = api.post(
        "/api/deployments/", {"customer": cid, "name": "prod", "capacity_bytes": 2 * 1024**4}, format="json"
    )
    assert deployment.status_code == 201
    incident = api.post(
        "/api/incidents/",
        {
            "title": "Disk full",
            "severity": "SEV1",
            "category": "storage",
            "customers": [cid],
            "reported_at": "2026-11-20T08:00:00Z",
        },
        format="json",
    )
    assert incident.status_code == 201, incident.content
    assert AffectedCustomer.objects.filter(incident_id=incident.json()["id"], customer_id=cid).exists()
    assert (
        api.post(
            "/api/incidents/",
            {"title": "x", "severity": "SEV9", "category": "storage", "reported_at": "2026-11-20T08:00:00Z"},
            format="json",
        ).status_code
        == 400
    )
    team = api.post("/api/teams/", {"name": "Storage", "engineers": 6, "focus_factor": "0.8"}, format="json")
    assert team.status_code == 201
    feature = api.post(
        "/api/features/",
        {"title": "xx", "team": team.json()["id"], "effort_weeks": "12", "kind": "feature", "priority_rank": 2},
        format="json",
    )
    assert feature.status_code == 201
    commitment = api.post(
        "/api/commitments/",
        {
            "feature": feature.json()["id"],
            "customer": cid,
            "promised_date": "2027-01-04",
            "persona": persona.json()["id"],
            "strength": "contractual",
        },
        format="json",
    )
    assert commitment.status_code == 201
    assert commitment.json()["status"] == "active"


def test_it_answers_anonymous_callers_with_401_and_unknown_ids_with_404(client, api):
    assert APIClient().get("/api/customers/").status_code == 401
    assert api.get("/api/customers/999999/").status_code == 404


def test_it_serves_the_openapi_schema_and_docs(api):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/scenarios/{id}/impact/" in schema.content
    assert b"/api/deployments/{id}/samples/" in schema.content
    assert api.get("/api/docs/").status_code == 200


def test_it_throttles_a_chatty_client_with_a_json_429(api, pm_user, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import UserRateThrottle

    # Only this user's throttle history: the cache may share its Redis database with the broker.
    key = f"throttle_user_{pm_user.pk}"
    cache.delete(key)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    statuses = [api.get("/api/customers/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/customers/")
    assert "detail" in response.json()
    assert "Retry-After" in response.headers
    cache.delete(key)


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_it_keeps_the_schema_and_docs_behind_a_login_unless_public(client, settings, url):
    settings.API_DOCS_PUBLIC = False
    assert client.get(url).status_code in {302, 401, 403}
    settings.API_DOCS_PUBLIC = True
    assert client.get(url).status_code == 200


def test_it_serves_the_closed_schema_to_a_token(api, settings):
    settings.API_DOCS_PUBLIC = False
    assert api.get("/api/schema/").status_code == 200


@pytest.mark.django_db
def test_deleting_a_team_its_features_still_need_is_a_409(api):
    from tests.factories import FeatureFactory

    feature = FeatureFactory()
    response = api.delete(f"/api/teams/{feature.team_id}/")
    assert response.status_code == 409
    assert response.json() == {"detail": "This is still in use (features) and cannot be deleted."}

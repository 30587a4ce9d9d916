"""The connectors API (PM writes, credentials write-only), source-owned fields, and Jira webhooks."""

import hashlib
import hmac
import json

import pytest

from connectors.models import Connector, SourceDelivery
from connectors.secrets import credentials_open
from roadmap.models import Feature
from roadmap.services.features import feature_create
from tests.connectors.conftest import fixture_bytes
from tests.connectors.helpers import JIRA_EMAIL, JIRA_TOKEN, serve_jira
from tests.factories import CustomerFactory, TeamFactory

pytestmark = pytest.mark.django_db
SECRET = "whsec-jira"


@pytest.fixture
def jira_payload(source_url):
    return {
        "kind": "jira",
        "name": "jira-cloud",
        "base_url": source_url,
        "options": {"jql": "project in (DEM, SOC) order by key"},
        "credentials": {"email": JIRA_EMAIL, "api_token": JIRA_TOKEN, "webhook_secret": SECRET},
    }


def test_pm_creates_a_connector_and_credentials_never_come_back(pm_api, jira_payload):
    response = pm_api.post("/api/connectors/", jira_payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert "credentials" not in body
    assert body["credentials_set"] == ["api_token", "email", "webhook_secret"]
    assert JIRA_TOKEN not in response.content.decode()
    connector = Connector.objects.get()
    assert JIRA_TOKEN not in connector.credentials_sealed  # sealed at rest
    assert credentials_open(connector.credentials_sealed)["api_token"] == JIRA_TOKEN
    listed = pm_api.get(f"/api/connectors/{connector.pk}/").content.decode()
    assert JIRA_TOKEN not in listed
    assert SECRET not in listed
    # One beat entry per connector.
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name=f"connector:{connector.pk}")
    assert (task.task, task.interval.every) == ("connectors.tasks.connector_sync_scheduled", 60)


def test_only_pms_write_connectors_any_role_reads(api_as, presales_user, leadership_user, jira_payload, pm_api):
    assert api_as(presales_user).post("/api/connectors/", jira_payload, format="json").status_code == 403
    pk = pm_api.post("/api/connectors/", jira_payload, format="json").json()["id"]
    assert api_as(leadership_user).post(f"/api/connectors/{pk}/sync/").status_code == 403
    assert api_as(leadership_user).get(f"/api/connectors/{pk}/runs/").status_code == 200


def test_env_credentials_are_read_when_used(monkeypatch, pm_api, jira_payload):
    monkeypatch.setenv("PB_JIRA_TOKEN", JIRA_TOKEN)
    payload = {**jira_payload, "credentials": {"email": JIRA_EMAIL, "api_token": "env:PB_JIRA_TOKEN"}}
    pm_api.post("/api/connectors/", payload, format="json")
    assert credentials_open(Connector.objects.get().credentials_sealed)["api_token"] == JIRA_TOKEN


def test_sync_over_the_api_returns_the_run_record_and_features_filter_by_key(httpserver, pm_api, jira_payload):
    TeamFactory(name="demistodev")
    TeamFactory(name="SOC")
    serve_jira(httpserver)
    pk = pm_api.post("/api/connectors/", jira_payload, format="json").json()["id"]
    run = pm_api.post(f"/api/connectors/{pk}/sync/").json()
    assert {k: run[k] for k in ("status", "created", "updated", "unchanged", "failed", "errors")} == {
        "status": "succeeded",
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "errors": [],
    }
    runs = pm_api.get(f"/api/connectors/{pk}/runs/").json()
    assert [r["id"] for r in runs["results"]] == [run["id"]]
    found = pm_api.get("/api/features/?external_key=DEM-158").json()["results"]
    assert [(f["title"], f["external_key"]) for f in found] == [("Oktatest1", "DEM-158")]
    assert found[0]["external_url"].endswith("/browse/DEM-158")


def test_fields_a_source_owns_are_read_only_with_a_link_to_the_source(pm_api):
    team = TeamFactory(name="Fix That")
    feature = feature_create(
        data={
            "title": "Fix That",
            "team": team,
            "effort_weeks": 1,
            "external_source": "jira-cloud",
            "external_key": "TEST-1",
            "external_url": "https://zulipp.atlassian.net/browse/TEST-1",
        }
    )
    refused = pm_api.patch(f"/api/features/{feature.pk}/", {"title": "Renamed here"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "title": [
            "This comes from jira-cloud and is read-only here: change it at https://zulipp.atlassian.net/browse/TEST-1."
        ]
    }
    assert pm_api.patch(f"/api/features/{feature.pk}/", {"priority_rank": 3}, format="json").status_code == 200
    customer = CustomerFactory(external_source="sfdc", external_key="001", external_url="https://sf/001")
    refused = pm_api.patch(f"/api/customers/{customer.pk}/", {"arr": "1"}, format="json")
    assert refused.status_code == 400
    assert "read-only here" in refused.json()["arr"][0]
    assert pm_api.get("/api/customers/?external_key=001").json()["count"] == 1


def _signed(client, name, body: bytes, *, delivery: str, secret: str = SECRET):
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        f"/webhooks/connectors/{name}/",
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE=signature,
        HTTP_X_ATLASSIAN_WEBHOOK_IDENTIFIER=delivery,
    )


def test_a_jira_webhook_update_changes_one_feature_once(client, pm_api, jira_payload):
    pk = pm_api.post("/api/connectors/", jira_payload, format="json").json()["id"]
    connector = Connector.objects.get(pk=pk)
    team = TeamFactory(name="Fix That")
    other = feature_create(data={"title": "Untouched", "team": team, "effort_weeks": 2})
    # What an earlier sync wrote for TEST-1, still "To Do" in Jira then.
    test1 = feature_create(
        data={
            "title": "Fix That",
            "description": "Fix That",
            "team": team,
            "effort_weeks": 1,
            "status": "planned",
            "external_source": connector.name,
            "external_key": "TEST-1",
            "external_url": f"{connector.base_url}/browse/TEST-1",
        }
    )
    before = dict(Feature.objects.values_list("pk", "updated_at"))
    body = fixture_bytes("jira/webhook_issue_updated_status.json")

    response = _signed(client, connector.name, body, delivery="a9c6b3d1-0001")
    assert response.status_code == 202, response.content
    assert response.json()["outcome"] == "updated"
    test1.refresh_from_db()
    assert test1.status == "in_progress"
    after = dict(Feature.objects.values_list("pk", "updated_at"))
    assert after[other.pk] == before[other.pk]
    assert after[test1.pk] != before[test1.pk]

    replay = _signed(client, connector.name, body, delivery="a9c6b3d1-0001")
    assert (replay.status_code, replay.json()["duplicate"]) == (200, True)
    assert SourceDelivery.objects.count() == 1

    assert _signed(client, connector.name, body, delivery="x", secret="wrong").status_code == 401
    unsigned = client.post(f"/webhooks/connectors/{connector.name}/", data=body, content_type="application/json")
    assert unsigned.status_code == 401
    deleted = json.dumps({**json.loads(body), "webhookEvent": "jira:issue_deleted"}).encode()
    response = _signed(client, connector.name, deleted, delivery="a9c6b3d1-0002")
    assert response.json()["outcome"] == "deleted (kept)"
    assert Feature.objects.filter(pk=test1.pk).exists()


def test_a_delivery_that_failed_is_applied_when_jira_sends_it_again(client, pm_api, jira_payload):
    pk = pm_api.post("/api/connectors/", jira_payload, format="json").json()["id"]
    name = Connector.objects.get(pk=pk).name
    body = fixture_bytes("jira/webhook_issue_updated_status.json")
    failed = _signed(client, name, body, delivery="b7-0001").json()
    assert failed["status"] == "failed"
    assert failed["error"] == "No team named 'Fix That': add the team or map it in the connector's team_map."
    TeamFactory(name="Fix That")
    again = _signed(client, name, body, delivery="b7-0001").json()
    assert (again["status"], again["outcome"], again["duplicate"]) == ("processed", "created", True)
    assert Feature.objects.get(external_key="TEST-1").status == "in_progress"
    assert _signed(client, name, body, delivery="b7-0001").json()["outcome"] == "created"  # not applied twice
    assert Feature.objects.filter(external_key="TEST-1").count() == 1

"""Alertmanager and PagerDuty webhooks: stored first, processed once, replays change nothing."""

import copy
import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
from django.db import OperationalError
from django.test import Client

from incidents.models import Incident, TimelineEvent, WebhookDelivery
from incidents.services.webhooks import deliveries_sweep, delivery_process
from tests.conftest import wait_for
from tests.factories import CustomerFactory, DeploymentFactory
from tests.incidents.payloads import ALERTMANAGER_FIRING, alertmanager_resolved, pagerduty_event

TOKEN = "am-token-1"
SECRET = "pd-secret-1"


@pytest.fixture
def hooks(settings):
    settings.PLEDGEBOARD = {**settings.PLEDGEBOARD, "ALERTMANAGER_TOKEN": TOKEN, "PAGERDUTY_SECRETS": [SECRET]}


def _post_alertmanager(client, payload, token=TOKEN):
    body = json.dumps(payload)
    return client.post(
        "/webhooks/alertmanager/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _post_pagerduty(client, payload, webhook_id="wh-1", secret=SECRET):
    body = json.dumps(payload).encode()
    signature = "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        "/webhooks/pagerduty/",
        body,
        content_type="application/json",
        HTTP_X_PAGERDUTY_SIGNATURE=signature,
        HTTP_X_WEBHOOK_ID=webhook_id,
    )


def _process_all():
    for pk in WebhookDelivery.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True):
        delivery_process(delivery_id=pk)


# --- Alertmanager end to end ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_alertmanager_firing_alert_opens_an_incident_for_the_deployments_customer(client, hooks):
    deployment = DeploymentFactory(name="vantage-prod", customer=CustomerFactory(name="Vantage Logistics"))
    response = _post_alertmanager(client, ALERTMANAGER_FIRING)
    assert response.status_code == 202
    assert response.json()["duplicate"] is False
    assert WebhookDelivery.objects.get().status == "pending"

    _process_all()
    incident = Incident.objects.get(external_source="alertmanager", external_id="b4ae5b3b5e9d2a1c")
    assert incident.severity == "SEV1"
    assert incident.category == "storage"
    assert incident.title == "vantage-prod data volume fills within 4 hours"
    assert list(incident.customers.all()) == [deployment.customer]
    assert WebhookDelivery.objects.get().status == "processed"


@pytest.mark.django_db
def test_alertmanager_replay_changes_nothing(client, hooks):
    assert _post_alertmanager(client, ALERTMANAGER_FIRING).status_code == 202
    _process_all()
    before = (Incident.objects.count(), TimelineEvent.objects.count())
    replay = _post_alertmanager(client, ALERTMANAGER_FIRING)
    assert replay.status_code == 200
    assert replay.json()["duplicate"] is True
    _process_all()
    assert WebhookDelivery.objects.count() == 1
    assert (Incident.objects.count(), TimelineEvent.objects.count()) == before


@pytest.mark.django_db
def test_alertmanager_resolution_resolves_and_a_new_firing_reopens(client, hooks):
    _post_alertmanager(client, ALERTMANAGER_FIRING)
    _post_alertmanager(client, alertmanager_resolved())
    _process_all()
    incident = Incident.objects.get()
    assert incident.status == "resolved"
    assert incident.resolved_at == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)

    again = copy.deepcopy(ALERTMANAGER_FIRING)
    again["alerts"][0]["startsAt"] = "2026-11-21T02:00:00Z"
    _post_alertmanager(client, again)
    _process_all()
    incident.refresh_from_db()
    assert (incident.status, incident.resolved_at) == ("open", None)
    assert Incident.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["wrong", ""])
def test_alertmanager_wrong_token_is_401_and_nothing_is_stored(client, hooks, token):
    assert _post_alertmanager(client, ALERTMANAGER_FIRING, token=token).status_code == 401
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_alertmanager_malformed_body_is_400_with_the_reason(client, hooks):
    response = _post_alertmanager(client, {**ALERTMANAGER_FIRING, "version": "3"})
    assert response.status_code == 400
    assert "version" in response.json()["detail"]
    not_json = client.post(
        "/webhooks/alertmanager/", b"{oops", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert not_json.status_code == 400
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_a_too_large_body_is_413(client, hooks, settings):
    settings.PLEDGEBOARD = {**settings.PLEDGEBOARD, "WEBHOOK_MAX_BYTES": 100}
    assert _post_alertmanager(client, ALERTMANAGER_FIRING).status_code == 413
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_a_storage_failure_is_503_so_the_sender_retries(client, hooks, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr("incidents.views.webhooks.delivery_store", unavailable)
    response = _post_alertmanager(client, ALERTMANAGER_FIRING)
    assert response.status_code == 503
    assert response["Retry-After"]


# --- PagerDuty end to end ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pagerduty_signed_events_walk_the_incident_through_its_life(client, hooks):
    customer = DeploymentFactory(name="vantage-prod").customer
    steps = [
        ("incident.triggered", {}),
        ("incident.acknowledged", {"status": "acknowledged"}),
        ("incident.priority_updated", {"priority": {"summary": "P2"}}),
        ("incident.resolved", {"status": "resolved"}),
    ]
    for n, (event_type, data) in enumerate(steps):
        response = _post_pagerduty(
            client, pagerduty_event(event_type, event_id=f"ev-{n}", **data), webhook_id=f"wh-{n}"
        )
        assert response.status_code == 202, response.content
    _process_all()
    incident = Incident.objects.get(external_source="pagerduty", external_id="PT4KHLK")
    assert (incident.status, incident.severity) == ("resolved", "SEV2")
    assert incident.responded_at is not None
    assert list(incident.customers.all()) == [customer]
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert kinds == ["reported", "responded", "note", "resolved"]


@pytest.mark.django_db
def test_pagerduty_bad_signature_is_401(client, hooks):
    assert _post_pagerduty(client, pagerduty_event(), secret="not-the-secret").status_code == 401
    unsigned = client.post("/webhooks/pagerduty/", json.dumps(pagerduty_event()), content_type="application/json")
    assert unsigned.status_code == 401
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_pagerduty_replay_of_a_webhook_id_changes_nothing(client, hooks):
    assert _post_pagerduty(client, pagerduty_event(), webhook_id="same").status_code == 202
    _process_all()
    snapshot = list(Incident.objects.values()), list(TimelineEvent.objects.values())
    for _ in range(3):
        assert _post_pagerduty(client, pagerduty_event(), webhook_id="same").status_code == 200
    _process_all()
    assert WebhookDelivery.objects.count() == 1
    assert (list(Incident.objects.values()), list(TimelineEvent.objects.values())) == snapshot


@pytest.mark.django_db
def test_processing_a_delivery_twice_applies_it_once(client, hooks):
    _post_pagerduty(client, pagerduty_event())
    delivery = WebhookDelivery.objects.get()
    assert delivery_process(delivery_id=delivery.pk) == "processed"
    assert delivery_process(delivery_id=delivery.pk) == "processed"
    assert TimelineEvent.objects.count() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


@pytest.mark.django_db
def test_the_sweep_processes_deliveries_the_broker_never_delivered(client, hooks):
    _post_alertmanager(client, ALERTMANAGER_FIRING)
    _post_pagerduty(client, pagerduty_event())
    assert deliveries_sweep(older_than_seconds=0) == 2
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"processed"}
    assert Incident.objects.count() == 2


# --- the inbox page ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inbox_lists_deliveries_and_a_pm_retries_a_failed_one(pm_user, presales_user, hooks):
    pm_client, presales_client = Client(), Client()
    pm_client.force_login(pm_user)
    presales_client.force_login(presales_user)
    bad = WebhookDelivery.objects.create(
        source="pagerduty", delivery_id="x", payload={"event": "not an object"}, status="failed", error="event: bad"
    )
    page = presales_client.get("/incidents/inbox/")
    assert page.status_code == 200
    assert b"event: bad" in page.content
    assert b"Retry" not in page.content
    assert presales_client.post(f"/incidents/inbox/{bad.pk}/retry/").status_code == 403

    assert pm_client.post(f"/incidents/inbox/{bad.pk}/retry/").status_code == 302
    bad.refresh_from_db()
    assert bad.status == "pending"


# --- a real worker -------------------------------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_processes_the_delivery(celery_worker_process, client, hooks):
    assert _post_alertmanager(client, ALERTMANAGER_FIRING).status_code == 202
    wait_for(lambda: WebhookDelivery.objects.filter(status="processed").exists(), timeout=120)
    assert Incident.objects.filter(external_id="b4ae5b3b5e9d2a1c").count() == 1

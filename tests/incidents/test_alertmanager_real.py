"""A real Prometheus fires an alert, a real Alertmanager routes it to /webhooks/alertmanager/ with the bearer
token, and a real worker applies it: the incident opens once however often Alertmanager repeats the
notification, and resolves when the alert does.

The alert's source is a gauge this test serves (Prometheus scrapes it every second); the rule fires while it is 1.
"""

import time

import pytest
from prometheus_client import CollectorRegistry, Gauge, start_http_server

from incidents.models import Incident, IncidentStatus, WebhookDelivery
from tests.conftest import wait_for
from tests.factories import CustomerFactory, DeploymentFactory
from tests.monitoring import free_port

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
TOKEN = "am-token"

RULES = """
groups:
  - name: drill
    interval: 1s
    rules:
      - alert: DiskAlmostFull
        expr: drill_disk_almost_full == 1
        labels: {severity: critical, category: storage}
        annotations: {summary: "{{ $labels.deployment }} is almost full"}
"""


def _alertmanager_config(live_server) -> str:
    return f"""
route:
  receiver: pledgeboard
  group_by: [alertname, deployment]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: pledgeboard
    webhook_configs:
      - url: {live_server.url}/webhooks/alertmanager/
        send_resolved: true
        http_config:
          authorization: {{credentials: {TOKEN}}}
"""


def _prometheus_config(target_port: int, alertmanager_port: int) -> str:
    return f"""
global: {{scrape_interval: 1s, evaluation_interval: 1s}}
alerting:
  alertmanagers:
    - static_configs: [{{targets: ['127.0.0.1:{alertmanager_port}']}}]
scrape_configs:
  - job_name: drill
    static_configs: [{{targets: ['127.0.0.1:{target_port}']}}]
"""


def test_an_alert_opens_one_incident_and_resolves_it(
    live_server,
    celery_worker_process,
    settings,
    prometheus,
    alertmanager,
):
    settings.PLEDGEBOARD = {**settings.PLEDGEBOARD, "ALERTMANAGER_TOKEN": TOKEN}
    customer = CustomerFactory(name="Vantage Bank")
    DeploymentFactory(name="vantage-eu-1", customer=customer)
    registry = CollectorRegistry()
    almost_full = Gauge(
        "drill_disk_almost_full", "1 while the disk is almost full", ["deployment", "customer"], registry=registry
    )
    firing = almost_full.labels("vantage-eu-1", "Vantage Bank")
    firing.set(1)
    target_port = free_port()
    start_http_server(target_port, addr="127.0.0.1", registry=registry)

    started = time.monotonic()
    alertmanager.run(_alertmanager_config(live_server))
    prometheus.run(_prometheus_config(target_port, alertmanager.port), rules=RULES)

    incident = wait_for(lambda: Incident.objects.filter(category="storage").first(), timeout=40)
    assert incident.severity == "SEV1"
    assert incident.status not in (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)
    assert list(incident.affected.values_list("customer__name", flat=True)) == ["Vantage Bank"]

    # Alertmanager repeats the firing notification every 2 s: still one incident.
    sent = alertmanager.notifications()
    wait_for(lambda: alertmanager.notifications() >= sent + 2, timeout=20)
    wait_for(lambda: not WebhookDelivery.objects.filter(status="pending").exists(), timeout=20)
    assert Incident.objects.count() == 1

    firing.set(0)
    wait_for(
        lambda: Incident.objects.filter(
            pk=incident.pk, status__in=[IncidentStatus.RESOLVED, IncidentStatus.CLOSED]
        ).exists(),
        timeout=40,
    )
    assert Incident.objects.count() == 1
    assert WebhookDelivery.objects.filter(status="failed").count() == 0
    assert time.monotonic() - started < 60

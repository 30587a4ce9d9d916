"""GET /metrics: off without a token, 401 with a wrong one; with it, request counters and the product's figures
read from the committed plan's summary (the same figures GET /api/summary/ gives)."""

import pytest
from django.test import override_settings
from prometheus_client.parser import text_string_to_metric_families

from tests.factories import filling_deployment

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token"


def _knobs(**changes):
    from django.conf import settings

    return override_settings(PLEDGEBOARD={**settings.PLEDGEBOARD, **changes})


def _samples(metrics: bytes | str) -> dict:
    text = metrics.decode() if isinstance(metrics, bytes) else metrics
    found: dict = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def _filling_deployment():
    return filling_deployment(name="vantage-eu-1", customer="Vantage Bank", start=0.5, per_day=0.006)


def test_it_is_off_without_a_token(client):
    with _knobs(METRICS_TOKEN=""):
        assert client.get("/metrics").status_code == 404


def test_it_refuses_a_wrong_token(client):
    with _knobs(METRICS_TOKEN=TOKEN):
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_it_exports_days_to_full_and_the_plan_figures(client, pm_api):
    forecast = _filling_deployment()
    with _knobs(METRICS_TOKEN=TOKEN):
        client.get("/accounts/login/")
        answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")
    found = _samples(answer.content)
    labels = {"deployment": "vantage-eu-1", "customer": "Vantage Bank"}
    [(got, days)] = found["pledgeboard_days_to_full"]
    assert got == labels
    assert days == pytest.approx(forecast.days_to_full - 1, abs=0.01)  # counted from now: the last sample is a day old
    [(_, p10)] = found["pledgeboard_days_to_full_p10"]
    [(_, p90)] = found["pledgeboard_days_to_full_p90"]
    assert p10 <= days <= p90
    summary = pm_api.get("/api/summary/").json()
    assert found["pledgeboard_promises_late"] == [({}, summary["promises_late"])]
    assert found["pledgeboard_arr_at_risk"] == [({}, float(summary["arr_at_risk"]))]
    assert "pledgeboard_job_queue_oldest_seconds" in found
    assert {"status": "queued"} in [labels for labels, _ in found["pledgeboard_jobs"]]
    logins = [
        value
        for labels, value in found["pledgeboard_http_requests_total"]
        if labels["view"] == "login" and labels["method"] == "GET" and labels["status"] == "200"
    ]
    assert sum(logins) >= 1

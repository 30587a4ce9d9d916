"""/healthz: 200 when the database, the broker and beat are well, 503 naming the one that is not."""

from datetime import timedelta

import pytest
from celery import current_app
from django.test import override_settings
from django.utils import timezone

from core.models import Heartbeat

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        name="worker", defaults={"beat_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def test_it_is_healthy_with_a_recent_heartbeat(client):
    _beat(30)
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "broker": "ok", "beat": "ok"}


def test_it_answers_503_when_beat_never_beat(client):
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["beat"] == "never"


def test_it_answers_503_when_the_heartbeat_is_stale(client):
    _beat(600)
    with override_settings(PLEDGEBOARD={**_knobs(), "HEALTHZ_BEAT_SECONDS": 300}):
        answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["beat"].startswith("stale (")
    assert answer.json()["database"] == "ok"


def test_it_answers_503_when_the_broker_is_unreachable(client):
    """A broker on a port nothing listens on: the check gives up within seconds and says so."""
    _beat(1)
    saved = current_app.conf.broker_url
    current_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        answer = client.get("/healthz")
    finally:
        current_app.conf.broker_url = saved
    assert answer.status_code == 503
    assert answer.json()["broker"] == "unavailable"
    assert answer.json()["beat"] == "ok"


def _knobs() -> dict:
    from django.conf import settings

    return settings.PLEDGEBOARD

"""What /healthz checks: the database answers, the broker accepts a connection, beat's heartbeat is recent.

The heartbeat is sent by beat every minute and written by a worker, so a fresh one shows both are alive.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from core.models import Heartbeat

log = logging.getLogger(__name__)
HEARTBEAT = "worker"


@dataclass(frozen=True)
class Health:
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or what is wrong

    @property
    def ok(self) -> bool:
        return all(value == "ok" for value in self.checks.values())


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.warning("healthz: database unavailable: %s", error)
        return "unavailable"
    return "ok"


def _broker() -> str:
    from celery import current_app

    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as error:  # kombu raises the transport's own errors
        log.warning("healthz: broker unavailable: %s", error)
        return "unavailable"
    return "ok"


def _beat(*, max_age: timedelta) -> str:
    try:
        beat_at = Heartbeat.objects.filter(name=HEARTBEAT).values_list("beat_at", flat=True).first()
    except DatabaseError:
        return "unknown"
    if beat_at is None:
        return "never"
    age = timezone.now() - beat_at
    return "ok" if age <= max_age else f"stale ({int(age.total_seconds())} s)"


def health_get() -> Health:
    checks = {"database": _database(), "broker": _broker()}
    max_age = timedelta(seconds=settings.PLEDGEBOARD["HEALTHZ_BEAT_SECONDS"])
    checks["beat"] = _beat(max_age=max_age) if checks["database"] == "ok" else "unknown"
    return Health(checks=checks)

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from core.jobs import jobs_reconcile, run_tracked
from core.models import Heartbeat

# Background jobs that must not be lost: acknowledged after they ran, re-queued when their worker dies, and
# retried with backoff while the database or the broker is away.
RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
    "ignore_result": True,
}


@shared_task(name="core.tasks.heartbeat", ignore_result=True)
@run_tracked
def heartbeat(name: str = "worker") -> str:
    """Record that a worker is alive and beat is ticking."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})
    return now.isoformat()


@shared_task(name="core.tasks.reconcile_jobs", ignore_result=True)
def reconcile_jobs() -> int:
    """Housekeeping every minute: re-send background jobs whose broker messages were lost (queued too long) or
    whose worker died."""
    knobs = settings.PLEDGEBOARD
    return jobs_reconcile(
        queued_for=timedelta(seconds=knobs["RECONCILE_QUEUED_SECONDS"]),
        running_for=timedelta(seconds=knobs["RECONCILE_RUNNING_SECONDS"]),
    )

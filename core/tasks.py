from celery import shared_task
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
    """Housekeeping every minute: forget plan changes older than an hour, and re-send background jobs whose
    broker messages were lost (queued too long) or whose worker died."""
    from datetime import timedelta

    from django.conf import settings

    from roadmap.services.plan_changes import plan_changes_prune

    plan_changes_prune()
    knobs = settings.PLEDGEBOARD
    return jobs_reconcile(
        queued_for=timedelta(seconds=knobs["RECONCILE_QUEUED_SECONDS"]),
        running_for=timedelta(seconds=knobs["RECONCILE_RUNNING_SECONDS"]),
    )


@shared_task(name="core.tasks.weekly_review_email", ignore_result=True, acks_late=True)
def weekly_review_email() -> int:
    """Monday 08:00: mail the weekly review to leadership."""
    from core.review import weekly_review_send

    return weekly_review_send()

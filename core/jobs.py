"""Coalesced, reconcilable background jobs on top of Celery.

Services call `job_enqueue`; tasks wrap their body with `run_tracked`. A job key names the work
("forecast:deployment:12"); while a run is queued, further triggers for the key do nothing.
"""

import functools
import logging
from datetime import timedelta

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.models import Job, JobStatus

log = logging.getLogger(__name__)


def job_enqueue(*, key: str, task: str, kwargs: dict | None = None, countdown: float = 0) -> bool:
    """Queue one run of `task` for `key` after the current transaction commits; False if coalesced."""
    kwargs = kwargs or {}
    now = timezone.now()
    with transaction.atomic():
        job, created = Job.objects.select_for_update().get_or_create(
            key=key, defaults={"task": task, "kwargs": kwargs, "queued_at": now, "generation": 1}
        )
        if not created:
            if job.status == JobStatus.QUEUED:
                return False
            job.generation += 1
            job.status = JobStatus.QUEUED
            job.task, job.kwargs, job.queued_at, job.last_error = task, kwargs, now, ""
            job.save(update_fields=["generation", "status", "task", "kwargs", "queued_at", "last_error"])
        generation = job.generation
    transaction.on_commit(lambda: _send(task, key, generation, kwargs, countdown))
    return True


def _send(task: str, key: str, generation: int, kwargs: dict, countdown: float = 0) -> None:
    current_app.send_task(task, kwargs={**kwargs, "job_key": key, "job_generation": generation}, countdown=countdown)


def job_start(*, key: str, generation: int) -> bool:
    """Mark the run as started; False when this message is stale (a newer run is queued or it already ran)."""
    updated = Job.objects.filter(
        key=key, generation=generation, status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED]
    ).update(status=JobStatus.RUNNING, started_at=timezone.now())
    if updated:
        Job.objects.filter(key=key).update(attempts=F("attempts") + 1)
    return bool(updated)


def job_finish(*, key: str, generation: int, error: str = "") -> None:
    status = JobStatus.FAILED if error else JobStatus.DONE
    Job.objects.filter(key=key, generation=generation, status=JobStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), last_error=error[:2000], runs=F("runs") + (0 if error else 1)
    )


def run_tracked(func):
    """Decorate a task body so that coalesced/stale messages are skipped and the job's state is kept."""

    @functools.wraps(func)
    def wrapper(*args, job_key: str | None = None, job_generation: int | None = None, **kwargs):
        if job_key is None:
            return func(*args, **kwargs)
        if not job_start(key=job_key, generation=job_generation or 0):
            log.info("job %s gen %s is stale; skipped", job_key, job_generation)
            return None
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            job_finish(key=job_key, generation=job_generation or 0, error=repr(exc))
            raise
        job_finish(key=job_key, generation=job_generation or 0)
        return result

    return wrapper


def jobs_reconcile(
    *, queued_for: timedelta = timedelta(minutes=2), running_for: timedelta = timedelta(minutes=30)
) -> int:
    """Re-send runs whose broker message was lost (queued too long) or whose worker died (running too long)."""
    now = timezone.now()
    stale = list(
        Job.objects.filter(status=JobStatus.QUEUED, queued_at__lt=now - queued_for)
        | Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - running_for)
    )
    for job in stale:
        Job.objects.filter(pk=job.pk, generation=job.generation).update(queued_at=now)
        _send(job.task, job.key, job.generation, job.kwargs)
    if stale:
        log.warning("reconciler re-sent %d stale jobs", len(stale))
    return len(stale)

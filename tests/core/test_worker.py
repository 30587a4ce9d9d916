"""A real Celery worker process on the configured broker (Redis in CI) against the test database."""

import pytest

from core.models import Heartbeat, Job
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_it_runs_a_task_in_a_real_worker(celery_worker_process):
    from core.tasks import heartbeat

    heartbeat.delay(name="integration")
    beat = wait_for(lambda: Heartbeat.objects.filter(name="integration").first(), timeout=120)
    assert beat.beat_at is not None


def test_it_coalesces_a_burst_of_jobs_into_one_run(celery_worker_process):
    from django.db import transaction

    from core.jobs import job_enqueue

    with transaction.atomic():
        sent = [
            job_enqueue(key="heartbeat:burst", task="core.tasks.heartbeat", kwargs={"name": "burst"}, countdown=1)
            for _ in range(50)
        ]
    assert sent.count(True) == 1
    job = wait_for(lambda: Job.objects.filter(key="heartbeat:burst", status="done").first(), timeout=120)
    assert job.runs == 1
    assert Heartbeat.objects.filter(name="burst").exists()

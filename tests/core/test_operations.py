"""Operations wiring: each task's queue, every queue consumed by a worker started without -Q, optional Sentry."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.celery import app


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("incidents.tasks.webhook_process", "webhooks"),
        ("incidents.tasks.webhooks_sweep", "webhooks"),
        ("customers.tasks.forecast_deployment", "forecasts"),
        ("customers.tasks.forecast_fleet", "forecasts"),
        ("core.tasks.weekly_review_email", "mail"),
        ("roadmap.tasks.scores_recompute_all", "default"),
        ("core.tasks.heartbeat", "default"),
        ("core.tasks.reconcile_jobs", "default"),
    ],
)
def test_each_task_goes_to_its_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_a_worker_without_q_consumes_every_queue():
    assert {q.name for q in app.conf.task_queues} == {"webhooks", "forecasts", "mail", "default"}
    assert app.conf.task_default_queue == "default"


def test_sentry_starts_with_a_dsn_and_the_celery_integration():
    code = "import sentry_sdk; c = sentry_sdk.get_client(); print(c.dsn, sorted(c.integrations))"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "SENTRY_DSN": "http://public@127.0.0.1:9/1", "PLEDGEBOARD_VAR_DIR": str(settings.VAR_DIR)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "http://public@127.0.0.1:9/1" in done.stdout
    assert "'celery'" in done.stdout
    assert "'django'" in done.stdout

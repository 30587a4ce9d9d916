"""Celery app and the beat schedule (synced into django-celery-beat, editable in admin)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pledgeboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Housekeeping (heartbeat, lost-job reconciler, plan-change pruning, webhook sweep) runs every minute;
# drills shorten it.
HOUSEKEEPING_SECONDS = float(os.environ.get("PLEDGEBOARD_HOUSEKEEPING_SECONDS", "60"))

app.conf.beat_schedule = {
    "heartbeat-every-minute": {"task": "core.tasks.heartbeat", "schedule": HOUSEKEEPING_SECONDS},
    "reconcile-jobs-every-minute": {"task": "core.tasks.reconcile_jobs", "schedule": HOUSEKEEPING_SECONDS},
    "plan-changes-prune-every-minute": {
        "task": "roadmap.tasks.plan_changes_prune",
        "schedule": HOUSEKEEPING_SECONDS,
    },
    "webhooks-sweep-every-minute": {"task": "incidents.tasks.webhooks_sweep", "schedule": HOUSEKEEPING_SECONDS},
    "weekly-review-monday-0800": {
        "task": "core.tasks.weekly_review_email",
        "schedule": crontab(hour=8, minute=0, day_of_week=1),
    },
    "forecast-fleet-nightly": {
        "task": "customers.tasks.forecast_fleet_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    "scores-nightly": {"task": "roadmap.tasks.scores_nightly", "schedule": crontab(hour=2, minute=30)},
    "plan-version-daily": {"task": "roadmap.tasks.plan_version_daily", "schedule": crontab(hour=3, minute=30)},
}
# Optional pull of capacity samples from Prometheus (idempotent, so hourly costs only the queries).
if os.environ.get("PLEDGEBOARD_PROMETHEUS_URL"):
    app.conf.beat_schedule["prometheus-pull-hourly"] = {
        "task": "customers.tasks.prometheus_pull",
        "schedule": float(os.environ.get("PLEDGEBOARD_PROMETHEUS_PULL_SECONDS", "3600")),
    }


__all__ = ["app"]

"""Background processing of the webhook inbox."""

from celery import shared_task
from django.db import DatabaseError

from incidents.services import webhooks

RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (DatabaseError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
    "ignore_result": True,
}


@shared_task(name="incidents.tasks.webhook_process", **RETRY)
def webhook_process(delivery_id: int) -> str:
    """Apply one stored delivery (exactly once: the row is locked and marked in the same transaction)."""
    return webhooks.delivery_process(delivery_id=delivery_id)


@shared_task(name="incidents.tasks.webhooks_sweep", **RETRY)
def webhooks_sweep() -> int:
    """Every minute: process deliveries that arrived while the broker was down."""
    return webhooks.deliveries_sweep()

"""Background processing of the webhook inbox."""

from celery import shared_task

from core.tasks import RETRY
from incidents.services import webhooks

# Deliveries from Alertmanager and PagerDuty get a few more tries than the rest.
WEBHOOK_RETRY = {**RETRY, "max_retries": 8}


@shared_task(name="incidents.tasks.webhook_process", **WEBHOOK_RETRY)
def webhook_process(delivery_id: int) -> str:
    """Apply one stored delivery (exactly once: the row is locked and marked in the same transaction)."""
    return webhooks.delivery_process(delivery_id=delivery_id)


@shared_task(name="incidents.tasks.webhooks_sweep", **WEBHOOK_RETRY)
def webhooks_sweep() -> int:
    """Every minute: process deliveries that arrived while the broker was down."""
    return webhooks.deliveries_sweep()

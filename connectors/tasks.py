from celery import shared_task
from django.utils import timezone

from connectors.models import Connector
from connectors.services.notices import notices_send
from connectors.services.sync import sync_execute, sync_request
from connectors.services.webhooks import delivery_process as _delivery_process
from core.jobs import run_tracked
from core.tasks import RETRY


@shared_task(name="connectors.tasks.connector_sync", **RETRY)
@run_tracked
def connector_sync(run_id: int) -> str:
    """One queued sync run (safe to run twice: a finished run is left alone, upserts are idempotent)."""
    return sync_execute(run_id=run_id).status


@shared_task(name="connectors.tasks.connector_sync_scheduled", ignore_result=True)
def connector_sync_scheduled(connector_id: int) -> bool:
    """Beat: queue a tracked run of this connector."""
    connector = Connector.objects.filter(pk=connector_id, enabled=True).first()
    if connector is None:
        return False
    sync_request(connector=connector, trigger="schedule")
    return True


@shared_task(name="connectors.tasks.slack_notices", **RETRY)
def slack_notices(connector_id: int) -> int:
    """Beat: announce in this Slack channel what is new (late promises, waiting requests, accepted scenarios)."""
    connector = Connector.objects.filter(pk=connector_id, enabled=True, kind="slack").first()
    if connector is None:
        return 0
    return notices_send(connector=connector, today=timezone.localdate())["sent"]


@shared_task(name="connectors.tasks.delivery_process", **RETRY)
def delivery_process(delivery_id: int) -> str:
    return _delivery_process(delivery_id=delivery_id).status

"""Writes of connectors: credentials are sealed on the way in and never come back out."""

from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from connectors.models import Connector
from connectors.secrets import credentials_open, credentials_seal, credentials_stored
from core.writes import instance_write

SYNC_TASK = "connectors.tasks.connector_sync_scheduled"
NOTICES_TASK = "connectors.tasks.slack_notices"


def _credentials_apply(connector: Connector, credentials: dict | None, *, replace: bool) -> None:
    if credentials is None:
        return
    current = {} if replace else credentials_stored(connector.credentials_sealed)
    merged = {**current, **{k: v for k, v in credentials.items() if v not in (None, "")}}
    for name, value in credentials.items():
        if value in (None, "") and not replace:
            merged.pop(name, None)  # an empty value clears that credential
    connector.credentials_sealed = credentials_seal(merged)
    connector.credential_names = sorted(merged)


def connector_credentials(connector: Connector) -> dict:
    return credentials_open(connector.credentials_sealed)


def _schedule(connector: Connector) -> None:
    """One beat entry per connector: a source syncs, a Slack channel looks for news to announce."""
    interval, _ = IntervalSchedule.objects.get_or_create(every=connector.every_minutes, period=IntervalSchedule.MINUTES)
    task = NOTICES_TASK if connector.kind == "slack" else SYNC_TASK
    PeriodicTask.objects.update_or_create(
        name=f"connector:{connector.pk}",
        defaults={
            "task": task,
            "interval": interval,
            "kwargs": f'{{"connector_id": {connector.pk}}}',
            "enabled": connector.enabled,
            "description": f"{connector.get_kind_display()} connector {connector.name}",
        },
    )


@transaction.atomic
def connector_create(*, data: dict, credentials: dict | None = None) -> Connector:
    connector = Connector(**{k: v for k, v in data.items() if k != "credentials"})
    _credentials_apply(connector, credentials or {}, replace=True)
    instance_write(connector, fields={})
    _schedule(connector)
    return connector


@transaction.atomic
def connector_update(*, connector: Connector, data: dict, credentials: dict | None = None) -> Connector:
    _credentials_apply(connector, credentials, replace=False)
    instance_write(connector, fields={k: v for k, v in data.items() if k != "credentials"})
    _schedule(connector)
    return connector


@transaction.atomic
def connector_delete(*, connector: Connector) -> None:
    PeriodicTask.objects.filter(name=f"connector:{connector.pk}").delete()
    connector.delete()

"""Capacity samples in, forecasts out: ingestion that loses nothing and forecasts kept current."""

from dataclasses import asdict
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.jobs import job_enqueue
from customers.domain.forecast import Forecast, Sample, forecast_fill
from customers.models import FORECAST_FIELDS, CapacityForecast, CapacitySample, Deployment

MAX_SAMPLES_PER_REQUEST = 10_000
# Written on every refresh: the forecaster's answer and when it was computed.
UPDATE_FIELDS = [*FORECAST_FIELDS, "computed_at"]


def _parse_row(index: int, row, capacity: int) -> CapacitySample:
    """One reading; its capacity is the row's own (a monitor that reports the disk size) or the deployment's
    at the time it arrives, so a later disk upgrade does not rewrite the history."""
    if not isinstance(row, dict):
        raise ValidationError({f"[{index}]": _("Each sample is an object with taken_at and used_bytes.")})
    taken_at = parse_datetime(str(row.get("taken_at", ""))) if row.get("taken_at") else None
    if taken_at is None:
        raise ValidationError({f"[{index}].taken_at": _("Enter an ISO-8601 date and time.")})
    if timezone.is_naive(taken_at):
        raise ValidationError({f"[{index}].taken_at": _("Include a time zone (e.g. Z or +08:00).")})
    used = row.get("used_bytes")
    if isinstance(used, bool) or not isinstance(used, int) or used < 0:
        raise ValidationError({f"[{index}].used_bytes": _("Enter a whole number of bytes, 0 or more.")})
    own = row.get("capacity_bytes")
    if own is not None and (isinstance(own, bool) or not isinstance(own, int) or own <= 0):
        raise ValidationError({f"[{index}].capacity_bytes": _("Enter a whole number of bytes, more than 0.")})
    return CapacitySample(taken_at=taken_at, used_bytes=used, capacity_bytes=own or capacity)


@transaction.atomic
def samples_ingest(*, deployment: Deployment, rows: list) -> int:
    """Store samples all-or-nothing; re-sent readings are not an error and are not stored twice."""
    if not isinstance(rows, list):
        raise ValidationError({"non_field_errors": _("Send a JSON list of samples.")})
    if len(rows) > MAX_SAMPLES_PER_REQUEST:
        raise ValidationError(
            {"non_field_errors": _("At most %(n)d samples per request.") % {"n": MAX_SAMPLES_PER_REQUEST}}
        )
    parsed = [_parse_row(i, row, deployment.capacity_bytes) for i, row in enumerate(rows)]
    for sample in parsed:
        sample.deployment = deployment
    before = CapacitySample.objects.filter(deployment=deployment).count()
    CapacitySample.objects.bulk_create(parsed, ignore_conflicts=True, batch_size=2000)
    created = CapacitySample.objects.filter(deployment=deployment).count() - before
    if created:
        forecast_enqueue(deployment_id=deployment.pk)
    return created


def forecast_enqueue(*, deployment_id: int) -> bool:
    """Re-forecast after new samples; a burst of pushes collapses into one run."""
    return job_enqueue(
        key=f"forecast:deployment:{deployment_id}",
        task="customers.tasks.forecast_deployment",
        kwargs={"deployment_id": deployment_id},
        countdown=settings.PLEDGEBOARD["FORECAST_COALESCE_SECONDS"],
    )


def _samples(deployment_id: int) -> list[Sample]:
    rows = CapacitySample.objects.filter(deployment_id=deployment_id).values_list(
        "taken_at", "used_bytes", "capacity_bytes"
    )
    return [Sample(t, u, c) for t, u, c in rows]


def _row(deployment_id: int, forecast: Forecast, computed_at: datetime) -> CapacityForecast:
    values = {k: v for k, v in asdict(forecast).items() if k in FORECAST_FIELDS}
    return CapacityForecast(deployment_id=deployment_id, computed_at=computed_at, **values)


def forecast_refresh(*, deployment_id: int) -> CapacityForecast:
    """Forecast one deployment from all its samples and store the result (idempotent)."""
    deployment = Deployment.objects.get(pk=deployment_id)
    forecast = forecast_fill(_samples(deployment_id), capacity_bytes=deployment.capacity_bytes)
    row = _row(deployment_id, forecast, timezone.now())
    CapacityForecast.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["deployment"], update_fields=UPDATE_FIELDS
    )
    # Days to full set the stabilization fix deadline and weigh in the incidents that hit this customer.
    inputs_changed(plan=False, scores=True, customers=[deployment.customer_id], fleet=True)
    return CapacityForecast.objects.get(deployment_id=deployment_id)


def fleet_refresh(*, chunk: int = 500) -> int:
    """Forecast every deployment, reading samples in chunks and writing forecasts in bulk."""
    ids = list(Deployment.objects.order_by("pk").values_list("pk", "capacity_bytes"))
    now = timezone.now()
    done = 0
    for start in range(0, len(ids), chunk):
        part = dict(ids[start : start + chunk])
        samples: dict[int, list[Sample]] = {pk: [] for pk in part}
        rows = CapacitySample.objects.filter(deployment_id__in=part).values_list(
            "deployment_id", "taken_at", "used_bytes", "capacity_bytes"
        )
        for dep, t, used, cap in rows.iterator(chunk_size=20_000):
            samples[dep].append(Sample(t, used, cap))
        forecasts = [_row(pk, forecast_fill(samples[pk], capacity_bytes=part[pk]), now) for pk in part]
        CapacityForecast.objects.bulk_create(
            forecasts,
            update_conflicts=True,
            unique_fields=["deployment"],
            update_fields=UPDATE_FIELDS,
            batch_size=1000,
        )
        done += len(forecasts)
    inputs_changed(plan=False, scores=True)
    return done


FLEET_JOB_KEY = "forecast:fleet"
FLEET_TASK = "customers.tasks.forecast_fleet"


def fleet_refresh_enqueue() -> bool:
    """Queue a tracked re-forecast of every deployment (the reconciler re-sends it if its message is lost)."""
    return job_enqueue(key=FLEET_JOB_KEY, task=FLEET_TASK)

"""Capacity samples in, forecasts out: ingestion that loses nothing and forecasts kept current."""

from collections.abc import Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.jobs import job_enqueue
from core.models import Job, JobStatus
from customers.domain.forecast import Forecast, Sample, forecast_fill
from customers.models import FORECAST_FIELDS, CapacityForecast, CapacitySample, Deployment

MAX_SAMPLES_PER_REQUEST = 10_000
MAX_BYTES = 2**63 - 1  # the largest value the database stores
# Written on every refresh: the forecaster's answer and when it was computed.
UPDATE_FIELDS = [*FORECAST_FIELDS, "computed_at"]


def _parse_row(index: int, row, capacity: int, *, earliest: datetime, latest: datetime) -> CapacitySample:
    """One reading; its capacity is the row's own (a monitor that reports the disk size) or the deployment's
    at the time it arrives, so a later disk upgrade does not rewrite the history. It must be dated between the
    floor and now plus a small clock skew, and its numbers must fit the database."""
    if not isinstance(row, dict):
        raise ValidationError({f"[{index}]": _("Each sample is an object with taken_at and used_bytes.")})
    taken_at = parse_datetime(str(row.get("taken_at", ""))) if row.get("taken_at") else None
    if taken_at is None:
        raise ValidationError({f"[{index}].taken_at": _("Enter an ISO-8601 date and time.")})
    if timezone.is_naive(taken_at):
        raise ValidationError({f"[{index}].taken_at": _("Include a time zone (e.g. Z or +08:00).")})
    if taken_at > latest:
        raise ValidationError(
            {
                f"[{index}].taken_at": _("This reading is dated after %(latest)s: check the clock of the monitor.")
                % {"latest": latest.isoformat(timespec="seconds")}
            }
        )
    if taken_at < earliest:
        raise ValidationError(
            {f"[{index}].taken_at": _("This reading is dated before %(earliest)s.") % {"earliest": earliest.date()}}
        )
    used = row.get("used_bytes")
    if isinstance(used, bool) or not isinstance(used, int) or not 0 <= used <= MAX_BYTES:
        raise ValidationError(
            {f"[{index}].used_bytes": _("Enter a whole number of bytes, from 0 to %(max)d.") % {"max": MAX_BYTES}}
        )
    own = row.get("capacity_bytes")
    if own is not None and (isinstance(own, bool) or not isinstance(own, int) or not 0 < own <= MAX_BYTES):
        raise ValidationError(
            {f"[{index}].capacity_bytes": _("Enter a whole number of bytes, from 1 to %(max)d.") % {"max": MAX_BYTES}}
        )
    return CapacitySample(taken_at=taken_at, used_bytes=used, capacity_bytes=own or capacity)


def _window() -> tuple[datetime, datetime]:
    floor = settings.PLEDGEBOARD["SAMPLE_FLOOR"]
    earliest = datetime(floor.year, floor.month, floor.day, tzinfo=UTC)
    return earliest, timezone.now() + settings.PLEDGEBOARD["SAMPLE_MAX_SKEW"]


def _check_duplicates(parsed: list[CapacitySample], *, deployment: Deployment) -> list[CapacitySample]:
    """The same reading sent twice counts once; two different readings for one moment are refused, naming both."""
    first: dict[datetime, int] = {}
    unique: list[CapacitySample] = []
    for index, sample in enumerate(parsed):
        if sample.taken_at in first:
            other = first[sample.taken_at]
            if parsed[other].used_bytes != sample.used_bytes:
                raise ValidationError(
                    {
                        f"[{index}].used_bytes": _(
                            "Rows %(a)d and %(b)d are both taken at %(at)s with different values "
                            "(%(x)d and %(y)d bytes)."
                        )
                        % {
                            "a": other,
                            "b": index,
                            "at": sample.taken_at.isoformat(),
                            "x": parsed[other].used_bytes,
                            "y": sample.used_bytes,
                        }
                    }
                )
            continue
        first[sample.taken_at] = index
        unique.append(sample)
    stored = dict(
        CapacitySample.objects.filter(deployment=deployment, taken_at__in=list(first)).values_list(
            "taken_at", "used_bytes"
        )
    )
    for at, index in first.items():
        if at in stored and stored[at] != parsed[index].used_bytes:
            raise ValidationError(
                {
                    f"[{index}].used_bytes": _("A reading taken at %(at)s is already stored with %(x)d bytes.")
                    % {"at": at.isoformat(), "x": stored[at]}
                }
            )
    return unique


@transaction.atomic
def samples_ingest(*, deployment: Deployment, rows: list) -> int:
    """Store samples all-or-nothing; re-sent readings are not an error and are not stored twice.

    A reading must lie between the floor and now plus a small clock skew, and fit the database; two readings
    of one moment must agree (in the request and with what is stored), or the request is refused, row named.
    """
    if not isinstance(rows, list):
        raise ValidationError({"non_field_errors": _("Send a JSON list of samples.")})
    if len(rows) > MAX_SAMPLES_PER_REQUEST:
        raise ValidationError(
            {"non_field_errors": _("At most %(n)d samples per request.") % {"n": MAX_SAMPLES_PER_REQUEST}}
        )
    earliest, latest = _window()
    parsed = [
        _parse_row(i, row, deployment.capacity_bytes, earliest=earliest, latest=latest) for i, row in enumerate(rows)
    ]
    unique = _check_duplicates(parsed, deployment=deployment)
    for sample in unique:
        sample.deployment = deployment
    before = CapacitySample.objects.filter(deployment=deployment).count()
    CapacitySample.objects.bulk_create(unique, ignore_conflicts=True, batch_size=2000)
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
    values = {k: getattr(forecast, k) for k in FORECAST_FIELDS}  # not asdict: it deep-copies the fitted line
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


FLEET_JOB_KEY = "forecast:fleet"
FLEET_TASK = "customers.tasks.forecast_fleet"
FLEET_CHUNK_TASK = "customers.tasks.forecast_fleet_chunk"
FLEET_CHUNK = 1000  # deployments per chunk job: a few seconds of one worker's time


def _chunk_key(first_id: int, last_id: int) -> str:
    return f"{FLEET_JOB_KEY}:{first_id}-{last_id}"


def fleet_chunks(*, size: int = FLEET_CHUNK) -> list[tuple[int, int]]:
    """The fleet in ranges of deployment ids, `size` deployments each (first and last id of each range)."""
    ids = list(Deployment.objects.order_by("pk").values_list("pk", flat=True))
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def _chunk_rows(first_id: int, last_id: int) -> Iterator[tuple[int, datetime, int, int | None]]:
    """Every reading of the deployments with ids in [first_id, last_id], in batches.

    On PostgreSQL the query runs on the driver's cursor with psycopg's own timestamptz loader (compiled): Django's
    loader is a Python subclass that parses each timestamp in Python, most of the time a 365-reading deployment takes
    to read. The timestamps are the same instants (UTC), so the forecasts are the same as from the ORM.
    """
    rows = (
        CapacitySample.objects.filter(deployment_id__gte=first_id, deployment_id__lte=last_id)
        .order_by()
        .values_list("deployment_id", "taken_at", "used_bytes", "capacity_bytes")
    )
    if connection.vendor != "postgresql":
        yield from rows.iterator(chunk_size=20_000)
        return
    from psycopg.types.datetime import TimestamptzLoader

    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.adapters.register_loader("timestamptz", TimestamptzLoader)  # this cursor only
        raw.execute(sql, params)
        while batch := raw.fetchmany(20_000):
            yield from batch


def fleet_chunk_refresh(*, first_id: int, last_id: int) -> int:
    """Forecast the deployments with ids in [first_id, last_id] (idempotent: it overwrites their forecasts).

    Samples are read in one pass and forecasts written in bulk. Scores are told once the last chunk of a fleet
    run is done (no other chunk queued or running), not once per chunk.
    """
    part = dict(
        Deployment.objects.filter(pk__gte=first_id, pk__lte=last_id).order_by("pk").values_list("pk", "capacity_bytes")
    )
    samples: dict[int, list[Sample]] = {pk: [] for pk in part}
    for dep, t, used, cap in _chunk_rows(first_id, last_id):
        if dep in samples:
            samples[dep].append(Sample(t, used, cap))
    now = timezone.now()
    forecasts = [_row(pk, forecast_fill(samples[pk], capacity_bytes=part[pk]), now) for pk in part]
    CapacityForecast.objects.bulk_create(
        forecasts, update_conflicts=True, unique_fields=["deployment"], update_fields=UPDATE_FIELDS, batch_size=1000
    )
    others = Job.objects.filter(key__startswith=f"{FLEET_JOB_KEY}:", status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    if not others.exclude(key=_chunk_key(first_id, last_id)).exists():
        inputs_changed(plan=False, scores=True)
    return len(forecasts)


def fleet_refresh(*, chunk: int = FLEET_CHUNK) -> int:
    """Forecast every deployment in this process, chunk by chunk (the demo, restores, tests)."""
    done = sum(fleet_chunk_refresh(first_id=a, last_id=b) for a, b in fleet_chunks(size=chunk))
    inputs_changed(plan=False, scores=True)
    return done


def fleet_fan_out(*, size: int = FLEET_CHUNK) -> int:
    """Queue one tracked job per chunk of the fleet, for any number of workers to share.

    Each chunk is its own job (key `forecast:fleet:<first id>-<last id>`): a chunk still queued is not queued
    twice, a lost message or a dead worker's chunk is re-sent by the reconciler, and running a chunk twice
    writes the same forecasts. Returns the number of chunks.
    """
    chunks = fleet_chunks(size=size)
    for first_id, last_id in chunks:
        job_enqueue(
            key=_chunk_key(first_id, last_id),
            task=FLEET_CHUNK_TASK,
            kwargs={"first_id": first_id, "last_id": last_id},
        )
    return len(chunks)


def fleet_refresh_enqueue() -> bool:
    """Queue a tracked re-forecast of every deployment (the reconciler re-sends it if its message is lost); it
    fans out into chunk jobs (`fleet_fan_out`)."""
    return job_enqueue(key=FLEET_JOB_KEY, task=FLEET_TASK)

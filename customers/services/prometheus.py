"""Pull capacity samples from Prometheus (optional; push through the API stays the default).

`prometheus_pull()` reads `/api/v1/query_range` for the configured PromQL over a window on a daily or hourly
grid, maps each series to a deployment by a label, and stores the readings through `samples_ingest` (so the
same checks and the same re-forecast apply as to a push). Pulling the same window again stores nothing new.
Settings (`PLEDGEBOARD_PROMETHEUS_*`) are read into a `PrometheusSource`; a caller may pass its own.
"""

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from customers.domain.prometheus import (
    PrometheusDataError,
    counter_resets_removed,
    readings,
    series_by_key,
    step_seconds,
    used_from_size_and_avail,
    window,
)
from customers.models import Deployment
from customers.services.forecasts import MAX_SAMPLES_PER_REQUEST, samples_ingest

log = logging.getLogger(__name__)


class PrometheusError(Exception):
    """Prometheus could not be reached or refused the query."""


@dataclass(frozen=True)
class PrometheusSource:
    url: str
    token: str = ""
    size_query: str = "node_filesystem_size_bytes"
    avail_query: str = "node_filesystem_avail_bytes"
    used_query: str = ""  # when set, used bytes come from this one query instead of size - avail
    used_kind: str = "gauge"  # or "counter": drops are resets
    label: str = "deployment"
    mapping: dict[str, str] = field(default_factory=dict)  # label value -> deployment name
    step: str = "1d"
    days: int = 30
    timeout: float = 30.0

    @classmethod
    def from_settings(cls) -> "PrometheusSource":
        knobs = settings.PLEDGEBOARD
        return cls(
            url=knobs["PROMETHEUS_URL"],
            token=knobs["PROMETHEUS_TOKEN"],
            size_query=knobs["PROMETHEUS_SIZE_QUERY"],
            avail_query=knobs["PROMETHEUS_AVAIL_QUERY"],
            used_query=knobs["PROMETHEUS_USED_QUERY"],
            used_kind=knobs["PROMETHEUS_USED_KIND"],
            label=knobs["PROMETHEUS_DEPLOYMENT_LABEL"],
            mapping=knobs["PROMETHEUS_DEPLOYMENT_MAP"],
            step=knobs["PROMETHEUS_STEP"],
            days=knobs["PROMETHEUS_LOOKBACK_DAYS"],
        )


@dataclass
class PullReport:
    deployments: int = 0
    created: int = 0
    unknown: list[str] = field(default_factory=list)  # label values that match no single deployment
    refused: dict[str, str] = field(default_factory=dict)  # deployment -> why samples_ingest refused them


def query_range(source: PrometheusSource, promql: str, *, start: int, end: int, step: int) -> list[dict]:
    params = urllib.parse.urlencode({"query": promql, "start": start, "end": end, "step": step})
    request = urllib.request.Request(f"{source.url.rstrip('/')}/api/v1/query_range?{params}", method="GET")
    if source.token:
        request.add_header("Authorization", f"Bearer {source.token}")
    try:
        with urllib.request.urlopen(request, timeout=source.timeout) as answer:
            body = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        raise PrometheusError(f"{promql!r}: Prometheus answered {error.code}: {error.read()[:300]!r}") from error
    except (OSError, ValueError) as error:
        raise PrometheusError(f"{promql!r}: {error}") from error
    if body.get("status") != "success" or body.get("data", {}).get("resultType") != "matrix":
        raise PrometheusError(f"{promql!r}: {body.get('error') or 'not a range vector'}")
    return body["data"]["result"]


def _used_by_key(
    source: PrometheusSource, *, start: int, end: int, step: int
) -> tuple[dict[str, dict[int, float]], dict[str, dict[int, float]]]:
    """(used bytes, disk sizes) per deployment key; sizes only in size - avail mode."""

    def fetch(promql: str) -> dict[str, dict[int, float]]:
        result = query_range(source, promql, start=start, end=end, step=step)
        return series_by_key(result, label=source.label, mapping=source.mapping)

    if source.used_query:
        used = fetch(source.used_query)
        if source.used_kind == "counter":
            used = {key: counter_resets_removed(points) for key, points in used.items()}
        return used, {}
    size, avail = fetch(source.size_query), fetch(source.avail_query)
    return {key: used_from_size_and_avail(size[key], avail.get(key, {})) for key in size}, size


def _deployments_by_name(names) -> dict[str, Deployment]:
    found: dict[str, list[Deployment]] = {}
    for deployment in Deployment.objects.filter(name__in=list(names)):
        found.setdefault(deployment.name, []).append(deployment)
    return {name: rows[0] for name, rows in found.items() if len(rows) == 1}  # a name two customers share is unknown


def prometheus_pull(*, source: PrometheusSource | None = None, now: float | None = None) -> PullReport:
    """Store the window's readings of every mapped deployment; returns what was stored and what was not."""
    source = source or PrometheusSource.from_settings()
    if not source.url:
        raise PrometheusError("no Prometheus URL (PLEDGEBOARD_PROMETHEUS_URL)")
    try:
        step = step_seconds(source.step)
    except PrometheusDataError as error:
        raise PrometheusError(str(error)) from error
    start, end = window(now=time.time() if now is None else now, days=source.days, step=step)
    used, sizes = _used_by_key(source, start=start, end=end, step=step)
    deployments = _deployments_by_name(used)
    report = PullReport()
    for key in sorted(used):
        deployment = deployments.get(key)
        if deployment is None:
            report.unknown.append(key)
            continue
        rows = [
            {"taken_at": r.taken_at.isoformat(), "used_bytes": r.used_bytes}
            | ({"capacity_bytes": r.capacity_bytes} if r.capacity_bytes else {})
            for r in readings(used[key], step=step, sizes=sizes.get(key))
        ]
        report.deployments += 1
        try:
            for at in range(0, len(rows), MAX_SAMPLES_PER_REQUEST):
                report.created += samples_ingest(deployment=deployment, rows=rows[at : at + MAX_SAMPLES_PER_REQUEST])
        except ValidationError as error:
            report.refused[key] = "; ".join(error.messages)[:500]
    if report.unknown:
        log.warning("Prometheus series for unknown deployments: %s", ", ".join(report.unknown[:20]))
    return report

"""GET /metrics: request metrics of every web worker and the product's forecasts, for Prometheus to scrape.

Protected by `Authorization: Bearer $PLEDGEBOARD_METRICS_TOKEN` (Prometheus: `authorization.credentials`);
without a token configured the endpoint is off (404). Product figures are read at scrape time from the
committed plan's summary, so an alert on them agrees with the pages.
"""

import hmac
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.core import GaugeMetricFamily

from core.metrics import exposition
from desk.selectors.metrics import ProductMetrics, product_metrics_get


def _timestamp(day: date) -> float:
    return datetime.combine(day, time(0), tzinfo=UTC).timestamp()


class ProductCollector:
    def __init__(self, figures: ProductMetrics):
        self.figures = figures

    def collect(self):
        f = self.figures
        for name, doc, value in (
            ("promises_late", "Live promises the committed plan misses.", f.promises_late),
            ("promises_at_risk", "Live promises the committed plan meets with little slack.", f.promises_at_risk),
            ("arr_at_risk", "ARR of the customers whose promises the committed plan misses.", f.arr_at_risk),
            ("customers_to_tell", "Customers who must hear that a promise is late.", f.customers_to_tell),
            ("deployments_under_20_percent_free", "Deployments under 20 % free.", f.deployments_under_20),
        ):
            yield GaugeMetricFamily(f"pledgeboard_{name}", doc, value=value)
        if f.fix_deadline is not None:
            yield GaugeMetricFamily(
                "pledgeboard_fix_deadline_timestamp_seconds",
                "The fleet deadline for the storage fix (the day before the K-th deployment fills), Unix time.",
                value=_timestamp(f.fix_deadline),
            )
        if f.fix_eta is not None:
            yield GaugeMetricFamily(
                "pledgeboard_fix_eta_timestamp_seconds",
                "The committed plan's date for the fix, Unix time.",
                value=_timestamp(f.fix_eta),
            )
        if f.fix_meets_deadline is not None:
            yield GaugeMetricFamily(
                "pledgeboard_fix_meets_deadline",
                "1 when the committed plan's fix beats the fleet deadline.",
                value=1 if f.fix_meets_deadline else 0,
            )
        labels = ["deployment", "customer"]
        median = GaugeMetricFamily(
            "pledgeboard_days_to_full", "Days until the deployment is full (median).", labels=labels
        )
        p10 = GaugeMetricFamily(
            "pledgeboard_days_to_full_p10", "Days until full, 10th percentile (soon case).", labels=labels
        )
        p90 = GaugeMetricFamily(
            "pledgeboard_days_to_full_p90", "Days until full, 90th percentile (late case).", labels=labels
        )
        for outlook in f.outlooks:
            names = [outlook.deployment, outlook.customer]
            median.add_metric(names, outlook.days)
            if outlook.days_p10 is not None:
                p10.add_metric(names, outlook.days_p10)
            if outlook.days_p90 is not None:
                p90.add_metric(names, outlook.days_p90)
        yield from (median, p10, p90)
        jobs = GaugeMetricFamily("pledgeboard_jobs", "Background jobs by status.", labels=["status"])
        for status, count in f.jobs_by_status.items():
            jobs.add_metric([status], count)
        yield jobs
        yield GaugeMetricFamily(
            "pledgeboard_job_queue_oldest_seconds",
            "Age of the oldest background job still queued (0 when none waits).",
            value=f.oldest_queued_seconds,
        )


def _authorized(request) -> bool:
    token = settings.PLEDGEBOARD["METRICS_TOKEN"]
    if not token:
        raise Http404("metrics are off: set PLEDGEBOARD_METRICS_TOKEN")
    scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@require_GET
def metrics(request):
    if not _authorized(request):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    now = timezone.now()
    figures = product_metrics_get(today=timezone.localdate(now), now=now)
    return HttpResponse(exposition(ProductCollector(figures)), content_type=CONTENT_TYPE_LATEST)

"""The product's figures for GET /metrics: read from the committed plan's summary (the figures every page
shows), the capacity forecasts and the background jobs."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min

from core.models import Job, JobStatus
from customers.selectors.forecasts import FillOutlook, fill_outlook_list
from roadmap.selectors.summary import plan_summary_get


@dataclass(frozen=True)
class ProductMetrics:
    promises_late: int
    promises_at_risk: int
    arr_at_risk: float
    customers_to_tell: int
    deployments_under_20: int
    fix_deadline: date | None
    fix_eta: date | None
    fix_meets_deadline: bool | None
    outlooks: list[FillOutlook]
    jobs_by_status: dict[str, int]
    oldest_queued_seconds: float


def product_metrics_get(*, today: date, now: datetime) -> ProductMetrics:
    summary = plan_summary_get(today=today)
    jobs = dict(Job.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    oldest = Job.objects.filter(status=JobStatus.QUEUED).aggregate(at=Min("queued_at"))["at"]
    return ProductMetrics(
        promises_late=summary.promises_late,
        promises_at_risk=summary.promises_at_risk,
        arr_at_risk=summary.arr_at_risk,
        customers_to_tell=summary.customers_to_tell,
        deployments_under_20=summary.deployments_under_20,
        fix_deadline=summary.fix_deadline,
        fix_eta=summary.fix.eta if summary.fix else None,
        fix_meets_deadline=summary.fix.meets_deadline if summary.fix else None,
        outlooks=fill_outlook_list(now=now),
        jobs_by_status={status: jobs.get(status, 0) for status in JobStatus.values},
        oldest_queued_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
    )

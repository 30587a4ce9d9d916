"""Fleet capacity risk: bands, who fills up when, and the deadline a fix must meet."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from customers.models import CapacityForecast, CapacitySample, Deployment

BANDS = (("critical", 0.0, 0.2), ("watch", 0.2, 0.4), ("healthy", 0.4, 1.01))


@dataclass(frozen=True)
class FleetSummary:
    bands: dict[str, int]
    full_within: dict[int, int]
    next_full: CapacityForecast | None
    deadline: date | None
    total: int


def fleet_forecasts(*, tier: str = "", region: str = "", band: str = "") -> QuerySet[CapacityForecast]:
    """Forecasts with their deployment and customer, soonest full first (not filling last)."""
    qs = CapacityForecast.objects.select_related("deployment__customer")
    if tier:
        qs = qs.filter(deployment__customer__tier=tier)
    if region:
        qs = qs.filter(deployment__customer__region=region)
    for name, low, high in BANDS:
        if band == name:
            qs = qs.filter(free_ratio__gte=low, free_ratio__lt=high)
    return qs.order_by(F("full_at").asc(nulls_last=True), "free_ratio", "pk")


def fleet_summary_get(*, tier: str = "", region: str = "", today: date | None = None) -> FleetSummary:
    today = today or timezone.localdate()
    now = timezone.now()
    qs = fleet_forecasts(tier=tier, region=region)
    aggregates = qs.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=Q(free_ratio__gte=low, free_ratio__lt=high)) for name, low, high in BANDS},
        **{f"within_{d}": Count("pk", filter=Q(full_at__lte=now + timedelta(days=d))) for d in (7, 30, 90)},
    )
    return FleetSummary(
        bands={name: aggregates[name] for name, _low, _high in BANDS},
        full_within={d: aggregates[f"within_{d}"] for d in (7, 30, 90)},
        next_full=qs.filter(full_at__isnull=False).first(),
        deadline=fleet_deadline_get(today=today),
        total=aggregates["total"],
    )


def fleet_deadline_get(*, k: int | None = None, today: date | None = None) -> date | None:
    """The date a fix must ship to beat the first K deployments to fill (None when none is filling)."""
    k = k or settings.PLEDGEBOARD["FLEET_DEADLINE_K"]
    today = today or timezone.localdate()
    full_dates = list(
        CapacityForecast.objects.filter(full_at__gt=timezone.now())
        .order_by("full_at")
        .values_list("full_at", flat=True)[:k]
    )
    if len(full_dates) < k:
        return None
    deadline = timezone.localtime(full_dates[-1]).date() - timedelta(days=1)
    return max(deadline, today)


def deployment_chart_data(*, deployment: Deployment, days: int = 365) -> list[tuple]:
    """(taken_at, used_bytes, capacity_bytes) of the last `days` days, oldest first."""
    since = timezone.now() - timedelta(days=days)
    return list(
        CapacitySample.objects.filter(deployment=deployment, taken_at__gte=since)
        .order_by("taken_at")
        .values_list("taken_at", "used_bytes", "capacity_bytes")
    )

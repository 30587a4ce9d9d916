"""Fleet capacity risk: bands, who fills up when, and the deadline a fix must meet."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from customers.domain.bands import BANDS
from customers.models import CapacityForecast, CapacitySample, Deployment, ForecastStatus, band_q

__all__ = ["BANDS"]


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
    if band:
        qs = qs.in_band(band)
    return qs.order_by(F("full_at").asc(nulls_last=True), "free_ratio", "pk")


def fleet_summary_get(*, tier: str = "", region: str = "", today: date | None = None) -> FleetSummary:
    today = today or timezone.localdate()
    now = timezone.now()
    qs = fleet_forecasts(tier=tier, region=region)
    aggregates = qs.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=band_q(name)) for name, _low, _high in BANDS},
        **{f"within_{d}": Count("pk", filter=Q(full_at__lte=now + timedelta(days=d))) for d in (7, 30, 90)},
    )
    return FleetSummary(
        bands={name: aggregates[name] for name, _low, _high in BANDS},
        full_within={d: aggregates[f"within_{d}"] for d in (7, 30, 90)},
        next_full=qs.filling(now=now).first(),
        deadline=fleet_deadline_get(today=today),
        total=aggregates["total"],
    )


def fleet_deadline_get(*, k: int | None = None, today: date | None = None) -> date | None:
    """The date a fix must ship to beat the first K deployments to fill (None when none is filling)."""
    k = k or settings.PLEDGEBOARD["FLEET_DEADLINE_K"]
    today = today or timezone.localdate()
    full_dates = list(CapacityForecast.objects.filling(now=timezone.now()).values_list("full_at", flat=True)[:k])
    if len(full_dates) < k:
        return None
    deadline = timezone.localtime(full_dates[-1]).date() - timedelta(days=1)
    return max(deadline, today)


def next_to_fill_get(*, now=None) -> CapacityForecast | None:
    """The deployment forecast to fill next (one rule for every page: soonest full date still ahead)."""
    return CapacityForecast.objects.filling(now=now or timezone.now()).select_related("deployment__customer").first()


def days_until_next_full_get(*, today: date) -> float | None:
    """Days from `today` until the next deployment fills (None when none is filling); never negative."""
    first = CapacityForecast.objects.filling(now=timezone.now()).values_list("full_at", flat=True).first()
    if first is None:
        return None
    return max((first.date() - today).days + first.hour / 24, 0.0)


def critical_count_get() -> int:
    """Deployments under 20 % free."""
    return CapacityForecast.objects.in_band("critical").count()


def filling_within_list(*, until, limit: int = 50) -> list[CapacityForecast]:
    """Deployments that fill between now and `until`, soonest first."""
    return list(
        CapacityForecast.objects.filling(now=timezone.now())
        .filter(full_at__lte=until)
        .select_related("deployment__customer")[:limit]
    )


def deployment_chart_data(*, deployment: Deployment, days: int = 365) -> list[tuple]:
    """(taken_at, used_bytes, capacity_bytes) of the last `days` days, oldest first."""
    since = timezone.now() - timedelta(days=days)
    return list(
        CapacitySample.objects.filter(deployment=deployment, taken_at__gte=since)
        .order_by("taken_at")
        .values_list("taken_at", "used_bytes", "capacity_bytes")
    )


def full_now_list(*, now=None, limit: int = 20) -> list[str]:
    """Deployments already full ("deployment (customer)"): forecast full, or a full date already passed."""
    now = now or timezone.now()
    return [
        f"{name} ({customer})"
        for name, customer in CapacityForecast.objects.filter(Q(status=ForecastStatus.FULL) | Q(full_at__lte=now))
        .order_by("full_at", "pk")
        .values_list("deployment__name", "deployment__customer__name")[:limit]
    ]


def days_to_full_by_customer(*, today: date, customer_ids=None) -> dict[int, float]:
    """Per customer, days from `today` until its first deployment is full (0 when one already is): one query."""
    qs = CapacityForecast.objects.filter(Q(status=ForecastStatus.FULL) | Q(full_at__isnull=False))
    if customer_ids is not None:
        qs = qs.filter(deployment__customer_id__in=customer_ids)
    days: dict[int, float] = {}
    for customer_id, full_at, status in qs.values_list("deployment__customer_id", "full_at", "status"):
        if status == ForecastStatus.FULL or full_at is None:
            left = 0.0
        else:
            local = timezone.localtime(full_at)
            left = max((local.date() - today).days + local.hour / 24, 0.0)
        days[customer_id] = min(left, days.get(customer_id, left))
    return days


@dataclass(frozen=True)
class FillOutlook:
    """One deployment's days to full as of now (P10, median, P90), for monitoring."""

    deployment: str
    customer: str
    days: float | None
    days_p10: float | None
    days_p90: float | None


def fill_outlook_list(*, now=None) -> list[FillOutlook]:
    """Every forecast with a full date, its days counted from `now` (a forecast counts from its last sample)."""
    now = now or timezone.now()
    rows = (
        CapacityForecast.objects.filter(days_to_full__isnull=False, samples_until__isnull=False)
        .order_by("deployment_id")
        .values_list(
            "deployment__name",
            "deployment__customer__name",
            "days_to_full",
            "days_to_full_p10",
            "days_to_full_p90",
            "samples_until",
        )
    )
    outlooks = []
    for deployment, customer, days, p10, p90, until in rows:
        since = (now - until).total_seconds() / 86400
        left = [None if value is None else round(max(value - since, 0.0), 3) for value in (days, p10, p90)]
        outlooks.append(FillOutlook(deployment, customer, *left))
    return outlooks

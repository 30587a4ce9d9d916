"""The home page: what a PM needs first thing in the morning, composed from each app's selectors."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from customers.models import CapacityForecast
from customers.selectors.forecasts import fleet_deadline_get
from incidents.models import OPEN_STATUSES, Incident, Severity
from roadmap.models import SCHEDULED_FEATURE_STATUSES, FeatureKind, PriorityScore
from roadmap.selectors.plan import baseline_plan_get


@dataclass(frozen=True)
class Home:
    open_sev12: int
    late_promises: list
    at_risk_promises: list
    arr_at_risk: float
    under_20_free: int
    next_full: CapacityForecast | None
    top_features: list
    incidents_needing_decision: list
    deadline: date | None


def home_get(*, today: date) -> Home:
    """Everything a PM needs first thing in the morning, in a constant number of queries."""
    plan = baseline_plan_get(today=today)
    late = sorted(plan.risk.late, key=lambda pair: pair[0].promised_date)
    soon = today + timedelta(days=30)
    at_risk = [
        (c, plan.dates[c.feature_id].eta)
        for c in plan.inputs.commitments
        if c.feature_id in plan.dates
        and plan.dates[c.feature_id].eta is not None
        and c.promised_date - plan.dates[c.feature_id].eta < timedelta(days=14)
        and plan.dates[c.feature_id].eta <= c.promised_date
        and c.promised_date <= soon + timedelta(days=60)
    ]
    open_incidents = Incident.objects.filter(status__in=OPEN_STATUSES)
    return Home(
        open_sev12=open_incidents.filter(severity__in=[Severity.SEV1, Severity.SEV2]).count(),
        late_promises=late[:10],
        at_risk_promises=at_risk[:10],
        arr_at_risk=plan.risk.arr_at_risk,
        under_20_free=CapacityForecast.objects.filter(free_ratio__lt=0.2).count(),
        next_full=CapacityForecast.objects.filter(full_at__gt=timezone.now())
        .select_related("deployment__customer")
        .order_by("full_at")
        .first(),
        top_features=list(
            PriorityScore.objects.filter(feature__isnull=False, feature__status__in=SCHEDULED_FEATURE_STATUSES)
            .select_related("feature__team")
            .order_by("-score")[:5]
        ),
        incidents_needing_decision=list(
            open_incidents.filter(severity__in=[Severity.SEV1, Severity.SEV2])
            .exclude(features__kind=FeatureKind.STABILIZATION)
            .order_by("severity", "-reported_at")[:5]
        ),
        deadline=fleet_deadline_get(today=today),
    )

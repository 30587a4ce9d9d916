"""Incident list and detail: who is hit and what happened. The work and promises tied to an incident are the
roadmap's to read (roadmap.selectors.incidents)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from core.queries import count_of
from incidents.models import OPEN_STATUSES, SEVERE, AffectedCustomer, Incident

# Filter values that stand for a group: SEV1 or SEV2, and any status but resolved (what Home counts).
SEVERE_FILTER = "severe"
OPEN_FILTER = "unresolved"


def incident_list(
    *, severity: str = "", status: str = "", category: str = "", customer: str = "", q: str = ""
) -> QuerySet:
    qs = Incident.objects.annotate(
        customers_hit=count_of(AffectedCustomer.objects.filter(incident=OuterRef("pk")), "incident"),
        vip_hit=Exists(AffectedCustomer.objects.filter(incident=OuterRef("pk"), vip_affected=True)),
    )
    if severity:
        qs = qs.filter(severity__in=SEVERE) if severity == SEVERE_FILTER else qs.filter(severity=severity)
    if status:
        qs = qs.filter(status__in=OPEN_STATUSES) if status == OPEN_FILTER else qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if customer:
        qs = qs.filter(affected__customer__name__icontains=customer).distinct()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.order_by("-reported_at", "-pk")


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    affected: list[AffectedCustomer]

    @property
    def customer_ids(self) -> list[int]:
        return [a.customer_id for a in self.affected]


def incident_detail_get(*, incident_id: int) -> IncidentDetail:
    incident = Incident.objects.select_related("deployment").get(pk=incident_id)
    affected = list(incident.affected.select_related("customer").order_by("-vip_affected", "customer__name"))
    return IncidentDetail(incident, affected)


def customer_open_incidents(*, customer_id: int, limit: int = 20) -> list[Incident]:
    """The customer's open incidents, worst first."""
    return list(
        Incident.objects.filter(affected__customer_id=customer_id, status__in=OPEN_STATUSES)
        .order_by("severity", "-reported_at")
        .distinct()[:limit]
    )


def open_incident_counts(*, customer_ids: list[int]) -> dict[int, int]:
    """Open incidents per customer, for the customers a page shows (one query)."""
    rows = (
        AffectedCustomer.objects.filter(customer_id__in=customer_ids, incident__status__in=OPEN_STATUSES)
        .values_list("customer_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def open_severe_count_get() -> int:
    """Open SEV1 and SEV2 incidents."""
    return Incident.objects.filter(status__in=OPEN_STATUSES, severity__in=SEVERE).count()

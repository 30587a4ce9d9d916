"""Incident list and detail: who is hit, what we are doing about it, and which promises are at risk."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.queries import count_of
from incidents.models import AffectedCustomer, Incident
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, Feature


def incident_list(
    *, severity: str = "", status: str = "", category: str = "", customer: str = "", q: str = ""
) -> QuerySet:
    qs = Incident.objects.annotate(
        customers_hit=count_of(AffectedCustomer.objects.filter(incident=OuterRef("pk")), "incident"),
        vip_hit=Exists(AffectedCustomer.objects.filter(incident=OuterRef("pk"), vip_affected=True)),
    )
    if severity:
        qs = qs.filter(severity=severity)
    if status:
        qs = qs.filter(status=status)
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
    features: list[Feature]
    promises_at_risk: list[Commitment]


def incident_detail_get(*, incident_id: int) -> IncidentDetail:
    incident = Incident.objects.get(pk=incident_id)
    affected = list(incident.affected.select_related("customer").order_by("-vip_affected", "customer__name"))
    features = list(incident.features.select_related("team").order_by("kind", "title"))
    promises = list(
        Commitment.objects.filter(customer__in=[a.customer_id for a in affected], status__in=LIVE_COMMITMENT_STATUSES)
        .select_related("feature", "customer")
        .order_by("promised_date")[:50]
    )
    return IncidentDetail(incident, affected, features, promises)

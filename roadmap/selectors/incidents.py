"""The roadmap side of an incident: the work linked to it and the promises to the customers it hits."""

from dataclasses import dataclass

from incidents.models import OPEN_STATUSES, SEVERE, Incident
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, Feature, FeatureKind


@dataclass(frozen=True)
class IncidentWork:
    features: list[Feature]
    commitments_at_risk: list[Commitment]


def incident_work_get(*, incident_id: int, customer_ids: list[int]) -> IncidentWork:
    features = list(Feature.objects.filter(incidents=incident_id).select_related("team").order_by("kind", "title"))
    promises = list(
        Commitment.objects.filter(customer__in=customer_ids, status__in=LIVE_COMMITMENT_STATUSES)
        .select_related("feature", "customer")
        .order_by("promised_date")[:50]
    )
    return IncidentWork(features, promises)


def severe_incidents_without_work_list(*, limit: int = 5) -> list[Incident]:
    """Open SEV1 / SEV2 incidents that no stabilization work answers yet: a PM must decide."""
    return list(
        Incident.objects.filter(status__in=OPEN_STATUSES, severity__in=SEVERE)
        .exclude(features__kind=FeatureKind.STABILIZATION)
        .order_by("severity", "-reported_at")[:limit]
    )

"""The roadmap side of an incident: the work linked to it and the promises to the customers it hits."""

from dataclasses import dataclass

from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, Feature


@dataclass(frozen=True)
class IncidentWork:
    features: list[Feature]
    promises_at_risk: list[Commitment]


def incident_work_get(*, incident_id: int, customer_ids: list[int]) -> IncidentWork:
    features = list(Feature.objects.filter(incidents=incident_id).select_related("team").order_by("kind", "title"))
    promises = list(
        Commitment.objects.filter(customer__in=customer_ids, status__in=LIVE_COMMITMENT_STATUSES)
        .select_related("feature", "customer")
        .order_by("promised_date")[:50]
    )
    return IncidentWork(features, promises)

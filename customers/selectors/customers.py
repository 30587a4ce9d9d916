"""Customer list and the customer 360: the account, its people, deployments, incidents and promises."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import OuterRef, Q, QuerySet
from django.utils import timezone

from core.queries import count_of
from customers.models import CapacitySample, Customer, Deployment, Persona
from incidents.models import OPEN_STATUSES, AffectedCustomer, Incident
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, FeatureRequest

SORTS = {"name": "name", "-arr": "-arr", "arr": "arr", "tier": "tier", "region": "region"}


def customer_list(*, q: str = "", tier: str = "", region: str = "", model: str = "", sort: str = "name") -> QuerySet:
    qs = Customer.objects.annotate(
        open_incidents=count_of(
            AffectedCustomer.objects.filter(customer=OuterRef("pk"), incident__status__in=OPEN_STATUSES), "customer"
        ),
        live_promises=count_of(
            Commitment.objects.filter(customer=OuterRef("pk"), status__in=LIVE_COMMITMENT_STATUSES), "customer"
        ),
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(industry__icontains=q))
    if tier:
        qs = qs.filter(tier=tier)
    if region:
        qs = qs.filter(region=region)
    if model:
        qs = qs.filter(deployment_model=model)
    return qs.order_by(SORTS.get(sort, "name"), "pk")


@dataclass(frozen=True)
class Customer360:
    customer: Customer
    personas_by_role: list[tuple[str, list[Persona]]]
    completeness: int
    deployments: list[Deployment]
    incidents: list[Incident]
    commitments: list[Commitment]
    requests: list[FeatureRequest]


def customer_360_get(*, customer_id: int) -> Customer360:
    customer = Customer.objects.select_related("owner").get(pk=customer_id)
    personas = list(customer.personas.order_by("role", "-is_vip", "name"))
    grouped = [(role, [p for p in personas if p.role == role]) for role in ("EB", "TB", "UB")]
    completeness = round(sum(p.completeness for p in personas) / len(personas)) if personas else 0
    deployments = list(customer.deployments.select_related("forecast").order_by("name"))
    incidents = list(
        Incident.objects.filter(affected__customer=customer, status__in=OPEN_STATUSES)
        .order_by("severity", "-reported_at")
        .distinct()[:20]
    )
    commitments = list(
        customer.commitments.select_related("feature__team", "persona").order_by("status", "promised_date")
    )
    requests = list(customer.feature_requests.select_related("feature", "persona").order_by("-requested_at")[:20])
    return Customer360(customer, grouped, completeness, deployments, incidents, commitments, requests)


def deployment_samples_get(*, deployment_ids: list[int], days: int = 365) -> dict[int, list[tuple]]:
    """(taken_at, used_bytes, capacity_bytes) of the last `days` days per deployment, oldest first, in one query."""
    since = timezone.now() - timedelta(days=days)
    samples: dict[int, list[tuple]] = {pk: [] for pk in deployment_ids}
    rows = (
        CapacitySample.objects.filter(deployment_id__in=deployment_ids, taken_at__gte=since)
        .order_by("deployment_id", "taken_at")
        .values_list("deployment_id", "taken_at", "used_bytes", "capacity_bytes")
    )
    for deployment_id, taken_at, used, capacity in rows:
        samples[deployment_id].append((taken_at, used, capacity))
    return samples

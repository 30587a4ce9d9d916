"""Customer list and the customer facts of the 360: the account, its people and its deployments.

Incidents and promises come from their own apps' selectors; the pages compose them."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.history import Change, history_changes
from customers.domain.personas import CONTACT_ORDER
from customers.models import CapacitySample, Customer, Deployment, Persona

SORTS = {"name": "name", "-arr": "-arr", "arr": "arr", "tier": "tier", "region": "region"}


def customer_list(*, q: str = "", tier: str = "", region: str = "", model: str = "", sort: str = "name") -> QuerySet:
    qs = Customer.objects.all()
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


def customer_360_get(*, customer_id: int) -> Customer360:
    customer = Customer.objects.select_related("owner").get(pk=customer_id)
    personas = list(customer.personas.order_by("role", "-is_vip", "name"))
    grouped = [(role, [p for p in personas if p.role == role]) for role in CONTACT_ORDER]
    completeness = round(sum(p.completeness for p in personas) / len(personas)) if personas else 0
    deployments = list(customer.deployments.select_related("forecast").order_by("name"))
    return Customer360(customer, grouped, completeness, deployments)


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


def customer_changes_list(*, customer_id: int, limit: int = 8) -> list[Change]:
    """The latest changes of the account and its people, newest first, in two queries."""
    window = 50  # enough history to diff the shown changes against the ones before them
    account = list(
        Customer.history.filter(id=customer_id).select_related("history_user").order_by("-history_date")[:window]
    )
    people = list(
        Persona.history.filter(customer_id=customer_id)
        .select_related("history_user")
        .order_by("-history_date")[:window]
    )
    changes = history_changes(account, model=Customer, subject=lambda r: r.name)
    changes += history_changes(people, model=Persona, subject=lambda r: r.name)
    return sorted(changes, key=lambda c: c.at, reverse=True)[:limit]

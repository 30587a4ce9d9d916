"""What each kind of row means: the serializer that judges it, its required columns, how a row finds its record."""

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers

from customers.api.serializers import CustomerSerializer, PersonaSerializer
from customers.models import Customer, Persona
from incidents.api.serializers import IncidentSerializer
from incidents.models import Incident
from roadmap.api.serializers import CommitmentSerializer, FeatureSerializer
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, Feature


@dataclass(frozen=True)
class Kind:
    name: str
    serializer: type[serializers.ModelSerializer]
    required: tuple[str, ...]
    find: Callable[[dict], object | None]  # the existing object this row is about, from resolved data


def _find_customer(data):
    return Customer.objects.filter(name=data.get("name")).first()


def _find_persona(data):
    return Persona.objects.filter(customer_id=data.get("customer"), name=data.get("name")).first()


def _find_feature(data):
    return Feature.objects.filter(title=data.get("title"), team_id=data.get("team")).first()


def _find_commitment(data):
    return Commitment.objects.filter(
        feature_id=data.get("feature"), customer_id=data.get("customer"), status__in=LIVE_COMMITMENT_STATUSES
    ).first()


def _find_incident(data):
    if data.get("external_id"):
        return Incident.objects.filter(
            external_source=data.get("external_source", ""), external_id=data["external_id"]
        ).first()
    return Incident.objects.filter(title=data.get("title"), reported_at=data.get("reported_at")).first()


KINDS = {
    "customers": Kind("customers", CustomerSerializer, ("name", "tier"), _find_customer),
    "personas": Kind("personas", PersonaSerializer, ("customer", "name", "role"), _find_persona),
    "features": Kind(
        "features",
        FeatureSerializer,
        ("title", "team", "effort_weeks"),
        _find_feature,
    ),
    "commitments": Kind(
        "commitments",
        CommitmentSerializer,
        ("feature", "customer", "promised_date"),
        _find_commitment,
    ),
    "incidents": Kind("incidents", IncidentSerializer, ("title", "severity", "reported_at"), _find_incident),
}
KIND_CHOICES = tuple(KINDS)


def columns_for(kind: Kind) -> list[str]:
    fields = kind.serializer().fields
    return [name for name, f in fields.items() if not f.read_only and name != "id"] + ["id"]

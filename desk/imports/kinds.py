"""What each kind of row means: the serializer that judges it, its required columns, its references."""

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import serializers

from customers.api.serializers import CustomerSerializer, PersonaSerializer
from customers.models import Customer, Persona
from incidents.api.serializers import IncidentSerializer
from incidents.models import Incident
from roadmap.api.serializers import CommitmentSerializer, FeatureSerializer
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, Feature, Release, Team


class Names:
    """Name -> id lookups for reference columns, loaded once per import."""

    def __init__(self):
        self._cache: dict[str, dict[str, list[int]]] = {}

    def ids(self, kind: str, name: str) -> list[int]:
        if kind not in self._cache:
            loaders: dict[str, Callable] = {
                "customer": lambda: Customer.objects.values_list("name", "pk"),
                "team": lambda: Team.objects.values_list("name", "pk"),
                "release": lambda: Release.objects.values_list("name", "pk"),
                "feature": lambda: Feature.objects.values_list("title", "pk"),
            }
            table: dict[str, list[int]] = {}
            for value, pk in loaders[kind]():
                table.setdefault(value.strip().casefold(), []).append(pk)
            self._cache[kind] = table
        return self._cache[kind].get(name.strip().casefold(), [])

    def one(self, kind: str, name: str) -> int:
        found = self.ids(kind, name)
        if not found:
            raise serializers.ValidationError(f"No {kind} is named {name!r}.")
        if len(found) > 1:
            raise serializers.ValidationError(f"Several {kind}s are named {name!r}; give the id column instead.")
        return found[0]


def split_names(value: str) -> list[str]:
    for sep in ("\uff1b", "|", ","):  # fullwidth semicolon as typed on Chinese keyboards
        value = value.replace(sep, ";")
    return [v.strip() for v in value.split(";") if v.strip()]


@dataclass(frozen=True)
class Kind:
    name: str
    serializer: type[serializers.ModelSerializer]
    required: tuple[str, ...]
    references: dict[str, str]  # column -> kind of name lookup
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
    "customers": Kind("customers", CustomerSerializer, ("name", "tier"), {}, _find_customer),
    "personas": Kind(
        "personas", PersonaSerializer, ("customer", "name", "role"), {"customer": "customer"}, _find_persona
    ),
    "features": Kind(
        "features",
        FeatureSerializer,
        ("title", "team", "effort_weeks"),
        {"team": "team", "release": "release"},
        _find_feature,
    ),
    "commitments": Kind(
        "commitments",
        CommitmentSerializer,
        ("feature", "customer", "promised_date"),
        {"feature": "feature", "customer": "customer"},
        _find_commitment,
    ),
    "incidents": Kind(
        "incidents", IncidentSerializer, ("title", "severity", "reported_at"), {"customers": "customer"}, _find_incident
    ),
}
KIND_CHOICES = tuple(KINDS)


def columns_for(kind: Kind) -> list[str]:
    fields = kind.serializer().fields
    return [name for name, f in fields.items() if not f.read_only and name != "id"] + ["id"]

"""What each column of an import takes, said in the reader's language, and an example row that imports as it is."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from rest_framework import serializers

from customers.models import Customer, Persona
from desk.domain.cells import BOOLEAN_EXAMPLES, DATE_EXAMPLES, NUMBER_EXAMPLES
from desk.imports.cells import choices_of, choices_text, list_join
from desk.imports.kinds import KINDS, Kind, columns_for
from roadmap.models import Feature, Team


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    required: bool
    accepts: str


def _label(kind: Kind, column: str) -> str:
    if column == "id":
        return "ID"
    try:
        field = kind.serializer.Meta.model._meta.get_field(column)
    except Exception:  # a serializer-only column
        return column
    if field.is_relation and field.verbose_name == column.replace("_", " "):
        return str(field.related_model._meta.verbose_name)  # a link named only by Django: its model's name
    return str(field.verbose_name)


def _accepts(kind: Kind, column: str, field) -> str:
    """What a cell of this column may hold, with examples."""
    if column == "id":
        return _("The record's id, to update that record; leave empty to match by name.")
    if column == "persona":
        return _("A key person of the row's customer, by name or e-mail.")
    if isinstance(field, serializers.ManyRelatedField):
        what = capfirst(field.child_relation.queryset.model._meta.verbose_name_plural)
        return _(
            "%(what)s by name or id, separated by semicolons (;), 、 or line breaks; a comma is part of a name "
            "(Acme, Inc.)."
        ) % {"what": what}
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        model = field.queryset.model
        if model is get_user_model():
            return _("A user's username or e-mail.")
        return _("An existing %(what)s, by name or id.") % {"what": model._meta.verbose_name}
    if isinstance(field, serializers.ChoiceField):
        return _("One of: %(allowed)s; the stored value or the label in either language, in any case.") % {
            "allowed": choices_text(choices_of(field))
        }
    if isinstance(field, serializers.BooleanField):
        return _("Yes or no: %(allowed)s.") % {"allowed": list_join(BOOLEAN_EXAMPLES)}
    if isinstance(field, serializers.IntegerField):
        return _("A whole number: 1200 or 1,200.")
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        if field.max_value is not None and field.max_value <= 1:
            return _("A fraction from 0 to 1, or a percentage: 0.4 or 40%.")
        return _("A number: %(examples)s; a currency sign is ignored.") % {"examples": list_join(NUMBER_EXAMPLES)}
    if isinstance(field, serializers.DateTimeField):
        return _(
            "A date with an optional time, in the product's time zone unless one is given: "
            "2026-11-01 08:00, 2026/11/01, 2026-11-01T08:00+08:00."
        )
    if isinstance(field, serializers.DateField):
        return _("A date: %(examples)s. A date such as 03/04/2026 reads two ways and is refused.") % {
            "examples": list_join(DATE_EXAMPLES)
        }
    if isinstance(field, serializers.EmailField):
        return _("An e-mail address.")
    return _("Text, kept exactly as written.")


def legend_for(kind: Kind) -> list[Column]:
    """Every column a kind's file may have, in the template's order: what it means, whether it is required, and
    what it accepts."""
    fields = kind.serializer().fields
    columns = _template_columns(kind)
    return [
        Column(
            name=column,
            label=_label(kind, column),
            required=column in kind.required,
            accepts=_accepts(kind, column, serializers.IntegerField() if column == "id" else fields[column]),
        )
        for column in columns
    ]


def _template_columns(kind: Kind) -> list[str]:
    columns = columns_for(kind)
    required = [c for c in columns if c in kind.required]
    return required + [c for c in columns if c not in kind.required]


def _choice_label(kind: Kind, column: str, value: str) -> str:
    field = kind.serializer().fields[column]
    return next(c.labels[0] for c in choices_of(field) if c.value == value)


def _example_values(kind: Kind, user) -> dict[str, str]:
    """One row per kind, naming records that exist so the row imports as it is (the first customer, team...)."""
    customer = Customer.objects.order_by("name").first()
    customer_name = customer.name if customer else "Acme, Inc."

    def choice(column: str, value: str) -> str:
        return _choice_label(kind, column, value)

    today = timezone.localdate()
    if kind.name == "customers":
        return {
            "name": "Acme, Inc.",
            "tier": choice("tier", "strategic"),
            "arr": "85,000",
            "deployment_model": choice("deployment_model", "private"),
            "region": _("East"),
            "owner": getattr(user, "username", "") or "",
            "health": choice("health", "at_risk"),
            "employee_count": "1,200",
            "industry": _("Finance"),
        }
    if kind.name == "personas":
        return {
            "customer": customer_name,
            "name": "Chen Jie",
            "title": "CIO",
            "role": choice("role", "EB"),
            "influence": "4",
            "stance": choice("stance", "supporter"),
            "is_vip": _("yes"),
            "email": "chen.jie@example.com",
        }
    if kind.name == "features":
        team = Team.objects.order_by("name").first()
        return {
            "title": _("Cold data archive"),
            "team": team.name if team else "Storage & Sync",
            "effort_weeks": "6",
            "effort_low_weeks": "4",
            "effort_high_weeks": "9",
            "kind": choice("kind", "feature"),
            "status": choice("status", "planned"),
        }
    if kind.name == "commitments":
        feature = Feature.objects.order_by("title").first()
        persona = Persona.objects.filter(customer=customer).order_by("name").first() if customer else None
        return {
            "feature": feature.title if feature else _("Cold data archive"),
            "customer": customer_name,
            "persona": persona.name if persona else "",
            "promised_date": (today + timedelta(days=180)).isoformat(),
            "strength": choice("strength", "firm"),
        }
    names = list(Customer.objects.order_by("name").values_list("name", flat=True)[:2]) or [customer_name]
    return {
        "title": _("Disk full on the archive cluster"),
        "severity": "SEV2",
        # Yesterday: today at 08:00 is still ahead before 8 in the morning, and an incident cannot start in the future.
        "reported_at": f"{(today - timedelta(days=1)).isoformat()} 08:00",
        "category": choice("category", "storage"),
        "status": choice("status", "open"),
        "customers": "; ".join(names),
        "ticket_count": "3",
    }


def template_for(kind_name: str, *, user=None) -> tuple[list[str], list[str]]:
    """The header of a kind's file and one example row that imports cleanly."""
    kind = KINDS[kind_name]
    header = _template_columns(kind)
    values = _example_values(kind, user)
    return header, [values.get(column, "") for column in header]

"""Writes of customers and their key people: every path (API, import, pages) comes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.writes import instance_write, source_owned_check
from customers.models import SOURCE_OWNED_CUSTOMER_FIELDS, SOURCE_OWNED_PERSONA_FIELDS, Customer, Persona


@transaction.atomic
def customer_create(*, data: dict) -> Customer:
    customer = instance_write(Customer(), fields=data)
    # ARR and tier weigh in promises at risk and in scores.
    inputs_changed(plan=True, scores=True, customers=[customer.pk])
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: dict, source: str = "") -> Customer:
    """`source`: the connector writing (a customer it keeps takes the fields it owns from it alone)."""
    source_owned_check(customer, data, owned=SOURCE_OWNED_CUSTOMER_FIELDS, source=source)
    instance_write(customer, fields=data)
    inputs_changed(plan=True, scores=True, customers=[customer.pk])
    return customer


def _persona_check(persona: Persona) -> None:
    """One name per person at a customer, said in words (the database constraint's message names columns)."""
    others = Persona.objects.filter(customer_id=persona.customer_id, name=persona.name).exclude(pk=persona.pk)
    if persona.customer_id and others.exists():
        raise ValidationError(
            {
                "name": _("%(customer)s already has a person named %(name)s.")
                % {"customer": persona.customer, "name": persona.name}
            }
        )


@transaction.atomic
def persona_create(*, data: dict) -> Persona:
    persona = instance_write(Persona(), fields=data, check=_persona_check)
    # Whom to tell in plans; who asked (EB weighs more) in scores.
    inputs_changed(plan=True, scores=True, customers=[persona.customer_id])
    return persona


@transaction.atomic
def persona_update(*, persona: Persona, data: dict, source: str = "") -> Persona:
    source_owned_check(persona, data, owned=SOURCE_OWNED_PERSONA_FIELDS, source=source)
    before = persona.customer_id
    instance_write(persona, fields=data, check=_persona_check)
    inputs_changed(plan=True, scores=True, customers={before, persona.customer_id})
    return persona

"""Writes of customers and their key people: every path (API, import, pages) comes through here."""

from django.db import transaction

from core.changes import inputs_changed
from core.writes import instance_write
from customers.models import Customer, Persona


@transaction.atomic
def customer_create(*, data: dict) -> Customer:
    customer = instance_write(Customer(), fields=data)
    # ARR and tier weigh in promises at risk and in scores.
    inputs_changed(plan=True, scores=True, customers=[customer.pk])
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: dict) -> Customer:
    instance_write(customer, fields=data)
    inputs_changed(plan=True, scores=True, customers=[customer.pk])
    return customer


@transaction.atomic
def persona_create(*, data: dict) -> Persona:
    persona = instance_write(Persona(), fields=data)
    # Whom to tell in plans; who asked (EB weighs more) in scores.
    inputs_changed(plan=True, scores=True, customers=[persona.customer_id])
    return persona


@transaction.atomic
def persona_update(*, persona: Persona, data: dict) -> Persona:
    before = persona.customer_id
    instance_write(persona, fields=data)
    inputs_changed(plan=True, scores=True, customers={before, persona.customer_id})
    return persona

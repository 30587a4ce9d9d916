"""Writes of customers and their key people: every path (API, import, pages) comes through here."""

from django.db import transaction

from core.changes import inputs_changed
from core.writes import instance_write
from customers.models import Customer, Persona


@transaction.atomic
def customer_create(*, data: dict) -> Customer:
    customer = instance_write(Customer(), fields=data)
    inputs_changed(plan=True, scores=True)  # ARR and tier weigh in promises at risk and in scores
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: dict) -> Customer:
    instance_write(customer, fields=data)
    inputs_changed(plan=True, scores=True)
    return customer


@transaction.atomic
def persona_create(*, data: dict) -> Persona:
    persona = instance_write(Persona(), fields=data)
    inputs_changed(plan=True, scores=True)  # whom to tell in plans; who asked (EB weighs more) in scores
    return persona


@transaction.atomic
def persona_update(*, persona: Persona, data: dict) -> Persona:
    instance_write(persona, fields=data)
    inputs_changed(plan=True, scores=True)
    return persona

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from customers.models import CapacitySample, Persona
from tests.factories import CustomerFactory, DeploymentFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def _violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_it_rejects_a_persona_role_outside_eb_tb_ub_in_the_database():
    customer = CustomerFactory()
    _violates(lambda: Persona.objects.create(customer=customer, name="X", role="XB"))


def test_it_derives_persona_completeness_from_filled_profile_fields():
    persona = PersonaFactory(title="CIO", email="", phone="")
    assert persona.completeness == 10
    persona.email, persona.phone, persona.department = "a@b.c", "123", "IT"
    assert persona.completeness == 40


def test_it_keeps_one_sample_per_deployment_and_time():
    deployment = DeploymentFactory()
    at = timezone.now()
    CapacitySample.objects.create(deployment=deployment, taken_at=at, used_bytes=1)
    _violates(lambda: CapacitySample.objects.create(deployment=deployment, taken_at=at, used_bytes=2))


def test_it_rejects_negative_arr_and_non_positive_capacity():
    _violates(lambda: CustomerFactory(arr=Decimal("-1")))
    _violates(lambda: DeploymentFactory(capacity_bytes=0))

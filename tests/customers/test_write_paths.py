"""A person at a customer, or a deployment's readings, are judged by the same service on every path."""

import pytest
from django.core.exceptions import ValidationError

from customers.models import CapacitySample, Persona
from customers.services.customers import persona_create
from customers.services.forecasts import samples_ingest
from desk.imports import import_file
from tests.factories import CustomerFactory, DeploymentFactory

pytestmark = pytest.mark.django_db


def test_every_path_refuses_an_influence_outside_one_to_five(pm_user, api_as):
    customer = CustomerFactory(name="Vantage Logistics")
    with pytest.raises(ValidationError) as service:
        persona_create(data={"customer": customer, "name": "Liu Yang", "role": "TB", "influence": 9})
    assert "influence" in service.value.message_dict
    api = api_as(pm_user).post(
        "/api/personas/", {"customer": customer.pk, "name": "Liu Yang", "role": "TB", "influence": 9}
    )
    assert api.status_code == 400
    assert "influence" in api.json()
    report = import_file(
        kind_name="personas",
        data=b"customer,name,role,influence\nVantage Logistics,Liu Yang,TB,9\n",
        filename="p.csv",
        user=pm_user,
        commit=True,
    )
    assert [(e.line, e.column) for e in report.errors] == [(2, "influence")]
    assert not Persona.objects.exists()


def test_the_api_and_the_service_refuse_a_reading_without_a_time_zone(pm_user, api_as):
    deployment = DeploymentFactory()
    rows = [{"taken_at": "2026-11-30T08:00:00", "used_bytes": 10}]
    with pytest.raises(ValidationError) as service:
        samples_ingest(deployment=deployment, rows=rows)
    api = api_as(pm_user).post(f"/api/deployments/{deployment.pk}/samples/", rows, format="json")
    assert api.status_code == 400
    assert str(service.value.messages[0]) in str(api.json())
    assert not CapacitySample.objects.exists()

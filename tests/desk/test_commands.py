from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from customers.models import CapacitySample, Customer, Persona
from incidents.models import Incident
from roadmap.models import Commitment, Feature

pytestmark = pytest.mark.django_db


def test_it_prints_an_api_token_that_authenticates(client, pm_user):
    out = StringIO()
    call_command("create_api_token", "pm", stdout=out)
    key = out.getvalue().strip()
    assert Token.objects.get(user=pm_user).key == key
    response = client.get("/api/customers/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200


def test_it_rejects_an_unknown_user_for_tokens():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named"):
        call_command("create_api_token", "ghost")


def test_it_loads_the_demo_story_once(settings):
    from desk.demo import Scale, demo_load

    small = Scale(
        customers=10,
        personas_per_customer=3,
        deployments=12,
        days=30,
        incidents=15,
        teams=5,
        features=12,
        commitments=8,
    )
    assert demo_load(scale=small) is True
    counts = (
        Customer.objects.count(),
        Persona.objects.count(),
        CapacitySample.objects.count(),
        Incident.objects.count(),
        Feature.objects.count(),
        Commitment.objects.count(),
    )
    assert demo_load(scale=small) is False
    assert counts == (
        Customer.objects.count(),
        Persona.objects.count(),
        CapacitySample.objects.count(),
        Incident.objects.count(),
        Feature.objects.count(),
        Commitment.objects.count(),
    )
    vantage = Customer.objects.get(name="Vantage Logistics")
    assert vantage.deployments.get().samples.count() > 365
    assert Feature.objects.filter(kind="stabilization").count() == 1
    assert Commitment.objects.filter(feature__title="Shared team spaces").count() == 2
    assert Commitment.objects.filter(feature__title="Offline sync for mobile").count() == 1
    assert Commitment.history.count() >= Commitment.objects.count()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=["pm", "presales", "leadership"])
    assert {u.groups.get().name for u in users} == {"PM", "Presales", "Leadership"}

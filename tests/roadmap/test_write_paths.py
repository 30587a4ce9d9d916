"""A commitment or a feature is judged by the same service whichever way it arrives: the API, the spreadsheet
import, or the page presales request it from."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from desk.imports import import_file
from roadmap.models import Commitment, Feature
from roadmap.services.commitments import commitment_create
from roadmap.services.features import feature_create, feature_update
from tests.factories import CustomerFactory, FeatureFactory, PersonaFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _import(kind: str, csv: str, user):
    return import_file(kind_name=kind, data=csv.encode(), filename=f"{kind}.csv", user=user, commit=True)


@pytest.fixture
def promise_parts():
    feature = FeatureFactory(title="Image compression")
    customer = CustomerFactory(name="Vantage Logistics")
    elsewhere = PersonaFactory(customer=CustomerFactory(name="Umbra Bank"), name="Zhou Min")
    return feature, customer, elsewhere


def test_every_path_refuses_a_promise_dated_today(promise_parts, pm_user, presales_user, presales_client, api_as):
    feature, customer, _elsewhere = promise_parts
    today = timezone.localdate()
    message = "The date must be in the future."

    with pytest.raises(ValidationError) as service:
        commitment_create(data={"feature": feature, "customer": customer, "promised_date": today}, user=pm_user)
    assert service.value.message_dict["promised_date"] == [message]

    api = api_as(presales_user).post(
        "/api/commitments/", {"feature": feature.pk, "customer": customer.pk, "promised_date": today.isoformat()}
    )
    assert api.status_code == 400
    assert api.json()["promised_date"] == [message]

    report = _import(
        "commitments", f"feature,customer,promised_date\n{feature.title},{customer.name},{today}\n", pm_user
    )
    assert [(e.line, e.column, e.message) for e in report.errors] == [(2, "promised_date", message)]

    page = presales_client.post(
        "/roadmap/request/",
        {"feature": feature.pk, "customer": customer.name, "promised_date": today.isoformat(), "strength": "firm"},
        follow=True,
    )
    assert message in page.content.decode()
    assert not Commitment.objects.exists()


def test_every_path_refuses_a_person_of_another_customer(promise_parts, pm_user, api_as):
    feature, customer, elsewhere = promise_parts
    later = timezone.localdate() + timedelta(days=60)
    message = "This person works at another customer."
    data = {"feature": feature, "customer": customer, "persona": elsewhere, "promised_date": later}

    with pytest.raises(ValidationError) as service:
        commitment_create(data=data, user=pm_user)
    assert service.value.message_dict["persona"] == [message]

    api = api_as(pm_user).post(
        "/api/commitments/",
        {"feature": feature.pk, "customer": customer.pk, "persona": elsewhere.pk, "promised_date": later.isoformat()},
    )
    assert (api.status_code, api.json().get("persona")) == (400, [message])
    assert not Commitment.objects.exists()


def test_presales_promises_through_the_api_become_requests(promise_parts, presales_user, api_as):
    feature, customer, _elsewhere = promise_parts
    later = timezone.localdate() + timedelta(days=60)
    api = api_as(presales_user).post(
        "/api/commitments/", {"feature": feature.pk, "customer": customer.pk, "promised_date": later.isoformat()}
    )
    assert api.status_code == 201
    commitment = Commitment.objects.get()
    assert (commitment.status, commitment.promised_by) == ("requested", presales_user)
    assert commitment.history.first().history_change_reason == "code:requested"


def test_every_path_refuses_a_low_effort_above_the_likely_one(pm_user, api_as):
    team = TeamFactory(name="Storage & Sync")
    with pytest.raises(ValidationError):
        feature_create(
            data={"title": "Tiering", "team": team, "effort_weeks": Decimal(4), "effort_low_weeks": Decimal(6)}
        )
    api = api_as(pm_user).post(
        "/api/features/", {"title": "Tiering", "team": team.pk, "effort_weeks": "4", "effort_low_weeks": "6"}
    )
    assert api.status_code == 400
    report = _import("features", "title,team,effort_weeks,effort_low_weeks\nTiering,Storage & Sync,4,6\n", pm_user)
    assert report.errors
    assert {e.line for e in report.errors} == {2}
    assert not Feature.objects.exists()


def test_the_api_and_the_service_refuse_a_dependency_cycle(pm_user, api_as):
    first = FeatureFactory(title="Compression")
    second = FeatureFactory(title="External storage", team=first.team)
    feature_update(feature=second, data={"depends_on": [first]})
    with pytest.raises(ValidationError) as service:
        feature_update(feature=first, data={"depends_on": [second]})
    assert "Compression → External storage → Compression" in service.value.message_dict["depends_on"][0]
    api = api_as(pm_user).patch(f"/api/features/{first.pk}/", {"depends_on": [first.pk]}, format="json")
    assert api.status_code == 400
    assert "cycle" in api.json()["depends_on"][0]
    assert list(first.depends_on.all()) == []


def test_the_api_refuses_a_past_promise_and_a_self_dependency(promise_parts, pm_user, presales_user, api_as):
    feature, customer, _elsewhere = promise_parts
    yesterday = timezone.localdate() - timedelta(days=1)
    for user in (pm_user, presales_user):
        api = api_as(user).post(
            "/api/commitments/",
            {"feature": feature.pk, "customer": customer.pk, "promised_date": yesterday.isoformat()},
            format="json",
        )
        assert api.status_code == 400
        assert api.json()["promised_date"] == ["The date must be in the future."]
    own = api_as(pm_user).patch(f"/api/features/{feature.pk}/", {"depends_on": [feature.pk]}, format="json")
    assert own.status_code == 400
    assert "Image compression → Image compression" in own.json()["depends_on"][0]
    assert not Commitment.objects.exists()

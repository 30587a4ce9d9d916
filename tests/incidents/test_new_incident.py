"""A PM files a new incident from the incident list, through the service the API uses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import Incident
from tests.factories import CustomerFactory, DeploymentFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def vantage():
    customer = CustomerFactory(name="Vantage Logistics")
    return {"customer": customer, "deployment": DeploymentFactory(customer=customer, name="vantage-prod")}


def _form(**changes):
    started = timezone.localtime() - timedelta(hours=2)
    data = {
        "title": "Disk full, nobody can work",
        "severity": "SEV1",
        "category": "storage",
        "reported_at": started.strftime("%Y-%m-%dT%H:%M"),
    }
    return {**data, **changes}


def test_the_list_offers_the_form_to_a_pm(pm_client):
    assert "/incidents/new/" in pm_client.get("/incidents/").content.decode()
    form = pm_client.get("/incidents/new/", headers=HTMX).content.decode()
    for name in ("title", "severity", "category", "customers", "deployment", "reported_at"):
        assert f'name="{name}"' in form


def test_a_pm_files_an_incident_at_a_deployment_and_its_page_opens(vantage, pm_client, pm_user):
    other = CustomerFactory(name="Umbra Securities")
    data = _form(customers=[vantage["customer"].pk, other.pk], deployment=vantage["deployment"].pk)
    response = pm_client.post("/incidents/new/", data, headers=HTMX)
    assert response.status_code == 204
    incident = Incident.objects.get(title="Disk full, nobody can work")
    assert response["HX-Redirect"] == f"/incidents/{incident.pk}/"
    assert (incident.severity, incident.category, incident.deployment, incident.created_by) == (
        "SEV1",
        "storage",
        vantage["deployment"],
        pm_user,
    )
    assert set(incident.customers.values_list("name", flat=True)) == {"Vantage Logistics", "Umbra Securities"}
    assert incident.history.get().history_user == pm_user
    page = pm_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'href="/customers/deployments/{vantage["deployment"].pk}/">vantage-prod</a>' in page
    without_js = pm_client.post("/incidents/new/", _form(title="Second"))
    assert without_js.status_code == 302


def test_a_deployment_alone_hits_its_customer(vantage, pm_client):
    pm_client.post("/incidents/new/", _form(deployment=vantage["deployment"].pk), headers=HTMX)
    assert list(Incident.objects.get().customers.all()) == [vantage["customer"]]


def test_a_refused_incident_shows_its_errors_keeps_the_input_and_files_nothing(vantage, pm_client):
    other = CustomerFactory(name="Umbra Securities")
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = _form(customers=[other.pk], deployment=vantage["deployment"].pk, reported_at=future, severity="SEV9")
    response = pm_client.post("/incidents/new/", data, headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Select a valid choice." in html  # the severity
    assert 'value="Disk full, nobody can work"' in html
    fixed = pm_client.post("/incidents/new/", {**data, "severity": "SEV1"}, headers=HTMX)
    assert fixed.status_code == 422
    html = fixed.content.decode()
    assert "An incident cannot start in the future." in html
    assert "vantage-prod belongs to Vantage Logistics" in html
    assert f'<option value="{other.pk}" selected>' in html
    assert not Incident.objects.exists()


def test_the_api_applies_the_same_rules(vantage, pm_api):
    other = CustomerFactory(name="Umbra Securities")
    response = pm_api.post(
        "/api/incidents/",
        {
            "title": "Disk full",
            "severity": "SEV1",
            "reported_at": timezone.now().isoformat(),
            "customers": [other.pk],
            "deployment": vantage["deployment"].pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "belongs to Vantage Logistics" in response.content.decode()
    assert not Incident.objects.exists()


@pytest.mark.parametrize("role", ["presales", "leadership"])
def test_only_a_pm_files_incidents(role, request):
    client = request.getfixturevalue(f"{role}_client")
    assert client.get("/incidents/new/", headers=HTMX).status_code == 403
    assert client.post("/incidents/new/", _form(), headers=HTMX).status_code == 403
    page = client.get("/incidents/").content.decode()
    assert "New incident" not in page
    assert "/incidents/new/" not in page
    assert not Incident.objects.exists()

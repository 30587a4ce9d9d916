import pytest

from incidents.models import TimelineEvent
from tests.factories import AffectedCustomerFactory, CommitmentFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def test_it_lists_and_filters_incidents_in_constant_queries(presales_client, django_assert_max_num_queries):
    AffectedCustomerFactory(incident__title="Disk full at V", incident__severity="SEV1", vip_affected=True)
    for _ in range(30):
        AffectedCustomerFactory(incident__severity="SEV3")
    with django_assert_max_num_queries(8):
        page = presales_client.get("/incidents/")
    assert "Disk full at V" in page.content.decode()
    partial = presales_client.get("/incidents/", {"severity": "SEV1"}, headers={"HX-Request": "true"}).content.decode()
    assert "Disk full at V" in partial
    assert "Incident 5" not in partial
    assert "<html" not in partial


def test_it_shows_the_incident_with_vips_work_and_promises(leadership_client, django_assert_max_num_queries):
    link = AffectedCustomerFactory(vip_affected=True, incident__why_it_happened="No alerting on disks")
    CommitmentFactory(customer=link.customer, feature__title="Shared spaces")
    with django_assert_max_num_queries(19):
        page = leadership_client.get(f"/incidents/{link.incident.pk}/")
    html = page.content.decode()
    for text in [link.customer.name, "VIPs hit", "No alerting on disks", "Shared spaces", "How we prevent it"]:
        assert text in html
    assert "Add to timeline" not in html


def test_it_lets_pms_update_the_timeline_and_forbids_others(client, pm_user, presales_user):
    incident = IncidentFactory()
    client.force_login(presales_user)
    assert client.post(f"/incidents/{incident.pk}/update/", {"status": "resolved"}).status_code == 403
    client.force_login(pm_user)
    response = client.post(
        f"/incidents/{incident.pk}/update/", {"status": "responding"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="timeline"' in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "responding"
    assert incident.responded_at is not None
    bad = client.post(f"/incidents/{incident.pk}/update/", {"kind": "note", "text": " "})
    assert bad.status_code == 422
    client.post(f"/incidents/{incident.pk}/update/", {"kind": "clarified", "text": "Images are 80% of storage"})
    assert TimelineEvent.objects.filter(incident=incident, kind="clarified").exists()


def test_it_answers_a_bad_timeline_event_with_the_errors_in_the_partial(client, pm_user):
    incident = IncidentFactory()
    client.force_login(pm_user)
    response = client.post(
        f"/incidents/{incident.pk}/update/", {"kind": "nonsense", "text": ""}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html
    assert "Choose what happened." in html
    assert "Describe what happened." in html
    assert not TimelineEvent.objects.filter(incident=incident).exists()


def test_it_rejects_a_timeline_post_without_the_csrf_token(pm_user):
    from django.test import Client

    incident = IncidentFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(pm_user)
    assert strict.post(f"/incidents/{incident.pk}/update/", {"kind": "note", "text": "x"}).status_code == 403


def test_it_forbids_leadership_to_change_an_incident(leadership_client):
    incident = IncidentFactory()
    assert leadership_client.post(f"/incidents/{incident.pk}/update/", {"status": "resolved"}).status_code == 403
    html = leadership_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Change status" not in html
    incident.refresh_from_db()
    assert incident.status == "open"

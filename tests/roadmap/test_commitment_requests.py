from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import Commitment
from tests.factories import CommitmentFactory, CustomerFactory, FeatureFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def test_it_gives_presales_honest_dates_and_who_has_the_promise(presales_client, django_assert_max_num_queries):
    feature = FeatureFactory(title="Offline sync")
    CommitmentFactory(feature=feature, customer__name="Umbra")
    target = (timezone.localdate() + timedelta(days=120)).isoformat()
    with django_assert_max_num_queries(15):
        page = presales_client.get("/roadmap/check/", {"feature": feature.pk, "date": target})
    html = page.content.decode()
    assert "P85: safe to promise" in html
    assert "Umbra" in html
    assert "%" in html
    found = presales_client.get("/roadmap/check/", {"q": "offline"}).content.decode()
    assert "Offline sync" in found
    partial = presales_client.get("/roadmap/check/", {"feature": feature.pk}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()


def test_it_turns_a_presales_request_into_a_pm_decision(client, presales_user, pm_user, leadership_user):
    feature, customer = FeatureFactory(), CustomerFactory(name="Westlake")
    PersonaFactory(customer=customer, name="Huang")
    when = (timezone.localdate() + timedelta(days=90)).isoformat()
    client.force_login(leadership_user)
    assert client.post("/roadmap/request/", {"feature": feature.pk, "customer": "Westlake"}).status_code == 403
    client.force_login(presales_user)
    client.post(
        "/roadmap/request/",
        {"feature": feature.pk, "customer": "westlake", "persona": "Huang", "promised_date": when, "strength": "firm"},
    )
    requested = Commitment.objects.get(feature=feature)
    assert requested.status == "requested"
    assert requested.persona.name == "Huang"
    assert client.get("/roadmap/requests/").status_code == 403
    assert client.post(f"/roadmap/requests/{requested.pk}/decide/", {"decision": "approve"}).status_code == 403
    client.post("/roadmap/request/", {"feature": feature.pk, "customer": "Nobody", "promised_date": "soon"})
    assert Commitment.objects.count() == 1
    client.force_login(pm_user)
    assert "Westlake" in client.get("/roadmap/requests/").content.decode()
    client.post(f"/roadmap/requests/{requested.pk}/decide/", {"decision": "decline", "reason": ""})
    requested.refresh_from_db()
    assert requested.status == "requested"
    client.post(f"/roadmap/requests/{requested.pk}/decide/", {"decision": "decline", "reason": "Team is full"})
    requested.refresh_from_db()
    assert requested.status == "declined"
    assert requested.history.first().history_change_reason == "Team is full"

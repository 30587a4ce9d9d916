"""The desk's pages: the home page every role lands on, and search across customers, features and incidents."""

import pytest

from tests.factories import CommitmentFactory, CustomerFactory, FeatureFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["PM", "Presales", "Leadership"])
def test_it_lets_every_role_reach_the_home_page(client, role_users, role, django_assert_max_num_queries):
    client.force_login(role_users[role])
    with django_assert_max_num_queries(16):
        response = client.get("/")
    assert response.status_code == 200
    assert role.encode() in response.content


def test_it_keeps_the_home_page_flat_in_queries_as_data_grows(pm_client, django_assert_max_num_queries):
    for _ in range(20):
        CommitmentFactory()
        IncidentFactory(severity="SEV1")
    with django_assert_max_num_queries(16):
        response = pm_client.get("/")
    assert "promises late / at risk" in response.content.decode()


def test_it_searches_customers_features_and_incidents(pm_client):
    CustomerFactory(name="华东制造 Storage Co")
    FeatureFactory(title="Storage compression")
    IncidentFactory(title="Storage full at V")
    response = pm_client.get("/search/", {"q": "storage"})
    assert response.status_code == 200
    for text in ["华东制造 Storage Co", "Storage compression", "Storage full at V"]:
        assert text in response.content.decode()
    partial = pm_client.get("/search/", {"q": "制造"}, headers={"HX-Request": "true"})
    assert "华东制造" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_presales_home_says_what_can_be_promised_and_shows_their_requests(client, presales_user, pm_user):
    from datetime import timedelta

    from django.utils import timezone

    from roadmap.services.commitments import commitment_decline

    feature = FeatureFactory(title="Offline sync", status="planned")
    asked = CommitmentFactory(
        feature=feature,
        status="requested",
        promised_by=presales_user,
        promised_date=timezone.localdate() + timedelta(days=200),
    )
    commitment_decline(commitment=asked, reason="Not before the storage fix", user=pm_user)
    client.force_login(presales_user)
    html = client.get("/").content.decode()
    assert "What can I promise?" in html
    assert "Offline sync" in html
    assert "Plan a preemption" not in html
    assert "Not before the storage fix" in html  # the decline reason reaches the one who asked


def test_leadership_home_shows_the_headline_and_top_risks(client, leadership_user):
    from datetime import timedelta

    from django.utils import timezone

    CommitmentFactory(
        feature__title="Shared spaces",
        customer__name="Westlake",
        promised_date=timezone.localdate() + timedelta(days=1),
    )
    client.force_login(leadership_user)
    html = client.get("/").content.decode()
    assert "Top risks: late promises by ARR" in html
    assert "Westlake" in html
    assert "Open the weekly review" in html


def test_the_open_severe_tile_lists_what_it_counts(pm_client):
    IncidentFactory(title="Disk full at V", severity="SEV1", status="open")
    IncidentFactory(title="Slow search", severity="SEV2", status="responding")
    IncidentFactory(title="Old SEV1", severity="SEV1", status="resolved")
    IncidentFactory(title="Typo", severity="SEV4", status="open")
    home = pm_client.get("/").content.decode()
    assert "/incidents/?severity=severe&amp;status=unresolved" in home
    listed = pm_client.get("/incidents/", {"severity": "severe", "status": "unresolved"}).content.decode()
    assert "Disk full at V" in listed
    assert "Slow search" in listed
    assert "Old SEV1" not in listed
    assert "Typo" not in listed

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

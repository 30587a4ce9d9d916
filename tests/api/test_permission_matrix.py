"""Every write endpoint x every role: PM writes, presales only requests commitments, leadership reads."""

import pytest
from rest_framework.test import APIClient

from config.api import router

pytestmark = pytest.mark.django_db

# (resource, method) pairs that presales may use: commitment requests.
PRESALES_MAY = {("commitments", "post")}


def _write_endpoints():
    for prefix, _viewset, _basename in router.registry:
        yield prefix, "post", f"/api/{prefix}/"
        for method in ("put", "patch", "delete"):
            yield prefix, method, f"/api/{prefix}/999999/"


WRITE_ENDPOINTS = list(_write_endpoints())


@pytest.mark.parametrize(("resource", "method", "url"), WRITE_ENDPOINTS)
@pytest.mark.parametrize("role", ["anonymous", "PM", "Presales", "Leadership"])
def test_it_enforces_roles_on_every_api_write(role_users, role, resource, method, url):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(role_users[role])
    response = getattr(client, method)(url, {}, format="json")
    if role == "anonymous":
        assert response.status_code == 401
    elif role == "PM" or (role == "Presales" and (resource, method) in PRESALES_MAY):
        assert response.status_code not in (401, 403), response.content
    else:
        assert response.status_code == 403, response.content


@pytest.mark.parametrize("role", ["PM", "Presales", "Leadership"])
def test_it_lets_every_role_read_the_api(role_users, role):
    client = APIClient()
    client.force_authenticate(role_users[role])
    for prefix, _viewset, _basename in router.registry:
        assert client.get(f"/api/{prefix}/").status_code == 200, prefix


def test_it_turns_a_presales_commitment_into_a_request(role_users):
    from tests.factories import CustomerFactory, FeatureFactory

    client = APIClient()
    client.force_authenticate(role_users["Presales"])
    feature, customer = FeatureFactory(), CustomerFactory()
    response = client.post(
        "/api/commitments/",
        {"feature": feature.pk, "customer": customer.pk, "promised_date": "2027-03-01", "status": "active"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "requested"

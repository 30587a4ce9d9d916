"""Every /api/ error is JSON in one of the two documented shapes: {"detail": ...} or field -> problems."""

import pytest
from rest_framework.exceptions import ValidationError

from core.errors import exception_handler

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/no-such-thing/",
        "/api/customers/abc/",
        "/api/commitments/-1.5e-270/",
        "/api/deployments/999999/forecast/",
        "/api/customers/?page=0",
        "/api/customers/?page=abc",
    ],
)
def test_it_answers_a_missing_api_resource_with_a_json_detail(pm_api, url):
    response = pm_api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_it_answers_a_wrong_method_with_a_json_detail(pm_api):
    response = pm_api.delete("/api/deployments/1/samples/")
    assert response.status_code == 405
    assert set(response.json()) == {"detail"}


def test_it_files_a_bare_list_of_problems_under_non_field_errors():
    response = exception_handler(ValidationError(["This scenario is no longer a draft."]), {})
    assert response.data == {"non_field_errors": ["This scenario is no longer a draft."]}


def test_it_files_a_bare_message_under_non_field_errors():
    response = exception_handler(ValidationError("No."), {})
    assert response.data == {"non_field_errors": ["No."]}


@pytest.mark.parametrize(
    "url",
    ["/api/personas/?is_vip=null", "/api/scores/?policy_version=0.5", "/api/customers/?tier=", "/api/teams/?page="],
)
def test_it_refuses_a_query_value_of_the_wrong_type(pm_api, url):
    response = pm_api.get(url)
    assert response.status_code in {400, 404}
    assert isinstance(response.json(), dict)


def test_it_refuses_a_number_where_the_schema_says_text(pm_api):
    response = pm_api.post("/api/customers/", {"name": "Acme", "tier": "key", "notes": 1477}, format="json")
    assert response.status_code == 400
    assert "notes" in response.json()


def test_it_speaks_json_only(pm_api):
    response = pm_api.post("/api/customers/", {"name": "Acme", "tier": "key"}, format="multipart")
    assert response.status_code == 415
    assert set(response.json()) == {"detail"}

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

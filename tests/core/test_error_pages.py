"""Refused, missing and failed pages stay inside the layout and say what to do."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_refused_page_explains_the_role_inside_the_layout(presales_client):
    response = presales_client.get("/data/import/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your role cannot do this" in html
    assert 'class="topbar"' in html  # navigation stays


@override_settings(DEBUG=False)
def test_a_missing_page_offers_search_inside_the_layout(pm_client):
    response = pm_client.get("/customers/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist" in html
    assert 'role="search"' in html


def test_the_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Something went wrong on our side" in render_to_string("500.html")


@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/search/", "/customers/", "/incidents/", "/customers/fleet/"])
def test_a_nul_in_the_query_is_a_400_page_not_a_database_error(pm_client, path):
    response = pm_client.get(path, {"q": "disk\x00full", "region": "a\x00"})
    assert response.status_code == 400
    assert 'class="topbar"' in response.content.decode()


def test_a_nul_in_an_api_query_is_the_apis_json_400(pm_api):
    response = pm_api.get("/api/connectors/", {"search": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {"detail": "A query value holds a NUL character."}

"""The kernel's pages and guards: login, lockout, roles, health checks and the content security policy."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_login_page(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Log in" in response.content


def test_it_forbids_pages_to_a_user_without_a_role(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="x"))
    assert client.get("/").status_code == 403


def test_it_logs_in_with_a_password(client, pm_user):
    response = client.post("/accounts/login/", {"username": "pm", "password": "pledgeboard"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_answers_health_checks_without_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_it_locks_out_a_username_after_repeated_failed_logins(client, pm_user):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "pm", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "pm", "password": "pledgeboard"})
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


def test_it_sends_a_content_security_policy(pm_client):
    policy = pm_client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy

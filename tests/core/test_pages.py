"""The kernel's pages and guards: login, lockout, roles, health checks and the content security policy."""

import pytest
from django.utils import timezone

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
    from core.models import Heartbeat

    Heartbeat.objects.create(name="worker", beat_at=timezone.now())
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "broker": "ok", "beat": "ok"}


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


def _fail_logins(client, *, times: int = 5, **meta):
    for _ in range(times):
        client.post("/accounts/login/", {"username": "pm", "password": "wrong"}, **meta)


@pytest.mark.parametrize(
    ("proxies", "attacker", "colleague"),
    [
        # One proxy appends the client it saw; the attacker also sends a forged header of its own.
        (1, {"HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.5"}, {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}),
        # Two proxies: the outer one's view of the client, then the outer proxy's own address.
        (
            2,
            {"HTTP_X_FORWARDED_FOR": "203.0.113.5, 10.0.0.2"},
            {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.0.0.2"},
        ),
    ],
)
def test_it_locks_out_the_client_behind_trusted_proxies_not_the_proxy(
    client, pm_user, settings, proxies, attacker, colleague
):
    settings.PROXY_COUNT = proxies
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    _fail_logins(client, **proxy, **attacker)
    locked = client.post("/accounts/login/", {"username": "pm", "password": "pledgeboard"}, **proxy, **attacker)
    assert locked.status_code == 429
    other = client.post("/accounts/login/", {"username": "pm", "password": "pledgeboard"}, **proxy, **colleague)
    assert other.status_code == 302


def test_it_keys_the_lockout_on_the_outer_proxys_view_not_a_forged_header(client, pm_user, settings):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    _fail_logins(client, **proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    forged = client.post(
        "/accounts/login/",
        {"username": "pm", "password": "pledgeboard"},
        **proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.2, 203.0.113.5",
    )
    assert forged.status_code == 429

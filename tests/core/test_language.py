import pytest

from core.models import Preference

pytestmark = pytest.mark.django_db


def test_it_remembers_the_language_per_user_across_sessions(client, pm_user):
    client.force_login(pm_user)
    response = client.post("/language/", {"language": "zh-hans", "next": "/search/"})
    assert response.status_code == 302
    assert response["Location"] == "/search/"
    assert Preference.objects.get(user=pm_user).language == "zh-hans"
    client.logout()
    client.cookies.clear()
    client.force_login(pm_user)
    assert client.get("/").headers["Content-Language"] == "zh-hans"


def test_it_rejects_an_unknown_language(client, pm_user):
    client.force_login(pm_user)
    assert client.post("/language/", {"language": "xx"}).status_code == 400


def test_it_refuses_redirects_to_other_hosts(client, pm_user):
    client.force_login(pm_user)
    response = client.post("/language/", {"language": "en", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("secure", [True, False])
def test_it_sets_the_language_cookie_as_the_settings_say(client, pm_user, settings, secure):
    settings.LANGUAGE_COOKIE_SECURE = secure
    client.force_login(pm_user)
    response = client.post("/language/", {"language": "zh-hans"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert bool(cookie["secure"]) is secure
    assert cookie["samesite"] == "Lax"

"""Real Chromium, driven by Playwright, against the live server."""

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username", ["pm", "presales", "leadership"])
def test_it_logs_in_each_role_and_reaches_home(browser, live_server, live_requests, role_users, username, tmp_path):
    page = browser.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(f"{live_server.url}/")
    log_in(page, username)
    page.wait_for_selector("main h1")  # each role has its own home
    assert page.url == f"{live_server.url}/"
    assert (
        page.locator(".role-badge").inner_text()
        == role_users[{"pm": "PM", "presales": "Presales", "leadership": "Leadership"}[username]].groups.get().name
    )
    assert errors == []
    page.close()

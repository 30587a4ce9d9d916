import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, require_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The demo story's storage incident, which the incident journeys open.
VANTAGE_INCIDENT = "Vantage: disk full, nobody can work"


def log_in(page, username: str) -> None:
    """Fill in and send the login form the page shows (every demo user's password is the same)."""
    page.fill("#id_username", username)
    page.fill("#id_password", "pledgeboard")
    page.click("button[type=submit]")


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class Session:
    """A logged-in page that records console errors and server errors."""

    def __init__(self, browser, base_url: str, username: str):
        self.base_url = base_url
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"{msg.text} {self.page.url}"))
        self.page.on("response", lambda r: r.status >= 500 and self.errors.append(f"{r.status} {r.url}"))
        self.page.goto(f"{base_url}/accounts/login/")
        log_in(self.page, username)
        self.page.wait_for_load_state("networkidle")

    def go(self, path: str):
        self.page.goto(f"{self.base_url}{path}")
        self.page.wait_for_load_state("networkidle")
        return self.page

    def open_incident(self, title: str = VANTAGE_INCIDENT):
        """From the incident list, open the incident with this title."""
        page = self.go("/incidents/")
        page.click(f"text={title}")
        page.wait_for_load_state("networkidle")
        return page

    def shot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def story(transactional_db):
    from django.utils import timezone

    from customers.services.forecasts import fleet_refresh
    from desk.demo import demo_users_ensure, roles_ensure, scoring_policy_ensure, story_load

    roles_ensure()
    demo_users_ensure()
    scoring_policy_ensure()
    story_load(today=timezone.localdate())
    fleet_refresh()


class InFlight:
    """Counts the requests the live server is answering, from Django's request_started to request_finished."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = 0
        self.last_change = time.monotonic()

    def started(self, **kwargs):
        with self.lock:
            self.running += 1
            self.last_change = time.monotonic()

    def finished(self, **kwargs):
        with self.lock:
            self.running -= 1
            self.last_change = time.monotonic()

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 15.0) -> None:
        """Return once no request has run for `quiet` seconds; fail the test after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                settled = self.running <= 0 and time.monotonic() - self.last_change >= quiet
            if settled:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"{self.running} request(s) still running on the live server after {timeout:.0f} s")
            time.sleep(0.05)


@pytest.fixture
def live_requests(live_server):
    """After the test, wait until the live server has answered every request before its database is flushed.

    A request still running when the test's database is flushed holds its tables' locks against the flush (a
    deadlock PostgreSQL resolves by failing the flush). Tests close their pages first, so no new request comes.
    """
    from django.core.signals import request_finished, request_started

    in_flight = InFlight()
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)
    try:
        yield in_flight
        in_flight.wait_quiet()
    finally:
        request_started.disconnect(in_flight.started)
        request_finished.disconnect(in_flight.finished)


@pytest.fixture
def session_for(browser, live_server, live_requests, story):
    opened = []

    def make(username: str) -> Session:
        session = Session(browser, live_server.url, username)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.page.close()

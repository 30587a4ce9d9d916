import contextlib
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


@pytest.fixture
def session_for(browser, live_server, story):
    opened = []

    def make(username: str) -> Session:
        session = Session(browser, live_server.url, username)
        opened.append(session)
        return session

    yield make
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for session in opened:
        # A request still running on the live server when the test's database is flushed holds its tables' locks
        # against the flush (a deadlock PostgreSQL resolves by failing the flush): let the page settle first.
        with contextlib.suppress(PlaywrightTimeoutError):
            session.page.wait_for_load_state("networkidle", timeout=3000)
        session.page.close()

import os
import shutil
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TESTS = Path(__file__).resolve().parent
SOURCE = TESTS.parent
DOMAIN_FILES = "test_*_domain.py"


def is_domain_test(path: Path) -> bool:
    """Pure domain tests (plain data in and out: no database, no Django) are found by where they live:
    a file named `test_*_domain.py`, or any test file in `tests/<app>/<name>/` when `<app>/domain/<name>`
    is a module or package (e.g. tests/customers/forecast/ for customers/domain/forecast/)."""
    try:
        parts = path.resolve().relative_to(TESTS).parts
    except ValueError:
        return False
    if fnmatch(parts[-1], DOMAIN_FILES):
        return True
    if len(parts) < 3 or not fnmatch(parts[-1], "test_*.py"):
        return False
    domain = SOURCE / parts[0] / "domain" / parts[1]
    return domain.is_dir() or domain.with_suffix(".py").is_file()


def _only_domain(config) -> bool:
    return config.getoption("markexpr", "") == "domain"


def pytest_ignore_collect(collection_path: Path, config):
    """`pytest -m domain` does not even import the other test modules (they need Django): the fast lane."""
    if not _only_domain(config):
        return None
    if collection_path.is_dir():
        return not any(is_domain_test(f) for f in collection_path.rglob("test_*.py")) or None
    if fnmatch(collection_path.name, "test_*.py") and not is_domain_test(collection_path):
        return True
    return None


def pytest_itemcollected(item):
    if is_domain_test(item.path):
        item.add_marker(pytest.mark.domain)
    elif item.get_closest_marker("domain"):
        raise pytest.UsageError(f"{item.nodeid}: the domain mark comes from where the file lives (is_domain_test)")


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker) and bool(
        marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        or marker.kwargs.get("reset_sequences", False)
    )
    fixtures = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests run in random order (pytest-randomly; the seed is in the header), except that tests which flush the
    database (transactional ones, the live server) run after the others, as Django's runner orders them even when
    it shuffles: a flush also empties what migrations stored, such as the role groups. Sorting is stable, so the
    shuffled order holds within each group whichever plugin reordered last."""
    items.sort(key=_flushes_the_database)


def pytest_configure(config):
    if IN_CI and config.pluginmanager.hasplugin("django"):
        # CI must exercise the real services: a missing one is a failure, never a skip.
        engine = settings.DATABASES["default"]["ENGINE"]
        assert "postgresql" in engine, f"CI must run on PostgreSQL, got {engine}"
        assert settings.REDIS_URL, "CI must run with REDIS_URL set"
        assert Path(CHROMIUM).exists(), "CI must have Chromium installed"


def require_chromium():
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("Chromium is required in CI")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")


@pytest.fixture
def pm_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="pm", role="PM")


@pytest.fixture
def presales_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="presales", role="Presales")


@pytest.fixture
def leadership_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="leadership", role="Leadership")


@pytest.fixture
def role_users(pm_user, presales_user, leadership_user):
    return {"PM": pm_user, "Presales": presales_user, "Leadership": leadership_user}


@pytest.fixture
def api_as():
    """An API client signed in as the given user: `api_as(presales_user).post(...)`."""
    from rest_framework.test import APIClient

    def signed_in(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return signed_in


@pytest.fixture
def pm_api(api_as, pm_user):
    return api_as(pm_user)


@pytest.fixture
def pm_client(client, pm_user):
    client.force_login(pm_user)
    return client


@pytest.fixture
def presales_client(client, presales_user):
    client.force_login(presales_user)
    return client


@pytest.fixture
def leadership_client(client, leadership_user):
    client.force_login(leadership_user)
    return client


def _worker_database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker process, on the configured broker, using the test database."""
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(),
        "PLEDGEBOARD_VAR_DIR": str(settings.VAR_DIR),
        "PLEDGEBOARD_TESTING": "true",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    # Drop messages left in the queue by an earlier run so the worker only sees this session's.
    from config.celery import app

    with django_db_blocker.unblock():
        app.control.purge()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "ready." in log_path.read_text():
            break
        if proc.poll() is not None:
            pytest.fail(f"Celery worker exited early:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"Celery worker did not start:\n{log_path.read_text()[-3000:]}")
    yield proc, log_path
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def prometheus(tmp_path):
    """A real Prometheus on a loopback port (tests/monitoring.py); started by the test with its config."""
    from tests.monitoring import Prometheus, require

    require("prometheus")
    server = Prometheus(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def alertmanager(tmp_path):
    """A real Alertmanager on a loopback port, clustering off (tests/monitoring.py)."""
    from tests.monitoring import Alertmanager, require

    require("alertmanager")
    server = Alertmanager(tmp_path)
    yield server
    server.stop()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until `predicate()` is truthy (used with the real worker); return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture(autouse=True)
def _default_language(request):
    """Each test starts in the default language: a request through the test client runs in the test's thread,
    and the language a user chose stays active there after the response (UserLanguageMiddleware activates it
    and nothing deactivates it)."""
    if request.node.get_closest_marker("domain"):
        return
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _plans_forgotten(request):
    """Each test starts with no plan remembered from another test's (rolled-back) data."""
    if request.node.get_closest_marker("domain"):
        return  # plain data: no plan is remembered, and Django may not even be set up
    from roadmap.selectors.plan import dates_get, plan_inputs_forget, schedule_get

    plan_inputs_forget()
    schedule_get.clear()
    dates_get.clear()
    return

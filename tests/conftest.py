import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_configure(config):
    if IN_CI:
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
    return UserFactory(username="pm", role="PM")


@pytest.fixture
def presales_user(db):
    return UserFactory(username="presales", role="Presales")


@pytest.fixture
def leadership_user(db):
    return UserFactory(username="leadership", role="Leadership")


@pytest.fixture
def role_users(pm_user, presales_user, leadership_user):
    return {"PM": pm_user, "Presales": presales_user, "Leadership": leadership_user}


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
def _plans_forgotten():
    """Each test starts with no plan remembered from another test's (rolled-back) data."""
    from roadmap.selectors.plan import dates_get, plan_inputs_forget, schedule_get

    plan_inputs_forget()
    schedule_get.clear()
    dates_get.clear()
    return

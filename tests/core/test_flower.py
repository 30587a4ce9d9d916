"""Flower, the optional Celery dashboard, as docs/operations.md runs it: loopback only, behind basic auth,
seeing the real worker on the real broker."""

import os
import socket
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings

from tests.conftest import IN_CI, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

USER, PASSWORD = "ops", "flower-password-1"


@pytest.fixture
def flower(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        if IN_CI:
            pytest.fail("the Flower test needs the Redis broker in CI")
        pytest.skip("Flower needs a broker with remote control (set REDIS_URL)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path / "flower.log"
    args = [sys.executable, "-m", "celery", "-A", "config", "flower", "--address=127.0.0.1", f"--port={port}"]
    args += [f"--basic-auth={USER}:{PASSWORD}", "--persistent=False"]
    with log_path.open("w") as log:
        proc = subprocess.Popen(args, cwd=settings.BASE_DIR, env=os.environ, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"Flower exited:\n{log_path.read_text()[-3000:]}")
        try:
            return requests.get(url + "/healthcheck", timeout=1).status_code in (200, 401)
        except requests.ConnectionError:
            return False

    wait_for(up, timeout=60)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_flower_asks_for_the_password_and_then_shows_the_running_worker(flower, celery_worker_process):
    assert requests.get(flower + "/workers", timeout=10).status_code == 401
    assert requests.get(flower + "/workers", auth=(USER, "wrong"), timeout=10).status_code == 401

    def worker_names() -> list[str]:
        answer = requests.get(flower + "/api/workers?refresh=1", auth=(USER, PASSWORD), timeout=20)
        assert answer.status_code == 200
        return list(answer.json())

    deadline = time.monotonic() + 60
    while not any(name.startswith(f"test-{os.getpid()}@") for name in worker_names()):
        assert time.monotonic() < deadline, worker_names()
        time.sleep(1)
    page = requests.get(flower + "/workers", auth=(USER, PASSWORD), timeout=10)
    assert page.status_code == 200  # the dashboard page itself (it lists the workers from the API above)

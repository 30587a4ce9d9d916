"""Fault drills on a real stack: gunicorn, Celery worker and beat, a private Redis, and the test PostgreSQL.

Each drill breaks one part on purpose and asserts what users and integrations see:
- a worker killed mid-task: the job completes exactly once, with the same result as an undisturbed run;
- Redis down (60 s by default): pages still render, webhooks are stored, and processed once Redis returns;
- Redis restarted empty: the reconciler re-sends the lost job and it completes within 2 minutes;
- PostgreSQL connections terminated: requests keep succeeding (CONN_HEALTH_CHECKS reconnects);
- PostgreSQL unreachable: /healthz answers 503 naming the database within seconds, pages answer
  an error at once (no hung worker), and both recover by themselves once the database is back.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from core.models import Job
from customers.models import CapacityForecast
from incidents.models import Incident, WebhookDelivery
from tests.conftest import IN_CI, _worker_database_url, wait_for
from tests.factories import DeploymentFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REDIS_DOWN_SECONDS = int(os.environ.get("PLEDGEBOARD_DRILL_REDIS_DOWN_SECONDS", "60"))
TOKEN = "drill-token"
PASSWORD = "drill-password-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module", autouse=True)
def postgres_only():
    if connection.vendor != "postgresql" or not shutil.which("redis-server"):
        if IN_CI:
            pytest.fail("fault drills need PostgreSQL and redis-server in CI")
        pytest.skip("fault drills run on PostgreSQL with redis-server (CI sets DATABASE_URL)")


class Stack:
    """Processes started for one drill; everything is stopped at the end."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.redis_port = _free_port()
        self.web_port = _free_port()
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DATABASE_URL": _worker_database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "PLEDGEBOARD_VAR_DIR": str(tmp / "var"),
            "PLEDGEBOARD_TESTING": "true",
            "PLEDGEBOARD_ALERTMANAGER_TOKEN": TOKEN,
            "PLEDGEBOARD_HOUSEKEEPING_SECONDS": "5",
            "PLEDGEBOARD_RECONCILE_QUEUED_SECONDS": "20",
            "PLEDGEBOARD_RECONCILE_RUNNING_SECONDS": "20",
            "DJANGO_CONN_MAX_AGE": "600",
        }
        self.env.pop("CELERY_BROKER_URL", None)

    def _start(self, name: str, args: list[str], ready=None, timeout: float = 60) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("a")
        proc = subprocess.Popen(args, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        if ready:
            deadline = time.monotonic() + timeout
            while not ready():
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{name} did not start:\n{self.log(name)[-3000:]}")
                time.sleep(0.2)
        return proc

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text() if path.exists() else ""

    def redis_start(self) -> None:
        self._start(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "", "--appendonly", "no"],
            ready=self.redis_up,
        )

    def redis_up(self) -> bool:
        with suppress(OSError), socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False

    def redis_stop(self) -> None:
        self.stop("redis")

    def worker_start(self, name: str = "worker") -> subprocess.Popen:
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"]
        args += [
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"{name}-{os.getpid()}@%h",
        ]
        before = self.log(name).count("ready.")
        return self._start(name, args, ready=lambda: self.log(name).count("ready.") > before)

    def beat_start(self) -> None:
        schedule = str(self.tmp / "beat-schedule")
        args = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO", "-s", schedule]
        args += ["--scheduler", "celery.beat:PersistentScheduler"]
        self._start("beat", args, ready=lambda: "beat: Starting" in self.log("beat"))

    def web_start(self) -> None:
        args = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{self.web_port}", "-w", "2"]
        args += ["--timeout", "60"]
        self._start("web", args, ready=lambda: self._web_ready())

    def _web_ready(self) -> bool:
        with suppress(requests.RequestException):
            # Up when it answers: 503 only says beat has not sent its first heartbeat yet.
            return requests.get(self.url("/healthz"), timeout=1).status_code in (200, 503)
        return False

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def manage(self, code: str) -> str:
        """Run Django code in a separate process with the stack's settings (its own broker connection)."""
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        with suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)


@pytest.fixture
def stack(tmp_path):
    stack = Stack(tmp_path)
    stack.redis_start()
    yield stack
    stack.stop_all()


def _login(stack: Stack, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(stack.url("/accounts/login/"), timeout=10)
    token = page.cookies.get("csrftoken") or session.cookies.get("csrftoken")
    answer = session.post(
        stack.url("/accounts/login/"),
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": stack.url("/accounts/login/")},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text[:500]
    assert "/accounts/login/" not in answer.url
    return session


def _forecasts() -> dict[int, tuple]:
    return {
        f.deployment_id: (f.status, f.days_to_full, f.growth_bytes_per_day, f.used_bytes)
        for f in CapacityForecast.objects.order_by("deployment_id")
    }


def _fleet(deployments: int, days: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from customers.models import CapacitySample

    start = timezone.now() - timedelta(days=days)
    samples = []
    for d in range(deployments):
        deployment = DeploymentFactory(capacity_bytes=10**12)
        rate = 1e9 * (1 + d % 7)
        samples += [
            CapacitySample(deployment=deployment, taken_at=start + timedelta(days=k), used_bytes=int(1e11 + rate * k))
            for k in range(days)
        ]
    CapacitySample.objects.bulk_create(samples, batch_size=5000)


def test_a_worker_killed_mid_task_finishes_the_job_exactly_once_with_the_same_result(stack):
    _fleet(deployments=1500, days=120)
    stack.worker_start("worker")
    stack.beat_start()
    stack.manage(
        "from core.jobs import job_enqueue; job_enqueue(key='forecast:fleet', task='customers.tasks.forecast_fleet')"
    )
    chunks = Job.objects.filter(key__startswith="forecast:fleet:")
    running = wait_for(lambda: chunks.filter(status="running").first(), timeout=60, interval=0.05)
    stack.stop("worker", sig=signal.SIGKILL)  # dies in the middle of a chunk of the fleet run
    job = Job.objects.get(key=running.key)
    assert job.status == "running"
    assert job.runs == 0

    stack.worker_start("worker2")
    wait_for(lambda: chunks.count() == 2 and chunks.filter(status="done").count() == 2, timeout=150)
    assert Job.objects.get(key=running.key).runs == 1  # finished exactly once
    assert Job.objects.get(key="forecast:fleet").runs == 1
    assert CapacityForecast.objects.count() == 1500
    after_drill = _forecasts()

    from customers.services.forecasts import fleet_refresh

    fleet_refresh()  # an undisturbed run over the same samples
    assert _forecasts() == after_drill


def test_with_redis_down_pages_render_and_webhooks_are_kept_then_processed(stack):
    UserFactory(username="drill-pm", role="PM", password=PASSWORD)
    stack.web_start()
    stack.worker_start()
    stack.beat_start()
    session = _login(stack, "drill-pm")
    alert = {
        "version": "4",
        "status": "firing",
        "receiver": "pledgeboard",
        "groupLabels": {},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "groupKey": "{}",
        "truncatedAlerts": 0,
        "alerts": [
            {
                "status": "firing",
                "labels": {"alertname": "DiskFull", "severity": "critical"},
                "annotations": {"summary": "Disk full during the Redis outage"},
                "startsAt": "2026-11-20T07:58:00Z",
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "",
                "fingerprint": "drill-1",
            }
        ],
    }

    stack.redis_stop()
    assert not stack.redis_up()
    down_at = time.monotonic()
    pages = ["/", "/customers/", "/incidents/", "/customers/fleet/", "/roadmap/", "/roadmap/scenarios/"]
    statuses, webhook_ms = [], []
    while time.monotonic() - down_at < REDIS_DOWN_SECONDS:
        for page in pages:
            statuses.append((page, session.get(stack.url(page), timeout=15).status_code))
        if not webhook_ms:
            started = time.monotonic()
            answer = requests.post(
                stack.url("/webhooks/alertmanager/"),
                data=json.dumps(alert),
                headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
                timeout=15,
            )
            webhook_ms.append((time.monotonic() - started) * 1000)
            assert answer.status_code == 202, answer.text
        time.sleep(2)
    assert statuses
    assert all(code == 200 for _, code in statuses), [s for s in statuses if s[1] != 200]
    assert webhook_ms[0] < 5000
    assert WebhookDelivery.objects.get().status == "pending"  # kept, waiting for the broker
    assert not Incident.objects.exists()
    health = requests.get(stack.url("/healthz"), timeout=15)
    assert health.status_code == 503
    assert health.json()["broker"] == "unavailable"
    assert health.json()["database"] == "ok"

    stack.redis_start()  # back, and empty
    delivery = wait_for(lambda: WebhookDelivery.objects.filter(status="processed").first(), timeout=120)
    assert delivery.attempts == 1
    assert Incident.objects.get(external_id="drill-1").title == "Disk full during the Redis outage"
    # Broker back and beat's heartbeat (every 5 s here) written by the worker: healthy again.
    wait_for(lambda: requests.get(stack.url("/healthz"), timeout=15).status_code == 200, timeout=60)


def test_redis_restarted_empty_the_reconciler_resends_the_lost_job_within_two_minutes(stack):
    deployment = DeploymentFactory()
    stack.beat_start()
    stack.manage(
        "from core.jobs import job_enqueue; "
        f"job_enqueue(key='forecast:deployment:{deployment.pk}', task='customers.tasks.forecast_deployment', "
        f"kwargs={{'deployment_id': {deployment.pk}}})"
    )
    assert Job.objects.get(key=f"forecast:deployment:{deployment.pk}").status == "queued"
    stack.redis_stop()  # the queued message is lost with Redis' memory
    stack.redis_start()
    restarted = time.monotonic()
    stack.worker_start()
    job = wait_for(
        lambda: Job.objects.filter(key=f"forecast:deployment:{deployment.pk}", status="done").first(), timeout=150
    )
    assert time.monotonic() - restarted < 120
    assert job.runs == 1
    assert CapacityForecast.objects.filter(deployment=deployment).exists()
    assert "reconciler re-sent" in stack.log("worker")


def test_terminated_database_connections_are_replaced_and_requests_succeed(stack):
    UserFactory(username="drill-reader", role="Leadership", password=PASSWORD)
    stack.web_start()
    session = _login(stack, "drill-reader")
    for _ in range(4):  # every gunicorn worker opens its persistent connection
        assert session.get(stack.url("/incidents/"), timeout=15).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        terminated = cursor.fetchone()[0]
    assert terminated >= 1
    codes = [session.get(stack.url("/incidents/"), timeout=15).status_code for _ in range(6)]
    assert codes == [200] * 6, codes


class _Cable:
    """A TCP relay between the stack and PostgreSQL that the drill can unplug and plug back on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = _free_port()
        self.open: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def plug(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def unplug(self) -> None:
        if self.listener is not None:
            with suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for sock in self.open:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def test_with_the_database_unreachable_healthz_says_so_and_everything_recovers_by_itself(stack):
    UserFactory(username="drill-db", role="Leadership", password=PASSWORD)
    db = connection.settings_dict
    cable = _Cable((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    cable.plug()
    stack.env["DATABASE_URL"] = _worker_database_url().replace(f":{db['PORT'] or 5432}/", f":{cable.port}/")
    stack.env["DJANGO_DB_CONNECT_TIMEOUT"] = "3"
    stack.worker_start()
    stack.beat_start()
    stack.web_start()
    try:
        wait_for(lambda: requests.get(stack.url("/healthz"), timeout=15).status_code == 200, timeout=90)
        session = _login(stack, "drill-db")
        assert session.get(stack.url("/incidents/"), timeout=15).status_code == 200

        cable.unplug()
        started = time.monotonic()
        health = requests.get(stack.url("/healthz"), timeout=15)
        assert health.status_code == 503
        assert health.json()["database"] == "unavailable"
        assert health.json()["broker"] == "ok"
        assert time.monotonic() - started < 10
        assert session.get(stack.url("/incidents/"), timeout=15).status_code == 500

        cable.plug()
        wait_for(lambda: requests.get(stack.url("/healthz"), timeout=15).status_code == 200, timeout=60)
        codes = [session.get(stack.url("/incidents/"), timeout=15).status_code for _ in range(4)]
        assert codes == [200] * 4, codes
    finally:
        cable.unplug()

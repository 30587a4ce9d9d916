"""The fleet forecast fanned out over Celery workers: N deployments forecast by 1 and by 2 worker processes.

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; use a database of its own: it is filled and emptied).
Loads N deployments with `--readings` daily readings each (PostgreSQL COPY), then for 1 and 2 workers (`celery
worker --pool solo`, one process each) queues the tracked fleet job, which fans out into chunk jobs, and times it
until every chunk job is done and every deployment has a fresh forecast. The speed-up is bounded by the cores of
the machine (reported) and by the database, which serves both workers.
"""

import io
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

SCALES = {"demo": (10_000, 60), "large": (100_000, 60)}
GB = 1024**3


def _load(n: int, readings: int) -> None:
    from django.db import connection

    from customers.models import CapacityForecast, CapacitySample, Customer, Deployment

    CapacityForecast.objects.all().delete()
    if Deployment.objects.count() == n and CapacitySample.objects.count() == n * readings:
        return
    with connection.cursor() as cursor:  # a database of its own: start it empty
        cursor.execute("TRUNCATE customers_customer CASCADE")
    customers = Customer.objects.bulk_create(Customer(name=f"Fleet customer {k}") for k in range(100))
    rng = np.random.default_rng(7)
    capacities = rng.choice([500, 1000, 2000], n) * GB
    deployments = Deployment.objects.bulk_create(
        (
            Deployment(customer=customers[k % 100], name=f"fleet-{k}", capacity_bytes=int(capacities[k]))
            for k in range(n)
        ),
        batch_size=5000,
    )
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=readings)
    stamps = [(start + timedelta(days=d)).isoformat() for d in range(readings)]
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY customers_capacitysample (deployment_id, taken_at, used_bytes, capacity_bytes) FROM STDIN"
        ) as copy,
    ):
        for first in range(0, n, 2000):
            buf = io.StringIO()
            for k in range(first, min(first + 2000, n)):
                cap = int(capacities[k])
                rate = cap * rng.uniform(0, 0.004)
                used = cap * rng.uniform(0.1, 0.6) + np.cumsum(rate * rng.uniform(0.4, 1.6, readings))
                used = np.clip(used + rng.normal(0, 0.002 * cap, readings), 0, cap)
                pk = deployments[k].pk
                for stamp, value in zip(stamps, used.astype(np.int64), strict=True):
                    buf.write(f"{pk}\t{stamp}\t{value}\t{cap}\n")
            copy.write(buf.getvalue())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_capacitysample")


def _workers(count: int, log_dir: Path) -> list[subprocess.Popen]:
    procs = []
    for k in range(count):
        log = (log_dir / f"worker-{k}.log").open("w")
        procs.append(
            subprocess.Popen(
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
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--hostname",
                    f"fleet-bench-{os.getpid()}-{k}@%h",
                ],
                env=os.environ.copy(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return procs


def _wait_ready(count: int, timeout: float = 90) -> None:
    from config.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if sum(1 for r in replies for name in r if name.startswith(f"fleet-bench-{os.getpid()}-")) >= count:
            return
    raise RuntimeError("the workers did not start")


def _run(count: int, n: int, log_dir: Path) -> dict:
    from config.celery import app
    from core.models import Job, JobStatus
    from customers.models import CapacityForecast
    from customers.services.forecasts import FLEET_CHUNK, fleet_refresh_enqueue

    CapacityForecast.objects.all().delete()
    Job.objects.all().delete()
    app.control.purge()
    procs = _workers(count, log_dir)
    try:
        _wait_ready(count)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        fleet_refresh_enqueue()
        chunks = -(-n // FLEET_CHUNK)
        jobs = Job.objects.filter(key__startswith="forecast:fleet:")
        while jobs.filter(status=JobStatus.DONE).count() < chunks:
            if jobs.filter(status=JobStatus.FAILED).exists():
                raise RuntimeError(jobs.filter(status=JobStatus.FAILED).first().last_error)
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        forecasts = CapacityForecast.objects.count()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
    return {
        "workers": count,
        "seconds": round(elapsed, 1),
        "deployments_per_second": round(n / elapsed),
        "forecasts": forecasts,
        "chunks": chunks,
        "load_average_before": round(load_before, 2),
    }


def run(*, scale: str = "demo") -> dict:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql") or not settings.REDIS_URL:
        return {"skipped": "needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)"}
    if "fleet" not in database["NAME"]:
        return {"skipped": "empties its database: give it one of its own, named *fleet* (e.g. pledgeboard_fleet)"}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    n, readings = SCALES[scale]
    started = time.perf_counter()
    _load(n, readings)
    load_seconds = time.perf_counter() - started
    log_dir = Path(settings.VAR_DIR) / "fleet-bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    runs = [_run(count, n, log_dir) for count in (1, 2)]
    return {
        "deployments": n,
        "readings_each": readings,
        "load_seconds": round(load_seconds, 1),
        "cpus": os.cpu_count(),
        "runs": runs,
        "speed_up": round(runs[0]["seconds"] / runs[1]["seconds"], 2),
    }

"""Load: 50 simulated users (PM / presales / leadership) for 2 minutes against gunicorn on loopback.

Run with `make load` (or `python -m bench load --scale large`) against PostgreSQL and Redis holding the large
dataset (`python -m bench dataset --scale large`). Gunicorn runs with the production settings (DEBUG off,
secure cookies, HTTPS as told by the proxy header) on 127.0.0.1 only; locust drives it headless from
bench/locustfile.py. The web tier is the production one (config/gunicorn.conf.py: gthread workers, the plan read
before forking). Goal over the whole run: pages p95 under 300 ms, p99 under 1 s, no errors. The ramp (until the
last user has signed in) and the steady state after it are reported apart.
"""

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import ROOT, gunicorn_start, production_env
from customers.models import Customer, Deployment
from incidents.models import Incident
from roadmap.models import Feature, Scenario

USERS, SPAWN_RATE, DURATION = 50, 10, "2m"
P95_GOAL_MS, P99_GOAL_MS = 300, 1000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ids() -> dict:
    def sample(model, n=200):
        return list(model.objects.order_by("?").values_list("pk", flat=True)[:n])

    return {
        "customers": sample(Customer),
        "deployments": sample(Deployment),
        "incidents": sample(Incident),
        "features": sample(Feature),
        "scenarios": sample(Scenario, 20),
    }


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))], 1)


def _summary(timings: list) -> dict:
    ms = [row[1] for row in timings]
    return {
        "requests": len(timings),
        "errors": sum(1 for row in timings if not row[2]),
        "p50_ms": _percentile(ms, 50),
        "p95_ms": _percentile(ms, 95),
        "p99_ms": _percentile(ms, 99),
        "max_ms": round(max(ms), 1) if ms else 0.0,
        "mean_ms": round(statistics.fmean(ms), 1) if ms else 0.0,
    }


def run(*, scale: str = "large", users: int = USERS, duration: str = DURATION) -> dict:
    if not shutil.which("locust", path=str(Path(sys.executable).parent)):
        return {"error": "locust is not installed (pip install -e '.[dev]')"}
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    workers = int(os.environ.get("WEB_CONCURRENCY", max(2, 2 * (os.cpu_count() or 1))))
    threads = int(os.environ.get("GUNICORN_THREADS", "4"))
    env = production_env()
    load_before = round(os.getloadavg()[0], 2)
    server = gunicorn_start(port, env=env, args=("--workers", str(workers), "--threads", str(threads)))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            timings_file = Path(tmp) / "timings.json"
            started = time.perf_counter()
            subprocess.run(
                [
                    *(str(bin_dir / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
                    *("--users", str(users), "--spawn-rate", str(SPAWN_RATE), "--run-time", duration),
                    *("--host", f"http://127.0.0.1:{port}", "--only-summary", "--stop-timeout", "10"),
                ],
                cwd=ROOT,
                env={**env, "PLEDGEBOARD_LOAD_IDS": json.dumps(_ids()), "PLEDGEBOARD_LOAD_TIMINGS": str(timings_file)},
                timeout=600,
                check=False,
            )
            seconds = round(time.perf_counter() - started, 1)
            timings = json.loads(timings_file.read_text()) if timings_file.exists() else []
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    pages = [t for t in timings if not t[0].startswith("login")]
    logins = [t for t in timings if t[0].startswith("login")]
    # The ramp lasts until the last user has signed in; what follows is the steady state.
    ramp_end = max((t[3] for t in logins), default=0.0)
    by_page: dict[str, list] = {}
    for t in pages:
        by_page.setdefault(t[0], []).append(t)
    figures = {
        "users": users,
        "duration": duration,
        "seconds": seconds,
        "gunicorn_workers": workers,
        "gunicorn_threads": threads,
        "load_average_before": load_before,
        "pages": _summary(pages),
        "pages_ramp": _summary([t for t in pages if t[3] <= ramp_end]),
        "pages_steady": _summary([t for t in pages if t[3] > ramp_end]),
        "ramp_seconds": round(ramp_end - min((t[3] - t[1] / 1000 for t in timings), default=ramp_end), 1),
        "logins": _summary(logins),
        "per_page": {name: _summary(rows) for name, rows in sorted(by_page.items())},
        "per_page_steady": {
            name: _summary([t for t in rows if t[3] > ramp_end]) for name, rows in sorted(by_page.items())
        },
    }
    figures["requests_per_second"] = round(len(pages) / seconds, 1) if seconds else 0.0
    whole = figures["pages"]
    figures["goal_met"] = (
        bool(pages) and whole["p95_ms"] < P95_GOAL_MS and whole["p99_ms"] < P99_GOAL_MS and not whole["errors"]
    )
    for label in ("pages", "pages_ramp", "pages_steady", "logins"):
        part = figures[label]
        print(
            f"  {label:<35} {part['requests']:>6} req  p50 {part['p50_ms']:>7}  p95 {part['p95_ms']:>7}  "
            f"p99 {part['p99_ms']:>7} ms  errors {part['errors']}"
        )
    for name, summary in figures["per_page"].items():
        p50, p95, p99 = summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]
        print(f"  {name:<35} {summary['requests']:>6} req  p50 {p50:>7}  p95 {p95:>7}  p99 {p99:>7} ms")
    return figures

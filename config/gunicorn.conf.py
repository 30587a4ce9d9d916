"""The web tier: `gunicorn -c config/gunicorn.conf.py config.wsgi` (docs/operations.md says how it was sized).

- gthread workers: a request waiting on PostgreSQL or a slow login's password hash does not hold up the
  other requests of its process, and keep-alive connections are reused (a sync worker closes each one).
- The app is loaded, and the committed plan read, once in the master before it forks: every worker starts
  with the plan in memory (shared until written) instead of each paying for its first read under load. The
  master also simulates every open feature's Monte Carlo dates once and shares them through the cache, so no
  customer or feature page simulates on a request (the re-scoring jobs share them again after plan changes).
- /metrics adds up all workers' request counters through prometheus-client's multiprocess folder, set here
  before the app is imported and emptied at each start; a worker that exits is marked dead.
"""

import os
import shutil
import tempfile
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, (os.cpu_count() or 1) * 2)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than a client's (or the proxy's) idle time, so the client closes first: a server closing an idle
# connection while the client reuses it shows as a failed request (measured: 10 % of pages at 5 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None

_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if not _metrics_dir:
    _metrics_dir = tempfile.mkdtemp(prefix="pledgeboard-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir
for _stale in Path(_metrics_dir).glob("*.db"):  # counters of a previous run would be added to this one's
    _stale.unlink()


def when_ready(server):
    """The app is loaded (preload_app): read the plan once, then close what must not cross the fork."""
    from django.db import connections
    from django.utils import timezone

    from roadmap.selectors.plan import plan_dates_share
    from roadmap.selectors.summary import plan_summary_warm

    try:
        plan_summary_warm(today=timezone.localdate())
        shared = plan_dates_share(today=timezone.localdate())
        server.log.info("committed plan read before forking the workers; dates of %d features shared", shared)
    except Exception as error:  # an empty or unmigrated database: the workers read it when asked
        server.log.warning("plan not read at start: %s", error)
    finally:
        connections.close_all()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _metrics_dir.startswith(tempfile.gettempdir()) and "pledgeboard-metrics-" in _metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)

"""Request metrics for GET /metrics (prometheus-client), correct under gunicorn's several worker processes.

With PROMETHEUS_MULTIPROC_DIR set (config/gunicorn.conf.py sets it before the app is imported), every worker
writes its counters to files in that folder and a scrape, answered by any worker, adds them all up. Without it
(runserver, tests) the counters live in the process.
"""

import os
import time

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "pledgeboard_http_requests_total",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "pledgeboard_http_request_duration_seconds",
    "Time to answer an HTTP request, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0),
)


class RequestMetricsMiddleware:
    """Count and time every request by its URL name (never by its raw path: ids would multiply the series)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match.route) if match else "unmatched"
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


def exposition(*extra) -> bytes:
    """The text exposition of the request metrics (all workers') followed by `extra` collectors' metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        head = generate_latest(registry)
    else:
        head = generate_latest(REGISTRY)
    if not extra:
        return head
    product = CollectorRegistry()
    for collector in extra:
        product.register(collector)
    return head + generate_latest(product)

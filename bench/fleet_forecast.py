"""Forecast a whole fleet: N deployments x 365 daily samples, on one core (domain code, data in memory)."""

import os
import random
import resource
import time
from datetime import UTC, datetime, timedelta

from customers.domain.forecast import Sample, forecast_fill

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _fleet(n: int, days: int = 365, seed: int = 3):
    rng = random.Random(seed)
    stamps = [T0 + timedelta(days=d) for d in range(days)]
    for _ in range(n):
        cap = rng.choice([500, 1000, 2000]) * 1024**3
        used, rate = cap * rng.uniform(0.1, 0.5), cap * rng.uniform(0, 0.001)
        change = rng.randint(0, days) if rng.random() < 0.3 else None
        samples = []
        for d, stamp in enumerate(stamps):
            if d == change:
                rate *= 3
            used = min(cap, used + rate * rng.uniform(0.5, 1.5))
            samples.append(Sample(stamp, int(used)))
        yield samples, cap


def run(*, scale: str = "demo") -> dict:
    n = 10_000 if scale == "large" else 2_000
    elapsed = cpu = 0.0
    filling = 0
    for samples, cap in _fleet(n):
        started, cpu_started = time.perf_counter(), time.thread_time()
        forecast = forecast_fill(samples, capacity_bytes=cap)
        elapsed += time.perf_counter() - started
        cpu += time.thread_time() - cpu_started
        filling += forecast.status == "filling"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_10k = elapsed * 10_000 / n
    return {
        "deployments": n,
        "samples_each": 365,
        "forecast_seconds": round(elapsed, 2),
        "seconds_per_10k": round(per_10k, 1),
        "cpu_seconds_per_10k": round(cpu * 10_000 / n, 1),  # the process's own time on its core (a busy machine
        # stretches wall time, not this much)
        "load_average": round(os.getloadavg()[0], 2),
        "goal_seconds_per_10k": 30,
        "meets_goal": per_10k < 30,
        "peak_rss_mb": round(peak_mb),
        "memory_goal_mb": 1024,
        "filling": filling,
    }

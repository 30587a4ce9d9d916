"""Readings for the forecaster's tests: plain lists of values, and usage whose daily growth wanders."""

import random
from datetime import UTC, datetime, timedelta

from customers.domain.forecast import Sample

T0 = datetime(2026, 1, 1, tzinfo=UTC)
CAP = 1000


def series(values, start=T0, step_days=1.0, capacity=None):
    return [Sample(start + timedelta(days=i * step_days), int(v), capacity) for i, v in enumerate(values)]


def wandering(seed, days, level, rate, speed_ups=(), factor=1.0):
    """Readings of usage whose daily growth is the rate x uniform(0.7, 1.3), read with noise 3; the rate is
    multiplied by `factor` on each speed-up day. Returns (readings, final level, final rate)."""
    rng = random.Random(seed)
    values = []
    for day in range(days):
        if day in speed_ups:
            rate *= factor
        level += rate * rng.uniform(0.7, 1.3)
        values.append(level + rng.gauss(0, 3))
    return values, level, rate

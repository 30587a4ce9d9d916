"""Capacity readings from Prometheus `query_range` answers, as plain data (no HTTP, no Django).

- Series are grouped by the deployment label; several series of one deployment (mount points, or a series whose
  other labels changed over time) are added up per timestamp.
- A timestamp missing from either series is a gap: no reading is made up for it.
- A used-bytes counter (kind "counter") that drops has been reset: the values after the drop continue from the
  last one before it, as Prometheus's `increase()` reads counters.
- Timestamps are aligned to the step, so pulling the same window again yields the same readings.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

STEP = re.compile(r"^(\d+)([smhd])$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_STEP, MAX_STEP = 3600, 86400  # hourly to daily: finer steps add rows, not forecast accuracy


class PrometheusDataError(ValueError):
    """An answer or a setting that cannot be read as capacity readings."""


@dataclass(frozen=True)
class Reading:
    taken_at: datetime
    used_bytes: int
    capacity_bytes: int | None = None  # the disk's size at the time, when the source gives it


def step_seconds(step: str) -> int:
    match = STEP.match(step.strip())
    if not match:
        raise PrometheusDataError(f"step {step!r}: write it as 1h, 6h or 1d")
    seconds = int(match.group(1)) * UNITS[match.group(2)]
    if not MIN_STEP <= seconds <= MAX_STEP:
        raise PrometheusDataError(f"step {step!r}: between 1h and 1d")
    return seconds


def window(*, now: float, days: int, step: int) -> tuple[int, int]:
    """(start, end) Unix seconds, both on the step grid, ending at the last step boundary not after `now`."""
    end = int(now // step) * step
    return end - days * 86400 // step * step, end


def _points(values) -> Iterable[tuple[int, float]]:
    for ts, raw in values:
        try:
            value = float(raw)
        except (TypeError, ValueError):
            continue
        if math.isfinite(value) and value >= 0:
            yield int(float(ts)), value


def series_by_key(
    result: list[dict], *, label: str, mapping: Mapping[str, str] | None = None
) -> dict[str, dict[int, float]]:
    """query_range `result` -> {deployment key: {timestamp: value summed over its series}}; unlabelled series
    are skipped. `mapping` renames label values (e.g. a host name to the deployment it serves)."""
    mapping = mapping or {}
    grouped: dict[str, dict[int, float]] = defaultdict(dict)
    for series in result:
        key = (series.get("metric") or {}).get(label)
        if not key:
            continue
        key = mapping.get(key, key)
        points = grouped[key]
        for ts, value in _points(series.get("values") or []):
            points[ts] = points.get(ts, 0.0) + value
    return dict(grouped)


def used_from_size_and_avail(size: Mapping[int, float], avail: Mapping[int, float]) -> dict[int, float]:
    """Used bytes where both are known (a gap in either is a gap); free space above the size is not a reading."""
    return {ts: size[ts] - avail[ts] for ts in sorted(size.keys() & avail.keys()) if avail[ts] <= size[ts]}


def counter_resets_removed(points: Mapping[int, float]) -> dict[int, float]:
    """A counter's values with each reset (a drop) carried over: the series only grows."""
    offset, previous, fixed = 0.0, None, {}
    for ts in sorted(points):
        value = points[ts]
        if previous is not None and value < previous:
            offset += previous
        previous = value
        fixed[ts] = value + offset
    return fixed


def readings(points: Mapping[int, float], *, step: int, sizes: Mapping[int, float] | None = None) -> list[Reading]:
    """One reading per step boundary (points off the grid are dropped), oldest first, with the disk's size
    where `sizes` has it."""
    sizes = sizes or {}
    return [
        Reading(datetime.fromtimestamp(ts, tz=UTC), round(value), round(sizes[ts]) if sizes.get(ts) else None)
        for ts, value in sorted(points.items())
        if ts % step == 0
    ]

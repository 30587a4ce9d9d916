"""Storage histories for the forecast benchmark: generated families, one per way a forecast goes wrong, and a
real public history.

Every generated history is made the same way:
- Usage grows by the regime's rate times a factor that wanders from day to day (an AR(1) around 1, never below
  0.05), so usage never shrinks on its own (clean-ups aside) and one week's growth is not the next week's.
- Readings add noise of 0.1-0.5 % of capacity and, rarely (1 day in 45), a positive spike of 1-5 % of capacity
  that is gone by the next reading (temporary files).
- The truth is when usage before noise crosses capacity if the current regime continues: the history is simulated
  on into the future with the same regime and wander, and capacity is set to where that future usage stands
  7-200 days after the last reading (usage only grows, so that is its first crossing). A history is kept when
  its last reading is under 93 % of where its regime's average growth would take it by then: judged on the
  future drawn, slow futures would be turned away and fills would come early.
- Non-filling histories (flat, shrinking, growth that stopped) have no fill date.

The real history (`tests/fixtures/third_party/rustsec_advisory_db_size.csv`) is cut every 90 days; at each cut the
capacity is where the real usage stood 7-200 days later, and the truth is the first day it got there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

FAMILIES = (
    "regime",
    "slowdown_speedup",
    "cleanup",
    "upgrade",
    "weekly",
    "hourly",
    "quadratic",
    "not_filling",
)
FILLING = FAMILIES[:-1]
# Bump when a history's readings or truth change for the same (family, seed, index): cached peer results
# (bench/forecast_accuracy.py) are keyed by it, and by a digest of each history as well.
GENERATOR_VERSION = "2"
CAPACITY = 2 * 1024**4  # bytes (2 TiB): every history is scaled to it
T0 = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday: day d of a history is a weekday when d % 7 < 5
HORIZON = (7.0, 200.0)  # days from the last reading to the true fill
NOISE = (0.001, 0.005)  # reading noise, share of capacity (standard deviation)
SPIKE_CHANCE = 1 / 45
SPIKE = (0.01, 0.05)  # share of capacity
FUTURE_DAYS = 260
REAL_SERIES = Path(__file__).resolve().parent.parent / "tests/fixtures/third_party/rustsec_advisory_db_size.csv"
REAL_CUT_EVERY = 90
REAL_FIRST_CUT = 900  # before that the database barely existed (10 KB, unchanged for a year)


@dataclass(frozen=True)
class Case:
    """One history cut at its last reading, with the truth."""

    family: str
    days: np.ndarray  # reading times in days since T0 (ascending)
    used: np.ndarray  # readings, bytes
    capacity: np.ndarray  # capacity at each reading, bytes
    truth: float | None  # days from the last reading to the fill (None: it does not fill)

    @property
    def last_capacity(self) -> float:
        return float(self.capacity[-1])


def _wander(rng: np.random.Generator, n: int) -> np.ndarray:
    """Daily growth factors around 1 that wander: an AR(1) with persistence 0.8 and a spread of 0.15-0.45."""
    spread = rng.uniform(0.15, 0.45)
    phi = 0.8
    shocks = rng.normal(0.0, spread * math.sqrt(1 - phi * phi), n)
    a = np.empty(n)
    a[0] = rng.normal(0.0, spread)
    for k in range(1, n):
        a[k] = phi * a[k - 1] + shocks[k]
    return np.maximum(1.0 + a, 0.05)


def _rates(family: str, rng: np.random.Generator, history: int) -> np.ndarray:
    """The regime's growth per day over the history and the future (1 = the current regime's rate)."""
    n = history + FUTURE_DAYS
    rate = np.ones(n)
    day = np.arange(n)
    cut = history - 1
    if family == "regime":
        change = cut - rng.integers(5, 61)
        rate[day < change] = 1 / rng.uniform(2, 6)
    elif family == "slowdown_speedup":
        speed_up = cut - rng.integers(10, 41)
        slowdown = speed_up - rng.integers(30, 121)
        before = rng.uniform(0.5, 1.2)
        rate[day < speed_up] = before / rng.uniform(2, 5)
        rate[day < slowdown] = before
    elif family == "quadratic":
        start = rng.uniform(0.15, 0.5)  # rate at day 0, relative to the rate at the cut; it keeps accelerating
        rate = start + (1 - start) * day / cut
    elif family == "weekly":
        weekday = day % 7 < 5
        rate = np.where(weekday, 1.6, 1.0) / ((5 * 1.6 + 2) / 7)
    return rate


def _readings(rng: np.random.Generator, level: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    noise = rng.uniform(*NOISE) * capacity[-1]
    used = level + rng.normal(0.0, noise, level.size)
    spikes = rng.random(level.size) < SPIKE_CHANCE
    used = used + spikes * rng.uniform(*SPIKE, level.size) * capacity[-1]
    return np.clip(used, 0.0, capacity)


def _filling(family: str, rng: np.random.Generator) -> Case:
    history = int(rng.integers(120, 366))
    for _ in range(100):
        rate = _rates(family, rng, history)
        growth = rate * _wander(rng, rate.size)
        level = rng.uniform(20, 300) + np.cumsum(growth)  # in units of the current regime's daily rate
        cleanups: list[int] = []
        if family == "cleanup":
            cleanups = sorted(int(d) for d in rng.choice(np.arange(20, history - 3), rng.integers(1, 3), replace=False))
            for day in cleanups:
                share = rng.uniform(0.05, 0.30)
                level[day:] -= share * level[day]
        horizon = rng.uniform(*HORIZON)
        cut = history - 1
        capacity = float(np.interp(cut + horizon, np.arange(level.size), level))
        # Whether the history is far enough from full is judged on the growth its regime gives on average, not
        # on the future drawn: judged on that, slow futures would be turned away and fills would come early.
        regime_growth = np.interp(cut + horizon, np.arange(rate.size), np.cumsum(rate)) - rate[: cut + 1].sum()
        expected = level[cut] + float(regime_growth)
        if level[:history].max() < min(0.93 * expected, capacity) and level[0] > 0:
            scale = CAPACITY / capacity
            past = level[:history] * scale
            caps = np.full(history, float(CAPACITY))
            used = _readings(rng, past, caps)
            return _resampled(family, rng, used, past, caps, horizon)
    raise RuntimeError(f"no {family} history fits")


def _resampled(family, rng, used, level, caps, horizon) -> Case:
    days = np.arange(used.size, dtype=float)
    if family != "hourly":
        return Case(family, days, used, caps, horizon)
    # Daily readings, then hourly ones for the last 30 days, with 1-2 gaps of 1-3 days.
    hourly_from = used.size - 30
    hours = np.arange(hourly_from * 24, (used.size - 1) * 24 + 1) / 24
    keep = np.ones(hours.size, dtype=bool)
    for _ in range(rng.integers(1, 3)):
        start = rng.uniform(hourly_from, used.size - 5)
        keep &= ~((hours >= start) & (hours < start + rng.uniform(1, 3)))
    keep[-1] = True
    hours = hours[keep]
    hourly_level = np.interp(hours, days, level)
    hourly = _readings(rng, hourly_level, np.full(hours.size, caps[-1]))
    return Case(
        family,
        np.concatenate([days[:hourly_from], hours]),
        np.concatenate([used[:hourly_from], hourly]),
        np.concatenate([caps[:hourly_from], np.full(hours.size, caps[-1])]),
        horizon,
    )


def _upgrade(rng: np.random.Generator) -> Case:
    """Growth up to 97 % of the old disk, held there 3-20 days (nothing more fits), the disk doubled, growth again."""
    before, held, after = int(rng.integers(60, 200)), int(rng.integers(3, 21)), int(rng.integers(20, 151))
    horizon = rng.uniform(*HORIZON)
    growth_after = np.cumsum(_wander(rng, after + FUTURE_DAYS))
    capacity = float(np.interp(after - 1 + horizon, np.arange(growth_after.size), growth_after)) / (1 - 0.485)
    plateau = 0.485 * capacity
    growth_before = np.cumsum(_wander(rng, before))
    shrink = min(1.0, (plateau - 0.05 * capacity) / growth_before[-1])
    start = plateau - shrink * growth_before[-1]
    level = np.concatenate([start + shrink * growth_before, np.full(held, plateau), plateau + growth_after[:after]]) * (
        CAPACITY / capacity
    )
    caps = np.concatenate([np.full(before + held, CAPACITY / 2), np.full(after, float(CAPACITY))])
    used = _readings(rng, level, caps)
    return Case("upgrade", np.arange(level.size, dtype=float), used, caps, horizon)


def _not_filling(rng: np.random.Generator) -> Case:
    """Flat, shrinking, or growth that stopped 20-90 days ago; capacity 1.2-2.5 x the highest usage."""
    history = int(rng.integers(120, 366))
    kind = rng.integers(0, 3)
    wobble = np.cumsum(rng.normal(0, 0.0005, history))  # usage that moves a little either way, share of capacity
    if kind == 0:
        level = 0.4 + wobble
    elif kind == 1:
        level = 0.6 - rng.uniform(0.0003, 0.002) * np.arange(history) + wobble
    else:
        stop = history - int(rng.integers(20, 91))
        grown = np.cumsum(rng.uniform(0.0005, 0.003) * _wander(rng, history))
        level = 0.2 + np.minimum(grown, grown[stop]) + wobble
    level = np.maximum(level, 0.01)
    capacity = float(CAPACITY)
    level = level * capacity / (level.max() * rng.uniform(1.2, 2.5))
    caps = np.full(history, capacity)
    return Case("not_filling", np.arange(history, dtype=float), _readings(rng, level, caps), caps, None)


def generated(family: str, seed: int, count: int) -> list[Case]:
    """`count` histories of one family; each history's randomness depends only on (seed, family, index)."""
    index = FAMILIES.index(family)
    out = []
    for k in range(count):
        rng = np.random.default_rng([seed, index, k])
        if family == "upgrade":
            out.append(_upgrade(rng))
        elif family == "not_filling":
            out.append(_not_filling(rng))
        else:
            out.append(_filling(family, rng))
    return out


def real_history(path: Path = REAL_SERIES) -> tuple[np.ndarray, np.ndarray]:
    """The real history as daily readings (days since its first day, bytes; a day without change repeats)."""
    rows = [line.strip().split(",") for line in path.read_text().splitlines() if line and not line.startswith("#")]
    dates = [date.fromisoformat(d) for d, _ in rows[1:]]
    values = np.array([float(v) for _, v in rows[1:]])
    offsets = np.array([(d - dates[0]).days for d in dates])
    days = np.arange(offsets[-1] + 1)
    at = np.searchsorted(offsets, days, side="right") - 1
    return days.astype(float), values[at]


def real_cases(seed: int) -> list[Case]:
    """The real history cut every 90 days; capacity = where usage stood 7-200 days later (drawn per seed)."""
    days, used = real_history()
    rng = np.random.default_rng([seed, 99])
    out = []
    for cut in range(REAL_FIRST_CUT, days.size - int(HORIZON[1]), REAL_CUT_EVERY):
        ahead = int(rng.integers(int(HORIZON[0]), int(HORIZON[1]) + 1))
        capacity = float(used[cut + ahead])
        later = np.nonzero(used[cut + 1 :] >= capacity)[0]
        if capacity <= used[: cut + 1].max() or not later.size:
            continue  # usage did not grow past its old high: nothing to forecast
        caps = np.full(cut + 1, capacity)
        out.append(Case("real", days[: cut + 1], used[: cut + 1], caps, float(later[0] + 1)))
    return out

"""Honest dates: P50 / P85 per feature and the chance of meeting a promise, by Monte Carlo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from roadmap.domain.schedule import (
    DEFAULT_HORIZON_DAYS,
    FeaturePlan,
    PreemptionPlan,
    TeamPlan,
    priority_order,
    run_schedule,
)

DEFAULT_RUNS = 2000
# Without a stated range, assume the usual optimism of estimates: -20 % / +50 %.
DEFAULT_LOW, DEFAULT_HIGH = 0.8, 1.5
CAPACITY_SIGMA = 0.10


@dataclass(frozen=True)
class DateForecast:
    feature_id: int
    p50: date | None
    p85: date | None


@dataclass(frozen=True)
class MonteCarloResult:
    today: date
    horizon_days: int
    feature_ids: tuple[int, ...]
    eta_days: np.ndarray  # (runs, features)

    def column(self, feature_id: int) -> np.ndarray:
        return self.eta_days[:, self.feature_ids.index(feature_id)]

    def _percentile(self, feature_id: int, q: float) -> date | None:
        day = int(np.percentile(self.column(feature_id), q, method="higher"))
        return None if day >= self.horizon_days else self.today + timedelta(days=day)

    def dates(self, feature_id: int) -> DateForecast:
        return DateForecast(feature_id, self._percentile(feature_id, 50), self._percentile(feature_id, 85))

    def probability_by(self, feature_id: int, deadline: date) -> float:
        """Share of runs in which the feature ships on or before `deadline`."""
        limit = (deadline - self.today).days
        return float(np.mean(self.column(feature_id) <= limit))


def sample_efforts(features: Sequence[FeaturePlan], *, normal: np.ndarray) -> np.ndarray:
    """Lognormal samples of remaining effort, shape (runs, features), from standard normal draws of that shape.

    The low and high estimates are read as P10 and P90 (without them: -20 % / +50 % of the likely effort);
    a lognormal keeps efforts positive and gives the long right tail real projects have.
    """
    likely = np.array([f.effort_weeks for f in features], dtype=float)
    low = np.array(
        [f.effort_low_weeks if f.effort_low_weeks is not None else DEFAULT_LOW * f.effort_weeks for f in features],
        dtype=float,
    )
    high = np.array(
        [f.effort_high_weeks if f.effort_high_weeks is not None else DEFAULT_HIGH * f.effort_weeks for f in features],
        dtype=float,
    )
    low = np.clip(np.minimum(low, likely), 1e-3, None)
    high = np.maximum(high, likely)
    mu = (np.log(low) + np.log(high)) / 2
    sigma = np.maximum((np.log(high) - np.log(low)) / (2 * 1.2816), 1e-6)
    remaining = np.array([1.0 - f.progress for f in features])
    return np.exp(mu + sigma * normal) * remaining


def _stream(seed: int, *key: int) -> np.random.Generator:
    """The random numbers of one feature or team: the same whichever other features are simulated with it."""
    return np.random.default_rng([seed, *key])


def _draws(features: Sequence[FeaturePlan], teams: Sequence[TeamPlan], *, runs: int, seed: int):
    """(efforts, capacity factors): each feature's and each team's draws come from their own stream."""
    normal = np.empty((runs, len(features)), dtype=np.float32)
    for k, feature in enumerate(features):
        normal[:, k] = _stream(seed, 1, feature.id).standard_normal(size=runs, dtype=np.float32)
    efforts = sample_efforts(features, normal=normal)
    factors = np.empty((runs, len(teams)))
    for k, team in enumerate(teams):
        factors[:, k] = _stream(seed, 2, team.id).lognormal(mean=0.0, sigma=CAPACITY_SIGMA, size=runs)
    return efforts, factors


def teams_needed(
    features: Sequence[FeaturePlan], feature_ids: Iterable[int], preemptions: Sequence[PreemptionPlan] = ()
) -> set[int]:
    """Teams whose schedules decide the dates of `feature_ids`: their own teams, the teams of what any
    feature on those teams depends on, the teams whose preemptions serve a feature on them, and so on (a
    team's queue is worked in order, so every feature on it counts)."""
    by_id = {f.id: f for f in features}
    needed = {by_id[i].team_id for i in feature_ids if i in by_id}
    while True:
        more = {by_id[d].team_id for f in features if f.team_id in needed for d in f.depends_on if d in by_id}
        more |= {p.team_id for p in preemptions if p.feature_id in by_id and by_id[p.feature_id].team_id in needed}
        if more <= needed:
            return needed
        needed |= more


def simulate_dates(
    *,
    teams: Sequence[TeamPlan],
    features: Sequence[FeaturePlan],
    preemptions: Sequence[PreemptionPlan] = (),
    today: date,
    runs: int = DEFAULT_RUNS,
    seed: int = 20261123,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    only: Iterable[int] | None = None,
) -> MonteCarloResult:
    """Run the schedule `runs` times over sampled efforts and capacity noise (seeded: same inputs, same dates).

    With `only`, schedule just the teams those features' dates depend on (see `teams_needed`): their dates are
    exactly those of the whole simulation, since every feature and team draws from its own random stream.
    """
    if only is not None:
        needed = teams_needed(features, only, preemptions)
        teams = [t for t in teams if t.id in needed]
        features = [f for f in features if f.team_id in needed]
        preemptions = [p for p in preemptions if p.team_id in needed]
    ordered = priority_order(features)
    efforts, factors = _draws(ordered, teams, runs=runs, seed=seed)
    _start, eta = run_schedule(
        teams=teams,
        features=ordered,
        efforts=efforts,
        capacity_factors=factors,
        preemptions=preemptions,
        today=today,
        horizon_days=horizon_days,
        with_starts=False,
    )
    return MonteCarloResult(today, horizon_days, tuple(f.id for f in ordered), eta)

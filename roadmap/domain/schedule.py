"""When each feature ships: team capacity, priority order, WIP slots, dependencies and preemptions.

One vectorised engine serves both the deterministic plan (one run, likely efforts) and the Monte Carlo
dates (many runs, sampled efforts and capacity noise), so the two never disagree on the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from roadmap.domain.work import FEATURE, STABILIZATION, remaining_weeks

__all__ = ["STABILIZATION"]
DEFAULT_HORIZON_DAYS = 3 * 365


@dataclass(frozen=True)
class CapacityChange:
    starts_on: date
    person_weeks_per_week: float


@dataclass(frozen=True)
class TeamPlan:
    id: int
    name: str
    person_weeks_per_week: float
    wip_limit: int = 2
    changes: tuple[CapacityChange, ...] = ()


@dataclass(frozen=True)
class FeaturePlan:
    id: int
    team_id: int
    effort_weeks: float
    progress: float = 0.0
    effort_low_weeks: float | None = None
    effort_high_weeks: float | None = None
    kind: str = FEATURE
    priority_rank: int | None = None
    score: float | None = None
    depends_on: tuple[int, ...] = ()

    @property
    def remaining_weeks(self) -> float:
        return remaining_weeks(effort_weeks=self.effort_weeks, progress=self.progress)


@dataclass(frozen=True)
class PreemptionPlan:
    team_id: int
    starts_on: date
    weeks: int
    share: float

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=7 * self.weeks)


@dataclass(frozen=True)
class FeatureDates:
    feature_id: int
    start: date | None
    eta: date | None


@dataclass
class _Team:
    plan: TeamPlan
    normal: np.ndarray  # cumulative person-weeks available to the mainline queue, end of each day
    reserved: np.ndarray  # cumulative person-weeks taken by preemptions, end of each day
    reserved_until: int = 0  # first day after the last preempted day
    queue: list[int] = field(default_factory=list)  # feature indexes, priority order
    stabilization: list[int] = field(default_factory=list)


def priority_order(features: Iterable[FeaturePlan]) -> list[FeaturePlan]:
    """Manual rank first, then score (higher first), then id: the order teams work in."""
    return sorted(
        features,
        key=lambda f: (f.priority_rank is None, f.priority_rank or 0, -(f.score or 0.0), f.id),
    )


def daily_capacity(team: TeamPlan, *, today: date, horizon_days: int) -> np.ndarray:
    """Person-weeks the team delivers on each day from today (weekly capacity spread over 7 days)."""
    per_day = np.full(horizon_days, team.person_weeks_per_week / 7.0)
    for change in sorted(team.changes, key=lambda c: c.starts_on):
        offset = max(0, (change.starts_on - today).days)
        if offset < horizon_days:
            per_day[offset:] = change.person_weeks_per_week / 7.0
    return per_day


def preempted_share(preemptions: Iterable[PreemptionPlan], *, today: date, horizon_days: int) -> np.ndarray:
    share = np.zeros(horizon_days)
    for p in preemptions:
        start = max(0, (p.starts_on - today).days)
        end = min(horizon_days, (p.ends_on - today).days)
        if end > start:
            share[start:end] += p.share
    return np.minimum(share, 1.0)


def _teams(teams, features, preemptions, today, horizon_days) -> dict[int, _Team]:
    by_team: dict[int, list[PreemptionPlan]] = {}
    for p in preemptions:
        by_team.setdefault(p.team_id, []).append(p)
    out = {}
    for team in teams:
        cap = daily_capacity(team, today=today, horizon_days=horizon_days)
        share = preempted_share(by_team.get(team.id, ()), today=today, horizon_days=horizon_days)
        taken = np.nonzero(share)[0]
        out[team.id] = _Team(
            plan=team,
            normal=np.cumsum(cap * (1.0 - share)),
            reserved=np.cumsum(cap * share),
            reserved_until=int(taken[-1]) + 1 if taken.size else 0,
        )
    for index, feature in enumerate(features):
        team = out.get(feature.team_id)
        if team is None:
            continue
        if feature.kind == STABILIZATION and team.reserved_until:
            team.stabilization.append(index)
        else:
            team.queue.append(index)
    return out


def _day_reached(cumulative: np.ndarray, work: np.ndarray) -> np.ndarray:
    """First day index whose cumulative work covers `work` (len(cumulative) when never)."""
    return np.searchsorted(cumulative, work - 1e-9, side="left")


def run_schedule(
    *,
    teams: Sequence[TeamPlan],
    features: Sequence[FeaturePlan],
    efforts: np.ndarray,
    capacity_factors: np.ndarray,
    preemptions: Sequence[PreemptionPlan] = (),
    today: date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    passes: int = 4,
    with_starts: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Schedule every run at once; return (start_day, eta_day) arrays of shape (runs, features).

    1. Each team's daily capacity (engineers x focus, with changes over time) is split into the share taken
       by preemptions ("reserved") and the rest ("normal"); both are accumulated into work curves.
    2. On a preempted team, stabilization features are worked first by the reserved capacity, in priority
       order; what the preemption does not finish rejoins the mainline queue after it ends.
    3. The mainline queue is worked in priority order by min(WIP, items) slots, each taking an equal share
       of the normal capacity. Work runs in "work time" (cumulative person-weeks), so capacity only changes
       how fast work time passes: more capacity can never make a date later.
    4. A feature starts no earlier than the feature before it in its queue (strict order) and than the
       end of the features it depends on; cross-team dependencies are settled by repeated passes.
    5. A day index equal to the horizon means "not within the horizon".
    Arrays: efforts (runs, features) remaining person-weeks; capacity_factors (runs, teams-in-order).
    """
    runs, n = efforts.shape
    index_of = {f.id: i for i, f in enumerate(features)}
    team_state = _teams(teams, features, preemptions, today, horizon_days)
    team_pos = {team.id: k for k, team in enumerate(teams)}
    start = np.zeros((runs, n), dtype=np.int32)
    eta = np.full((runs, n), horizon_days, dtype=np.int32)
    deps = [[index_of[d] for d in f.depends_on if d in index_of] for f in features]
    has_cross_deps = any(deps)
    for _ in range(passes if has_cross_deps else 1):
        previous = eta.copy() if has_cross_deps else eta
        for team_id, team in team_state.items():
            factor = capacity_factors[:, team_pos[team_id]]
            normal = team.normal
            # Stabilization on reserved capacity, in order.
            leftover: dict[int, np.ndarray] = {}
            done_work = np.zeros(runs)
            for i in team.stabilization:
                need = done_work + efforts[:, i]
                day = _day_reached(team.reserved, need / factor)
                finished = day < team.reserved_until
                eta[:, i] = np.where(finished, day, horizon_days)
                start[:, i] = np.searchsorted(team.reserved, done_work / factor, side="right")
                total_reserved = team.reserved[team.reserved_until - 1] * factor
                rest = np.where(finished, 0.0, need - np.maximum(total_reserved, done_work))
                if np.any(~finished):
                    leftover[i] = rest
                done_work = need
            queue = list(team.queue) + [i for i in team.stabilization if i in leftover]
            queue = sorted(queue, key=lambda i: queue_key(features[i]))
            if not queue:
                continue
            slots = max(1, min(team.plan.wip_limit, len(queue)))
            begins, finishes = _work_queue(
                queue=queue,
                slots=slots,
                runs=runs,
                efforts=efforts,
                leftover=leftover,
                deps=deps,
                after_preemption=_work_at(normal, team.reserved_until - 1, factor) if leftover else None,
                dep_work=lambda d, normal=normal, factor=factor, previous=previous: _work_at(
                    normal, previous[:, d], factor
                ),
            )
            columns = np.array(queue)
            if with_starts:
                start[:, columns] = np.searchsorted(normal, begins / factor[:, None], side="right")
            eta[:, columns] = _day_reached(normal, finishes / factor[:, None])
        if not has_cross_deps or np.array_equal(previous, eta):
            break
    return start, eta


def _work_queue(*, queue, slots, runs, efforts, leftover, deps, after_preemption, dep_work):
    """Begin and finish of each queued item in work time: strict order over `slots` equal slots."""
    begins = np.empty((runs, len(queue)))
    finishes = np.empty((runs, len(queue)))
    if runs == 1:
        # The deterministic plan: plain floats are much faster than one-element arrays.
        free, last = [0.0] * slots, 0.0
        for k, i in enumerate(queue):
            effort = float(leftover[i][0]) if i in leftover else float(efforts[0, i])
            earliest = last
            if i in leftover:
                earliest = max(earliest, float(after_preemption[0]))
            for d in deps[i]:
                earliest = max(earliest, float(dep_work(d)[0]))
            slot = min(range(slots), key=free.__getitem__)
            begin = max(free[slot], earliest)
            free[slot] = begin + effort * slots
            last = begin
            begins[0, k], finishes[0, k] = begin, free[slot]
        return begins, finishes
    rows = np.arange(runs)
    free = np.zeros((runs, slots))
    last = np.zeros(runs)
    for k, i in enumerate(queue):
        effort = leftover[i] if i in leftover else efforts[:, i]
        earliest = last
        if i in leftover:
            earliest = np.maximum(earliest, after_preemption)
        for d in deps[i]:
            earliest = np.maximum(earliest, dep_work(d))
        slot = free.argmin(axis=1)
        begin = np.maximum(free[rows, slot], earliest)
        finish = begin + effort * slots
        free[rows, slot] = finish
        last = begin
        begins[:, k], finishes[:, k] = begin, finish
    return begins, finishes


def queue_key(feature: FeaturePlan) -> tuple:
    return (feature.priority_rank is None, feature.priority_rank or 0, -(feature.score or 0.0), feature.id)


def _work_at(cumulative: np.ndarray, day, factor: np.ndarray) -> np.ndarray:
    """Work time (scaled by each run's capacity factor) reached at the end of `day`; day < 0 means none."""
    day = np.asarray(day)
    clipped = np.clip(day, 0, len(cumulative) - 1)
    return np.where(day >= 0, cumulative[clipped] * factor, 0.0)


def simulate_schedule(
    *,
    teams: Sequence[TeamPlan],
    features: Sequence[FeaturePlan],
    preemptions: Sequence[PreemptionPlan] = (),
    today: date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> dict[int, FeatureDates]:
    """Deterministic plan: likely efforts, nominal capacity; start and ETA per feature."""
    ordered = priority_order(features)
    efforts = np.array([[f.remaining_weeks for f in ordered]])
    factors = np.ones((1, len(teams)))
    start, eta = run_schedule(
        teams=teams,
        features=ordered,
        efforts=efforts,
        capacity_factors=factors,
        preemptions=preemptions,
        today=today,
        horizon_days=horizon_days,
    )
    return {
        f.id: FeatureDates(
            feature_id=f.id,
            start=_to_date(today, int(start[0, i]), horizon_days),
            eta=_to_date(today, int(eta[0, i]), horizon_days),
        )
        for i, f in enumerate(ordered)
    }


def _to_date(today: date, day: int, horizon_days: int) -> date | None:
    return None if day >= horizon_days else today + timedelta(days=day)

"""When each feature ships: team capacity, priority order, WIP slots, dependencies and preemptions.

One vectorised engine serves both the deterministic plan (one run, likely efforts) and the Monte Carlo
dates (many runs, sampled efforts and capacity noise), so the two never disagree on the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    score_rank: int | None = None  # place in the priority ranking (lanes first: expedite work before the rest)

    @property
    def remaining_weeks(self) -> float:
        return remaining_weeks(effort_weeks=self.effort_weeks, progress=self.progress)


@dataclass(frozen=True)
class PreemptionPlan:
    """A share of a team's capacity, for some weeks, given to stabilization work: to `feature_id` when named
    (on any team), else to the team's own stabilization features."""

    team_id: int
    starts_on: date
    weeks: int
    share: float
    feature_id: int | None = None

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
    queue: list[int] = field(default_factory=list)  # feature indexes, priority order


@dataclass
class _Pool:
    """Capacity preemptions reserve for some stabilization work: per team, cumulative reserved person-weeks."""

    reserved: dict[int, np.ndarray] = field(default_factory=dict)
    reserved_until: int = 0  # first day after the last reserved day
    features: list[int] = field(default_factory=list)  # feature indexes it works on, priority order

    def work(self, factors: np.ndarray, team_pos: Mapping[int, int]) -> np.ndarray:
        """Cumulative reserved work per run and day, shape (runs, days), scaled by each run's team capacity."""
        return sum(factors[:, team_pos[tid], None] * curve[None, :] for tid, curve in self.reserved.items())


def priority_order(features: Iterable[FeaturePlan]) -> list[FeaturePlan]:
    """Manual rank first, then the priority ranking (expedite work first), then score, then id: the order teams
    work in."""
    return sorted(features, key=queue_key)


def daily_capacity(team: TeamPlan, *, today: date, horizon_days: int) -> np.ndarray:
    """Person-weeks the team delivers on each day from today (weekly capacity spread over 7 days)."""
    per_day = np.full(horizon_days, team.person_weeks_per_week / 7.0)
    for change in sorted(team.changes, key=lambda c: c.starts_on):
        offset = max(0, (change.starts_on - today).days)
        if offset < horizon_days:
            per_day[offset:] = change.person_weeks_per_week / 7.0
    return per_day


def _window(p: PreemptionPlan, *, today: date, horizon_days: int) -> tuple[int, int]:
    return max(0, (p.starts_on - today).days), min(horizon_days, (p.ends_on - today).days)


def preempted_share(preemptions: Iterable[PreemptionPlan], *, today: date, horizon_days: int) -> np.ndarray:
    share = np.zeros(horizon_days)
    for p in preemptions:
        start, end = _window(p, today=today, horizon_days=horizon_days)
        if end > start:
            share[start:end] += p.share
    return np.minimum(share, 1.0)


def _pool_key(p: PreemptionPlan, scheduled: Mapping[int, FeaturePlan]) -> tuple[str, int]:
    if p.feature_id is not None and p.feature_id in scheduled:
        return ("feature", p.feature_id)
    return ("team", p.team_id)


def _plan_teams(teams, features, preemptions, today, horizon_days) -> tuple[dict[int, _Team], list[_Pool]]:
    """Split each team's capacity between its mainline queue and the pools its preemptions feed.

    Shares on one team add up to at most the whole team (over-booked days are scaled down); each preemption's
    part goes to the pool of the feature it names, or of its team's stabilization work."""
    scheduled = {f.id: f for f in features}
    by_team: dict[int, list[PreemptionPlan]] = {}
    for p in preemptions:
        by_team.setdefault(p.team_id, []).append(p)
    out: dict[int, _Team] = {}
    pools: dict[tuple[str, int], _Pool] = {}
    for team in teams:
        cap = daily_capacity(team, today=today, horizon_days=horizon_days)
        own = by_team.get(team.id, ())
        total = np.zeros(horizon_days)
        for p in own:
            start, end = _window(p, today=today, horizon_days=horizon_days)
            total[start:end] += p.share
        scale = np.where(total > 1.0, 1.0 / np.maximum(total, 1e-12), 1.0)
        for p in own:
            start, end = _window(p, today=today, horizon_days=horizon_days)
            if end <= start:
                continue
            daily = np.zeros(horizon_days)
            daily[start:end] = cap[start:end] * p.share * scale[start:end]
            pool = pools.setdefault(_pool_key(p, scheduled), _Pool())
            pool.reserved[team.id] = pool.reserved.get(team.id, 0.0) + np.cumsum(daily)
            pool.reserved_until = max(pool.reserved_until, end)
        out[team.id] = _Team(plan=team, normal=np.cumsum(cap * (1.0 - np.minimum(total, 1.0))))
    for index, feature in enumerate(features):
        team = out.get(feature.team_id)
        if team is None:
            continue
        served = pools.get(("feature", feature.id))
        if served is None and feature.kind == STABILIZATION:
            served = pools.get(("team", feature.team_id))
        if served is not None:
            served.features.append(index)
        else:
            team.queue.append(index)
    return out, [pool for pool in pools.values() if pool.features]


def plan_pools(
    *,
    teams: Sequence[TeamPlan],
    features: Sequence[FeaturePlan],
    preemptions: Sequence[PreemptionPlan],
    today: date,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> list[tuple[list[int], float]]:
    """Each pool of preempted capacity: the feature ids it works (priority order) and its person-weeks."""
    ordered = priority_order(features)
    _state, pools = _plan_teams(teams, ordered, preemptions, today, horizon_days)
    return [
        ([ordered[i].id for i in pool.features], float(sum(curve[-1] for curve in pool.reserved.values())))
        for pool in pools
    ]


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
    2. Preempted capacity is pooled per stabilization feature it serves (from any team; a preemption naming
       no feature serves its own team's stabilization work). A pool works its features first, in priority
       order; what it does not finish rejoins the feature's mainline queue after the pool's last preemption.
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
    team_state, pools = _plan_teams(teams, features, preemptions, today, horizon_days)
    team_pos = {team.id: k for k, team in enumerate(teams)}
    start = np.zeros((runs, n), dtype=np.int32)
    eta = np.full((runs, n), horizon_days, dtype=np.int32)
    deps = acyclic_dependencies([[index_of[d] for d in f.depends_on if d in index_of] for f in features])
    has_cross_deps = any(deps)
    # Preempted capacity works its pool's stabilization features in priority order; the team's mainline
    # queue works them too, at their rank, alongside (see _concurrent_finish).
    pooled: dict[int, np.ndarray] = {}
    for pool in pools:
        reserved = pool.work(capacity_factors, team_pos)
        done_work = np.zeros(runs)
        for i in pool.features:
            pooled[i] = np.maximum(reserved - done_work[:, None], 0.0)
            start[:, i] = (reserved <= done_work[:, None]).sum(axis=1)
            team_state[features[i].team_id].queue.append(i)
            done_work = done_work + efforts[:, i]
    for _ in range(passes if has_cross_deps else 1):
        previous = eta.copy() if has_cross_deps else eta
        for team_id, team in team_state.items():
            if not team.queue:
                continue
            factor = capacity_factors[:, team_pos[team_id]]
            normal = team.normal
            queue = sorted(team.queue, key=lambda i: queue_key(features[i]))
            slots = max(1, min(team.plan.wip_limit, len(queue)))
            begins, finishes, days = _work_queue(
                queue=queue,
                slots=slots,
                runs=runs,
                efforts=efforts,
                deps=deps,
                dep_work=lambda d, normal=normal, factor=factor, previous=previous: _work_at(
                    normal, previous[:, d], factor
                ),
                concurrent={
                    i: (
                        lambda begin, i=i, normal=normal, factor=factor, slots=slots: _concurrent_finish(
                            reserved=pooled[i],
                            normal=normal,
                            factor=factor,
                            begin=begin,
                            effort=efforts[:, i],
                            slots=slots,
                        )
                    )
                    for i in queue
                    if i in pooled
                },
            )
            columns = np.array(queue)
            if with_starts:
                begun = np.searchsorted(normal, begins / factor[:, None], side="right")
                # A stabilization begun on reserved capacity keeps its first day.
                start[:, columns] = np.where(
                    np.isin(columns, list(pooled)), np.minimum(start[:, columns], begun), begun
                )
            eta[:, columns] = _day_reached(normal, finishes / factor[:, None])
            for k, day in days.items():
                eta[:, queue[k]] = day
        if not has_cross_deps or np.array_equal(previous, eta):
            break
    return start, eta


def acyclic_dependencies(deps: list[list[int]]) -> list[list[int]]:
    """The dependency edges that lie on no cycle (self-dependencies included).

    The services refuse cycles; one that reaches the plan anyway must not push its features past the horizon
    and, by strict queue order, every feature after them: the features of a cycle are planned as if they did
    not wait for each other, every other edge is kept. Strongly connected components (Tarjan, iterative).
    """
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    component = [-1] * len(deps)
    stack: list[int] = []
    on_stack = [False] * len(deps)
    found = 0
    for root in range(len(deps)):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack[node] = True
            if edge < len(deps[node]):
                work.append((node, edge + 1))
                nxt = deps[node][edge]
                if nxt not in index:
                    work.append((nxt, 0))
                elif on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = found
                    if member == node:
                        break
                found += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [[d for d in ds if component[d] != component[i]] for i, ds in enumerate(deps)]


def _concurrent_finish(*, reserved, normal, factor, begin, effort, slots):
    """A stabilization worked by preempted capacity and, from `begin` (work time), by one mainline slot.

    Its progress on day t is reserved(t) + max(0, normal(t) - begin) / slots; it is done on the first day that
    reaches its effort. Returns (mainline work time when its slot frees, done day, True where the preempted
    capacity alone finished it before its slot began). More preemption only adds progress, so it never
    makes the fix later."""
    mainline = np.maximum(normal[None, :] * factor[:, None] - begin[:, None], 0.0) / slots
    day = ((reserved + mainline) < (effort - 1e-9)[:, None]).sum(axis=1)
    horizon = normal.shape[0]
    at = np.clip(day, 0, horizon - 1)
    freed = np.where(day < horizon, normal[at] * factor, begin + effort * slots)
    alone = freed <= begin
    return np.maximum(freed, begin), day, alone


def _work_queue(*, queue, slots, runs, efforts, deps, dep_work, concurrent):
    """Begin and finish of each queued item in work time: strict order over `slots` equal slots. Items in
    `concurrent` are also worked elsewhere: their done day is returned apart (queue position -> days), and
    one finished before its slot began takes no slot."""
    begins = np.empty((runs, len(queue)))
    finishes = np.empty((runs, len(queue)))
    days: dict[int, np.ndarray] = {}
    if runs == 1 and not concurrent:
        # The deterministic plan: plain floats are much faster than one-element arrays.
        free, last = [0.0] * slots, 0.0
        for k, i in enumerate(queue):
            effort = float(efforts[0, i])
            earliest = last
            for d in deps[i]:
                earliest = max(earliest, float(dep_work(d)[0]))
            slot = min(range(slots), key=free.__getitem__)
            begin = max(free[slot], earliest)
            free[slot] = begin + effort * slots
            last = begin
            begins[0, k], finishes[0, k] = begin, free[slot]
        return begins, finishes, days
    rows = np.arange(runs)
    free_at = np.zeros((runs, slots))
    last = np.zeros(runs)
    for k, i in enumerate(queue):
        earliest = last
        for d in deps[i]:
            earliest = np.maximum(earliest, dep_work(d))
        slot = free_at.argmin(axis=1)
        begin = np.maximum(free_at[rows, slot], earliest)
        if i in concurrent:
            finish, days[k], alone = concurrent[i](begin)
            free_at[rows, slot] = np.where(alone, free_at[rows, slot], finish)
            last = np.where(alone, last, begin)
        else:
            finish = begin + efforts[:, i] * slots
            free_at[rows, slot] = finish
            last = begin
        begins[:, k], finishes[:, k] = begin, finish
    return begins, finishes, days


def queue_key(feature: FeaturePlan) -> tuple:
    return (
        feature.priority_rank is None,
        feature.priority_rank or 0,
        feature.score_rank is None,
        feature.score_rank or 0,
        -(feature.score or 0.0),
        feature.id,
    )


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

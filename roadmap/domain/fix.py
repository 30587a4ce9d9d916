"""The stabilization fix against the fleet's deadline: when it ships, what covers its effort, and what it would
take to meet the deadline when the plan misses it."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from roadmap.domain.schedule import FeatureDates, FeaturePlan, PreemptionPlan, TeamPlan, plan_pools, queue_key
from roadmap.domain.work import STABILIZATION


@dataclass(frozen=True)
class FixOutlook:
    feature_id: int
    team_id: int
    eta: date | None  # None: not within the planning horizon
    deadline: date | None  # None: no deployment is filling up
    covered_weeks: float  # person-weeks of the fix that preempted capacity works
    uncovered_weeks: float  # person-weeks left to the team's mainline queue after the preemptions end
    mainline_rank: int  # the fix's place in its team's mainline queue (1 = worked first)
    mainline_size: int
    team_name: str = ""

    @property
    def meets_deadline(self) -> bool | None:
        if self.deadline is None:
            return None
        return self.eta is not None and self.eta <= self.deadline

    @property
    def days_late(self) -> int | None:
        """Days after the deadline (0 when it is met; None when the fix is not within the horizon)."""
        if self.deadline is None:
            return 0
        if self.eta is None:
            return None
        return max(0, (self.eta - self.deadline).days)


def fix_feature_choose(features: Sequence[FeaturePlan], *, preferred: int | None = None) -> FeaturePlan | None:
    """The stabilization the plan is about: `preferred` (the latest accepted scenario's) when still scheduled,
    else the first stabilization feature in priority order."""
    by_id = {f.id: f for f in features}
    if preferred in by_id:
        return by_id[preferred]
    stabilizations = sorted((f for f in features if f.kind == STABILIZATION), key=queue_key)
    return stabilizations[0] if stabilizations else None


def fix_outlook(
    *,
    teams: Sequence[TeamPlan],
    features: Sequence[FeaturePlan],
    preemptions: Sequence[PreemptionPlan],
    plan: Mapping[int, FeatureDates],
    feature_id: int,
    deadline: date | None,
    today: date,
) -> FixOutlook:
    """Where the fix's effort runs under `preemptions`, and when it ships in `plan` (their schedule)."""
    ordered = sorted(features, key=queue_key)
    fix = next(f for f in ordered if f.id == feature_id)
    served = plan_pools(teams=teams, features=ordered, preemptions=preemptions, today=today)
    covered = 0.0
    for pool_features, reserved_total in served:
        if fix.id in pool_features:
            before = sum(f.remaining_weeks for f in ordered if f.id in pool_features[: pool_features.index(fix.id)])
            covered = min(fix.remaining_weeks, max(0.0, reserved_total - before))
    uncovered = max(0.0, fix.remaining_weeks - covered)
    queue = [f.id for f in ordered if f.team_id == fix.team_id]
    dates = plan.get(fix.id)
    return FixOutlook(
        feature_id=fix.id,
        team_id=fix.team_id,
        eta=dates.eta if dates else None,
        deadline=deadline,
        covered_weeks=round(covered, 2),
        uncovered_weeks=round(uncovered, 2),
        mainline_rank=queue.index(fix.id) + 1,
        mainline_size=len(queue),
        team_name=next((t.name for t in teams if t.id == fix.team_id), ""),
    )


def engineers_needed(*, remaining_weeks: float, today: date, deadline: date, focus_factor: float) -> int | None:
    """Engineers working on nothing else it takes to finish `remaining_weeks` by the deadline (None: no time)."""
    weeks = (deadline - today).days / 7.0
    if weeks <= 0 or focus_factor <= 0:
        return None
    return max(1, math.ceil(remaining_weeks / (weeks * focus_factor) - 1e-9))


def cleanup_days_bought(*, capacity_bytes: float, growth_bytes_per_day: float | None, share: float) -> float | None:
    """Days an emergency clean-up freeing `share` of the disk buys at the current growth (None: not growing)."""
    if not growth_bytes_per_day or growth_bytes_per_day <= 0:
        return None
    return share * capacity_bytes / growth_bytes_per_day

"""What a ranking change means: what moved when weights change, and the smallest change of a feature's inputs
that would make it #1. Pure Python on the score engine's inputs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from roadmap.domain.classes import EXPEDITE_LANE
from roadmap.domain.scoring import CustomerAsk, FeatureInput, IncidentImpact, Policy, Promise, score_feature
from roadmap.domain.work import remaining_weeks

# Beat the current #1 by a hair, not tie with it.
MARGIN = 1.001


@dataclass(frozen=True)
class RankMove:
    id: int
    before: int | None  # None: not ranked before
    after: int | None  # None: not ranked any more

    @property
    def delta(self) -> int:
        """Positive: moved up."""
        if self.before is None or self.after is None:
            return 0
        return self.before - self.after


def ranking_moves(before: Mapping[int, int], after: Mapping[int, int]) -> list[RankMove]:
    """Every id whose rank differs, biggest jump first (then the new rank, then id)."""
    moves = [
        RankMove(i, before.get(i), after.get(i))
        for i in sorted(set(before) | set(after))
        if before.get(i) != after.get(i)
    ]
    return sorted(moves, key=lambda m: (-abs(m.delta), m.after or 10**9, m.id))


@dataclass(frozen=True)
class Lever:
    """One change of inputs that would make a feature #1, and how big it is relative to the input it changes."""

    lever: str  # job_size | business_value | promise_date | expedite
    relative_change: float
    facts: dict[str, Any]
    text: str

    @property
    def percent(self) -> int | None:
        """The relative change in percent (None where it is not a change of one number)."""
        if self.lever == "expedite" or self.relative_change == float("inf"):
            return None
        return round(self.relative_change * 100)


def _beats(score: float, lane: int, top_score: float, top_lane: int) -> bool:
    return lane < top_lane or (lane == top_lane and score > top_score)


def _with_remaining(feature: FeatureInput, remaining: float) -> FeatureInput:
    # Same progress, less work left: the effort a smaller first slice would take.
    left = 1 - min(max(feature.progress, 0.0), 1.0)
    return replace(
        feature,
        effort_weeks=remaining / left if left > 0 else remaining,
        progress=0.0 if left <= 0 else feature.progress,
    )


def moves_to_first(
    feature: FeatureInput, policy: Policy, *, today: date, top_score: float, top_lane: int
) -> list[Lever]:
    """The single-input changes that would rank `feature` above the current #1 (`top_score` in `top_lane`),
    smallest relative change first. Each is checked by re-scoring the changed inputs.

    - job size: cut the remaining work to what the cost of delay can carry (a smaller first slice);
    - business value: one more strategic customer asking through its economic buyer, with the ARR it takes;
    - promise date: an existing promise due sooner;
    - expedite: when #1 is expedite and this is not, only an open SEV1 on a linked incident (or a full
      deployment) puts it in that lane; the job size it would then need is given too.
    """
    current = score_feature(feature, policy, today=today)
    if _beats(current.score, current.lane, top_score, top_lane):
        return []
    levers: list[Lever] = []
    target = top_score * MARGIN + 1e-6
    cod = current.breakdown["cost_of_delay"]
    size = current.breakdown["job_size"]["value"]
    min_size = policy.w("min_job_size_weeks")
    terms = policy.weights["terms"]

    candidate = feature
    if current.lane > top_lane and top_lane == EXPEDITE_LANE:
        candidate = replace(
            feature,
            incidents=(*feature.incidents, IncidentImpact(-1, "an open SEV1", "SEV1", True, 1, 0)),
        )
        expedited = score_feature(candidate, policy, today=today)
        facts: dict[str, Any] = {"score": round(expedited.score, 3)}
        if not _beats(expedited.score, expedited.lane, top_score, top_lane):
            needed = expedited.breakdown["cost_of_delay"] / target
            facts["remaining_weeks"] = round(needed, 1)
        levers.append(
            Lever(
                "expedite",
                1.0,
                facts,
                "#1 is expedite work: only an open SEV1 on a linked incident or a full deployment would put this "
                "feature in that lane"
                + (
                    f", and then {facts['remaining_weeks']} person-weeks of remaining work"
                    if "remaining_weeks" in facts
                    else ""
                ),
            )
        )
        return levers

    remaining = remaining_weeks(effort_weeks=feature.effort_weeks, progress=feature.progress)
    # The remaining work the cost of delay can carry, rounded down to a tenth of a week as it is shown.
    needed_size = math.floor(cod / target * 10) / 10
    if cod > 0 and needed_size >= min_size and remaining > 0:
        after = score_feature(_with_remaining(feature, needed_size), policy, today=today)
        if _beats(after.score, after.lane, top_score, top_lane):
            levers.append(
                Lever(
                    "job_size",
                    1 - needed_size / max(size, 1e-9),
                    {"remaining_from": round(remaining, 1), "remaining_to": needed_size},
                    f"Cut the remaining work from {remaining:.1f} to {needed_size:.1f} person-weeks "
                    "(a smaller first slice)",
                )
            )

    missing = target * size - cod
    bv_weight = float(terms["business_value"])
    per_arr = policy.w("tier", "strategic") * policy.w("persona", "EB") * policy.w("source", "requested") * bv_weight
    if missing > 0 and per_arr > 0:
        # Rounded up to a thousand, as it is shown.
        arr = math.ceil(missing / per_arr * policy.w("arr_unit") * 1.001 / 1000) * 1000
        ask = CustomerAsk(-1, "a new strategic customer", arr, "strategic", "EB", False)
        after = score_feature(replace(feature, asks=(*feature.asks, ask)), policy, today=today)
        if _beats(after.score, after.lane, top_score, top_lane):
            value = current.breakdown["terms"]["business_value"]["value"]
            levers.append(
                Lever(
                    "business_value",
                    (missing / bv_weight) / value if value > 0 else float("inf"),
                    {"arr": arr},
                    f"One more strategic customer asking through its economic buyer, with ARR {arr:,.0f}",
                )
            )

    tc_weight = float(terms["time_criticality"])
    horizon = policy.w("promise_horizon_days")
    for promise in feature.promises:
        days = (promise.promised_date - today).days
        if days <= 0 or tc_weight <= 0:
            continue
        full = policy.w("promise_points") * policy.w("strength", promise.strength)
        now_points = full * horizon / (horizon + days)
        needed_points = now_points + missing / tc_weight
        if needed_points > full:
            continue  # even due today it would not be enough
        new_days = int(horizon * (full / needed_points - 1))
        changed_promises = tuple(
            Promise(p.customer_id, p.customer_name, today + timedelta(days=new_days), p.strength) if p == promise else p
            for p in feature.promises
        )
        after = score_feature(replace(feature, promises=changed_promises), policy, today=today)
        if _beats(after.score, after.lane, top_score, top_lane):
            levers.append(
                Lever(
                    "promise_date",
                    (days - new_days) / days,
                    {
                        "customer": promise.customer_name,
                        "from": promise.promised_date.isoformat(),
                        "to": (today + timedelta(days=new_days)).isoformat(),
                    },
                    f"The promise to {promise.customer_name} due {(today + timedelta(days=new_days)).isoformat()} "
                    f"instead of {promise.promised_date.isoformat()}",
                )
            )
    return sorted(levers, key=lambda lever: (lever.relative_change, lever.lever))

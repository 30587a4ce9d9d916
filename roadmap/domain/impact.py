"""What a scenario does to our promises: who is late, by how much, whom to tell, and what is at risk."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from customers.domain.personas import contact_rank
from roadmap.domain.schedule import FeatureDates, FeaturePlan, PreemptionPlan, TeamPlan, simulate_schedule
from roadmap.domain.work import is_at_risk


# Plain immutable records: plans hold tens of thousands of promises, and named tuples are built several
# times faster than frozen dataclasses.
class Contact(NamedTuple):
    persona_id: int
    name: str
    role: str
    is_vip: bool
    title: str = ""


class CommitmentPlan(NamedTuple):
    id: int
    feature_id: int
    feature_title: str
    customer_id: int
    customer_name: str
    customer_arr: float
    promised_date: date
    strength: str
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class AffectedCommitment:
    commitment: CommitmentPlan
    baseline_eta: date | None
    scenario_eta: date | None
    slip_days: int | None  # None: no longer ships within the horizon
    late: bool
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Impact:
    affected: tuple[AffectedCommitment, ...]
    customers_affected: int
    arr_at_risk: float
    late_count: int
    by_strength: Mapping[str, int] = field(default_factory=dict)
    customers_to_tell: int = 0  # customers with a late promise; a slip that still meets its date tells no one

    @property
    def late(self) -> tuple[AffectedCommitment, ...]:
        return tuple(a for a in self.affected if a.late)

    @property
    def slipping_on_time(self) -> tuple[AffectedCommitment, ...]:
        """Promises that move later but still meet their date."""
        return tuple(a for a in self.affected if not a.late)


def order_contacts(contacts: Iterable[Contact]) -> tuple[Contact, ...]:
    """EB first, then TB, then UB; VIPs first within a role."""
    return tuple(sorted(contacts, key=lambda c: (contact_rank(c.role), not c.is_vip, c.name)))


def is_late(eta: date | None, promised: date) -> bool:
    return eta is None or eta > promised


def _later(baseline: date | None, scenario: date | None) -> bool:
    if scenario is None:
        return baseline is not None
    return baseline is not None and scenario > baseline


def assess_impact(
    *,
    commitments: Sequence[CommitmentPlan],
    baseline: Mapping[int, FeatureDates],
    scenario: Mapping[int, FeatureDates],
) -> Impact:
    """Affected promises are those whose ETA moves later; ARR at risk counts customers with a late one."""
    affected = []
    for c in commitments:
        base = baseline.get(c.feature_id)
        new = scenario.get(c.feature_id)
        base_eta, new_eta = (base.eta if base else None), (new.eta if new else None)
        if not _later(base_eta, new_eta):
            continue
        slip = (new_eta - base_eta).days if (new_eta and base_eta) else None
        affected.append(
            AffectedCommitment(
                commitment=c,
                baseline_eta=base_eta,
                scenario_eta=new_eta,
                slip_days=slip,
                late=is_late(new_eta, c.promised_date),
                contacts=order_contacts(c.contacts),
            )
        )
    affected.sort(key=lambda a: (not a.late, -(a.slip_days or 10**6), a.commitment.promised_date))
    late_customers = {a.commitment.customer_id: a.commitment.customer_arr for a in affected if a.late}
    by_strength: dict[str, int] = {}
    for a in affected:
        by_strength[a.commitment.strength] = by_strength.get(a.commitment.strength, 0) + 1
    return Impact(
        affected=tuple(affected),
        customers_affected=len({a.commitment.customer_id for a in affected}),
        arr_at_risk=float(sum(late_customers.values())),
        late_count=sum(1 for a in affected if a.late),
        by_strength=by_strength,
        customers_to_tell=len(late_customers),
    )


@dataclass(frozen=True)
class PlanRisk:
    late: tuple[tuple[CommitmentPlan, date | None], ...]
    arr_at_risk: float
    # On time with little slack (roadmap.domain.work.is_at_risk); empty unless `today` was given.
    at_risk: tuple[tuple[CommitmentPlan, date], ...] = ()


def assess_plan_risk(
    *, commitments: Sequence[CommitmentPlan], plan: Mapping[int, FeatureDates], today: date | None = None
) -> PlanRisk:
    """Promises the plan itself already misses, the ARR of their customers, and (given `today`) the promises
    it meets with little slack."""
    late = []
    at_risk = []
    for c in commitments:
        dates = plan.get(c.feature_id)
        eta = dates.eta if dates else None
        if is_late(eta, c.promised_date):
            late.append((c, eta))
        elif today is not None and eta is not None and is_at_risk(promised_date=c.promised_date, eta=eta, today=today):
            at_risk.append((c, eta))
    arr = {c.customer_id: c.customer_arr for c, _ in late}
    return PlanRisk(late=tuple(late), arr_at_risk=float(sum(arr.values())), at_risk=tuple(at_risk))


@dataclass(frozen=True)
class MinimumPreemption:
    share: float
    weeks: int
    eta: date | None
    meets_deadline: bool
    miss_days: int  # 0 when the deadline is met


def find_minimum_preemption(
    *,
    teams: Sequence[TeamPlan],
    features: Sequence[FeaturePlan],
    stabilization_feature_id: int,
    deadline: date,
    today: date,
    starts_on: date | None = None,
    preemptions: Sequence[PreemptionPlan] = (),
    shares: Sequence[float] = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
) -> MinimumPreemption:
    """Smallest share of the team (and the weeks it takes) that ships the stabilization work by `deadline`.

    0. `preemptions` are already in the plan (the committed ones); the candidate comes on top of them.
    1. For each share, ascending, the preemption lasts just long enough for its capacity to cover the
       remaining effort (ceil(remaining / (weekly capacity x share)) weeks).
    2. The schedule is simulated with that preemption; the first share whose ETA meets the deadline wins.
    3. If even 100 % misses, report the 100 % plan and by how many days it misses.
    """
    starts_on = starts_on or today
    feature = next(f for f in features if f.id == stabilization_feature_id)
    team = next(t for t in teams if t.id == feature.team_id)
    result = None
    for share in shares:
        weekly = team.person_weeks_per_week * share
        weeks = max(1, math.ceil(feature.remaining_weeks / weekly)) if weekly > 0 else 104
        plan = simulate_schedule(
            teams=teams,
            features=features,
            today=today,
            preemptions=[*preemptions, PreemptionPlan(team.id, starts_on, min(weeks, 104), share, feature.id)],
        )
        eta = plan[feature.id].eta
        met = eta is not None and eta <= deadline
        miss = 0 if met else ((eta - deadline).days if eta else (today + timedelta(days=3650) - deadline).days)
        result = MinimumPreemption(share=share, weeks=min(weeks, 104), eta=eta, meets_deadline=met, miss_days=miss)
        if met:
            return result
    assert result is not None
    return result

"""Explainable cost-of-delay priority scores (WSJF-style) for features and incidents.

Pure Python: plain dataclasses in, plain dataclasses out; "today" is an argument. Every score carries its
breakdown (each term, its inputs, the formula in words), the class of service and why it was given, and the
version of the policy that weighed it.

Ranking is by lane, then score: expedite features come before every other feature whatever their size, and
incidents are ranked severity by severity (SEV1 first), so age or size can order work only within its lane.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from roadmap.domain.classes import EXPEDITE, INTANGIBLE, FleetState, ServiceClass, class_of_service
from roadmap.domain.work import STABILIZATION, remaining_weeks

FEATURE_FORMULA = "(business value + time criticality + risk reduction) / job size, expedite work first"
INCIDENT_FORMULA = (
    "severity weight x (customers hit + VIPs + revenue at stake + deployments filling + promises at risk) "
    "x age factor x status factor, SEV1 first"
)

# Defaults of every weight; a policy's `weights` JSON overrides any subset of them.
DEFAULT_WEIGHTS: dict[str, Any] = {
    # Business value: ARR / arr_unit x tier weight x persona weight x source weight, summed per customer.
    "arr_unit": 100_000.0,
    "tier": {"strategic": 3.0, "key": 2.0, "standard": 1.0},
    "persona": {"EB": 3.0, "TB": 2.0, "UB": 1.0, "none": 1.0},
    "source": {"requested": 1.0, "promised": 1.5},
    # Time criticality: points x strength x horizon / (horizon + days until the promised date).
    "promise_points": 10.0,
    "promise_horizon_days": 90.0,
    "strength": {"contractual": 3.0, "firm": 2.0, "soft": 1.0},
    # Fixed dates (contractual promises, the fleet's fix deadline): past the date urgency jumps to this.
    "overdue_jump": 2.0,
    # Stabilization features: points x horizon / (horizon + days until the fleet's fix deadline).
    "fleet_points": 40.0,
    "fleet_horizon_days": 30.0,
    # Classes of service: expedite work costs this much per week at once; intangible work a little.
    "expedite_points": 60.0,
    "intangible_points": 1.0,
    # Risk reduction: severity x (customers + VIP weight x customers with VIPs hit) x status factor.
    "severity": {"SEV1": 13.0, "SEV2": 8.0, "SEV3": 3.0, "SEV4": 1.0},
    "vip": 2.0,
    "status_factor": {"open": 1.0, "resolved": 0.2},
    # Term weights of the cost of delay.
    "terms": {"business_value": 1.0, "time_criticality": 1.0, "risk_reduction": 1.0},
    # Job size floor (person-weeks), so nearly-done work does not divide by zero.
    "min_job_size_weeks": 0.5,
    # Incidents: each customer hit, deployments of theirs filling up, promises they hold, and ageing.
    "customer_hit": 1.0,
    "deployment_points": 20.0,
    "deployment_horizon_days": 30.0,
    "incident_promise_points": 2.0,
    "age_weight": 0.5,
    "age_cap_days": 30.0,
}
# Weights that divide: zero is refused.
POSITIVE_WEIGHTS = ("arr_unit", "promise_horizon_days", "fleet_horizon_days", "deployment_horizon_days", "age_cap_days")

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
STRENGTHS = ("contractual", "firm", "soft")


@dataclass(frozen=True)
class Policy:
    version: int
    weights: Mapping[str, Any]
    # (key, sub-key or None) -> weight, so scoring 100,000 rows does not re-walk nested maps.
    flat: Mapping[tuple[str, str | None], float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_weights(cls, *, version: int, weights: Mapping[str, Any] | None) -> Policy:
        merged = merge_weights(weights or {})
        flat: dict[tuple[str, str | None], float] = {}
        for key, value in merged.items():
            if isinstance(value, dict):
                flat.update({(key, sub): float(v) for sub, v in value.items()})
            else:
                flat[(key, None)] = float(value)
        return cls(version=version, weights=merged, flat=flat)

    def w(self, key: str, sub: str | None = None) -> float:
        return self.flat.get((key, sub), 0.0)


class CustomerAsk(NamedTuple):
    """A customer who asked for (requested) or was promised a feature, through one persona role."""

    customer_id: int
    customer_name: str
    arr: float
    tier: str
    persona_role: str | None
    promised: bool


class Promise(NamedTuple):
    customer_id: int
    customer_name: str
    promised_date: date
    strength: str


class IncidentImpact(NamedTuple):
    """What an incident hits: its severity, status, and the customers (and VIPs) affected."""

    incident_id: int
    title: str
    severity: str
    is_open: bool
    customers: int
    vip_customers: int


@dataclass(frozen=True)
class FeatureInput:
    feature_id: int
    title: str
    kind: str
    effort_weeks: float
    progress: float
    asks: tuple[CustomerAsk, ...] = ()
    promises: tuple[Promise, ...] = ()
    incidents: tuple[IncidentImpact, ...] = ()
    # Stabilization only: what the fleet forecast says the fix must beat (None: no forecast read).
    fleet: FleetState | None = None


class AffectedInput(NamedTuple):
    customer_id: int
    customer_name: str
    arr: float
    tier: str
    vip_affected: bool
    # Days until the customer's first deployment is full (0: already full; None: none is filling).
    days_to_full: float | None = None


class IncidentInput(NamedTuple):
    incident_id: int
    title: str
    severity: str
    is_open: bool
    reported_on: date
    affected: tuple[AffectedInput, ...] = ()
    # Live promises held by the affected customers (strengths), which this incident puts at risk.
    promise_strengths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Score:
    score: float
    breakdown: dict[str, Any] = field(default_factory=dict)
    policy_version: int = 0
    # Ranking lane, lowest first: features 0 expedite / 1 other; incidents 0 SEV1 ... 3 SEV4.
    lane: int = 1


# --- Policy weights -----------------------------------------------------------------------------


def merge_weights(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Return the default weights with a policy's overrides applied (nested maps merged key by key)."""
    merged = copy.deepcopy(DEFAULT_WEIGHTS)
    for key, value in overrides.items():
        if key not in merged:
            continue
        if isinstance(merged[key], dict) and isinstance(value, Mapping):
            merged[key].update({k: float(v) for k, v in value.items() if k in merged[key]})
        elif not isinstance(merged[key], dict) and _is_number(value):
            merged[key] = float(value)
    return merged


def validate_weights(weights: Any) -> list[str]:
    """List what is wrong with a policy's weights JSON (unknown keys, wrong shapes, negative numbers)."""
    if not isinstance(weights, Mapping):
        return ["Weights must be a JSON object."]
    errors = []
    for key, value in weights.items():
        if key not in DEFAULT_WEIGHTS:
            errors.append(f"Unknown weight '{key}'. Known: {', '.join(sorted(DEFAULT_WEIGHTS))}.")
            continue
        default = DEFAULT_WEIGHTS[key]
        if isinstance(default, dict):
            if not isinstance(value, Mapping):
                errors.append(f"'{key}' must be an object with keys {', '.join(default)}.")
                continue
            for sub, number in value.items():
                if sub not in default:
                    errors.append(f"Unknown key '{key}.{sub}'. Known: {', '.join(default)}.")
                elif not _is_number(number) or number < 0:
                    errors.append(f"'{key}.{sub}' must be a number >= 0.")
        elif not _is_number(value) or value < 0:
            errors.append(f"'{key}' must be a number >= 0.")
        elif key in POSITIVE_WEIGHTS and value == 0:
            errors.append(f"'{key}' must be greater than 0.")
    return errors


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- Terms --------------------------------------------------------------------------------------


def urgency(*, days: float, horizon: float) -> float:
    """Return 1 when the date is today or past, falling smoothly as it moves away: horizon / (horizon + days)."""
    return horizon / (horizon + max(days, 0.0))


def fixed_urgency(*, days: float, horizon: float, jump: float) -> float:
    """A fixed date: rises as the date nears, like `urgency`, and jumps to `jump` once the date has passed."""
    return max(jump, 1.0) if days < 0 else urgency(days=days, horizon=horizon)


def business_value(asks: Iterable[CustomerAsk], policy: Policy) -> dict[str, Any]:
    """Sum, per customer, ARR / unit x tier weight x persona weight x source weight (the strongest ask counts)."""
    best: dict[int, dict[str, Any]] = {}
    for ask in asks:
        persona_w = policy.w("persona", ask.persona_role or "none")
        source = "promised" if ask.promised else "requested"
        source_w = policy.w("source", source)
        tier_w = policy.w("tier", ask.tier)
        points = ask.arr / policy.w("arr_unit") * tier_w * persona_w * source_w
        row = {
            "customer_id": ask.customer_id,
            "customer": ask.customer_name,
            "arr": round(ask.arr, 2),
            "tier": ask.tier,
            "tier_weight": tier_w,
            "persona": ask.persona_role or "none",
            "persona_weight": persona_w,
            "source": source,
            "source_weight": source_w,
            "points": points,
        }
        current = best.get(ask.customer_id)
        if current is None or points > current["points"]:
            best[ask.customer_id] = row
    rows = sorted(best.values(), key=lambda r: (-r["points"], r["customer_id"]))
    value = sum(r["points"] for r in rows)
    for r in rows:
        r["points"] = round(r["points"], 3)
    return {
        "value": value,
        "formula": "sum over customers who asked or were promised: ARR / ARR unit x tier weight x persona weight "
        "x (promised or requested) weight; a customer counts once, by its strongest ask",
        "inputs": rows,
    }


def time_criticality(
    promises: Iterable[Promise],
    policy: Policy,
    *,
    today: date,
    kind: str,
    service: ServiceClass,
    fleet: FleetState | None = None,
) -> dict[str, Any]:
    """Sum promise urgencies weighted by strength, plus the fleet's fix deadline and the class of service.

    Contractual promises and the fleet deadline are fixed dates (their urgency jumps once passed); firm and
    soft promises rise smoothly. Expedite work adds its points at once, intangible work a little.
    """
    points_w, horizon, jump = policy.w("promise_points"), policy.w("promise_horizon_days"), policy.w("overdue_jump")
    rows = []
    value = 0.0
    for promise in sorted(promises, key=lambda p: (p.promised_date, p.customer_id)):
        days = (promise.promised_date - today).days
        strength_w = policy.w("strength", promise.strength)
        if promise.strength == "contractual":
            curve = fixed_urgency(days=days, horizon=horizon, jump=jump)
        else:
            curve = urgency(days=days, horizon=horizon)
        points = points_w * strength_w * curve
        value += points
        rows.append(
            {
                "customer_id": promise.customer_id,
                "customer": promise.customer_name,
                "promised_date": promise.promised_date.isoformat(),
                "days_left": days,
                "strength": promise.strength,
                "strength_weight": strength_w,
                "urgency": round(curve, 3),
                "points": round(points, 3),
            }
        )
    fleet_row = None
    if kind == STABILIZATION and fleet is not None and (fleet.deadline is not None or fleet.full_now):
        fleet_horizon = policy.w("fleet_horizon_days")
        # A deployment already full: the deadline has passed.
        days_left = float((fleet.deadline - today).days) if fleet.deadline and not fleet.full_now else -1.0
        curve = fixed_urgency(days=days_left, horizon=fleet_horizon, jump=jump)
        points = policy.w("fleet_points") * curve
        value += points
        fleet_row = {
            "deadline": fleet.deadline.isoformat() if fleet.deadline else None,
            "days_left": int(days_left),
            "days_until_first_full": round(fleet.days_until_first_full, 1)
            if fleet.days_until_first_full is not None
            else None,
            "next_to_fill": fleet.next_to_fill,
            "full_now": list(fleet.full_now),
            "urgency": round(curve, 3),
            "points": round(points, 3),
        }
    class_points = 0.0
    if service.name == EXPEDITE:
        class_points = policy.w("expedite_points")
    elif service.name == INTANGIBLE:
        class_points = policy.w("intangible_points")
    value += class_points
    return {
        "value": value,
        "formula": "sum over live promises: promise points x strength weight x urgency (horizon / (horizon + "
        "days left); a contractual promise jumps to the overdue jump once passed); stabilization adds fleet points "
        "x the urgency of the fleet's fix deadline; expedite work adds expedite points, intangible work "
        "intangible points",
        "inputs": rows,
        "fleet": fleet_row,
        "class_points": round(class_points, 3),
    }


def risk_reduction(incidents: Iterable[IncidentImpact], policy: Policy) -> dict[str, Any]:
    """Sum over linked incidents: severity weight x (customers + VIP weight x VIP customers) x status factor."""
    vip_w = policy.w("vip")
    rows = []
    value = 0.0
    for incident in sorted(incidents, key=lambda i: i.incident_id):
        sev_w = policy.w("severity", incident.severity)
        status = "open" if incident.is_open else "resolved"
        status_w = policy.w("status_factor", status)
        points = sev_w * (incident.customers + vip_w * incident.vip_customers) * status_w
        value += points
        rows.append(
            {
                "incident_id": incident.incident_id,
                "incident": incident.title,
                "severity": incident.severity,
                "severity_weight": sev_w,
                "customers": incident.customers,
                "vip_customers": incident.vip_customers,
                "status": status,
                "status_factor": status_w,
                "points": round(points, 3),
            }
        )
    return {
        "value": value,
        "formula": "sum over linked incidents: severity weight x (affected customers + VIP weight x customers "
        "with VIPs hit) x status factor (open or resolved)",
        "inputs": rows,
    }


def job_size(*, effort_weeks: float, progress: float, policy: Policy) -> dict[str, Any]:
    remaining = remaining_weeks(effort_weeks=effort_weeks, progress=progress)
    value = max(remaining, policy.w("min_job_size_weeks"))
    return {
        "value": value,
        "formula": "remaining effort = effort x (1 - progress), at least the minimum job size",
        "inputs": {"effort_weeks": effort_weeks, "progress": progress, "remaining_weeks": round(remaining, 3)},
    }


# --- Scores -------------------------------------------------------------------------------------


def score_feature(feature: FeatureInput, policy: Policy, *, today: date) -> Score:
    """Score one feature by cost of delay per week of remaining work, within its class of service.

    1. Class of service (`roadmap.domain.classes`): expedite, fixed date, standard or intangible, with reasons.
    2. Business value: each customer who asked for or was promised the feature adds
       ARR / unit x tier weight x persona weight (EB > TB > UB) x source weight, once, by its strongest ask.
    3. Time criticality: each live promise adds points x strength x urgency, so nearer and contractual
       promises weigh more (a passed contractual date jumps); stabilization work adds the urgency of the
       fleet's fix deadline; expedite work adds its points at once.
    4. Risk reduction: each linked incident adds severity x (customers + VIP weight x VIP customers),
       scaled down once resolved.
    5. Cost of delay = the weighted sum of 2-4; score = cost of delay / job size (remaining person-weeks).
       Expedite work ranks in the first lane, so its size orders it among expedite work only.
    """
    terms_w = policy.weights["terms"]
    service = class_of_service(feature, today=today)
    bv = business_value(feature.asks, policy)
    tc = time_criticality(
        feature.promises,
        policy,
        today=today,
        kind=feature.kind,
        service=service,
        fleet=feature.fleet,
    )
    rr = risk_reduction(feature.incidents, policy)
    size = job_size(effort_weeks=feature.effort_weeks, progress=feature.progress, policy=policy)
    terms = {"business_value": bv, "time_criticality": tc, "risk_reduction": rr}
    cost_of_delay = sum(float(terms_w[name]) * term["value"] for name, term in terms.items())
    score = cost_of_delay / size["value"]
    for name, term in terms.items():
        term["weight"] = float(terms_w[name])
        term["value"] = round(term["value"], 3)
    size["value"] = round(size["value"], 3)
    breakdown = {
        "kind": "feature",
        "formula": FEATURE_FORMULA,
        "score": round(score, 3),
        "class_of_service": service.as_dict(),
        "cost_of_delay": round(cost_of_delay, 3),
        "terms": terms,
        "job_size": size,
        "policy_version": policy.version,
    }
    return Score(score=round(score, 6), breakdown=breakdown, policy_version=policy.version, lane=service.lane)


def severity_lane(severity: str) -> int:
    """Incidents rank severity by severity: SEV1 is lane 0, SEV4 lane 3 (an unknown severity last)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def score_incident(incident: IncidentInput, policy: Policy, *, today: date) -> Score:
    """Score one incident by whom it hits now; severity first, age only within it.

    1. Customers hit: customer weight per affected customer, plus VIP weight per customer with VIPs hit.
    2. Revenue at stake: sum of ARR / unit x tier weight over the affected customers.
    3. Deployments filling: deployment points x horizon / (horizon + days until the customer's first
       deployment is full), per affected customer with one filling (a full one counts in full).
    4. Promises at risk: incident promise points x strength weight, per live promise the affected customers hold.
    5. Score = severity weight x (1 + 2 + 3 + 4) x age factor x status factor. Open incidents grow by up to
       `age_weight` as they age to `age_cap_days`.
    6. Ranking: SEV1 before SEV2 before SEV3 before SEV4, then by score, so an old SEV4 never passes a SEV1.
    """
    w = policy.flat.get
    affected = incident.affected
    customers = len(affected)
    vips = sum(1 for a in affected if a.vip_affected)
    sev_w = w(("severity", incident.severity), 0.0)
    hit = w(("customer_hit", None), 0.0) * customers + w(("vip", None), 0.0) * vips
    arr_unit = w(("arr_unit", None), 1.0)
    revenue = sum(a.arr * w(("tier", a.tier), 0.0) for a in affected) / arr_unit
    dep_points, dep_horizon = w(("deployment_points", None), 0.0), w(("deployment_horizon_days", None), 1.0)
    filling = [a.days_to_full for a in affected if a.days_to_full is not None]
    deployments = sum(dep_points * urgency(days=d, horizon=dep_horizon) for d in filling)
    held = incident.promise_strengths
    strengths = {s: n for s in STRENGTHS if (n := held.count(s))}
    promise_points = w(("incident_promise_points", None), 0.0)
    promises = sum(promise_points * w(("strength", s), 0.0) * n for s, n in strengths.items())
    age_days = max((today - incident.reported_on).days, 0)
    cap = w(("age_cap_days", None), 1.0)
    age_factor = 1 + w(("age_weight", None), 0.0) * min(age_days, cap) / cap if incident.is_open else 1.0
    status = "open" if incident.is_open else "resolved"
    status_w = w(("status_factor", status), 0.0)
    impact = hit + revenue + deployments + promises
    score = sev_w * impact * age_factor * status_w
    breakdown = {
        "kind": "incident",
        "formula": INCIDENT_FORMULA,
        "score": round(score, 3),
        "severity": {
            "value": sev_w,
            "inputs": {"severity": incident.severity, "lane": severity_lane(incident.severity)},
        },
        "terms": {
            "customers": {
                "value": round(hit, 3),
                "formula": "customer weight x affected customers + VIP weight x customers with VIPs hit",
                "inputs": {"customers": customers, "vip_customers": vips},
            },
            "revenue": {
                "value": round(revenue, 3),
                "formula": "sum over affected customers: ARR / ARR unit x tier weight",
                "inputs": {"arr": round(sum(a.arr for a in affected), 2)},
            },
            "deployments": {
                "value": round(deployments, 3),
                "formula": "per affected customer with a deployment filling: deployment points x horizon / "
                "(horizon + days until full)",
                "inputs": {"filling": len(filling), "soonest_days": round(min(filling), 1) if filling else None},
            },
            "promises": {
                "value": round(promises, 3),
                "formula": "sum over live promises held by the affected customers: points x strength weight",
                "inputs": strengths,
            },
        },
        "impact": round(impact, 3),
        "age_factor": {"value": round(age_factor, 3), "inputs": {"age_days": age_days}},
        "status_factor": {"value": status_w, "inputs": {"status": status}},
        "policy_version": policy.version,
    }
    return Score(
        score=round(score, 6),
        breakdown=breakdown,
        policy_version=policy.version,
        lane=severity_lane(incident.severity),
    )


def rank_scores(scores: Mapping[int, float], lanes: Mapping[int, int] | None = None) -> dict[int, int]:
    """Rank ids by lane (lowest first), then score (highest first); ties broken by id so ranks are
    deterministic. Without lanes every id is in the same lane."""
    lanes = lanes or {}
    ordered = sorted(scores.items(), key=lambda item: (lanes.get(item[0], 0), -item[1], item[0]))
    return {key: position for position, (key, _score) in enumerate(ordered, start=1)}

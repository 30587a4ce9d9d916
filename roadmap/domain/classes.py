"""Classes of service (Reinertsen's cost-of-delay profiles, as Kanban teams use them): which urgency curve a
piece of work follows, and why.

- expedite: the cost of delay is high and immediate (a deployment is already full, a SEV1 is open on an
  incident the work fixes). Expedite work is ranked before everything else; its size never pushes it down.
- fixed date: the cost of delay rises as a date nears and jumps once it passes (a contractual promise, the
  fix deadline the fleet forecast sets for stabilization work).
- standard: the cost of delay grows steadily with what customers asked for, firm and soft promises, and
  the incidents the work reduces.
- intangible: nobody is waiting yet (no customer asked, no promise, no incident); cost of delay is low now.

Pure Python: plain data in, a class and its reasons out. Each reason is a code with its facts, so pages
can say it in the reader's language, plus an English sentence for the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from roadmap.domain.work import STABILIZATION

if TYPE_CHECKING:
    from roadmap.domain.scoring import FeatureInput

EXPEDITE = "expedite"
FIXED_DATE = "fixed_date"
STANDARD = "standard"
INTANGIBLE = "intangible"
CLASSES = (EXPEDITE, FIXED_DATE, STANDARD, INTANGIBLE)

# Ranking lanes: expedite work comes first whatever its size; every other class competes on its score.
EXPEDITE_LANE = 0
OTHER_LANE = 1


class FleetState(NamedTuple):
    """What the fleet forecast says a stabilization fix must beat."""

    deadline: date | None  # the date the fix must ship to beat the first deployments to fill
    days_until_first_full: float | None
    next_to_fill: str | None  # "deployment (customer)" of the next one to fill
    full_now: tuple[str, ...] = ()  # deployments already full


@dataclass(frozen=True)
class ServiceClass:
    name: str
    reasons: tuple[dict[str, Any], ...]
    deadline: date | None = None  # fixed date: the date the cost of delay jumps at

    @property
    def lane(self) -> int:
        return EXPEDITE_LANE if self.name == EXPEDITE else OTHER_LANE

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lane": self.lane,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "reasons": [dict(r) for r in self.reasons],
        }


def _reason(code: str, text: str, **facts: Any) -> dict[str, Any]:
    return {"code": code, "text": text, **facts}


def class_of_service(feature: FeatureInput, *, today: date) -> ServiceClass:
    """Give a feature its class of service with every reason that applies (the strongest class wins).

    1. Expedite: an open SEV1 on a linked incident; for stabilization work also a deployment already full.
    2. Fixed date: a live contractual promise (its earliest date); for stabilization work the fix deadline
       from the fleet forecast.
    3. Standard: customers asked for it or were promised it (firm or soft), or it fixes linked incidents.
    4. Intangible: none of the above.
    """
    expedite: list[dict[str, Any]] = []
    fixed: list[tuple[date, dict[str, Any]]] = []
    fleet = feature.fleet if feature.kind == STABILIZATION else None
    for incident in sorted(feature.incidents, key=lambda i: i.incident_id):
        if incident.is_open and incident.severity == "SEV1":
            expedite.append(
                _reason(
                    "sev1_open",
                    f"SEV1 open: {incident.title}",
                    incident_id=incident.incident_id,
                    incident=incident.title,
                )
            )
    if fleet is not None and fleet.full_now:
        expedite.append(
            _reason(
                "deployment_full",
                f"Already full: {', '.join(fleet.full_now)}",
                deployments=list(fleet.full_now),
            )
        )
    for promise in sorted(feature.promises, key=lambda p: (p.promised_date, p.customer_id)):
        if promise.strength == "contractual":
            fixed.append(
                (
                    promise.promised_date,
                    _reason(
                        "contractual_promise",
                        f"Contractual promise to {promise.customer_name} for {promise.promised_date.isoformat()}",
                        customer=promise.customer_name,
                        date=promise.promised_date.isoformat(),
                    ),
                )
            )
    if fleet is not None and fleet.deadline is not None:
        fixed.append(
            (
                fleet.deadline,
                _reason(
                    "fleet_deadline",
                    f"Fix deadline {fleet.deadline.isoformat()} from the fleet forecast: {fleet.next_to_fill} "
                    f"full in {fleet.days_until_first_full or 0.0:.1f} days",
                    date=fleet.deadline.isoformat(),
                    deployment=fleet.next_to_fill,
                    days=round(fleet.days_until_first_full or 0.0, 1),
                ),
            )
        )
    fixed.sort(key=lambda item: item[0])
    deadline = fixed[0][0] if fixed else None
    if expedite:
        return ServiceClass(EXPEDITE, tuple(expedite) + tuple(r for _d, r in fixed), deadline)
    if fixed:
        return ServiceClass(FIXED_DATE, tuple(r for _d, r in fixed), deadline)
    waiting = {a.customer_id for a in feature.asks}
    if waiting or feature.incidents:
        reasons = []
        if waiting:
            reasons.append(
                _reason(
                    "customers_waiting",
                    f"{len(waiting)} customer(s) asked for it or were promised it",
                    customers=len(waiting),
                )
            )
        if feature.incidents:
            reasons.append(
                _reason(
                    "incidents_linked",
                    f"Reduces {len(feature.incidents)} linked incident(s)",
                    incidents=len(feature.incidents),
                )
            )
        return ServiceClass(STANDARD, tuple(reasons))
    return ServiceClass(
        INTANGIBLE, (_reason("nothing_waiting", "No customer, promise or incident is waiting for it yet"),)
    )

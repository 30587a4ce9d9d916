"""The home page: what a PM needs first thing in the morning, composed from each app's selectors."""

from dataclasses import dataclass
from datetime import date

from customers.models import CapacityForecast
from customers.selectors.forecasts import critical_count_get, fleet_deadline_get, next_to_fill_get
from incidents.selectors.incidents import open_severe_count_get
from roadmap.selectors.incidents import severe_incidents_without_work_list
from roadmap.selectors.plan import baseline_plan_get
from roadmap.selectors.scoring import top_features_list


@dataclass(frozen=True)
class Home:
    open_sev12: int
    late_commitments: list
    at_risk_commitments: list
    arr_at_risk: float
    under_20_free: int
    next_full: CapacityForecast | None
    top_features: list
    incidents_needing_decision: list
    deadline: date | None


def home_get(*, today: date) -> Home:
    """Everything a PM needs first thing in the morning, in a constant number of queries."""
    plan = baseline_plan_get(today=today)
    return Home(
        open_sev12=open_severe_count_get(),
        late_commitments=sorted(plan.risk.late, key=lambda pair: pair[0].promised_date)[:10],
        at_risk_commitments=list(plan.risk.at_risk[:10]),
        arr_at_risk=plan.risk.arr_at_risk,
        under_20_free=critical_count_get(),
        next_full=next_to_fill_get(),
        top_features=top_features_list(limit=5),
        incidents_needing_decision=severe_incidents_without_work_list(limit=5),
        deadline=fleet_deadline_get(today=today),
    )

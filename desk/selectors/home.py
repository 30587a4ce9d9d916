"""The home page: what a PM needs first thing in the morning, composed from each app's selectors."""

from dataclasses import dataclass
from datetime import date

from incidents.selectors.incidents import open_severe_count_get
from roadmap.selectors.incidents import severe_incidents_without_work_list
from roadmap.selectors.scenarios import notices_outstanding_list
from roadmap.selectors.scoring import top_features_list
from roadmap.selectors.summary import FixOptions, PlanSummary, fix_options_get, plan_summary_get


@dataclass(frozen=True)
class Home:
    summary: PlanSummary
    options: FixOptions | None
    open_sev12: int
    late_commitments: list
    at_risk_commitments: list
    top_features: list
    incidents_needing_decision: list
    notices_outstanding: list


def home_get(*, today: date) -> Home:
    """Everything a PM needs first thing in the morning, in a constant number of queries; every figure comes
    from the committed plan's summary."""
    summary = plan_summary_get(today=today)
    risk = summary.plan.risk
    return Home(
        summary=summary,
        options=fix_options_get(summary),
        open_sev12=open_severe_count_get(),
        late_commitments=sorted(risk.late, key=lambda pair: pair[0].promised_date)[:10],
        at_risk_commitments=list(risk.at_risk[:10]),
        top_features=top_features_list(limit=5),
        incidents_needing_decision=severe_incidents_without_work_list(limit=5),
        notices_outstanding=notices_outstanding_list(limit=10),
    )

"""The home page: what a PM needs first thing in the morning, composed from each app's selectors."""

from dataclasses import dataclass
from datetime import date

from incidents.selectors.incidents import open_severe_count_get
from roadmap.domain.work import FEATURE
from roadmap.selectors.commitments import commitment_requests_by_list
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


@dataclass(frozen=True)
class PromisableFeature:
    feature_id: int
    title: str
    team: str
    p50: date | None
    p85: date | None


@dataclass(frozen=True)
class PresalesHome:
    summary: PlanSummary
    quarters: list  # (quarter label, [PromisableFeature]) in date order
    not_planned: int
    my_requests: list  # Commitment rows the user asked for, newest first


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


PROMISABLE_LIMIT = 60  # the first-ranked open features: what presales are asked about


def presales_home_get(*, user, today: date) -> PresalesHome:
    """What can I promise: open features by the quarter of their P85 on the committed plan, and my requests."""
    summary = plan_summary_get(today=today)
    plan = summary.plan
    teams = {t.id: t.name for t in plan.inputs.teams}
    features = [f for f in plan.inputs.features if f.kind == FEATURE][:PROMISABLE_LIMIT]
    dates = plan.dates_of({f.id for f in features}) if features else None
    quarters: dict[str, list[PromisableFeature]] = {}
    not_planned = 0
    for f in features:
        forecast = dates.dates(f.id)
        if forecast.p85 is None:
            not_planned += 1
            continue
        quarters.setdefault(quarter_of(forecast.p85), []).append(
            PromisableFeature(
                f.id, plan.inputs.titles.get(f.id, ""), teams.get(f.team_id, ""), forecast.p50, forecast.p85
            )
        )
    ordered = sorted(quarters.items())
    for _label, rows in ordered:
        rows.sort(key=lambda r: (r.p85, r.title))
    return PresalesHome(summary, ordered, not_planned, commitment_requests_by_list(user=user, limit=20))


@dataclass(frozen=True)
class LeadershipHome:
    summary: PlanSummary
    options: FixOptions | None
    open_sev12: int
    late_by_arr: list  # (commitment, eta) of the committed plan's late promises, largest ARR first
    top_features: list


def leadership_home_get(*, today: date) -> LeadershipHome:
    """The review's headline and the top risks, from the committed plan."""
    summary = plan_summary_get(today=today)
    late = sorted(summary.plan.risk.late, key=lambda pair: -pair[0].customer_arr)[:10]
    return LeadershipHome(summary, fix_options_get(summary), open_severe_count_get(), late, top_features_list(limit=5))

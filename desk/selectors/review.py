"""The leadership weekly review: what changed in the last seven days, read from the history tables."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from customers.domain.bands import FILLS_SOON_DAYS
from customers.selectors.forecasts import filling_within_list
from desk.domain.review import CommitmentChange, EtaMove, classify_commitment_changes, eta_moves
from incidents.models import Incident
from roadmap.domain.impact import CommitmentPlan, assess_plan_risk
from roadmap.models import Commitment, CommitmentStatus, Decision, PlanVersion, Scenario, ScenarioStatus
from roadmap.selectors.plan import Recent
from roadmap.selectors.scoring import top_features_list
from roadmap.selectors.summary import PlanSummary, plan_summary_get


@dataclass(frozen=True)
class WeeklyReview:
    start: date
    end: date
    new_incidents: list
    closed_incidents: list
    commitment_changes: list[CommitmentChange]
    new_commitments: int
    arr_at_risk: float
    arr_at_risk_week_ago: float
    filling_soon: list
    decisions: list
    accepted_scenarios: list
    reverted_scenarios: list
    top_priorities: list
    summary: PlanSummary  # this week's committed plan
    plan_then: PlanVersion | None  # the committed plan as it stood a week ago (None: no version that old)
    plan_versions: list  # changes to the committed plan this week
    eta_moves: list[EtaMove]

    @property
    def arr_change(self) -> float:
        return self.arr_at_risk - self.arr_at_risk_week_ago


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _CommitmentState(NamedTuple):
    id: int
    feature_id: int
    customer_id: int
    promised_date: date
    strength: str
    status: str


# Without a plan version from a week ago, last week's ARR at risk is assessed from history against today's plan:
# the same answer until the plan or the week's history changes, so each process keeps the last few.
_week_ago_risk = Recent(8)  # (id of plan inputs, start, history rows) -> (inputs, ARR at risk)


def _arr_at_risk_week_ago(plan, week_ago: list, key: tuple) -> float:
    hit = _week_ago_risk.get((id(plan.inputs), *key))
    if hit is not None and hit[0] is plan.inputs:
        return hit[1]
    arr = assess_plan_risk(commitments=week_ago, plan=plan.dates).arr_at_risk
    _week_ago_risk.put((id(plan.inputs), *key), (plan.inputs, arr))
    return arr


def weekly_review_get(*, end: date | None = None) -> WeeklyReview:
    end = end or timezone.localdate()
    start = end - timedelta(days=7)
    start_at, end_at = _aware(start), _aware(end + timedelta(days=1))
    summary = plan_summary_get(today=timezone.localdate())
    plan = summary.plan
    plan_then = PlanVersion.objects.filter(at__lt=start_at).order_by("-at", "-number").first()
    # A week ago: the promises as they stood then, against today's plan. A promise with no history since the
    # start of the week stood as it stands now; only the ones that changed are read back from history.
    since_start = Commitment.history.filter(history_date__gte=start_at)
    recent = list(
        since_start.order_by("history_date", "history_id").values_list(
            "id",
            "history_type",
            "status",
            "promised_date",
            "history_change_reason",
            "feature__title",
            "customer__name",
            "history_date",
        )
    )
    as_of_start = {}
    if recent:
        as_of_start = {
            row[0]: _CommitmentState(*row)
            for row in Commitment.history.as_of(start_at)
            .filter(id__in=since_start.values("id"))
            .values_list("id", "feature_id", "customer_id", "promised_date", "strength", "status")
        }
    changed = {row[0] for row in recent}
    arr = {c.customer_id: c.customer_arr for c in plan.inputs.commitments}
    week_ago = [c for c in plan.inputs.commitments if c.id not in changed] + [
        CommitmentPlan(
            c.id, c.feature_id, "", c.customer_id, "", arr.get(c.customer_id, 0.0), c.promised_date, c.strength
        )
        for c in as_of_start.values()
        if c.status == CommitmentStatus.ACTIVE
    ]
    changes = classify_commitment_changes(
        [row for row in recent if row[-1] < end_at],
        {pk: (state.status, state.promised_date) for pk, state in as_of_start.items()},
    )
    # New and closed incidents in one read.
    incidents = list(
        Incident.objects.filter(
            Q(reported_at__gte=start_at, reported_at__lt=end_at) | Q(resolved_at__gte=start_at, resolved_at__lt=end_at)
        ).order_by("severity", "-reported_at")[:200]
    )
    return WeeklyReview(
        start=start,
        end=end,
        new_incidents=[i for i in incidents if start_at <= i.reported_at < end_at][:50],
        closed_incidents=[i for i in incidents if i.resolved_at and start_at <= i.resolved_at < end_at][:50],
        commitment_changes=[c for c in changes if c.kind != "new"],
        new_commitments=sum(1 for c in changes if c.kind == "new"),
        arr_at_risk=summary.arr_at_risk,
        arr_at_risk_week_ago=(
            plan_then.summary.get("arr_at_risk", 0.0)
            if plan_then
            else _arr_at_risk_week_ago(plan, week_ago, (start_at, tuple(row[0] for row in recent), len(as_of_start)))
        ),
        filling_soon=filling_within_list(until=end_at + timedelta(days=FILLS_SOON_DAYS)),
        decisions=list(
            Decision.objects.filter(decided_at__gte=start_at, decided_at__lt=end_at).select_related(
                "scenario", "commitment__feature", "commitment__customer"
            )[:50]
        ),
        accepted_scenarios=list(
            Scenario.objects.filter(accepted_at__gte=start_at, accepted_at__lt=end_at).exclude(
                status=ScenarioStatus.DRAFT
            )
        ),
        reverted_scenarios=list(Scenario.objects.filter(reverted_at__gte=start_at, reverted_at__lt=end_at)),
        top_priorities=top_features_list(limit=5),
        summary=summary,
        plan_then=plan_then,
        plan_versions=list(
            PlanVersion.objects.filter(at__gte=start_at, at__lt=end_at)
            .exclude(kind="daily")
            .select_related("by", "scenario")
            .order_by("at")[:20]
        ),
        eta_moves=eta_moves(
            plan_then.etas if plan_then else {}, {fid: d.eta for fid, d in plan.dates.items()}, plan.inputs.titles
        ),
    )

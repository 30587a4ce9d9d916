"""The figures every page agrees on, read once from the committed plan: late promises, ARR at risk, customers
to tell, the fleet's next full deployment, and whether the stabilization fix beats the fleet's deadline (with
what it would take when it does not)."""

from dataclasses import dataclass
from datetime import date

from customers.models import CapacityForecast
from customers.selectors.forecasts import critical_count_get, fleet_deadline_get, next_to_fill_get
from roadmap.domain.fix import FixOutlook, cleanup_days_bought, engineers_needed
from roadmap.domain.impact import MinimumPreemption, find_minimum_preemption
from roadmap.models import Team
from roadmap.selectors.plan import CommittedPlan, Recent, committed_plan_get

CLEANUP_SHARES = (0.1, 0.2)


@dataclass(frozen=True)
class FixOptions:
    """What it would take for the fix to meet the deadline when the committed plan misses it."""

    preemption: MinimumPreemption  # the smallest extra preemption of the fix's team (may still miss)
    team_name: str
    engineers: int | None  # engineers on nothing else to finish by the deadline (None: no time left)
    team_engineers: int
    cleanup_days: tuple[tuple[float, float], ...]  # (share of the disk freed, days it buys)


@dataclass(frozen=True)
class PlanSummary:
    plan: CommittedPlan
    promises_late: int
    promises_at_risk: int
    arr_at_risk: float
    customers_to_tell: int
    deployments_under_20: int
    next_full: CapacityForecast | None
    fix_deadline: date | None
    fix: FixOutlook | None
    fix_title: str

    @property
    def fix_misses(self) -> bool:
        return self.fix is not None and self.fix.meets_deadline is False

    def api(self) -> dict:
        """The figures of GET /api/summary/ (names fixed for integrations)."""
        return {
            "promises_late": self.promises_late,
            "promises_at_risk": self.promises_at_risk,
            "arr_at_risk": self.arr_at_risk,
            "customers_to_tell": self.customers_to_tell,
            "deployments_under_20": self.deployments_under_20,
            "next_full": (
                {
                    "deployment": self.next_full.deployment_id,
                    "customer": self.next_full.deployment.customer_id,
                    "full_at": self.next_full.full_at,
                }
                if self.next_full
                else None
            ),
            "fix_deadline": self.fix_deadline,
            "fix_eta": self.fix.eta if self.fix else None,
        }


def plan_summary_get(*, today: date, with_contacts: bool = False) -> PlanSummary:
    plan = committed_plan_get(today=today, with_contacts=with_contacts)
    deadline = fleet_deadline_get(today=today)
    fix = plan.fix(deadline=deadline)
    return PlanSummary(
        plan=plan,
        promises_late=len(plan.risk.late),
        promises_at_risk=len(plan.risk.at_risk),
        arr_at_risk=plan.risk.arr_at_risk,
        customers_to_tell=len({c.customer_id for c, _eta in plan.risk.late}),
        deployments_under_20=critical_count_get(),
        next_full=next_to_fill_get(),
        fix_deadline=deadline,
        fix=fix,
        fix_title=plan.inputs.titles.get(fix.feature_id, "") if fix else "",
    )


_options = Recent(8)  # (plan inputs, today, deadline) -> options; inputs are remembered per plan change


def fix_options_get(summary: PlanSummary) -> FixOptions | None:
    """The options when the committed plan's fix misses the fleet deadline (None when it meets it)."""
    if not summary.fix_misses or summary.fix is None or summary.fix_deadline is None:
        return None
    plan, fix, deadline = summary.plan, summary.fix, summary.fix_deadline
    key = (id(plan.inputs), plan.today, deadline)
    hit = _options.get(key)
    if hit is not None and hit[0] is plan.inputs:
        return hit[1]
    found = find_minimum_preemption(
        teams=plan.inputs.teams,
        features=plan.inputs.features,
        stabilization_feature_id=fix.feature_id,
        deadline=deadline,
        today=plan.today,
        preemptions=plan.inputs.preemptions,
    )
    team = Team.objects.only("name", "engineers", "focus_factor").get(pk=fix.team_id)
    remaining = next(f.remaining_weeks for f in plan.inputs.features if f.id == fix.feature_id)
    forecast = summary.next_full
    options = FixOptions(
        preemption=found,
        team_name=team.name,
        engineers=engineers_needed(
            remaining_weeks=remaining, today=plan.today, deadline=deadline, focus_factor=float(team.focus_factor)
        ),
        team_engineers=team.engineers,
        cleanup_days=tuple(
            (share, days)
            for share in CLEANUP_SHARES
            if forecast is not None
            and (
                days := cleanup_days_bought(
                    capacity_bytes=forecast.capacity_bytes,
                    growth_bytes_per_day=forecast.growth_bytes_per_day,
                    share=share,
                )
            )
            is not None
        ),
    )
    _options.put(key, (plan.inputs, options))
    return options


def fix_truth_get(*, today: date) -> dict:
    """Context for the "does the fix beat the fleet deadline" banner (roadmap/_fix_truth.html) on any page."""
    summary = plan_summary_get(today=today)
    return {"summary": summary, "options": fix_options_get(summary)}


def plan_summary_warm(*, today: date) -> PlanSummary:
    """Read the committed plan once (with contacts, which serves every page) so the first page after a web
    process starts does not pay for it; gunicorn calls this before it forks its workers."""
    return plan_summary_get(today=today, with_contacts=True)

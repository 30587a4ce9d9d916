"""Versions of the committed plan: one for each accept and revert (who, when, why) and one a day, so reviews
compare this week's plan with last week's."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from roadmap.models import PlanVersion, Scenario
from roadmap.selectors.summary import plan_summary_get


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def plan_version_record(
    *, kind: str, user=None, reason: str = "", scenario: Scenario | None = None, today: date | None = None, at=None
) -> PlanVersion:
    """Record the committed plan as it reads now (call after the change is written, in its transaction)."""
    today = today or timezone.localdate()
    summary = plan_summary_get(today=today)
    figures = {key: _json(value) for key, value in summary.api().items() if key != "next_full"}
    figures["fix_feature"] = summary.fix.feature_id if summary.fix else None
    figures["fix_title"] = summary.fix_title
    number = (PlanVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        number=number,
        kind=kind,
        at=at or timezone.now(),
        by=user,
        reason=reason,
        scenario=scenario,
        preemptions=[
            {
                "team": p.team_id,
                "starts_on": p.starts_on.isoformat(),
                "weeks": p.weeks,
                "share": p.share,
                "feature": p.feature_id,
            }
            for p in summary.plan.inputs.preemptions
        ],
        summary=figures,
        etas={str(fid): _json(d.eta) for fid, d in summary.plan.dates.items()},
    )

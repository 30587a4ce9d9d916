"""Background jobs that keep priority scores current (tracked by core.jobs, so lost runs are re-sent)."""

from celery import shared_task
from django.utils import timezone

from core.jobs import run_tracked
from core.tasks import RETRY
from roadmap.selectors.plan import plan_dates_share
from roadmap.services import scoring
from roadmap.services.plan_changes import plan_changes_prune
from roadmap.services.plan_versions import plan_version_record


@shared_task(name="roadmap.tasks.scores_recompute_all", **RETRY)
@run_tracked
def scores_recompute_all(today: str | None = None) -> dict:
    """Recompute every priority score (idempotent: a rerun stores the same scores and ranks), then share the
    plan's Monte Carlo dates with the web processes (a new day is a new plan to them)."""
    from datetime import date

    figures = scoring.scores_recompute_all(today=date.fromisoformat(today) if today else None)
    return {**figures, "dates_shared": plan_dates_share(today=timezone.localdate())}


@shared_task(name="roadmap.tasks.scores_recompute_features", **RETRY)
@run_tracked
def scores_recompute_features(feature_ids: list[int]) -> int:
    return scoring.scores_recompute_features(feature_ids=feature_ids)


@shared_task(name="roadmap.tasks.scores_recompute_incidents", **RETRY)
@run_tracked
def scores_recompute_incidents(incident_ids: list[int]) -> int:
    return scoring.scores_recompute_incidents(incident_ids=incident_ids)


@shared_task(name="roadmap.tasks.scores_nightly", ignore_result=True)
def scores_nightly() -> bool:
    """Nightly: queue a tracked full recompute (ages, promise dates and forecasts move with the calendar)."""
    return scoring.scores_recompute_enqueue(countdown=0)


@shared_task(name="roadmap.tasks.plan_changes_prune", ignore_result=True)
def plan_changes_prune_task() -> int:
    """Every minute: forget plan changes older than an hour (processes compare only the newest ones)."""
    return plan_changes_prune()


@shared_task(name="roadmap.tasks.plan_version_daily", ignore_result=True)
def plan_version_daily() -> int:
    """Every night: record the committed plan as it reads (dates move with the calendar and every edit), so the
    weekly review can compare this week's plan with last week's."""
    return plan_version_record(kind="daily").number


@shared_task(name="roadmap.tasks.scores_recompute_changes", **RETRY)
@run_tracked
def scores_recompute_changes() -> dict:
    """Re-score only the features and incidents the recorded changes reach (coalesced: one run for a burst), then
    share the changed plan's Monte Carlo dates with the web processes."""
    figures = scoring.scores_recompute_changes()
    return {**figures, "dates_shared": plan_dates_share(today=timezone.localdate())}

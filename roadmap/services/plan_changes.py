"""Mark that what plans are made of has changed, so every process reads its plan afresh."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from roadmap.models import PlanChange

KEEP = timedelta(hours=1)


def plan_changed() -> None:
    """Record a change in the current transaction (it disappears with a rollback)."""
    PlanChange.objects.create()


def plan_changes_prune(*, now=None) -> int:
    """Forget changes older than an hour, keeping the newest."""
    now = now or timezone.now()
    newest = PlanChange.objects.aggregate(newest=Max("id"))["newest"]
    if newest is None:
        return 0
    deleted, _ = PlanChange.objects.filter(at__lt=now - KEEP).exclude(pk=newest).delete()
    return deleted

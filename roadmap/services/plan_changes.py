"""Mark that what plans are made of has changed, so every process reads its plan afresh."""

from datetime import timedelta

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from roadmap.models import PlanChange

KEEP = timedelta(hours=1)


def plan_changed() -> None:
    """Record a change in the current transaction (it disappears with a rollback)."""
    PlanChange.objects.create()


def plan_stamp() -> tuple:
    """What the plan inputs look like from here (one query): the newest change with its random token, the
    oldest one and how many there are. A change committed out of order changes the count; pruning changes
    the oldest; an id reused after a rollback (SQLite) comes with a new token."""
    table = connection.ops.quote_name(PlanChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, token, (SELECT COUNT(*) FROM {table}), (SELECT MIN(id) FROM {table}) "
            f"FROM {table} ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return tuple(str(value) for value in row) if row else ()


def plan_changes_prune(*, now=None) -> int:
    """Forget changes older than an hour, keeping the newest."""
    now = now or timezone.now()
    newest = PlanChange.objects.aggregate(newest=Max("id"))["newest"]
    if newest is None:
        return 0
    deleted, _ = PlanChange.objects.filter(at__lt=now - KEEP).exclude(pk=newest).delete()
    return deleted

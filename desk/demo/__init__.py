"""The demo: roles and logins (users), the story from the product brief (story), generated bulk (bulk, words)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.changes import inputs_changed
from desk.demo.bulk import DEMO, LARGE, Progress, Scale, bulk_load, no_progress
from desk.demo.story import scoring_policy_ensure, story_load
from desk.demo.users import DEMO_PASSWORD, DEMO_USERS, demo_users_ensure, roles_ensure

__all__ = [
    "DEMO",
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "LARGE",
    "Scale",
    "demo_load",
    "demo_users_ensure",
    "roles_ensure",
    "scoring_policy_ensure",
    "story_load",
]


def demo_load(*, today: date | None = None, scale: Scale = DEMO, progress: Progress = no_progress) -> bool:
    """Load the whole demo (roles, users, story, bulk); return False when it was already there."""
    today = today or timezone.localdate()
    roles_ensure()
    demo_users_ensure()
    scoring_policy_ensure()
    with transaction.atomic():
        if not story_load(today=today):
            return False
        bulk_load(today=today, scale=scale, progress=progress)
        # The demo writes its rows directly; `load_demo` scores everything right after.
        inputs_changed(plan=True, scores=False)
    return True

"""The teams page and a team's page: capacity, its changes over time and the features it works on, with their
planned dates in the committed plan."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.history import Change, history_changes
from roadmap.domain.schedule import FeatureDates
from roadmap.models import LIVE_COMMITMENT_STATUSES, OPEN_FEATURE_STATUSES, Feature, Team, TeamCapacityChange
from roadmap.selectors.plan import committed_plan_get


def team_list() -> QuerySet:
    """Teams with how many open features and capacity changes each has, in one query."""
    return Team.objects.annotate(
        open_features=Count("features", filter=Q(features__status__in=OPEN_FEATURE_STATUSES), distinct=True),
        capacity_change_count=Count("capacity_changes", distinct=True),
    ).order_by("name")


@dataclass(frozen=True)
class TeamView:
    team: Team
    changes: list[TeamCapacityChange]
    features: list[tuple[Feature, FeatureDates | None]]


def team_detail_get(*, team_id: int, today: date) -> TeamView:
    team = Team.objects.get(pk=team_id)
    changes = list(team.capacity_changes.order_by("starts_on"))
    features = Feature.objects.filter(team=team, status__in=OPEN_FEATURE_STATUSES).annotate(
        live_promises=Count("commitments", filter=Q(commitments__status__in=LIVE_COMMITMENT_STATUSES))
    )
    plan = committed_plan_get(today=today)
    rows = [(f, plan.dates.get(f.pk)) for f in features]
    return TeamView(team=team, changes=changes, features=sorted(rows, key=_in_plan_order))


def _in_plan_order(row: tuple[Feature, FeatureDates | None]) -> tuple:
    """In the order the team starts them; features outside the plan (ideas) last."""
    feature, dates = row
    start = dates.start if dates else None
    return (start is None, start or date.max, feature.title)


def team_changes_list(*, team_id: int, limit: int = 8) -> list[Change]:
    """The latest changes of the team and its capacity changes, newest first, in two queries."""
    window = 50  # enough history to diff the shown changes against the ones before them
    team = list(Team.history.filter(id=team_id).select_related("history_user").order_by("-history_date")[:window])
    capacity = list(
        TeamCapacityChange.history.filter(team_id=team_id)
        .select_related("history_user")
        .order_by("-history_date")[:window]
    )
    changes = history_changes(team, model=Team, subject=lambda r: r.name)
    changes += history_changes(
        capacity,
        model=TeamCapacityChange,
        subject=lambda r: _("Capacity from %(date)s") % {"date": r.starts_on.isoformat()},
    )
    return sorted(changes, key=lambda c: c.at, reverse=True)[:limit]

"""Writes of teams and their capacity changes: every path (API, pages, admin) checks the same rules here.
Capacity is what the plan is made of, so each write is a plan change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.writes import instance_write
from roadmap.models import Team, TeamCapacityChange


def _capacity_check(row: Team | TeamCapacityChange) -> None:
    """One capacity change per team and day, said in words (the constraint's own message names columns);
    the fields' own rules (focus, WIP) are the model's validators."""
    if not isinstance(row, TeamCapacityChange) or not (row.team_id and row.starts_on):
        return
    taken = TeamCapacityChange.objects.filter(team_id=row.team_id, starts_on=row.starts_on).exclude(pk=row.pk)
    if taken.exists():
        raise ValidationError(
            {
                "starts_on": _("This team already has a capacity change starting on %(date)s.")
                % {"date": row.starts_on.isoformat()}
            }
        )


@transaction.atomic
def team_create(*, data: dict) -> Team:
    team = instance_write(Team(), fields=data, check=_capacity_check)
    inputs_changed(plan=True, scores=False)
    return team


@transaction.atomic
def team_update(*, team: Team, data: dict) -> Team:
    instance_write(team, fields=data, check=_capacity_check)
    inputs_changed(plan=True, scores=False)
    return team


@transaction.atomic
def capacity_change_add(*, team: Team, data: dict) -> TeamCapacityChange:
    """From `starts_on` the team has this many engineers at this focus (hiring, leave, a re-org)."""
    change = instance_write(TeamCapacityChange(team=team), fields=data, check=_capacity_check)
    inputs_changed(plan=True, scores=False)
    return change


@transaction.atomic
def capacity_change_remove(*, change: TeamCapacityChange) -> None:
    change.delete()
    inputs_changed(plan=True, scores=False)

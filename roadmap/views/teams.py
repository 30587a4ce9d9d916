"""The teams page and a team's page, where the PM edits its capacity (engineers, focus, WIP) and its capacity
changes over time; each write answers with the promises it moved in the committed plan."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import pm_required, reader_required
from roadmap.forms import CapacityChangeForm, TeamEditForm
from roadmap.models import Team, TeamCapacityChange
from roadmap.selectors.plan import promise_etas_get, promises_moved_list
from roadmap.selectors.teams import team_changes_list, team_detail_get, team_list
from roadmap.services.teams import capacity_change_add, capacity_change_remove, team_update
from roadmap.views.edit import written_with_moves


@require_GET
@reader_required
def team_list_view(request):
    return render(request, "roadmap/team_list.html", {"teams": team_list()})


def _view(team_id: int):
    try:
        return team_detail_get(team_id=team_id, today=timezone.localdate())
    except Team.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
@reader_required
def team_detail(request, pk: int):
    context = {"view": _view(pk), "change_form": CapacityChangeForm(), "changes": team_changes_list(team_id=pk)}
    template = "roadmap/team_detail.html#body" if request.htmx else "roadmap/team_detail.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@pm_required
def team_edit(request, pk: int):
    team = get_object_or_404(Team, pk=pk)
    form = TeamEditForm(request.POST or None, instance=Team.objects.get(pk=pk))
    saved, moved = False, []
    if request.method == "POST":
        saved, moved = written_with_moves(form, lambda data: team_update(team=team, data=data))
        if saved:
            form = TeamEditForm(instance=Team.objects.get(pk=pk))
    context = {"team": team, "form": form, "saved": saved, "moved": moved}
    if saved:
        context.update(view=_view(pk), changes=team_changes_list(team_id=pk))
    status = 422 if request.method == "POST" and not saved else 200
    return render(request, "roadmap/_team_edit.html", context, status=status)


def _capacity(request, team: Team, *, form=None, saved=False, moved=(), status=200):
    """The team's capacity changes and the form to add one (as typed, with its errors, after a refusal)."""
    context = {
        "view": _view(team.pk),
        "change_form": form or CapacityChangeForm(),
        "saved": saved,
        "moved": moved,
        "changes": team_changes_list(team_id=team.pk) if saved else [],
    }
    return render(request, "roadmap/team_detail.html#capacity", context, status=status)


@pm_required
@require_POST
def capacity_change_new(request, pk: int):
    team = get_object_or_404(Team, pk=pk)
    form = CapacityChangeForm(request.POST, instance=TeamCapacityChange(team=team))
    saved, moved = written_with_moves(form, lambda data: capacity_change_add(team=team, data=data))
    if not saved:
        return _capacity(request, team, form=form, status=422)
    return _capacity(request, team, saved=True, moved=moved)


@pm_required
@require_POST
def capacity_change_delete(request, pk: int):
    change = get_object_or_404(TeamCapacityChange.objects.select_related("team"), pk=pk)
    before = promise_etas_get(today=timezone.localdate())
    capacity_change_remove(change=change)
    return _capacity(
        request, change.team, saved=True, moved=promises_moved_list(before=before, today=timezone.localdate())
    )

from collections import Counter

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.forms import query_parse
from core.permissions import reader_required
from core.spreadsheets import csv_response
from customers.selectors.forecasts import fleet_deadline_get
from roadmap.charts import roadmap_timeline_figure
from roadmap.forms import PlanQuery
from roadmap.models import LIVE_COMMITMENT_STATUSES, Feature, Scenario, Team
from roadmap.selectors.plan import commitment_outlook, feature_check_get, plan_inputs_get, schedule_get
from roadmap.services.scenarios import scenario_preemptions

TIMELINE_ROWS = 80  # the earliest-starting features; the CSV beside the chart has them all


def _plan(request):
    """The chosen plan (baseline or a scenario) for the chosen team: features in start order, with dates."""
    today = timezone.localdate()
    inputs = plan_inputs_get(with_contacts=False)  # markers need no people
    query = query_parse(request, PlanQuery)
    team_id = str(query["team"].pk) if query["team"] else ""
    scenario = query["scenario"]
    # The committed plan, plus a draft scenario's preemptions on top (an accepted one is already in it).
    extra = tuple(scenario_preemptions(scenario)) if scenario and scenario.is_draft else ()
    dates = schedule_get(
        teams=inputs.teams, features=inputs.features, preemptions=inputs.preemptions + extra, today=today
    )
    features = [f for f in inputs.features if not team_id or str(f.team_id) == team_id]
    features.sort(key=lambda f: (dates[f.id].start is None, dates[f.id].start or today, f.id))
    return today, inputs, team_id, scenario, dates, features


@require_GET
@reader_required
def roadmap_timeline(request):
    """Features by team on a timeline, for the baseline plan or a chosen scenario."""
    today, inputs, team_id, scenario, dates, features = _plan(request)
    teams = {t.id: t.name for t in inputs.teams}
    shown = features[:TIMELINE_ROWS]
    extra = tuple(scenario_preemptions(scenario)) if scenario and scenario.is_draft else ()
    figure = roadmap_timeline_figure(
        today=today,
        features=shown,
        titles=inputs.titles,
        teams=teams,
        dates=dates,
        commitments=inputs.commitments,
        deadline=fleet_deadline_get(today=today),
        preemptions=inputs.preemptions + extra,
    )
    context = {
        "figure": figure,
        "teams": Team.objects.order_by("name"),
        "team_id": team_id,
        "scenario": scenario,
        "scenarios": Scenario.objects.order_by("-created_at")[:50],
        "count": len(features),
        "shown": min(len(features), TIMELINE_ROWS),
        "rows": [(f.id, inputs.titles.get(f.id, ""), f.team_id, teams.get(f.team_id, ""), dates[f.id]) for f in shown],
    }
    template = "roadmap/timeline.html#timeline" if request.htmx else "roadmap/timeline.html"
    return render(request, template, context)


@require_GET
@reader_required
def roadmap_csv(request):
    """Every feature of the chosen plan and team: the table behind the timeline."""
    _today, inputs, _team_id, _scenario, dates, features = _plan(request)
    teams = {t.id: t.name for t in inputs.teams}
    promised = Counter(c.feature_id for c in inputs.commitments)
    rows = (
        (
            teams.get(f.team_id, ""),
            inputs.titles.get(f.id, ""),
            f.kind,
            f.effort_weeks,
            round(f.progress * 100),
            dates[f.id].start.isoformat() if dates[f.id].start else "",
            dates[f.id].eta.isoformat() if dates[f.id].eta else "",
            promised[f.id],
        )
        for f in features
    )
    header = ["team", "feature", "kind", "effort_weeks", "progress_percent", "start", "eta", "live_promises"]
    return csv_response(filename="roadmap-plan.csv", header=header, rows=rows)


@require_GET
@reader_required
def feature_detail(request, pk: int):
    feature = get_object_or_404(Feature.objects.select_related("team", "release", "score"), pk=pk)
    commitments = feature.commitments.select_related("customer", "persona").order_by("promised_date")
    history = (
        feature.commitments.model.history.filter(feature_id=feature.pk)
        .select_related("history_user", "customer")
        .order_by("-history_date")[:50]
    )
    today = timezone.localdate()
    live = [c for c in commitments if c.status in LIVE_COMMITMENT_STATUSES]
    outlook = {c.pk: (eta, chance) for c, eta, chance in commitment_outlook(live, today=today)}
    context = {
        "feature": feature,
        "check": feature_check_get(feature=feature, target=None, today=today),
        "commitments": [(c, *outlook.get(c.pk, (None, None))) for c in commitments],
        "history": history,
        "feature_history": feature.history.select_related("history_user").order_by("-history_date", "-history_id")[:20],
        "requests": feature.requests.select_related("customer", "persona").order_by("-requested_at"),
    }
    return render(request, "roadmap/feature_detail.html", context)

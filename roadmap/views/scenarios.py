from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.permissions import pm_required, reader_required
from core.spreadsheets import csv_response
from roadmap.charts import scenario_timeline_figure
from roadmap.domain.schedule import PreemptionPlan
from roadmap.models import Decision, Scenario, Team
from roadmap.services import scenarios as services


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@require_GET
@reader_required
def scenario_list(request):
    page = Paginator(Scenario.objects.select_related("created_by").order_by("-created_at", "-id"), 25).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "teams": Team.objects.order_by("name"), "default_start": services.default_start()}
    return render(request, "roadmap/scenarios.html", context)


@require_GET
@reader_required
def minimum_preemption(request):
    """How little of a team can ship the stabilization work before the fleet deadline?"""
    from roadmap.models import Feature, FeatureKind

    features = Feature.objects.filter(kind=FeatureKind.STABILIZATION).exclude(status__in=["done", "cancelled"])
    context = {"stabilization_features": features.select_related("team").order_by("title")}
    if request.GET.get("feature"):
        try:
            context["result"] = services.minimum_preemption_evaluate(
                feature_id=int(request.GET["feature"]), deadline=_date(request.GET.get("deadline"))
            )
        except (ValidationError, ValueError) as error:
            context["errors"] = getattr(error, "messages", [str(error)])
    template = "roadmap/minimum.html#answer" if request.htmx else "roadmap/minimum.html"
    return render(request, template, context)


@require_GET
@reader_required
def scenario_compare(request):
    """Two scenarios side by side."""
    chosen = [
        Scenario.objects.prefetch_related("preemptions__team").filter(pk=request.GET.get(k) or 0).first()
        for k in ("a", "b")
    ]
    columns = [(s, services.scenario_evaluate(scenario=s, with_dates=False)) for s in chosen if s is not None]
    context = {
        "columns": columns,
        "scenarios": Scenario.objects.order_by("-created_at")[:100],
        "a": request.GET.get("a", ""),
        "b": request.GET.get("b", ""),
    }
    return render(request, "roadmap/compare.html", context)


@require_POST
@pm_required
def scenario_new(request):
    raw = {k: request.POST.get(k) for k in ("team", "starts_on", "weeks", "share")}
    try:
        scenario = services.scenario_create(name=request.POST.get("name", ""), preemptions=[raw], user=request.user)
    except ValidationError as error:
        context = {
            "page": Paginator(Scenario.objects.order_by("-created_at"), 25).get_page(1),
            "teams": Team.objects.order_by("name"),
            "default_start": services.default_start(),
            "errors": error.messages,
            "form": request.POST,
        }
        return render(request, "roadmap/scenarios.html", context, status=400)
    return redirect("roadmap:scenario_detail", pk=scenario.pk)


def _detail_context(scenario: Scenario, result) -> dict:
    decisions = {d.commitment_id: d for d in scenario.decisions.select_related("notice_to")}
    rows = [(a, decisions.get(a.commitment.id), result.suggested_date(a)) for a in result.impact.affected]
    return {
        "scenario": scenario,
        "result": result,
        "rows": rows,
        "figure": scenario_timeline_figure(result),
        "teams": Team.objects.order_by("name"),
    }


@require_GET
@reader_required
def scenario_detail(request, pk: int):
    scenario = get_object_or_404(Scenario.objects.prefetch_related("preemptions__team"), pk=pk)
    result = services.scenario_evaluate(scenario=scenario)
    template = "roadmap/scenario_detail.html#impact" if request.htmx else "roadmap/scenario_detail.html"
    return render(request, template, _detail_context(scenario, result))


@require_GET
@reader_required
def scenario_whatif(request):
    """Impact of an unsaved preemption, for the editor's live preview."""
    try:
        p = services.preemption_parse({k: request.GET.get(k) for k in ("team", "starts_on", "weeks", "share")})
    except ValidationError as error:
        return render(request, "roadmap/scenarios.html#whatif", {"errors": error.messages})
    result = services.impact_evaluate(preemptions=[PreemptionPlan(p.team_id, p.starts_on, p.weeks, float(p.share))])
    return render(
        request, "roadmap/scenarios.html#whatif", {"result": result, "figure": scenario_timeline_figure(result)}
    )


@require_POST
@pm_required
def decision_save(request, pk: int, commitment_id: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    try:
        services.decision_save(
            scenario=scenario,
            commitment_id=commitment_id,
            action=request.POST.get("action", ""),
            user=request.user,
            new_date=_date(request.POST.get("new_date")),
            notice_text=request.POST.get("notice_text"),
            notice_state=request.POST.get("notice_state") or None,
        )
    except ValidationError as error:
        return HttpResponse("; ".join(error.messages), status=400)
    decision = Decision.objects.select_related("notice_to").get(scenario=scenario, commitment_id=commitment_id)
    return render(
        request,
        "roadmap/scenario_detail.html#decision",
        {"decision": decision, "scenario": scenario, "commitment_id": commitment_id},
    )


@require_POST
@pm_required
def scenario_accept(request, pk: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    try:
        changed = services.scenario_accept(scenario=scenario, user=request.user)
    except ValidationError as error:
        from django.contrib import messages

        messages.error(request, error.messages[0])
        return redirect("roadmap:scenario_detail", pk=pk)
    from django.contrib import messages

    messages.success(request, _("Scenario accepted: %(n)d promises changed.") % {"n": changed})
    return redirect("roadmap:scenario_detail", pk=pk)


@require_GET
@reader_required
def scenario_impact_csv(request, pk: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    result = services.scenario_evaluate(scenario=scenario, with_dates=False)
    rows = (
        (
            a.commitment.id,
            a.commitment.feature_title,
            a.commitment.customer_name,
            a.commitment.promised_date,
            a.baseline_eta,
            a.scenario_eta,
            a.slip_days,
            a.late,
            a.commitment.strength,
            "; ".join(f"{c.role} {c.name}{' (VIP)' if c.is_vip else ''}" for c in a.contacts),
        )
        for a in result.impact.affected
    )
    return csv_response(
        filename=f"scenario-{scenario.pk}-impact.csv",
        rows=rows,
        header=[
            "commitment",
            "feature",
            "customer",
            "promised_date",
            "baseline_eta",
            "scenario_eta",
            "slip_days",
            "late",
            "strength",
            "contacts",
        ],
    )

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import query_parse
from core.permissions import pm_required, reader_required
from core.spreadsheets import csv_response
from roadmap.charts import scenario_timeline_figure
from roadmap.forms import CompareQuery, MinimumQuery
from roadmap.models import Decision, Feature, FeatureKind, Scenario, Team
from roadmap.selectors.scenarios import notices_outstanding_list
from roadmap.selectors.summary import fix_truth_get
from roadmap.services import notices
from roadmap.services import scenarios as services

PREEMPTION_ROWS = 4  # rows of the scenario form; a row without weeks is left out
FIELDS = ("team", "starts_on", "weeks", "share")


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _preemptions_from(data) -> list[dict]:
    """Preemption rows of the scenario form (team_0, weeks_0, ...), or the single row of the what-if preview."""
    if data.get("team") is not None:
        return [{k: data.get(k) for k in FIELDS}]
    rows = [{k: data.get(f"{k}_{i}") for k in FIELDS} for i in range(PREEMPTION_ROWS)]
    return [row for row in rows if (row["weeks"] or "").strip()]


def _stabilizations():
    return (
        Feature.objects.filter(kind=FeatureKind.STABILIZATION)
        .exclude(status__in=["done", "cancelled"])
        .select_related("team")
        .order_by("title")
    )


def _form_context(*, form=None, scenario: Scenario | None = None) -> dict:
    """The scenario form: its rows filled from a failed post, a draft being edited, or defaults."""
    start = services.default_start().isoformat()
    if form is not None:
        rows = [{k: form.get(f"{k}_{i}", "") for k in FIELDS} for i in range(PREEMPTION_ROWS)]
        values = {
            "name": form.get("name", ""),
            "description": form.get("description", ""),
            "stabilization": form.get("stabilization", ""),
        }
    elif scenario is not None:
        rows = [
            {"team": str(p.team_id), "starts_on": p.starts_on.isoformat(), "weeks": str(p.weeks), "share": str(p.share)}
            for p in scenario.preemptions.all()
        ]
        values = {
            "name": scenario.name,
            "description": scenario.description,
            "stabilization": str(scenario.stabilization_feature_id or ""),
        }
    else:
        rows = [{"team": "", "starts_on": start, "weeks": "6", "share": "1.00"}]
        values = {"name": "", "description": "", "stabilization": ""}
    rows += [{"team": "", "starts_on": start, "weeks": "", "share": "1.00"}] * (PREEMPTION_ROWS - len(rows))
    return {
        "rows": rows[:PREEMPTION_ROWS],
        "values": values,
        "teams": Team.objects.order_by("name"),
        "stabilization_features": _stabilizations(),
        "shares": ("1.00", "0.75", "0.50", "0.25"),
    }


def _list_context(request, **form) -> dict:
    page = Paginator(Scenario.objects.select_related("created_by").order_by("-created_at", "-id"), 25).get_page(
        request.GET.get("page")
    )
    context = {"page": page, **_form_context(**form), "truth": fix_truth_get(today=timezone.localdate())}
    if not form and request.GET.get("stabilization"):
        context["values"]["stabilization"] = request.GET["stabilization"]
    return context


@require_GET
@reader_required
def scenario_list(request):
    return render(request, "roadmap/scenarios.html", _list_context(request))


@require_GET
@reader_required
def minimum_preemption(request):
    """How little of a team can ship the stabilization work before the fleet deadline?"""
    context = {"stabilization_features": _stabilizations()}
    query = query_parse(request, MinimumQuery)
    if query["feature"]:
        try:
            context["result"] = services.minimum_preemption_evaluate(
                feature_id=query["feature"].pk, deadline=query["deadline"]
            )
        except (ValidationError, ValueError) as error:
            context["errors"] = getattr(error, "messages", [str(error)])
    template = "roadmap/minimum.html#answer" if request.htmx else "roadmap/minimum.html"
    return render(request, template, context)


@require_GET
@reader_required
def scenario_compare(request):
    """Two scenarios side by side."""
    query = query_parse(request, CompareQuery)
    chosen = [query["a"], query["b"]]
    columns = [(s, services.scenario_evaluate(scenario=s, with_dates=False)) for s in chosen if s is not None]
    context = {
        "columns": columns,
        "scenarios": Scenario.objects.order_by("-created_at")[:100],
        "a": str(query["a"].pk) if query["a"] else "",
        "b": str(query["b"].pk) if query["b"] else "",
    }
    return render(request, "roadmap/compare.html", context)


@require_POST
@pm_required
def scenario_new(request):
    try:
        scenario = services.scenario_create(
            name=request.POST.get("name", ""),
            description=request.POST.get("description", ""),
            preemptions=_preemptions_from(request.POST),
            stabilization_feature_id=request.POST.get("stabilization") or None,
            user=request.user,
        )
    except ValidationError as error:
        context = {**_list_context(request, form=request.POST), "errors": error.messages}
        return render(request, "roadmap/scenarios.html", context, status=400)
    return redirect("roadmap:scenario_detail", pk=scenario.pk)


LATE_PER_PAGE = 50  # decision forms per page: a preemption can make hundreds of promises late
ON_TIME_SHOWN = 50  # the rest of the still-on-time promises are in the impact CSV


def _detail_context(scenario: Scenario, result, *, page_number=1) -> dict:
    decisions = {d.commitment_id: d for d in scenario.decisions.select_related("notice_to")}
    rows = [(a, decisions.get(a.commitment.id), result.suggested_date(a)) for a in result.impact.affected]
    late = [row for row in rows if row[0].late]
    on_time = [row for row in rows if not row[0].late]
    late_page = Paginator(late, LATE_PER_PAGE).get_page(page_number)
    page_of = {row[0].commitment.id: 1 + k // LATE_PER_PAGE for k, row in enumerate(late)}
    outstanding = notices_outstanding_list(scenario_id=scenario.pk) if not scenario.is_draft else []
    return {
        "scenario": scenario,
        "result": result,
        "late_rows": late_page.object_list,
        "late_page": late_page,
        "on_time_rows": on_time[:ON_TIME_SHOWN],
        "on_time_more": max(0, len(on_time) - ON_TIME_SHOWN),
        "figure": scenario_timeline_figure(result),
        "outstanding": [(d, page_of.get(d.commitment_id, 1)) for d in outstanding],
        "truth": fix_truth_get(today=timezone.localdate()),
    }


@require_GET
@reader_required
def scenario_detail(request, pk: int):
    scenario = get_object_or_404(
        Scenario.objects.prefetch_related("preemptions__team").select_related(
            "stabilization_feature", "accepted_by", "reverted_by"
        ),
        pk=pk,
    )
    result = services.scenario_evaluate(scenario=scenario)
    template = "roadmap/scenario_detail.html#impact" if request.htmx else "roadmap/scenario_detail.html"
    return render(request, template, _detail_context(scenario, result, page_number=request.GET.get("page", 1)))


@require_http_methods(["GET", "POST"])
@pm_required
def scenario_edit(request, pk: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    if request.method == "POST":
        try:
            services.scenario_update(
                scenario=scenario,
                name=request.POST.get("name", ""),
                description=request.POST.get("description", ""),
                preemptions=_preemptions_from(request.POST),
                stabilization_feature_id=request.POST.get("stabilization") or None,
            )
        except ValidationError as error:
            context = {"scenario": scenario, **_form_context(form=request.POST), "errors": error.messages}
            return render(request, "roadmap/scenario_edit.html", context, status=400)
        return redirect("roadmap:scenario_detail", pk=pk)
    return render(request, "roadmap/scenario_edit.html", {"scenario": scenario, **_form_context(scenario=scenario)})


@require_POST
@pm_required
def scenario_duplicate(request, pk: int):
    copy = services.scenario_duplicate(scenario=get_object_or_404(Scenario, pk=pk), user=request.user)
    messages.success(request, _("Copied as a new draft."))
    return redirect("roadmap:scenario_detail", pk=copy.pk)


@require_POST
@pm_required
def scenario_discard(request, pk: int):
    try:
        services.scenario_discard(scenario=get_object_or_404(Scenario, pk=pk), user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("roadmap:scenario_detail", pk=pk)
    messages.success(request, _("Scenario discarded."))
    return redirect("roadmap:scenario_list")


@require_GET
@reader_required
def scenario_whatif(request):
    """Impact of an unsaved scenario, for the editor's live preview."""
    try:
        parsed = services.preemptions_parse(_preemptions_from(request.GET))
        stabilization = services.stabilization_check(request.GET.get("stabilization") or None)
    except ValidationError as error:
        return render(request, "roadmap/scenarios.html#whatif", {"errors": error.messages})
    result = services.impact_evaluate(
        preemptions=[p.plan(stabilization) for p in parsed], stabilization_feature_id=stabilization
    )
    return render(
        request, "roadmap/scenarios.html#whatif", {"result": result, "figure": scenario_timeline_figure(result)}
    )


def _decision_response(request, scenario, commitment_id, *, errors=None):
    decision = (
        Decision.objects.select_related("notice_to").filter(scenario=scenario, commitment_id=commitment_id).first()
    )
    result = services.scenario_evaluate(scenario=scenario)
    affected = next((a for a in result.impact.affected if a.commitment.id == commitment_id), None)
    context = {
        "decision": decision,
        "scenario": scenario,
        "commitment_id": commitment_id,
        "a": affected,
        "suggested": result.suggested_date(affected) if affected else None,
        "errors": errors or [],
        "posted": request.POST if errors else {},
    }
    status = (422 if request.htmx else 400) if errors else 200
    return render(request, "roadmap/_decision.html", context, status=status)


@require_POST
@pm_required
def decision_save(request, pk: int, commitment_id: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    if request.POST.get("action") == "undo":
        try:
            services.decision_delete(scenario=scenario, commitment_id=commitment_id)
        except ValidationError as error:
            return _decision_response(request, scenario, commitment_id, errors=error.messages)
        return _decision_response(request, scenario, commitment_id)
    try:
        services.decision_save(
            scenario=scenario,
            commitment_id=commitment_id,
            action=request.POST.get("action", ""),
            user=request.user,
            new_date=_date(request.POST.get("new_date")),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        return _decision_response(request, scenario, commitment_id, errors=error.messages)
    return _decision_response(request, scenario, commitment_id)


def _notice_response(request, decision, *, errors=None):
    decision = Decision.objects.select_related("scenario", "notice_to", "commitment__customer").get(pk=decision.pk)
    context = {"decision": decision, "scenario": decision.scenario, "errors": errors or []}
    status = (422 if request.htmx else 400) if errors else 200
    return render(request, "roadmap/_notice.html", context, status=status)


@require_POST
@pm_required
def notice_save(request, pk: int):
    """Edit a notice (until it is sent), send it, or mark it acknowledged."""
    decision = get_object_or_404(Decision, pk=pk)
    try:
        if request.POST.get("notice_subject") is not None or request.POST.get("notice_text") is not None:
            decision = notices.notice_update(
                decision=decision,
                subject=request.POST.get("notice_subject", decision.notice_subject),
                text=request.POST.get("notice_text", decision.notice_text),
            )
        if request.POST.get("send"):
            decision = notices.notice_send(decision=decision, user=request.user)
        elif request.POST.get("acknowledge"):
            decision = notices.notice_acknowledge(decision=decision)
    except ValidationError as error:
        return _notice_response(request, decision, errors=error.messages)
    return _notice_response(request, decision)


@require_http_methods(["GET", "POST"])
@pm_required
def scenario_accept(request, pk: int):
    """GET: what accepting will change, to confirm. POST: accept."""
    scenario = get_object_or_404(Scenario.objects.prefetch_related("preemptions__team"), pk=pk)
    if request.method == "GET":
        if not scenario.is_draft:
            return redirect("roadmap:scenario_detail", pk=pk)
        preview = services.accept_preview(scenario=scenario)
        late_ids = [a.commitment.id for a in preview.result.impact.affected if a.late]
        page_of = {cid: 1 + k // LATE_PER_PAGE for k, cid in enumerate(late_ids)}
        undecided = [(a, page_of.get(a.commitment.id, 1)) for a in preview.undecided]
        context = {"scenario": scenario, "preview": preview, "undecided": undecided}
        return render(request, "roadmap/scenario_accept.html", context)
    try:
        changed = services.scenario_accept(scenario=scenario, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("roadmap:scenario_detail", pk=pk)
    messages.success(
        request, _("Scenario accepted: it is now the committed plan; %(n)d promises changed.") % {"n": changed}
    )
    return redirect("roadmap:scenario_detail", pk=pk)


@require_POST
@pm_required
def scenario_revert(request, pk: int):
    scenario = get_object_or_404(Scenario, pk=pk)
    try:
        kept = services.scenario_revert(scenario=scenario, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("roadmap:scenario_detail", pk=pk)
    messages.success(request, _("Scenario reverted: the plan and its promises are back as they were."))
    for name in kept:
        messages.warning(request, _("Changed since acceptance, left as it is: %(name)s") % {"name": name})
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
            "; ".join(f"{c.role} {c.name}{' (VIP)' if c.is_vip else ''}" for c in a.contacts) if a.late else "",
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
            "committed_eta",
            "scenario_eta",
            "slip_days",
            "late",
            "strength",
            "contacts",
        ],
    )

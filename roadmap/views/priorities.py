from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.permissions import pm_required, reader_required
from core.roles import can_write
from roadmap.domain.ordering import OrderRefused
from roadmap.forms import PolicyForm
from roadmap.selectors.scoring import (
    policy_preview_get,
    ranked_scores_page,
    scoring_policy_get,
    scoring_policy_overview_get,
    scoring_policy_versions_list,
    to_first_get,
)
from roadmap.services.priorities import backlog_order_move, order_refusal_words
from roadmap.services.scoring import PolicyRefused, scoring_policy_save

TABS = ("features", "incidents")
PER_PAGE = 50
WHY_SECONDS = 7 * 24 * 3600
# Raised whenever priorities_why.html changes, so cards cached by an older release are not shown.
WHY_CARD_VERSION = 2


def _with_why_cards(rows: list) -> None:
    """Each feature row's "why" card, rendered once per score and language and then read from the cache in one
    round trip: a page of 50 breakdowns is most of the page's rendering time."""
    language = get_language()
    keys = {
        id(row): (
            f"priority-why:v{WHY_CARD_VERSION}:{language}:{row.score.pk}:{row.score.rank}:{row.score.policy_version}:"
            f"{row.score.computed_at.isoformat()}"
        )
        for row in rows
    }
    cached = cache.get_many(list(keys.values()))
    fresh = {}
    for row in rows:
        key = keys[id(row)]
        html = cached.get(key)
        if html is None:
            html = fresh[key] = render_to_string(
                "roadmap/priorities_why.html", {"s": row.score, "b": row.score.breakdown}
            )
        row.why_html = mark_safe(html)  # our own template's autoescaped output
    if fresh:
        cache.set_many(fresh, WHY_SECONDS)


@require_GET
@reader_required
def priorities(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "features"
    ranked = ranked_scores_page(
        target=tab, today=timezone.localdate(), page_number=request.GET.get("page", 1), per_page=PER_PAGE
    )
    if tab == "features":
        _with_why_cards(ranked.rows)
    template = "roadmap/priorities.html#panel" if request.htmx else "roadmap/priorities.html"
    return render(request, template, {"tab": tab, "ranked": ranked})


def _policy_context(form: PolicyForm | None = None) -> dict:
    active = scoring_policy_get()
    return {
        "overview": scoring_policy_overview_get(),
        "form": form or PolicyForm(initial_weights=active.weights if active else {}),
        "versions": scoring_policy_versions_list(),
    }


@require_GET
@reader_required
def priorities_policy(request):
    """How scores are computed; PMs edit the weights here (preview, then save as a new version)."""
    context = _policy_context() if can_write(request.user) else {"overview": scoring_policy_overview_get()}
    context.setdefault("versions", scoring_policy_versions_list())
    template = "roadmap/priorities_policy.html#policy" if request.htmx else "roadmap/priorities_policy.html"
    return render(request, template, context)


@require_POST
@pm_required
def priorities_policy_preview(request):
    """The ranking the edited weights would give, and what would move, before anything is saved."""
    form = PolicyForm(request.POST)
    if not form.is_valid():
        return render(request, "roadmap/priorities_policy.html#preview", {"form": form}, status=422)
    preview = policy_preview_get(weights=form.weights(), today=timezone.localdate())
    return render(request, "roadmap/priorities_policy.html#preview", {"form": form, "preview": preview})


@require_POST
@pm_required
def priorities_policy_save(request):
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            policy = scoring_policy_save(
                weights=form.weights(),
                name=form.cleaned_data["name"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except PolicyRefused as refused:
            for field, problems in refused.errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(
                request,
                _("Saved as policy v%(version)s; scores are being recomputed.") % {"version": policy.version},
            )
            if request.htmx:  # a full page load, so the message and the new version show
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("roadmap:priorities-policy")
                return response
            return redirect("roadmap:priorities-policy")
    context = _policy_context(form)
    template = "roadmap/priorities_policy.html#policy" if request.htmx else "roadmap/priorities_policy.html"
    return render(request, template, context, status=422)


@require_GET
@reader_required
def priorities_to_first(request, feature_id: int):
    """The smallest change of this feature's inputs that would make it #1 (an htmx fragment)."""
    result = to_first_get(feature_id=feature_id, today=timezone.localdate())
    if result is None:
        raise Http404
    template = "roadmap/priorities_to_first.html" if request.htmx else "roadmap/priorities_to_first_page.html"
    return render(request, template, {"result": result})


@require_POST
@pm_required
def priorities_order(request):
    """Move a feature to another place of the backlog's work order (drag handle or Move up / Move down)."""
    try:
        feature_id, to = int(request.POST["feature"]), int(request.POST["to"])
        saved = backlog_order_move(feature_id=feature_id, to=to, user=request.user)
    except OrderRefused as refused:
        return _order_refused(request, order_refusal_words(refused))
    except (KeyError, ValueError):
        return _order_refused(request, order_refusal_words(None))
    page = (saved.change.moved_to - 1) // PER_PAGE + 1
    if not request.htmx:
        words = _("“%(title)s” is now #%(to)s of the work order.") % {"title": saved.title, "to": saved.change.moved_to}
        messages.success(request, words)
        return redirect(f"{reverse('roadmap:priorities')}?tab=features&page={page}#feature-{feature_id}")
    ranked = ranked_scores_page(target="features", today=timezone.localdate(), page_number=page, per_page=PER_PAGE)
    _with_why_cards(ranked.rows)
    change = saved.change
    # Keep the keyboard where it was: on the moved row's handle after a drag, else on the button pressed.
    focus = "handle" if request.POST.get("via") == "drag" else ("up" if change.moved_to < change.moved_from else "down")
    context = {"tab": "features", "ranked": ranked, "moved": saved.moved, "saved": saved, "focus": (feature_id, focus)}
    return render(request, "roadmap/priorities.html#panel", context)


def _order_refused(request, message: str) -> HttpResponse:
    template = "roadmap/_order_status.html" if request.htmx else "roadmap/priorities_order_refused.html"
    return HttpResponseBadRequest(render(request, template, {"message": message}).content)

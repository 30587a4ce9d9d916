from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.permissions import reader_required
from roadmap.selectors.scoring import ranked_scores_page, scoring_policy_overview_get

TABS = ("features", "incidents")


@require_GET
@reader_required
def priorities(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "features"
    ranked = ranked_scores_page(target=tab, today=timezone.localdate(), page_number=request.GET.get("page", 1))
    template = "roadmap/priorities.html#panel" if request.htmx else "roadmap/priorities.html"
    return render(request, template, {"tab": tab, "ranked": ranked})


@require_GET
@reader_required
def priorities_policy(request):
    template = "roadmap/priorities_policy.html#policy" if request.htmx else "roadmap/priorities_policy.html"
    return render(request, template, {"overview": scoring_policy_overview_get()})

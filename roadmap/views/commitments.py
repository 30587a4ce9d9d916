from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.forms import query_parse
from core.permissions import commitment_request_required, pm_required, reader_required
from roadmap.forms import CheckQuery
from roadmap.models import Commitment, CommitmentStatus, Feature, Strength
from roadmap.selectors.plan import commitment_outlook, feature_check_get
from roadmap.services import commitments as services


@require_GET
@reader_required
def commitment_check(request):
    """Presales: an honest date for a feature before promising it."""
    query = query_parse(request, CheckQuery)
    q, target = query["q"], query["date"]
    features = Feature.objects.filter(title__icontains=q).select_related("team").order_by("title")[:20] if q else []
    check = None
    if query["feature"]:
        check = feature_check_get(feature=query["feature"], target=target, today=timezone.localdate())
    context = {"q": q, "features": features, "check": check, "target": target, "strengths": Strength.choices}
    template = "roadmap/check.html#result" if request.htmx else "roadmap/check.html"
    return render(request, template, context)


@require_POST
@commitment_request_required
def commitment_request(request):
    try:
        services.commitment_request(
            feature_id=int(request.POST.get("feature") or 0),
            customer_name=request.POST.get("customer", ""),
            persona_name=request.POST.get("persona", ""),
            promised_date=request.POST.get("promised_date", ""),
            strength=request.POST.get("strength", ""),
            note=request.POST.get("note", ""),
            user=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Request sent: a product manager will approve or decline it."))
    feature = request.POST.get("feature", "")
    return redirect(f"{reverse('roadmap:commitment_check')}?feature={feature if feature.isdigit() else ''}")


@require_GET
@pm_required
def request_queue(request):
    page = Paginator(
        Commitment.objects.filter(status=CommitmentStatus.REQUESTED)
        .select_related("feature__team", "customer", "persona", "promised_by")
        .order_by("created_at"),
        25,
    ).get_page(request.GET.get("page"))
    rows = commitment_outlook(list(page.object_list), today=timezone.localdate())
    return render(request, "roadmap/requests.html", {"page": page, "rows": rows})


@require_POST
@pm_required
def request_decide(request, pk: int):
    commitment = get_object_or_404(Commitment, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.commitment_approve(commitment=commitment, user=request.user)
            messages.success(request, _("Approved: the promise is live."))
        else:
            services.commitment_decline(commitment=commitment, reason=request.POST.get("reason", ""), user=request.user)
            messages.success(request, _("Declined; presales can see your reason."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("roadmap:request_queue")

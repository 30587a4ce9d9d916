from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.permissions import commitment_request_required, pm_required, reader_required
from roadmap.forms import CheckQuery
from roadmap.models import Commitment, CommitmentStatus, Feature, Strength
from roadmap.selectors.plan import commitment_outlook, feature_check_get
from roadmap.services import commitments as services

REQUEST_FIELDS = ("customer", "persona", "promised_date", "strength", "note")


def _check_context(*, q: str, feature, target, today) -> dict:
    features = Feature.objects.filter(title__icontains=q).select_related("team").order_by("title")[:20] if q else []
    check = feature_check_get(feature=feature, target=target, today=today) if feature else None
    return {"q": q, "features": features, "check": check, "target": target, "strengths": Strength.choices}


@require_GET
@reader_required
def commitment_check(request):
    """Presales: an honest date for a feature before promising it. A bad value is shown beside its field, with
    everything else the reader typed still in place."""
    form = CheckQuery(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data
    context = _check_context(
        q=query.get("q") or request.GET.get("q", ""),
        feature=query.get("feature"),
        target=query.get("date"),
        today=timezone.localdate(),
    )
    context["query_errors"] = form.errors
    context["date_typed"] = request.GET.get("date", "")
    template = "roadmap/check.html#result" if request.htmx else "roadmap/check.html"
    return render(request, template, context, status=200 if valid else 422)


@require_POST
@commitment_request_required
def commitment_request(request):
    """Send a request for a promise; a refused one shows the check page again with what was typed and why."""
    values = {name: request.POST.get(name, "") for name in REQUEST_FIELDS}
    feature = request.POST.get("feature", "")
    try:
        services.commitment_request(
            feature_id=int(feature) if feature.isdigit() else 0,
            customer_name=values["customer"],
            persona_name=values["persona"],
            promised_date=values["promised_date"],
            strength=values["strength"] or Strength.FIRM,
            note=values["note"],
            user=request.user,
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        # Errors of fields the form does not show (the feature, the whole request) go above the form.
        general = [m for name, ms in errors.items() if name not in REQUEST_FIELDS for m in ms]
        checked = Feature.objects.filter(pk=feature).select_related("team").first() if feature.isdigit() else None
        context = _check_context(q="", feature=checked, target=None, today=timezone.localdate())
        context.update(request_values=values, request_errors=errors, request_general=general)
        if checked is None:
            for message in general:
                messages.error(request, message)
        return render(request, "roadmap/check.html", context, status=422)
    messages.success(request, _("Request sent: a product manager will approve or decline it."))
    return redirect(f"{reverse('roadmap:commitment_check')}?feature={feature}")


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

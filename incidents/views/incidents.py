from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_write, query_parse
from core.permissions import pm_required, reader_required
from incidents.forms import InboxQuery, IncidentListQuery, IncidentNewForm
from incidents.models import Category, DeliveryStatus, Incident, IncidentStatus, Severity, TimelineKind, WebhookDelivery
from incidents.selectors.incidents import OPEN_FILTER, SEVERE_FILTER, incident_detail_get, incident_list
from incidents.services import incidents as services
from incidents.services import webhooks as webhook_services
from roadmap.selectors.incidents import incident_work_get
from roadmap.selectors.summary import fix_truth_get


@require_GET
@reader_required
def incident_list_view(request):
    filters = query_parse(request, IncidentListQuery)
    page = Paginator(incident_list(**filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "severities": [(SEVERE_FILTER, _("SEV1 or SEV2")), *Severity.choices],
        "statuses": [(OPEN_FILTER, _("Not resolved")), *IncidentStatus.choices],
        "categories": Category.choices,
    }
    template = "incidents/incident_list.html#results" if request.htmx else "incidents/incident_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@pm_required
def incident_new(request):
    """File an incident by hand through the service the API uses; a saved one opens its page."""
    form = IncidentNewForm(request.POST or None)
    created = []

    def write(_cleaned):
        data, customer_ids = form.incident_data()
        data["created_by"] = request.user
        created.append(services.incident_create(data=data, customer_ids=customer_ids))

    if request.method == "POST" and form_write(form, write):
        url = reverse("incidents:incident_detail", args=[created[0].pk])
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)
    status = 422 if request.method == "POST" else 200
    return render(request, "incidents/_incident_new.html", {"form": form}, status=status)


def _detail(request, pk: int, *, errors=None, status=200):
    try:
        detail = incident_detail_get(incident_id=pk)
    except Incident.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "d": detail,
        "work": incident_work_get(incident_id=pk, customer_ids=detail.customer_ids),
        "statuses": IncidentStatus.choices,
        "kinds": TimelineKind.choices,
        "errors": errors,
        "truth": fix_truth_get(today=timezone.localdate()) if not request.htmx else None,
    }
    template = "incidents/incident_detail.html#timeline" if request.htmx else "incidents/incident_detail.html"
    return render(request, template, context, status=status)


@require_GET
@reader_required
def incident_detail(request, pk: int):
    return _detail(request, pk)


@require_POST
@pm_required
def incident_update(request, pk: int):
    """PMs move the status or add a timeline event; answered with the refreshed timeline."""
    incident = get_object_or_404(Incident, pk=pk)
    try:
        if request.POST.get("status"):
            services.incident_set_status(incident=incident, status=request.POST["status"], user=request.user)
        else:
            services.timeline_add(
                incident=incident,
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
                user=request.user,
            )
    except ValidationError as error:
        # 422 is swapped by htmx (see responseHandling in base.html), so the errors show in place.
        return _detail(request, pk, errors=error.messages, status=422)
    return _detail(request, pk)


@require_GET
@reader_required
def webhook_inbox(request):
    """Every webhook delivery received, newest first, with what processing made of it."""
    status = query_parse(request, InboxQuery)["status"]
    deliveries = WebhookDelivery.objects.order_by("-received_at", "-pk")
    if status:
        deliveries = deliveries.filter(status=status)
    page = Paginator(deliveries.defer("payload", "headers"), 50).get_page(request.GET.get("page"))
    counts = dict(WebhookDelivery.objects.values_list("status").annotate(n=Count("pk")).order_by())
    statuses = [(value, label, counts.get(value, 0)) for value, label in DeliveryStatus.choices]
    context = {"page": page, "status": status, "statuses": statuses}
    return render(request, "incidents/webhook_inbox.html", context)


@require_POST
@pm_required
def webhook_retry(request, pk: int):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    webhook_services.delivery_retry(delivery=delivery)
    messages.success(request, _("The delivery was sent for processing again."))
    return redirect("incidents:webhook_inbox")

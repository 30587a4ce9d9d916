from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.forms import query_parse
from core.permissions import reader_required
from core.spreadsheets import csv_response
from customers.charts import deployment_forecast_figure
from customers.forms import CustomerListQuery
from customers.models import Customer, DeploymentModel, Tier
from customers.selectors.customers import (
    customer_360_get,
    customer_changes_list,
    customer_list,
    deployment_samples_get,
)
from incidents.selectors.incidents import customer_open_incidents, open_incident_counts
from roadmap.selectors.customers import customer_commitments_list, customer_requests_list, live_commitment_counts
from roadmap.selectors.plan import commitment_outlook

# Charts drawn on the 360 page, fullest first; the rest link to their deployment page.
MAX_CHARTS = 3


def _filters(request) -> dict:
    return query_parse(request, CustomerListQuery)


@require_GET
@reader_required
def customer_list_view(request):
    filters = _filters(request)
    page = Paginator(customer_list(**{**filters, "sort": filters["sort"] or "name"}), 50).get_page(
        request.GET.get("page")
    )
    ids = [c.pk for c in page]
    incidents, promises = open_incident_counts(customer_ids=ids), live_commitment_counts(customer_ids=ids)
    for customer in page:
        customer.open_incidents, customer.live_promises = incidents.get(customer.pk, 0), promises.get(customer.pk, 0)
    context = {
        "page": page,
        "filters": filters,
        "tiers": Tier.choices,
        "models": DeploymentModel.choices,
        "regions": Customer.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct(),
    }
    template = "customers/customer_list.html#results" if request.htmx else "customers/customer_list.html"
    return render(request, template, context)


@require_GET
@reader_required
def customer_csv(request):
    filters = _filters(request)
    rows = (
        (c.pk, c.name, c.tier, c.arr, c.industry, c.region, c.deployment_model)
        for c in customer_list(**{**filters, "sort": filters["sort"] or "name"}).iterator(chunk_size=2000)
    )
    return csv_response(
        filename="customers.csv",
        rows=rows,
        header=["id", "name", "tier", "arr", "industry", "region", "deployment_model"],
    )


@require_GET
@reader_required
def customer_detail(request, pk: int):
    """The 360: the customer's facts, composed with its incidents and its promises from their own apps."""
    try:
        view = customer_360_get(customer_id=pk)
    except Customer.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "view": view,
        "incidents": customer_open_incidents(customer_id=pk),
        "commitment_rows": commitment_outlook(customer_commitments_list(customer_id=pk), today=timezone.localdate()),
        "requests": customer_requests_list(customer_id=pk),
        "charts": _charts(view.deployments),
        "changes": customer_changes_list(customer_id=pk),
    }
    template = "customers/customer_detail.html#body" if request.htmx else "customers/customer_detail.html"
    return render(request, template, context)


def _charts(deployments) -> list[dict]:
    """Context for templates/customers/_deployment_forecast.html, fullest deployments first."""

    def fullness(deployment):
        forecast = getattr(deployment, "forecast", None)
        return forecast.free_ratio if forecast and forecast.free_ratio is not None else 1.0

    charted = sorted(deployments, key=fullness)[:MAX_CHARTS]
    samples = deployment_samples_get(deployment_ids=[d.pk for d in charted]) if charted else {}
    charts = []
    for deployment in charted:
        forecast = getattr(deployment, "forecast", None)
        figure = deployment_forecast_figure(deployment=deployment, samples=samples[deployment.pk], forecast=forecast)
        charts.append({"deployment": deployment, "forecast": forecast, "figure": figure, "id": f"dep-{deployment.pk}"})
    return charts

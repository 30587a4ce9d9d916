from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.forms import query_parse
from core.permissions import reader_required
from core.spreadsheets import csv_response
from customers.charts import deployment_forecast_figure, fleet_histogram_figure
from customers.forms import FleetQuery
from customers.models import CapacityForecast, Customer, Deployment, Tier
from customers.selectors.forecasts import BANDS, deployment_chart_data, fleet_forecasts, fleet_summary_get
from roadmap.selectors.summary import fix_truth_get


def _filters(request) -> dict:
    return query_parse(request, FleetQuery)


@require_GET
@reader_required
def fleet(request):
    filters = _filters(request)
    summary = fleet_summary_get(tier=filters["tier"], region=filters["region"])
    rows = fleet_forecasts(**filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    days = list(rows.filter(days_to_full__isnull=False, days_to_full__lte=730).values_list("days_to_full", flat=True))
    context = {
        "summary": summary,
        "page": page,
        "filters": filters,
        "tiers": Tier.choices,
        "bands": BANDS,
        "regions": Customer.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct(),
        "histogram": fleet_histogram_figure(days_to_full=days),
        "truth": fix_truth_get(today=timezone.localdate()) if not request.htmx else None,
    }
    template = "customers/fleet.html#fleet" if request.htmx else "customers/fleet.html"
    return render(request, template, context)


@require_GET
@reader_required
def fleet_csv(request):
    rows = (
        (
            f.deployment.customer.name,
            f.deployment.name,
            f.free_ratio,
            f.growth_bytes_per_day,
            f.days_to_full,
            f.days_to_full_p10,
            f.days_to_full_p90,
            f.full_at.isoformat() if f.full_at else "",
            f.status,
        )
        for f in fleet_forecasts(**_filters(request)).iterator(chunk_size=2000)
    )
    return csv_response(
        filename="fleet-forecast.csv",
        rows=rows,
        header=[
            "customer",
            "deployment",
            "free_ratio",
            "growth_bytes_per_day",
            "days_to_full",
            "days_to_full_p10",
            "days_to_full_p90",
            "full_at",
            "status",
        ],
    )


def deployment_forecast_context(deployment: Deployment) -> dict:
    """Context for templates/customers/_deployment_forecast.html (also used on the customer 360 page)."""
    forecast = CapacityForecast.objects.filter(deployment=deployment).first()
    figure = deployment_forecast_figure(
        deployment=deployment, samples=deployment_chart_data(deployment=deployment), forecast=forecast
    )
    return {"deployment": deployment, "forecast": forecast, "figure": figure}


@require_GET
@reader_required
def deployment_detail(request, pk: int):
    deployment = get_object_or_404(Deployment.objects.select_related("customer"), pk=pk)
    template = "customers/deployment.html#forecast" if request.htmx else "customers/deployment.html"
    return render(request, template, deployment_forecast_context(deployment))


@require_GET
@reader_required
def deployment_samples_csv(request, pk: int):
    """The readings behind a deployment's chart, oldest first."""
    deployment = get_object_or_404(Deployment, pk=pk)
    rows = (
        (taken_at.isoformat(), used, capacity if capacity is not None else deployment.capacity_bytes)
        for taken_at, used, capacity in deployment.samples.order_by("taken_at")
        .values_list("taken_at", "used_bytes", "capacity_bytes")
        .iterator(chunk_size=5000)
    )
    return csv_response(
        filename=f"deployment-{deployment.pk}-samples.csv",
        header=["taken_at", "used_bytes", "capacity_bytes"],
        rows=rows,
    )

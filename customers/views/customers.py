from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.permissions import reader_required
from core.spreadsheets import csv_response
from customers.models import Customer, DeploymentModel, Tier
from customers.selectors.customers import customer_360_get, customer_list
from roadmap.selectors.plan import commitment_outlook


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in ("q", "tier", "region", "model", "sort")}


@require_GET
@reader_required
def customer_list_view(request):
    filters = _filters(request)
    page = Paginator(customer_list(**{**filters, "sort": filters["sort"] or "name"}), 50).get_page(
        request.GET.get("page")
    )
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
    from django.utils import timezone

    try:
        view = customer_360_get(customer_id=pk)
    except Customer.DoesNotExist as exc:
        raise Http404 from exc
    rows = commitment_outlook(view.commitments, today=timezone.localdate())
    template = "customers/customer_detail.html#body" if request.htmx else "customers/customer_detail.html"
    return render(request, template, {"view": view, "commitment_rows": rows})

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import selectors
from core.permissions import reader_required


@require_GET
@reader_required
def home(request):
    return render(request, "core/home.html", {"tiles": selectors.home_tiles_get()})


@require_GET
@reader_required
def search(request):
    results = selectors.search(query=request.GET.get("q", ""))
    template = "core/search.html#results" if request.htmx else "core/search.html"
    return render(request, template, {"results": results})


@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})

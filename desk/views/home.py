from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.permissions import reader_required
from desk.selectors.home import home_get
from desk.selectors.search import search_run


@require_GET
@reader_required
def home(request):
    return render(request, "desk/home.html", {"home": home_get(today=timezone.localdate())})


@require_GET
@reader_required
def search(request):
    results = search_run(query=request.GET.get("q", ""))
    template = "desk/search.html#results" if request.htmx else "desk/search.html"
    return render(request, template, {"results": results})

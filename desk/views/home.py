from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.forms import query_parse
from core.permissions import reader_required
from core.roles import Role, primary_role
from desk.forms import SearchQuery
from desk.selectors.home import home_get, leadership_home_get, presales_home_get
from desk.selectors.search import search_run


@require_GET
@reader_required
def home(request):
    """A home per role: the PM's day, what presales can promise, leadership's headline and top risks."""
    today = timezone.localdate()
    role = primary_role(request.user)
    if role == Role.PRESALES:
        return render(request, "desk/home_presales.html", {"home": presales_home_get(user=request.user, today=today)})
    if role == Role.LEADERSHIP:
        return render(request, "desk/home_leadership.html", {"home": leadership_home_get(today=today)})
    return render(request, "desk/home.html", {"home": home_get(today=today)})


@require_GET
@reader_required
def search(request):
    results = search_run(query=query_parse(request, SearchQuery)["q"])
    template = "desk/search.html#results" if request.htmx else "desk/search.html"
    return render(request, template, {"results": results})

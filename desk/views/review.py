from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.forms import query_parse
from core.permissions import reader_required
from desk.forms import ReviewQuery
from desk.selectors.review import weekly_review_get


@require_GET
@reader_required
def review_weekly(request):
    review = weekly_review_get(end=query_parse(request, ReviewQuery)["week"])
    template = "desk/review_weekly.html#review" if request.htmx else "desk/review_weekly.html"
    return render(request, template, {"review": review})

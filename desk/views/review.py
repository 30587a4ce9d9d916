from datetime import date

from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.permissions import reader_required
from desk.selectors.review import weekly_review_get


@require_GET
@reader_required
def review_weekly(request):
    try:
        end = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        end = None
    review = weekly_review_get(end=end)
    template = "desk/review_weekly.html#review" if request.htmx else "desk/review_weekly.html"
    return render(request, template, {"review": review})

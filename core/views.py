from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core import selectors, services
from core.permissions import reader_required
from core.signals import SESSION_LANGUAGE_KEY


@require_GET
@reader_required
def home(request):
    from django.utils import timezone

    return render(request, "core/home.html", {"home": selectors.home_get(today=timezone.localdate())})


@require_GET
@reader_required
def search(request):
    results = selectors.search(query=request.GET.get("q", ""))
    template = "core/search.html#results" if request.htmx else "core/search.html"
    return render(request, template, {"results": results})


@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@require_POST
def language_set(request):
    """Switch the interface language and remember it for this user."""
    try:
        language = services.preference_set_language(user=request.user, language=request.POST.get("language", ""))
    except ValidationError as error:
        return HttpResponseBadRequest(error.messages[0])
    request.session[SESSION_LANGUAGE_KEY] = language
    translation.activate(language)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@require_GET
@reader_required
def review_weekly(request):
    from datetime import date

    from core.review import weekly_review_get

    try:
        end = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        end = None
    review = weekly_review_get(end=end)
    template = "core/review_weekly.html#review" if request.htmx else "core/review_weekly.html"
    return render(request, template, {"review": review})

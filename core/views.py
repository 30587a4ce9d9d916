from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core import services
from core.health import health_get
from core.signals import SESSION_LANGUAGE_KEY


@require_GET
def healthz(request):
    """200 when the database, the broker and beat are all well; 503 (with which one is not) otherwise."""
    health = health_get()
    body = {"status": "ok" if health.ok else "unavailable", **health.checks}
    return JsonResponse(body, status=200 if health.ok else 503)


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
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def bad_request(request, exception):
    """A 400 page in the layout that says which parameter was wrong (handler400)."""
    problem = str(exception) if exception.__class__.__name__ == "BadRequest" else ""
    return render(request, "400.html", {"problem": problem}, status=400)

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, JsonResponse

# The API and webhooks authenticate on their own (token, session or signature) and answer 401/403 in JSON.
OPEN_PREFIXES = ("/api/", "/webhooks/", "/healthz", "/metrics")


class PageLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; machine endpoints answer for themselves."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


MAX_ID = 2**63 - 1  # the largest id the database holds


class IdRangeMiddleware:
    """A path id no row can have (beyond 64 bits) is a 404 before any view sends it to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in (*view_args, *view_kwargs.values())):
            raise Http404
        return None


class NulQueryMiddleware:
    """A query value with a NUL character can match nothing we store (PostgreSQL text refuses it): a 400 page
    before any view sends it to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            if request.path_info.startswith("/api/"):  # the API's one documented error shape
                return JsonResponse({"detail": "A query value holds a NUL character."}, status=400)
            raise SuspiciousOperation("A query value holds a NUL character.")
        return self.get_response(request)


class UserLanguageMiddleware:
    """Activate the language a signed-in user chose (loaded into the session at login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        from core.signals import SESSION_LANGUAGE_KEY

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = request.session.get(SESSION_LANGUAGE_KEY)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def forwarded_client(*, remote_addr: str, forwarded_for: str, proxies: int) -> str:
    """The client's address behind `proxies` trusted proxies, each appending the address it saw to X-Forwarded-For.

    Entries left of the proxies' own are whatever the client sent, so count from the right; a request that reached
    us through fewer proxies than configured falls back to the leftmost entry it has.
    """
    if proxies <= 0:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    return hops[-min(proxies, len(hops))]


def client_address(request) -> str:
    """The address login lockouts are keyed on (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    return forwarded_client(
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
        proxies=settings.PROXY_COUNT,
    )

from django.contrib.auth.middleware import LoginRequiredMiddleware

# The API and webhooks authenticate on their own (token, session or signature) and answer 401/403 in JSON.
OPEN_PREFIXES = ("/api/", "/webhooks/", "/healthz")


class PageLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; machine endpoints answer for themselves."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

"""OpenAPI: every operation documents its error answers (400, 401, 403, 404, 429) with their JSON shapes; the schema
and its docs page need a login unless `API_DOCS_PUBLIC` opens them (open by default only while developing)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, IsAuthenticated

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "Why the request was refused.",
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Field name (or `non_field_errors`) to the list of problems with it.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}, {"type": "string"}]
    },
}


def _ref(name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", _ref("Error", "Not authenticated (send `Authorization: Token <key>`)."))
            responses.setdefault("403", _ref("Error", "Your role may not do this."))
            responses.setdefault("429", _ref("Error", "Too many requests; retry after `Retry-After` seconds."))
            paged = any(p.get("name") == "page" for p in operation.get("parameters", []))
            if "{" in path:
                responses.setdefault("404", _ref("Error", "No such object."))
            elif paged:
                responses.setdefault("404", _ref("Error", "No such page."))
            if method == "delete":
                responses.setdefault("409", _ref("Error", "Still in use by other rows; nothing was deleted."))
            queried = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if method in ("post", "put", "patch") or queried:
                responses.setdefault("400", _ref("ValidationError", "The request is invalid; each field says why."))
    return result


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, for any signed-in user (token or session) unless the docs are public."""

    def get_permissions(self):
        return [AllowAny() if settings.API_DOCS_PUBLIC else IsAuthenticated()]


class DocsView(SpectacularSwaggerSplitView):
    """The browsable docs: a visitor who is not signed in is sent to the login page first."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

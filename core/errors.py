"""Every /api/ error answers one of the two documented JSON bodies (core.schema): `{"detail": "..."}`, or for a
refused request (400) an object from field name (or `non_field_errors`) to its problems."""

from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def _as_fields(data) -> dict:
    if isinstance(data, dict):
        return data
    return {"non_field_errors": data if isinstance(data, list) else [data]}


def exception_handler(exc, context):
    """DRF's handler, with a bare list or string of problems filed under `non_field_errors`; deleting a row that
    others still point at (a team with features) is a 409 naming what holds it."""
    if isinstance(exc, ProtectedError | RestrictedError):
        held = sorted({obj._meta.verbose_name_plural for obj in exc.args[1]}) if len(exc.args) > 1 else []
        detail = _("This is still in use (%(by)s) and cannot be deleted.") % {"by": ", ".join(map(str, held))}
        return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _as_fields(response.data)
    elif not (isinstance(response.data, dict) and "detail" in response.data):
        response.data = {"detail": str(response.data)}
    return response


# Answers Django gives before or outside DRF (no route, wrong method on a plain view).
NOT_JSON = {
    status.HTTP_404_NOT_FOUND: lambda: _("Not found."),
    status.HTTP_405_METHOD_NOT_ALLOWED: lambda: _("Method not allowed."),
}


class ApiJsonErrorsMiddleware:
    """Under /api/, a 404 or 405 that Django answered in HTML (an unknown URL, a non-numeric id) answers JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code in NOT_JSON
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            answer = JsonResponse({"detail": NOT_JSON[response.status_code]()}, status=response.status_code)
            if response.has_header("Allow"):
                answer["Allow"] = response["Allow"]
            return answer
        return response

"""Server-side enforcement of the roles, for pages and the API."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.roles import can_read, can_request_commitment, can_write


class RolePermission(BasePermission):
    """Any role reads; only PMs write; presales may also create commitment requests where a view allows it."""

    message = gettext_lazy("Your role does not allow this action.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return can_read(user)
        creating = getattr(view, "action", None) == "create"
        if creating and getattr(view, "allow_commitment_requests", False) and can_request_commitment(user):
            return True
        return can_write(user)


def pm_required(view_func):
    """Page decorator: only PMs may perform this action (403 otherwise)."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not can_write(request.user):
            raise PermissionDenied(_("Only product managers can change this."))
        return view_func(request, *args, **kwargs)

    return wrapper


def reader_required(view_func):
    """Page decorator: any of the three roles may read."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not can_read(request.user):
            raise PermissionDenied(_("Your account has no Pledgeboard role yet; ask an administrator."))
        return view_func(request, *args, **kwargs)

    return wrapper


def commitment_request_required(view_func):
    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not can_request_commitment(request.user):
            raise PermissionDenied(_("Only presales and product managers can request commitments."))
        return view_func(request, *args, **kwargs)

    return wrapper

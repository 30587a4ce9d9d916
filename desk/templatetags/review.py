from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# How a promise changed over the week (desk.domain.review.CommitmentChange.kind), in words.
CHANGE_KINDS = {
    "slipped": _("slipped"),
    "pulled_in": _("renegotiated"),
    "delivered": _("delivered"),
    "cancelled": _("cancelled"),
    "declined": _("declined"),
    "new": _("new"),
}


@register.filter
def change_kind(kind: str) -> str:
    return str(CHANGE_KINDS.get(kind, kind))

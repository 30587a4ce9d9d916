from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def service_class_label(name: str) -> str:
    """The reader's words for a class of service (expedite, fixed date, standard, intangible)."""
    labels = {"expedite": _("expedite"), "fixed_date": _("fixed date"), "standard": _("standard")}
    return labels.get(name, _("intangible"))

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import Tier

register = template.Library()


@register.filter
def service_class_label(name: str) -> str:
    """The reader's words for a class of service (expedite, fixed date, standard, intangible)."""
    labels = {"expedite": _("expedite"), "fixed_date": _("fixed date"), "standard": _("standard")}
    return labels.get(name, _("intangible"))


@register.filter
def tier_label(value: str) -> str:
    """A customer's tier ("strategic") in the reader's language."""
    return Tier(value).label if value in Tier.values else value


# A feature score's terms in the reader's words (the stored breakdown keeps its English keys and formulas;
# templates/roadmap/_score_term.html explains each term).
TERMS = {
    "business_value": gettext_lazy("Business value"),
    "time_criticality": gettext_lazy("Time criticality"),
    "risk_reduction": gettext_lazy("Risk reduction"),
    "job_size": gettext_lazy("job size"),
}


@register.filter
def term_label(key: str) -> str:
    """A score term's name ("business_value") in the reader's words."""
    return str(TERMS[key]) if key in TERMS else key

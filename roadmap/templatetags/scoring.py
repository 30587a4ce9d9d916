from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import PersonaRole, Tier
from roadmap.models import Strength

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


# A scoring policy's weights in the reader's words, beside their keys (the policy's JSON keeps the keys).
WEIGHTS = {
    "arr_unit": gettext_lazy("ARR unit"),
    "promise_points": gettext_lazy("promise points"),
    "promise_horizon_days": gettext_lazy("promise horizon (days)"),
    "overdue_jump": gettext_lazy("jump once a fixed date has passed"),
    "fleet_points": gettext_lazy("fleet points"),
    "fleet_horizon_days": gettext_lazy("fleet horizon (days)"),
    "expedite_points": gettext_lazy("expedite points"),
    "intangible_points": gettext_lazy("intangible points"),
    "vip": gettext_lazy("VIP weight"),
    "min_job_size_weeks": gettext_lazy("minimum job size (person-weeks)"),
    "customer_hit": gettext_lazy("weight of each customer hit"),
    "deployment_points": gettext_lazy("points of a deployment filling up"),
    "deployment_horizon_days": gettext_lazy("deployment horizon (days)"),
    "incident_promise_points": gettext_lazy("points of a promise at risk"),
    "age_weight": gettext_lazy("age weight"),
    "age_cap_days": gettext_lazy("age cap (days)"),
    "tier": gettext_lazy("tier weight"),
    "persona": gettext_lazy("persona weight"),
    "source": gettext_lazy("asked or promised weight"),
    "strength": gettext_lazy("strength weight"),
    "severity": gettext_lazy("severity weight"),
    "status_factor": gettext_lazy("status factor"),
    "terms": gettext_lazy("term weight"),
}


def _weight_part(group: str, sub: str) -> str:
    choices = {"tier": Tier, "strength": Strength, "persona": PersonaRole}.get(group)
    if choices is not None and sub in choices.values:
        return str(choices(sub).label)
    words = {
        "none": gettext_lazy("no persona named"),
        "promised": gettext_lazy("promised"),
        "requested": gettext_lazy("requested"),
        "open": gettext_lazy("open"),
        "resolved": gettext_lazy("resolved"),
    }
    if group == "terms" and sub in TERMS:
        return str(TERMS[sub])
    return str(words.get(sub, sub))


@register.filter
def weight_label(key: str) -> str:
    """A policy weight's key ("tier.strategic") in the reader's words ("tier weight · Strategic")."""
    group, _dot, sub = key.partition(".")
    if group not in WEIGHTS:
        return ""
    return f"{WEIGHTS[group]} · {_weight_part(group, sub)}" if sub else str(WEIGHTS[group])

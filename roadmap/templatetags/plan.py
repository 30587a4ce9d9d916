from django import template

from roadmap.domain.work import chance_band
from roadmap.models import Strength

register = template.Library()


@register.filter
def chance_badge(chance: float | None) -> str:
    """CSS class of a chance of meeting a date: "late" when unlikely, "ok" when likely, else nothing."""
    return {"unlikely": "late", "likely": "ok"}.get(chance_band(chance) or "", "")


@register.filter
def percent(share: float | None) -> str:
    """0.25 -> "25 %" (a share of a team or of a disk), in the reader's number format."""
    if share is None:
        return "—"
    return f"{round(float(share) * 100):d} %"


@register.filter
def strength_label(value: str) -> str:
    """A promise's strength ("firm") in the reader's language."""
    return Strength(value).label if value in Strength.values else value

from django import template

from core.reasons import reason_render

register = template.Library()


@register.filter
def reason(stored: str | None) -> str:
    """A stored reason in the reader's language (typed text as typed); the page escapes it."""
    return reason_render(stored)

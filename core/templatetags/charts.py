import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def chart(figure: dict, css_class: str = "chart"):
    """A chart container carrying its Plotly figure as an (escaped) attribute.

    An attribute survives htmx swaps, where script elements (even JSON ones) are dropped because htmx runs
    with allowScriptTags=false; static/js/app.js draws every `[data-figure-json]` element.
    """
    return format_html(
        '<div class="{}" data-figure-json="{}"></div>', css_class, json.dumps(figure, cls=DjangoJSONEncoder)
    )

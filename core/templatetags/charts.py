import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html

register = template.Library()


def scatter(**props) -> dict:
    return {"type": "scatter", **props}


def bar(**props) -> dict:
    return {"type": "bar", **props}


def figure(data: list[dict], layout: dict) -> dict:
    """The plain `{"data": [...], "layout": {...}}` figure the `chart` tag draws.

    Figures are written as plain dicts: building plotly.graph_objects validates every property on every request
    (a third of a capacity page's time). The tests validate each figure with `go.Figure(figure,
    skip_invalid=False)` instead. Without plotly.py's default template, the pages draw with plotly.js's own
    defaults.
    """
    return {"data": data, "layout": layout}


@register.simple_tag
def chart(figure: dict, css_class: str = "chart"):
    """A chart container carrying its Plotly figure as an (escaped) attribute.

    An attribute survives htmx swaps, where script elements (even JSON ones) are dropped because htmx runs
    with allowScriptTags=false; static/js/app.js draws every `[data-figure-json]` element (its data, layout
    and optional config keys).
    """
    return format_html(
        '<div class="{}" data-figure-json="{}"></div>', css_class, json.dumps(figure, cls=DjangoJSONEncoder)
    )

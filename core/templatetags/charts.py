import json
from typing import TYPE_CHECKING

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html

if TYPE_CHECKING:
    import plotly.graph_objects as go

register = template.Library()


def figure_dict(fig: "go.Figure") -> dict:
    """The plain `{"data": [...], "layout": {...}}` dict of a validated figure, ready for the `chart` tag.

    plotly.py stamps its default "plotly" template on every new figure; the pages draw with plotly.js's own
    defaults (and the attribute stays small), so the template is dropped.
    """
    fig.layout.template = None
    return fig.to_plotly_json()


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

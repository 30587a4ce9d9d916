from django import template
from django.utils.translation import gettext_lazy

register = template.Library()

# The forecaster's method ids (stored with each forecast) in the reader's words.
METHODS = {"changepoint/kalman": gettext_lazy("change points, then a Kalman filter on the current growth")}


@register.filter
def forecast_method(method: str) -> str:
    """A forecast's method id ("changepoint/kalman") in the reader's words; an unknown id as it is."""
    return str(METHODS.get(method, method or "—"))

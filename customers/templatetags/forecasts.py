from django import template
from django.utils.translation import gettext_lazy

register = template.Library()

# The forecaster's method ids (stored with each forecast) in the reader's words.
METHODS = {
    "changepoint/kalman": gettext_lazy("change points, then a Kalman filter on the current growth"),
    "long-run/backtest": gettext_lazy("growth over months, interval from its own past forecasts"),
    "accelerating/backtest": gettext_lazy("accelerating growth, interval from its own past forecasts"),
    "recent/backtest": gettext_lazy("growth of the last four weeks, interval from its own past forecasts"),
}


@register.filter
def forecast_method(method: str) -> str:
    """A forecast's method id ("changepoint/kalman") in the reader's words; an unknown id as it is."""
    return str(METHODS.get(method, method or "—"))

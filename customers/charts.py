"""Plotly figures for capacity pages, written as plain dicts (the tests validate every property with
plotly.graph_objects) and handed to the templates as they are; every label is escaped text."""

from datetime import timedelta
from html import escape
from itertools import pairwise

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.charts import bar, figure, scatter
from customers.domain.forecast import regime_line

GB = 1024**3


def _regime_line(samples: list[tuple], *, start, until, level: float, slope: float, capacity: float) -> tuple:
    """x and y of the current regime's fitted line (through the readings when there are enough of them)."""
    inside = [(t, u) for t, u, _c in samples if start <= t <= until]
    if len(inside) < 2:
        days_back = (until - start).days
        return [start.isoformat(), until.isoformat()], [round(level - slope * days_back, 2), round(level, 2)]
    x = np.array([(t - until).total_seconds() / 86400 for t, _u in inside])
    y = regime_line(x, np.array([u / GB for _t, u in inside]), capacity=capacity, level=level, slope=slope)
    return [t.isoformat() for t, _u in inside], [round(float(v), 2) for v in y]


RECENT_DAYS = 90


def deployment_forecast_figure(*, deployment, samples: list[tuple], forecast) -> dict:
    """Samples, the fitted current regime, the forecast with its P10-P90 band and the 80/90/100 % lines."""
    xs = [t.isoformat() for t, _u, _c in samples]
    used = [round(u / GB, 2) for _t, u, _c in samples]
    capacity = (forecast.capacity_bytes if forecast else deployment.capacity_bytes) / GB
    traces = [
        scatter(
            mode="lines",
            name=escape(_("Used")),
            x=xs,
            y=used,
            line={"color": "#2f5bd3", "width": 1.5},
            hovertemplate="%{x|%Y-%m-%d}: %{y:.1f} GB<extra></extra>",
        )
    ]
    caps = [round(c / GB, 2) if c is not None else None for _t, _u, c in samples]
    if any(c is not None for c in caps):
        # Each reading's own capacity, as a step line: a disk upgrade shows where the history changes level.
        traces.append(
            scatter(
                mode="lines",
                name=escape(_("Capacity")),
                x=xs,
                y=caps,
                line={"color": "#5f6b7a", "width": 1.5, "shape": "hv"},
                hovertemplate="%{x|%Y-%m-%d}: %{y:.0f} GB<extra></extra>",
            )
        )
    shapes, annotations = [], []
    if forecast and forecast.growth_bytes_per_day and forecast.samples_until and forecast.used_bytes is not None:
        start = forecast.regime_started_at or forecast.samples_until
        horizon = min(forecast.days_to_full_p90 or forecast.days_to_full or 90, 730) if forecast.days_to_full else 90
        slope = forecast.growth_bytes_per_day / GB
        level = forecast.used_bytes / GB
        t_end = forecast.samples_until + timedelta(days=horizon)
        fit_x, fit_y = _regime_line(
            samples, start=start, until=forecast.samples_until, level=level, slope=slope, capacity=capacity
        )
        traces.append(
            scatter(
                mode="lines",
                name=escape(_("Current regime")),
                x=fit_x,
                y=fit_y,
                line={"color": "#b7791f", "width": 2.5, "dash": "dot"},
            )
        )
        traces.append(
            scatter(
                mode="lines",
                name=escape(_("Forecast")),
                x=[forecast.samples_until.isoformat(), t_end.isoformat()],
                y=[round(level, 2), round(min(level + slope * horizon, capacity * 1.05), 2)],
                line={"color": "#c53030", "dash": "dash"},
            )
        )
        if forecast.days_to_full_p10 is not None and forecast.days_to_full_p90 is not None:
            p10 = forecast.samples_until + timedelta(days=forecast.days_to_full_p10)
            p90 = forecast.samples_until + timedelta(days=forecast.days_to_full_p90)
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": p10.isoformat(),
                    "x1": p90.isoformat(),
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": "rgba(197,48,48,0.12)",
                    "line": {"width": 0},
                }
            )
        if forecast.regime_started_at:
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": start.isoformat(),
                    "x1": start.isoformat(),
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#b7791f", "dash": "dot"},
                }
            )
            annotations.append(
                {
                    "x": start.isoformat(),
                    "y": 1,
                    "yref": "paper",
                    "showarrow": False,
                    "text": escape(_("regime change")),
                    "font": {"size": 11, "color": "#b7791f"},
                }
            )
    for share, label in ((0.8, "80%"), (0.9, "90%"), (1.0, "100%")):
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": capacity * share,
                "y1": capacity * share,
                "line": {"color": "#9aa5b1", "dash": "dot", "width": 1},
            }
        )
        annotations.append(
            {
                "xref": "paper",
                # On the left, over old history, where the forecast's "full" marker never is.
                "x": 0,
                "y": capacity * share,
                "text": label,
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 10, "color": "#5f6b7a"},
            }
        )
    now = timezone.now()
    shapes.append(
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": now.isoformat(),
            "x1": now.isoformat(),
            "y0": 0,
            "y1": 1,
            "line": {"color": "#1d2430", "width": 1, "dash": "dot"},
        }
    )
    annotations.append(
        {
            "x": now.isoformat(),
            "y": 0,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "text": escape(_("today")),
            "font": {"size": 10, "color": "#1d2430"},
        }
    )
    end = now
    if forecast is not None and getattr(forecast, "full_at", None):
        end = max(end, forecast.full_at)
        traces.append(
            scatter(
                mode="markers+text",
                name=escape(_("Full")),
                x=[forecast.full_at.isoformat()],
                y=[round(capacity, 2)],
                text=[escape(_("full %(date)s") % {"date": f"{timezone.localtime(forecast.full_at):%Y-%m-%d}"})],
                textposition="top left",
                marker={"symbol": "x", "size": 11, "color": "#c53030"},
                hoverinfo="text",
            )
        )
    if forecast is not None and getattr(forecast, "days_to_full_p90", None) is not None and forecast.samples_until:
        end = max(end, forecast.samples_until + timedelta(days=min(forecast.days_to_full_p90, 730)))
    # Open on the last ~90 days and the forecast; the buttons show the whole history.
    first = samples[0][0] if samples else now
    opening = [max(first, now - timedelta(days=RECENT_DAYS)).isoformat(), (end + timedelta(days=3)).isoformat()]
    layout = {
        "height": 360,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 40},
        "shapes": shapes,
        "annotations": annotations,
        "yaxis": {"title": {"text": "GB"}, "rangemode": "tozero"},
        "xaxis": {
            "type": "date",
            "range": opening,
            "rangeselector": {
                "x": 0,
                "y": 1.02,
                "yanchor": "bottom",
                "buttons": [
                    {"count": RECENT_DAYS, "label": escape(_("90 days")), "step": "day", "stepmode": "backward"},
                    {"step": "all", "label": escape(_("All history"))},
                ],
            },
        },
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        "title": {"text": escape(str(deployment.name)), "font": {"size": 13}, "x": 0.5, "y": 0.98},
        # On a phone (static/js/app.js): the legend under the chart, out of the range buttons' way; the page's
        # heading already names the deployment.
        "meta": {
            "narrow": {
                "title": {"text": ""},
                "legend": {"x": 0, "xanchor": "left", "y": -0.15, "yanchor": "top"},
                "margin": {"l": 50, "r": 10, "t": 40, "b": 90},
                "height": 400,
            }
        },
    }
    return figure(traces, layout)


def fleet_histogram_figure(*, days_to_full: list[float]) -> dict:
    """How many deployments fill within how many days."""
    # Binned here, so the page needs only Plotly's basic bundle (bars, no histogram trace).
    counts, edges = np.histogram(np.asarray(days_to_full, dtype=float), bins=30) if days_to_full else ([], [0.0])
    histogram = bar(
        x=[round((lo + hi) / 2, 1) for lo, hi in pairwise(edges)],
        y=[int(c) for c in counts],
        width=[round(hi - lo, 3) for lo, hi in pairwise(edges)],
        marker={"color": "#2f5bd3"},
        name=escape(_("Deployments")),
        hovertemplate=escape(_("%{y} deployments full in about %{x:.0f} days")) + "<extra></extra>",
    )
    layout = {
        "height": 280,
        "margin": {"l": 50, "r": 20, "t": 30, "b": 40},
        "xaxis": {"title": {"text": escape(_("Days until full"))}},
        # A count of deployments: whole-number ticks (Plotly would put 0.5 and 1.5 between small counts).
        "yaxis": {
            "title": {"text": escape(_("Deployments"))},
            "tick0": 0,
            "dtick": max(1, -(-int(max(counts, default=0)) // 5)),
        },
        "title": {"text": escape(_("Deployments by days until full")), "font": {"size": 13}},
    }
    return figure([histogram], layout)

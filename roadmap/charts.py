"""Plotly figures for roadmap pages, written as plain dicts (the tests validate every property with
plotly.graph_objects) and handed to the templates as they are; every label is escaped text."""

from datetime import timedelta
from html import escape

from django.urls import reverse
from django.utils.translation import gettext as _

from core.templatetags.charts import bar, figure, scatter
from roadmap.domain.work import STABILIZATION


def _preemption_bands(preemptions) -> list[dict]:
    """Each preemption's weeks as a light band across the chart."""
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": p.starts_on.isoformat(),
            "x1": p.ends_on.isoformat(),
            "y0": 0,
            "y1": 1,
            "fillcolor": "rgba(197,48,48,0.08)",
            "line": {"width": 0},
        }
        for p in preemptions
    ]


def scenario_timeline_figure(result) -> dict:
    """Baseline vs scenario bars per affected feature, promise dates as markers, preemptions as bands."""
    features: dict[int, str] = {}
    for a in result.impact.affected:
        features.setdefault(a.commitment.feature_id, a.commitment.feature_title)
    ids = list(features)[:25]
    labels = [escape(features[i]) for i in ids]
    traces = []
    for key, name, color in (("baseline", _("Baseline"), "#9aa5b1"), ("scenario", _("Scenario"), "#2f5bd3")):
        plan = getattr(result, key)
        starts, durations, hover = [], [], []
        for i in ids:
            dates = plan.get(i)
            start = dates.start if dates and dates.start else result.today
            eta = dates.eta if dates and dates.eta else result.today + timedelta(days=730)
            starts.append(start.isoformat())
            durations.append(max(1, (eta - start).days) * 86400000)
            hover.append(escape(f"{features[i]}: {start} → {eta}"))
        traces.append(
            bar(
                orientation="h",
                name=name,
                y=labels,
                x=durations,
                base=starts,
                marker={"color": color},
                hovertext=hover,
                hoverinfo="text",
                offsetgroup=key,
            )
        )
    promise_x, promise_y, promise_text = [], [], []
    for a in result.impact.affected:
        if a.commitment.feature_id in ids:
            promise_x.append(a.commitment.promised_date.isoformat())
            promise_y.append(escape(features[a.commitment.feature_id]))
            promise_text.append(escape(f"{a.commitment.customer_name}: {a.commitment.promised_date}"))
    traces.append(
        scatter(
            mode="markers",
            name=_("Promised"),
            x=promise_x,
            y=promise_y,
            marker={"symbol": "diamond", "size": 11, "color": "#c53030"},
            hovertext=promise_text,
            hoverinfo="text",
        )
    )
    shapes = _preemption_bands(result.preemptions)
    layout = {
        "barmode": "group",
        "height": max(260, 60 + 44 * len(ids)),
        "margin": {"l": 220, "r": 20, "t": 30, "b": 40},
        "xaxis": {"type": "date"},
        "yaxis": {"autorange": "reversed"},
        "shapes": shapes,
        "legend": {"orientation": "h", "y": 1.08},
        "title": {"text": escape(_("Baseline vs scenario"))},
        # On a phone the legend goes under the chart, out of the title's way.
        "meta": {"narrow": {**NARROW, "legend": {"y": -0.12, "yanchor": "top"}, "margin": {"l": 8, "b": 80}}},
    }
    return figure(traces, layout)


# On a phone the feature names would take the whole width: the bars keep it, the names are in the hover text
# and in the list under the chart (static/js/app.js applies these overrides to narrow charts).
NARROW = {"yaxis": {"showticklabels": False, "automargin": False}, "margin": {"l": 8}}


def _day_line(day, color: str, label: str, *, side: str = "left") -> tuple[dict, dict]:
    shape = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": day.isoformat(),
        "x1": day.isoformat(),
        "y0": 0,
        "y1": 1,
        "line": {"color": color, "width": 1.5, "dash": "dot"},
    }
    note = {
        "x": day.isoformat(),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": escape(label),
        "showarrow": False,
        "yanchor": "bottom",
        # Today's label sits left of its line and the deadline's right of its own, so close days stay legible.
        "xanchor": "right" if side == "left" else "left",
        "font": {"size": 10, "color": color},
    }
    return shape, note


def roadmap_timeline_figure(
    *, today, features, titles: dict, teams: dict, dates: dict, commitments, deadline=None, preemptions=()
) -> dict:
    """Features by team as bars from start to ETA (each opens its page), promise dates as markers, today, the
    fix deadline and preemption windows."""
    rows = [f for f in features if f.id in dates and dates[f.id].start]
    rows.sort(key=lambda f: (teams.get(f.team_id, ""), dates[f.id].start))
    labels = [escape(f"{teams.get(f.team_id, '')} · {titles.get(f.id, '')}") for f in rows]
    starts, widths, colors, hover = [], [], [], []
    for f in rows:
        d = dates[f.id]
        eta = d.eta or today + timedelta(days=730)
        starts.append(d.start.isoformat())
        widths.append(max(1, (eta - d.start).days) * 86400000)
        colors.append("#b7791f" if f.kind == STABILIZATION else "#2f5bd3")
        hover.append(escape(f"{titles.get(f.id, '')}: {d.start} → {d.eta or '—'}"))
    shown = {f.id: label for f, label in zip(rows, labels, strict=True)}
    px, py, ptext = [], [], []
    for c in commitments:
        if c.feature_id in shown:
            px.append(c.promised_date.isoformat())
            py.append(shown[c.feature_id])
            ptext.append(escape(f"{c.customer_name}: {c.promised_date}"))
    planned = bar(
        orientation="h",
        y=labels,
        x=widths,
        base=starts,
        marker={"color": colors},
        hovertext=hover,
        hoverinfo="text",
        name=escape(_("Planned")),
        customdata=[reverse("roadmap:feature_detail", args=[f.id]) for f in rows],
    )
    promised = scatter(
        mode="markers",
        x=px,
        y=py,
        hovertext=ptext,
        hoverinfo="text",
        marker={"symbol": "diamond", "size": 10, "color": "#c53030"},
        name=escape(_("Promised")),
    )
    shapes, notes = _preemption_bands(preemptions), []
    days = ((today, "#1d2430", _("Today"), "left"), (deadline, "#c53030", _("Fix deadline"), "right"))
    for day, color, label, side in days:
        if day is not None:
            shape, note = _day_line(day, color, label, side=side)
            shapes.append(shape)
            notes.append(note)
    layout = {
        "height": max(300, 80 + 26 * len(rows)),
        "margin": {"l": 300, "r": 20, "t": 40, "b": 40},
        "xaxis": {"type": "date"},
        "yaxis": {"autorange": "reversed", "automargin": True},
        "showlegend": True,
        "legend": {"orientation": "h", "y": 1.08},
        "shapes": shapes,
        "annotations": notes,
        "meta": {"narrow": NARROW},
    }
    return figure([planned, promised], layout)

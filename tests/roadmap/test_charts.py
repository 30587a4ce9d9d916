"""Roadmap figures are plain JSON dicts that plotly.graph_objects accepts with every property valid."""

import json
from datetime import date, timedelta
from html import unescape
from types import SimpleNamespace

import plotly.graph_objects as go

from core.templatetags.charts import chart
from roadmap.charts import roadmap_timeline_figure, scenario_timeline_figure
from roadmap.domain.work import STABILIZATION

TODAY = date(2026, 1, 5)


def _drawn(figure: dict) -> dict:
    html = chart(figure)
    return json.loads(unescape(html.split('data-figure-json="', 1)[1].rsplit('"', 1)[0]))


def test_the_timeline_of_80_features_is_a_valid_plotly_figure_with_escaped_labels():
    features = [
        SimpleNamespace(id=i, team_id=i % 5, kind=STABILIZATION if i % 7 == 0 else "feature") for i in range(80)
    ]
    titles = {i: f"Feature <{i}> & co" for i in range(80)}
    dates = {
        i: SimpleNamespace(start=TODAY + timedelta(days=i), eta=TODAY + timedelta(days=i + 40) if i % 9 else None)
        for i in range(80)
    }
    commitments = [
        SimpleNamespace(feature_id=i, promised_date=TODAY + timedelta(days=30 + i), customer_name=f'Cust "{i}"')
        for i in range(0, 80, 2)
    ]
    figure = roadmap_timeline_figure(
        today=TODAY,
        features=features,
        titles=titles,
        teams={t: f"Team {t}" for t in range(5)},
        dates=dates,
        commitments=commitments,
    )

    go.Figure(figure, skip_invalid=False)
    assert "template" not in figure["layout"]
    bars, promised = figure["data"]
    assert (bars["type"], bars["orientation"], promised["type"]) == ("bar", "h", "scatter")
    assert len(bars["y"]) == 80
    assert bars["y"][0] == "Team 0 · Feature &lt;0&gt; &amp; co"
    assert bars["marker"]["color"][0] == "#b7791f"  # stabilization work
    assert bars["marker"]["color"][1] == "#2f5bd3"
    assert bars["base"][0] == "2026-01-05"
    assert bars["x"][0] == 730 * 86400000  # no ETA yet: drawn to the two-year horizon
    assert bars["x"][1] == 40 * 86400000
    assert promised["hovertext"][0] == "Cust &quot;0&quot;: 2026-02-04"
    assert figure["layout"]["height"] == 80 + 26 * 80
    assert _drawn(figure) == json.loads(json.dumps(figure))


def test_the_scenario_figure_is_a_valid_plotly_figure_with_preemption_bands():
    affected = [
        SimpleNamespace(
            commitment=SimpleNamespace(
                feature_id=i, feature_title=f"F<{i}>", promised_date=TODAY + timedelta(days=20 + i), customer_name="C"
            )
        )
        for i in range(30)
    ]
    baseline = {i: SimpleNamespace(start=TODAY, eta=TODAY + timedelta(days=10 + i)) for i in range(30)}
    result = SimpleNamespace(
        impact=SimpleNamespace(affected=affected),
        today=TODAY,
        baseline=baseline,
        scenario={},
        preemptions=[SimpleNamespace(starts_on=TODAY, ends_on=TODAY + timedelta(weeks=6))],
    )
    figure = scenario_timeline_figure(result)

    go.Figure(figure, skip_invalid=False)
    baseline_bars, scenario_bars, promised = figure["data"]
    assert [t["name"] for t in figure["data"]] == ["Baseline", "Scenario", "Promised"]
    assert len(baseline_bars["y"]) == 25  # the first 25 affected features
    assert baseline_bars["y"][0] == "F&lt;0&gt;"
    assert scenario_bars["x"][0] == 730 * 86400000  # no date in the scenario: drawn to the horizon
    assert promised["marker"]["symbol"] == "diamond"
    (band,) = figure["layout"]["shapes"]
    assert (band["x0"], band["x1"]) == ("2026-01-05", "2026-02-16")
    assert figure["layout"]["title"]["text"] == "Baseline vs scenario"
    assert _drawn(figure) == json.loads(json.dumps(figure))

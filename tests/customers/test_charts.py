"""Capacity figures are plain JSON dicts that plotly.graph_objects accepts with every property valid."""

import json
from datetime import UTC, datetime, timedelta
from html import unescape
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from core.templatetags.charts import chart
from customers.charts import GB, deployment_forecast_figure, fleet_histogram_figure


def _year_of_readings():
    start = datetime(2025, 6, 1, tzinfo=UTC)
    samples = [
        (start + timedelta(days=d), int((100 + 1.5 * d - (80 if d >= 200 else 0)) * GB), None) for d in range(365)
    ]
    forecast = SimpleNamespace(
        capacity_bytes=1000 * GB,
        growth_bytes_per_day=int(1.5 * GB),
        samples_until=samples[-1][0],
        used_bytes=samples[-1][1],
        regime_started_at=start + timedelta(days=200),
        days_to_full=400.0,
        days_to_full_p10=350.0,
        days_to_full_p90=460.0,
    )
    return samples, forecast


def _drawn(figure: dict) -> dict:
    """What static/js/app.js parses: the chart tag's data-figure-json attribute."""
    html = chart(figure)
    return json.loads(unescape(html.split('data-figure-json="', 1)[1].rsplit('"', 1)[0]))


def test_a_deployment_figure_is_a_valid_plotly_figure_drawn_with_plotlyjs_defaults():
    samples, forecast = _year_of_readings()
    deployment = SimpleNamespace(name="eu-<prod> & co", capacity_bytes=1000 * GB)
    figure = deployment_forecast_figure(deployment=deployment, samples=samples, forecast=forecast)

    go.Figure(figure, skip_invalid=False)  # raises on any property Plotly does not know
    assert set(figure) == {"data", "layout"}
    assert "template" not in figure["layout"]  # plotly.py's default template would restyle the page
    assert [t["name"] for t in figure["data"]] == ["Used", "Current regime", "Forecast"]
    assert all(t["type"] == "scatter" for t in figure["data"])
    assert figure["data"][0]["x"][0] == "2025-06-01T00:00:00+00:00"
    assert len(figure["data"][0]["y"]) == 365
    assert figure["layout"]["title"]["text"] == "eu-&lt;prod&gt; &amp; co"
    kinds = [s["type"] for s in figure["layout"]["shapes"]]
    assert kinds == ["rect", "line", "line", "line", "line", "line"]  # P10-P90, regime change, 80/90/100 %, today
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["regime change", "80%", "90%", "100%", "today"]
    start, _end = figure["layout"]["xaxis"]["range"]
    assert start > figure["data"][0]["x"][0]  # opens on the recent days, not the whole year
    assert _drawn(figure) == json.loads(json.dumps(figure))


def test_a_deployment_without_a_forecast_shows_its_readings_and_capacity_lines():
    samples, _forecast = _year_of_readings()
    deployment = SimpleNamespace(name="v", capacity_bytes=500 * GB)
    figure = deployment_forecast_figure(deployment=deployment, samples=samples[:3], forecast=None)
    go.Figure(figure, skip_invalid=False)
    assert [t["name"] for t in figure["data"]] == ["Used"]
    lines = [s for s in figure["layout"]["shapes"] if s.get("xref") == "paper"]
    assert [s["y0"] for s in lines] == pytest.approx([400, 450, 500])
    assert "today" in [a["text"] for a in figure["layout"]["annotations"]]  # and a today line
    assert [b["label"] for b in figure["layout"]["xaxis"]["rangeselector"]["buttons"]] == ["90 days", "All history"]


def test_the_fleet_histogram_is_binned_on_the_server_into_bars():
    figure = fleet_histogram_figure(days_to_full=[3.14159, 40.0, 400.0])
    go.Figure(figure, skip_invalid=False)
    (histogram,) = figure["data"]
    assert histogram["type"] == "bar"  # Plotly's basic bundle draws bars; it has no histogram trace
    assert len(histogram["x"]) == len(histogram["y"]) == 30
    assert sum(histogram["y"]) == 3
    assert histogram["x"][0] < 10 < 390 < histogram["x"][-1]
    assert fleet_histogram_figure(days_to_full=[])["data"][0]["y"] == []
    assert "template" not in figure["layout"]
    assert _drawn(figure) == json.loads(json.dumps(figure))


def test_a_disk_upgrade_shows_as_a_step_in_the_capacity_line():
    start = datetime(2025, 6, 1, tzinfo=UTC)
    samples = [(start + timedelta(days=d), (100 + d) * GB, (500 if d < 40 else 1000) * GB) for d in range(60)]
    deployment = SimpleNamespace(name="v", capacity_bytes=1000 * GB)
    figure = deployment_forecast_figure(deployment=deployment, samples=samples, forecast=None)

    go.Figure(figure, skip_invalid=False)
    capacity = next(t for t in figure["data"] if t["name"] == "Capacity")
    assert capacity["line"]["shape"] == "hv"
    assert capacity["y"][39] == 500
    assert capacity["y"][40] == 1000


def test_the_fleet_histogram_counts_deployments_in_whole_numbers():
    few = fleet_histogram_figure(days_to_full=[10.0, 12.0, 300.0])
    assert few["layout"]["yaxis"]["dtick"] == 1
    many = fleet_histogram_figure(days_to_full=[10.0] * 23 + [300.0])
    assert many["layout"]["yaxis"]["dtick"] == 5
    assert fleet_histogram_figure(days_to_full=[])["layout"]["yaxis"]["dtick"] == 1
    go.Figure(many, skip_invalid=False)

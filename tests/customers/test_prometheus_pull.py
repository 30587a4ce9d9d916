"""The Prometheus pull against a real Prometheus whose history was backfilled with
`promtool tsdb create-blocks-from openmetrics`: daily and hourly steps, a label mapping, a gap, a counter reset,
an unknown deployment, and a second pull that stores nothing new."""

import subprocess
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command

from core.models import Job
from customers.models import CapacitySample
from customers.services.prometheus import PrometheusError, PrometheusSource, prometheus_pull
from tests.factories import CustomerFactory, DeploymentFactory
from tests.monitoring import PROMTOOL, Prometheus, require

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
HOUR, DAY = 3600, 86400
SIZE = 1000 * 1024**3
GAP_DAYS = (10, 11, 12)  # days ago with no free-space readings at all (the exporter was down)


def _raw_times(now: int) -> list[int]:
    """Every 6 h for 35 days, then hourly for the last 2 days (backfilled blocks stay few)."""
    last = now // HOUR * HOUR
    first = (last - 35 * DAY) // (6 * HOUR) * (6 * HOUR)
    return list(range(first, last - 2 * DAY, 6 * HOUR)) + list(range(last - 2 * DAY, last + 1, HOUR))


def _openmetrics(now: int) -> str:
    times = _raw_times(now)
    midnight = now // DAY * DAY
    gap = {(midnight - d * DAY + h * HOUR) for d in GAP_DAYS for h in range(24)}

    def used(t, start, per_day):
        return int(SIZE * (start + per_day * (t - times[0]) / DAY))

    lines = ["# HELP node_filesystem_size_bytes Filesystem size in bytes.", "# TYPE node_filesystem_size_bytes gauge"]
    for labels in (
        'deployment="vantage-eu-1",mountpoint="/data"',
        'deployment="host-7",mountpoint="/data"',
        'deployment="ghost",mountpoint="/data"',
    ):
        lines += [f"node_filesystem_size_bytes{{{labels}}} {SIZE} {t}" for t in times]
    lines += ["# HELP node_filesystem_avail_bytes Free bytes.", "# TYPE node_filesystem_avail_bytes gauge"]
    lines += [
        f'node_filesystem_avail_bytes{{deployment="vantage-eu-1",mountpoint="/data"}} {SIZE - used(t, 0.5, 0.01)} {t}'
        for t in times
        if t not in gap
    ]
    lines += [
        f'node_filesystem_avail_bytes{{deployment="host-7",mountpoint="/data"}} {SIZE - used(t, 0.3, 0.002)} {t}'
        for t in times
    ]
    lines += [f'node_filesystem_avail_bytes{{deployment="ghost",mountpoint="/data"}} {SIZE // 2} {t}' for t in times]
    # A used-bytes counter that restarts from 0 twenty days ago (its exporter lost its state).
    reset_at = midnight - 20 * DAY
    lines += ["# HELP disk_used_bytes_total Bytes used.", "# TYPE disk_used_bytes_total counter"]
    lines += [
        f'disk_used_bytes_total{{deployment="relay-ap-1"}} {(t - times[0]) if t < reset_at else (t - reset_at)} {t}'
        for t in times
    ]
    return "\n".join(lines) + "\n# EOF\n"


@pytest.fixture(scope="module")
def backfilled(tmp_path_factory):
    """One Prometheus for the module, started on the backfilled history (the tests only read it)."""
    require("prometheus")
    require("promtool")
    tmp_path = tmp_path_factory.mktemp("backfill")
    now = int(time.time())
    data = tmp_path / "tsdb"
    source = tmp_path / "history.om"
    source.write_text(_openmetrics(now))
    made = subprocess.run(
        [PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", "-q", str(source), str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    prometheus = Prometheus(tmp_path)
    prometheus.run("global: {scrape_interval: 1m}\nscrape_configs: []\n", data=data)
    yield prometheus, now
    prometheus.stop()


def _deployments():
    vantage = DeploymentFactory(name="vantage-eu-1", customer=CustomerFactory(name="Vantage Bank"), capacity_bytes=SIZE)
    orbit = DeploymentFactory(name="orbit-us-2", customer=CustomerFactory(name="Orbit"), capacity_bytes=SIZE)
    relay = DeploymentFactory(name="relay-ap-1", customer=CustomerFactory(name="Relay"), capacity_bytes=SIZE)
    return vantage, orbit, relay


def test_it_pulls_daily_readings_idempotently_with_gaps_left_open(backfilled):
    prometheus, now = backfilled
    vantage, orbit, _relay = _deployments()
    source = PrometheusSource(url=prometheus.url, mapping={"host-7": "orbit-us-2"}, step="1d", days=30)

    report = prometheus_pull(source=source, now=now)

    assert report.unknown == ["ghost"]
    assert report.deployments == 2
    midnight = now // DAY * DAY
    taken = {
        int(t.timestamp()) for t in CapacitySample.objects.filter(deployment=vantage).values_list("taken_at", flat=True)
    }
    expected = {midnight - d * DAY for d in range(31)} - {midnight - d * DAY for d in GAP_DAYS}
    assert taken == expected  # one reading a day at 00:00 UTC, none made up for the gap
    last = CapacitySample.objects.filter(deployment=vantage).latest("taken_at")
    assert 0 < last.used_bytes < SIZE
    assert last.capacity_bytes == SIZE  # the disk's size, from node_filesystem_size_bytes
    assert CapacitySample.objects.filter(deployment=orbit).count() == 31  # found through the label mapping
    assert report.created == len(expected) + 31
    assert Job.objects.filter(key=f"forecast:deployment:{vantage.pk}").exists()  # re-forecast as after a push

    again = prometheus_pull(source=source, now=now + 60)
    assert again.created == 0
    assert CapacitySample.objects.filter(deployment=vantage).count() == len(expected)


def test_it_pulls_hourly_readings(backfilled):
    prometheus, now = backfilled
    vantage, _orbit, _relay = _deployments()
    report = prometheus_pull(source=PrometheusSource(url=prometheus.url, step="1h", days=1), now=now)
    assert report.created >= 24
    times = sorted(CapacitySample.objects.filter(deployment=vantage).values_list("taken_at", flat=True))
    assert len(times) == 25
    assert all(b - a == timedelta(hours=1) for a, b in pairwise(times))


def test_a_counter_reset_does_not_read_as_space_freed(backfilled):
    prometheus, now = backfilled
    _vantage, _orbit, relay = _deployments()
    source = PrometheusSource(url=prometheus.url, used_query="disk_used_bytes_total", used_kind="counter", days=30)
    prometheus_pull(source=source, now=now)
    used = list(
        CapacitySample.objects.filter(deployment=relay).order_by("taken_at").values_list("used_bytes", flat=True)
    )
    assert len(used) == 31
    assert used == sorted(used)  # grows straight through the reset
    # One byte a second over 30 days, less the day before the reset: what a counter loses at a reset (as increase()).
    assert used[-1] - used[0] == 29 * DAY


def test_it_says_when_prometheus_is_unreachable():
    with pytest.raises(PrometheusError):
        prometheus_pull(source=PrometheusSource(url="http://127.0.0.1:1"), now=time.time())


def test_the_command_pulls_with_the_settings(backfilled, settings, capsys):
    prometheus, _now = backfilled
    vantage, _orbit, _relay = _deployments()
    settings.PLEDGEBOARD = {**settings.PLEDGEBOARD, "PROMETHEUS_URL": prometheus.url}
    call_command("prometheus_pull", "--days", "7")
    assert "new samples for 1 deployments" in capsys.readouterr().out
    assert CapacitySample.objects.filter(deployment=vantage).count() >= 7
    assert datetime.now(UTC) - CapacitySample.objects.filter(deployment=vantage).latest(
        "taken_at"
    ).taken_at < timedelta(days=1)

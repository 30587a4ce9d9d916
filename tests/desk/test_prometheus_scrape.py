"""A real Prometheus scrapes /metrics of gunicorn with several workers (multiprocess counters added up), with the
bearer token, and evaluates the alert rules docs/operations.md gives on Pledgeboard's forecast."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.conftest import _worker_database_url, wait_for
from tests.factories import filling_deployment
from tests.monitoring import PROMTOOL, free_port, require

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
TOKEN = "scrape-token"
OPERATIONS = Path(settings.BASE_DIR) / "docs" / "operations.md"
PAGES = 20


def documented_rules() -> str:
    """The rules block of docs/operations.md (the one after `<!-- alert rules -->`)."""
    text = OPERATIONS.read_text()
    match = re.search(r"<!-- alert rules -->\s*```yaml\n(.*?)```", text, re.S)
    assert match, "docs/operations.md has no alert rules block"
    return match.group(1)


def _fills_in_about_ten_days():
    return filling_deployment(name="vantage-eu-1", customer="Vantage Bank", start=0.55, per_day=0.0065)


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    bind = f"127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(),
        "PLEDGEBOARD_VAR_DIR": str(settings.VAR_DIR),
        "PLEDGEBOARD_TESTING": "true",
        "PLEDGEBOARD_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    (tmp_path / "metrics").mkdir()
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    log = (tmp_path / "gunicorn.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi", "-w", "2", "-b", bind],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return requests.get(f"{url}/accounts/login/", timeout=1).status_code == 200
        except requests.RequestException:
            assert proc.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            return False

    wait_for(up, timeout=60)
    yield port, tmp_path / "metrics"
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def test_the_documented_rules_are_valid(tmp_path):
    require("promtool")
    rules = tmp_path / "rules.yml"
    rules.write_text(documented_rules())
    checked = subprocess.run([PROMTOOL, "check", "rules", str(rules)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_prometheus_scrapes_the_forecasts_from_every_worker(gunicorn, prometheus):
    forecast = _fills_in_about_ten_days()
    assert forecast.days_to_full_p10 < 14
    port, metrics_dir = gunicorn
    for _ in range(PAGES):  # a new connection each time: the workers share them out
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code in (200, 503)
    prometheus.run(
        f"""
global: {{scrape_interval: 1s, evaluation_interval: 1s}}
scrape_configs:
  - job_name: pledgeboard
    metrics_path: /metrics
    authorization: {{credentials: {TOKEN}}}
    static_configs: [{{targets: ['127.0.0.1:{port}']}}]
""",
        rules=documented_rules(),
    )
    wait_for(lambda: prometheus.query('up{job="pledgeboard"} == 1'), timeout=30)
    [days] = wait_for(lambda: prometheus.query('pledgeboard_days_to_full_p10{deployment="vantage-eu-1"}'), timeout=30)
    assert days["metric"]["customer"] == "Vantage Bank"
    assert float(days["value"][1]) == pytest.approx(forecast.days_to_full_p10 - 1, abs=0.1)
    assert prometheus.query("pledgeboard_promises_late")
    checks = prometheus.query('sum(pledgeboard_http_requests_total{view="healthz",method="GET"})')
    assert float(checks[0]["value"][1]) == PAGES  # every one counted, whichever worker answered it
    alert = wait_for(
        lambda: [a for a in prometheus.alerts() if a["labels"]["alertname"] == "PledgeboardDeploymentFillsSoon"],
        timeout=30,
    )[0]
    assert alert["labels"]["deployment"] == "vantage-eu-1"
    assert alert["state"] in ("pending", "firing")
    print(f"worker counter files: {sorted(p.name for p in metrics_dir.glob('counter_*.db'))}")

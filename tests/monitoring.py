"""A real Prometheus and Alertmanager (Debian's `prometheus`, `prometheus-alertmanager`) on loopback for one test.

CI installs both (.ci/run) and a missing one fails the test there; elsewhere the test is skipped.
"""

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import suppress
from pathlib import Path

import pytest

from tests.conftest import IN_CI

PROMETHEUS = shutil.which("prometheus")
PROMTOOL = shutil.which("promtool")
ALERTMANAGER = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")


def require(*tools: str) -> None:
    found = {"prometheus": PROMETHEUS, "promtool": PROMTOOL, "alertmanager": ALERTMANAGER}
    missing = [name for name in tools if not found[name]]
    if missing:
        if IN_CI:
            pytest.fail(f"CI must have {', '.join(missing)} (apt-get install prometheus prometheus-alertmanager)")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install prometheus prometheus-alertmanager)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str, timeout: float = 5) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return json.loads(answer.read())


class Server:
    """One monitoring process with its own folder; stopped (and its log shown on failure) by the fixture."""

    def __init__(self, name: str, tmp: Path):
        self.name, self.tmp = name, tmp / name
        self.tmp.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def write(self, filename: str, text: str) -> Path:
        path = self.tmp / filename
        path.write_text(text)
        return path

    def log(self) -> str:
        path = self.tmp / "log"
        return path.read_text()[-4000:] if path.exists() else ""

    def start(self, args: list[str], timeout: float = 30) -> None:
        self.proc = subprocess.Popen(args, stdout=(self.tmp / "log").open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with suppress(OSError), urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as answer:
                if answer.status == 200:
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"{self.name} did not start:\n{self.log()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Prometheus(Server):
    def __init__(self, tmp: Path):
        super().__init__("prometheus", tmp)

    def run(self, config: str, *, rules: str = "", data: Path | None = None) -> None:
        if rules:
            config += f"\nrule_files: ['{self.write('rules.yml', rules)}']\n"
        self.start(
            [
                PROMETHEUS,
                f"--config.file={self.write('prometheus.yml', config)}",
                f"--storage.tsdb.path={data or self.tmp / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--rules.alert.resend-delay=1s",
                "--storage.tsdb.retention.time=5y",
                "--log.level=warn",
            ]
        )

    def query(self, promql: str) -> list[dict]:
        answer = get_json(f"{self.url}/api/v1/query?{urllib.parse.urlencode({'query': promql})}")
        assert answer["status"] == "success", answer
        return answer["data"]["result"]

    def alerts(self) -> list[dict]:
        return get_json(f"{self.url}/api/v1/alerts")["data"]["alerts"]


class Alertmanager(Server):
    def __init__(self, tmp: Path):
        super().__init__("alertmanager", tmp)

    def run(self, config: str) -> None:
        self.start(
            [
                ALERTMANAGER,
                f"--config.file={self.write('alertmanager.yml', config)}",
                f"--storage.path={self.tmp / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--cluster.listen-address=",
                "--log.level=warn",
            ]
        )

    def notifications(self) -> float:
        """Webhook notifications Alertmanager has sent so far (its own counter)."""
        with urllib.request.urlopen(f"{self.url}/metrics", timeout=5) as answer:
            text = answer.read().decode()
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("alertmanager_notifications_total{") and 'integration="webhook"' in line
        )

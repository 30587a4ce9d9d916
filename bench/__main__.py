"""`make bench`: run every benchmark, write results as JSON under bench/results/, print a short table.

Each benchmark is a module `bench/<name>.py` with `run(*, scale: str) -> dict`, returning flat figures
(seconds, queries, counts, pass/fail against its goal). Run one alone with `python -m bench <name>`.
"""

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
# Order matters: later benchmarks may rely on the dataset loaded by earlier ones.
BENCHMARKS = [
    "dataset",
    "forecast_accuracy",
    "fleet_forecast",
    "scenario",
    "scoring",
    "pages",
    "frontend",
]


def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit.stdout.strip(),
        "database": os.environ.get("DATABASE_URL", "sqlite").split("@")[-1],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument(
        "--scale",
        choices=["demo", "large", "unseen", "fresh"],
        default="demo",
        help="unseen, fresh: forecast_accuracy on seeds no setting was chosen on (that benchmark only)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for name in args.names or BENCHMARKS:
        if args.scale in ("unseen", "fresh") and name != "forecast_accuracy":
            print(f"- {name}: no {args.scale} scale")
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            print(f"- {name}: not available")
            continue
        started = time.perf_counter()
        figures = module.run(scale=args.scale)
        result = {
            "benchmark": name,
            "scale": args.scale,
            "machine": machine(),
            "wall_seconds": round(time.perf_counter() - started, 3),
            "figures": figures,
        }
        # One file per database, so SQLite and PostgreSQL figures sit side by side.
        from django.db import connection

        path = RESULTS / f"{name}-{args.scale}-{connection.vendor}.json"
        path.write_text(json.dumps(result, indent=2, default=str))
        rows.append((name, result["wall_seconds"], figures))
    for name, seconds, figures in rows:
        summary = ", ".join(f"{k}={v}" for k, v in figures.items() if not isinstance(v, dict | list))
        print(f"{name:<20} {seconds:>8.2f}s  {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A production web tier on loopback for the benchmarks: gunicorn with DEBUG off, a fresh secret key, the
collected, hashed static files and config/gunicorn.conf.py, started in its own process group."""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds in production


def production_env(**extra: str) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PLEDGEBOARD_TESTING": "false",
        **extra,
    }


def _static_collected() -> bool:
    """Whether the collected, compressed static files are newer than every file in static/ (compressing the
    vendored bundles takes about a minute of CPU, which a benchmark need not pay again)."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    newest = max((p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()), default=0.0)
    return manifest.stat().st_mtime >= newest


def gunicorn_start(port: int, *, env: dict, args: tuple[str, ...] = (), quiet: bool = False) -> subprocess.Popen:
    """Collect static files (unless done since static/ last changed), start gunicorn on 127.0.0.1:`port` and
    return once it answers /healthz (the master reads the plan and shares its dates before forking: a few seconds
    on the large dataset)."""
    if not _static_collected():
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        subprocess.run(collect, cwd=ROOT, env=env, check=True)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "config/gunicorn.conf.py", "config.wsgi", "--bind", f"127.0.0.1:{port}", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if quiet else None,
        start_new_session=True,
    )
    for _ in range(240):
        try:
            probe = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=HTTPS)
            urllib.request.urlopen(probe, timeout=2)
            break
        except urllib.error.HTTPError:
            break  # answering (503 only says beat is not running here)
        except OSError:
            time.sleep(0.5)
    return server

import os
import subprocess
import sys

from django.conf import settings

PROD_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x9!k2#prod-like-secret-key-with-enough-entropy-0f3a9c7e5b1d2468ace",
    "DJANGO_ALLOWED_HOSTS": "pledgeboard.example.com",
    "DATABASE_URL": "postgres://pledgeboard@db.example.com:5432/pledgeboard",
    "REDIS_URL": "redis://cache.example.com:6379/0",
}


def _manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(env_overrides)
    env["PLEDGEBOARD_TESTING"] = "false"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_check_deploy_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production():
    env = {**PROD_ENV, "DJANGO_SECRET_KEY": ""}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_fails_loudly_on_a_bad_boolean():
    result = _manage("check", env_overrides={"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_it_fails_loudly_on_a_bad_redis_url():
    result = _manage("check", env_overrides={"REDIS_URL": "localhost:6379"})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def _production_setting(expression: str, **env) -> str:
    result = _manage(
        "shell", "-c", f"from django.conf import settings; print({expression})", env_overrides={**PROD_ENV, **env}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_it_marks_every_cookie_secure_in_production():
    names = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE")
    assert _production_setting(", ".join(f"settings.{n}" for n in names)) == "True True True"


def test_it_closes_the_api_schema_and_docs_in_production_unless_opened():
    assert _production_setting("settings.API_DOCS_PUBLIC") == "False"
    assert _production_setting("settings.API_DOCS_PUBLIC", PLEDGEBOARD_API_DOCS_PUBLIC="true") == "True"


def test_it_fails_loudly_on_a_bad_sample_floor():
    result = _manage("check", env_overrides={"PLEDGEBOARD_SAMPLE_FLOOR": "last year"})
    assert result.returncode != 0
    assert "PLEDGEBOARD_SAMPLE_FLOOR='last year' is not a date" in result.stderr

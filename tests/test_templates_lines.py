"""No template line is longer than djLint's max_line_length (pyproject.toml): long lines hide what a diff changes."""

import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LIMIT = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["djlint"]["max_line_length"]
TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*") if p.is_file())


def test_the_limit_is_the_one_the_linter_is_told():
    assert LIMIT == 200


def test_no_template_line_is_longer_than_the_limit():
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > LIMIT
    ]
    assert TEMPLATES
    assert not long_lines, "\n".join(long_lines)

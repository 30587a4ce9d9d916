"""The Chinese catalog is complete, compiled, and used by the pages."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR, "locale", "zh_Hans", "LC_MESSAGES", "django.po")
MO = PO.with_suffix(".mo")


def test_it_translates_every_message():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "translated messages" in result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_it_ships_a_compiled_catalog_that_matches_the_sources():
    assert MO.exists()
    assert MO.stat().st_mtime >= PO.stat().st_mtime - 1
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(PO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Commitment check", "承诺检查"),
        ("Stabilization", "稳定性专项"),
        ("EB · decision maker", "EB · 决策者"),
        ("TB · technical buyer", "TB · 技术评估者"),
        ("UB · daily user", "UB · 使用者"),
        ("commitment", "承诺"),
    ],
)
def test_it_keeps_the_agreed_domain_labels(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


@pytest.mark.django_db
def test_it_renders_pages_in_chinese_for_a_user_who_chose_it(client, pm_user):
    from tests.factories import CustomerFactory

    CustomerFactory(name="华东制造集团")
    client.force_login(pm_user)
    client.post("/language/", {"language": "zh-hans"})
    page = client.get("/customers/").content.decode()
    assert "客户" in page
    assert "华东制造集团" in page
    assert "Download CSV" not in page
    assert "下载 CSV" in page


def test_chinese_pages_group_large_numbers():
    from django.template import Context, Template

    with translation.override("zh-hans"):
        rendered = Template("{% load humanize %}{{ v|floatformat:0|intcomma }}").render(Context({"v": 1107000.0}))
    assert rendered == "1,107,000"

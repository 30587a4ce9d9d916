"""In Chinese, charts speak Chinese too: date axes read 2027年1月 / 1月5日 (Plotly's zh-CN locale, with month
formats a Chinese reader expects), the footer names each language in its own language, and on a phone the roadmap
keeps its width for the bars."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 2027年, 2027年1月, 1月5日, and a first tick that carries its year on a second line: 11月29日 + 2026年.
CHINESE_DATE = re.compile(r"(\d{4}年)?(\d{1,2}月)?(\d{1,2}日)?(\d{4}年)?")
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def _ticks(page, axis: str = "xtick") -> list[str]:
    page.wait_for_selector(f".main-svg .{axis} text")
    return page.evaluate(f"Array.from(document.querySelectorAll('.{axis} text')).map(t => t.textContent)")


def _chinese(session):
    page = session.go("/")
    page.click("footer button[value=zh-hans]")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "zh-hans"
    return page


def test_date_axes_and_the_footer_read_chinese(session_for):
    from customers.models import Deployment

    leadership = session_for("leadership")
    page = _chinese(leadership)
    switcher = [b.inner_text() for b in page.locator("footer form.lang button").all()]
    assert switcher == ["English", "简体中文"]
    assert "英语" not in page.inner_text("footer")

    page = leadership.go("/roadmap/")
    ticks = _ticks(page)
    assert ticks, "the roadmap has a date axis"
    assert all(CHINESE_DATE.fullmatch(t) and ("年" in t or "月" in t) for t in ticks), ticks
    notes = page.evaluate("Array.from(document.querySelectorAll('.annotation-text')).map(t => t.textContent)")
    assert "今天" in notes
    assert "修复截止日" in notes
    leadership.shot("zh-roadmap")

    page = leadership.go(f"/customers/deployments/{Deployment.objects.get(name='vantage-prod').pk}/")
    ticks = _ticks(page)
    assert any("月" in t for t in ticks), ticks
    assert not any(ENGLISH_MONTHS.search(t) for t in ticks), ticks
    leadership.shot("zh-deployment")
    assert leadership.errors == [], "\n".join(leadership.errors)


def test_the_roadmap_on_a_phone_keeps_its_width_for_the_bars(session_for):
    from customers.models import Deployment

    presales = session_for("presales")
    presales.page.set_viewport_size({"width": 390, "height": 844})
    page = presales.go(f"/customers/deployments/{Deployment.objects.get(name='vantage-prod').pk}/")
    page.wait_for_selector(".main-svg .legend")
    plot = page.locator(".main-svg .draglayer .nsewdrag").first.bounding_box()
    legend = page.locator(".main-svg .legend").first.bounding_box()
    assert legend["y"] > plot["y"] + plot["height"]  # under the chart, clear of the range buttons above it
    page = presales.go("/roadmap/")
    page.wait_for_selector(".main-svg .xtick text")
    assert page.locator(".main-svg .ytick text").count() == 0  # the names are in the list under the chart
    plot = page.locator(".main-svg .draglayer .nsewdrag").first.bounding_box()
    assert plot["width"] > 250
    page.set_viewport_size({"width": 1366, "height": 900})
    page = presales.go("/roadmap/")
    page.wait_for_selector(".main-svg .ytick text")
    assert page.locator(".main-svg .ytick text").count() > 5
    assert presales.errors == [], "\n".join(presales.errors)

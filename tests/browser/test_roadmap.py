"""The roadmap chart is a way in: a bar opens its feature, and the list under the chart links every feature."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_roadmap_bar_opens_its_feature(session_for):
    session = session_for("presales")
    page = session.go("/roadmap/")
    page.wait_for_selector("#timeline .main-svg")
    assert page.locator("#timeline-list a").count() > 0
    page.locator("#timeline .barlayer .point path").first.click(force=True)
    page.wait_for_url("**/roadmap/features/*/")
    assert "P50 / P85" in page.content()
    assert session.errors == []

"""What a new user meets walking the product: nothing cut off, the decision in view on a phone, links onward."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_figures_are_not_cut_off_on_a_wide_screen(session_for):
    session = session_for("pm")
    session.page.set_viewport_size({"width": 1366, "height": 900})
    page = session.go("/")
    cut = page.evaluate(
        "[...document.querySelectorAll('.tile .value')]"
        ".filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent)"
    )
    assert cut == []


def test_a_late_promise_can_be_decided_on_a_phone_without_scrolling_sideways(session_for):
    from roadmap.models import Scenario

    scenario = Scenario.objects.get(name__startswith="Storage stabilization preempts")
    session = session_for("pm")
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go(f"/roadmap/scenarios/{scenario.pk}/")
    move = page.locator("table.impact button", has_text="Move").first
    box = move.bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.locator("table.impact td[data-label]").first.is_visible()


def test_the_feature_page_links_the_customers_who_asked_and_whose_promise_changed(session_for):
    from roadmap.models import Feature

    feature = Feature.objects.get(title="Offline sync for mobile (yy)")
    session = session_for("pm")
    page = session.go(f"/roadmap/features/{feature.pk}/")
    requests = page.locator("section:has(h2:text-is('Requests')) li a")
    assert requests.count() >= 1
    history = page.locator("section:has(h2:text-is('History of its promises')) li a")
    assert history.count() >= 1
    history.first.click()
    page.wait_for_load_state("networkidle")
    assert "/customers/" in page.url


def test_a_priority_row_opens_the_feature_page_and_an_incident_row_the_incident(session_for):
    from roadmap.services.scoring import scores_recompute_all

    scores_recompute_all()
    session = session_for("pm")
    page = session.go("/roadmap/priorities/")
    page.locator("tr[data-feature] summary").nth(1).click()
    page.locator("tr[data-feature] details[open] a", has_text="Open the feature's page").click()
    page.wait_for_load_state("networkidle")
    assert "/roadmap/features/" in page.url
    page = session.go("/roadmap/priorities/?tab=incidents")
    page.locator("tr[id^=incident-] summary").first.click()
    page.locator("tr[id^=incident-] details[open] a", has_text="Open the incident's page").click()
    page.wait_for_load_state("networkidle")
    assert "/incidents/" in page.url

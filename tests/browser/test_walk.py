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

    feature = Feature.objects.get(title="Offline sync for mobile")
    session = session_for("pm")
    page = session.go(f"/roadmap/features/{feature.pk}/")
    requests = page.locator("section:has(h2:text-is('Requests')) li a")
    assert requests.count() >= 1
    history = page.locator("section:has(h2:text-is('History of its promises')) li a")
    assert history.count() >= 1
    with page.expect_navigation():
        history.first.click()
    assert "/customers/" in page.url


def test_a_priority_row_opens_the_feature_page_and_an_incident_row_the_incident(session_for):
    from roadmap.services.scoring import scores_recompute_all

    scores_recompute_all()
    session = session_for("pm")
    page = session.go("/roadmap/priorities/")
    page.locator("tr[data-feature] summary").nth(1).click()
    with page.expect_navigation():
        page.locator("tr[data-feature] details[open] a", has_text="Open the feature's page").click()
    assert "/roadmap/features/" in page.url
    page = session.go("/roadmap/priorities/?tab=incidents")
    page.locator("tr[id^=incident-] summary").first.click()
    with page.expect_navigation():
        page.locator("tr[id^=incident-] details[open] a", has_text="Open the incident's page").click()
    assert "/incidents/" in page.url


def test_customer_incident_and_home_pages_link_every_feature_and_customer_they_show(session_for):
    from customers.models import Customer
    from incidents.models import Incident

    session = session_for("leadership")
    page = session.go("/")
    session.page.set_viewport_size({"width": 1366, "height": 900})
    page = session.go("/customers/fleet/")
    with page.expect_navigation():
        page.click('#fix-truth a:text-is("Open the fix\'s page")')
    assert "Storage stabilization" in page.locator("h1").inner_text()

    umbra = Customer.objects.get(name="Umbra Securities")
    page = session.go(f"/customers/{umbra.pk}/")
    with page.expect_navigation():
        page.click("a:text-is('Offline sync for mobile')")
    assert "/roadmap/features/" in page.url

    vantage = Incident.objects.get(title="Vantage: disk full, nobody can work")
    page = session.go(f"/incidents/{vantage.pk}/")
    at_risk = page.locator("section:has(h2:text-is('Promises at risk at these customers')) tbody tr").first
    with page.expect_navigation():
        at_risk.locator("td").nth(1).locator("a").click()
    assert "/customers/" in page.url
    page = session.go(f"/incidents/{vantage.pk}/")
    with page.expect_navigation():
        page.click("a:text-is('Storage stabilization: image compression, then external storage')")
    assert "/roadmap/features/" in page.url
    assert session.errors == []


def test_promises_on_a_phone_show_date_chance_and_edit_without_scrolling_sideways(session_for):
    from customers.models import Customer
    from roadmap.models import Feature

    feature = Feature.objects.get(title="Offline sync for mobile")
    umbra = Customer.objects.get(name="Umbra Securities")
    session = session_for("pm")
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go(f"/roadmap/features/{feature.pk}/")
    edit = page.locator("details[id^=edit-c] summary").first
    box = edit.bounding_box()
    assert box["x"] + box["width"] <= 390
    edit.click()
    page.wait_for_selector("details[id^=edit-c] form button[type=submit]")
    save = page.locator("details[id^=edit-c] form button[type=submit]").first.bounding_box()
    assert save["x"] + save["width"] <= 390
    page = session.go(f"/customers/{umbra.pk}/")
    chance = page.locator("table.stack td[data-label='Chance on time']").first
    assert chance.is_visible()
    box = chance.bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert session.errors == []


def test_leadership_open_the_severe_incidents_from_home_and_a_deployment_names_its_customer_with_a_link(session_for):
    from customers.models import Deployment

    session = session_for("leadership")
    page = session.go("/")
    with page.expect_navigation():
        page.click("a.tile:has-text('open SEV1/SEV2 incidents')")
    assert "severity=severe" in page.url
    assert "Vantage: disk full, nobody can work" in page.content()
    deployment = Deployment.objects.get(name="vantage-prod")
    page = session.go(f"/customers/deployments/{deployment.pk}/")
    with page.expect_navigation():
        page.click("h1 a:text-is('Vantage Logistics')")
    assert page.url.endswith(f"/customers/{deployment.customer_id}/")
    assert session.errors == []


def test_compare_with_one_saved_scenario_says_how_to_get_a_second(session_for):
    session = session_for("pm")
    page = session.go("/roadmap/scenarios/compare/")
    assert "Comparing needs two saved scenarios" in page.locator(".empty").inner_text()
    with page.expect_navigation():
        page.click(".empty a")
    assert page.url.endswith("/roadmap/scenarios/")


def test_what_would_move_a_feature_to_first_opened_on_its_own_is_a_whole_page(session_for):
    from roadmap.models import Feature
    from roadmap.services.scoring import scores_recompute_all

    scores_recompute_all()
    feature = Feature.objects.get(title="Offline sync for mobile")
    session = session_for("presales")
    page = session.go(f"/roadmap/priorities/features/{feature.pk}/to-first/")
    assert page.locator("header.topbar").is_visible()
    assert page.locator("h1").inner_text() == "What would move this to #1?"
    page = session.go("/roadmap/priorities/")
    page.locator(f"#feature-{feature.pk} summary").click()
    page.locator(f"#feature-{feature.pk} a.button", has_text="What would move this to #1?").click()
    page.wait_for_selector(f"#to-first-{feature.pk} .card")
    assert page.locator("header.topbar").count() == 1
    assert session.errors == []


def test_presales_see_their_requests_before_the_features_on_a_phone(session_for):
    session = session_for("presales")
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go("/")
    mine = page.locator("#my-requests").bounding_box()
    features = page.locator("#promisable").bounding_box()
    assert mine["y"] < features["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_request_queue_reads_on_a_phone_and_says_where_requests_come_from(session_for):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from roadmap.models import Feature
    from roadmap.services.commitments import commitment_request

    session = session_for("pm")
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go("/roadmap/requests/")
    assert "Presales ask for a commitment from Check a date" in page.locator(".empty").inner_text()
    commitment_request(
        feature_id=Feature.objects.get(title="Version history for notes").pk,
        customer_name="Umbra Securities",
        promised_date=timezone.localdate() + timedelta(days=200),
        user=get_user_model().objects.get(username="presales"),
    )
    page = session.go("/roadmap/requests/")
    approve = page.locator("button[value=approve]").first.bounding_box()
    assert approve["x"] + approve["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_navigation():
        page.click("a:text-is('Umbra Securities')")
    assert "/customers/" in page.url


def test_a_scenario_is_edited_on_a_phone_with_every_field_in_view(session_for):
    from roadmap.models import Scenario

    scenario = Scenario.objects.get(name__startswith="Storage stabilization preempts")
    session = session_for("pm")
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go(f"/roadmap/scenarios/{scenario.pk}/edit/")
    for selector in ("#sc-name", "select[name=team_0]", "input[name=weeks_0]", "input[name=starts_on_0]"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0, selector
        assert box["x"] + box["width"] <= 390, selector
    assert page.locator("#sc-name").bounding_box()["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_presales_are_not_told_to_save_a_scenario_they_cannot_save(session_for):
    session = session_for("presales")
    page = session.go("/roadmap/scenarios/compare/")
    text = page.locator(".empty").inner_text()
    assert "product managers save them" in text
    assert "save another one" not in text


@pytest.mark.parametrize("username", ["pm", "presales"])
def test_the_home_promise_tables_show_every_date_on_a_phone(session_for, username):
    session = session_for(username)
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go("/")
    cells = page.locator("table.stack td[data-label]")
    assert cells.count() >= 2
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 390

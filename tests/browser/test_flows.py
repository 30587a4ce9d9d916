"""The product's main journeys in a real Chromium: PM, presales and leadership."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_pm_run_the_storage_scenario_and_decide_on_a_promise(session_for):
    pm = session_for("pm")
    page = pm.go("/")
    assert "Today" in page.content()
    page = pm.go("/customers/fleet/")
    assert "vantage-prod" in page.content()
    page = pm.go("/roadmap/scenarios/")
    page.fill("#sc-name", "Storage stabilization preempts Storage & Sync")
    page.select_option("#sc-team", label="Storage & Sync")
    page.select_option("#sc-share", "1.0")
    page.fill("#sc-weeks", "6")
    page.dispatch_event("#sc-weeks", "change")
    page.wait_for_selector("#whatif .tiles")
    page.wait_for_selector("#whatif .main-svg")  # charts are drawn after htmx swaps too
    pm.shot("pm-scenario-preview")
    page.click("text=Save scenario")
    page.wait_for_selector("table.impact")
    html = page.content()
    for text in [
        "Shared team spaces (xx)",
        "Offline sync for mobile (yy)",
        "Westlake Medical",
        "Umbra Securities",
        "Dr. Huang Fang",
        "late",
    ]:
        assert text in html
    row = page.locator("tr", has_text="Westlake Medical").first
    row.locator("button[value=move]").click()
    page.wait_for_selector("text=Notice to Dr. Huang Fang")
    pm.shot("pm-scenario-decided")
    page.click("text=Accept scenario and apply decisions")
    page.wait_for_selector("text=Scenario accepted")
    assert pm.errors == []


def test_it_lets_presales_check_a_date_and_request_a_commitment_but_not_plan_scenarios(session_for):
    presales = session_for("presales")
    page = presales.go("/roadmap/check/?q=offline")
    page.click("text=Offline sync for mobile (yy)")
    page.wait_for_selector("text=P85: safe to promise")
    assert "Umbra Securities" in page.content()
    page.fill("#r-customer", "Westlake Medical")
    page.fill("#r-persona", "Ma Jun")
    page.click("text=Send request")
    page.wait_for_selector("text=Request sent")
    presales.shot("presales-check")
    page = presales.go("/roadmap/scenarios/")
    assert "Save scenario" not in page.content()
    response = page.request.post(f"{presales.base_url}/roadmap/scenarios/new/", form={"name": "x"})
    assert response.status == 403
    assert presales.errors == []


def test_it_shows_leadership_the_weekly_review(session_for):
    leadership = session_for("leadership")
    page = leadership.go("/")
    assert page.locator("nav.mainnav a").first.inner_text() == "Review"  # leadership's page comes first
    page = leadership.go("/review/weekly/")
    assert page.locator("h1").count() == 1
    assert "ARR at risk" in page.content()
    assert "vantage-prod" in page.content()
    leadership.shot("leadership-review")
    assert leadership.errors == []


def test_it_switches_to_chinese_and_keeps_it_across_pages(session_for):
    pm = session_for("pm")
    page = pm.go("/")
    page.click("footer button[value=zh-hans]")
    page.wait_for_load_state("networkidle")
    assert "今天" in page.content()
    for path, text in [
        ("/customers/", "客户"),
        ("/incidents/", "事件"),
        ("/customers/fleet/", "全部部署容量"),
        ("/roadmap/scenarios/", "场景"),
        ("/review/weekly/", "周报"),
    ]:
        page = pm.go(path)
        assert text in page.content(), path
        pm.shot(f"zh{path.replace('/', '-').rstrip('-')}")
    page.click("footer button[value=en]")
    page.wait_for_load_state("networkidle")
    assert "Weekly review" in page.content()
    assert pm.errors == []


def test_it_passes_the_content_security_policy_on_every_main_page(session_for):
    pm = session_for("pm")
    violations = []
    pm.page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    for path in [
        "/",
        "/customers/",
        "/customers/fleet/",
        "/incidents/",
        "/roadmap/",
        "/roadmap/priorities/",
        "/roadmap/scenarios/",
        "/roadmap/check/",
        "/review/weekly/",
        "/api/docs/",
    ]:
        page = pm.go(path)
        assert page.evaluate("document.readyState") == "complete"
    page = pm.go("/customers/fleet/")
    assert page.locator(".chart .main-svg").count() >= 1
    page.select_option("#f-tier", "strategic")
    page.wait_for_selector("#fleet .chart .main-svg")
    page = pm.go("/customers/")
    page.click("text=Vantage Logistics")
    page.mouse.wheel(0, 3000)
    page.wait_for_selector(".deployment-forecast .main-svg")
    assert violations == []
    assert pm.errors == []

"""The product's main journeys in a real Chromium: PM, presales and leadership."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _text(page, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


def test_the_whole_decision_loop_from_scenario_to_notice_and_back(session_for, mailoutbox):
    """Scenario -> decide each late promise -> accept -> every page agrees -> send a notice -> revert -> all back."""
    from roadmap.models import Commitment, Feature

    pm = session_for("pm")
    pm.page.on("dialog", lambda dialog: dialog.accept())
    page = pm.go("/")
    assert "The committed plan misses the fleet deadline" in page.content()
    fix_before = _text(page, "#fix-truth")
    pm.shot("loop-1-home-before")
    westlake_xx = Commitment.objects.get(customer__name="Westlake Medical", feature__title="Shared team spaces")
    promised_before = westlake_xx.promised_date

    page = pm.go("/roadmap/scenarios/")
    page.fill("#sc-name", "Storage & Sync on the fix for 6 weeks")
    page.select_option(
        "#sc-stab", label="Storage stabilization: image compression, then external storage · Storage & Sync"
    )
    page.select_option("select[name=team_0]", label="Storage & Sync")
    page.select_option("select[name=share_0]", "1.00")
    page.fill("input[name=weeks_0]", "6")
    page.dispatch_event("input[name=weeks_0]", "change")
    page.wait_for_selector("#whatif .tiles")
    page.wait_for_selector("#whatif .main-svg")
    page.click("text=Save scenario")
    page.wait_for_selector("table.impact")
    scenario_url = page.url
    assert "The fix ships" in page.content()
    pm.shot("loop-2-scenario-draft")
    late_rows = page.locator("table.impact tbody tr")
    assert late_rows.count() >= 2
    for k in range(late_rows.count()):
        late_rows.nth(k).locator("button[value=move]").click()
        page.wait_for_selector(f"table.impact tbody tr:nth-child({k + 1}) .decision details")
    assert "Notice to Dr. Huang Fang" in page.content()
    moved_to = page.locator("tr", has_text="Westlake Medical").first.locator("input[name=new_date]").input_value()
    pm.shot("loop-3-scenario-decided")

    page.click("text=Review and accept…")
    page.wait_for_selector("text=The committed plan will change")
    assert "Move Shared team spaces for Westlake Medical" in " ".join(page.content().split())
    pm.shot("loop-4-accept-confirm")
    page.fill("#ac-reason", "Disk full at Vantage")
    page.click("text=Accept and commit the plan")
    page.wait_for_selector("text=it is now the committed plan")
    scenario_fix = _text(page, "#impact .truth")
    pm.shot("loop-5-scenario-accepted")

    # Every page now reads the committed plan the scenario made.
    assert Commitment.objects.get(pk=westlake_xx.pk).promised_date.isoformat() == moved_to
    page = pm.go("/")
    fix_after = _text(page, "#fix-truth")
    assert fix_after != fix_before
    eta = scenario_fix.split("ships ")[1].split(":")[0].strip()
    assert eta in fix_after  # Home's fix date is the accepted scenario's
    pm.shot("loop-6-home-after")
    page = pm.go(f"/customers/{westlake_xx.customer_id}/")
    assert moved_to in page.content()
    xx = Feature.objects.get(title="Shared team spaces")
    page = pm.go(f"/roadmap/check/?feature={xx.pk}")
    assert moved_to in page.content()  # the date we moved to is the committed plan's P85
    page = pm.go("/review/weekly/")
    assert "Storage &amp; Sync on the fix for 6 weeks" in page.content()
    assert "Disk full at Vantage" in page.content()
    pm.shot("loop-7-review-after")

    # Send the notice to Westlake: every EB, the TB in copy.
    page = pm.go(scenario_url.replace(pm.base_url, ""))
    assert "notices outstanding" in page.content()
    row = page.locator("tr", has_text="Westlake Medical").first
    row.locator("button[name=send]").click()
    page.wait_for_selector("text=sent ")
    [mail] = mailoutbox
    assert mail.to == ["fang@westlake.example.com"]
    assert mail.cc == ["jun@westlake.example.com"]
    assert "Shared team spaces" in mail.subject

    # Revert: the plan and the promises are back.
    page.click("text=Revert this scenario…")
    page.fill("#rv-reason", "Clean-up bought time")
    page.click("button:has-text('Revert')")
    page.wait_for_selector("text=Scenario reverted")
    pm.shot("loop-8-scenario-reverted")
    assert Commitment.objects.get(pk=westlake_xx.pk).promised_date == promised_before
    page = pm.go("/")
    assert _text(page, "#fix-truth") == fix_before
    assert pm.errors == []


def test_it_lets_presales_check_a_date_and_request_a_commitment_but_not_plan_scenarios(session_for):
    presales = session_for("presales")
    page = presales.go("/roadmap/check/?q=offline")
    page.click("text=Offline sync for mobile")
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

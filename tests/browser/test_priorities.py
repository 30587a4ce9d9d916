"""The priorities page in a real Chromium: the storage fix ranks first as expedite work; a PM previews and saves
new weights; presales read the policy without the editor."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pm_sees_the_storage_fix_first_then_previews_and_saves_new_weights(session_for):
    from roadmap.models import ScoringPolicy
    from roadmap.services.scoring import scores_recompute_all

    scores_recompute_all()
    pm = session_for("pm")
    page = pm.go("/roadmap/priorities/")
    first = page.locator("tbody tr").first
    assert "Storage stabilization" in first.inner_text()
    assert "expedite" in first.inner_text()
    page = pm.go("/roadmap/priorities/policy/")
    page.fill("input[name='vip']", "5")
    page.click("button[hx-post]")
    page.wait_for_selector("#policy-preview h3")
    assert "Preview: nothing is saved yet" in page.content()
    page.fill("#id_name", "VIPs weigh more")
    page.fill("#id_reason", "Renewals hinge on the executives who use it.")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=Saved as policy v2")
    assert ScoringPolicy.objects.get(is_active=True).weights == {"vip": 5.0}
    pm.shot("priorities-policy-saved")
    assert pm.errors == []


def test_presales_read_the_policy_without_the_editor(session_for):
    presales = session_for("presales")
    page = presales.go("/roadmap/priorities/policy/")
    assert "Only product managers change the weights." in page.content()
    assert page.locator("input[name='vip']").count() == 0
    assert presales.errors == []

"""The incident page in a real browser: read-only for presales, inline timeline edits for PMs."""

import pytest

pytestmark = pytest.mark.browser


def test_it_shows_presales_an_incident_without_edit_controls(session_for):
    presales = session_for("presales")
    page = presales.open_incident()
    assert page.locator("#timeline form").count() == 0
    assert "Add to timeline" not in page.content()
    assert "Change status" not in page.content()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(page.url + "update/", form={"status": "resolved"}, headers={"X-CSRFToken": token})
    assert response.status == 403
    presales.shot("pages-presales-incident")
    assert [e for e in presales.errors if "403" not in e] == []


def test_it_shows_a_pm_the_timeline_errors_in_place(session_for):
    pm = session_for("pm")
    page = pm.open_incident()
    page.fill("#t-text", "   ")
    page.locator("#t-text").evaluate("el => el.removeAttribute('required')")
    page.click("text=Add to timeline")
    page.wait_for_selector("#timeline .errorlist")
    page.fill("#t-text", "Images are 80% of storage")
    page.click("text=Add to timeline")
    page.wait_for_selector("text=Images are 80% of storage")
    assert page.locator("#timeline .errorlist").count() == 0
    pm.shot("pages-pm-incident")
    assert [e for e in pm.errors if "422" not in e] == []

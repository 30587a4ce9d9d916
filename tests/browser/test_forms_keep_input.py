"""Presales asks for a promise with a date that cannot be promised: the answer keeps every field, going back keeps
them too, and the corrected request shows under "My requests" with its state."""

from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEATURE = "Version history for notes"


def _fields(page) -> dict:
    return {name: page.input_value(f"#r-{name}") for name in ("customer", "persona", "date", "strength", "note")}


def test_a_refused_request_keeps_its_input_until_it_is_corrected(session_for):
    from django.utils import timezone

    from roadmap.models import Commitment, Feature

    presales = session_for("presales")
    feature = Feature.objects.get(title=FEATURE)
    page = presales.go(f"/roadmap/check/?feature={feature.pk}")
    past = (timezone.localdate() - timedelta(days=10)).isoformat()
    typed = {
        "customer": "Vantage Logistics",
        "persona": "Chen Wei",
        "date": past,
        "strength": "contractual",
        "note": "Needed for the audit in spring",
    }
    page.fill("#r-customer", typed["customer"])
    page.fill("#r-persona", typed["persona"])
    page.fill("#r-date", typed["date"])
    page.select_option("#r-strength", typed["strength"])
    page.fill("#r-note", typed["note"])
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#r-date-error")
    assert "The date must be in the future." in page.inner_text("#r-date-error")
    assert _fields(page) == typed
    assert page.get_attribute("#r-date", "aria-invalid") == "true"
    presales.shot("request-refused")

    page.go_back()
    page.wait_for_load_state("networkidle")
    assert _fields(page) == typed, "going back to the form lost what was typed"

    page = presales.go(f"/roadmap/check/?feature={feature.pk}")
    page.fill("#r-customer", typed["customer"])
    page.fill("#r-persona", typed["persona"])
    page.fill("#r-date", past)
    page.select_option("#r-strength", typed["strength"])
    page.fill("#r-note", typed["note"])
    page.click("#request-form button[type=submit]")
    page.wait_for_selector("#r-date-error")
    later = (timezone.localdate() + timedelta(days=200)).isoformat()
    page.fill("#r-date", later)
    page.click("#request-form button[type=submit]")
    page.wait_for_selector(".message.success")
    assert not Commitment.objects.filter(feature=feature, promised_date=past).exists()
    request = Commitment.objects.get(feature=feature, customer__name="Vantage Logistics")
    assert (request.status, request.strength, request.persona.name, request.note) == (
        "requested",
        "contractual",
        "Chen Wei",
        typed["note"],
    )

    page = presales.go("/")
    row = page.locator("#my-requests tr", has_text=FEATURE)
    assert row.count() == 1
    assert "Vantage Logistics" in row.inner_text()
    assert later in row.inner_text()
    assert "Requested" in row.inner_text()
    presales.shot("request-my-requests")
    unexpected = [e for e in presales.errors if "status of 422" not in e]  # the two refusals are answered with 422
    assert unexpected == [], "\n".join(unexpected)

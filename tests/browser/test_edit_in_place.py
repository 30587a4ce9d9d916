"""A PM edits a customer and adds one of its people on the customer page, in the browser, on a desk and a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _customer_page(session):
    from customers.models import Customer

    customer = Customer.objects.get(name="Vantage Logistics")
    return customer, session.go(f"/customers/{customer.pk}/")


def _unexpected(errors: list[str]) -> list[str]:
    """Console errors other than Chromium's note of the 422 a refused form answers with (by design)."""
    return [e for e in errors if "status of 422" not in e]


def test_a_pm_edits_a_customer_and_adds_a_person_through_the_page(session_for):
    from customers.models import Persona

    pm = session_for("pm")
    customer, page = _customer_page(pm)
    page.click("#edit-customer summary")
    page.wait_for_selector("#customer-edit form")
    page.select_option("#id_tier", "strategic")
    page.fill("#id_arr", "1234567890123456")  # more digits than an ARR keeps
    page.click("#customer-edit button[type=submit]")
    page.wait_for_selector("#customer-edit .errorlist")
    assert page.input_value("#id_arr") == "1234567890123456"  # kept after the refusal
    page.fill("#id_arr", "2400000")
    page.fill("#id_renewal_date", "2027-06-30")
    page.click("#customer-edit button[type=submit]")
    page.wait_for_selector("#profile [role=status]")
    profile = page.inner_text("#profile")
    assert "2,400,000" in profile
    assert "2027-06-30" in profile
    customer.refresh_from_db()
    assert (customer.tier, int(customer.arr), customer.history.first().history_user.username) == (
        "strategic",
        2400000,
        "pm",
    )

    page.click("#add-persona summary")
    page.wait_for_selector("#persona-form-new form")
    page.fill("#persona-new-name", "Zhou Min")
    page.select_option("#persona-new-role", "TB")
    page.check("#persona-new-is_vip")
    page.fill("#persona-new-title", "Head of IT operations")
    page.fill("#persona-new-email", "zhou.min@vantage.example")
    page.fill("#persona-new-phone", "+86 21 6000 1234")
    page.select_option("#persona-new-stance", "supporter")
    page.click("#persona-form-new button[type=submit]")
    page.wait_for_selector("#people [role=status]")
    assert "Zhou Min" in page.inner_text("#people")
    person = Persona.objects.get(customer=customer, name="Zhou Min")
    assert (person.role, person.is_vip, person.stance) == ("TB", True, "supporter")
    pm.shot("customer-edited-1366")
    assert _unexpected(pm.errors) == [], "\n".join(pm.errors)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_customer_forms_fit_a_phone(session_for, language):
    pm = session_for("pm")
    if language != "en":
        pm.go("/").click(f"footer button[value={language}]")
        pm.page.wait_for_load_state("networkidle")
    pm.page.set_viewport_size({"width": 390, "height": 844})
    customer, page = _customer_page(pm)
    page.click("#edit-customer summary")
    page.wait_for_selector("#customer-edit form")
    page.click("#add-persona summary")
    page.wait_for_selector("#persona-form-new form")
    taken = customer.personas.order_by("pk").first().name
    page.fill("#persona-new-name", taken)  # a name the customer already has: the server refuses it
    page.select_option("#persona-new-role", "EB")
    page.click("#persona-form-new button[type=submit]")
    page.wait_for_selector("#persona-form-new .errorlist")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pm.shot(f"customer-forms-390-{language}")
    assert _unexpected(pm.errors) == [], "\n".join(pm.errors)


def test_a_pm_cuts_a_teams_capacity_and_sees_the_promises_it_moves(session_for):
    from roadmap.models import Team

    pm = session_for("pm")
    team = Team.objects.get(name="Storage & Sync")
    page = pm.go("/roadmap/teams/")
    page.click("text=Storage & Sync")
    page.wait_for_load_state("networkidle")
    page.click("#edit-team summary")
    page.wait_for_selector("#team-edit form")
    page.fill("#id_engineers", "1")
    page.click("#team-edit button[type=submit]")
    page.wait_for_selector("#team-edit [role=status]")
    assert "moved" in page.inner_text("#team-edit")
    assert page.inner_text("#team-facts").split()[1] == "1"  # the facts follow the edit
    assert Team.objects.get(pk=team.pk).engineers == 1
    pm.shot("team-edited-1366")
    pm.page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pm.shot("team-edited-390")
    assert _unexpected(pm.errors) == [], "\n".join(pm.errors)


def test_a_pm_files_a_new_incident_from_the_list_on_a_phone(session_for):
    from incidents.models import Incident

    pm = session_for("pm")
    pm.page.set_viewport_size({"width": 390, "height": 844})
    page = pm.go("/incidents/")
    page.click("#new-incident summary")
    page.wait_for_selector("#incident-new form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_title", "Login page times out for every user")
    page.select_option("#id_severity", "SEV2")
    page.select_option("#id_category", "availability")
    page.select_option("#id_deployment", label="Vantage Logistics · vantage-prod")
    pm.shot("incident-new-390")
    page.click("#incident-new button[type=submit]")
    page.wait_for_url("**/incidents/*/")
    assert "Login page times out for every user" in page.inner_text("h1")
    incident = Incident.objects.get(title="Login page times out for every user")
    assert list(incident.customers.values_list("name", flat=True)) == ["Vantage Logistics"]
    assert _unexpected(pm.errors) == [], "\n".join(pm.errors)

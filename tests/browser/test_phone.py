"""Every page fits a 390 px phone: nothing is wider than the screen (wide tables scroll inside their box)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages():
    from customers.models import Customer, Deployment
    from incidents.models import Incident
    from roadmap.models import Feature, Scenario

    customer = Customer.objects.order_by("pk").first()
    feature = Feature.objects.order_by("pk").first()
    scenario = Scenario.objects.order_by("pk").first()
    return [
        "/",
        "/customers/",
        f"/customers/{customer.pk}/",
        "/customers/fleet/",
        f"/customers/deployments/{Deployment.objects.order_by('pk').first().pk}/",
        "/incidents/",
        f"/incidents/{Incident.objects.order_by('pk').first().pk}/",
        "/incidents/inbox/",
        "/roadmap/",
        f"/roadmap/features/{feature.pk}/",
        "/roadmap/teams/",
        f"/roadmap/teams/{feature.team_id}/",
        "/roadmap/priorities/",
        f"/roadmap/check/?feature={feature.pk}",
        "/roadmap/requests/",
        "/roadmap/scenarios/",
        f"/roadmap/scenarios/{scenario.pk}/",
        f"/roadmap/scenarios/{scenario.pk}/accept/",
        "/roadmap/scenarios/compare/",
        f"/roadmap/scenarios/minimum/?feature={scenario.stabilization_feature_id}",
        "/review/weekly/",
        "/search/?q=storage",
        "/data/import/",
        "/connectors/",
    ]


@pytest.mark.parametrize("username", ["pm", "presales", "leadership"])
def test_every_page_fits_a_phone(session_for, username):
    session = session_for(username)
    session.page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    pm_only = ("/accept/", "/data/import/", "/roadmap/requests/")
    for path in _pages():
        if username != "pm" and any(part in path for part in pm_only):
            continue
        page = session.go(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert too_wide == {}
    assert session.errors == [], "\n".join(session.errors)


def test_the_menu_folds_on_a_phone_and_opens(session_for):
    session = session_for("pm")
    session.page.set_viewport_size({"width": 390, "height": 844})
    page = session.go("/")
    assert not page.is_visible("#mainnav")
    page.click(".navtoggle")
    assert page.is_visible("#mainnav a[href='/customers/']")
    page.click("#mainnav a[href='/customers/']")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/customers/")

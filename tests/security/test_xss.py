"""Hostile names are shown as text everywhere: pages, chart data, notices."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from customers.services.forecasts import forecast_refresh
from roadmap.services.scenarios import decision_save, scenario_create
from roadmap.services.scoring import scores_recompute_all
from tests.factories import (
    AffectedCustomerFactory,
    CapacitySampleFactory,
    CommitmentFactory,
    DeploymentFactory,
    PersonaFactory,
)

pytestmark = pytest.mark.django_db
EVIL = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("evil", EVIL)
def test_it_escapes_hostile_names_in_every_page(pm_client, evil):
    commitment = CommitmentFactory(
        feature__title=f"F {evil}", customer__name=f"C {evil}", promised_date=timezone.localdate() + timedelta(days=30)
    )
    customer, feature = commitment.customer, commitment.feature
    persona = PersonaFactory(customer=customer, name=f"P {evil}", role="EB")
    link = AffectedCustomerFactory(customer=customer, incident__title=f"I {evil}")
    deployment = DeploymentFactory(customer=customer, name=f"D {evil}")
    for day in range(10):
        CapacitySampleFactory(
            deployment=deployment, taken_at=timezone.now() - timedelta(days=day), used_bytes=(500 - day) * 1024**3
        )
    forecast_refresh(deployment_id=deployment.pk)
    scenario = scenario_create(
        name=f"S {evil}",
        preemptions=[{"team": feature.team_id, "weeks": 20, "share": 1, "starts_on": timezone.localdate().isoformat()}],
    )
    scores_recompute_all()
    named = {
        "customer": customer.name,
        "feature": feature.title,
        "persona": persona.name,
        "incident": link.incident.title,
        "deployment": deployment.name,
        "scenario": scenario.name,
    }
    # Each page and the hostile names it shows: as text (HTML-escaped), or as a chart's label (escaped for
    # Plotly's HTML labels, then again for the data attribute the figure travels in).
    pages = [
        ("/", ["customer", "incident"], []),
        (f"/customers/{customer.pk}/", ["customer", "feature", "persona", "incident", "deployment"], ["deployment"]),
        ("/customers/", ["customer"], []),
        (f"/incidents/{link.incident.pk}/", ["customer", "feature", "incident"], []),
        ("/incidents/", ["incident"], []),
        (f"/roadmap/scenarios/{scenario.pk}/", ["customer", "feature", "persona", "scenario"], []),
        ("/roadmap/scenarios/", ["scenario"], []),
        ("/roadmap/", ["scenario"], ["feature", "customer"]),
        (f"/roadmap/features/{feature.pk}/", ["customer", "feature"], []),
        (f"/customers/deployments/{deployment.pk}/", ["customer", "deployment"], ["deployment"]),
        ("/customers/fleet/", ["customer", "deployment"], []),
        ("/review/weekly/", ["incident"], []),
        (f"/roadmap/check/?feature={feature.pk}", ["customer", "feature"], []),
        ("/search/?q=alert", ["customer", "feature", "incident"], []),
        ("/roadmap/priorities/", ["feature"], []),
        ("/roadmap/priorities/?tab=incidents", ["incident"], []),
    ]
    for url, as_text, in_charts in pages:
        response = pm_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert evil not in html, url
        for name in as_text:
            assert escape(named[name]) in html, (url, name)
        for name in in_charts:
            assert escape(escape(named[name])) in html, (url, name)
    decision = decision_save(
        scenario=scenario, commitment_id=commitment.pk, action="keep", user=None, reason="<b>we keep</b> & hope"
    )
    assert evil in decision.notice_text  # stored as written ...
    page = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/").content.decode()
    assert evil not in page  # ... and shown escaped
    assert escape(decision.notice_text) in page

"""Hostile names are shown as text everywhere: pages, chart data, notices."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.services.forecasts import forecast_refresh
from roadmap.services.scenarios import decision_save, scenario_create
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
    PersonaFactory(customer=customer, name=f"P {evil}", role="EB")
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
    pages = [
        "/",
        f"/customers/{customer.pk}/",
        "/customers/",
        f"/incidents/{link.incident.pk}/",
        "/incidents/",
        f"/roadmap/scenarios/{scenario.pk}/",
        "/roadmap/scenarios/",
        "/roadmap/",
        f"/roadmap/features/{feature.pk}/",
        f"/customers/deployments/{deployment.pk}/",
        "/customers/fleet/",
        "/review/weekly/",
        f"/roadmap/check/?feature={feature.pk}",
        "/search/?q=alert",
        "/roadmap/priorities/",
    ]
    for url in pages:
        html = pm_client.get(url).content.decode()
        assert evil not in html, url
    decision = decision_save(scenario=scenario, commitment_id=commitment.pk, action="keep", user=None)
    assert evil in decision.notice_text  # stored as written ...
    page = pm_client.get(f"/roadmap/scenarios/{scenario.pk}/").content.decode()
    assert evil not in page  # ... and shown escaped

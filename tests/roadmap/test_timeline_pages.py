import pytest

from tests.factories import CommitmentFactory, PreemptionFactory

pytestmark = pytest.mark.django_db


def test_it_draws_the_roadmap_for_the_baseline_or_a_scenario(presales_client, django_assert_max_num_queries):
    commitment = CommitmentFactory(feature__title="<b>Shared spaces</b>")
    preemption = PreemptionFactory(team=commitment.feature.team)
    with django_assert_max_num_queries(15):
        page = presales_client.get("/roadmap/")
    html = page.content.decode()
    assert "data-figure-json" in html
    assert "<b>Shared spaces</b>" not in html
    partial = presales_client.get("/roadmap/", {"scenario": preemption.scenario_id}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert preemption.scenario.name in partial.content.decode()


def test_it_shows_a_feature_with_its_promises_and_history(leadership_client, django_assert_max_num_queries):
    commitment = CommitmentFactory(customer__name="Westlake")
    with django_assert_max_num_queries(12):
        page = leadership_client.get(f"/roadmap/features/{commitment.feature_id}/")
    assert "Westlake" in page.content.decode()
    assert "History of its promises" in page.content.decode()

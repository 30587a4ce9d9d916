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
    # The committed plan's dates and each promise's chance come with the plan's few reads.
    with django_assert_max_num_queries(16):
        page = leadership_client.get(f"/roadmap/features/{commitment.feature_id}/")
    assert "Westlake" in page.content.decode()
    assert "P50 / P85" in page.content.decode()
    assert "History of its promises" in page.content.decode()


def test_it_offers_the_whole_plan_as_csv_beside_the_chart(presales_client, django_assert_max_num_queries):
    from roadmap.views.timeline import TIMELINE_ROWS
    from tests.factories import FeatureFactory, TeamFactory

    team = TeamFactory(name="Storage & Sync")
    commitment = CommitmentFactory(feature__title="=HYPERLINK(1)", feature__team=team)
    FeatureFactory.create_batch(TIMELINE_ROWS, team=team)
    other = FeatureFactory(title="Elsewhere")

    page = presales_client.get("/roadmap/")
    html = page.content.decode()
    assert f"The chart shows the {TIMELINE_ROWS} that start first" in html
    assert "/roadmap/plan.csv?team=" in html

    with django_assert_max_num_queries(10):
        answer = presales_client.get("/roadmap/plan.csv", {"team": team.pk})
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "team,feature,kind,effort_weeks,progress_percent,start,eta,live_promises"
    assert len(lines) == 1 + TIMELINE_ROWS + 1  # every feature of the team, not only the charted ones
    assert "'=HYPERLINK(1)" in answer.content.decode("utf-8-sig")  # formula-safe
    assert other.title not in answer.content.decode("utf-8-sig")
    row = next(line for line in lines if "HYPERLINK" in line)
    assert row.endswith(",1")  # one live promise
    assert commitment.feature.team.name in row

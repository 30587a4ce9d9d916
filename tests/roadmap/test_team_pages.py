"""Teams have a page: the PM edits a team's capacity and its capacity changes there and sees which promises move."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roadmap.models import Team, TeamCapacityChange
from tests.factories import CommitmentFactory, FeatureFactory, TeamFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan():
    team = TeamFactory(name="Storage & Sync", engineers=4, focus_factor=Decimal("1"), wip_limit=1)
    first = FeatureFactory(title="Shared spaces", team=team, effort_weeks=8, priority_rank=1, status="planned")
    second = FeatureFactory(title="Offline sync", team=team, effort_weeks=8, priority_rank=2, status="planned")
    promise = CommitmentFactory(feature=second, promised_date=timezone.localdate() + timedelta(days=40))
    return {"team": team, "first": first, "second": second, "promise": promise}


def test_it_lists_teams_and_shows_a_team_with_its_features(plan, leadership_client, django_assert_max_num_queries):
    TeamFactory(name="Editor")
    with django_assert_max_num_queries(5):
        page = leadership_client.get("/roadmap/teams/")
    html = page.content.decode()
    assert "Storage &amp; Sync" in html
    assert f"/roadmap/teams/{plan['team'].pk}/" in html
    detail = leadership_client.get(f"/roadmap/teams/{plan['team'].pk}/").content.decode()
    assert "Shared spaces" in detail
    assert "Offline sync" in detail
    assert f"/roadmap/features/{plan['first'].pk}/" in detail
    partial = leadership_client.get(f"/roadmap/teams/{plan['team'].pk}/", headers=HTMX).content.decode()
    assert "<html" not in partial
    assert leadership_client.get("/roadmap/teams/999999/").status_code == 404


def test_the_nav_the_roadmap_and_a_feature_link_to_the_teams(plan, presales_client):
    assert 'href="/roadmap/teams/"' in presales_client.get("/roadmap/").content.decode()
    feature_page = presales_client.get(f"/roadmap/features/{plan['first'].pk}/").content.decode()
    assert f'href="/roadmap/teams/{plan["team"].pk}/"' in feature_page


def test_a_team_edit_that_moves_a_promise_shows_it_and_keeps_history(plan, pm_client, pm_user):
    url = f"/roadmap/teams/{plan['team'].pk}/edit/"
    assert pm_client.get(url, headers=HTMX).status_code == 200
    response = pm_client.post(url, {"engineers": "1", "focus_factor": "0.5", "wip_limit": "1"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 promise moved" in html
    assert "Offline sync" in html
    assert "late for" in html
    assert 'id="team-facts" hx-swap-oob="true"' in html  # the facts and features beside the form follow the edit
    assert 'id="team-features" hx-swap-oob="true"' in html
    assert 'id="changes" hx-swap-oob="true"' in html
    team = Team.objects.get(pk=plan["team"].pk)
    assert (team.engineers, team.focus_factor) == (1, Decimal("0.5"))
    page = pm_client.get(f"/roadmap/teams/{team.pk}/").content.decode()
    changes = page[page.index('id="changes"') :]
    assert "Storage &amp; Sync</strong>\n    changed:\n    Engineers, Focus factor" in changes
    assert (team.history.first().engineers, team.history.first().history_user) == (1, pm_user)


def test_a_refused_team_edit_shows_the_error_keeps_the_input_and_changes_nothing(plan, pm_client):
    before = plan["team"].history.count()
    response = pm_client.post(
        f"/roadmap/teams/{plan['team'].pk}/edit/",
        {"engineers": "7", "focus_factor": "1.5", "wip_limit": "0"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "above 0 and at most 1" in html
    assert "at least one feature at a time" in html
    assert 'value="7"' in html
    team = Team.objects.get(pk=plan["team"].pk)
    assert (team.engineers, team.focus_factor, team.wip_limit) == (4, Decimal("1"), 1)
    assert team.history.count() == before


def test_a_capacity_change_is_added_and_removed_showing_the_promises_it_moves(plan, pm_client):
    team = plan["team"]
    starts = (timezone.localdate() + timedelta(days=7)).isoformat()
    data = {"starts_on": starts, "engineers": "1", "focus_factor": "0.5", "note": "Two on parental leave"}
    added = pm_client.post(f"/roadmap/teams/{team.pk}/capacity-changes/", data, headers=HTMX)
    assert added.status_code == 200
    html = added.content.decode()
    assert "1 promise moved" in html
    assert "Two on parental leave" in html
    assert 'id="team-features" hx-swap-oob="true"' in html
    change = TeamCapacityChange.objects.get(team=team)
    assert change.history.get().history_type == "+"
    twice = pm_client.post(f"/roadmap/teams/{team.pk}/capacity-changes/", data, headers=HTMX)
    assert twice.status_code == 422
    assert f"already has a capacity change starting on {starts}" in twice.content.decode()
    assert 'value="Two on parental leave"' in twice.content.decode()
    removed = pm_client.post(f"/roadmap/capacity-changes/{change.pk}/delete/", headers=HTMX)
    assert removed.status_code == 200
    assert "1 promise moved" in removed.content.decode()
    assert not TeamCapacityChange.objects.filter(team=team).exists()
    assert change.history.first().history_type == "-"
    changes = removed.content.decode()
    assert f"Capacity from {starts}</strong>\n    removed" in changes[changes.index('id="changes"') :]


def test_a_refused_capacity_change_saves_nothing(plan, pm_client):
    response = pm_client.post(
        f"/roadmap/teams/{plan['team'].pk}/capacity-changes/",
        {"starts_on": "2027-13-01", "engineers": "-2", "focus_factor": "0", "note": ""},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "errorlist" in html
    assert not TeamCapacityChange.objects.exists()


@pytest.mark.parametrize("role", ["presales", "leadership"])
def test_only_a_pm_edits_teams(role, plan, request):
    client = request.getfixturevalue(f"{role}_client")
    team = plan["team"]
    change = TeamCapacityChange.objects.create(team=team, starts_on=timezone.localdate(), engineers=2)
    for url in (
        f"/roadmap/teams/{team.pk}/edit/",
        f"/roadmap/teams/{team.pk}/capacity-changes/",
        f"/roadmap/capacity-changes/{change.pk}/delete/",
    ):
        assert client.get(url, headers=HTMX).status_code == 403
        data = {"engineers": "1", "focus_factor": "1", "wip_limit": "1", "starts_on": "2027-01-01"}
        assert client.post(url, data, headers=HTMX).status_code == 403
    page = client.get(f"/roadmap/teams/{team.pk}/").content.decode()
    assert "Edit this team" not in page
    assert "Add a capacity change" not in page
    assert "/delete/" not in page
    assert Team.objects.get(pk=team.pk).engineers == 4
    assert TeamCapacityChange.objects.filter(pk=change.pk).exists()


def test_the_api_writes_teams_through_the_same_rules(plan, pm_api):
    response = pm_api.patch(f"/api/teams/{plan['team'].pk}/", {"focus_factor": "0.5"}, format="json")
    assert response.status_code == 200
    assert Team.objects.get(pk=plan["team"].pk).history.first().focus_factor == Decimal("0.5")

"""A PM changes the backlog's work order on Priorities: manual ranks saved with history, the promises the new order
moves shown at once; other roles are refused and a bad request changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.reasons import reason_render
from roadmap.domain.ordering import OrderRefused
from roadmap.models import Feature
from roadmap.selectors.scoring import backlog_order_list
from roadmap.services.priorities import backlog_order_move
from roadmap.services.scoring import scores_recompute_all
from tests.factories import CommitmentFactory, FeatureFactory, TeamFactory

pytestmark = pytest.mark.django_db

URL = "/roadmap/priorities/order/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def backlog():
    """Three planned features of one team that works one at a time; the last in the order has a promise."""
    team = TeamFactory(name="Storage & Sync", engineers=2, focus_factor=Decimal("1"), wip_limit=1)
    for title in ("Shared <spaces>", "Offline sync", "Audit log"):
        FeatureFactory(title=title, team=team, effort_weeks=6)
    scores_recompute_all()
    order = [p.id for p in backlog_order_list()]
    last = Feature.objects.get(pk=order[-1])
    CommitmentFactory(feature=last, promised_date=timezone.localdate() + timedelta(days=40))
    return order


def _ranks(ids):
    ranks = dict(Feature.objects.values_list("pk", "priority_rank"))
    return [ranks[i] for i in ids]


def test_it_moves_a_feature_to_the_top_and_shows_the_promise_it_moves(backlog, pm_client):
    first, second, last = backlog
    response = pm_client.post(URL, {"feature": last, "to": 1}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="panel"' in html
    assert "1 promise moved" in html
    assert [p.id for p in backlog_order_list()] == [last, first, second]
    assert _ranks([last, first, second]) == [1, None, None]
    assert html.index(f'id="feature-{last}"') < html.index(f'id="feature-{first}"')
    assert f'data-focus-feature="{last}" data-focus-dir="up"' in html
    title = Feature.objects.get(pk=last).title.replace("<", "&lt;").replace(">", "&gt;")
    assert f"“{title}” is now #1 of the work order." in html


def test_it_answers_with_the_page_the_feature_lands_on(backlog, pm_client, monkeypatch):
    monkeypatch.setattr("roadmap.views.priorities.PER_PAGE", 2)
    response = pm_client.post(URL, {"feature": backlog[1], "to": 3}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="feature-{backlog[1]}"' in html
    assert f'id="feature-{backlog[0]}"' not in html  # on page 1
    assert "Page 2 of 2" in html
    assert f'data-focus-feature="{backlog[1]}" data-focus-dir="down"' in html


def test_it_keeps_history_with_who_and_why(backlog, pm_client, pm_user):
    first, _second, last = backlog
    pm_client.post(URL, {"feature": first, "to": 3}, headers=HTMX)
    rows = list(Feature.history.filter(history_type="~").order_by("history_id"))
    assert {r.id for r in rows} == set(backlog)
    assert {r.history_user_id for r in rows} == {pm_user.pk}
    title = Feature.objects.get(pk=first).title
    assert {reason_render(r.history_change_reason) for r in rows} == {
        f"Work order changed: “{title}” moved from #1 to #3"
    }
    assert rows[0].history_change_reason.startswith("code:reordered|")
    assert _ranks(backlog) == [3, 1, 2]
    assert [p.id for p in backlog_order_list()] == [backlog[1], last, first]


def test_it_changes_nothing_when_the_feature_stays_where_it_is(backlog, pm_client):
    response = pm_client.post(URL, {"feature": backlog[1], "to": 2}, headers=HTMX)
    assert response.status_code == 200
    assert "planned date moved" in response.content.decode()
    assert not Feature.history.filter(history_type="~").exists()


def test_it_goes_back_to_the_page_without_javascript(backlog, pm_client):
    response = pm_client.post(URL, {"feature": backlog[2], "to": 2})
    assert response.status_code == 302
    assert response["Location"] == f"/roadmap/priorities/?tab=features&page=1#feature-{backlog[2]}"
    html = pm_client.get(response["Location"]).content.decode()
    title = Feature.objects.get(pk=backlog[2]).title.replace("<", "&lt;").replace(">", "&gt;")
    assert f"“{title}” is now #2 of the work order." in html


def test_the_page_shows_the_order_controls_to_pms_only(backlog, pm_client, presales_user):
    html = pm_client.get("/roadmap/priorities/").content.decode()
    assert html.count('class="order-form"') == 3
    assert "Move up: Shared &lt;spaces&gt;" in html
    assert "sortable.min.js" in html
    assert "backlog-order.js" in html
    pm_client.force_login(presales_user)
    html = pm_client.get("/roadmap/priorities/").content.decode()
    assert "order-form" not in html
    assert "sortable.min.js" not in html


@pytest.mark.parametrize("who", ["presales_client", "leadership_client"])
def test_other_roles_cannot_change_the_order(backlog, who, request):
    client = request.getfixturevalue(who)
    response = client.post(URL, {"feature": backlog[2], "to": 1}, headers=HTMX)
    assert response.status_code == 403
    assert _ranks(backlog) == [None, None, None]


@pytest.mark.parametrize("role", ["presales_user", "leadership_user"])
def test_the_service_refuses_other_roles(backlog, role, request):
    with pytest.raises(PermissionDenied):
        backlog_order_move(feature_id=backlog[2], to=1, user=request.getfixturevalue(role))


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"feature": "x", "to": "1"}, "Say which feature moves and to which place"),
        ({"feature": "1"}, "Say which feature moves and to which place"),
        ({"to": "1.5", "feature": "1"}, "Say which feature moves and to which place"),
        ({"to": "0"}, "Place 0 is outside the work order, which has 3 features."),
        ({"to": "4"}, "Place 4 is outside the work order, which has 3 features."),
        ({"feature": "999999", "to": "1"}, "This feature is not in the work order"),
    ],
)
def test_a_bad_request_is_refused_with_a_clear_message_and_changes_nothing(backlog, pm_client, payload, message):
    data = {"feature": str(backlog[0]), **payload}
    response = pm_client.post(URL, data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="order-status"' in html
    assert message in html
    assert "Nothing was changed" in html or "nothing was changed" in html
    assert _ranks(backlog) == [None, None, None]
    assert not Feature.history.filter(history_type="~").exists()


def test_a_done_feature_is_not_in_the_order(backlog, pm_client, pm_user):
    done = FeatureFactory(title="Shipped", status="done", priority_rank=1)
    response = pm_client.post(URL, {"feature": done.pk, "to": 1})
    assert response.status_code == 400
    assert "<html" in response.content.decode()
    assert "not in the work order" in response.content.decode()
    with pytest.raises(OrderRefused):
        backlog_order_move(feature_id=done.pk, to=1, user=pm_user)


def test_it_only_takes_posts(pm_client):
    assert pm_client.get(URL).status_code == 405


def test_the_api_moves_a_feature_through_the_same_service(backlog, pm_api, pm_user):
    first, second, last = backlog
    response = pm_api.post(f"/api/features/{last}/move/", {"to": 1}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["moved_from"], body["moved_to"]) == (3, 1)
    assert body["ranks"] == {str(last): 1}
    assert [p["late"] for p in body["moved_promises"]] == [False]
    assert [p.id for p in backlog_order_list()] == [last, first, second]
    assert Feature.history.filter(history_type="~", history_user=pm_user).count() == 1


def test_the_api_refuses_a_place_outside_the_order_and_other_roles(backlog, pm_api, api_as, presales_user):
    response = pm_api.post(f"/api/features/{backlog[0]}/move/", {"to": 9}, format="json")
    assert response.status_code == 400
    assert "outside the work order" in response.json()["to"][0]
    assert pm_api.post(f"/api/features/{backlog[0]}/move/", {"to": "x"}, format="json").status_code == 400
    assert api_as(presales_user).post(f"/api/features/{backlog[0]}/move/", {"to": 1}, format="json").status_code == 403
    assert _ranks(backlog) == [None, None, None]


def test_the_feature_page_shows_its_history_with_the_reason_escaped(backlog, pm_client):
    moved = Feature.objects.get(title="Shared <spaces>")
    was = backlog.index(moved.pk) + 1
    to = 3 if was != 3 else 1
    pm_client.post(URL, {"feature": moved.pk, "to": to}, headers=HTMX)
    html = pm_client.get(f"/roadmap/features/{moved.pk}/").content.decode()
    assert 'id="feature-history"' in html
    assert f"Work order changed: “Shared &lt;spaces&gt;” moved from #{was} to #{to}" in html
    assert "<spaces>" not in html
    assert f"Manual rank {to}" in html

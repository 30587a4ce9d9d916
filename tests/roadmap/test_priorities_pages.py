"""The priorities pages: ranked backlog and incidents with their breakdown, movement, and the policy page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from roadmap.models import PriorityScore, PriorityScoreSnapshot, ScoringPolicy
from roadmap.services.scoring import scores_recompute_all
from tests.factories import (
    AffectedCustomerFactory,
    CommitmentFactory,
    CustomerFactory,
    FeatureFactory,
    IncidentFactory,
    PersonaFactory,
)

pytestmark = pytest.mark.django_db


def _scored(features=3, incidents=3):
    customer = CustomerFactory(name="Umbra Securities", arr=Decimal("360000"), tier="strategic")
    eb = PersonaFactory(customer=customer, role="EB")
    for n in range(features):
        CommitmentFactory(
            feature=FeatureFactory(title=f"Feature <{n}>"),
            customer=customer,
            persona=eb,
            promised_date=timezone.localdate() + timedelta(days=10 * (n + 1)),
        )
    for n in range(incidents):
        AffectedCustomerFactory(
            incident=IncidentFactory(title=f"Slowness {n}", severity="SEV2"), customer=customer, vip_affected=True
        )
    scores_recompute_all()


def test_it_ranks_the_backlog_with_the_breakdown(pm_client):
    _scored()
    response = pm_client.get("/roadmap/priorities/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert html.index("Feature &lt;0&gt;") < html.index("Feature &lt;1&gt;") < html.index("Feature &lt;2&gt;")
    assert "Why #1" in html
    assert "Umbra Securities" in html
    assert "Business value" in html


@pytest.mark.parametrize("tab", ["features", "incidents"])
def test_it_returns_the_panel_to_htmx(pm_client, tab):
    _scored()
    response = pm_client.get("/roadmap/priorities/", {"tab": tab}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="panel"' in html
    assert ("Slowness 0" in html) == (tab == "incidents")


def test_it_ranks_open_incidents_only(leadership_client):
    _scored()
    IncidentFactory(
        title="Old resolved",
        status="resolved",
        reported_at=timezone.now() - timedelta(days=3),
        resolved_at=timezone.now(),
    )
    scores_recompute_all()
    html = leadership_client.get("/roadmap/priorities/", {"tab": "incidents"}).content.decode()
    assert "Slowness 0" in html
    assert "Old resolved" not in html
    assert "Promises at risk" in html


def test_it_shows_movement_since_last_week(presales_client):
    _scored()
    last_week = timezone.localdate() - timedelta(days=7)
    monday = last_week - timedelta(days=last_week.weekday())
    first, second = PriorityScore.objects.filter(feature__isnull=False).order_by("rank")[:2]
    PriorityScoreSnapshot.objects.create(week=monday, feature=first.feature, score=1, rank=3)
    PriorityScoreSnapshot.objects.create(week=monday, feature=second.feature, score=1, rank=1)
    html = presales_client.get("/roadmap/priorities/").content.decode()
    assert "▲ 2" in html
    assert "▼ 1" in html
    assert "new" in html


def test_it_says_when_nothing_is_scored(pm_client):
    html = pm_client.get("/roadmap/priorities/").content.decode()
    assert "No scored features yet" in html


@pytest.mark.parametrize("tab", ["features", "incidents"])
def test_it_keeps_queries_flat_as_the_backlog_grows(pm_client, django_assert_max_num_queries, tab):
    _scored(features=60, incidents=60)
    with django_assert_max_num_queries(10):
        response = pm_client.get("/roadmap/priorities/", {"tab": tab, "page": 2})
    assert response.status_code == 200
    assert "Page 2 of 2" in response.content.decode()


def test_it_explains_the_formula_and_weights(pm_client):
    ScoringPolicy.objects.create(version=4, name="VIPs first", weights={"vip": 5}, is_active=True)
    response = pm_client.get("/roadmap/priorities/policy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "v4 · VIPs first" in html
    assert "business value + time criticality + risk reduction" in html
    assert "tier.strategic" in html
    assert "changed" in html


def test_it_returns_the_policy_to_htmx(leadership_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = leadership_client.get("/roadmap/priorities/policy/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "default weights below apply" in html


def test_it_forbids_the_pages_to_users_without_a_role(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("norole", password="x"))
    assert client.get("/roadmap/priorities/").status_code == 403
    assert client.get("/roadmap/priorities/policy/").status_code == 403


def test_it_links_priorities_from_the_nav(pm_client):
    assert 'href="/roadmap/priorities/"' in pm_client.get("/").content.decode()


def test_the_why_cards_follow_each_new_score_and_the_readers_language(pm_client):
    _scored(features=1, incidents=0)
    assert pm_client.get("/roadmap/priorities/").status_code == 200  # its card is in the cache now
    score = PriorityScore.objects.get(feature__isnull=False)
    score.breakdown["job_size"]["value"] = 42.5
    score.computed_at += timedelta(minutes=5)
    score.save()

    html = pm_client.get("/roadmap/priorities/").content.decode()
    chinese = pm_client.get("/roadmap/priorities/", headers={"Accept-Language": "zh-hans"}).content.decode()

    assert "Job size: 42.5" in html
    assert "工作量规模: 42.5" in chinese
    assert "Job size" not in chinese

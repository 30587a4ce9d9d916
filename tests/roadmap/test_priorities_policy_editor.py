"""The PM's policy editor on the priorities pages: preview the ranking new weights give, save them as a new
version with who and why; "what would move this to #1"; presales and leadership read only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from roadmap.forms import field_name, weight_keys
from roadmap.models import ScoringPolicy
from roadmap.services.scoring import PolicyRefused, scores_recompute_all, scoring_policy_save
from tests.factories import CommitmentFactory, CustomerFactory, FeatureFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def _backlog():
    """A contractual promise due soon to a small customer, and a large strategic customer's soft promise."""
    small = CustomerFactory(name="Small", arr=Decimal("50000"), tier="standard")
    big = CustomerFactory(name="Big", arr=Decimal("900000"), tier="strategic")
    soon = FeatureFactory(title="Due soon", effort_weeks=Decimal(4))
    valuable = FeatureFactory(title="Valuable", effort_weeks=Decimal(4))
    today = timezone.localdate()
    CommitmentFactory(feature=soon, customer=small, promised_date=today + timedelta(days=5), strength="contractual")
    CommitmentFactory(
        feature=valuable,
        customer=big,
        persona=PersonaFactory(customer=big, role="EB"),
        promised_date=today + timedelta(days=200),
        strength="soft",
    )
    scores_recompute_all()
    return soon, valuable


def _form(**overrides):
    data = {field_name(k, s): str(d) for k, s, d in weight_keys()}
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def test_a_pm_previews_the_ranking_new_weights_give_without_saving(pm_client):
    _backlog()
    assert ScoringPolicy.objects.count() == 1
    response = pm_client.post(
        "/roadmap/priorities/policy/preview/",
        _form(**{"terms.business_value": 0, "strength.contractual": 10}),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="policy-preview"' in html
    assert "<html" not in html
    assert html.index("Due soon") < html.index("Valuable")  # the contractual date now outweighs the big customer
    assert "Moved most" in html
    assert ScoringPolicy.objects.count() == 1  # nothing saved


def test_the_preview_refuses_a_negative_or_zero_dividing_weight(pm_client):
    response = pm_client.post("/roadmap/priorities/policy/preview/", _form(vip=-1, arr_unit=0))
    html = response.content.decode()
    assert response.status_code == 422
    assert "greater than or equal to 0" in html
    assert "Must be greater than 0." in html


def test_a_pm_saves_weights_as_a_new_active_version_with_who_and_why(
    pm_client, pm_user, django_capture_on_commit_callbacks
):
    _backlog()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = pm_client.post(
            "/roadmap/priorities/policy/save/",
            _form(vip=4, name="VIPs weigh more", reason="Renewals hinge on executives."),
        )
    assert response.status_code == 302
    policy = ScoringPolicy.objects.get(is_active=True)
    assert (policy.version, policy.name, policy.weights) == (2, "VIPs weigh more", {"vip": 4.0})
    assert policy.created_by == pm_user
    assert policy.reason == "Renewals hinge on executives."
    assert ScoringPolicy.objects.filter(is_active=False).count() == 1
    assert callbacks  # a full recompute is queued once the save commits
    page = pm_client.get("/roadmap/priorities/policy/").content.decode()
    assert "Renewals hinge on executives." in page
    assert pm_user.username in page


def test_a_save_without_a_reason_is_refused_and_keeps_the_edits(pm_client):
    response = pm_client.post("/roadmap/priorities/policy/save/", _form(vip=4, name="No why"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Say why the weights change." in html
    assert 'name="vip" value="4"' in html
    assert ScoringPolicy.objects.count() == 0


def test_the_service_refuses_unknown_weights():
    with pytest.raises(PolicyRefused) as refused:
        scoring_policy_save(weights={"bogus": 1}, name="x", reason="y", user=None)
    assert "weights" in refused.value.errors


@pytest.mark.parametrize("client_fixture", ["presales_client", "leadership_client"])
def test_presales_and_leadership_read_the_policy_but_cannot_change_it(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    page = client.get("/roadmap/priorities/policy/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Only product managers change the weights." in html
    assert "policy-preview" not in html
    assert client.post("/roadmap/priorities/policy/preview/", _form()).status_code == 403
    assert client.post("/roadmap/priorities/policy/save/", _form(name="x", reason="y")).status_code == 403
    assert ScoringPolicy.objects.count() == 0


def test_the_save_needs_the_csrf_token(pm_user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(pm_user)
    assert strict.post("/roadmap/priorities/policy/save/", _form(name="x", reason="y")).status_code == 403


def test_it_tells_what_would_move_a_feature_to_first(presales_client):
    soon, valuable = _backlog()
    second = soon if soon.score.rank == 2 else valuable
    response = presales_client.get(
        f"/roadmap/priorities/features/{second.pk}/to-first/", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cut the remaining work from 4.0 to" in html
    assert "% change of that input" in html
    assert presales_client.get("/roadmap/priorities/features/999999/to-first/").status_code == 404


def test_the_backlog_shows_each_class_of_service_and_why(pm_client):
    _backlog()
    html = pm_client.get("/roadmap/priorities/").content.decode()
    assert "fixed date" in html
    assert "Contractual promise to Small for" in html
    assert "What would move this to #1?" in html


def test_behind_expedite_work_it_also_tells_what_would_lead_the_rest(pm_client):
    from tests.factories import IncidentFactory

    soon, valuable = _backlog()
    emergency = FeatureFactory(title="Emergency fix", effort_weeks=Decimal(30))
    emergency.incidents.add(IncidentFactory(severity="SEV1", status="open"))
    scores_recompute_all()
    for feature in (soon, valuable, emergency):
        feature.refresh_from_db()
    assert emergency.score.rank == 1
    third = soon if soon.score.rank == 3 else valuable
    html = pm_client.get(f"/roadmap/priorities/features/{third.pk}/to-first/").content.decode()
    assert "#1 is expedite work" in html
    assert "To lead the work after the expedite lane" in html
    assert "Cut the remaining work from 4.0 to" in html


def test_an_htmx_save_sends_the_browser_to_the_policy_page(pm_client):
    response = pm_client.post(
        "/roadmap/priorities/policy/save/", _form(vip=3, name="VIPs", reason="Why not."), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/roadmap/priorities/policy/"
    assert ScoringPolicy.objects.get(is_active=True).name == "VIPs"

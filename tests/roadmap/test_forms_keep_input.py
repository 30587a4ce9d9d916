"""A refused form comes back with what was typed and the reason beside the field, never an empty form."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from roadmap.models import Commitment
from tests.factories import CommitmentFactory, CustomerFactory, FeatureFactory, PersonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts():
    customer = CustomerFactory(name="Westlake Medical")
    PersonaFactory(customer=customer, name="Huang Fang")
    return FeatureFactory(title="Offline sync"), customer


def _request(feature, **changes):
    data = {
        "feature": feature.pk,
        "customer": "Westlake Medical",
        "persona": "Huang Fang",
        "promised_date": (timezone.localdate() - timedelta(days=3)).isoformat(),
        "strength": "contractual",
        "note": "Board meeting in March & <b>renewal</b>",
    }
    data.update(changes)
    return data


def test_a_refused_request_shows_the_form_again_with_the_values_and_the_reason(parts, presales_client):
    feature, _ = parts
    data = _request(feature)
    response = presales_client.post("/roadmap/request/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "The date must be in the future." in html
    assert 'aria-describedby="r-date-error"' in html
    assert f'value="{data["promised_date"]}"' in html
    assert 'value="Westlake Medical"' in html
    assert 'value="Huang Fang"' in html
    assert 'value="Board meeting in March &amp; &lt;b&gt;renewal&lt;/b&gt;"' in html  # escaped, not markup
    assert '<option value="contractual" selected>' in html
    assert "Offline sync" in html  # the check it was sent from is shown again
    assert not Commitment.objects.exists()


def test_a_corrected_request_is_sent_and_shown_under_my_requests(parts, presales_client):
    feature, _ = parts
    presales_client.post("/roadmap/request/", _request(feature))
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = presales_client.post("/roadmap/request/", _request(feature, promised_date=later))
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.status, commitment.strength, commitment.persona.name) == (
        "requested",
        "contractual",
        "Huang Fang",
    )
    home = presales_client.get("/").content.decode()
    assert "Offline sync" in home.split('id="my-requests"')[1]


def test_every_refusal_is_shown_beside_its_own_field(parts, presales_client):
    feature, _ = parts
    response = presales_client.post("/roadmap/request/", _request(feature, customer="Nobody Inc", promised_date="soon"))
    assert response.status_code == 422
    html = unescape(response.content.decode())
    assert "No customer with this exact name." in html.split('id="r-customer-error"')[1].split("</ul>")[0]
    assert "Enter a date as YYYY-MM-DD." in html.split('id="r-date-error"')[1].split("</ul>")[0]
    assert 'value="Nobody Inc"' in html


def test_a_live_twin_is_refused_with_the_customer_kept(parts, presales_client):
    feature, customer = parts
    CommitmentFactory(feature=feature, customer=customer)
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = presales_client.post("/roadmap/request/", _request(feature, promised_date=later))
    assert response.status_code == 422
    assert "This customer already has a live promise for this feature." in unescape(response.content.decode())
    assert f'value="{later}"' in response.content.decode()


def test_a_request_for_no_feature_says_so_on_the_check_page(parts, presales_client):
    response = presales_client.post("/roadmap/request/", {**_request(parts[0]), "feature": "999999"})
    assert response.status_code == 422
    assert "Choose a feature." in response.content.decode()


def test_a_refused_request_is_in_chinese_for_a_chinese_reader(parts, presales_client):
    presales_client.post("/language/", {"language": "zh-hans"})
    response = presales_client.post("/roadmap/request/", _request(parts[0]))
    html = response.content.decode()
    assert "The date must be in the future." not in html
    assert 'aria-describedby="r-date-error"' in html


def test_the_check_keeps_the_search_and_names_a_bad_date(parts, presales_client):
    feature, _ = parts
    response = presales_client.get("/roadmap/check/", {"q": "offline", "feature": feature.pk, "date": "2027-02-30"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="offline"' in html
    assert 'value="2027-02-30"' in html
    assert "Enter a valid date." in html
    assert "Offline sync" in html
    partial = presales_client.get(
        "/roadmap/check/", {"feature": feature.pk, "date": "tomorrow"}, headers={"HX-Request": "true"}
    )
    assert partial.status_code == 422  # htmx swaps 422 answers in, so the error shows where the date is
    assert "<html" not in partial.content.decode()
    assert "Enter a valid date." in partial.content.decode()


def test_a_refused_promise_edit_keeps_the_reason_typed(pm_client):
    promise = CommitmentFactory(promised_date=timezone.localdate() + timedelta(days=60))
    url = f"/roadmap/commitments/{promise.pk}/edit/"
    data = {
        "promised_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "strength": promise.strength,
        "persona": "",
        "status": promise.status,
        "reason": "Customer moved the go-live",
    }
    response = pm_client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Customer moved the go-live"' in html
    assert f'id="id_promised_date-{promise.pk}"' in html
    assert f'for="id_promised_date-{promise.pk}"' in html
    assert f'value="{data["promised_date"]}"' in html


def test_a_refused_feature_edit_keeps_every_field_typed(pm_client):
    from tests.factories import TeamFactory

    team = TeamFactory(name="Storage & Sync")
    first = FeatureFactory(title="Shared spaces", team=team, effort_weeks=4, priority_rank=1)
    second = FeatureFactory(title="Offline sync", team=team, effort_weeks=4, priority_rank=2)
    second.depends_on.set([first])
    data = {
        "title": "Shared spaces, renamed",
        "team": team.pk,
        "effort_low_weeks": "3",
        "effort_weeks": "6",
        "effort_high_weeks": "9",
        "status": "planned",
        "release": "",
        "priority_rank": "5",
        "depends_on": [second.pk],
    }
    response = pm_client.post(f"/roadmap/features/{first.pk}/edit/", data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "These dependencies make a cycle" in html
    assert 'value="Shared spaces, renamed"' in html
    assert 'name="effort_high_weeks" value="9"' in html
    assert 'name="priority_rank" value="5"' in html
    assert f'<option value="{second.pk}" selected>' in html
    first.refresh_from_db()
    assert first.title == "Shared spaces"


def test_pages_with_forms_stay_in_the_back_forward_cache(parts, presales_client):
    """`Cache-Control: no-store` would keep a form page out of the browser's back/forward cache, and going back
    would then show it empty."""
    feature, _ = parts
    for response in (
        presales_client.get("/roadmap/check/", {"feature": feature.pk}),
        presales_client.post("/roadmap/request/", _request(feature)),
        presales_client.get("/"),
    ):
        assert "no-store" not in response.headers.get("Cache-Control", "")

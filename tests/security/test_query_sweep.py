"""Every page, every role, odd values in every query parameter and path id: a 400 or 404 page, never a 5xx.

The parameters a page reads are found by asking it: the first requests record which query keys the view looks up
(directly or through a form), so a new parameter is swept without this file knowing about it.
"""

import re
from datetime import date, timedelta

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import (
    CommitmentFactory,
    CustomerFactory,
    DeploymentFactory,
    FeatureFactory,
    IncidentFactory,
    PreemptionFactory,
    ScenarioFactory,
)

pytestmark = pytest.mark.django_db

ODD = ["abc", "-1", "99999999999999999999", "1\x00", "\U0001f600", "2026-02-30", ""]
ODD_IDS = ["0", "99999999999999999999", "9223372036854775808"]
# Machine endpoints answer for themselves (healthz says 503 when a dependency is down, as here without a worker).
SKIP_PREFIXES = ("admin/", "accounts/", "i18n/", "api/", "webhooks/", "static/", "healthz")
SEEN: set[str] = set()


class RecordingQueryDict(QueryDict):
    def __getitem__(self, key):
        SEEN.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        SEEN.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        SEEN.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        SEEN.add(key)
        return super().__contains__(key)


def _recording_get(request):
    if "_recording_get" not in request.__dict__:
        request.__dict__["_recording_get"] = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
    return request.__dict__["_recording_get"]


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


ROUTES = sorted(set(_patterns()))
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _fill(route: str, value: str) -> str:
    return "/" + CONVERTER.sub(lambda m: value if m.group(1) in (None, "int") else "customers", route)


@pytest.fixture
def world():
    customer = CustomerFactory()
    deployment = DeploymentFactory(customer=customer)
    feature = FeatureFactory()
    commitment = CommitmentFactory(feature=feature, customer=customer, promised_date=date.today() + timedelta(days=60))
    scenario = ScenarioFactory()
    PreemptionFactory(scenario=scenario, team=feature.team)
    incident = IncidentFactory()
    return sorted({str(o.pk) for o in (customer, deployment, feature, commitment, scenario, incident)})


@pytest.fixture
def recording(monkeypatch):
    monkeypatch.setattr(WSGIRequest, "GET", property(_recording_get), raising=True)
    SEEN.clear()
    return SEEN


def _urls(route: str, ids: list[str]) -> list[str]:
    return [_fill(route, i) for i in ([*ids, *ODD_IDS] if CONVERTER.search(route) else ["-"])]


@pytest.mark.parametrize("route", ROUTES)
def test_no_odd_query_or_id_gets_a_server_error(client, role_users, world, recording, route):
    client.raise_request_exception = False
    failures = []
    for role, url in ((role, url) for role in role_users for url in _urls(route, world)):
        client.force_login(role_users[role])
        # Discover the keys the page reads, then give each in turn every odd value (the others a plausible one).
        recording.clear()
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((role, url, "", response.status_code))
        if response.status_code in (403, 404, 405):
            continue  # refused at the gate (role, unknown id, method): the view never read its query
        if recording:
            client.get(url, dict.fromkeys(recording, world[0]))
        keys = sorted(recording)
        queries = [{**dict.fromkeys(keys, world[0]), key: value} for key in keys for value in ODD]
        queries += [dict.fromkeys(keys, value) for value in ODD] if keys else []
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append((role, url, query, response.status_code))
    assert failures == [], "\n".join(map(repr, failures))


def test_it_answers_a_bad_query_with_a_400_page_in_the_layout(pm_client):
    response = pm_client.get("/roadmap/scenarios/compare/", {"a": "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="topbar"' in page
    assert "a: " in page


def test_it_answers_an_unknown_id_with_a_404_page_in_the_layout(pm_client):
    response = pm_client.get("/customers/99999999999999999999/")
    assert response.status_code == 404
    assert 'class="topbar"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/customers/", {"tier": "gold"}),
        ("/customers/", {"sort": "-password"}),
        ("/customers/fleet/", {"band": "purple"}),
        ("/incidents/", {"severity": "SEV9"}),
        ("/incidents/inbox/", {"status": "lost"}),
        ("/review/weekly/", {"week": "2026-02-30"}),
        ("/roadmap/", {"team": "abc"}),
    ],
)
def test_every_page_refuses_a_value_its_form_does_not_know(pm_client, url, query):
    assert pm_client.get(url, query).status_code == 400

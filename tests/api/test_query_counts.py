"""Every list of the API answers in the same number of queries for 3 rows as for 30 (no query per row)."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.api import router
from roadmap.models import PriorityScore
from tests.factories import (
    AffectedCustomerFactory,
    CommitmentFactory,
    CustomerFactory,
    DeploymentFactory,
    FeatureFactory,
    IncidentFactory,
    PersonaFactory,
    PreemptionFactory,
    ReleaseFactory,
    ScenarioFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _incident():
    incident = IncidentFactory()
    AffectedCustomerFactory.create_batch(2, incident=incident)


def _feature():
    feature = FeatureFactory(release=ReleaseFactory())
    feature.depends_on.add(FeatureFactory(status="done"))
    feature.incidents.add(IncidentFactory())


def _commitment():
    commitment = CommitmentFactory()
    commitment.persona = PersonaFactory(customer=commitment.customer)
    commitment.save()


def _score():
    PriorityScore.objects.create(
        feature=FeatureFactory(), score=1.5, policy_version=1, computed_at=timezone.now(), breakdown={"terms": {}}
    )


def _connector():
    from connectors.models import Connector
    from connectors.services.connectors import connector_create

    connector_create(
        data={"kind": "jira", "name": f"jira-{Connector.objects.count()}", "base_url": "https://example.atlassian.net"},
        credentials={"token": "t"},
    )


def _scenario():
    scenario = ScenarioFactory()
    PreemptionFactory(scenario=scenario)
    PreemptionFactory(scenario=scenario, share=Decimal("0.5"))


# How to make one row of each list, with the relations its serializer shows filled in, and the queries the list
# takes: the token with its user, the user's groups (the role), the page's count, its rows, and one more per
# prefetched relation (an incident's customers, a feature's dependencies and incidents, a scenario's preemptions).
LISTS = {
    "customers": (CustomerFactory, 4),
    "personas": (PersonaFactory, 4),
    "deployments": (DeploymentFactory, 4),
    "incidents": (_incident, 5),
    "teams": (TeamFactory, 4),
    "releases": (ReleaseFactory, 4),
    "features": (_feature, 6),
    "commitments": (_commitment, 4),
    "scores": (_score, 4),
    "scenarios": (_scenario, 5),
    "connectors": (_connector, 4),
}


def test_every_list_of_the_api_is_pinned():
    assert sorted(LISTS) == sorted(prefix for prefix, _viewset, _basename in router.registry)


def _rows(resource: str) -> int:
    viewset = next(viewset for prefix, viewset, _basename in router.registry if prefix == resource)
    return viewset.queryset.model.objects.count()


@pytest.fixture
def api(pm_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=pm_user).key}")
    return client


@pytest.mark.parametrize("resource", sorted(LISTS))
def test_the_list_takes_as_many_queries_for_30_rows_as_for_3(api, resource, django_assert_max_num_queries):
    make, most = LISTS[resource]
    counts = {}
    for rows in (3, 30):
        while _rows(resource) < rows:
            make()
        with django_assert_max_num_queries(most) as queries:
            body = api.get(f"/api/{resource}/").json()
        assert body["count"] >= rows
        counts[rows] = len(queries.captured_queries)
    assert counts[3] == counts[30], counts

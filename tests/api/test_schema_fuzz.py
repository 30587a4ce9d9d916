"""Schemathesis generates requests from the OpenAPI schema and sends them to the app: no answer may be a 5xx."""

from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from tests.factories import CustomerFactory, DeploymentFactory, FeatureFactory

# The same document /api/schema/ serves (a test asserts they match), loaded without a request.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application
# Answers given before a view runs: a case that only ever meets these tested the gate, not the API.
REFUSED = {401, 403, 429}


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: keep the test's connection (and its transaction) open across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def pm_token(pm_user, keep_test_connection):
    # Something to point at, so generated ids sometimes hit real rows.
    DeploymentFactory(customer=CustomerFactory())
    FeatureFactory()
    cache.delete(f"throttle_user_{pm_user.pk}")  # the rate limit is tested elsewhere; here every request counts
    return Token.objects.create(user=pm_user).key


@pytest.fixture
def answers():
    """The statuses one operation's generated cases got. The fixture outlives all of Hypothesis' examples, so
    once they are done it checks that some reached the view (past authentication, roles and the rate limit)."""
    statuses: Counter[int] = Counter()
    yield statuses
    assert statuses, "no generated case was sent"
    assert set(statuses) - REFUSED, f"every generated case was refused before reaching the view: {dict(statuses)}"


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_gets_a_server_error(case, pm_token, answers):
    response = case.call_and_validate(headers={"Authorization": f"Token {pm_token}"}, checks=[not_a_server_error])
    answers[response.status_code] += 1


@pytest.mark.django_db
def test_the_served_schema_is_the_one_fuzzed(client):
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert served.status_code == 200
    assert sorted(served.json()["paths"]) == sorted(schema.raw_schema["paths"])

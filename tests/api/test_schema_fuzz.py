"""Schemathesis generates requests from the OpenAPI schema and sends them to the app, one operation at a time and
in stateful sequences that follow the links it infers (create, then read, change or delete what was created).

Every built-in check runs (no 5xx; status codes, content types, headers and bodies as documented; schema-violating
requests refused; ignored authentication; a deleted resource stays gone) except one: `positive_data_acceptance`
expects every schema-valid request to be accepted, and our services refuse schema-valid data on purpose (an
unknown customer id, a promise dated in the past), answering the documented 400.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from tests.factories import CustomerFactory, DeploymentFactory, FeatureFactory

# The same document /api/schema/ serves (a test asserts they match), loaded without a request.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application
# Answers given before a view runs: a case that only ever meets these tested the gate, not the API.
REFUSED = {401, 403, 429}
EXCLUDED = [positive_data_acceptance]
TOKEN = {"key": ""}  # the signed-in PM's API token, set per test


@schema.auth(refresh_interval=None)
class TokenAuth:
    """The API's token authentication, told to schemathesis so its checks know which header is the credential."""

    def get(self, case, ctx):
        return TOKEN["key"]

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


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
    TOKEN["key"] = Token.objects.create(user=pm_user).key
    return TOKEN["key"]


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
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    answers[response.status_code] += 1


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Each sequence starts from the same database: what one sequence creates is rolled back before the next, so
    the links it follows (and so the values Hypothesis draws) do not depend on the sequences before it."""

    statuses: Counter[int] = Counter()

    def setup(self):
        self.savepoint = transaction.savepoint()

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        type(self).statuses[response.status_code] += 1
        case.validate_response(response, excluded_checks=EXCLUDED, transport_kwargs=kwargs)


@pytest.mark.django_db
def test_no_sequence_of_linked_requests_breaks_the_contract(pm_token):
    Workflow.statuses = Counter()
    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=20,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        ),
    )
    assert {200, 201} <= set(Workflow.statuses), dict(Workflow.statuses)


@pytest.mark.django_db
def test_the_served_schema_is_the_one_fuzzed(client):
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert served.status_code == 200
    assert sorted(served.json()["paths"]) == sorted(schema.raw_schema["paths"])

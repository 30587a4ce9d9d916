"""Syncs end to end over HTTP: the recorded payloads in, features, customers and personas out."""

import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from werkzeug import Response

from connectors.models import SyncRun
from connectors.services.connectors import connector_create
from connectors.services.sync import sync_now
from customers.models import Customer, Persona
from roadmap.models import Feature
from tests.connectors.helpers import JIRA_EMAIL, JIRA_TOKEN, SF_TOKEN, json_response, serve_jira, serve_salesforce
from tests.factories import FeatureFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    return TeamFactory(name="demistodev"), TeamFactory(name="SOC")


@pytest.fixture
def jira(source_url):
    return connector_create(
        data={"kind": "jira", "name": "jira-cloud", "base_url": source_url, "options": {"page_size": 1}},
        credentials={"email": JIRA_EMAIL, "api_token": JIRA_TOKEN},
    )


@pytest.fixture
def salesforce(source_url):
    return connector_create(
        data={"kind": "salesforce", "name": "sfdc", "base_url": source_url, "options": {"api_version": "59.0"}},
        credentials={"access_token": SF_TOKEN},
    )


def test_jira_sync_pages_through_search_jql_and_a_second_sync_changes_nothing(httpserver, jira, teams):
    requests = []
    serve_jira(httpserver, seen=requests)

    first = sync_now(connector=jira)
    assert (first.status, first.created, first.updated, first.unchanged, first.failed) == ("succeeded", 2, 0, 0, 0)
    assert first.by_kind == {"feature": {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}}
    # Token pages with explicit fields: the first request has no token, the second the first page's.
    assert [r.get("nextPageToken") for r in requests] == [None, "CAEaAggD"]
    assert requests[0]["fields"].startswith("summary,status,project,components,fixVersions")
    assert requests[0]["maxResults"] == "1"
    dem = Feature.objects.get(external_source="jira-cloud", external_key="DEM-158")
    assert (dem.title, dem.status, dem.team.name, dem.effort_weeks) == (
        "Oktatest1",
        "planned",
        "demistodev",
        Decimal("1"),
    )
    assert dem.external_url == f"{jira.base_url}/browse/DEM-158"
    soc = Feature.objects.get(external_key="SOC-5")
    assert soc.description == "New set of Indicators came in from Anomali Taxii feed - Demisto Incident 799"

    stamps = dict(Feature.objects.values_list("pk", "updated_at"))
    second = sync_now(connector=jira)
    assert (second.status, second.created, second.updated, second.unchanged, second.failed) == ("succeeded", 0, 0, 2, 0)
    assert dict(Feature.objects.values_list("pk", "updated_at")) == stamps


def test_a_bad_token_fails_the_run_with_a_clear_error_and_writes_nothing(httpserver, source_url, teams):
    serve_jira(httpserver)
    connector = connector_create(
        data={"kind": "jira", "name": "jira-bad", "base_url": source_url},
        credentials={"email": JIRA_EMAIL, "api_token": "wrong"},
    )
    run = sync_now(connector=connector)
    assert run.status == "failed"
    assert run.errors == [
        {"kind": "", "key": "", "message": "Jira refused the credentials (401): check the account and token."}
    ]
    assert (run.created, run.updated, run.failed) == (0, 0, 0)
    assert not Feature.objects.exists()


def test_429_is_retried_after_retry_after_seconds(httpserver, jira, teams):
    calls = []

    def limited(request):
        calls.append(request.args.get("nextPageToken"))
        if len(calls) == 1:
            return Response("{}", 429, headers={"Retry-After": "2"})
        return json_response(
            "jira/search_jql_page1.json" if not request.args.get("nextPageToken") else "jira/search_jql_page2.json"
        )

    httpserver.expect_request("/rest/api/3/search/jql").respond_with_handler(limited)
    waits = []
    run = sync_now(connector=jira, sleep=waits.append)
    assert waits == [2.0]
    assert calls == [None, None, "CAEaAggD"]
    assert (run.status, run.created) == ("succeeded", 2)


def test_a_source_that_does_not_answer_in_time_fails_the_run(httpserver, jira, teams):
    def slow(request):
        time.sleep(1.5)
        return json_response("jira/search_jql_page1.json")

    httpserver.expect_request("/rest/api/3/search/jql").respond_with_handler(slow)
    run = sync_now(connector=jira, timeout=(2, 0.5))
    assert run.status == "failed"
    assert "did not answer within 0.5 s" in run.errors[0]["message"]
    assert not Feature.objects.exists()


def test_an_item_that_cannot_be_written_is_named_and_the_others_are_written(httpserver, jira):
    TeamFactory(name="demistodev")
    serve_jira(httpserver)
    run = sync_now(connector=jira)
    assert (run.status, run.created, run.failed) == ("partial", 1, 1)
    assert run.errors == [
        {
            "kind": "feature",
            "key": "SOC-5",
            "message": "No team named 'SOC': add the team or map it in the connector's team_map.",
        }
    ]
    assert list(Feature.objects.values_list("external_key", flat=True)) == ["DEM-158"]


def test_items_deleted_at_the_source_are_reported_not_deleted(httpserver, jira, teams):
    gone = FeatureFactory(team=teams[0], external_source="jira-cloud", external_key="DEM-1", title="Gone upstream")
    serve_jira(httpserver)
    run = sync_now(connector=jira)
    assert run.gone == [{"kind": "feature", "key": "DEM-1", "id": gone.pk}]
    assert Feature.objects.filter(pk=gone.pk).exists()


def test_salesforce_accounts_contacts_and_roles_become_customers_and_personas(httpserver, salesforce):
    serve_salesforce(httpserver)
    first = sync_now(connector=salesforce)
    assert first.status == "succeeded", first.errors
    assert first.by_kind == {
        "customer": {"created": 2, "updated": 0, "unchanged": 0, "failed": 0},
        "persona": {"created": 3, "updated": 0, "unchanged": 0, "failed": 0},
    }
    test1 = Customer.objects.get(external_source="sfdc", external_key="001D000000IRFmaIAH")
    assert (test1.name, test1.external_url) == ("Test 1", f"{salesforce.base_url}/001D000000IRFmaIAH")
    people = {p.name: (p.customer.name, p.role, p.is_vip) for p in Persona.objects.select_related("customer")}
    assert people == {
        "Rose Gonzalez": ("Test 1", "TB", False),
        "Sean Forbes": ("Test 1", "EB", True),  # Economic Buyer and Executive Sponsor
        "Jack Rogers": ("Test 2", "UB", False),
    }
    second = sync_now(connector=salesforce)
    assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, 5, 0)


def test_salesforce_contact_without_account_is_a_failed_item_with_its_reason(httpserver, salesforce):
    serve_salesforce(httpserver, contacts="salesforce/contact_without_account.json")
    run = sync_now(connector=salesforce)
    assert (run.status, run.created, run.failed) == ("partial", 2, 1)
    assert run.errors[0] == {
        "kind": "persona",
        "key": "003RO0000035WQgYAM",
        "message": "The contact belongs to no account.",
    }


def test_salesforce_bad_token_writes_nothing(httpserver, source_url):
    serve_salesforce(httpserver)
    connector = connector_create(
        data={"kind": "salesforce", "name": "sfdc-bad", "base_url": source_url, "options": {"api_version": "59.0"}},
        credentials={"access_token": "expired"},
    )
    run = sync_now(connector=connector)
    assert run.status == "failed"
    assert run.errors[0]["message"] == "Salesforce refused the credentials (401): check the access token."
    assert not Customer.objects.exists()
    assert not Persona.objects.exists()


def test_a_customer_typed_in_before_is_adopted_by_name(httpserver, salesforce):
    from tests.factories import CustomerFactory

    typed = CustomerFactory(name="Test 2", arr=Decimal("5000"))
    serve_salesforce(httpserver)
    run = sync_now(connector=salesforce)
    assert (run.created, run.updated) == (4, 1)
    typed.refresh_from_db()
    assert (typed.external_key, typed.arr) == ("001D000000IomazIAB", Decimal("0"))


def test_the_shell_command_syncs_with_a_progress_bar(httpserver, jira, teams, capsys):
    serve_jira(httpserver)
    call_command("connector_sync", "jira-cloud")
    out, err = capsys.readouterr()
    assert "succeeded: created 2, updated 0, unchanged 0, failed 0" in out
    assert "feature: created 2" in out
    assert "2/2" in err  # tqdm
    assert SyncRun.objects.get().trigger == "shell"


def test_hubspot_companies_and_contacts_page_by_cursor(httpserver, source_url):
    from werkzeug import Request

    seen = []

    def companies(request: Request):
        seen.append((request.headers.get("Authorization"), request.args.get("after"), request.args.get("properties")))
        return json_response(
            "hubspot/companies_page2.json" if request.args.get("after") else "hubspot/companies_page1.json"
        )

    httpserver.expect_request("/crm/v3/objects/companies").respond_with_handler(companies)
    httpserver.expect_request("/crm/v3/objects/contacts").respond_with_handler(
        lambda r: json_response("hubspot/contacts.json")
    )
    connector = connector_create(
        data={
            "kind": "hubspot",
            "name": "hubspot",
            "base_url": source_url,
            "options": {"portal_url": "https://app.hubspot.com/contacts/62515"},
        },
        credentials={"token": "pat-na1-test"},
    )
    run = sync_now(connector=connector)
    assert (run.status, run.created) == ("succeeded", 4), run.errors
    assert [(auth, after) for auth, after, _props in seen] == [
        ("Bearer pat-na1-test", None),
        ("Bearer pat-na1-test", "513"),
    ]
    assert "annualrevenue" in seen[0][2]
    biglytics = Customer.objects.get(external_source="hubspot", external_key="512")
    assert (biglytics.arr, biglytics.employee_count, biglytics.external_url) == (
        Decimal("1200000.00"),
        250,
        "https://app.hubspot.com/contacts/62515/company/512",
    )
    people = {p.name: (p.customer.name, p.role, p.is_vip) for p in Persona.objects.select_related("customer")}
    assert people == {"Jane Doe": ("Biglytics", "EB", True), "Brian Halligan": ("HubSpot", "UB", False)}
    assert sync_now(connector=connector).unchanged == 4

import hashlib
import hmac
from decimal import Decimal

import pytest

from connectors.domain.jira import (
    adf_text,
    issue_draft,
    options_with_defaults,
    search_fields,
    signature_valid,
    webhook_event,
)
from connectors.domain.kinds import ItemError
from tests.connectors.conftest import fixture_bytes, fixture_json

SITE = "https://example.atlassian.net"


def test_a_recorded_issue_becomes_a_planned_feature_of_its_projects_team():
    [issue] = fixture_json("jira/search_jql_page2.json")["issues"]
    draft = issue_draft(issue, site=SITE, options=options_with_defaults({}))
    assert draft.key == "SOC-5"
    assert draft.url == "https://example.atlassian.net/browse/SOC-5"
    assert draft.title == "New set of Indicators came in from JASK - Demisto Incident 799"
    assert draft.description == "New set of Indicators came in from Anomali Taxii feed - Demisto Incident 799"
    assert (draft.status, draft.team, draft.effort_weeks, draft.release) == ("planned", "SOC", Decimal("1.00"), "")


def test_status_category_team_map_points_and_estimate():
    issue = fixture_json("jira/webhook_issue_updated_status.json")["issue"]
    options = options_with_defaults({"team_map": {"Fix That": "Platform"}, "points_field": "customfield_10005"})
    draft = issue_draft(issue, site=SITE, options=options)
    assert (draft.status, draft.team, draft.effort_weeks) == ("in_progress", "Platform", Decimal("1.00"))
    issue["fields"]["customfield_10005"] = 8
    assert issue_draft(issue, site=SITE, options=options).effort_weeks == Decimal("4.00")
    issue["fields"]["customfield_10005"] = None
    issue["fields"]["timeoriginalestimate"] = 3 * 40 * 3600
    assert issue_draft(issue, site=SITE, options=options).effort_weeks == Decimal("3.00")
    issue["fields"]["fixVersions"] = [{"name": "2.0", "releaseDate": "2026-03-01"}]
    draft = issue_draft(issue, site=SITE, options=options)
    assert (draft.release, draft.release_date.isoformat()) == ("2.0", "2026-03-01")
    assert issue_draft(issue, site=SITE, options={**options, "status_map": {"In Progress": "idea"}}).status == "idea"


def test_an_issue_without_summary_or_team_is_refused_with_the_reason():
    issue = fixture_json("jira/webhook_issue_updated_status.json")["issue"]
    issue["fields"]["summary"] = ""
    with pytest.raises(ItemError, match="no summary"):
        issue_draft(issue, site=SITE, options=options_with_defaults({}))
    issue["fields"]["summary"] = "x"
    with pytest.raises(ItemError, match="no component"):
        issue_draft(issue, site=SITE, options=options_with_defaults({"team_from": "component"}))


def test_fields_are_explicit_and_include_the_configured_ones():
    fields = search_fields(options_with_defaults({"points_field": "customfield_10016", "team_from": "customfield_1"}))
    assert fields[:2] == ["summary", "status"]
    assert fields[-2:] == ["customfield_10016", "customfield_1"]


def test_webhook_events_and_signature():
    payload = fixture_json("jira/webhook_issue_updated_status.json")
    assert webhook_event(payload)[0] == "upsert"
    assert webhook_event({**payload, "webhookEvent": "jira:issue_deleted"})[0] == "deleted"
    assert webhook_event({**payload, "webhookEvent": "comment_created"})[0] == "ignore"
    body = fixture_bytes("jira/webhook_issue_updated_status.json")
    assert not signature_valid(body, "sha256=" + "0" * 64, "secret")
    right = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert signature_valid(body, right, "secret")
    assert not signature_valid(body + b" ", right, "secret")
    assert not signature_valid(body, right, "")


def test_adf_text_joins_paragraphs():
    doc = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a"}]}] * 2}
    assert adf_text(doc) == "a\na"
    assert adf_text("plain") == "plain"

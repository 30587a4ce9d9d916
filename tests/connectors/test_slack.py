"""Slack notices reach a local server: a promise turning late in the committed plan, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from connectors.models import Announcement
from connectors.services.connectors import connector_create
from connectors.services.notices import notices_send
from roadmap.services.features import feature_update
from tests.factories import CommitmentFactory, FeatureFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def slack(slack_server):
    slack_server.expect_request("/services/T000/B000/XXXX", method="POST").respond_with_data("ok")
    return connector_create(
        data={"kind": "slack", "name": "slack-roadmap", "options": {"site_url": "https://pb.example.com"}},
        credentials={"webhook_url": slack_server.url_for("/services/T000/B000/XXXX")},
    )


def _texts(server):
    import json

    return [json.loads(request.get_data())["text"] for request, _response in server.log]


def test_a_promise_that_turns_late_is_announced_once(slack, slack_server):
    today = timezone.localdate()
    feature = FeatureFactory(title="Storage tiering", team=TeamFactory(engineers=4), effort_weeks=2)
    CommitmentFactory(feature=feature, customer__name="Acme", promised_date=today + timedelta(days=40))

    assert notices_send(connector=slack, today=today)["sent"] == 0  # on time: nothing to say
    feature_update(feature=feature, data={"effort_weeks": 200})  # now it cannot make the date
    result = notices_send(connector=slack, today=today)
    assert result == {"sent": 1, "failed": 0, "errors": []}
    [text] = _texts(slack_server)
    assert text.startswith(":warning: A promise is now late: <https://pb.example.com/roadmap/features/")
    assert "|Storage tiering> for Acme, promised" in text
    assert notices_send(connector=slack, today=today)["sent"] == 0  # announced already
    assert Announcement.objects.filter(ok=True).count() == 1


def test_a_request_waiting_for_a_pm_and_an_accepted_scenario_are_announced(slack, slack_server):
    from tests.factories import ScenarioFactory

    today = timezone.localdate()
    CommitmentFactory(
        status="requested", feature__title="SSO", customer__name="Biglytics", promised_by=UserFactory(username="sam")
    )
    ScenarioFactory(name="Storage fix first", status="accepted", accepted_at=timezone.now())
    assert notices_send(connector=slack, today=today)["sent"] == 2
    texts = _texts(slack_server)
    assert any("A promise request waits for a PM" in t and "Biglytics" in t and "sam" in t for t in texts)
    assert any("Scenario accepted" in t and "Storage fix first" in t for t in texts)


def test_a_slack_failure_is_recorded_and_retried_next_time(slack_server):
    slack_server.expect_request("/hook", method="POST").respond_with_data("invalid_token", status=403)
    connector = connector_create(
        data={"kind": "slack", "name": "slack-bad"}, credentials={"webhook_url": slack_server.url_for("/hook")}
    )
    from tests.factories import ScenarioFactory

    ScenarioFactory(status="accepted", accepted_at=timezone.now())
    result = notices_send(connector=connector, today=timezone.localdate())
    assert (result["sent"], result["failed"]) == (0, 1)
    assert "Slack answered 403" in result["errors"][0]["message"]
    assert Announcement.objects.get().ok is False


def test_a_bot_token_posts_to_the_channel_through_slack_sdk(slack_server):
    slack_server.expect_request("/api/chat.postMessage", method="POST").respond_with_json({"ok": True, "ts": "1.0"})
    connector = connector_create(
        data={
            "kind": "slack",
            "name": "slack-bot",
            "base_url": slack_server.url_for("/api/"),
            "options": {"channel": "C123"},
        },
        credentials={"bot_token": "xoxb-test"},
    )
    from tests.factories import ScenarioFactory

    ScenarioFactory(status="accepted", accepted_at=timezone.now())
    assert notices_send(connector=connector, today=timezone.localdate())["sent"] == 1
    [(request, _response)] = slack_server.log
    assert request.headers["Authorization"] == "Bearer xoxb-test"

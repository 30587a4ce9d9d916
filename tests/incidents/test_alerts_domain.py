"""Alertmanager and PagerDuty payloads parsed and signatures checked on plain data: no database."""

import copy
import hashlib
import hmac
from datetime import UTC, datetime

import pytest

from incidents.domain.alerts import PayloadError, alertmanager_changes, pagerduty_change, pagerduty_signature_valid
from tests.incidents.payloads import ALERTMANAGER_FIRING, alertmanager_resolved, pagerduty_event


def test_alertmanager_zero_end_time_means_not_ended():
    [change] = alertmanager_changes(ALERTMANAGER_FIRING)
    assert change.action == "open"
    assert change.at == datetime(2026, 11, 20, 7, 58, tzinfo=UTC)
    assert (change.severity, change.category) == ("SEV1", "storage")
    assert change.deployment_names == ("vantage-prod",)


def test_alertmanager_resolved_alert_carries_its_end_time():
    [change] = alertmanager_changes(alertmanager_resolved())
    assert change.action == "resolve"
    assert change.at == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p.update(version="3"), "version"),
        (lambda p: p.update(alerts="nope"), "alerts"),
        (lambda p: p["alerts"][0].update(startsAt="yesterday"), "alerts[0].startsAt"),
        (lambda p: p["alerts"][0].update(status="maybe"), "alerts[0].status"),
    ],
)
def test_alertmanager_malformed_payloads_are_named(mutate, message):
    payload = copy.deepcopy(ALERTMANAGER_FIRING)
    mutate(payload)
    with pytest.raises(PayloadError, match=message.replace("[", r"\[").replace("]", r"\]")):
        alertmanager_changes(payload)


def test_pagerduty_signature_accepts_any_listed_v1_signature():
    body = b'{"event": {}}'
    good = hmac.new(b"new", body, hashlib.sha256).hexdigest()
    assert pagerduty_signature_valid(body, f"v1=deadbeef,v1={good}", ["new"])
    assert not pagerduty_signature_valid(body, f"v1={good}", ["old"])
    assert not pagerduty_signature_valid(body, "", ["new"])
    assert not pagerduty_signature_valid(body, f"v1={good}", [])


def test_pagerduty_priority_maps_to_severity_and_other_events_are_ignored():
    assert pagerduty_change(pagerduty_event()).severity == "SEV1"
    assert pagerduty_change(pagerduty_event(priority=None, urgency="low")).severity == "SEV3"
    assert pagerduty_change(pagerduty_event("service.updated")).action == "ignore"

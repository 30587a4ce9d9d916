from datetime import timedelta

import pytest
from django.utils import timezone

from desk.services.review import weekly_review_send
from tests.factories import CommitmentFactory, IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_what_changed_this_week(leadership_client, django_assert_max_num_queries):
    commitment = CommitmentFactory(feature__title="Shared spaces", customer__name="Westlake")
    commitment.promised_date += timedelta(days=30)
    commitment._change_reason = "Storage stabilization"
    commitment.save()
    IncidentFactory(title="Disk full at V", severity="SEV1")
    IncidentFactory(
        title="Old and fixed",
        reported_at=timezone.now() - timedelta(days=30),
        resolved_at=timezone.now() - timedelta(days=1),
        status="resolved",
    )
    # Constant in the data: the committed plan's summary, last week's plan version and this week's changes.
    with django_assert_max_num_queries(22):
        page = leadership_client.get("/review/weekly/")
    html = page.content.decode()
    for text in ["Shared spaces", "Westlake", "slipped", "Storage stabilization", "Disk full at V", "Old and fixed"]:
        assert text in html
    partial = leadership_client.get("/review/weekly/", {"week": "2020-01-06"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "Disk full at V" not in partial.content.decode()


def test_it_mails_the_review_to_leadership_as_html_and_text(mailoutbox):
    UserFactory(username="ceo", email="ceo@example.com", role="Leadership")
    UserFactory(username="nomail", email="", role="Leadership")
    IncidentFactory(title="<script>alert(1)</script> storage")
    assert weekly_review_send() == 1
    message = mailoutbox[0]
    assert message.to == ["ceo@example.com"]
    html = message.alternatives[0][0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Weekly review" in message.body


def test_a_promise_made_before_the_week_and_moved_in_it_shows_its_old_date(leadership_client):
    commitment = CommitmentFactory(feature__title="Cold tier", customer__name="Umbra")
    old_date = commitment.promised_date
    commitment.history.update(history_date=timezone.now() - timedelta(days=20))
    commitment.promised_date = old_date + timedelta(days=14)
    commitment._change_reason = "Stabilization first"
    commitment.save()
    html = leadership_client.get("/review/weekly/").content.decode()
    assert "Cold tier" in html
    assert "slipped" in html
    assert f"{old_date.isoformat()} → {(old_date + timedelta(days=14)).isoformat()}" in html


def test_it_compares_this_weeks_committed_plan_with_last_weeks(leadership_client, pm_user):
    from roadmap.models import PlanVersion
    from roadmap.services.plan_versions import plan_version_record
    from tests.factories import FeatureFactory

    feature = FeatureFactory(title="Offline sync", effort_weeks=10)
    CommitmentFactory(feature=feature, customer__name="Umbra", promised_date=timezone.localdate() + timedelta(days=7))
    old = plan_version_record(kind="daily", at=timezone.now() - timedelta(days=8))
    old.etas = {str(feature.pk): (timezone.localdate() + timedelta(days=3)).isoformat()}
    old.summary = {**old.summary, "promises_late": 0, "arr_at_risk": 0.0}
    old.save()
    plan_version_record(kind="accept", user=pm_user, reason="Disk full at V")
    html = leadership_client.get("/review/weekly/").content.decode()
    assert "The committed plan: this week and last" in html
    assert "Offline sync" in html  # its ETA moved since last week's version
    assert "Disk full at V" in html
    assert PlanVersion.objects.count() == 2

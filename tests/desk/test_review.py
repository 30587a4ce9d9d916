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

"""A real Celery worker on the configured broker (Redis in CI) keeps priority scores current."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from core.jobs import jobs_reconcile
from core.models import Job
from roadmap.models import PriorityScore
from roadmap.services.commitments import commitment_create
from roadmap.services.features import feature_create
from roadmap.services.scoring import CHANGES_JOB_KEY
from tests.conftest import wait_for
from tests.factories import CustomerFactory, FeatureFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _promise(*, feature, customer, strength: str):
    promised = date.today() + timedelta(days=90)
    data = {"feature": feature, "customer": customer, "promised_date": promised, "strength": strength}
    return commitment_create(data=data)


def test_it_recomputes_a_score_in_the_worker_after_a_change(celery_worker_process):
    commitment = _promise(feature=FeatureFactory(), customer=CustomerFactory(), strength="contractual")
    score = wait_for(lambda: PriorityScore.objects.filter(feature=commitment.feature).first(), timeout=120)
    assert score.rank == 1
    assert score.breakdown["terms"]["time_criticality"]["inputs"][0]["strength"] == "contractual"
    wait_for(lambda: Job.objects.filter(key=CHANGES_JOB_KEY, status="done").exists(), timeout=60)

    later = FeatureFactory()
    _promise(feature=later, customer=commitment.customer, strength="soft")
    assert wait_for(lambda: PriorityScore.objects.filter(feature=later).first(), timeout=120).rank is not None


def test_it_resends_a_recompute_the_broker_lost(celery_worker_process):
    wait_for(lambda: not Job.objects.filter(key=CHANGES_JOB_KEY, status__in=["queued", "running"]).exists(), 60)
    team = FeatureFactory().team
    with mock.patch("core.jobs._send"):  # the broker loses the message
        feature = feature_create(data={"title": "Lost", "team": team, "effort_weeks": Decimal(2)})
    job = Job.objects.get(key=CHANGES_JOB_KEY)
    assert job.status == "queued"
    Job.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=5))
    assert jobs_reconcile() == 1
    assert wait_for(lambda: PriorityScore.objects.filter(feature=feature).first(), timeout=120)
    assert wait_for(lambda: Job.objects.filter(key=CHANGES_JOB_KEY, status="done", runs__gte=1).exists(), 60)

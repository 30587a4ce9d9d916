"""Recomputing, ranking, snapshotting and queueing priority scores against the database."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from core.jobs import jobs_reconcile
from core.models import Job, JobStatus
from customers.models import CapacityForecast
from customers.services.customers import persona_update
from customers.services.forecasts import forecast_refresh
from incidents.services.incidents import incident_update
from roadmap.models import FeatureRequest, PriorityScore, PriorityScoreSnapshot, ScoreChange, ScoringPolicy
from roadmap.services.commitments import commitment_create
from roadmap.services.features import feature_create, feature_request_record, feature_update
from roadmap.services.scoring import (
    CHANGES_JOB_KEY,
    RECOMPUTE_JOB_KEY,
    scores_recompute_all,
    scores_recompute_features,
    scores_recompute_incidents,
    scores_recompute_soon,
)
from tests.factories import (
    AffectedCustomerFactory,
    CommitmentFactory,
    CustomerFactory,
    DeploymentFactory,
    FeatureFactory,
    IncidentFactory,
    PersonaFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture
def sent(monkeypatch):
    """Capture broker sends instead of talking to a broker."""
    messages = []
    monkeypatch.setattr("core.jobs.current_app.send_task", lambda name, **kw: messages.append((name, kw)))
    return messages


def _story():
    big = CustomerFactory(arr=Decimal("500000"), tier="strategic")
    small = CustomerFactory(arr=Decimal("20000"), tier="standard")
    eb = PersonaFactory(customer=big, role="EB")
    promised = FeatureFactory(title="Promised to big")
    asked = FeatureFactory(title="Asked by small")
    CommitmentFactory(feature=promised, customer=big, persona=eb, promised_date=TODAY + timedelta(days=20))
    FeatureRequest.objects.create(feature=asked, customer=small, requested_at=timezone.now())
    incident = IncidentFactory(severity="SEV1", reported_at=timezone.now() - timedelta(days=3))
    AffectedCustomerFactory(incident=incident, customer=big, vip_affected=True)
    resolved = IncidentFactory(
        severity="SEV3", status="resolved", reported_at=timezone.now() - timedelta(days=9), resolved_at=timezone.now()
    )
    return promised, asked, incident, resolved


def test_it_scores_ranks_and_explains_every_open_feature_and_incident():
    promised, asked, incident, resolved = _story()
    FeatureFactory(status="done")
    result = scores_recompute_all(today=TODAY)
    assert result["features"] == 2
    assert result["incidents"] == 2
    top = PriorityScore.objects.get(feature=promised)
    assert top.rank == 1
    assert PriorityScore.objects.get(feature=asked).rank == 2
    assert top.policy_version == ScoringPolicy.objects.get(is_active=True).version
    assert top.breakdown["terms"]["business_value"]["inputs"][0]["persona"] == "EB"
    assert top.breakdown["terms"]["time_criticality"]["inputs"][0]["days_left"] == 20
    assert PriorityScore.objects.get(incident=incident).rank == 1
    assert PriorityScore.objects.get(incident=resolved).rank is None
    assert PriorityScore.objects.get(incident=incident).breakdown["terms"]["promises"]["inputs"] == {"firm": 1}


def test_it_ensures_a_default_policy():
    assert not ScoringPolicy.objects.exists()
    scores_recompute_all(today=TODAY)
    assert ScoringPolicy.objects.get().is_active


def test_it_uses_the_active_policy_weights_and_version():
    promised, *_ = _story()
    ScoringPolicy.objects.create(version=7, name="Contract first", weights={"strength": {"firm": 10}}, is_active=True)
    scores_recompute_all(today=TODAY)
    score = PriorityScore.objects.get(feature=promised)
    assert score.policy_version == 7
    assert score.breakdown["terms"]["time_criticality"]["inputs"][0]["strength_weight"] == 10.0


def test_it_changes_nothing_when_run_twice():
    _story()
    scores_recompute_all(today=TODAY)
    fields = ("id", "feature", "incident", "score", "rank", "breakdown")
    first = list(PriorityScore.objects.order_by("id").values(*fields))
    scores_recompute_all(today=TODAY)
    assert list(PriorityScore.objects.order_by("id").values(*fields)) == first
    assert PriorityScoreSnapshot.objects.count() == 3


def test_it_drops_the_score_of_a_feature_that_is_done():
    promised, asked, *_ = _story()
    scores_recompute_all(today=TODAY)
    promised.status = "done"
    promised.save()
    scores_recompute_all(today=TODAY)
    assert not PriorityScore.objects.filter(feature=promised).exists()
    assert PriorityScore.objects.get(feature=asked).rank == 1


def test_it_adds_the_first_full_deployment_to_stabilization_work():
    stab = FeatureFactory(kind="stabilization")
    for days in (30, 14):
        CapacityForecast.objects.create(
            deployment=DeploymentFactory(),
            status="filling",
            method="linear",
            capacity_bytes=1,
            full_at=timezone.make_aware(datetime(2026, 11, 23) + timedelta(days=days)),
            computed_at=timezone.now(),
        )
    scores_recompute_all(today=TODAY)
    fleet = PriorityScore.objects.get(feature=stab).breakdown["terms"]["time_criticality"]["fleet"]
    assert fleet["days_until_first_full"] == 14.0


def test_it_counts_linked_incidents_as_risk_reduction():
    stab = FeatureFactory(kind="stabilization")
    incident = IncidentFactory(severity="SEV2")
    AffectedCustomerFactory(incident=incident)
    AffectedCustomerFactory(incident=incident, vip_affected=True)
    stab.incidents.add(incident)
    scores_recompute_all(today=TODAY)
    rr = PriorityScore.objects.get(feature=stab).breakdown["terms"]["risk_reduction"]
    assert rr["inputs"][0]["customers"] == 2
    assert rr["inputs"][0]["vip_customers"] == 1
    assert rr["value"] == pytest.approx(8 * (2 + 2))


def test_it_recomputes_some_features_and_reranks_all():
    promised, asked, *_ = _story()
    scores_recompute_all(today=TODAY)
    for _ in range(6):
        FeatureRequest.objects.create(
            feature=asked,
            customer=CustomerFactory(arr=Decimal("900000"), tier="strategic"),
            requested_at=timezone.now(),
        )
    assert scores_recompute_features(feature_ids=[asked.id], today=TODAY) == 1
    assert PriorityScore.objects.get(feature=asked).rank == 1
    assert PriorityScore.objects.get(feature=promised).rank == 2


def test_it_recomputes_some_incidents_and_reranks_open_ones():
    _promised, _asked, incident, resolved = _story()
    scores_recompute_all(today=TODAY)
    other = IncidentFactory(severity="SEV1")
    for _ in range(12):
        AffectedCustomerFactory(incident=other, vip_affected=True)
    scores_recompute_incidents(incident_ids=[other.id], today=TODAY)
    assert PriorityScore.objects.get(incident=other).rank == 1
    assert PriorityScore.objects.get(incident=incident).rank == 2
    assert PriorityScore.objects.get(incident=resolved).rank is None


def test_it_recomputes_in_a_constant_number_of_queries(django_assert_max_num_queries):
    _story()
    scores_recompute_all(today=TODAY)
    with django_assert_max_num_queries(30) as small:
        scores_recompute_all(today=TODAY)
    for _ in range(8):
        _story()
    with django_assert_max_num_queries(30) as large:
        scores_recompute_all(today=TODAY)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_snapshots_ranks_once_a_week():
    _story()
    scores_recompute_all(today=TODAY - timedelta(days=7))
    scores_recompute_all(today=TODAY)
    scores_recompute_all(today=TODAY + timedelta(days=1))
    weeks = set(PriorityScoreSnapshot.objects.values_list("week", flat=True))
    assert weeks == {date(2026, 11, 16), date(2026, 11, 23)}


def test_it_queues_one_recompute_for_many_changes_in_a_transaction(sent, django_capture_on_commit_callbacks):
    personas = [PersonaFactory() for _ in range(20)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for persona in personas:
            persona_update(persona=persona, data={"is_vip": True})
    assert [name for name, _kw in sent] == ["roadmap.tasks.scores_recompute_changes"]
    assert Job.objects.get(key=CHANGES_JOB_KEY).status == JobStatus.QUEUED
    assert sent[0][1]["countdown"] > 0
    assert set(ScoreChange.objects.values_list("kind", "object_id")) == {("customer", p.customer_id) for p in personas}


def test_it_coalesces_changes_while_a_recompute_is_queued(sent, django_capture_on_commit_callbacks):
    incidents = [IncidentFactory() for _ in range(5)]
    for incident in incidents:
        with django_capture_on_commit_callbacks(execute=True):
            incident_update(incident=incident, data={"severity": "SEV1"})
    assert len(sent) == 1
    assert Job.objects.get(key=CHANGES_JOB_KEY).generation == 1
    assert ScoreChange.objects.filter(kind="incident").count() == 5


def test_a_change_that_names_nothing_recomputes_every_score(sent, django_capture_on_commit_callbacks):
    from core.changes import inputs_changed

    with django_capture_on_commit_callbacks(execute=True):
        inputs_changed(plan=False, scores=True)
    assert [name for name, _kw in sent] == ["roadmap.tasks.scores_recompute_all"]
    assert not ScoreChange.objects.exists()


def _feature_new():
    team = FeatureFactory().team
    return lambda: feature_create(data={"title": "New", "team": team, "effort_weeks": Decimal(3)})


def _commitment_new():
    feature, customer = FeatureFactory(), CustomerFactory()
    promised = date.today() + timedelta(days=90)
    return lambda: commitment_create(data={"feature": feature, "customer": customer, "promised_date": promised})


def _customer_hit():
    incident, customer = IncidentFactory(), CustomerFactory()
    return lambda: incident_update(incident=incident, data={}, customer_ids=[customer.pk])


def _request_new():
    feature, customer = FeatureFactory(), CustomerFactory()
    return lambda: feature_request_record(feature=feature, customer=customer)


def _incident_linked():
    feature, incident = FeatureFactory(), IncidentFactory()
    return lambda: feature_update(feature=feature, data={"incidents": [incident]})


def _forecast_refreshed():
    deployment = DeploymentFactory()
    return lambda: forecast_refresh(deployment_id=deployment.pk)


@pytest.mark.parametrize(
    "arrange",
    [_feature_new, _commitment_new, _customer_hit, _request_new, _incident_linked, _forecast_refreshed],
    ids=["feature", "commitment", "affected-customer", "request", "linked-incident", "forecast"],
)
def test_it_queues_a_recompute_when_an_input_changes(sent, django_capture_on_commit_callbacks, arrange):
    change = arrange()  # data made by factories announces nothing
    assert not Job.objects.filter(key=CHANGES_JOB_KEY).exists()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    assert Job.objects.filter(key=CHANGES_JOB_KEY, status=JobStatus.QUEUED).exists()
    assert ScoreChange.objects.exists()


def _change_then_fail():
    with transaction.atomic():
        scores_recompute_soon()
        raise RuntimeError


def test_it_queues_nothing_when_the_transaction_rolls_back(sent):
    with pytest.raises(RuntimeError):
        _change_then_fail()
    assert not sent
    assert not Job.objects.filter(key=RECOMPUTE_JOB_KEY).exists()


def test_it_resends_a_recompute_whose_message_was_lost(sent, django_capture_on_commit_callbacks):
    change = _commitment_new()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    sent.clear()  # the broker lost the message
    Job.objects.filter(key=CHANGES_JOB_KEY).update(queued_at=timezone.now() - timedelta(minutes=5))
    assert jobs_reconcile() == 1
    assert [name for name, _kw in sent] == ["roadmap.tasks.scores_recompute_changes"]
    assert sent[0][1]["kwargs"]["job_key"] == CHANGES_JOB_KEY


def test_it_runs_the_tasks_directly_and_a_second_run_changes_nothing(sent, django_capture_on_commit_callbacks):
    from roadmap.tasks import scores_nightly
    from roadmap.tasks import scores_recompute_all as task

    promised, *_ = _story()
    with django_capture_on_commit_callbacks(execute=True):
        assert scores_nightly() is True
    kwargs = sent[-1][1]["kwargs"]
    task(**kwargs)
    first = PriorityScore.objects.get(feature=promised).score
    assert task(**kwargs) is None  # the same message again is recognised as stale and skipped
    task()
    assert PriorityScore.objects.get(feature=promised).score == first
    assert Job.objects.get(key=RECOMPUTE_JOB_KEY).runs == 1


def test_it_declares_retries_and_late_acks_on_the_tasks():
    from roadmap import tasks

    for task in (
        tasks.scores_recompute_all,
        tasks.scores_recompute_features,
        tasks.scores_recompute_incidents,
        tasks.scores_recompute_changes,
    ):
        assert task.acks_late is True
        assert task.reject_on_worker_lost is True
        assert task.autoretry_for
        assert task.retry_backoff


def test_it_schedules_a_nightly_recompute():
    from config.celery import app

    assert "roadmap.tasks.scores_nightly" in {entry["task"] for entry in app.conf.beat_schedule.values()}

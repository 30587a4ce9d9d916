from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from roadmap.models import Decision, Preemption, PriorityScore, ScoringPolicy
from tests.factories import CommitmentFactory, FeatureFactory, IncidentFactory, ScenarioFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_it_bounds_preemption_share_between_zero_and_one():
    scenario, team = ScenarioFactory(), TeamFactory()
    _violates(
        lambda: Preemption.objects.create(
            scenario=scenario, team=team, starts_on=timezone.localdate(), weeks=6, share=Decimal("1.5")
        )
    )
    _violates(
        lambda: Preemption.objects.create(
            scenario=scenario, team=team, starts_on=timezone.localdate(), weeks=6, share=Decimal("0")
        )
    )


def test_it_requires_a_new_date_when_a_decision_moves_a_promise():
    scenario, commitment = ScenarioFactory(), CommitmentFactory()
    _violates(lambda: Decision.objects.create(scenario=scenario, commitment=commitment, action="move"))
    Decision.objects.create(
        scenario=scenario, commitment=commitment, action="move", new_date=timezone.localdate() + timedelta(days=30)
    )


def test_it_allows_only_one_live_commitment_per_feature_and_customer():
    commitment = CommitmentFactory()
    _violates(lambda: CommitmentFactory(feature=commitment.feature, customer=commitment.customer))
    commitment.status = "cancelled"
    commitment.save()
    CommitmentFactory(feature=commitment.feature, customer=commitment.customer)


def test_it_keeps_the_history_of_a_commitment():
    commitment = CommitmentFactory()
    commitment.promised_date += timedelta(days=14)
    commitment._change_reason = "storage stabilization"
    commitment.save()
    history = list(commitment.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_change_reason == "storage stabilization"


def test_it_allows_only_one_active_scoring_policy():
    ScoringPolicy.objects.create(version=1, name="a", is_active=True)
    _violates(lambda: ScoringPolicy.objects.create(version=2, name="b", is_active=True))


def test_it_requires_exactly_one_target_per_score():
    feature, incident = FeatureFactory(), IncidentFactory()
    now = timezone.now()
    _violates(lambda: PriorityScore.objects.create(score=1, policy_version=1, computed_at=now))
    _violates(
        lambda: PriorityScore.objects.create(
            feature=feature, incident=incident, score=1, policy_version=1, computed_at=now
        )
    )


def test_it_rejects_effort_bounds_that_do_not_bracket_the_estimate():
    _violates(lambda: FeatureFactory(effort_weeks=Decimal("8"), effort_low_weeks=Decimal("9")))
    _violates(lambda: FeatureFactory(effort_weeks=Decimal("8"), effort_high_weeks=Decimal("7")))

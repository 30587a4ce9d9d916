"""Re-scoring only what a change reaches: which scores a change touches, flat query counts, and the same
ranking as a recompute from scratch."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import CapacityForecast
from customers.services.customers import customer_update, persona_update
from customers.services.forecasts import forecast_refresh
from incidents.services.incidents import incident_update
from roadmap.models import FeatureRequest, PriorityScore, ScoreChange
from roadmap.services.commitments import commitment_update
from roadmap.services.features import feature_update
from roadmap.services.scoring import scores_recompute_all, scores_recompute_changes
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

TODAY = date.today()  # promises must lie ahead of the real today


def _world(n: int, *, seed: int = 0):
    """n customers, each with a persona, a requested feature, a promised feature and an incident that hits it;
    every other incident linked to a feature; one stabilization feature."""
    customers = []
    for i in range(n):
        customer = CustomerFactory(
            arr=Decimal(50_000 + 10_000 * ((i + seed) % 7)), tier=["strategic", "key", "standard"][i % 3]
        )
        persona = PersonaFactory(customer=customer, role=["EB", "TB", "UB"][i % 3])
        asked = FeatureFactory(effort_weeks=Decimal(2 + i % 5))
        FeatureRequest.objects.create(feature=asked, customer=customer, persona=persona, requested_at=timezone.now())
        promised = FeatureFactory(effort_weeks=Decimal(3 + i % 4))
        CommitmentFactory(
            feature=promised,
            customer=customer,
            persona=persona,
            promised_date=TODAY + timedelta(days=10 + 7 * i),
            strength=["contractual", "firm", "soft"][i % 3],
        )
        incident = IncidentFactory(severity=["SEV1", "SEV2", "SEV3", "SEV4"][i % 4])
        AffectedCustomerFactory(incident=incident, customer=customer, vip_affected=i % 2 == 0)
        if i % 2:
            asked.incidents.add(incident)
        customers.append(customer)
    FeatureFactory(kind="stabilization", effort_weeks=Decimal(20))
    return customers


def _ranks():
    return {
        "features": dict(PriorityScore.objects.filter(feature__isnull=False).values_list("feature_id", "rank")),
        "incidents": dict(PriorityScore.objects.filter(incident__isnull=False).values_list("incident_id", "rank")),
        "scores": dict(PriorityScore.objects.values_list("id", "score")),
    }


def _computed_at():
    return dict(PriorityScore.objects.values_list("id", "computed_at"))


def test_a_customer_change_rescores_only_its_features_and_incidents(django_capture_on_commit_callbacks):
    customers = _world(4)
    scores_recompute_all(today=TODAY)
    before = _computed_at()
    target = customers[1]
    with django_capture_on_commit_callbacks(execute=False):
        customer_update(customer=target, data={"arr": Decimal("2000000")})
    result = scores_recompute_changes(today=TODAY)
    after = _computed_at()
    touched = {pk for pk in after if after[pk] != before.get(pk)}
    mine = (
        set(PriorityScore.objects.filter(feature__requests__customer=target).values_list("id", flat=True))
        | set(PriorityScore.objects.filter(feature__commitments__customer=target).values_list("id", flat=True))
        | set(PriorityScore.objects.filter(incident__affected__customer=target).values_list("id", flat=True))
    )
    assert touched == mine
    assert result == {"changes": 1, "features": 2, "incidents": 1}
    assert not ScoreChange.objects.exists()


@pytest.mark.parametrize("change", ["persona", "promise", "incident", "forecast", "feature"])
def test_each_change_rescores_what_it_reaches_and_ends_where_a_full_run_ends(
    change, django_capture_on_commit_callbacks
):
    customers = _world(4)
    scores_recompute_all(today=TODAY)
    customer = customers[2]
    with django_capture_on_commit_callbacks(execute=False):
        if change == "persona":
            persona_update(persona=customer.personas.get(), data={"role": "EB"})
        elif change == "promise":
            commitment = customer.commitments.get()
            commitment_update(commitment=commitment, data={"strength": "contractual"})
        elif change == "incident":
            incident_update(incident=customer.incident_links.get().incident, data={"severity": "SEV1"})
        elif change == "forecast":
            deployment = DeploymentFactory(customer=customer)
            forecast_refresh(deployment_id=deployment.pk)
            CapacityForecast.objects.filter(deployment=deployment).update(
                status="filling", full_at=timezone.now() + timedelta(days=9)
            )
        else:
            feature = customer.feature_requests.get().feature
            feature_update(feature=feature, data={"progress": Decimal("0.5")})
    result = scores_recompute_changes(today=TODAY)
    assert result["features"] + result["incidents"] >= 1
    incremental = _ranks()
    scores_recompute_all(today=TODAY)
    assert _ranks() == incremental


def test_a_full_run_forgets_the_changes_it_covers(django_capture_on_commit_callbacks):
    customers = _world(2)
    with django_capture_on_commit_callbacks(execute=False):
        customer_update(customer=customers[0], data={"arr": Decimal("1")})
    assert ScoreChange.objects.count() == 1
    scores_recompute_all(today=TODAY)
    assert not ScoreChange.objects.exists()
    assert scores_recompute_changes(today=TODAY) == {"changes": 0, "features": 0, "incidents": 0}


def _one_change_of_each_kind(customers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        customer_update(customer=customers[0], data={"arr": Decimal("700000")})
        persona_update(persona=customers[1].personas.get(), data={"role": "UB"})
        incident_update(incident=customers[2].incident_links.get().incident, data={"severity": "SEV1"})
        feature_update(feature=customers[3].feature_requests.get().feature, data={"progress": Decimal("0.25")})


@pytest.mark.parametrize("size", [4, 24])
def test_incremental_rescoring_runs_a_flat_number_of_queries(
    size, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    customers = _world(size)
    scores_recompute_all(today=TODAY)
    _one_change_of_each_kind(customers, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(50):
        result = scores_recompute_changes(today=TODAY)
    assert result["changes"] == 4


def test_incremental_and_full_query_counts_do_not_grow_with_the_data(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    counts = {}
    for size, seed in ((4, 0), (40, 1)):
        customers = _world(size, seed=seed)
        scores_recompute_all(today=TODAY)
        with django_assert_max_num_queries(30) as full:
            scores_recompute_all(today=TODAY)
        _one_change_of_each_kind(customers[-4:], django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(50) as incremental:
            scores_recompute_changes(today=TODAY)
        counts[size] = (len(full.captured_queries), len(incremental.captured_queries))
    assert counts[4] == counts[40]


changes = st.lists(
    st.tuples(
        st.sampled_from(["arr", "tier", "role", "severity", "status", "vip", "progress", "date"]),
        st.integers(0, 5),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes)
def test_the_ranking_is_the_same_incrementally_or_from_scratch(django_capture_on_commit_callbacks, steps):
    sid = transaction.savepoint()
    try:
        customers = _world(6)
        scores_recompute_all(today=TODAY)
        with django_capture_on_commit_callbacks(execute=False):
            for what, index, choice in steps:
                customer = customers[index]
                if what == "arr":
                    customer_update(customer=customer, data={"arr": Decimal(10_000 + 250_000 * choice)})
                elif what == "tier":
                    customer_update(customer=customer, data={"tier": ["strategic", "key", "standard", "key"][choice]})
                elif what == "role":
                    persona_update(persona=customer.personas.get(), data={"role": ["EB", "TB", "UB", "EB"][choice]})
                elif what in ("severity", "status", "vip"):
                    link = customer.incident_links.get()
                    if what == "vip":
                        link.vip_affected = not link.vip_affected
                        link.save()
                        incident_update(incident=link.incident, data={})
                    elif what == "severity":
                        incident_update(incident=link.incident, data={"severity": f"SEV{choice + 1}"})
                    else:
                        incident_update(
                            incident=link.incident, data={"status": ["open", "solving", "mitigated", "open"][choice]}
                        )
                elif what == "progress":
                    feature = customer.feature_requests.get().feature
                    feature_update(feature=feature, data={"progress": Decimal(choice) / 4})
                else:
                    commitment = customer.commitments.get()
                    commitment_update(
                        commitment=commitment,
                        data={"promised_date": TODAY + timedelta(days=5 + 30 * choice)},
                        reason="moved",
                    )
        scores_recompute_changes(today=TODAY)
        incremental = _ranks()
        scores_recompute_all(today=TODAY)
        assert _ranks() == incremental
    finally:
        transaction.savepoint_rollback(sid)


def test_a_change_recorded_while_a_run_works_is_left_for_the_next_run(monkeypatch, django_capture_on_commit_callbacks):
    from core.changes import Touched
    from roadmap.services import scoring

    customers = _world(2)
    scores_recompute_all(today=TODAY)
    with django_capture_on_commit_callbacks(execute=False):
        customer_update(customer=customers[0], data={"arr": Decimal("300000")})
    resolve = scoring.touched_scores_resolve

    def resolve_while_another_change_lands(touched):
        # The same customer changes again (another request) after this run read its changes.
        scoring.score_changes_record(Touched(customers={customers[0].pk}))
        return resolve(touched)

    monkeypatch.setattr(scoring, "touched_scores_resolve", resolve_while_another_change_lands)
    with django_capture_on_commit_callbacks(execute=False):
        assert scores_recompute_changes(today=TODAY)["changes"] == 1
    assert list(ScoreChange.objects.values_list("kind", "object_id")) == [("customer", customers[0].pk)]

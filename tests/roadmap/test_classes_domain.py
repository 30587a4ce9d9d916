"""Classes of service and the ranking lanes they set, on plain data: no database."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from roadmap.domain.classes import EXPEDITE, FIXED_DATE, INTANGIBLE, STANDARD, FleetState, class_of_service
from roadmap.domain.scoring import (
    AffectedInput,
    IncidentImpact,
    IncidentInput,
    Policy,
    Promise,
    rank_scores,
    score_feature,
    score_incident,
)
from tests.roadmap.scoring_strategies import affected, ask, feature, features, severities

TODAY = date(2026, 11, 23)
POLICY = Policy.from_weights(version=1, weights={})
SEV1_OPEN = IncidentImpact(7, "Vantage: disk full", "SEV1", True, customers=1, vip_customers=1)
FLEET = FleetState(deadline=TODAY + timedelta(days=11), days_until_first_full=12.7, next_to_fill="vantage-prod (V)")


def codes(service):
    return [r["code"] for r in service.reasons]


def test_an_open_sev1_on_a_linked_incident_makes_stabilization_expedite_with_its_deadline_as_a_reason():
    service = class_of_service(feature(kind="stabilization", incidents=(SEV1_OPEN,), fleet=FLEET), today=TODAY)
    assert service.name == EXPEDITE
    assert codes(service) == ["sev1_open", "fleet_deadline"]
    assert service.reasons[0]["incident"] == "Vantage: disk full"
    assert service.deadline == TODAY + timedelta(days=11)


def test_a_full_deployment_makes_stabilization_expedite():
    full = FLEET._replace(full_now=("umbra-prod (U)",))
    service = class_of_service(feature(kind="stabilization", fleet=full), today=TODAY)
    assert service.name == EXPEDITE
    assert service.reasons[0] == {
        "code": "deployment_full",
        "text": "Already full: umbra-prod (U)",
        "deployments": ["umbra-prod (U)"],
    }


def test_the_fleet_deadline_makes_stabilization_fixed_date():
    service = class_of_service(feature(kind="stabilization", fleet=FLEET), today=TODAY)
    assert service.name == FIXED_DATE
    assert service.reasons[0]["deployment"] == "vantage-prod (V)"
    assert service.reasons[0]["days"] == 12.7


def test_the_fleet_does_not_make_other_work_fixed_date():
    assert class_of_service(feature(fleet=FLEET), today=TODAY).name == INTANGIBLE


def test_a_resolved_sev1_does_not_expedite():
    resolved = SEV1_OPEN._replace(is_open=False)
    assert class_of_service(feature(incidents=(resolved,)), today=TODAY).name == STANDARD


def test_a_contractual_promise_makes_a_feature_fixed_date_on_its_earliest_date():
    promises = (
        Promise(2, "W", TODAY + timedelta(days=56), "contractual"),
        Promise(1, "V", TODAY + timedelta(days=42), "contractual"),
        Promise(3, "U", TODAY + timedelta(days=10), "firm"),
    )
    service = class_of_service(feature(promises=promises), today=TODAY)
    assert service.name == FIXED_DATE
    assert service.deadline == TODAY + timedelta(days=42)
    assert [r["customer"] for r in service.reasons] == ["V", "W"]


def test_firm_promises_and_requests_are_standard_and_nothing_waiting_is_intangible():
    firm = feature(asks=(ask(),), promises=(Promise(1, "C1", TODAY + timedelta(days=5), "firm"),))
    assert class_of_service(firm, today=TODAY).name == STANDARD
    assert codes(class_of_service(firm, today=TODAY)) == ["customers_waiting"]
    assert class_of_service(feature(), today=TODAY).name == INTANGIBLE


def test_a_passed_contractual_date_jumps_while_a_passed_firm_one_stays_at_full_urgency():
    def tc(strength, days):
        f = feature(promises=(Promise(1, "C1", TODAY + timedelta(days=days), strength),))
        return score_feature(f, POLICY, today=TODAY).breakdown["terms"]["time_criticality"]["value"]

    assert tc("contractual", -1) == 2 * tc("contractual", 0)
    assert tc("firm", -1) == tc("firm", 0)


def test_the_demo_stabilization_ranks_first_although_small_work_scores_higher():
    stabilization = feature(
        feature_id=1,
        kind="stabilization",
        effort_weeks=28.0,
        asks=(ask(1, 900_000, "strategic", "EB"), ask(2, 300_000, "key", "TB")),
        incidents=(SEV1_OPEN,),
        fleet=FLEET,
    )
    small = feature(feature_id=2, effort_weeks=2.0, asks=(ask(3, 2_000_000, "strategic", "EB", True),))
    scored = {f.feature_id: score_feature(f, POLICY, today=TODAY) for f in (stabilization, small)}
    assert scored[2].score > scored[1].score
    ranks = rank_scores({i: s.score for i, s in scored.items()}, {i: s.lane for i, s in scored.items()})
    assert ranks == {1: 1, 2: 2}


# --- Properties ---------------------------------------------------------------------------------

weights = st.fixed_dictionaries(
    {},
    optional={
        "expedite_points": st.floats(0, 500),
        "terms": st.fixed_dictionaries({"business_value": st.floats(0, 20), "time_criticality": st.floats(0, 20)}),
        "min_job_size_weeks": st.floats(0.1, 5),
    },
)


@given(st.lists(features, min_size=2, max_size=8), weights)
def test_an_expedite_item_never_ranks_below_a_standard_one(items, overrides):
    policy = Policy.from_weights(version=1, weights=overrides)
    items = [replace(f, feature_id=i) for i, f in enumerate(items)]
    scored = {f.feature_id: score_feature(f, policy, today=TODAY) for f in items}
    ranks = rank_scores({i: s.score for i, s in scored.items()}, {i: s.lane for i, s in scored.items()})
    classes = {i: s.breakdown["class_of_service"]["name"] for i, s in scored.items()}
    for i in scored:
        for j in scored:
            if classes[i] == EXPEDITE and classes[j] in (STANDARD, FIXED_DATE, INTANGIBLE):
                assert ranks[i] < ranks[j]


@given(features, st.integers(0, 2), st.integers(1, 400))
def test_moving_a_promise_earlier_never_lowers_its_features_urgency_or_score(f, index, days):
    if not f.promises:
        return
    i = index % len(f.promises)
    nearer = list(f.promises)
    p = nearer[i]
    nearer[i] = Promise(p.customer_id, p.customer_name, p.promised_date - timedelta(days=days), p.strength)
    before = score_feature(f, POLICY, today=TODAY)
    after = score_feature(replace(f, promises=tuple(nearer)), POLICY, today=TODAY)
    tc = "time_criticality"
    assert after.breakdown["terms"][tc]["value"] >= before.breakdown["terms"][tc]["value"]
    assert after.score >= before.score
    assert after.lane <= before.lane


@given(affected, severities, st.integers(0, 400), st.integers(0, 5), st.booleans())
def test_adding_a_vip_to_an_incident_never_lowers_its_score(hit, severity, age, index, new_customer):
    base = IncidentInput(1, "I", severity, True, TODAY - timedelta(days=age), tuple(hit))
    if new_customer or not hit:
        more = (*hit, AffectedInput(99, "VIP customer", 0.0, "standard", True))
    else:
        i = index % len(hit)
        more = tuple(a._replace(vip_affected=True) if n == i else a for n, a in enumerate(hit))
    before = score_incident(base, POLICY, today=TODAY).score
    assert score_incident(base._replace(affected=more), POLICY, today=TODAY).score >= before


@given(affected, affected, st.integers(0, 2000), st.integers(0, 2000), st.sampled_from([0, 1, 2]))
def test_age_raises_an_incident_within_its_severity_never_above_a_worse_one(hit_a, hit_b, age_a, age_b, gap):
    worse = IncidentInput(1, "worse", "SEV1" if gap == 0 else "SEV2", True, TODAY - timedelta(days=age_a), tuple(hit_a))
    milder = IncidentInput(
        2, "milder", ["SEV2", "SEV3", "SEV4"][gap], True, TODAY - timedelta(days=age_b), tuple(hit_b)
    )
    scored = {i.incident_id: score_incident(i, POLICY, today=TODAY) for i in (worse, milder)}
    ranks = rank_scores({i: s.score for i, s in scored.items()}, {i: s.lane for i, s in scored.items()})
    assert ranks[1] < ranks[2]
    older = score_incident(milder._replace(reported_on=milder.reported_on - timedelta(days=30)), POLICY, today=TODAY)
    assert older.score >= scored[2].score


def test_an_old_sev4_no_longer_outranks_a_fresh_sev1():
    sev4 = IncidentInput(
        1,
        "Export timeouts",
        "SEV4",
        True,
        TODAY - timedelta(days=241),
        tuple(AffectedInput(i, "C", 900_000, "strategic", False) for i in range(5)),
        ("contractual",) * 4,
    )
    sev1 = IncidentInput(
        2,
        "disk full",
        "SEV1",
        True,
        TODAY - timedelta(days=3),
        (AffectedInput(9, "V", 480_000, "strategic", True, 12.7),),
    )
    scored = {i.incident_id: score_incident(i, POLICY, today=TODAY) for i in (sev4, sev1)}
    assert rank_scores({i: s.score for i, s in scored.items()}, {i: s.lane for i, s in scored.items()}) == {2: 1, 1: 2}
    assert scored[1].breakdown["age_factor"]["value"] == 1.5  # ageing is capped: x1.5 at most

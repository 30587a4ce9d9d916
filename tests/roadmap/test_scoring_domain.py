"""The priority score formula on plain data: no database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap.domain.classes import FleetState
from roadmap.domain.scoring import (
    DEFAULT_WEIGHTS,
    AffectedInput,
    CustomerAsk,
    FeatureInput,
    IncidentImpact,
    IncidentInput,
    Policy,
    Promise,
    merge_weights,
    rank_scores,
    score_feature,
    score_incident,
    validate_weights,
)
from tests.roadmap.scoring_strategies import affected, ask, feature, features

TODAY = date(2026, 11, 23)
POLICY = Policy.from_weights(version=3, weights={})


def test_it_computes_the_feature_formula_term_by_term():
    f = feature(
        asks=(ask(arr=200_000, tier="strategic", role="EB", promised=True),),
        promises=(Promise(1, "C1", TODAY, "contractual"),),
        incidents=(IncidentImpact(7, "Disk full", "SEV1", True, customers=2, vip_customers=1),),
        effort_weeks=8,
        progress=0.5,
    )
    result = score_feature(f, POLICY, today=TODAY)
    terms = result.breakdown["terms"]
    assert terms["business_value"]["value"] == pytest.approx(2 * 3 * 3 * 1.5)  # ARR/100k x tier x EB x promised
    # Due today, contractual (10 x 3), plus the expedite points of an open SEV1.
    assert terms["time_criticality"]["value"] == pytest.approx(10 * 3 * 1.0 + 60)
    assert terms["risk_reduction"]["value"] == pytest.approx(13 * (2 + 2 * 1))  # SEV1 x (2 + VIP 2 x 1)
    assert result.breakdown["job_size"]["value"] == 4.0
    assert result.score == pytest.approx((27 + 90 + 52) / 4)
    assert result.breakdown["class_of_service"]["name"] == "expedite"
    assert result.lane == 0
    assert result.policy_version == 3
    assert result.breakdown["policy_version"] == 3
    assert result.breakdown["formula"]


def test_it_weighs_an_eb_request_above_a_tb_above_a_ub():
    scores = [score_feature(feature(asks=(ask(role=r),)), POLICY, today=TODAY).score for r in ("EB", "TB", "UB")]
    assert scores[0] > scores[1] > scores[2] > 0


def test_it_counts_a_customer_once_by_its_strongest_ask():
    both = feature(asks=(ask(role="UB"), ask(role="EB", promised=True)))
    only = feature(asks=(ask(role="EB", promised=True),))
    assert score_feature(both, POLICY, today=TODAY).score == score_feature(only, POLICY, today=TODAY).score


def test_it_weighs_contractual_promises_above_soft_ones():
    def tc(strength):
        f = feature(promises=(Promise(1, "C1", TODAY + timedelta(days=30), strength),))
        return score_feature(f, POLICY, today=TODAY).breakdown["terms"]["time_criticality"]["value"]

    assert tc("contractual") > tc("firm") > tc("soft") > 0


FLEET = FleetState(deadline=TODAY + timedelta(days=14), days_until_first_full=15.0, next_to_fill="v-prod (V)")


def test_it_adds_fleet_urgency_only_to_stabilization_work():
    stab = feature(kind="stabilization", fleet=FLEET, asks=(ask(),))
    plain = feature(kind="feature", fleet=FLEET, asks=(ask(),))
    tc = score_feature(stab, POLICY, today=TODAY).breakdown["terms"]["time_criticality"]
    assert tc["fleet"]["days_until_first_full"] == 15.0
    assert tc["fleet"]["deadline"] == "2026-12-07"
    assert tc["value"] == pytest.approx(40 * 30 / 44, abs=1e-3)
    assert score_feature(plain, POLICY, today=TODAY).breakdown["terms"]["time_criticality"]["value"] == 0


def test_it_scales_resolved_incidents_down():
    open_ = feature(incidents=(IncidentImpact(1, "x", "SEV2", True, 3, 0),))
    done = feature(incidents=(IncidentImpact(1, "x", "SEV2", False, 3, 0),))
    assert score_feature(open_, POLICY, today=TODAY).score > score_feature(done, POLICY, today=TODAY).score > 0


def test_it_divides_by_remaining_effort_with_a_floor():
    small = score_feature(feature(asks=(ask(),), effort_weeks=2), POLICY, today=TODAY).score
    big = score_feature(feature(asks=(ask(),), effort_weeks=20), POLICY, today=TODAY).score
    assert small == pytest.approx(10 * big)
    done = score_feature(feature(asks=(ask(),), progress=1.0), POLICY, today=TODAY)
    assert done.breakdown["job_size"]["value"] == DEFAULT_WEIGHTS["min_job_size_weeks"]


def test_it_scores_incidents_by_impact_revenue_promises_and_age():
    incident = IncidentInput(
        incident_id=1,
        title="Slow",
        severity="SEV2",
        is_open=True,
        reported_on=TODAY - timedelta(days=15),
        affected=(AffectedInput(1, "U", 300_000, "strategic", True), AffectedInput(2, "W", 100_000, "key", False)),
        promise_strengths=("firm", "contractual"),
    )
    result = score_incident(incident, POLICY, today=TODAY)
    terms = result.breakdown["terms"]
    assert terms["customers"]["value"] == pytest.approx(2 + 2 * 1)  # two customers, one with VIPs hit
    assert terms["revenue"]["value"] == pytest.approx(3 * 3 + 1 * 2)
    assert terms["deployments"]["value"] == 0  # no deployment of theirs is filling
    assert terms["promises"]["value"] == pytest.approx(2 * 2 + 2 * 3)
    assert result.breakdown["age_factor"]["value"] == pytest.approx(1.25)  # half-way to the cap: +0.5 x 15/30
    assert result.score == pytest.approx(8 * (4 + 11 + 10) * 1.25)
    assert result.lane == 1


def test_it_ranks_sev1_above_sev4_with_the_same_customers():
    def s(sev):
        inc = IncidentInput(1, "x", sev, True, TODAY, (AffectedInput(1, "A", 50_000, "standard", False),))
        return score_incident(inc, POLICY, today=TODAY).score

    assert s("SEV1") > s("SEV2") > s("SEV3") > s("SEV4")


def test_it_merges_policy_weights_over_the_defaults():
    merged = merge_weights({"tier": {"strategic": 5}, "vip": 4, "bogus": 1})
    assert merged["tier"] == {"strategic": 5.0, "key": 2.0, "standard": 1.0}
    assert merged["vip"] == 4.0
    assert "bogus" not in merged
    assert merge_weights({}) == DEFAULT_WEIGHTS


def test_it_validates_policy_weights():
    assert validate_weights({"tier": {"strategic": 4}, "vip": 1.5}) == []
    errors = validate_weights({"bogus": 1, "tier": {"gold": 2}, "vip": -1, "persona": 3, "arr_unit": 0})
    assert len(errors) == 5
    assert validate_weights([1, 2]) == ["Weights must be a JSON object."]
    assert validate_weights({"vip": True})


def test_it_ranks_by_score_then_id():
    assert rank_scores({5: 1.0, 3: 2.0, 4: 1.0}) == {3: 1, 4: 2, 5: 3}


def test_it_is_deterministic():
    f = feature(asks=(ask(1), ask(2, role="TB")), promises=(Promise(2, "C2", TODAY, "soft"),))
    assert score_feature(f, POLICY, today=TODAY) == score_feature(f, POLICY, today=TODAY)


# --- Properties ---------------------------------------------------------------------------------


@given(features, st.integers(0, 19), st.floats(min_value=0, max_value=1e7))
def test_it_never_lowers_a_score_when_a_customer_brings_more_arr(f, index, extra):
    if not f.asks:
        return
    i = index % len(f.asks)
    richer = list(f.asks)
    a = richer[i]
    richer = [
        CustomerAsk(x.customer_id, x.customer_name, x.arr + extra, x.tier, x.persona_role, x.promised)
        if x.customer_id == a.customer_id
        else x
        for x in richer
    ]
    before = score_feature(f, POLICY, today=TODAY).score
    after = score_feature(FeatureInput(**{**f.__dict__, "asks": tuple(richer)}), POLICY, today=TODAY).score
    assert after >= before


@given(features, st.integers(0, 4), st.integers(1, 400))
def test_it_never_lowers_time_criticality_when_a_promise_comes_nearer(f, index, days):
    if not f.promises:
        return
    i = index % len(f.promises)
    nearer = list(f.promises)
    p = nearer[i]
    nearer[i] = Promise(p.customer_id, p.customer_name, p.promised_date - timedelta(days=days), p.strength)
    tc = score_feature(f, POLICY, today=TODAY).breakdown["terms"]["time_criticality"]["value"]
    tc_nearer = score_feature(FeatureInput(**{**f.__dict__, "promises": tuple(nearer)}), POLICY, today=TODAY)
    assert tc_nearer.breakdown["terms"]["time_criticality"]["value"] >= tc


@given(features)
def test_it_keeps_every_score_non_negative_and_explained(f):
    result = score_feature(f, POLICY, today=TODAY)
    assert result.score >= 0
    terms = result.breakdown["terms"]
    cod = sum(t["value"] * t["weight"] for t in terms.values())
    assert result.score == pytest.approx(cod / result.breakdown["job_size"]["value"], rel=1e-3, abs=1e-2)


@given(
    affected,
    st.floats(min_value=0, max_value=1e7),
    st.integers(0, 400),
)
def test_it_never_lowers_an_incident_score_with_more_arr_or_age(affected, extra, age):
    base = IncidentInput(1, "I", "SEV2", True, TODAY, tuple(affected))
    richer = tuple(
        AffectedInput(a.customer_id, a.customer_name, a.arr + extra, a.tier, a.vip_affected, a.days_to_full)
        for a in affected
    )
    older = IncidentInput(1, "I", "SEV2", True, TODAY - timedelta(days=age), tuple(affected))
    score = score_incident(base, POLICY, today=TODAY).score
    assert score_incident(IncidentInput(1, "I", "SEV2", True, TODAY, richer), POLICY, today=TODAY).score >= score
    assert score_incident(older, POLICY, today=TODAY).score >= score

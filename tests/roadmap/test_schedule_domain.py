"""Scheduler, Monte Carlo and impact on plain data: no database."""

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.impact import CommitmentPlan, Contact, assess_impact, find_minimum_preemption, order_contacts
from roadmap.domain.montecarlo import simulate_dates
from roadmap.domain.schedule import CapacityChange, FeaturePlan, PreemptionPlan, TeamPlan, simulate_schedule

TODAY = date(2026, 11, 23)
STORAGE = TeamPlan(1, "Storage", 4.8)
PLATFORM = TeamPlan(2, "Platform", 2.8)
STORY = [
    FeaturePlan(10, 1, 28, kind="stabilization", priority_rank=1, effort_low_weeks=22, effort_high_weeks=44),
    FeaturePlan(11, 1, 12, progress=0.3, priority_rank=2),
    FeaturePlan(12, 1, 14, progress=0.1, priority_rank=3),
    FeaturePlan(14, 2, 10, progress=0.2, priority_rank=1),
]


def _commitment(cid, feature_id, promised_in_days, customer_id=100, arr=100.0, strength="firm", contacts=()):
    return CommitmentPlan(
        cid,
        feature_id,
        f"F{feature_id}",
        customer_id,
        f"C{customer_id}",
        arr,
        TODAY + timedelta(days=promised_in_days),
        strength,
        tuple(contacts),
    )


def test_it_plans_a_team_in_priority_order_with_two_slots():
    plan = simulate_schedule(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY)
    assert plan[10].start == plan[11].start == TODAY
    assert plan[12].start == plan[11].eta
    assert plan[14].eta < plan[10].eta


def test_it_makes_the_storage_preemption_slip_the_mainline_by_about_six_weeks():
    base = simulate_schedule(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY)
    scen = simulate_schedule(
        teams=[STORAGE, PLATFORM], features=STORY, today=TODAY, preemptions=[PreemptionPlan(1, TODAY, 6, 1.0)]
    )
    assert (scen[11].eta - base[11].eta).days >= 35
    assert scen[10].eta < TODAY + timedelta(weeks=6, days=1)
    assert scen[14] == base[14]


def test_it_starts_a_feature_after_what_it_depends_on():
    features = [FeaturePlan(1, 1, 4, priority_rank=1), FeaturePlan(2, 2, 2, priority_rank=1, depends_on=(1,))]
    plan = simulate_schedule(teams=[STORAGE, PLATFORM], features=features, today=TODAY)
    assert plan[2].start > plan[1].eta - timedelta(days=1)


def test_it_applies_capacity_changes_over_time():
    grown = TeamPlan(1, "Storage", 4.8, changes=(CapacityChange(TODAY + timedelta(days=14), 9.6),))
    slow = simulate_schedule(teams=[STORAGE], features=[FeaturePlan(1, 1, 40)], today=TODAY)
    fast = simulate_schedule(teams=[grown], features=[FeaturePlan(1, 1, 40)], today=TODAY)
    assert fast[1].eta < slow[1].eta


def test_it_reports_no_date_beyond_the_horizon():
    plan = simulate_schedule(teams=[TeamPlan(1, "Tiny", 0.1)], features=[FeaturePlan(1, 1, 500)], today=TODAY)
    assert plan[1].eta is None


feature_lists = st.lists(
    st.builds(
        lambda i, team, effort, rank: FeaturePlan(i, team, effort, priority_rank=rank),
        st.integers(1, 10**6),
        st.sampled_from([1, 2]),
        st.floats(0.5, 30),
        st.one_of(st.none(), st.integers(1, 20)),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda f: f.id,
)


@settings(max_examples=60, deadline=None)
@given(features=feature_lists, extra=st.floats(0.1, 10))
def test_it_never_makes_an_eta_later_with_more_capacity(features, extra):
    base = simulate_schedule(teams=[STORAGE, PLATFORM], features=features, today=TODAY)
    more = simulate_schedule(teams=[TeamPlan(1, "Storage", 4.8 + extra), PLATFORM], features=features, today=TODAY)
    for f in features:
        if base[f.id].eta is not None:
            assert more[f.id].eta is not None
            assert more[f.id].eta <= base[f.id].eta


@settings(max_examples=60, deadline=None)
@given(features=feature_lists, weeks=st.integers(1, 20), share=st.floats(0.05, 1.0), offset=st.integers(0, 60))
def test_it_never_makes_an_eta_earlier_with_a_preemption_and_leaves_other_teams_alone(features, weeks, share, offset):
    base = simulate_schedule(teams=[STORAGE, PLATFORM], features=features, today=TODAY)
    pre = [PreemptionPlan(1, TODAY + timedelta(days=offset), weeks, share)]
    scen = simulate_schedule(teams=[STORAGE, PLATFORM], features=features, today=TODAY, preemptions=pre)
    for f in features:
        if f.team_id == 2:
            assert scen[f.id] == base[f.id]
        elif scen[f.id].eta is not None:
            assert base[f.id].eta is not None
            assert scen[f.id].eta >= base[f.id].eta


def test_it_gives_p50_before_p85_and_is_deterministic():
    a = simulate_dates(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY, runs=2000)
    b = simulate_dates(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY, runs=2000)
    dates = a.dates(11)
    assert dates.p50 <= dates.p85
    assert a.dates(12) == b.dates(12)
    assert 0.0 <= a.probability_by(11, TODAY + timedelta(days=30)) <= a.probability_by(11, TODAY + timedelta(days=90))


def test_it_lists_affected_promises_with_eb_first_and_arr_at_risk():
    contacts = [Contact(3, "Uma", "UB", False), Contact(2, "Tom", "TB", False), Contact(1, "Eve", "EB", True)]
    commitments = [
        _commitment(1, 11, 40, customer_id=7, arr=220.0, strength="contractual", contacts=contacts),
        _commitment(2, 11, 400, customer_id=8, arr=480.0),
        _commitment(3, 14, 10, customer_id=9, arr=1.0),
    ]
    base = simulate_schedule(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY)
    scen = simulate_schedule(
        teams=[STORAGE, PLATFORM], features=STORY, today=TODAY, preemptions=[PreemptionPlan(1, TODAY, 6, 1.0)]
    )
    impact = assess_impact(commitments=commitments, baseline=base, scenario=scen)
    assert [a.commitment.id for a in impact.affected] == [1, 2]
    first = impact.affected[0]
    assert first.late
    assert first.slip_days == (scen[11].eta - base[11].eta).days
    assert [c.role for c in first.contacts] == ["EB", "TB", "UB"]
    assert impact.arr_at_risk == 220.0
    assert impact.customers_affected == 2
    assert impact.by_strength == {"contractual": 1, "firm": 1}


def test_it_orders_vips_first_within_a_role():
    ordered = order_contacts([Contact(1, "B", "EB", False), Contact(2, "A", "TB", True), Contact(3, "C", "EB", True)])
    assert [c.persona_id for c in ordered] == [3, 1, 2]


def test_it_finds_the_smallest_preemption_that_meets_a_deadline():
    found = find_minimum_preemption(
        teams=[STORAGE, PLATFORM],
        features=STORY,
        stabilization_feature_id=10,
        deadline=TODAY + timedelta(days=80),
        today=TODAY,
    )
    assert found.meets_deadline
    assert found.share < 1.0
    assert found.eta <= TODAY + timedelta(days=80)


def test_it_says_by_how_much_even_the_whole_team_misses():
    found = find_minimum_preemption(
        teams=[STORAGE, PLATFORM],
        features=STORY,
        stabilization_feature_id=10,
        deadline=TODAY + timedelta(days=10),
        today=TODAY,
    )
    assert not found.meets_deadline
    assert found.share == 1.0
    assert found.miss_days > 0


@settings(max_examples=40, deadline=None)
@given(
    efforts=st.lists(st.integers(min_value=1, max_value=20), min_size=3, max_size=24),
    links=st.lists(st.tuples(st.integers(0, 23), st.integers(0, 23)), max_size=6),
    pick=st.integers(0, 23),
)
def test_dates_of_some_features_equal_their_dates_in_the_whole_simulation(efforts, links, pick):
    from roadmap.domain.montecarlo import teams_needed

    teams = [TeamPlan(id=t, name=f"team {t}", person_weeks_per_week=3.0 + t) for t in range(4)]
    depends: dict[int, list[int]] = {}
    for a, b in links:
        if a < len(efforts) and b < a:  # earlier features only: no cycles
            depends.setdefault(a, []).append(b)
    features = [
        FeaturePlan(id=i, team_id=i % 4, effort_weeks=float(e), depends_on=tuple(depends.get(i, ())))
        for i, e in enumerate(efforts)
    ]
    wanted = pick % len(features)
    whole = simulate_dates(teams=teams, features=features, today=TODAY, runs=200)
    part = simulate_dates(teams=teams, features=features, today=TODAY, runs=200, only=[wanted])
    assert set(part.feature_ids) == {f.id for f in features if f.team_id in teams_needed(features, [wanted])}
    assert np.array_equal(part.column(wanted), whole.column(wanted))


def _with_deps(features, deps: dict[int, tuple[int, ...]]):
    return [FeaturePlan(**{**f.__dict__, "depends_on": deps.get(f.id, f.depends_on)}) for f in features]


def test_a_dependency_cycle_loses_no_other_features_dates():
    """Defence in depth: the services refuse cycles, but one that reached the data must not wipe the team's plan."""
    base = simulate_schedule(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY)
    cyclic = _with_deps(STORY, {11: (12,), 12: (11,)})
    plan = simulate_schedule(teams=[STORAGE, PLATFORM], features=cyclic, today=TODAY)
    assert all(plan[f.id].eta is not None for f in STORY)
    assert plan[10] == base[10]
    assert plan[14] == base[14]


def test_a_self_dependency_is_ignored_by_the_scheduler():
    base = simulate_schedule(teams=[STORAGE, PLATFORM], features=STORY, today=TODAY)
    plan = simulate_schedule(teams=[STORAGE, PLATFORM], features=_with_deps(STORY, {11: (11,)}), today=TODAY)
    assert plan == base


def test_a_cycle_keeps_the_dependencies_outside_it():
    chain = _with_deps(STORY, {11: (12,), 12: (11,), 14: (10,)})
    plan = simulate_schedule(teams=[STORAGE, PLATFORM], features=chain, today=TODAY)
    assert plan[14].start >= plan[10].eta


def test_it_drops_exactly_the_edges_on_a_cycle():
    from roadmap.domain.schedule import acyclic_dependencies

    # 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 and 4 -> 3 are not; 5 depends on itself.
    deps = [[1], [2], [0], [0], [3], [5, 4]]
    assert acyclic_dependencies(deps) == [[], [], [], [0], [3], [4]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 7), max_size=3), min_size=1, max_size=8))
def test_what_is_left_has_no_cycle_and_keeps_every_edge_off_a_cycle(raw):
    from roadmap.domain.schedule import acyclic_dependencies

    deps = [[d for d in ds if d < len(raw)] for ds in raw]
    kept = acyclic_dependencies(deps)

    def reaches(src, dst, graph):
        seen, todo = set(), [src]
        while todo:
            node = todo.pop()
            for nxt in graph[node]:
                if nxt == dst:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    for i, ds in enumerate(deps):
        for d in ds:
            on_cycle = d == i or reaches(d, i, deps)
            assert (d in kept[i]) is not on_cycle
    assert not any(reaches(i, i, kept) for i in range(len(kept)))


def test_a_team_works_expedite_work_first_whatever_its_raw_score():
    """The priority ranking puts lanes first (expedite before standard); the plan follows it, not the raw score."""
    big = FeaturePlan(1, 1, 4, score=18.7, score_rank=2)
    fix = FeaturePlan(2, 1, 4, kind="stabilization", score=9.7, score_rank=1)
    plan = simulate_schedule(teams=[TeamPlan(1, "Storage", 4.0, wip_limit=1)], features=[big, fix], today=TODAY)
    assert plan[2].eta < plan[1].eta

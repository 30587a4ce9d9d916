"""Plain inputs of the score engine for domain tests: small builders and Hypothesis strategies."""

from datetime import date

from hypothesis import strategies as st

from roadmap.domain.classes import FleetState
from roadmap.domain.scoring import AffectedInput, CustomerAsk, FeatureInput, IncidentImpact, Promise


def feature(**kwargs) -> FeatureInput:
    """A 10-week feature nobody asked for yet; override any field."""
    defaults = {"feature_id": 1, "title": "F", "kind": "feature", "effort_weeks": 10.0, "progress": 0.0}
    return FeatureInput(**{**defaults, **kwargs})


def ask(customer_id=1, arr=100_000.0, tier="key", role="EB", promised=False) -> CustomerAsk:
    return CustomerAsk(customer_id, f"C{customer_id}", arr, tier, role, promised)


arrs = st.floats(min_value=0, max_value=5e7, allow_nan=False)
tiers = st.sampled_from(["strategic", "key", "standard"])
roles = st.sampled_from(["EB", "TB", "UB", None])
strengths = st.sampled_from(["contractual", "firm", "soft"])
severities = st.sampled_from(["SEV1", "SEV2", "SEV3", "SEV4"])
asks = st.lists(st.builds(CustomerAsk, st.integers(1, 20), st.just("C"), arrs, tiers, roles, st.booleans()), max_size=6)
promises = st.lists(
    st.builds(Promise, st.integers(1, 20), st.just("C"), st.dates(date(2026, 1, 1), date(2028, 1, 1)), strengths),
    max_size=5,
)
impacts = st.lists(
    st.builds(
        IncidentImpact,
        st.integers(1, 50),
        st.just("I"),
        severities,
        st.booleans(),
        st.integers(0, 30),
        st.integers(0, 5),
    ),
    max_size=4,
)
fleets = st.one_of(
    st.none(),
    st.builds(
        FleetState,
        st.one_of(st.none(), st.dates(date(2026, 10, 1), date(2027, 12, 1))),
        st.one_of(st.none(), st.floats(min_value=0, max_value=400)),
        st.just("d (C)"),
        st.lists(st.just("full (C)"), max_size=1).map(tuple),
    ),
)
features = st.builds(
    FeatureInput,
    st.just(1),
    st.just("F"),
    st.sampled_from(["feature", "stabilization"]),
    st.floats(min_value=0.5, max_value=200),
    st.floats(min_value=0, max_value=1),
    asks.map(tuple),
    promises.map(tuple),
    impacts.map(tuple),
    fleets,
)
affected = st.lists(
    st.builds(
        AffectedInput,
        st.integers(1, 9),
        st.just("C"),
        arrs,
        tiers,
        st.booleans(),
        st.one_of(st.none(), st.floats(min_value=0, max_value=400)),
    ),
    max_size=5,
)

"""The sentences written before reason codes (in English or Chinese) become codes; typed reasons stay."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from core.reasons import reason_render

BEFORE = ("roadmap", "0006_feature_external_keys")
AFTER = ("roadmap", "0007_history_reasons_codes")
OLD_TO_CODE = {
    "Promised": "code:promised",
    "Requested": "code:requested",
    "已修改": "code:changed",
    "Approved by pm": "code:approved_by|u=pm",
    "Scenario “Disk full” accepted: Move to a new date": (
        "code:scenario_decision|why=code:scenario_accepted%7Cname%3DDisk full|action=move"
    ),
    "Customer asked: Cancel": "code:scenario_decision|why=Customer asked|action=cancel",
    "Team is full": "Team is full",
}


def _migrate(target):
    """Every app at its latest migration, the roadmap at `target`; the models as they were then."""
    executor = MigrationExecutor(connection)
    targets = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "roadmap"] + [target]
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest_after():
    """Leave every app at its latest migration again, for the tests that run after this one."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_after")
def test_it_turns_old_sentences_into_reason_codes():
    old = _migrate(BEFORE)
    team = old.get_model("roadmap", "Team").objects.create(name="Storage", engineers=3)
    feature = old.get_model("roadmap", "Feature").objects.create(title="xx", team=team, effort_weeks=4)
    customer = old.get_model("customers", "Customer").objects.create(name="Vantage")
    history = old.get_model("roadmap", "HistoricalCommitment")
    for n, text in enumerate(OLD_TO_CODE):
        history.objects.create(
            id=n + 1,
            feature=feature,
            customer=customer,
            promised_date=date(2027, 1, 4),
            strength="firm",
            status="active",
            history_date="2026-11-01T00:00:00Z",
            created_at="2026-11-01T00:00:00Z",
            updated_at="2026-11-01T00:00:00Z",
            history_type="~",
            history_change_reason=text,
        )
    old.get_model("roadmap", "PlanVersion").objects.create(number=1, kind="daily", reason="Demo loaded")
    scenario = old.get_model("roadmap", "Scenario").objects.create(name="Disk full", reason="场景“Disk full”已撤销")
    commitment = old.get_model("roadmap", "Commitment").objects.create(
        feature=feature, customer=customer, promised_date=date(2027, 1, 4)
    )
    old.get_model("roadmap", "Decision").objects.create(
        scenario=scenario,
        commitment=commitment,
        action="move",
        new_date=date(2027, 2, 1),
        warning="The new date 2027-02-01 is before the planned ETA not within the plan.",
    )

    new = _migrate(AFTER)

    stored = dict(new.get_model("roadmap", "HistoricalCommitment").objects.values_list("id", "history_change_reason"))
    assert [stored[n + 1] for n in range(len(OLD_TO_CODE))] == list(OLD_TO_CODE.values())
    assert new.get_model("roadmap", "PlanVersion").objects.get().reason == "code:demo_loaded"
    assert new.get_model("roadmap", "Scenario").objects.get().reason == "code:scenario_reverted|name=Disk full"
    warning = new.get_model("roadmap", "Decision").objects.get().warning
    assert warning == "code:move_before_eta|date=2027-02-01|eta="
    with translation.override("zh-hans"):
        assert reason_render(stored[5]) == "场景“Disk full”已接受\uff1a改到新日期"
        assert "不在计划范围内" in reason_render(warning)
    with translation.override("en"):
        assert reason_render(stored[4]) == "Approved by pm"

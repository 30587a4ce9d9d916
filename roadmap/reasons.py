"""The reasons the roadmap writes into promises' and decisions' histories, plan versions and warnings."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.reasons import reason_register
from roadmap.models import DecisionAction

PROMISED = "promised"
REQUESTED = "requested"
CHANGED = "changed"
APPROVED_BY = "approved_by"
SCENARIO_ACCEPTED = "scenario_accepted"
SCENARIO_REVERTED = "scenario_reverted"
SCENARIO_DECISION = "scenario_decision"
KEEP_LATE = "keep_late"
MOVE_BEFORE_ETA = "move_before_eta"
REORDERED = "reordered"


def _action(value: str) -> str:
    return str(DecisionAction(value).label) if value in DecisionAction.values else value


def _eta(value: str) -> str:
    return value or _("not within the plan")


def register() -> None:
    reason_register(PROMISED, pgettext_lazy("reason", "Promised"))
    reason_register(REQUESTED, pgettext_lazy("reason", "Requested"))
    reason_register(CHANGED, pgettext_lazy("reason", "Changed"))
    reason_register(APPROVED_BY, gettext_lazy("Approved by %(u)s"))
    reason_register(SCENARIO_ACCEPTED, gettext_lazy("Scenario “%(name)s” accepted"))
    reason_register(SCENARIO_REVERTED, gettext_lazy("Scenario “%(name)s” reverted"))
    # `why` is what the PM typed, or itself a reason (the scenario's default one).
    reason_register(SCENARIO_DECISION, gettext_lazy("%(why)s: %(action)s"), action=_action)
    reason_register(
        KEEP_LATE,
        gettext_lazy(
            "The plan misses this date: under the scenario it ships %(eta)s, after the promised %(date)s. "
            "Keeping it re-promises a date we will miss."
        ),
        eta=_eta,
    )
    reason_register(MOVE_BEFORE_ETA, gettext_lazy("The new date %(date)s is before the planned ETA %(eta)s."), eta=_eta)
    # Written on every feature whose manual rank a move in the work order changed, naming the one moved.
    reason_register(REORDERED, gettext_lazy("Work order changed: “%(feature)s” moved from #%(was)s to #%(to)s"))

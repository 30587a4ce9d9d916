"""Writes of the backlog's work order: a PM moves a feature and the manual ranks that keep the new order follow,
with history on every feature whose rank changed."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.changes import inputs_changed
from core.reasons import reason_code
from core.roles import can_write
from roadmap import reasons
from roadmap.domain.ordering import OrderChange, OrderRefused, move_in_order
from roadmap.models import Feature
from roadmap.selectors.plan import promise_etas_get, promises_moved_list
from roadmap.selectors.scoring import backlog_order_list


@dataclass(frozen=True)
class OrderSaved:
    change: OrderChange
    moved: list[tuple]  # (promise, ETA before, ETA now, late now) for each promise the new order moves
    title: str  # of the feature moved


@transaction.atomic
def backlog_order_move(*, feature_id: int, to: int, user, today: date | None = None) -> OrderSaved:
    """Move a feature to place `to` (1-based) of the backlog's work order (PM only). Raises
    `roadmap.domain.ordering.OrderRefused` for a feature not in the order or a place outside it."""
    if not can_write(user):
        raise PermissionDenied(_("Only product managers can change this."))
    today = today or timezone.localdate()
    change = move_in_order(backlog_order_list(lock=True), feature_id=feature_id, to=to)
    title = Feature.objects.values_list("title", flat=True).get(pk=feature_id)
    if not change.ranks:
        return OrderSaved(change=change, moved=[], title=title)
    before = promise_etas_get(today=today)
    reason = reason_code(reasons.REORDERED, feature=title, was=change.moved_from, to=change.moved_to)
    features = list(Feature.objects.filter(pk__in=change.ranks))
    now = timezone.now()
    for feature in features:
        feature.priority_rank = change.ranks[feature.pk]
        feature.updated_at = now
    bulk_update_with_history(
        features,
        Feature,
        ["priority_rank", "updated_at"],
        default_user=user,
        default_change_reason=reason,
        default_date=now,
    )
    inputs_changed(plan=True, scores=False)
    return OrderSaved(change=change, moved=promises_moved_list(before=before, today=today), title=title)


def order_refusal_words(refused: OrderRefused | None) -> str:
    """Why a move was refused, in the reader's language (None: the request did not say what moves where)."""
    if refused is None:
        return _("Say which feature moves and to which place, as whole numbers. Nothing was changed.")
    if refused.code == "place_out_of_range":
        return _("Place %(to)s is outside the work order, which has %(count)s features. Nothing was changed.") % (
            refused.params
        )
    return _(
        "This feature is not in the work order (done, cancelled or not scored yet). Reload the page; nothing was "
        "changed."
    )

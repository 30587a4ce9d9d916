"""Edit in place: a feature and its promises from the feature page (PM only, through the same services as the
API), answering with what the change moved in the committed plan."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.forms import form_write
from core.permissions import pm_required
from roadmap.forms import CommitmentEditForm, FeatureEditForm
from roadmap.models import Commitment, Feature
from roadmap.selectors.plan import promise_etas_get, promises_moved_list
from roadmap.services.commitments import commitment_update
from roadmap.services.features import feature_update


def written_with_moves(form, write) -> tuple[bool, list]:
    """Write `form` through its service (`core.forms.form_write`); (saved, the promises the write moved in the
    committed plan). The team page's writes use it too."""
    if not form.is_valid():
        return False, []
    before = promise_etas_get(today=timezone.localdate())
    if not form_write(form, write):
        return False, []
    return True, promises_moved_list(before=before, today=timezone.localdate())


@require_http_methods(["GET", "POST"])
@pm_required
def feature_edit(request, pk: int):
    feature = get_object_or_404(Feature, pk=pk)
    form = FeatureEditForm(request.POST or None, instance=Feature.objects.get(pk=pk))
    saved, moved = False, []
    if request.method == "POST":
        saved, moved = written_with_moves(form, lambda data: feature_update(feature=feature, data=data))
        if saved:
            form = FeatureEditForm(instance=Feature.objects.get(pk=pk))
    context = {"feature": feature, "form": form, "saved": saved, "moved": moved}
    status = 422 if request.method == "POST" and not saved else 200
    return render(request, "roadmap/_feature_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@pm_required
def commitment_edit(request, pk: int):
    commitment = get_object_or_404(Commitment.objects.select_related("customer", "feature"), pk=pk)
    # Several promises are edited on one page: each form's field ids carry its promise.
    auto_id = f"id_%s-{pk}"
    form = CommitmentEditForm(
        request.POST or None, instance=Commitment.objects.select_related("customer").get(pk=pk), auto_id=auto_id
    )
    saved, moved, reason = False, [], ""
    if request.method == "POST":
        reason = (request.POST.get("reason") or "").strip()
        saved, moved = written_with_moves(
            form, lambda data: commitment_update(commitment=commitment, data=dict(data), reason=reason)
        )
        if saved:
            form = CommitmentEditForm(
                instance=Commitment.objects.select_related("customer").get(pk=pk), auto_id=auto_id
            )
    # A refused change keeps the reason typed for it; a saved one starts the next change with an empty reason.
    context = {
        "commitment": commitment,
        "form": form,
        "saved": saved,
        "moved": moved,
        "reason": "" if saved else reason,
    }
    status = 422 if request.method == "POST" and not saved else 200
    return render(request, "roadmap/_commitment_edit.html", context, status=status)

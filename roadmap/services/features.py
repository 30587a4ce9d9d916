"""Writes of roadmap features: every path (API, import, pages, admin) checks the same rules here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.changes import inputs_changed
from core.writes import instance_write, source_owned_check, split_links
from roadmap.domain.work import dependency_cycle
from roadmap.models import SOURCE_OWNED_FEATURE_FIELDS, Feature, FeatureRequest


def _dependencies_check(feature: Feature, depends_on) -> None:
    """Refuse dependencies that would make the feature wait for itself (a plan cannot be made of a cycle)."""
    through = Feature.depends_on.through
    graph: dict[int, list[int]] = {}
    for from_id, to_id in through.objects.exclude(from_feature_id=feature.pk).values_list(
        "from_feature_id", "to_feature_id"
    ):
        graph.setdefault(from_id, []).append(to_id)
    graph[feature.pk] = [getattr(d, "pk", d) for d in depends_on]
    cycle = dependency_cycle(graph, start=feature.pk)
    if cycle:
        titles = dict(Feature.objects.filter(pk__in=cycle).values_list("pk", "title"))
        chain = " → ".join(titles.get(pk, str(pk)) for pk in cycle)
        raise ValidationError({"depends_on": _("These dependencies make a cycle: %(chain)s.") % {"chain": chain}})


def _write(feature: Feature, data: dict) -> Feature:
    fields, links = split_links(Feature, data)
    instance_write(feature, fields=fields)
    if "depends_on" in links:
        _dependencies_check(feature, links["depends_on"])
    for name, values in links.items():
        getattr(feature, name).set(list(values))
    inputs_changed(plan=True, scores=True, features=[feature.pk])
    return feature


@transaction.atomic
def feature_create(*, data: dict) -> Feature:
    return _write(Feature(), data)


@transaction.atomic
def feature_update(*, feature: Feature, data: dict, source: str = "") -> Feature:
    """`source`: the connector writing (a feature it keeps takes the fields it owns from it alone)."""
    source_owned_check(feature, data, owned=SOURCE_OWNED_FEATURE_FIELDS, source=source)
    return _write(feature, data)


@transaction.atomic
def feature_request_record(*, feature: Feature, customer, persona=None, note: str = "", requested_at=None):
    """A customer (optionally one of its people) asked for a feature; who asked weighs in its score."""
    request = instance_write(
        FeatureRequest(),
        fields={
            "feature": feature,
            "customer": customer,
            "persona": persona,
            "note": note,
            "requested_at": requested_at or timezone.now(),
        },
    )
    inputs_changed(plan=False, scores=True, features=[feature.pk])
    return request

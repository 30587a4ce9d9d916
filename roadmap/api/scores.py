"""Read-only priority scores with their breakdown: `GET /api/scores/?feature=ID` or `?incident=ID`.

Ranks are per kind: `?target=feature&ordering=rank` lists the backlog as the priorities page does (expedite
work first, then by score); `lane` says which lane a score ranks in."""

import django_filters
from rest_framework import serializers, viewsets

from core.filters import StrictFilterSet
from roadmap.models import PriorityScore


class PriorityScoreSerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField()

    class Meta:
        model = PriorityScore
        fields = [
            "id",
            "target",
            "feature",
            "incident",
            "score",
            "lane",
            "rank",
            "policy_version",
            "computed_at",
            "breakdown",
        ]
        read_only_fields = fields

    def get_target(self, obj) -> str:
        return "feature" if obj.feature_id else "incident"


class PriorityScoreFilter(StrictFilterSet):
    target = django_filters.ChoiceFilter(
        choices=[("feature", "feature"), ("incident", "incident")], method="filter_target"
    )

    class Meta:
        model = PriorityScore
        fields = ["feature", "incident", "policy_version"]

    def filter_target(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})


class PriorityScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Latest priority scores, highest first; each with its breakdown and the policy version."""

    queryset = PriorityScore.objects.order_by("-score", "id")
    serializer_class = PriorityScoreSerializer
    filterset_class = PriorityScoreFilter
    ordering_fields = ["score", "lane", "rank", "computed_at"]

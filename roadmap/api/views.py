from datetime import date

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.changes import InputsChangedViewSet
from roadmap.api.plan import DATES_PARAMS
from roadmap.api.serializers import CommitmentSerializer, FeatureSerializer, ReleaseSerializer, TeamSerializer
from roadmap.domain.impact import is_late
from roadmap.domain.ordering import OrderRefused
from roadmap.models import LIVE_COMMITMENT_STATUSES, Commitment, Feature, Release, Team
from roadmap.selectors.plan import commitment_outlook, feature_check_get
from roadmap.services.priorities import backlog_order_move, order_refusal_words


class FeatureMoveSerializer(serializers.Serializer):
    to = serializers.IntegerField(help_text="Place in the backlog's work order, 1 first.")


class TeamViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    changes_scores = False

    queryset = Team.objects.all().order_by("id")
    serializer_class = TeamSerializer
    search_fields = ["name"]


class ReleaseViewSet(viewsets.ModelViewSet):
    queryset = Release.objects.all().order_by("id")
    serializer_class = ReleaseSerializer


class FeatureViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    queryset = Feature.objects.prefetch_related("depends_on", "incidents").order_by("id")
    serializer_class = FeatureSerializer
    filterset_fields = ["team", "kind", "status", "release", "external_key", "external_source"]
    search_fields = ["title"]
    ordering_fields = ["priority_rank", "effort_weeks", "title"]

    @extend_schema(
        parameters=DATES_PARAMS,
        responses=inline_serializer(
            "FeatureDates",
            {
                "p50": serializers.DateField(allow_null=True),
                "p85": serializers.DateField(allow_null=True),
                "chance_by": serializers.FloatField(allow_null=True),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def dates(self, request, pk=None):
        """P50 / P85 on the committed plan and, with `by`, the chance of shipping by that date."""
        raw = request.query_params.get("by")
        try:
            by = date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ValidationError({"by": ["Enter a date as YYYY-MM-DD."]}) from None
        check = feature_check_get(feature=self.get_object(), target=by, today=timezone.localdate())
        return Response({"p50": check.p50, "p85": check.p85, "chance_by": check.chance})

    @extend_schema(
        request=FeatureMoveSerializer,
        responses=inline_serializer(
            "FeatureMoved",
            {
                "moved_from": serializers.IntegerField(),
                "moved_to": serializers.IntegerField(),
                "ranks": serializers.DictField(child=serializers.IntegerField(allow_null=True)),
                "moved_promises": inline_serializer(
                    "MovedPromise",
                    {
                        "commitment": serializers.IntegerField(),
                        "was": serializers.DateField(allow_null=True),
                        "now": serializers.DateField(allow_null=True),
                        "late": serializers.BooleanField(),
                    },
                    many=True,
                ),
            },
        ),
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the feature to place `to` of the backlog's work order (as on Priorities): the manual ranks that
        changed (feature id -> rank, null: ordered by score) and the promises whose planned date moved."""
        feature = self.get_object()
        body = FeatureMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved = backlog_order_move(feature_id=feature.pk, to=body.validated_data["to"], user=request.user)
        except OrderRefused as refused:
            raise ValidationError({"to": [order_refusal_words(refused)]}) from None
        moved = [{"commitment": c.id, "was": was, "now": now, "late": late} for c, was, now, late in saved.moved]
        change = saved.change
        return Response(
            {
                "moved_from": change.moved_from,
                "moved_to": change.moved_to,
                "ranks": change.ranks,
                "moved_promises": moved,
            }
        )


class CommitmentViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    queryset = Commitment.objects.all().order_by("id")
    serializer_class = CommitmentSerializer
    filterset_fields = ["feature", "customer", "status", "strength"]
    ordering_fields = ["promised_date"]
    # Presales may post: the service turns their promise into a request a PM approves or declines.
    allow_commitment_requests = True

    def retrieve(self, request, *args, **kwargs):
        """One promise, with its planned ETA, chance of being on time and whether the committed plan misses it."""
        commitment = self.get_object()
        data = self.get_serializer(commitment).data
        eta = chance = None
        if commitment.status in LIVE_COMMITMENT_STATUSES:
            [(_c, eta, chance)] = commitment_outlook([commitment], today=timezone.localdate())
        data["planned_eta"] = eta
        data["chance_on_time"] = chance
        data["late"] = commitment.status in LIVE_COMMITMENT_STATUSES and is_late(eta, commitment.promised_date)
        return Response(data)

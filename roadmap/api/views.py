from rest_framework import viewsets

from core.changes import InputsChangedViewSet
from roadmap.api.serializers import CommitmentSerializer, FeatureSerializer, ReleaseSerializer, TeamSerializer
from roadmap.models import Commitment, Feature, Release, Team


class TeamViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    changes_scores = False
    announce_writes = True  # capacity has no service of its own yet

    queryset = Team.objects.all().order_by("id")
    serializer_class = TeamSerializer
    search_fields = ["name"]


class ReleaseViewSet(viewsets.ModelViewSet):
    queryset = Release.objects.all().order_by("id")
    serializer_class = ReleaseSerializer


class FeatureViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    queryset = Feature.objects.prefetch_related("depends_on", "incidents").order_by("id")
    serializer_class = FeatureSerializer
    filterset_fields = ["team", "kind", "status", "release"]
    search_fields = ["title"]
    ordering_fields = ["priority_rank", "effort_weeks", "title"]


class CommitmentViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    queryset = Commitment.objects.all().order_by("id")
    serializer_class = CommitmentSerializer
    filterset_fields = ["feature", "customer", "status", "strength"]
    ordering_fields = ["promised_date"]
    # Presales may post: the service turns their promise into a request a PM approves or declines.
    allow_commitment_requests = True

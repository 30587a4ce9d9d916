from rest_framework import viewsets

from core.roles import can_write
from roadmap.api.serializers import CommitmentSerializer, FeatureSerializer, ReleaseSerializer, TeamSerializer
from roadmap.models import Commitment, CommitmentStatus, Feature, Release, Team


class TeamViewSet(viewsets.ModelViewSet):
    queryset = Team.objects.all().order_by("id")
    serializer_class = TeamSerializer
    search_fields = ["name"]


class ReleaseViewSet(viewsets.ModelViewSet):
    queryset = Release.objects.all().order_by("id")
    serializer_class = ReleaseSerializer


class FeatureViewSet(viewsets.ModelViewSet):
    queryset = Feature.objects.prefetch_related("depends_on", "incidents").order_by("id")
    serializer_class = FeatureSerializer
    filterset_fields = ["team", "kind", "status", "release"]
    search_fields = ["title"]
    ordering_fields = ["priority_rank", "effort_weeks", "title"]


class CommitmentViewSet(viewsets.ModelViewSet):
    queryset = Commitment.objects.all().order_by("id")
    serializer_class = CommitmentSerializer
    filterset_fields = ["feature", "customer", "status", "strength"]
    ordering_fields = ["promised_date"]
    allow_commitment_requests = True

    def perform_create(self, serializer):
        if can_write(self.request.user):
            serializer.save(promised_by=self.request.user)
        else:
            # Presales ask; a PM approves or declines the request.
            serializer.save(promised_by=self.request.user, status=CommitmentStatus.REQUESTED)

from rest_framework import viewsets

from core.changes import InputsChangedViewSet
from incidents.api.serializers import IncidentSerializer
from incidents.models import Incident


class IncidentViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    changes_plan = False

    queryset = Incident.objects.prefetch_related("customers").order_by("-reported_at", "id")
    serializer_class = IncidentSerializer
    filterset_fields = ["severity", "status", "category"]
    search_fields = ["title"]
    ordering_fields = ["reported_at", "severity"]

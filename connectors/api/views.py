from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from connectors.api.serializers import ConnectorSerializer, SyncRunSerializer
from connectors.models import Connector
from connectors.services.connectors import connector_delete
from connectors.services.notices import notices_send
from connectors.services.sync import sync_now, sync_request


class ConnectorViewSet(viewsets.ModelViewSet):
    """Sources and Slack channels. Any role reads; PMs create, change and sync. Credentials are write-only."""

    queryset = Connector.objects.all().order_by("id")
    serializer_class = ConnectorSerializer
    filterset_fields = ["kind", "enabled"]

    def perform_destroy(self, instance):
        connector_delete(connector=instance)

    @extend_schema(request=None, responses=SyncRunSerializer)
    @action(detail=True, methods=["post"])
    def sync(self, request, pk=None):
        """Sync now and answer with the finished run (`?background=1`: queue it and answer 202 with the queued run).
        A Slack connector announces what is new instead."""
        connector = self.get_object()
        if connector.kind == "slack":
            return Response(notices_send(connector=connector, today=timezone.localdate()))
        if request.query_params.get("background"):
            run = sync_request(connector=connector, trigger="api")
            return Response(SyncRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
        run = sync_now(connector=connector, trigger="api")
        return Response(SyncRunSerializer(run).data)

    @extend_schema(responses=SyncRunSerializer(many=True))
    @action(detail=True, methods=["get"])
    def runs(self, request, pk=None):
        runs = self.get_object().runs.all()
        page = self.paginate_queryset(runs)
        if page is not None:
            return self.get_paginated_response(SyncRunSerializer(page, many=True).data)
        return Response(SyncRunSerializer(runs, many=True).data)

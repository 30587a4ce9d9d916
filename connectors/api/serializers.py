from rest_framework import serializers

from connectors.models import Connector, SyncRun
from connectors.services.connectors import connector_create, connector_update
from core.serializers import StrictCharField, StrictModelSerializer, service_errors


class ConnectorSerializer(StrictModelSerializer):
    # Write-only: the API never sends a credential back, only which names are set.
    credentials = serializers.DictField(child=StrictCharField(allow_blank=True), write_only=True, required=False)
    credentials_set = serializers.ListField(source="credential_names", read_only=True)
    # A Slack webhook connector has no base URL; the model checks the URL when there is one.
    base_url = StrictCharField(max_length=500, allow_blank=True, required=False)

    class Meta:
        model = Connector
        fields = [
            "id",
            "kind",
            "name",
            "base_url",
            "options",
            "credentials",
            "credentials_set",
            "enabled",
            "every_minutes",
        ]

    def validate_options(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Options are a JSON object.")
        return value

    def create(self, validated_data):
        credentials = validated_data.pop("credentials", None)
        with service_errors():
            return connector_create(data=validated_data, credentials=credentials)

    def update(self, instance, validated_data):
        credentials = validated_data.pop("credentials", None)
        with service_errors():
            return connector_update(connector=instance, data=validated_data, credentials=credentials)


class SyncRunSerializer(StrictModelSerializer):
    class Meta:
        model = SyncRun
        fields = [
            "id",
            "connector",
            "trigger",
            "status",
            "queued_at",
            "started_at",
            "finished_at",
            "created",
            "updated",
            "unchanged",
            "failed",
            "errors",
            "by_kind",
            "gone",
        ]
        read_only_fields = fields

from rest_framework import serializers

from incidents.models import Incident


class IncidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Incident
        fields = [
            "id",
            "title",
            "description",
            "severity",
            "status",
            "category",
            "customers",
            "reported_at",
            "detected_at",
            "responded_at",
            "mitigated_at",
            "resolved_at",
            "ticket_count",
            "root_cause",
            "why_it_happened",
            "why_this_fix",
            "how_we_prevent",
            "external_source",
            "external_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

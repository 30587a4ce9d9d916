from rest_framework import serializers

from core.serializers import StrictModelSerializer, service_errors
from customers.models import Customer
from incidents.models import Incident
from incidents.services.incidents import incident_create, incident_update


class IncidentSerializer(StrictModelSerializer):
    customers = serializers.PrimaryKeyRelatedField(many=True, queryset=Customer.objects.all(), required=False)

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
            "deployment",
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

    def create(self, validated_data):
        customers = validated_data.pop("customers", [])
        with service_errors():
            return incident_create(data=validated_data, customer_ids=[c.pk for c in customers])

    def update(self, instance, validated_data):
        customers = validated_data.pop("customers", None)
        with service_errors():
            return incident_update(
                incident=instance,
                data=validated_data,
                customer_ids=None if customers is None else [c.pk for c in customers],
            )

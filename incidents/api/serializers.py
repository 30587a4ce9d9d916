from django.db import transaction
from rest_framework import serializers

from core.serializers import ModelConstraintsMixin
from customers.models import Customer
from incidents.models import AffectedCustomer, Incident


class IncidentSerializer(ModelConstraintsMixin, serializers.ModelSerializer):
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

    @transaction.atomic
    def create(self, validated_data):
        customers = validated_data.pop("customers", [])
        incident = super().create(validated_data)
        AffectedCustomer.objects.bulk_create(AffectedCustomer(incident=incident, customer=c) for c in customers)
        return incident

    @transaction.atomic
    def update(self, instance, validated_data):
        customers = validated_data.pop("customers", None)
        incident = super().update(instance, validated_data)
        if customers is not None:
            keep = {c.pk for c in customers}
            incident.affected.exclude(customer_id__in=keep).delete()
            existing = set(incident.affected.values_list("customer_id", flat=True))
            AffectedCustomer.objects.bulk_create(
                AffectedCustomer(incident=incident, customer_id=pk) for pk in keep - existing
            )
        return incident

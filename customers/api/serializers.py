from rest_framework import serializers

from core.serializers import ModelConstraintsMixin, StrictModelSerializer, service_errors
from customers.models import Customer, Deployment, Persona
from customers.services.customers import customer_create, customer_update, persona_create, persona_update


class CustomerSerializer(StrictModelSerializer):
    external_url = serializers.CharField(read_only=True)  # "" when no source keeps the customer

    class Meta:
        model = Customer
        fields = [
            "id",
            "name",
            "industry",
            "tier",
            "arr",
            "deployment_model",
            "region",
            "owner",
            "renewal_date",
            "health",
            "employee_count",
            "notes",
            "external_source",
            "external_key",
            "external_url",
            "created_at",
            "updated_at",
        ]
        # Set by connectors only; the fields a source owns are refused by the service on such a customer.
        read_only_fields = ["external_source", "external_key", "external_url", "created_at", "updated_at"]
        extra_kwargs = {"arr": {"min_value": 0}}

    def create(self, validated_data):
        with service_errors():
            return customer_create(data=validated_data)

    def update(self, instance, validated_data):
        with service_errors():
            return customer_update(customer=instance, data=validated_data)


class PersonaSerializer(StrictModelSerializer):
    completeness = serializers.IntegerField(read_only=True)
    external_url = serializers.CharField(read_only=True)

    class Meta:
        model = Persona
        fields = [
            "id",
            "customer",
            "name",
            "title",
            "role",
            "influence",
            "stance",
            "is_vip",
            "email",
            "phone",
            "department",
            "seniority",
            "responsibilities",
            "goals",
            "pain_points",
            "communication_preference",
            "personal_notes",
            "completeness",
            "external_source",
            "external_key",
            "external_url",
        ]
        read_only_fields = ["external_source", "external_key", "external_url"]
        extra_kwargs = {"influence": {"min_value": 1, "max_value": 5}}

    def create(self, validated_data):
        with service_errors():
            return persona_create(data=validated_data)

    def update(self, instance, validated_data):
        with service_errors():
            return persona_update(persona=instance, data=validated_data)


class DeploymentSerializer(ModelConstraintsMixin, StrictModelSerializer):
    class Meta:
        model = Deployment
        fields = ["id", "customer", "name", "capacity_bytes", "version", "created_at"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"capacity_bytes": {"min_value": 1}}

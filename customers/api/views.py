from rest_framework import viewsets

from core.changes import InputsChangedViewSet
from customers.api.serializers import CustomerSerializer, DeploymentSerializer, PersonaSerializer
from customers.models import Customer, Deployment, Persona


class CustomerViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    queryset = Customer.objects.all().order_by("id")
    serializer_class = CustomerSerializer
    filterset_fields = ["tier", "deployment_model", "region", "health", "external_key", "external_source"]
    search_fields = ["name", "industry"]
    ordering_fields = ["name", "arr", "created_at"]


class PersonaViewSet(InputsChangedViewSet, viewsets.ModelViewSet):
    queryset = Persona.objects.all().order_by("id")
    serializer_class = PersonaSerializer
    filterset_fields = ["customer", "role", "is_vip", "external_key", "external_source"]
    search_fields = ["name", "title"]
    ordering_fields = ["name", "influence"]


class DeploymentViewSet(viewsets.ModelViewSet):
    queryset = Deployment.objects.all().order_by("id")
    serializer_class = DeploymentSerializer
    filterset_fields = ["customer"]
    search_fields = ["name"]
    ordering_fields = ["name", "capacity_bytes"]

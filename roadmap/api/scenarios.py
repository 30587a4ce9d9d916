"""Scenario API: create what-ifs and read their impact (names and fields fixed for integrations)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from customers.models import PersonaRole
from roadmap.models import Preemption, Scenario
from roadmap.services.scenarios import scenario_create, scenario_evaluate


class PreemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Preemption
        fields = ["team", "starts_on", "weeks", "share"]


class ScenarioSerializer(serializers.ModelSerializer):
    preemptions = PreemptionSerializer(many=True)

    class Meta:
        model = Scenario
        fields = ["id", "name", "description", "status", "preemptions", "created_at"]
        read_only_fields = ["status", "created_at"]

    def create(self, validated_data):
        preemptions = validated_data.pop("preemptions")
        raw = [{**p, "team": p["team"].pk} for p in preemptions]
        try:
            return scenario_create(
                name=validated_data["name"],
                description=validated_data.get("description", ""),
                preemptions=raw,
                user=self.context["request"].user,
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "message_dict") else error.messages) from error


class ContactSerializer(serializers.Serializer):
    persona = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=PersonaRole.choices)
    is_vip = serializers.BooleanField()


class AffectedSerializer(serializers.Serializer):
    commitment = serializers.IntegerField()
    feature = serializers.IntegerField()
    customer = serializers.IntegerField()
    promised_date = serializers.DateField()
    baseline_eta = serializers.DateField(allow_null=True)
    scenario_eta = serializers.DateField(allow_null=True)
    slip_days = serializers.IntegerField(allow_null=True)
    late = serializers.BooleanField()
    strength = serializers.CharField()
    contacts = ContactSerializer(many=True)


class ImpactSerializer(serializers.Serializer):
    affected = AffectedSerializer(many=True)
    customers_affected = serializers.IntegerField()
    arr_at_risk = serializers.FloatField()
    late_count = serializers.IntegerField()
    by_strength = serializers.DictField(child=serializers.IntegerField())


def impact_payload(impact) -> dict:
    return {
        "affected": [
            {
                "commitment": a.commitment.id,
                "feature": a.commitment.feature_id,
                "customer": a.commitment.customer_id,
                "promised_date": a.commitment.promised_date,
                "baseline_eta": a.baseline_eta,
                "scenario_eta": a.scenario_eta,
                "slip_days": a.slip_days,
                "late": a.late,
                "strength": a.commitment.strength,
                "contacts": [
                    {"persona": c.persona_id, "name": c.name, "role": c.role, "is_vip": c.is_vip} for c in a.contacts
                ],
            }
            for a in impact.affected
        ],
        "customers_affected": impact.customers_affected,
        "arr_at_risk": impact.arr_at_risk,
        "late_count": impact.late_count,
        "by_strength": dict(impact.by_strength),
    }


class ScenarioViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """What-if scenarios: the current plan plus preemptions of teams' capacity."""

    queryset = Scenario.objects.prefetch_related("preemptions").order_by("-created_at", "-id")
    serializer_class = ScenarioSerializer
    filterset_fields = ["status"]

    @extend_schema(
        responses={200: ImpactSerializer, 404: OpenApiResponse(description="No such scenario")},
        description="Promises whose ETA moves later under the scenario, with contacts (EB first) and ARR at risk.",
    )
    @action(detail=True, methods=["get"])
    def impact(self, request, pk=None):
        scenario = self.get_object()
        result = scenario_evaluate(scenario=scenario, with_dates=False)
        return Response(impact_payload(result.impact), status=status.HTTP_200_OK)

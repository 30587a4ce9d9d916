"""Scenario API: create what-ifs on top of the committed plan, read their impact, decide per promise, accept
and revert (names and fields fixed for integrations)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.reasons import reason_parse, reason_render
from core.serializers import StrictModelSerializer, service_errors
from customers.models import PersonaRole
from roadmap.models import Decision, DecisionAction, Feature, Preemption, Scenario
from roadmap.services import notices
from roadmap.services.scenarios import (
    decision_save,
    scenario_accept,
    scenario_create,
    scenario_evaluate,
    scenario_revert,
)


class PreemptionSerializer(StrictModelSerializer):
    class Meta:
        model = Preemption
        fields = ["team", "starts_on", "weeks", "share"]


class ScenarioSerializer(StrictModelSerializer):
    preemptions = PreemptionSerializer(many=True)
    stabilization = serializers.PrimaryKeyRelatedField(
        source="stabilization_feature", queryset=Feature.objects.all(), required=False, allow_null=True
    )
    # Why it was accepted or reverted, in the request's language; a reason the product wrote also comes as its
    # code and parameters (null when a person typed it).
    reason = serializers.SerializerMethodField()
    reason_code = serializers.SerializerMethodField()
    reason_params = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = [
            "id",
            "name",
            "description",
            "status",
            "stabilization",
            "preemptions",
            "created_at",
            "accepted_at",
            "reverted_at",
            "reason",
            "reason_code",
            "reason_params",
        ]
        read_only_fields = ["status", "created_at", "accepted_at", "reverted_at"]

    def get_reason(self, scenario) -> str:
        return reason_render(scenario.reason)

    def get_reason_code(self, scenario) -> str | None:
        return reason_parse(scenario.reason)[0]

    @extend_schema_field(serializers.DictField(child=serializers.CharField(), allow_null=True))
    def get_reason_params(self, scenario) -> dict | None:
        code, params = reason_parse(scenario.reason)
        return params if code else None

    def create(self, validated_data):
        preemptions = validated_data.pop("preemptions")
        stabilization = validated_data.get("stabilization_feature")
        with service_errors():
            return scenario_create(
                name=validated_data["name"],
                description=validated_data.get("description", ""),
                preemptions=[{**p, "team": p["team"].pk} for p in preemptions],
                stabilization_feature_id=stabilization.pk if stabilization else None,
                user=self.context["request"].user,
            )


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


class StabilizationSerializer(serializers.Serializer):
    feature = serializers.IntegerField()
    eta = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    meets_deadline = serializers.BooleanField(allow_null=True)
    days_late = serializers.IntegerField(allow_null=True)
    covered_weeks = serializers.FloatField()
    uncovered_weeks = serializers.FloatField()


class ImpactSerializer(serializers.Serializer):
    affected = AffectedSerializer(many=True)
    customers_affected = serializers.IntegerField()
    customers_to_tell = serializers.IntegerField()
    arr_at_risk = serializers.FloatField()
    late_count = serializers.IntegerField()
    by_strength = serializers.DictField(child=serializers.IntegerField())
    stabilization = StabilizationSerializer(allow_null=True)
    frozen = serializers.BooleanField()


def impact_payload(result) -> dict:
    impact, fix = result.impact, result.stabilization
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
                # Only a late promise has someone to tell.
                "contacts": [
                    {"persona": c.persona_id, "name": c.name, "role": c.role, "is_vip": c.is_vip}
                    for c in (a.contacts if a.late else ())
                ],
            }
            for a in impact.affected
        ],
        "customers_affected": impact.customers_affected,
        "customers_to_tell": impact.customers_to_tell,
        "arr_at_risk": impact.arr_at_risk,
        "late_count": impact.late_count,
        "by_strength": dict(impact.by_strength),
        "stabilization": (
            {
                "feature": fix.feature_id,
                "eta": fix.eta,
                "deadline": fix.deadline,
                "meets_deadline": fix.meets_deadline,
                "days_late": fix.days_late,
                "covered_weeks": fix.covered_weeks,
                "uncovered_weeks": fix.uncovered_weeks,
            }
            if fix
            else None
        ),
        "frozen": result.frozen,
    }


class DecisionInputSerializer(serializers.Serializer):
    commitment = serializers.IntegerField()
    action = serializers.ChoiceField(choices=DecisionAction.choices)
    new_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoticeSerializer(serializers.Serializer):
    to = serializers.ListField(child=serializers.EmailField())
    to_role = serializers.CharField()
    cc = serializers.ListField(child=serializers.EmailField())
    subject = serializers.CharField()
    text = serializers.CharField()
    state = serializers.CharField()
    language = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)


class DecisionSerializer(StrictModelSerializer):
    notice = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField()  # in the request's language
    warning_code = serializers.SerializerMethodField()
    warning_params = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "scenario",
            "commitment",
            "action",
            "new_date",
            "reason",
            "warning",
            "warning_code",
            "warning_params",
            "notice",
            "decided_at",
        ]

    def get_warning(self, decision) -> str | None:
        return reason_render(decision.warning) or None

    def get_warning_code(self, decision) -> str | None:
        return reason_parse(decision.warning)[0]

    @extend_schema_field(serializers.DictField(child=serializers.CharField(), allow_null=True))
    def get_warning_params(self, decision) -> dict | None:
        code, params = reason_parse(decision.warning)
        return params if code else None

    @extend_schema_field(NoticeSerializer)
    def get_notice(self, decision) -> dict:
        if decision.notice_recipients:
            to, cc, role = (decision.notice_recipients.get(k) for k in ("to", "cc", "to_role"))
        else:
            to, cc, role = notices.notice_addresses(decision.commitment.customer_id)
        return {
            "to": to,
            "to_role": role,
            "cc": cc,
            "subject": decision.notice_subject,
            "text": decision.notice_text,
            "state": decision.notice_state,
            "language": decision.notice_language,
            "sent_at": decision.sent_at,
        }


class ScenarioViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """What-if scenarios: the committed plan plus preemptions of teams' capacity serving a stabilization."""

    queryset = Scenario.objects.prefetch_related("preemptions").order_by("-created_at", "-id")
    serializer_class = ScenarioSerializer
    filterset_fields = ["status"]

    @extend_schema(
        responses={200: ImpactSerializer, 404: OpenApiResponse(description="No such scenario")},
        description="Promises whose ETA moves later under the scenario (contacts only for late ones), the "
        "customers to tell, ARR at risk, and when the stabilization ships against the fleet deadline. An accepted "
        "scenario answers as it was at acceptance (frozen).",
    )
    @action(detail=True, methods=["get"])
    def impact(self, request, pk=None):
        result = scenario_evaluate(scenario=self.get_object(), with_dates=False)
        return Response(impact_payload(result), status=status.HTTP_200_OK)

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """Keep, move or cancel one affected promise; the notice is drafted in its recipient's language."""
        scenario = self.get_object()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            decision = decision_save(
                scenario=scenario,
                commitment_id=data.validated_data["commitment"],
                action=data.validated_data["action"],
                new_date=data.validated_data.get("new_date"),
                reason=data.validated_data.get("reason", ""),
                user=request.user,
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ScenarioSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The scenario enters the committed plan (PM only)."""
        with service_errors():
            scenario_accept(scenario=self.get_object(), user=request.user, reason=str(request.data.get("reason", "")))
        return Response(ScenarioSerializer(Scenario.objects.get(pk=pk), context={"request": request}).data)

    @extend_schema(request=None, responses={200: ScenarioSerializer})
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        """The scenario leaves the committed plan; its promises get their dates back (PM only)."""
        with service_errors():
            scenario_revert(scenario=self.get_object(), user=request.user, reason=str(request.data.get("reason", "")))
        return Response(ScenarioSerializer(Scenario.objects.get(pk=pk), context={"request": request}).data)

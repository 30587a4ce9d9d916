"""The committed plan and its summary: what every page shows, for integrations (names fixed)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from roadmap.models import PlanVersion
from roadmap.selectors.summary import plan_summary_get


def _fix_payload(fix, title: str) -> dict | None:
    if fix is None:
        return None
    return {
        "feature": fix.feature_id,
        "title": title,
        "eta": fix.eta,
        "deadline": fix.deadline,
        "meets_deadline": fix.meets_deadline,
        "days_late": fix.days_late,
        "covered_weeks": fix.covered_weeks,
        "uncovered_weeks": fix.uncovered_weeks,
        "mainline_team": fix.team_id,
        "mainline_rank": fix.mainline_rank,
    }


FIX = inline_serializer(
    "PlanFix",
    {
        "feature": serializers.IntegerField(),
        "title": serializers.CharField(),
        "eta": serializers.DateField(allow_null=True),
        "deadline": serializers.DateField(allow_null=True),
        "meets_deadline": serializers.BooleanField(allow_null=True),
        "days_late": serializers.IntegerField(allow_null=True),
        "covered_weeks": serializers.FloatField(),
        "uncovered_weeks": serializers.FloatField(),
        "mainline_team": serializers.IntegerField(),
        "mainline_rank": serializers.IntegerField(),
    },
    allow_null=True,
)


class PlanApi(APIView):
    """The committed plan: accepted preemptions and every open feature's start, ETA, P50 and P85."""

    @extend_schema(
        responses=inline_serializer(
            "Plan",
            {
                "version": serializers.IntegerField(),
                "committed_at": serializers.DateTimeField(allow_null=True),
                "preemptions": serializers.ListField(child=serializers.DictField()),
                "features": serializers.ListField(child=serializers.DictField()),
                "fix": FIX,
            },
        )
    )
    def get(self, request):
        today = timezone.localdate()
        summary = plan_summary_get(today=today)
        plan = summary.plan
        version = PlanVersion.objects.order_by("-number").only("number", "at").first()
        kinds = {f.id: (f.team_id, f.kind) for f in plan.inputs.features}
        dates = plan.dates_of(kinds)
        features = []
        for fid, planned in plan.dates.items():
            forecast = dates.dates(fid)
            features.append(
                {
                    "feature": fid,
                    "team": kinds[fid][0],
                    "start": planned.start,
                    "eta": planned.eta,
                    "p50": forecast.p50,
                    "p85": forecast.p85,
                    "kind": kinds[fid][1],
                }
            )
        return Response(
            {
                "version": version.number if version else 0,
                "committed_at": version.at if version else None,
                "preemptions": [
                    {
                        "team": p.team_id,
                        "starts_on": p.starts_on,
                        "weeks": p.weeks,
                        "share": p.share,
                        "feature": p.feature_id,
                    }
                    for p in plan.inputs.preemptions
                ],
                "features": features,
                "fix": _fix_payload(summary.fix, summary.fix_title),
            }
        )


class SummaryApi(APIView):
    """The Home figures, from the committed plan."""

    @extend_schema(
        responses=inline_serializer(
            "PlanSummary",
            {
                "promises_late": serializers.IntegerField(),
                "promises_at_risk": serializers.IntegerField(),
                "arr_at_risk": serializers.FloatField(),
                "customers_to_tell": serializers.IntegerField(),
                "deployments_under_20": serializers.IntegerField(),
                "next_full": serializers.DictField(allow_null=True),
                "fix_deadline": serializers.DateField(allow_null=True),
                "fix_eta": serializers.DateField(allow_null=True),
            },
        )
    )
    def get(self, request):
        return Response(plan_summary_get(today=timezone.localdate()).api())


DATES_PARAMS = [OpenApiParameter("by", str, description="YYYY-MM-DD: the chance of shipping by this date")]

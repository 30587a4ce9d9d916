from django.urls import path

from roadmap.views import commitments, edit, priorities, scenarios, teams, timeline

app_name = "roadmap"

urlpatterns: list = [
    path("priorities/", priorities.priorities, name="priorities"),
    path("priorities/order/", priorities.priorities_order, name="priorities-order"),
    path("priorities/policy/", priorities.priorities_policy, name="priorities-policy"),
    path("priorities/policy/preview/", priorities.priorities_policy_preview, name="priorities-policy-preview"),
    path("priorities/policy/save/", priorities.priorities_policy_save, name="priorities-policy-save"),
    path("priorities/features/<int:feature_id>/to-first/", priorities.priorities_to_first, name="priorities-to-first"),
    path("", timeline.roadmap_timeline, name="timeline"),
    path("plan.csv", timeline.roadmap_csv, name="timeline_csv"),
    path("features/<int:pk>/", timeline.feature_detail, name="feature_detail"),
    path("features/<int:pk>/edit/", edit.feature_edit, name="feature_edit"),
    path("commitments/<int:pk>/edit/", edit.commitment_edit, name="commitment_edit"),
    path("teams/", teams.team_list_view, name="team_list"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/capacity-changes/", teams.capacity_change_new, name="capacity_change_new"),
    path("capacity-changes/<int:pk>/delete/", teams.capacity_change_delete, name="capacity_change_delete"),
    path("check/", commitments.commitment_check, name="commitment_check"),
    path("request/", commitments.commitment_request, name="commitment_request"),
    path("requests/", commitments.request_queue, name="request_queue"),
    path("requests/<int:pk>/decide/", commitments.request_decide, name="request_decide"),
    path("scenarios/", scenarios.scenario_list, name="scenario_list"),
    path("scenarios/new/", scenarios.scenario_new, name="scenario_new"),
    path("scenarios/whatif/", scenarios.scenario_whatif, name="scenario_whatif"),
    path("scenarios/minimum/", scenarios.minimum_preemption, name="minimum_preemption"),
    path("scenarios/compare/", scenarios.scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", scenarios.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/impact.csv", scenarios.scenario_impact_csv, name="scenario_impact_csv"),
    path("scenarios/<int:pk>/accept/", scenarios.scenario_accept, name="scenario_accept"),
    path("scenarios/<int:pk>/revert/", scenarios.scenario_revert, name="scenario_revert"),
    path("scenarios/<int:pk>/edit/", scenarios.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/duplicate/", scenarios.scenario_duplicate, name="scenario_duplicate"),
    path("scenarios/<int:pk>/discard/", scenarios.scenario_discard, name="scenario_discard"),
    path("notices/<int:pk>/", scenarios.notice_save, name="notice_save"),
    path("scenarios/<int:pk>/decisions/<int:commitment_id>/", scenarios.decision_save, name="decision_save"),
]

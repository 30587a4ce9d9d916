from django.urls import path

from roadmap.views import priorities

app_name = "roadmap"

urlpatterns: list = [
    path("priorities/", priorities.priorities, name="priorities"),
    path("priorities/policy/", priorities.priorities_policy, name="priorities-policy"),
]

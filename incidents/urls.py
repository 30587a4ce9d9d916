from django.urls import path

from incidents.views import incidents

app_name = "incidents"

urlpatterns: list = [
    path("", incidents.incident_list_view, name="incident_list"),
    path("new/", incidents.incident_new, name="incident_new"),
    path("<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path("inbox/", incidents.webhook_inbox, name="webhook_inbox"),
    path("inbox/<int:pk>/retry/", incidents.webhook_retry, name="webhook_retry"),
    path("<int:pk>/update/", incidents.incident_update, name="incident_update"),
]

from django.urls import path

from connectors.views import pages

app_name = "connectors"

urlpatterns = [
    path("", pages.connector_list, name="connector_list"),
    path("<int:pk>/sync/", pages.connector_sync, name="connector_sync"),
    path("runs/<int:pk>/", pages.run_progress, name="run_progress"),
]

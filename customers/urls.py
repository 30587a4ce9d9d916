from django.urls import path

from customers.views import forecasts

app_name = "customers"

urlpatterns: list = [
    path("fleet/", forecasts.fleet, name="fleet"),
    path("fleet.csv", forecasts.fleet_csv, name="fleet_csv"),
    path("deployments/<int:pk>/", forecasts.deployment_detail, name="deployment_detail"),
]

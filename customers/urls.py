from django.urls import path

from customers.views import customers, edit, forecasts

app_name = "customers"

urlpatterns: list = [
    path("", customers.customer_list_view, name="customer_list"),
    path("customers.csv", customers.customer_csv, name="customer_csv"),
    path("<int:pk>/", customers.customer_detail, name="customer_detail"),
    path("<int:pk>/edit/", edit.customer_edit, name="customer_edit"),
    path("<int:pk>/people/new/", edit.persona_add, name="persona_add"),
    path("people/<int:pk>/edit/", edit.persona_edit, name="persona_edit"),
    path("fleet/", forecasts.fleet, name="fleet"),
    path("fleet.csv", forecasts.fleet_csv, name="fleet_csv"),
    path("deployments/<int:pk>/", forecasts.deployment_detail, name="deployment_detail"),
    path("deployments/<int:pk>/samples.csv", forecasts.deployment_samples_csv, name="deployment_samples_csv"),
]

from django.contrib import admin
from django.urls import include, path

from connectors.views import webhooks as connector_webhooks
from core.schema import DocsView, SchemaView
from incidents.views import webhooks

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api")),
    path("webhooks/alertmanager/", webhooks.alertmanager, name="webhook-alertmanager"),
    path("webhooks/pagerduty/", webhooks.pagerduty, name="webhook-pagerduty"),
    path("webhooks/connectors/<slug:name>/", connector_webhooks.jira_webhook, name="webhook-connector"),
    path("connectors/", include("connectors.urls")),
    path("customers/", include("customers.urls")),
    path("incidents/", include("incidents.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("", include("core.urls")),
    path("", include("desk.urls")),
]

handler400 = "core.views.bad_request"

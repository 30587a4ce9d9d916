"""The connectors page: every source and Slack channel, its last runs, and (PMs) sync now / retry with progress."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from connectors.models import Connector, SyncRun
from connectors.selectors.connectors import connectors_overview_get
from connectors.services.sync import sync_request
from core.permissions import pm_required, reader_required


@require_GET
@reader_required
def connector_list(request):
    return render(request, "connectors/connector_list.html", {"rows": connectors_overview_get()})


@require_POST
@pm_required
def connector_sync(request, pk: int):
    """Queue a tracked run (a failed one is retried the same way) and answer with its progress, which polls."""
    connector = get_object_or_404(Connector, pk=pk)
    if not connector.is_source:
        return render(
            request, "connectors/connector_list.html#run", {"run": None, "message": _("Slack channels do not sync.")}
        )
    run = sync_request(connector=connector, trigger="page")
    return render(request, "connectors/connector_list.html#run", {"run": run, "connector": connector})


@require_GET
@reader_required
def run_progress(request, pk: int):
    run = get_object_or_404(SyncRun.objects.select_related("connector"), pk=pk)
    return render(request, "connectors/connector_list.html#run", {"run": run, "connector": run.connector})

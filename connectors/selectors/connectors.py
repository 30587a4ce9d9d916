from dataclasses import dataclass

from connectors.models import Announcement, Connector, SourceDelivery, SyncRun


@dataclass(frozen=True)
class ConnectorRow:
    connector: Connector
    runs: list[SyncRun]
    deliveries: int
    announcements: int

    @property
    def last_run(self) -> SyncRun | None:
        return self.runs[0] if self.runs else None


def connectors_overview_get(*, runs_per_connector: int = 5) -> list[ConnectorRow]:
    rows = []
    for connector in Connector.objects.order_by("kind", "name"):
        runs = list(SyncRun.objects.filter(connector=connector).order_by("-queued_at", "-id")[:runs_per_connector])
        rows.append(
            ConnectorRow(
                connector=connector,
                runs=runs,
                deliveries=SourceDelivery.objects.filter(connector=connector).count(),
                announcements=Announcement.objects.filter(connector=connector, ok=True).count(),
            )
        )
    return rows

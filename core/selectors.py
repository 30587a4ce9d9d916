"""Cross-app reads for the shell pages (home tiles, global search)."""

from dataclasses import dataclass

from customers.models import Customer, Deployment
from incidents.models import OPEN_STATUSES, Incident, Severity
from roadmap.models import Commitment, CommitmentStatus, Feature


@dataclass(frozen=True)
class HomeTiles:
    open_sev12: int
    active_commitments: int
    customers: int
    deployments: int


def home_tiles_get() -> HomeTiles:
    return HomeTiles(
        open_sev12=Incident.objects.filter(
            status__in=OPEN_STATUSES, severity__in=[Severity.SEV1, Severity.SEV2]
        ).count(),
        active_commitments=Commitment.objects.filter(status=CommitmentStatus.ACTIVE).count(),
        customers=Customer.objects.count(),
        deployments=Deployment.objects.count(),
    )


@dataclass(frozen=True)
class SearchResults:
    query: str
    customers: list
    features: list
    incidents: list

    @property
    def empty(self) -> bool:
        return not (self.customers or self.features or self.incidents)


def search(*, query: str, limit: int = 20) -> SearchResults:
    query = query.strip()
    if not query:
        return SearchResults(query="", customers=[], features=[], incidents=[])
    return SearchResults(
        query=query,
        customers=list(Customer.objects.filter(name__icontains=query).only("id", "name", "tier")[:limit]),
        features=list(
            Feature.objects.filter(title__icontains=query)
            .select_related("team")
            .only("id", "title", "status", "kind", "team__name")[:limit]
        ),
        incidents=list(
            Incident.objects.filter(title__icontains=query).only("id", "title", "severity", "status")[:limit]
        ),
    )

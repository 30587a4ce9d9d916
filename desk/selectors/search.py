"""Global search over customers, features and incidents."""

from dataclasses import dataclass

from customers.models import Customer
from incidents.models import Incident
from roadmap.models import Feature


@dataclass(frozen=True)
class SearchResults:
    query: str
    customers: list
    features: list
    incidents: list

    @property
    def empty(self) -> bool:
        return not (self.customers or self.features or self.incidents)


def search_run(*, query: str, limit: int = 20) -> SearchResults:
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

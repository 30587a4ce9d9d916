"""Query helpers shared by the list pages."""

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(related: QuerySet, link: str) -> Coalesce:
    """Rows of `related` per outer row, as a correlated subquery (`related` filters `link` on an OuterRef).

    Unlike a joined Count, it is worked out only for the rows a page shows, and the paginator's COUNT(*) drops it.
    """
    counted = related.order_by().values(link).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

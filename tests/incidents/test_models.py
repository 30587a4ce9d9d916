import pytest
from django.db import IntegrityError, transaction

from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_it_keeps_external_incident_ids_unique_per_source():
    IncidentFactory(external_source="pagerduty", external_id="Q1")
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(external_source="pagerduty", external_id="Q1")
    IncidentFactory(external_source="alertmanager", external_id="Q1")
    IncidentFactory(external_source="", external_id="")
    IncidentFactory(external_source="", external_id="")

"""An incident and the customers it hits are judged by the same service on every path."""

import pytest
from django.core.exceptions import ValidationError

from desk.imports import import_file
from incidents.models import Incident
from incidents.services.incidents import incident_create
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

MESSAGE = "An incident cannot be resolved before it was reported."


def test_every_path_refuses_an_incident_resolved_before_it_was_reported(pm_user, pm_api):
    customer = CustomerFactory(name="Vantage Logistics")
    reported, resolved = "2026-11-20T08:00:00+08:00", "2026-11-19T08:00:00+08:00"
    with pytest.raises(ValidationError) as service:
        incident_create(
            data={"title": "Disk full", "severity": "SEV1", "reported_at": reported, "resolved_at": resolved},
            customer_ids=[customer.pk],
        )
    assert service.value.message_dict["resolved_at"] == [MESSAGE]

    api = pm_api.post(
        "/api/incidents/",
        {
            "title": "Disk full",
            "severity": "SEV1",
            "reported_at": reported,
            "resolved_at": resolved,
            "customers": [customer.pk],
        },
        format="json",
    )
    assert (api.status_code, api.json().get("resolved_at")) == (400, [MESSAGE])

    report = import_file(
        kind_name="incidents",
        data=(
            "title,severity,reported_at,resolved_at,customers\n"
            f"Disk full,SEV1,{reported},{resolved},Vantage Logistics\n"
        ).encode(),
        filename="i.csv",
        user=pm_user,
        commit=True,
    )
    assert [(e.line, e.column, e.message) for e in report.errors] == [(2, "resolved_at", MESSAGE)]
    assert not Incident.objects.exists()


def test_the_api_and_the_import_record_the_customers_hit(pm_user, pm_api):
    hit = CustomerFactory(name="Umbra Bank")
    api = pm_api.post(
        "/api/incidents/",
        {"title": "Slow search", "severity": "SEV2", "reported_at": "2026-11-20T08:00:00Z", "customers": [hit.pk]},
        format="json",
    )
    assert api.status_code == 201
    report = import_file(
        kind_name="incidents",
        data=b"title,severity,reported_at,customers\nSlow sync,SEV3,2026-11-21T08:00:00Z,Umbra Bank\n",
        filename="i.csv",
        user=pm_user,
        commit=True,
    )
    assert report.errors == []
    assert sorted(Incident.objects.values_list("title", "affected__customer__name")) == [
        ("Slow search", "Umbra Bank"),
        ("Slow sync", "Umbra Bank"),
    ]


def test_the_api_refuses_a_time_without_a_zone_as_the_samples_api_does(pm_api):
    api = pm_api.post(
        "/api/incidents/",
        {"title": "Disk full", "severity": "SEV1", "reported_at": "2026-11-20T08:00:00"},
        format="json",
    )
    assert api.status_code == 400
    assert api.json()["reported_at"] == ["Include a time zone (e.g. Z or +08:00)."]
    assert not Incident.objects.exists()
    zoned = pm_api.post(
        "/api/incidents/",
        {"title": "Disk full", "severity": "SEV1", "reported_at": "2026-11-20T08:00:00+08:00"},
        format="json",
    )
    assert zoned.status_code == 201

import pytest

from tests.factories import (
    AffectedCustomerFactory,
    CommitmentFactory,
    CustomerFactory,
    DeploymentFactory,
    PersonaFactory,
)

pytestmark = pytest.mark.django_db


def test_it_lists_customers_with_search_filters_and_chinese_names(presales_client, django_assert_max_num_queries):
    CustomerFactory(name="华东制造集团", tier="strategic")
    for _ in range(30):
        CustomerFactory(tier="standard")
    with django_assert_max_num_queries(8):
        page = presales_client.get("/customers/")
    assert page.status_code == 200
    found = presales_client.get("/customers/", {"q": "制造"}, headers={"HX-Request": "true"}).content.decode()
    assert "华东制造集团" in found
    assert "<html" not in found
    filtered = presales_client.get("/customers/", {"tier": "strategic"}).content.decode()
    assert "华东制造集团" in filtered
    assert "Customer 5" not in filtered


def test_it_exports_customers_as_csv_with_a_bom_and_safe_cells(pm_client):
    CustomerFactory(name="=HYPERLINK(1)")
    CustomerFactory(name="星河金融")
    body = pm_client.get("/customers/customers.csv").content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK(1)" in body
    assert "星河金融" in body


def test_it_shows_the_customer_360(leadership_client, django_assert_max_num_queries):
    customer = CustomerFactory(name="Vantage")
    PersonaFactory(customer=customer, name="Chen", role="EB", is_vip=True)
    PersonaFactory(customer=customer, name="Liu", role="TB")
    DeploymentFactory(customer=customer, name="vantage-prod")
    AffectedCustomerFactory(customer=customer, incident__title="Disk full")
    CommitmentFactory(customer=customer, feature__title="Shared spaces")
    # 3 session/role + 6 for the account + 6 for the baseline plan behind "chance on time" + 1 for chart samples
    # + 2 for the changes of the account and its people.
    with django_assert_max_num_queries(18):
        page = leadership_client.get(f"/customers/{customer.pk}/")
    html = page.content.decode()
    for text in ["Chen", "VIP", "Liu", "vantage-prod", "Disk full", "Shared spaces", "Chance on time"]:
        assert text in html
    partial = leadership_client.get(f"/customers/{customer.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert leadership_client.get("/customers/999999/").status_code == 404


def test_it_shows_forecast_numbers_open_incidents_and_charts_on_the_360(pm_client, django_assert_max_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    from customers.models import CapacityForecast

    customer = CustomerFactory(name="Vantage")
    deployment = DeploymentFactory(customer=customer, name="vantage-prod")
    now = timezone.now()
    CapacityForecast.objects.create(
        deployment=deployment,
        status="filling",
        method="test",
        capacity_bytes=deployment.capacity_bytes,
        free_ratio=0.07,
        days_to_full=13.6,
        full_at=now + timedelta(days=13.6),
        computed_at=now,
    )
    AffectedCustomerFactory(customer=customer, incident__title="Still open")
    AffectedCustomerFactory(customer=customer, incident__title="Long closed", incident__status="closed")
    with django_assert_max_num_queries(13):  # 2 of them: the changes of the account and its people
        html = pm_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "7%" in html
    assert ">14<" in html
    assert (now + timedelta(days=13.6)).strftime("%Y-%m-%d") in html
    assert "data-figure-json=" in html
    assert "Still open" in html
    assert "Long closed" not in html
    chart = pm_client.get(f"/customers/deployments/{deployment.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'class="card deployment-forecast"' in chart


def test_it_keeps_the_360_flat_in_queries_with_many_deployments(pm_client, django_assert_max_num_queries):
    customer = CustomerFactory()
    for n in range(12):
        DeploymentFactory(customer=customer, name=f"d{n}")
        PersonaFactory(customer=customer, name=f"p{n}")
        CommitmentFactory(customer=customer)
        AffectedCustomerFactory(customer=customer)
    with django_assert_max_num_queries(18):  # 2 of them: the changes of the account and its people
        html = pm_client.get(f"/customers/{customer.pk}/").content.decode()
    assert html.count('class="chart"') == 3


def test_it_pages_customers_with_htmx_in_flat_queries(pm_client, django_assert_max_num_queries):
    for n in range(120):
        CustomerFactory(name=f"Acme {n:03d}", region="Europe")
    with django_assert_max_num_queries(8):
        partial = pm_client.get("/customers/", {"region": "Europe", "page": 2}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert "Acme 050" in html
    assert "Acme 049" not in html
    assert 'hx-get="?region=Europe&amp;page=3"' in html

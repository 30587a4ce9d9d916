"""A PM edits a customer's facts and its key people on the customer page; other roles may not."""

from decimal import Decimal

import pytest

from customers.models import Customer, Persona
from tests.factories import CustomerFactory, PersonaFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def customer():
    return CustomerFactory(name="Vantage", tier="key", arr=Decimal("120000"))


def _customer_form(customer, **changes):
    data = {"tier": customer.tier, "arr": str(customer.arr), "renewal_date": "", "owner": ""}
    return {**data, **changes}


def test_it_edits_a_customer_in_place_and_keeps_its_history(customer, pm_client, pm_user):
    url = f"/customers/{customer.pk}/edit/"
    form = pm_client.get(url, headers=HTMX)
    assert form.status_code == 200
    assert 'name="renewal_date"' in form.content.decode()
    data = _customer_form(customer, tier="strategic", arr="250000", renewal_date="2027-03-31", owner=pm_user.pk)
    response = pm_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#profile"
    html = response.content.decode()
    assert "Saved." in html
    assert "2027-03-31" in html
    assert "250,000" in html
    customer.refresh_from_db()
    assert (customer.tier, customer.arr, customer.renewal_date.isoformat(), customer.owner) == (
        "strategic",
        Decimal("250000"),
        "2027-03-31",
        pm_user,
    )
    latest = customer.history.first()
    assert (latest.tier, latest.history_user) == ("strategic", pm_user)


def test_a_refused_customer_edit_shows_the_error_keeps_the_input_and_changes_nothing(customer, pm_client):
    before = customer.history.count()
    response = pm_client.post(
        f"/customers/{customer.pk}/edit/",
        _customer_form(customer, tier="strategic", arr="-5", renewal_date="2027-02-30"),
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "errorlist" in html
    assert "Enter a valid date." in html
    assert 'value="-5"' in html  # what was typed stays in the form
    assert '<option value="strategic" selected>' in html
    customer.refresh_from_db()
    assert (customer.tier, customer.arr, customer.renewal_date) == ("key", Decimal("120000"), None)
    assert customer.history.count() == before


def test_a_field_the_crm_keeps_is_refused_in_the_form(pm_client):
    kept = CustomerFactory(external_source="salesforce", external_key="001", arr=Decimal("1000"))
    response = pm_client.post(f"/customers/{kept.pk}/edit/", _customer_form(kept, arr="9000"), headers=HTMX)
    assert response.status_code == 422
    assert "read-only here" in response.content.decode()
    assert Customer.objects.get(pk=kept.pk).arr == Decimal("1000")


def _persona_form(**changes):
    data = {"name": "Chen Jing", "role": "EB", "title": "CIO", "email": "chen@vantage.example", "phone": "+86 21 5555"}
    return {**data, "stance": "champion", "is_vip": "on", "language": "zh-hans", **changes}


def test_it_adds_a_persona_on_the_customer_page(customer, pm_client, pm_user):
    url = f"/customers/{customer.pk}/people/new/"
    assert pm_client.get(url, headers=HTMX).status_code == 200
    response = pm_client.post(url, _persona_form(), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#people"
    assert "Chen Jing" in response.content.decode()
    person = Persona.objects.get(customer=customer, name="Chen Jing")
    assert (person.role, person.is_vip, person.stance, person.email) == ("EB", True, "champion", "chen@vantage.example")
    assert person.language == "zh-hans"  # notices to this person are written in Chinese
    assert person.history.get().history_type == "+"
    assert person.history.get().history_user == pm_user


def test_it_edits_a_persona_and_keeps_its_history(customer, pm_client):
    person = PersonaFactory(customer=customer, name="Liu", role="UB", title="Analyst")
    response = pm_client.post(
        f"/customers/people/{person.pk}/edit/", _persona_form(name="Liu", role="TB", is_vip=""), headers=HTMX
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.role, person.is_vip, person.title) == ("TB", False, "CIO")
    assert person.history.first().role == "TB"


def test_a_refused_persona_shows_its_errors_keeps_the_input_and_saves_nothing(customer, pm_client):
    PersonaFactory(customer=customer, name="Chen Jing")
    url = f"/customers/{customer.pk}/people/new/"
    bad_mail = pm_client.post(url, _persona_form(name="Wang", email="not-an-address", role="XX"), headers=HTMX)
    assert bad_mail.status_code == 422
    html = bad_mail.content.decode()
    assert "Enter a valid email address." in html
    assert "Select a valid choice." in html
    assert 'value="not-an-address"' in html
    twice = pm_client.post(url, _persona_form(), headers=HTMX)
    assert twice.status_code == 422
    assert "Vantage already has a person named Chen Jing." in twice.content.decode()
    assert list(customer.personas.values_list("name", flat=True)) == ["Chen Jing"]


@pytest.mark.parametrize("role", ["presales", "leadership"])
def test_only_a_pm_edits_customers_and_people(role, customer, request):
    client = request.getfixturevalue(f"{role}_client")
    person = PersonaFactory(customer=customer, name="Liu")
    for url in (
        f"/customers/{customer.pk}/edit/",
        f"/customers/{customer.pk}/people/new/",
        f"/customers/people/{person.pk}/edit/",
    ):
        assert client.get(url, headers=HTMX).status_code == 403
        assert client.post(url, _persona_form(), headers=HTMX).status_code == 403
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Edit this customer" not in page
    assert "Add a person" not in page
    assert f"/customers/people/{person.pk}/edit/" not in page
    assert Persona.objects.filter(customer=customer).count() == 1


def test_the_pm_sees_the_edit_buttons(customer, pm_client):
    PersonaFactory(customer=customer, name="Liu")
    page = pm_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Edit this customer" in page
    assert "Add a person" in page
    assert "Edit Liu" in page


def test_without_htmx_a_saved_form_returns_to_the_customer_page(customer, pm_client):
    response = pm_client.post(f"/customers/{customer.pk}/edit/", _customer_form(customer, tier="standard"))
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{customer.pk}/"


def test_the_customer_page_lists_who_changed_what(customer, pm_client, pm_user):
    pm_client.post(f"/customers/{customer.pk}/edit/", _customer_form(customer, tier="strategic", arr="1"), headers=HTMX)
    saved = pm_client.post(f"/customers/{customer.pk}/people/new/", _persona_form(), headers=HTMX).content.decode()
    assert 'id="changes" hx-swap-oob="true"' in saved  # the list beside the form follows the edit
    page = pm_client.get(f"/customers/{customer.pk}/").content.decode()
    changes = page[page.index('id="changes"') :]
    assert "Chen Jing</strong>\n    added" in changes
    assert "Vantage</strong>\n    changed:\n    Tier, ARR" in changes
    assert "pm" in changes

from decimal import Decimal

import pytest

from connectors.domain import crm
from connectors.domain.kinds import ItemError
from tests.connectors.conftest import fixture_json

OPTIONS = crm.SALESFORCE_DEFAULTS


def test_documented_account_records_without_id_take_it_from_their_url():
    [record] = fixture_json("salesforce/accounts_page1.json")["records"]
    draft = crm.salesforce_account(record, instance="https://acme.my.salesforce.com", options=OPTIONS)
    assert (draft.key, draft.name, draft.arr) == ("001D000000IRFmaIAH", "Test 1", Decimal("0"))
    assert draft.url == "https://acme.my.salesforce.com/001D000000IRFmaIAH"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["Economic Buyer"], ("EB", False)),
        (["Decision Maker"], ("EB", False)),
        (["Technical Buyer"], ("TB", False)),
        (["Evaluator"], ("TB", False)),
        (["Business User"], ("UB", False)),
        (["Executive Sponsor"], ("EB", True)),
        (["Business User", "Technical Buyer"], ("TB", False)),
        (["Influencer"], ("UB", False)),
        ([], ("UB", False)),
    ],
)
def test_contact_roles_map_to_the_strongest_persona_role(roles, expected):
    assert crm.role_for(roles, role_map=crm.ROLE_MAP, default="UB") == expected


def test_the_mapping_is_editable():
    options = {**OPTIONS, "role_map": {"Influencer": ["TB", False]}}
    record = fixture_json("salesforce/contacts_composed.json")["records"][0]
    draft = crm.salesforce_contact(record, instance="https://x", roles=["Influencer"], options=options)
    assert (draft.role, draft.customer_key, draft.name) == ("TB", "001D000000IRFmaIAH", "Rose Gonzalez")


def test_a_documented_contact_without_account_is_refused_with_the_reason():
    [record] = fixture_json("salesforce/contact_without_account.json")["records"]
    with pytest.raises(ItemError, match="no account"):
        crm.salesforce_contact(record, instance="https://x", roles=[], options=OPTIONS)


def test_negative_or_non_numeric_arr_is_refused():
    with pytest.raises(ItemError, match="negative"):
        crm.salesforce_account({"Id": "1", "Name": "A", "AnnualRevenue": -5}, instance="", options=OPTIONS)
    with pytest.raises(ItemError, match="not a number"):
        crm.salesforce_account({"Id": "1", "Name": "A", "AnnualRevenue": "lots"}, instance="", options=OPTIONS)


def test_hubspot_company_and_contact():
    company = {"id": "512", "properties": {"name": "Biglytics", "annualrevenue": "1000000", "country": "US"}}
    draft = crm.hubspot_company(company, portal_url="https://app.hubspot.com/contacts/1", options=crm.HUBSPOT_DEFAULTS)
    assert (draft.key, draft.arr, draft.url) == (
        "512",
        Decimal("1000000.00"),
        "https://app.hubspot.com/contacts/1/company/512",
    )
    contact = {
        "id": "7",
        "properties": {"firstname": "Ana", "lastname": "Li", "hs_buying_role": "END_USER;EXECUTIVE_SPONSOR"},
    }
    persona = crm.hubspot_contact(contact, portal_url="", company_key="512", options=crm.HUBSPOT_DEFAULTS)
    assert (persona.name, persona.role, persona.is_vip) == ("Ana Li", "EB", True)

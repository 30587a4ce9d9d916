"""CRM accounts and contacts as customers and personas: pure mapping of Salesforce and HubSpot records."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from connectors.domain.kinds import ItemError

EB, TB, UB = "EB", "TB", "UB"
# Salesforce's standard contact roles -> (persona role, VIP). A connector's options.role_map overrides entries.
ROLE_MAP = {
    "Economic Buyer": [EB, False],
    "Decision Maker": [EB, False],
    "Technical Buyer": [TB, False],
    "Evaluator": [TB, False],
    "Business User": [UB, False],
    "Executive Sponsor": [EB, True],
}
# HubSpot's buying roles (hs_buying_role).
HUBSPOT_ROLE_MAP = {
    "BUDGET_HOLDER": [EB, False],
    "DECISION_MAKER": [EB, False],
    "END_USER": [UB, False],
    "EXECUTIVE_SPONSOR": [EB, True],
}
ROLE_ORDER = (EB, TB, UB)
SALESFORCE_DEFAULTS = {"arr_field": "AnnualRevenue", "api_version": "59.0", "role_map": {}, "default_role": UB}
HUBSPOT_DEFAULTS = {
    "arr_property": "annualrevenue",
    "role_property": "hs_buying_role",
    "role_map": {},
    "default_role": UB,
}


@dataclass(frozen=True)
class CustomerDraft:
    key: str
    url: str
    name: str
    industry: str
    arr: Decimal
    employee_count: int | None
    region: str


@dataclass(frozen=True)
class PersonaDraft:
    key: str
    url: str
    customer_key: str
    name: str
    title: str
    email: str
    phone: str
    department: str
    role: str
    is_vip: bool


def _money(value) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ItemError(f"ARR {value!r} is not a number.") from exc
    if amount < 0:
        raise ItemError(f"ARR {value} is negative.")
    return amount


def _count(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def role_for(names, *, role_map: dict, default: str) -> tuple[str, bool]:
    """The strongest persona role among a contact's roles (EB > TB > UB), and VIP if any role says so."""
    found = [role_map[n] for n in names if n in role_map]
    if not found:
        return default, False
    role = min((r for r, _vip in found), key=ROLE_ORDER.index)
    return role, any(vip for _r, vip in found)


def record_id(record: dict) -> str:
    """A record's Id, or the last part of its attributes.url when the query did not select Id."""
    return record.get("Id") or ((record.get("attributes") or {}).get("url") or "").rstrip("/").rpartition("/")[2]


def salesforce_account(record: dict, *, instance: str, options: dict) -> CustomerDraft:
    key = record_id(record)
    name = (record.get("Name") or "").strip()
    if not key or not name:
        raise ItemError("The account has no Id or Name.")
    return CustomerDraft(
        key=key,
        url=f"{instance.rstrip('/')}/{key}",
        name=name[:200],
        industry=(record.get("Industry") or "")[:100],
        arr=_money(record.get(options["arr_field"])),
        employee_count=_count(record.get("NumberOfEmployees")),
        region=(record.get("BillingCountry") or "")[:100],
    )


def salesforce_contact(record: dict, *, instance: str, roles: list[str], options: dict) -> PersonaDraft:
    key = record_id(record)
    name = (record.get("Name") or " ".join(filter(None, [record.get("FirstName"), record.get("LastName")]))).strip()
    if not key or not name:
        raise ItemError("The contact has no Id or Name.")
    if not record.get("AccountId"):
        raise ItemError("The contact belongs to no account.")
    role, vip = role_for(roles, role_map={**ROLE_MAP, **options["role_map"]}, default=options["default_role"])
    return PersonaDraft(
        key=key,
        url=f"{instance.rstrip('/')}/{key}",
        customer_key=record["AccountId"],
        name=name[:200],
        title=(record.get("Title") or "")[:200],
        email=record.get("Email") or "",
        phone=(record.get("Phone") or "")[:50],
        department=(record.get("Department") or "")[:100],
        role=role,
        is_vip=vip,
    )


def hubspot_company(record: dict, *, portal_url: str, options: dict) -> CustomerDraft:
    props = record.get("properties") or {}
    key = str(record.get("id") or props.get("hs_object_id") or "")
    name = (props.get("name") or "").strip()
    if not key or not name:
        raise ItemError("The company has no id or name.")
    return CustomerDraft(
        key=key,
        url=f"{portal_url.rstrip('/')}/company/{key}" if portal_url else "",
        name=name[:200],
        industry=(props.get("industry") or "")[:100],
        arr=_money(props.get(options["arr_property"])),
        employee_count=_count(props.get("numberofemployees")),
        region=(props.get("country") or "")[:100],
    )


def hubspot_contact(record: dict, *, portal_url: str, company_key: str, options: dict) -> PersonaDraft:
    props = record.get("properties") or {}
    key = str(record.get("id") or props.get("hs_object_id") or "")
    name = " ".join(filter(None, [props.get("firstname"), props.get("lastname")])).strip() or props.get("email") or ""
    if not key or not name:
        raise ItemError("The contact has no id or name.")
    if not company_key:
        raise ItemError("The contact belongs to no company.")
    raw_roles = props.get(options["role_property"]) or ""
    role, vip = role_for(
        [r for r in raw_roles.split(";") if r],
        role_map={**HUBSPOT_ROLE_MAP, **options["role_map"]},
        default=options["default_role"],
    )
    return PersonaDraft(
        key=key,
        url=f"{portal_url.rstrip('/')}/contact/{key}" if portal_url else "",
        customer_key=company_key,
        name=name[:200],
        title=(props.get("jobtitle") or "")[:200],
        email=props.get("email") or "",
        phone=(props.get("phone") or "")[:50],
        department="",
        role=role,
        is_vip=vip,
    )

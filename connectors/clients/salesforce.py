"""Salesforce through simple-salesforce: accounts, contacts and their account contact roles (SOQL, all pages)."""

from collections.abc import Iterator

from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceError

from connectors.clients.http import TIMEOUT
from connectors.domain.kinds import SourceError

ACCOUNTS = "SELECT Id, Name, Industry, NumberOfEmployees, BillingCountry{arr} FROM Account"
CONTACTS = "SELECT Id, AccountId, Name, Title, Email, Phone, Department FROM Contact WHERE AccountId != null"
ROLES = "SELECT Id, AccountId, ContactId, Role, IsPrimary FROM AccountContactRole"


class _TimeoutSession:
    """simple-salesforce takes a requests session; this one gives every request our timeout."""

    def __new__(cls):
        import requests

        session = requests.Session()
        original = session.request

        def request(method, url, **kwargs):
            kwargs.setdefault("timeout", TIMEOUT)
            return original(method, url, **kwargs)

        session.request = request  # type: ignore[method-assign]
        return session


def salesforce_client(*, base_url: str, credentials: dict, options: dict) -> Salesforce:
    token = credentials.get("access_token") or credentials.get("token")
    if not token:
        raise SourceError("Salesforce needs credentials: access_token (an OAuth access token for the instance).")
    return Salesforce(
        instance_url=base_url, session_id=token, version=options["api_version"], session=_TimeoutSession()
    )


def _records(sf: Salesforce, soql: str) -> Iterator[dict]:
    import requests

    try:
        yield from sf.query_all_iter(soql)
    except SalesforceError as exc:
        status = getattr(exc, "status", "")
        if status in (401, 403):
            raise SourceError(f"Salesforce refused the credentials ({status}): check the access token.") from exc
        raise SourceError(f"Salesforce answered {status} to {soql.split(' FROM ')[-1].split()[0]}: {exc}") from exc
    except requests.Timeout as exc:
        raise SourceError("Salesforce did not answer in time.") from exc
    except requests.ConnectionError as exc:
        raise SourceError(f"Salesforce cannot be reached: {exc.__class__.__name__}.") from exc


def accounts_iter(sf: Salesforce, *, options: dict) -> Iterator[dict]:
    arr = options["arr_field"]
    extra = f", {arr}" if arr and arr not in ("Industry", "NumberOfEmployees", "BillingCountry") else ""
    yield from _records(sf, ACCOUNTS.format(arr=extra))


def contacts_iter(sf: Salesforce) -> Iterator[dict]:
    yield from _records(sf, CONTACTS)


def roles_iter(sf: Salesforce) -> Iterator[dict]:
    yield from _records(sf, ROLES)

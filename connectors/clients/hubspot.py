"""HubSpot CRM v3: companies and contacts (cursor pages: paging.next.after), contacts with their company."""

from collections.abc import Iterator

from connectors.clients.http import Http
from connectors.domain.kinds import SourceError

COMPANY_PROPERTIES = ("name", "industry", "numberofemployees", "country")
CONTACT_PROPERTIES = ("firstname", "lastname", "email", "jobtitle", "phone")


def hubspot_http(*, credentials: dict, **kwargs) -> Http:
    token = credentials.get("token") or credentials.get("access_token")
    if not token:
        raise SourceError("HubSpot needs credentials: token (a private app access token).")
    return Http(source="HubSpot", headers={"Authorization": f"Bearer {token}"}, **kwargs)


def _objects(http: Http, url: str, params: dict) -> Iterator[dict]:
    after = None
    while True:
        page = http.get_json(url, params={**params, **({"after": after} if after else {})})
        if not isinstance(page.get("results"), list):
            raise SourceError("HubSpot's answer has no results list.")
        yield from page["results"]
        after = ((page.get("paging") or {}).get("next") or {}).get("after")
        if not after:
            return


def companies_iter(http: Http, *, base_url: str, options: dict) -> Iterator[dict]:
    props = (*COMPANY_PROPERTIES, options["arr_property"])
    yield from _objects(
        http, f"{base_url.rstrip('/')}/crm/v3/objects/companies", {"limit": 100, "properties": ",".join(props)}
    )


def contacts_iter(http: Http, *, base_url: str, options: dict) -> Iterator[dict]:
    props = (*CONTACT_PROPERTIES, options["role_property"])
    params = {"limit": 100, "properties": ",".join(props), "associations": "companies"}
    yield from _objects(http, f"{base_url.rstrip('/')}/crm/v3/objects/contacts", params)


def contact_company_key(record: dict) -> str:
    results = ((record.get("associations") or {}).get("companies") or {}).get("results") or []
    return str(results[0].get("id", "")) if results else ""

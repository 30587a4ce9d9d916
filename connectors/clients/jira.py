"""Jira Cloud: issues by JQL through /rest/api/3/search/jql (token pages: nextPageToken until isLast)."""

from collections.abc import Iterator

from requests.auth import HTTPBasicAuth

from connectors.clients.http import Http
from connectors.domain.jira import search_fields
from connectors.domain.kinds import SourceError


def jira_http(*, credentials: dict, **kwargs) -> Http:
    """API token with the account's e-mail (basic auth), or an OAuth bearer token."""
    if credentials.get("email") and credentials.get("api_token"):
        return Http(source="Jira", auth=HTTPBasicAuth(credentials["email"], credentials["api_token"]), **kwargs)
    if credentials.get("token"):
        return Http(source="Jira", headers={"Authorization": f"Bearer {credentials['token']}"}, **kwargs)
    raise SourceError("Jira needs credentials: email and api_token, or token.")


def issues_iter(http: Http, *, base_url: str, options: dict) -> Iterator[dict]:
    url = f"{base_url.rstrip('/')}/rest/api/3/search/jql"
    params = {"jql": options["jql"], "fields": ",".join(search_fields(options)), "maxResults": options["page_size"]}
    token = None
    while True:
        page = http.get_json(url, params={**params, **({"nextPageToken": token} if token else {})})
        if not isinstance(page.get("issues"), list):
            raise SourceError("Jira's search answer has no issues list.")
        yield from page["issues"]
        token = page.get("nextPageToken")
        if page.get("isLast", not token) or not token:
            return

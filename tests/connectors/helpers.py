"""Serve the recorded payloads like the vendors do (pages, auth headers, 401, 429)."""

import base64

from werkzeug import Request, Response

from tests.connectors.conftest import fixture_bytes

JIRA_EMAIL, JIRA_TOKEN = "pm@example.com", "jira-token"
JIRA_AUTH = "Basic " + base64.b64encode(f"{JIRA_EMAIL}:{JIRA_TOKEN}".encode()).decode()
SF_TOKEN = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog"
JIRA_PAGES = {None: "jira/search_jql_page1.json", "CAEaAggD": "jira/search_jql_page2.json"}


def json_response(path: str, status: int = 200) -> Response:
    return Response(fixture_bytes(path), status=status, content_type="application/json")


def serve_jira(httpserver, *, seen: list | None = None):
    def handler(request: Request) -> Response:
        if seen is not None:
            seen.append(dict(request.args))
        if request.headers.get("Authorization") != JIRA_AUTH:
            return Response('{"errorMessages":["Client must be authenticated to access this resource."]}', 401)
        return json_response(JIRA_PAGES[request.args.get("nextPageToken")])

    httpserver.expect_request("/rest/api/3/search/jql", method="GET").respond_with_handler(handler)


def serve_salesforce(httpserver, *, contacts: str = "salesforce/contacts_composed.json"):
    def handler(request: Request) -> Response:
        if request.headers.get("Authorization") != f"Bearer {SF_TOKEN}":
            body = '[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]'
            return Response(body, 401, content_type="application/json")
        if request.path.endswith("/query/01gD0000002HU6KIAW-2000"):
            return json_response("salesforce/accounts_page2.json")
        soql = request.args.get("q", "")
        if "FROM Account " in soql or soql.endswith("FROM Account"):
            return json_response("salesforce/accounts_page1.json")
        if "FROM AccountContactRole" in soql:
            return json_response("salesforce/contact_roles_composed.json")
        if "FROM Contact" in soql:
            return json_response(contacts)
        return Response("[]", 400)

    httpserver.expect_request("/services/data/v59.0/query/", method="GET").respond_with_handler(handler)
    httpserver.expect_request("/services/data/v59.0/query/01gD0000002HU6KIAW-2000", method="GET").respond_with_handler(
        handler
    )

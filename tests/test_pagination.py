"""templates/components/pagination.html: Previous / Next keep the request's other query parameters."""

from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.factories import CustomerFactory

COMPONENT = "components/pagination.html"


class _Pagination(HTMLParser):
    """The links (their attributes and text) and the text of the pagination nav."""

    def __init__(self):
        super().__init__()
        self.navs, self.links, self._in_nav, self._link = 0, {}, False, None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "pagination" in (attrs.get("class") or "").split():
            self.navs += 1
            self._in_nav = True
        elif tag == "a" and self._in_nav:
            self._link = attrs
            self._link["text"] = ""

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "a" and self._link is not None:
            self._link["text"] = self._link["text"].strip()
            self.links[self._link["text"].strip("←→ ")] = self._link
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        elif self._in_nav:
            self.text += data


def _parse(html: str) -> _Pagination:
    parser = _Pagination()
    parser.feed(html)
    return parser


def _query(url: str) -> dict:
    assert url.startswith("?")
    return parse_qs(url[1:], keep_blank_values=True)


def _request(query: dict):
    request = RequestFactory().get("/things/", query)
    request.user = AnonymousUser()
    return request


def _render(query: dict, number: int, **context) -> _Pagination:
    request = _request(query)
    page = Paginator(range(100), 10).get_page(number)
    return _parse(render_to_string(COMPONENT, {"page": page, **context}, request=request))


def test_the_links_change_only_the_page_and_keep_every_other_parameter():
    nav = _render({"region": "Europe", "q": "a&b", "tag": ["x", "y"], "page": "4"}, 4)
    assert _query(nav.links["Previous"]["href"]) == {
        "region": ["Europe"],
        "q": ["a&b"],
        "tag": ["x", "y"],
        "page": ["3"],
    }
    assert _query(nav.links["Next"]["href"]) == {"region": ["Europe"], "q": ["a&b"], "tag": ["x", "y"], "page": ["5"]}
    assert "Page 4 of 10" in nav.text
    assert all("hx-get" not in link for link in nav.links.values())  # plain links without a target


def test_the_first_and_last_pages_offer_one_direction():
    assert list(_render({}, 1).links) == ["Next"]
    assert list(_render({"page": "10"}, 10).links) == ["Previous"]


def test_with_a_target_the_links_load_through_htmx_at_their_own_address():
    nav = _render({"tab": "incidents", "page": "2"}, 2, target="#panel", arrows=True, label="Seite 2")
    for name, page in (("Previous", "1"), ("Next", "3")):
        link = nav.links[name]
        assert link["hx-get"] == link["href"]
        assert _query(link["href"]) == {"tab": ["incidents"], "page": [page]}
        assert (link["hx-target"], link["hx-swap"], link["hx-push-url"]) == ("#panel", "outerHTML", "true")
    assert nav.links["Previous"]["text"] == "← Previous"
    assert nav.links["Next"]["text"] == "Next →"
    assert nav.text.strip() == "Seite 2"


def test_ampersands_between_parameters_are_escaped_in_the_markup():
    request = _request({"region": "Europe", "page": "2"})
    page = Paginator(range(100), 10).get_page(2)
    html = render_to_string(COMPONENT, {"page": page}, request=request)
    assert 'href="?region=Europe&amp;page=3"' in html


@pytest.mark.django_db
def test_page_two_of_a_filtered_customer_list_keeps_the_filter_in_both_directions(pm_client):
    for n in range(120):
        CustomerFactory(name=f"Acme {n:03d}", region="Europe")
    CustomerFactory(name="Elsewhere Ltd", region="Asia")
    query = {"q": "", "tier": "", "region": "Europe", "model": "", "sort": "", "page": 2}
    for headers in ({}, {"HX-Request": "true"}):
        html = pm_client.get("/customers/", query, headers=headers).content.decode()
        nav = _parse(html)
        assert nav.navs == 1
        assert "Page 2 of 3 · 120 customers" in nav.text
        for name, page in (("Previous", "1"), ("Next", "3")):
            link = nav.links[name]
            assert _query(link["href"]) == {
                "q": [""],
                "tier": [""],
                "region": ["Europe"],
                "model": [""],
                "sort": [""],
                "page": [page],
            }
            assert link["hx-get"] == link["href"]
            assert link["hx-target"] == "#results"
    # Following Next lands on the last page of the same filter.
    next_url = nav.links["Next"]["href"]
    last = _parse(pm_client.get(f"/customers/{next_url}", headers={"HX-Request": "true"}).content.decode())
    assert "Page 3 of 3 · 120 customers" in last.text
    assert list(last.links) == ["Previous"]
    assert _query(last.links["Previous"]["href"])["region"] == ["Europe"]

"""A reader who chose Chinese sees no English label anywhere: badges, table cells, options, tooltips, charts.

Every main page is rendered for each role with the demo story loaded. What a reader sees is the page's text
(outside <script> and <style>; <code> holds identifiers such as a spreadsheet's column names), the attributes
a browser shows (title, placeholder, aria-label, alt) and the Plotly figures the page ships (titles, axis
titles, trace names, annotations, hover text). Names that are data (customers, people, features, teams,
incidents) stay as they were entered and are not judged."""

import html
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import models
from django.utils import translation

from core.roles import ROLE_LABELS
from customers import models as customer_models
from incidents import models as incident_models
from roadmap import models as roadmap_models

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
# Pieces of text are cut at the separators the pages put between a label and what follows it.
SEPARATORS = re.compile(r"\s*(?:[·×:：=()（）,，/|→]|\s{2,}|\n)\s*")  # noqa: RUF001
HIDDEN = ("script", "style", "template", "code")
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Figures: the strings a reader sees, by their key in the Plotly figure.
FIGURE_TEXT_KEYS = {"text", "name", "hovertemplate", "hovertext", "ticktext"}
# Codes and units that read the same in Chinese.
SAME_IN_CHINESE = {"GB", "TB", "ARR", "VIP", "P10", "P50", "P85", "P90", "SEV", "CSV", "API", "ETA", "extra"}


def _choices() -> list[type[models.TextChoices]]:
    found = []
    for module in (customer_models, incident_models, roadmap_models):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.TextChoices) and value is not models.TextChoices:
                found.append(value)
    return found


def english_labels() -> dict[str, str]:
    """Every choice's English label that Chinese renders differently, and every stored code that is a word
    ("firm", "at_risk"), each with its Chinese label: either one on a Chinese page is an untranslated badge or
    cell, unless its Chinese label stands beside it (the import legend lists both, as both are accepted)."""
    labels = {}
    for choices in _choices():
        for value, label in choices.choices:
            with translation.override("en"):
                english = str(label)
            with translation.override("zh-hans"):
                chinese = str(label)
            if english != chinese:
                labels[english] = chinese
                if re.fullmatch(r"[a-z][a-z_]+", value):
                    labels[value] = chinese
    for label in ROLE_LABELS.values():  # the role badge beside the user name
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            labels[english] = str(label)
    return labels


class ShownText(HTMLParser):
    """The text pieces a browser shows and the figures a page ships."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.pieces: list[tuple[str, str]] = []  # (where, text)
        self.figures: list[dict] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        self.stack.append(tag)
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.pieces.append((f"{tag}[{name}]", value))
            if name == "data-figure-json" and value:
                self.figures.append(json.loads(html.unescape(value)))

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden -= 1
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append(("/".join(self.stack[-2:]), data.strip()))


def figure_strings(node, key=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from figure_strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from figure_strings(v, key)
    elif isinstance(node, str) and key in FIGURE_TEXT_KEYS:
        yield node


@pytest.fixture
def story():
    from customers.services.forecasts import fleet_refresh
    from desk.demo import demo_users_ensure, roles_ensure, scoring_policy_ensure, story_load
    from roadmap.services.scoring import scores_recompute_all

    roles_ensure()
    demo_users_ensure()
    scoring_policy_ensure()
    story_load(today=TODAY)
    fleet_refresh()
    scores_recompute_all(today=TODAY)


def data_names() -> list[str]:
    """What people typed (every free-text field of the story's rows), longest first so that a longer name is
    removed whole."""
    from django.apps import apps

    names = set()
    for app in ("customers", "incidents", "roadmap"):
        for model in apps.get_app_config(app).get_models():
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for row in model.objects.values_list(*fields) if fields else []:
                names |= {v for v in row if v and not v.startswith("code:")}
    names |= {"English"}  # the language switcher names each language in its own language
    return sorted(names, key=len, reverse=True)


def main_pages() -> list[str]:
    from customers.models import Customer, Deployment
    from incidents.models import Incident
    from roadmap.models import Feature, Scenario

    vantage = Customer.objects.get(name="Vantage Logistics")
    incident = Incident.objects.get(title="Vantage: disk full, nobody can work")
    feature = Feature.objects.get(title="Shared team spaces")
    scenario = Scenario.objects.order_by("pk").first()
    return [
        "/",
        "/roadmap/",
        "/roadmap/priorities/",
        "/roadmap/priorities/?tab=incidents",
        "/roadmap/priorities/policy/",
        "/roadmap/scenarios/",
        f"/roadmap/scenarios/{scenario.pk}/",
        "/roadmap/requests/",
        f"/roadmap/check/?feature={feature.pk}&date=2027-01-10",
        "/customers/",
        f"/customers/{vantage.pk}/",
        "/customers/fleet/",
        f"/customers/deployments/{Deployment.objects.get(customer=vantage).pk}/",
        "/incidents/",
        f"/incidents/{incident.pk}/",
        "/incidents/inbox/",
        "/review/weekly/",
        "/search/?q=storage",
        "/data/import/",
        f"/roadmap/features/{feature.pk}/",
    ]


PM_ONLY = ("/roadmap/requests/", "/data/import/")


def english_on(page_html: str, *, labels: dict[str, str], names: list[str]) -> list[str]:
    """Each English label a reader sees on the page, with where it is."""
    parser = ShownText()
    parser.feed(page_html)
    found = []
    for where, text in parser.pieces:
        for name in names:
            text = text.replace(name, " | ")
        for piece in SEPARATORS.split(text):
            piece = re.sub(r"^\d+\s+", "", piece)  # "2 firm": a count before a label
            if piece in labels and labels[piece] not in text:
                found.append(f"{where}: {piece!r}")
    for figure in parser.figures:
        for text in figure_strings(figure):
            for name in names:
                text = text.replace(name, " ")
            text = re.sub(r"%\{[^}]*\}|<[^>]*>", " ", text)
            words = set(re.findall(r"[A-Za-z]{3,}", text)) - SAME_IN_CHINESE
            if words:
                found.append(f"figure: {text.strip()!r}")
    return found


@pytest.mark.parametrize("username", ["pm", "presales", "leadership"])
def test_every_main_page_speaks_chinese_to_each_role(client, story, username):
    from django.contrib.auth.models import User

    labels, names = english_labels(), data_names()
    client.force_login(User.objects.get(username=username))
    client.post("/language/", {"language": "zh-hans"})
    english = {}
    for path in main_pages():
        if username != "pm" and path in PM_ONLY:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == "zh-hans"
        found = english_on(response.content.decode(), labels=labels, names=names)
        if found:
            english[path] = found
    assert english == {}


def test_the_check_lists_every_label_it_guards():
    labels = english_labels()
    guarded = {"Strategic", "At risk", "Open", "Firm", "Contractual", "Champion", "Requested", "In progress"}
    assert guarded <= labels.keys()
    assert {"firm", "strategic", "at_risk", "in_progress"} <= labels.keys()
    assert "SEV1" not in labels  # severity codes read the same in Chinese
    assert labels["strategic"] == labels["Strategic"] == "战略客户"


def test_the_check_finds_an_english_badge_and_ignores_data():
    labels = english_labels()
    page = (
        '<p><span class="badge">Strategic</span> <span class="badge">战略</span></p>'
        "<td>River Textiles: ARR 544,000 · standard ×1.0</td><dd>1 contractual, 2 firm</dd>"  # noqa: RUF001
        '<script>var x = "Strategic";</script><option>Open</option><b title="At risk">!</b>'
        '<div data-figure-json="{&quot;layout&quot;: {&quot;title&quot;: '
        '{&quot;text&quot;: &quot;Days to full&quot;}}}"></div>'
        "<h2>Open Storage</h2><td>战略客户、重点客户 (Strategic, Key)</td>"
    )
    found = english_on(page, labels=labels, names=["Open Storage", "River Textiles"])
    assert found == [
        "p/span: 'Strategic'",
        "td: 'standard'",
        "dd: 'contractual'",
        "dd: 'firm'",
        "option: 'Open'",
        "b[title]: 'At risk'",
        "figure: 'Days to full'",
    ]


@pytest.mark.parametrize("username", ["pm", "presales", "leadership"])
def test_empty_pages_speak_chinese(client, username):
    from desk.demo import demo_users_ensure, roles_ensure

    roles_ensure()
    demo_users_ensure()
    from django.contrib.auth.models import User

    labels = english_labels()
    client.force_login(User.objects.get(username=username))
    client.post("/language/", {"language": "zh-hans"})
    english = {}
    for path in ["/", "/roadmap/", "/roadmap/priorities/", "/roadmap/scenarios/", "/roadmap/check/?q=none",
                 "/customers/", "/customers/fleet/", "/incidents/", "/incidents/inbox/", "/review/weekly/",
                 "/search/?q=nothing"]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        parser = ShownText()
        parser.feed(response.content.decode())
        words = [t for _, t in parser.pieces if re.search(r"[A-Za-z]{4,}", t) and not re.search(r"[\u4e00-\u9fff]", t)]
        words = [w for w in words if w not in {"Pledgeboard", "English", username, "nothing", "none", "SaaS"}]
        if found := english_on(response.content.decode(), labels=labels, names=["English"]) + words:
            english[path] = found
    assert english == {}


REFUSED = [("presales", "/roadmap/requests/"), ("leadership", "/roadmap/request/")]


@pytest.mark.parametrize(("username", "path"), REFUSED)
def test_a_refused_page_says_why_in_chinese(client, username, path):
    from desk.demo import demo_users_ensure, roles_ensure

    roles_ensure()
    demo_users_ensure()
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    client.post("/language/", {"language": "zh-hans"})
    response = client.post(path) if path.endswith("request/") else client.get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only " not in html
    assert "只有" in html
    assert ("售前" if username == "presales" else "管理层") in html  # the role it names


def test_every_policy_weight_is_named_in_chinese():
    from roadmap.forms import field_name, weight_keys
    from roadmap.templatetags.scoring import weight_label

    with translation.override("zh-hans"):
        labels = {field_name(key, sub): weight_label(field_name(key, sub)) for key, sub, _ in weight_keys()}
    assert all(labels.values()), [k for k, v in labels.items() if not v]
    assert labels["tier.strategic"] == "客户等级权重 · 战略客户"
    assert not [k for k, v in labels.items() if re.search(r"[a-z]{3,}", v)]

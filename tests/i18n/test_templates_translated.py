"""Every user-facing word in our templates goes through the translation machinery."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
# Words that are the same in every language: the product name, codes and units.
ALLOWED = {
    "Pledgeboard",
    "EB",
    "TB",
    "UB",
    "VIP",
    "ARR",
    "SEV1",
    "SEV2",
    "SEV3",
    "SEV4",
    "GB",
    "CSV",
    "API",
    "P50",
    "P85",
    "P10",
    "P90",
    "ETA",
    "PM",
}
ATTRS = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]+")


def untranslated(source: str) -> list[str]:
    """Words outside {% translate %} / {% blocktranslate %}, in text or in user-facing attributes."""
    parts, depth = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            depth += name in ("blocktranslate", "blocktrans")
            depth -= name in ("endblocktranslate", "endblocktrans")
            parts.append(" § ")
        elif token.token_type == TokenType.TEXT and not depth:
            parts.append(token.contents)
        else:
            parts.append(" § ")
    stripped = "".join(parts)
    found = []
    for chunk in [TAGS.sub(" ", stripped), *ATTRS.findall(stripped)]:
        words = [w for w in WORD.findall(chunk) if w not in ALLOWED]
        if words:
            found.append(" ".join(words)[:80])
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_it_has_no_untranslated_text_in_templates(path):
    assert untranslated(path.read_text(encoding="utf-8")) == []


def test_it_catches_plain_text_and_attributes():
    assert untranslated("<p>Hello</p>") == ["Hello"]
    assert untranslated('<input placeholder="Search here">') == ["Search here"]
    assert (
        untranslated(
            '{% load i18n %}<p>{% translate "Hello" %}</p><p>{% blocktranslate %}Hi {{ x }}{% endblocktranslate %}</p>'
        )
        == []
    )

"""History reasons become text (a typed reason can be long) and the sentences the product used to write, in
English or Chinese, become reason codes (core.reasons), so each reader sees them in their own language."""

import re

from django.db import migrations, models
from django.utils import translation
from django.utils.translation import gettext

# The sentences as they were written before codes (frozen here: later wording changes do not apply).
SENTENCES = [
    ("promised", "Promised"),
    ("requested", "Requested"),
    ("changed", "Changed"),
    ("approved_by", "Approved by %(u)s"),
    ("scenario_accepted", "Scenario “%(name)s” accepted"),
    ("scenario_reverted", "Scenario “%(name)s” reverted"),
    ("demo_loaded", "Demo loaded"),
    (
        "keep_late",
        "The plan misses this date: under the scenario it ships %(eta)s, after the promised %(date)s. "
        "Keeping it re-promises a date we will miss.",
    ),
    ("move_before_eta", "The new date %(date)s is before the planned ETA %(eta)s."),
]
ACTIONS = {"keep": "Keep", "move": "Move to a new date", "cancel": "Cancel"}
NOT_IN_PLAN = "not within the plan"
LANGUAGES = ("en", "zh-hans")
FIELDS = [
    ("historicalcommitment", "history_change_reason"),
    ("historicaldecision", "history_change_reason"),
    ("planversion", "reason"),
    ("scenario", "reason"),
    ("decision", "warning"),
]


def _escape(value):
    for raw, escaped in (("%", "%25"), ("|", "%7C"), ("=", "%3D")):
        value = value.replace(raw, escaped)
    return value


def _code(code, params):
    return "|".join(["code:" + code, *(f"{k}={_escape(v)}" for k, v in params.items())])


def _pattern(sentence):
    pattern = re.escape(sentence)
    pattern = re.sub(r"%\\\(([a-z]+)\\\)s", lambda m: f"(?P<{m.group(1)}>.+?)", pattern)
    return re.compile(f"^{pattern}$", re.S)


def _matchers():
    matchers, actions, absent = [], {}, set()
    for language in LANGUAGES:
        with translation.override(language):
            matchers += [(code, _pattern(gettext(sentence))) for code, sentence in SENTENCES]
            actions.update({gettext(label): value for value, label in ACTIONS.items()})
            absent.add(gettext(NOT_IN_PLAN))
    return matchers, actions, absent


def sentence_to_code(text, matchers=None):
    """The code form of a sentence the product wrote, or None for anything else (typed text stays)."""
    matchers, actions, absent = matchers or _matchers()
    for code, pattern in matchers:
        found = pattern.match(text)
        if found:
            params = {k: ("" if k == "eta" and v in absent else v) for k, v in found.groupdict().items()}
            return _code(code, params)
    for colon in (": ", "："):  # "<why>: <action>", the history note of an accepted decision
        why, sep, action = text.rpartition(colon)
        if sep and why and action in actions:
            inner = sentence_to_code(why, (matchers, actions, absent))
            return _code("scenario_decision", {"why": inner or why, "action": actions[action]})
    return None


def forwards(apps, schema_editor):
    matchers = _matchers()
    for model_name, field in FIELDS:
        model = apps.get_model("roadmap", model_name)
        for text in model.objects.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True).distinct():
            if not text or text.startswith("code:"):
                continue
            code = sentence_to_code(text, matchers)
            if code:
                model.objects.filter(**{field: text}).update(**{field: code})


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0006_feature_external_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalcommitment",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicaldecision",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

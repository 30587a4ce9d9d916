"""Jira Cloud issues as roadmap features: pure mapping of the JSON `/rest/api/3/search/jql` and webhooks return."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from connectors.domain.kinds import ItemError

# Jira's three status categories (statusCategory.key) and the feature status each means.
STATUS_BY_CATEGORY = {"new": "planned", "indeterminate": "in_progress", "done": "done"}
BASE_FIELDS = (
    "summary",
    "status",
    "project",
    "components",
    "fixVersions",
    "duedate",
    "timeoriginalestimate",
    "description",
)
HOURS_PER_WEEK = 40
DEFAULTS = {
    "jql": "order by key",
    "team_from": "project",  # "project" (its name), "component" (the first one) or a field id (customfield_10001)
    "team_map": {},  # what the source calls a team -> Pledgeboard's team name
    "points_field": "",  # the story points field id, e.g. customfield_10016
    "weeks_per_point": 0.5,  # person-weeks one story point stands for
    "default_effort_weeks": 1,  # issues with neither points nor an original estimate
    "status_map": {},  # a status name -> feature status, over the category's
    "page_size": 100,
}


@dataclass(frozen=True)
class FeatureDraft:
    key: str
    url: str
    title: str
    description: str
    status: str
    team: str
    effort_weeks: Decimal
    release: str
    release_date: date | None


def options_with_defaults(options: dict | None) -> dict:
    return {**DEFAULTS, **(options or {})}


def search_fields(options: dict) -> list[str]:
    """The explicit `fields=` of a search: what the mapping reads and nothing else."""
    fields = list(BASE_FIELDS)
    for extra in (options.get("points_field"), options.get("team_from")):
        if extra and extra not in ("project", "component") and extra not in fields:
            fields.append(extra)
    return fields


def adf_text(node) -> str:
    """Plain text of an Atlassian Document Format body (API v3) or a v2 string."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    if node.get("type") == "text":
        return node.get("text", "")
    parts = [adf_text(child) for child in node.get("content", [])]
    joiner = "\n" if node.get("type") == "doc" else ""
    return joiner.join(p for p in parts if p)


def _named(value) -> str:
    if isinstance(value, dict):
        return str(value.get("value") or value.get("name") or "")
    if isinstance(value, list):
        return _named(value[0]) if value else ""
    return "" if value is None else str(value)


def _team(fields: dict, options: dict) -> str:
    source = options["team_from"]
    if source == "project":
        name = _named(fields.get("project"))
    elif source == "component":
        name = _named(fields.get("components"))
    else:
        name = _named(fields.get(source))
    return options["team_map"].get(name, name)


def _weeks(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _effort(fields: dict, options: dict) -> Decimal:
    points_field = options.get("points_field")
    points = fields.get(points_field) if points_field else None
    if isinstance(points, int | float) and points > 0:
        weeks = _weeks(Decimal(str(points)) * Decimal(str(options["weeks_per_point"])))
    elif isinstance(fields.get("timeoriginalestimate"), int) and fields["timeoriginalestimate"] > 0:
        weeks = _weeks(Decimal(fields["timeoriginalestimate"]) / (3600 * HOURS_PER_WEEK))
    else:
        weeks = _weeks(options["default_effort_weeks"])
    return max(weeks, Decimal("0.01"))


def _date(raw) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        return None


def browse_url(site: str, key: str) -> str:
    return f"{site.rstrip('/')}/browse/{key}"


def issue_draft(issue: dict, *, site: str, options: dict) -> FeatureDraft:
    """The feature an issue describes. Raises ItemError naming what is missing."""
    key = issue.get("key") or ""
    fields = issue.get("fields") or {}
    if not key:
        raise ItemError("The issue has no key.")
    title = (fields.get("summary") or "").strip()
    if not title:
        raise ItemError("The issue has no summary.")
    status_field = fields.get("status") or {}
    status = options["status_map"].get(status_field.get("name", ""))
    if status is None:
        status = STATUS_BY_CATEGORY.get((status_field.get("statusCategory") or {}).get("key", ""), "planned")
    team = _team(fields, options)
    if not team:
        raise ItemError(f"No team: the issue has no {options['team_from']}.")
    versions = fields.get("fixVersions") or []
    release = versions[0].get("name", "") if versions else ""
    release_date = (_date(versions[0].get("releaseDate")) if versions else None) or (
        _date(fields.get("duedate")) if release else None
    )
    return FeatureDraft(
        key=key,
        url=browse_url(site, key),
        title=title[:300],
        description=adf_text(fields.get("description")),
        status=status,
        team=team,
        effort_weeks=_effort(fields, options),
        release=release[:100],
        release_date=release_date,
    )


def webhook_event(payload: dict) -> tuple[str, dict]:
    """("upsert" | "deleted" | "ignore", the issue) of a Jira webhook body."""
    event = payload.get("webhookEvent") or ""
    issue = payload.get("issue") or {}
    if not issue.get("key"):
        return "ignore", issue
    if event == "jira:issue_deleted":
        return "deleted", issue
    if event in ("jira:issue_created", "jira:issue_updated"):
        return "upsert", issue
    return "ignore", issue


def signature_valid(body: bytes, header: str, secret: str) -> bool:
    """Jira admin webhooks sign the body with HMAC-SHA256: `X-Hub-Signature: sha256=<hex>`."""
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())

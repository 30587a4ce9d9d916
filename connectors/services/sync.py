"""A sync run: read everything the source has, then upsert item by item through the roadmap and customer services.

Nothing is written before the source has answered in full, so a refused token or a broken page writes nothing.
Each item is written in its own savepoint: an item that fails leaves nothing behind and is named in the run.
Upserts are keyed by the source's id; only fields that differ are written, so a second sync changes nothing.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from connectors.clients import hubspot, jira, salesforce
from connectors.domain import crm
from connectors.domain.changes import changed_fields
from connectors.domain.jira import FeatureDraft, issue_draft, options_with_defaults
from connectors.domain.kinds import HUBSPOT, JIRA, SALESFORCE, ItemError, SourceError
from connectors.models import Connector, RunStatus, SyncRun
from connectors.services.connectors import connector_credentials
from core.changes import batched
from core.jobs import job_enqueue
from customers.models import Customer, Persona
from customers.services.customers import customer_create, customer_update, persona_create, persona_update
from roadmap.models import Feature, Release, Team
from roadmap.services.features import feature_create, feature_update

log = logging.getLogger(__name__)
SYNC_TASK = "connectors.tasks.connector_sync"
Progress = Callable[[int, int], None]
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        return " ".join(exc.messages)
    return str(exc)


# --- Upserts (one item each) -------------------------------------------------------------------------------


def _release(draft: FeatureDraft) -> Release | None:
    if not draft.release:
        return None
    release, created = Release.objects.get_or_create(name=draft.release, defaults={"target_date": draft.release_date})
    if not created and draft.release_date and release.target_date != draft.release_date:
        release.target_date = draft.release_date
        release.save(update_fields=["target_date"])
    return release


def feature_upsert(*, connector: Connector, draft: FeatureDraft) -> str:
    team = Team.objects.filter(name=draft.team).first()
    if team is None:
        raise ItemError(f"No team named {draft.team!r}: add the team or map it in the connector's team_map.")
    wanted = {
        "title": draft.title,
        "description": draft.description,
        "status": draft.status,
        "team": team,
        "effort_weeks": draft.effort_weeks,
        "release": _release(draft),
        "external_url": draft.url,
    }
    feature = Feature.objects.filter(external_source=connector.name, external_key=draft.key).first()
    if feature is None:
        feature_create(data={**wanted, "external_source": connector.name, "external_key": draft.key})
        return CREATED
    changes = changed_fields({name: getattr(feature, name) for name in wanted}, wanted)
    if not changes:
        return UNCHANGED
    feature_update(feature=feature, data=changes, source=connector.name)
    return UPDATED


def customer_upsert(*, connector: Connector, draft: crm.CustomerDraft) -> str:
    wanted = {
        "name": draft.name,
        "industry": draft.industry,
        "arr": draft.arr,
        "employee_count": draft.employee_count,
        "region": draft.region,
        "external_url": draft.url,
    }
    customer = Customer.objects.filter(external_source=connector.name, external_key=draft.key).first()
    if customer is None:
        # A customer typed in before the CRM was connected is adopted by its exact name, not duplicated.
        customer = Customer.objects.filter(name=draft.name, external_source="").first()
        if customer is None:
            customer_create(data={**wanted, "external_source": connector.name, "external_key": draft.key})
            return CREATED
        customer_update(
            customer=customer,
            data={**wanted, "external_source": connector.name, "external_key": draft.key},
            source=connector.name,
        )
        return UPDATED
    changes = changed_fields({name: getattr(customer, name) for name in wanted}, wanted)
    if not changes:
        return UNCHANGED
    customer_update(customer=customer, data=changes, source=connector.name)
    return UPDATED


def persona_upsert(*, connector: Connector, draft: crm.PersonaDraft) -> str:
    customer = Customer.objects.filter(external_source=connector.name, external_key=draft.customer_key).first()
    if customer is None:
        raise ItemError(f"Its account {draft.customer_key} was not synced.")
    wanted = {
        "customer": customer,
        "name": draft.name,
        "title": draft.title,
        "email": draft.email,
        "phone": draft.phone,
        "department": draft.department,
        "role": draft.role,
        "is_vip": draft.is_vip,
        "external_url": draft.url,
    }
    persona = Persona.objects.filter(external_source=connector.name, external_key=draft.key).first()
    if persona is None:
        persona = Persona.objects.filter(customer=customer, name=draft.name, external_source="").first()
        if persona is None:
            persona_create(data={**wanted, "external_source": connector.name, "external_key": draft.key})
            return CREATED
        data = {**wanted, "external_source": connector.name, "external_key": draft.key}
        persona_update(persona=persona, data=data, source=connector.name)
        return UPDATED
    changes = changed_fields({name: getattr(persona, name) for name in wanted}, wanted)
    if not changes:
        return UNCHANGED
    persona_update(persona=persona, data=changes, source=connector.name)
    return UPDATED


# --- Reading a source in full ------------------------------------------------------------------------------


@dataclass
class Item:
    kind: str  # feature / customer / persona
    key: str
    write: Callable[[], str]


@dataclass
class Pull:
    items: list[Item] = field(default_factory=list)
    seen: dict[str, set[str]] = field(default_factory=dict)  # kind -> keys the source returned
    bad: list[dict] = field(default_factory=list)  # items that could not even be read


def _keep(pull: Pull, kind: str, key: str, make, write) -> None:
    pull.seen.setdefault(kind, set()).add(key)
    try:
        draft = make()
    except ItemError as exc:
        pull.bad.append({"kind": kind, "key": key, "message": str(exc)})
        return
    pull.items.append(Item(kind=kind, key=key, write=lambda: write(draft)))


def _pull_jira(connector: Connector, credentials: dict, http_kwargs: dict) -> Pull:
    options = options_with_defaults(connector.options)
    http = jira.jira_http(credentials=credentials, **http_kwargs)
    pull = Pull(seen={"feature": set()})
    for issue in jira.issues_iter(http, base_url=connector.base_url, options=options):
        key = issue.get("key") or issue.get("id") or "?"
        _keep(
            pull,
            "feature",
            key,
            lambda issue=issue: issue_draft(issue, site=connector.base_url, options=options),
            lambda draft: feature_upsert(connector=connector, draft=draft),
        )
    return pull


def _pull_salesforce(connector: Connector, credentials: dict, http_kwargs: dict) -> Pull:
    options = {**crm.SALESFORCE_DEFAULTS, **(connector.options or {})}
    sf = salesforce.salesforce_client(base_url=connector.base_url, credentials=credentials, options=options)
    accounts = list(salesforce.accounts_iter(sf, options=options))
    contacts = list(salesforce.contacts_iter(sf))
    roles: dict[str, list[str]] = {}
    for row in salesforce.roles_iter(sf):
        if row.get("ContactId") and row.get("Role"):
            roles.setdefault(row["ContactId"], []).append(row["Role"])
    pull = Pull(seen={"customer": set(), "persona": set()})
    site = connector.base_url
    for record in accounts:
        _keep(
            pull,
            "customer",
            crm.record_id(record) or "?",
            lambda record=record: crm.salesforce_account(record, instance=site, options=options),
            lambda draft: customer_upsert(connector=connector, draft=draft),
        )
    for record in contacts:
        _keep(
            pull,
            "persona",
            crm.record_id(record) or "?",
            lambda record=record: crm.salesforce_contact(
                record, instance=site, roles=roles.get(crm.record_id(record), []), options=options
            ),
            lambda draft: persona_upsert(connector=connector, draft=draft),
        )
    return pull


def _pull_hubspot(connector: Connector, credentials: dict, http_kwargs: dict) -> Pull:
    options = {**crm.HUBSPOT_DEFAULTS, **(connector.options or {})}
    http = hubspot.hubspot_http(credentials=credentials, **http_kwargs)
    portal = options.get("portal_url", "")
    companies = list(hubspot.companies_iter(http, base_url=connector.base_url, options=options))
    contacts = list(hubspot.contacts_iter(http, base_url=connector.base_url, options=options))
    pull = Pull(seen={"customer": set(), "persona": set()})
    for record in companies:
        _keep(
            pull,
            "customer",
            str(record.get("id") or "?"),
            lambda record=record: crm.hubspot_company(record, portal_url=portal, options=options),
            lambda draft: customer_upsert(connector=connector, draft=draft),
        )
    for record in contacts:
        _keep(
            pull,
            "persona",
            str(record.get("id") or "?"),
            lambda record=record: crm.hubspot_contact(
                record, portal_url=portal, company_key=hubspot.contact_company_key(record), options=options
            ),
            lambda draft: persona_upsert(connector=connector, draft=draft),
        )
    return pull


PULLS = {JIRA: _pull_jira, SALESFORCE: _pull_salesforce, HUBSPOT: _pull_hubspot}
MODELS = {"feature": Feature, "customer": Customer, "persona": Persona}


def _gone(connector: Connector, pull: Pull) -> list[dict]:
    """What Pledgeboard keeps from this source that the source no longer returned: reported, never deleted."""
    gone = []
    for kind, keys in pull.seen.items():
        held = MODELS[kind].objects.filter(external_source=connector.name).values_list("external_key", "pk")
        gone += [{"kind": kind, "key": key, "id": pk} for key, pk in held if key not in keys]
    return sorted(gone, key=lambda g: (g["kind"], g["key"]))


# --- Runs ---------------------------------------------------------------------------------------------------


def sync_request(*, connector: Connector, trigger: str = "manual") -> SyncRun:
    """Queue a tracked background run (one at a time per connector: a run still queued is returned instead)."""
    queued = connector.runs.filter(status=RunStatus.QUEUED).first()
    if queued is not None:
        return queued
    run = SyncRun.objects.create(connector=connector, trigger=trigger)
    job_enqueue(key=f"connector:{connector.pk}", task=SYNC_TASK, kwargs={"run_id": run.pk})
    return run


def sync_now(*, connector: Connector, trigger: str = "api", progress: Progress | None = None, **http_kwargs) -> SyncRun:
    """Run a sync in this process (the API, the shell command, tests) and return its finished record."""
    run = SyncRun.objects.create(connector=connector, trigger=trigger)
    return sync_execute(run_id=run.pk, progress=progress, **http_kwargs)


def _finish(run: SyncRun, status: str) -> SyncRun:
    run.status, run.finished_at = status, timezone.now()
    run.save()
    return run


def sync_execute(*, run_id: int, progress: Progress | None = None, **http_kwargs) -> SyncRun:
    run = SyncRun.objects.select_related("connector").get(pk=run_id)
    if run.is_finished:
        return run
    connector = run.connector
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    pull_source = PULLS.get(connector.kind)
    if pull_source is None:
        run.errors = [{"kind": "", "key": "", "message": f"A {connector.get_kind_display()} connector does not sync."}]
        return _finish(run, RunStatus.FAILED)
    try:
        pull = pull_source(connector, connector_credentials(connector), http_kwargs)
    except (SourceError, ValueError) as exc:
        log.warning("connector %s: %s", connector.name, exc)
        run.errors = [{"kind": "", "key": "", "message": str(exc)}]
        return _finish(run, RunStatus.FAILED)
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
    by_kind = {kind: {CREATED: 0, UPDATED: 0, UNCHANGED: 0, "failed": 0} for kind in pull.seen}
    errors = list(pull.bad)
    for bad in pull.bad:
        by_kind[bad["kind"]]["failed"] += 1
    run.total, run.seen = len(pull.items) + len(pull.bad), len(pull.bad)
    run.save(update_fields=["total", "seen"])
    # Each item commits on its own (its savepoint is its transaction), so the page can show progress; the plan
    # and scores hear once, at the end.
    with batched():
        for index, item in enumerate(pull.items, start=1):
            try:
                with transaction.atomic():
                    outcome = item.write()
            except (ItemError, ValidationError) as exc:
                errors.append({"kind": item.kind, "key": item.key, "message": _message(exc)})
                by_kind[item.kind]["failed"] += 1
            else:
                counts[outcome] += 1
                by_kind[item.kind][outcome] += 1
            run.seen += 1
            if progress is not None:
                progress(run.seen, run.total)
            if index % 10 == 0:
                SyncRun.objects.filter(pk=run.pk).update(seen=run.seen)
    run.gone = _gone(connector, pull)
    run.created, run.updated, run.unchanged = counts[CREATED], counts[UPDATED], counts[UNCHANGED]
    run.failed, run.errors, run.by_kind = len(errors), errors, by_kind
    return _finish(run, RunStatus.PARTIAL if errors else RunStatus.SUCCEEDED)

"""A scenario's result as plain data, and back: what an accepted scenario showed is kept as it was at acceptance
(JSON in the database), never recomputed from a later plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from roadmap.domain.fix import FixOutlook
from roadmap.domain.impact import AffectedCommitment, CommitmentPlan, Contact, Impact
from roadmap.domain.schedule import FeatureDates, PreemptionPlan

VERSION = 1


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario does on top of the committed plan (or did, when read back from its record)."""

    today: date
    preemptions: tuple[PreemptionPlan, ...]
    baseline: Mapping[int, FeatureDates]  # the committed plan
    scenario: Mapping[int, FeatureDates]  # the committed plan with the scenario's preemptions
    impact: Impact
    stabilization: FixOutlook | None = None
    suggested: Mapping[int, date | None] = field(default_factory=dict)  # commitment id -> P85 under the scenario
    frozen: bool = False

    def suggested_date(self, affected: AffectedCommitment) -> date | None:
        """P85 of the scenario: a date we can keep with good confidence."""
        return self.suggested.get(affected.commitment.id) or affected.scenario_eta


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


def result_to_record(result: ScenarioResult, *, titles: Mapping[int, str]) -> dict:
    """The result as JSON-ready data (dates as ISO strings)."""
    shown = {a.commitment.feature_id for a in result.impact.affected}
    if result.stabilization:
        shown.add(result.stabilization.feature_id)
    fix = result.stabilization
    return {
        "version": VERSION,
        "today": result.today.isoformat(),
        "preemptions": [
            {
                "team": p.team_id,
                "starts_on": p.starts_on.isoformat(),
                "weeks": p.weeks,
                "share": p.share,
                "feature": p.feature_id,
            }
            for p in result.preemptions
        ],
        "dates": {
            str(fid): [
                [_iso(plan[fid].start), _iso(plan[fid].eta)] if fid in plan else None
                for plan in (result.baseline, result.scenario)
            ]
            for fid in sorted(shown)
        },
        "impact": {
            "customers_affected": result.impact.customers_affected,
            "customers_to_tell": result.impact.customers_to_tell,
            "arr_at_risk": result.impact.arr_at_risk,
            "late_count": result.impact.late_count,
            "by_strength": dict(result.impact.by_strength),
            "affected": [
                {
                    "commitment": [*a.commitment[:6], a.commitment.promised_date.isoformat(), a.commitment.strength],
                    "contacts": [list(c) for c in a.contacts],
                    "baseline_eta": _iso(a.baseline_eta),
                    "scenario_eta": _iso(a.scenario_eta),
                    "slip_days": a.slip_days,
                    "late": a.late,
                    "suggested": _iso(result.suggested_date(a)),
                }
                for a in result.impact.affected
            ],
        },
        "stabilization": (
            {
                "feature": fix.feature_id,
                "title": titles.get(fix.feature_id, ""),
                "team": fix.team_id,
                "eta": _iso(fix.eta),
                "deadline": _iso(fix.deadline),
                "covered_weeks": fix.covered_weeks,
                "uncovered_weeks": fix.uncovered_weeks,
                "mainline_rank": fix.mainline_rank,
                "mainline_size": fix.mainline_size,
                "team_name": fix.team_name,
            }
            if fix
            else None
        ),
    }


def record_to_result(record: Mapping) -> ScenarioResult:
    """Read a result back from its record."""
    affected = []
    suggested: dict[int, date | None] = {}
    for row in record["impact"]["affected"]:
        cid, fid, title, customer_id, customer_name, arr, promised, strength = row["commitment"]
        contacts = tuple(Contact(*c) for c in row["contacts"])
        commitment = CommitmentPlan(
            cid, fid, title, customer_id, customer_name, float(arr), date.fromisoformat(promised), strength, contacts
        )
        affected.append(
            AffectedCommitment(
                commitment=commitment,
                baseline_eta=_day(row["baseline_eta"]),
                scenario_eta=_day(row["scenario_eta"]),
                slip_days=row["slip_days"],
                late=row["late"],
                contacts=contacts,
            )
        )
        suggested[cid] = _day(row["suggested"])
    totals = record["impact"]
    baseline: dict[int, FeatureDates] = {}
    scenario: dict[int, FeatureDates] = {}
    for fid, pair in record["dates"].items():
        for plan, dates in zip((baseline, scenario), pair, strict=True):
            if dates is not None:
                plan[int(fid)] = FeatureDates(int(fid), _day(dates[0]), _day(dates[1]))
    fix = record.get("stabilization")
    return ScenarioResult(
        today=date.fromisoformat(record["today"]),
        preemptions=tuple(
            PreemptionPlan(p["team"], date.fromisoformat(p["starts_on"]), p["weeks"], p["share"], p["feature"])
            for p in record["preemptions"]
        ),
        baseline=baseline,
        scenario=scenario,
        impact=Impact(
            affected=tuple(affected),
            customers_affected=totals["customers_affected"],
            arr_at_risk=totals["arr_at_risk"],
            late_count=totals["late_count"],
            by_strength=totals["by_strength"],
            customers_to_tell=totals["customers_to_tell"],
        ),
        stabilization=(
            FixOutlook(
                feature_id=fix["feature"],
                team_id=fix["team"],
                eta=_day(fix["eta"]),
                deadline=_day(fix["deadline"]),
                covered_weeks=fix["covered_weeks"],
                uncovered_weeks=fix["uncovered_weeks"],
                mainline_rank=fix["mainline_rank"],
                mainline_size=fix["mainline_size"],
                team_name=fix.get("team_name", ""),
            )
            if fix
            else None
        ),
        suggested=suggested,
        frozen=True,
    )

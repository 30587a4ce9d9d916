"""Backtest the forecaster against the tools an operator would pick instead (`bench/forecast_peers.py`).

Histories come from `bench/forecast_series.py`: eight generated families (40 per family and seed) and a real,
public storage history cut every 90 days. For each family it reports, for our forecaster and every peer:
- the median relative error of days to full, |predicted - true| / true (no date counts as an infinite error);
- the share of forecasts within +-20 % of the truth;
- P10-P90 coverage: the share of truths inside the forecast's interval (goal 0.75-0.90);
- false fills on non-filling histories: a fill date within 3 years;
- the median fit time per history;
and ours / the best peer (the peer with the lowest median relative error on that family), pooled over the seeds
and per seed.

`--scale demo` runs the development seeds (1, 2) that the forecaster was tuned on; `--scale large` the held-out
seeds (101, 102) that it never saw, for the published table; `--scale unseen` two more (201, 202), drawn after
the settings were chosen, to show what carries over; `--scale fresh` two more again (301, 302), drawn after later
settings were chosen on all six. Peer results are cached on disk, one file per history under
bench/results/cache/forecast_peers/ (gitignored), keyed by family, seed, index, the generator's and the peers'
version and a digest of the history itself, since they do not change when our forecaster does: once cached, a run
takes seconds. `python -m bench.forecast_accuracy --peers-only --seeds SEED...` fills the cache alone (the peers
need the `bench` extras).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import statistics
import time
from datetime import timedelta
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from bench import forecast_series as series
from bench.forecast_series import T0, Case
from customers.domain.forecast import Sample, forecast_fill

SEEDS = {"demo": (1, 2), "large": (101, 102), "unseen": (201, 202), "fresh": (301, 302)}
SERIES_PER_SEED = 40
FALSE_FILL_DAYS = 3 * 365
WITHIN = 0.2
GROUPS = (*series.FAMILIES, "real")
COVERAGE_GOAL = (0.75, 0.90)
FIT_GOAL_MS = 10.0
FALSE_FILL_GOAL = 1  # at most this many in 40 non-filling histories


def cases(family: str, seed: int) -> list[Case]:
    return series.real_cases(seed) if family == "real" else series.generated(family, seed, SERIES_PER_SEED)


def ours(case: Case) -> tuple[float | None, float | None, float | None, float, float]:
    samples = [
        Sample(T0 + timedelta(days=float(d)), round(u), round(c))
        for d, u, c in zip(case.days, case.used, case.capacity, strict=True)
    ]
    started, cpu = time.perf_counter(), time.thread_time()
    f = forecast_fill(samples, capacity_bytes=round(case.last_capacity))
    elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu
    return f.days_to_full, f.days_to_full_p10, f.days_to_full_p90, elapsed, cpu


GENERATOR_VERSION = series.GENERATOR_VERSION
PEERS_VERSION = "1"  # bump when a peer's settings change (bench/forecast_peers.py)
CACHE = Path(__file__).parent / "results" / "cache" / "forecast_peers"


def _series_key(case: Case) -> str:
    """A digest of the history itself: a cached peer result is only good for exactly these readings and truth."""
    digest = hashlib.sha256()
    for array in (case.days, case.used, case.capacity):
        digest.update(np.ascontiguousarray(array, dtype=float).tobytes())
    digest.update(repr(case.truth).encode())
    return digest.hexdigest()[:12]


def _cache_path(family: str, seed: int, index: int, case: Case) -> Path:
    """One file per history: family, seed, index in its batch, generator and peers version, and its digest."""
    name = f"{family}-s{seed}-i{index:03d}-g{GENERATOR_VERSION}-p{PEERS_VERSION}-{_series_key(case)}.json"
    return CACHE / family / name


def _cached(path: Path, names) -> dict | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return data if all(name in data for name in names) else None


_FITTERS: dict | None = None


def _fitters() -> dict:
    global _FITTERS
    if _FITTERS is None:
        from bench.forecast_peers import peers

        _FITTERS = peers()
        warm = series.generated("regime", 0, 1)[0]
        for fit in _FITTERS.values():
            fit(warm)  # JIT compilation and model loading are not fit time
    return _FITTERS


def _peer_job(job: tuple[str, int, int]) -> tuple[str, int, int]:
    """Every peer on one history, written to its cache file (a run that stops keeps what it finished)."""
    family, seed, index = job
    case = cases(family, seed)[index]
    path = _cache_path(family, seed, index, case)
    fitters = _fitters()
    old = json.loads(path.read_text()) if path.exists() else {}
    out = {}
    for name, fit in fitters.items():
        if name in old:
            out[name] = old[name]
            continue
        p = fit(case)
        out[name] = [p.days, p.p10, p.p90, p.seconds]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out))
    tmp.replace(path)
    return job


def peer_names() -> list[str]:
    from bench.forecast_peers import PEER_NAMES

    return list(PEER_NAMES)


def peer_results(seeds, processes: int = 2, groups=GROUPS) -> dict[tuple[str, int], dict]:
    """Every peer's results per (family, seed), from the cache (bench/results/cache/, one file per history) or
    computed. With PLEDGEBOARD_BENCH_CACHED_ONLY set, only what is cached: a (family, seed) with any history
    missing is left out (a family then pools the seeds it has; the JSON says which)."""
    names = peer_names()
    batches = {(family, seed): cases(family, seed) for seed in seeds for family in groups}
    todo = [
        (family, seed, k)
        for (family, seed), batch in batches.items()
        for k, case in enumerate(batch)
        if _cached(_cache_path(family, seed, k, case), names) is None
    ]
    if todo and not os.environ.get("PLEDGEBOARD_BENCH_CACHED_ONLY"):
        with get_context("spawn").Pool(processes) as pool:
            for done, _ in enumerate(pool.imap_unordered(_peer_job, todo), 1):
                if done % 20 == 0:
                    print(f"peers: {done}/{len(todo)} histories", flush=True)
    out = {}
    for (family, seed), batch in batches.items():
        rows = [_cached(_cache_path(family, seed, k, case), names) for k, case in enumerate(batch)]
        if any(r is None for r in rows):
            continue
        out[(family, seed)] = {name: [r[name] for r in rows] for name in names}
    return out


def _relative_error(days: float | None, truth: float) -> float:
    return math.inf if days is None else abs(days - truth) / truth


def metrics(rows: list[list], truths: list[float | None]) -> dict:
    """Figures of one method on one family: rows are [days, p10, p90, seconds(, CPU seconds)] per history."""
    fit_ms = round(1000 * statistics.median(r[3] for r in rows), 2)
    cpu = {"fit_cpu_ms": round(1000 * statistics.median(r[4] for r in rows), 2)} if len(rows[0]) > 4 else {}
    if truths and truths[0] is None:
        false_fills = sum(1 for r in rows if r[0] is not None and r[0] <= FALSE_FILL_DAYS)
        return {"false_fills": false_fills, "histories": len(rows), "fit_ms": fit_ms, **cpu}
    errors = [_relative_error(r[0], t) for r, t in zip(rows, truths, strict=True)]
    with_interval = [(r, t) for r, t in zip(rows, truths, strict=True) if r[0] is not None and r[1] is not None]
    covered = [r[1] <= t <= (r[2] if r[2] is not None else math.inf) for r, t in with_interval]
    return {
        "median_relative_error": round(float(np.median(errors)), 4),
        "within_20": round(sum(e <= WITHIN for e in errors) / len(errors), 3),
        "p10_p90_coverage": round(sum(covered) / len(covered), 3) if covered else None,
        "no_date": sum(r[0] is None for r in rows),
        "histories": len(rows),
        "fit_ms": fit_ms,
        **cpu,
    }


def _ratio(table: dict) -> tuple[float | None, str | None]:
    peers = {k: v for k, v in table.items() if k != "ours"}
    if not peers:
        return None, None
    if "median_relative_error" in table["ours"]:
        best = min(peers, key=lambda k: peers[k]["median_relative_error"])
        base = peers[best]["median_relative_error"]
        return (round(table["ours"]["median_relative_error"] / base, 2) if base > 0 else None), best
    best = min(peers, key=lambda k: peers[k]["false_fills"])
    return None, best


def evaluate(seeds, groups=GROUPS) -> dict:
    """Per family: every method's figures pooled over the seeds, and per seed. A (family, seed) whose peers are
    not all cached (PLEDGEBOARD_BENCH_CACHED_ONLY) is left out of the pooled table; ours is still given per seed."""
    peers = peer_results(seeds, groups=groups)
    result = {}
    for family in groups:
        pooled_rows: dict[str, list] = {}
        pooled_truths: list = []
        per_seed = {}
        for seed in seeds:
            batch = cases(family, seed)
            truths = [c.truth for c in batch]
            rows = {"ours": [list(ours(c)) for c in batch], **peers.get((family, seed), {})}
            table = {name: metrics(r, truths) for name, r in rows.items()}
            ratio, best = _ratio(table)
            per_seed[str(seed)] = {"ratio": ratio, "best_peer": best, "ours": table["ours"]}
            if (family, seed) not in peers:
                per_seed[str(seed)]["peers"] = "not cached"
                continue
            for name, r in rows.items():
                pooled_rows.setdefault(name, []).extend(r)
            pooled_truths.extend(truths)
        if not pooled_rows:
            continue
        table = {name: metrics(r, pooled_truths) for name, r in pooled_rows.items()}
        ratio, best = _ratio(table)
        result[family] = {
            "methods": table,
            "ratio": ratio,
            "best_peer": best,
            "seeds": [int(k) for k, v in per_seed.items() if "peers" not in v],
            "per_seed": per_seed,
        }
    return result


def goals(result: dict) -> dict:
    present = [f for f in GROUPS if f in result]
    filling = [f for f in present if f != "not_filling"]
    ours_fit = max(result[f]["methods"]["ours"]["fit_ms"] for f in present)
    ours_cpu = max(result[f]["methods"]["ours"]["fit_cpu_ms"] for f in present)
    return {
        "at_or_below_best_peer": {f: result[f]["ratio"] is not None and result[f]["ratio"] <= 1.0 for f in filling},
        "coverage_in_goal": {
            f: COVERAGE_GOAL[0] <= (result[f]["methods"]["ours"]["p10_p90_coverage"] or 0) <= COVERAGE_GOAL[1]
            for f in filling
        },
        "false_fills_per_40": round(
            40
            * result["not_filling"]["methods"]["ours"]["false_fills"]
            / result["not_filling"]["methods"]["ours"]["histories"],
            2,
        )
        if "not_filling" in result
        else None,
        "slowest_family_median_fit_ms": ours_fit,
        "slowest_family_median_fit_cpu_ms": ours_cpu,
        "fit_under_10ms": ours_fit < FIT_GOAL_MS,
        "fit_cpu_under_10ms": ours_cpu < FIT_GOAL_MS,
    }


def _share(value: float) -> str:
    return f"{value:.3f}" if value < 10 else "> 10"


def details(result: dict) -> str:
    """Per family, ours beside the best peer: within +-20 %, P10-P90 coverage, fit time (and false fills)."""
    lines = [
        "| family | within ±20 % (ours / best peer) | P10-P90 coverage (ours / best peer) | no date (ours) "
        "| false fills (ours / best peer) | median fit ms, wall (ours / best peer) | ours, CPU ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for family, row in result.items():
        ours, best = row["methods"]["ours"], row["methods"][row["best_peer"]]
        if "false_fills" in ours:
            lines.append(
                f"| {family} | — | — | — | {ours['false_fills']}/{ours['histories']} / "
                f"{best['false_fills']}/{best['histories']} ({row['best_peer']}) | "
                f"{ours['fit_ms']} / {best['fit_ms']} | {ours['fit_cpu_ms']} |"
            )
            continue
        lines.append(
            f"| {family} | {ours['within_20']} / {best['within_20']} ({row['best_peer']}) | "
            f"{ours['p10_p90_coverage']} / {best['p10_p90_coverage']} | {ours['no_date']}/{ours['histories']} | — | "
            f"{ours['fit_ms']} / {best['fit_ms']} | {ours['fit_cpu_ms']} |"
        )
    return "\n".join(lines)


def markdown(result: dict) -> str:
    """The published table: per family, ours and every peer's median relative error, then ours / best peer."""
    methods = list(next(iter(result.values()))["methods"])
    head = "| family | " + " | ".join(methods) + " | ours ÷ best peer (pooled; per seed) | coverage (ours) |"
    lines = [head, "|" + "---|" * (len(methods) + 3)]
    for family, row in result.items():
        cells = []
        for name in methods:
            m = row["methods"][name]
            cell = f"{m['false_fills']}/{m['histories']}" if "false_fills" in m else _share(m["median_relative_error"])
            cells.append(f"**{cell}**" if name == row["best_peer"] else cell)
        if row["ratio"] is None:  # not filling: ours' false fills per seed
            seeds = " / ".join(f"{s['ours']['false_fills']}/{s['ours']['histories']}" for s in row["per_seed"].values())
            ratio = "false fills per seed"
        else:
            seeds = " / ".join(str(s["ratio"]) for s in row["per_seed"].values())
            ratio = f"{row['ratio']}"
        coverage = row["methods"]["ours"].get("p10_p90_coverage", "—")
        lines.append(f"| {family} | " + " | ".join(cells) + f" | {ratio}; {seeds} | {coverage} |")
    return "\n".join(lines)


def run(*, scale: str = "demo") -> dict:
    seeds = SEEDS[scale]
    result = evaluate(seeds)
    print(markdown(result))
    print()
    print(details(result))
    return {"seeds": list(seeds), "series_per_seed": SERIES_PER_SEED, "families": result, "goals": goals(result)}


def main(argv: list[str]) -> int:
    """`python -m bench.forecast_accuracy [--seeds 1 2] [--groups regime ...] [--peers-only] [--json PATH]`:
    fill the peers' cache, or print the tables (ours is computed afresh; peers come from the cache)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.forecast_accuracy")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS["demo"]))
    parser.add_argument("--groups", nargs="+", default=list(GROUPS), choices=GROUPS)
    parser.add_argument("--peers-only", action="store_true", help="only compute and cache the peers")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if args.peers_only:
        peer_results(args.seeds, processes=args.processes, groups=args.groups)
        return 0
    figures = {"seeds": args.seeds, "series_per_seed": SERIES_PER_SEED, "families": evaluate(args.seeds)}
    figures["goals"] = goals(figures["families"])
    print(markdown(figures["families"]))
    print()
    print(details(figures["families"]))
    print(json.dumps(figures["goals"], indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))

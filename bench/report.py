#!/usr/bin/env python3
"""Turns one benchmark run's rows into its result file and its markdown table.

Input: JSON lines, one per measured row, as palaver-loadgen prints them, with the runner's "arm"
(palaver, node-ws, gorilla-1, gorilla-2, raw) and "rep" added. Rows of the same scenario and
parameters on the same arm are repetitions: each figure is reported as median (min–max). A figure
is compared with the best peer's in the same run (performance.md: ratios, never absolute numbers
across runs); the raw server is the ceiling, not a peer. Invalid rows (delivered != expected,
order or payload broken, a phase that timed out) are listed with their reason, never averaged in.

  report.py RUN.jsonl META.json OUT.json OUT.md     exit status 1 when any row is invalid
"""
import json
import statistics
import sys

# The figures the table shows, with which way is better: +1 more, -1 less.
SHOWN = {
    "deliveries_per_server_cpu_s": +1,
    "deliveries_per_s": +1,
    "latency_us_p50": -1,
    "latency_us_p99": -1,
    "round_trips_per_s": +1,
    "upgrades_per_s": +1,
    "server_bytes_per_connection": -1,
    "idle_server_cpu_pct": -1,
    "idle_tax": +1,
    "stored_per_s": +1,
    "server_cpu_us_per_message": -1,
    "ack_latency_us_p50": -1,
    "ack_latency_us_p99": -1,
    "token_added_latency_us_p50": -1,
    "token_added_latency_us_p99": -1,
    "first_token_us_p50": -1,
    "first_token_us_p99": -1,
    "server_threads": -1,
    "server_bytes_per_stream": -1,
    "connects_per_s": +1,
    "chat_latency_us_p99": -1,
    "server_rss_growth_bytes_per_cycle": -1,
    # The client's rows (palaver-clientbench): palaver alone, so no ratio.
    "frame_interval_p99_ms": -1,
    "cpu_gui_thread_percent": -1,
    "open_median_ms": -1,
    "rss_delta_kb": -1,
    "first_frame_median_ms": -1,
}
ARMS_ORDER = ["palaver", "node-ws", "gorilla-1", "gorilla-2", "raw"]
NOT_A_PEER = {"palaver", "raw"}
# Parameters that differ between arms of one row without changing what is measured.
ARM_PARAMS = {"target", "label", "ramp_concurrency"}


def derive(row):
    """Figures computed from others: deliveries per second of the server's CPU."""
    figures = row.setdefault("figures", {})
    cpu = figures.get("window_server_cpu_pct")
    if "deliveries_per_s" in figures and cpu:
        figures["deliveries_per_server_cpu_s"] = figures["deliveries_per_s"] / (cpu / 100.0)
    return row


def scenario_key(row):
    params = {k: v for k, v in row.get("params", {}).items() if k not in ARM_PARAMS}
    return (row["scenario"], json.dumps(params, sort_keys=True))


def summarise(rows):
    groups, invalid = {}, []
    for row in rows:
        if not row.get("valid", False):
            invalid.append(row)
            continue
        groups.setdefault((scenario_key(row), row["arm"]), []).append(derive(row))
    table = {}
    for (skey, arm), reps in groups.items():
        figures = {}
        for name in sorted({n for r in reps for n in r["figures"]}):
            values = [r["figures"][name] for r in reps
                      if isinstance(r["figures"].get(name), (int, float))
                      and not isinstance(r["figures"].get(name), bool)]
            if values:
                figures[name] = {"min": min(values), "median": statistics.median(values),
                                 "max": max(values), "n": len(values)}
        saturated = any(r.get("loadgen_saturated") for r in reps)
        table.setdefault(skey, {})[arm] = {"figures": figures, "loadgen_saturated": saturated}
    return table, invalid


def ratio(row, figure):
    """palaver's median ÷ the best peer's (for less-is-better figures the best peer's ÷ palaver's),
    so that > 1 always means palaver is better. Returns (ratio, best peer) or (None, None)."""
    direction = SHOWN.get(figure, 0)
    ours = row.get("palaver", {}).get("figures", {}).get(figure)
    peers = [(arm, v["figures"][figure]["median"]) for arm, v in row.items()
             if arm not in NOT_A_PEER and figure in v["figures"]]
    if not ours or not peers or direction == 0:
        return None, None
    best_arm, best = max(peers, key=lambda p: p[1] * direction)
    if best == 0 or ours["median"] == 0:
        return None, best_arm
    return (ours["median"] / best if direction > 0 else best / ours["median"]), best_arm


def fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def params_text(params):
    return ", ".join(f"{k} {v}" for k, v in json.loads(params).items())


def markdown(table, invalid, meta):
    lines = [f"Run {meta.get('date', '?')} at {meta.get('commit', '?')} ({meta.get('mode', '?')}) on "
             f"{meta.get('machine', '?')}; load average before the run {meta.get('loadavg', '?')}; "
             f"{meta.get('reps', '?')} repetitions, arms alternated; {meta.get('pinning', '')}.",
             "",
             "Each cell: median (min–max). Ratio: palaver ÷ the best peer (Node ws, gorilla), "
             "> 1 means palaver is better; raw is the ceiling, not a peer.", ""]
    for skey in sorted(table):
        scenario, params = skey
        row = table[skey]
        arms = [a for a in ARMS_ORDER if a in row] + sorted(a for a in row if a not in ARMS_ORDER)
        figures = [f for f in SHOWN if any(f in row[a]["figures"] for a in arms)]
        lines += [f"### {scenario}: {params_text(params)}", "",
                  "| figure | " + " | ".join(arms) + " | ratio (best peer) |",
                  "|---|" + "---|" * (len(arms) + 1)]
        for figure in figures:
            cells = []
            for arm in arms:
                v = row[arm]["figures"].get(figure)
                cells.append("—" if not v else f"{fmt(v['median'])} ({fmt(v['min'])}–{fmt(v['max'])})")
            r, best = ratio(row, figure)
            lines.append(f"| {figure} | " + " | ".join(cells)
                         + f" | {fmt(r)}{f' ({best})' if r else ''} |")
        saturated = [a for a in arms if row[a]["loadgen_saturated"]]
        if saturated:
            lines += ["", "The load generator was saturated (its figures are a floor) for: "
                      + ", ".join(saturated) + "."]
        lines.append("")
    if invalid:
        lines += ["### Invalid rows", ""]
        for r in invalid:
            lines.append(f"- {r.get('scenario')} {json.dumps(r.get('params', {}), sort_keys=True)} "
                         f"{r.get('arm')} rep {r.get('rep')}: {r.get('reason') or 'no reason given'}")
        lines.append("")
    return "\n".join(lines)


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    run_path, meta_path, out_json, out_md = sys.argv[1:5]
    with open(run_path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with open(meta_path) as f:
        meta = json.load(f)
    table, invalid = summarise(rows)
    result = {"meta": meta, "rows": rows, "invalid": len(invalid),
              "summary": {f"{s} {p}": arms for (s, p), arms in table.items()}}
    with open(out_json, "w") as f:
        json.dump(result, f, indent=1)
    with open(out_md, "w") as f:
        f.write(markdown(table, invalid, meta))
    if not rows:
        print("report.py: no rows", file=sys.stderr)
        return 1
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())

"""Summarises bench/run.sh results (one JSON line per measured run) as a Markdown section,
prints it, and with --write replaces the section for this N in the given file (between the
`<!-- bench:N:begin -->` and `<!-- bench:N:end -->` markers, appended when absent)."""

import argparse
import datetime
import json
import os
import platform
import statistics
from collections import defaultdict

WORKLOADS = {
    "w1": "1. first 50 inquiries with their department (ADMIN)",
    "w2": "2. portal page: 50 of one district with department, officer, deadline state, last reply (SUPERVISOR)",
    "w3": "3. `submitInquiry` (anonymous)",
    "w4": "4. `trackInquiry` by reference and code",
    "w5": "5. `searchAnswers` (staff)",
}


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_gb = int(f.readline().split()[1]) / 1024 / 1024
    except OSError:
        mem_gb = 0
    return f"{os.cpu_count()} vCPU ({model}), {mem_gb:.0f} GiB, {platform.system()} {platform.release()}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    for opt in ("n", "inquiries", "connections", "duration", "rounds", "pool", "versions", "command", "idle"):
        ap.add_argument(f"--{opt}", required=True)
    ap.add_argument("--write")
    a = ap.parse_args()

    runs = [json.loads(line) for line in open(a.results) if line.strip()]
    by = defaultdict(list)
    for r in runs:
        by[(r["workload"], r["server"])].append(r)

    def med(rows, key):
        return statistics.median(r[key] for r in rows)

    lines = [
        f"<!-- bench:{a.n}:begin -->",
        f"### {int(a.n):,} bulk inquiries ({int(a.inquiries):,} in the database)",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine()}; {a.versions}.",
        f"Command: `{a.command}`. Load: wrk, 2 threads, c={a.connections}, {a.duration} s per run, "
        f"{a.rounds} rounds alternating the servers after a warm-up; pool {a.pool} connections on both; "
        "every response checked for errors. Statements per request from `pg_stat_statements` "
        "(both servers, same counting); RSS is the server's peak resident memory sampled during the run "
        f"(before any load: {a.idle}).",
        "",
        "| workload | server | req/s (median) | p50 ms | p99 ms | statements/req | peak RSS MB | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for w, title in WORKLOADS.items():
        for server in ("wenzheng", "postgraphile"):
            rows = by.get((w, server))
            if not rows:
                continue
            lines.append(
                f"| {title} | {server} | {med(rows, 'rps'):,.0f} | {med(rows, 'p50_ms'):.2f} | "
                f"{med(rows, 'p99_ms'):.2f} | {med(rows, 'statements_per_request'):.2f} | "
                f"{max(r['rss_kb'] for r in rows) / 1024:.0f} | {sum(r['errors'] for r in rows)} |"
            )
    ratios = []
    for w in WORKLOADS:
        ours, theirs = by.get((w, "wenzheng")), by.get((w, "postgraphile"))
        if not ours or not theirs:
            continue
        rounds = sorted({r["round"] for r in ours} & {r["round"] for r in theirs})
        per = []
        for n in rounds:
            o = next(r for r in ours if r["round"] == n)
            t = next(r for r in theirs if r["round"] == n)
            per.append((o["rps"] / t["rps"], o["p99_ms"], t["p99_ms"]))
        ratios.append(
            f"- Workload {w[1]}: wenzheng / PostGraphile req/s per round "
            + ", ".join(f"{x:.2f}x (p99 {p:.1f} vs {q:.1f} ms)" for x, p, q in per)
            + f"; median {statistics.median(x for x, _, _ in per):.2f}x."
        )
    if ratios:
        lines += ["", *ratios]
    lines.append(f"<!-- bench:{a.n}:end -->")
    section = "\n".join(lines) + "\n"
    print(section)

    if a.write:
        text = open(a.write, encoding="utf-8").read() if os.path.exists(a.write) else ""
        begin, end = f"<!-- bench:{a.n}:begin -->", f"<!-- bench:{a.n}:end -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            tail = rest.split(end, 1)[1].lstrip("\n")
            text = head + section + tail
        else:
            text = text.rstrip("\n") + "\n\n" + section
        with open(a.write, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bench/run's bookkeeping: a met=null result for a scenario that could not run, and bench/RESULTS.md.

  results.py missing NAME REASON [--keep-existing]   write $BENCH_OUT/NAME.{json,md} saying why it did not run
  results.py write NAME...                           write bench/RESULTS.md from $BENCH_OUT, print the summary
"""
import json
import os
import platform
import re
import subprocess
import sys
import time

from benchlib import OUT, REPO, SCALE, STACK_DIR, log, psql, write_result

TITLES = {"startup": "Start-up time and idle RSS", "gateway-single": "Single submissions through the gateway",
          "gateway-overhead": "Gateway overhead vs nginx", "propagation": "Propagation to the progress API",
          "csv-import": "Bulk CSV import", "scorecard": "Scorecard queries"}


def missing(name, reason, keep_existing):
    path = os.path.join(OUT, name + ".json")
    if keep_existing and os.path.exists(path):
        with open(path) as f:
            doc = json.load(f)
        doc["met"] = None
        doc.setdefault("measurements", {})["broken_run"] = reason
        with open(path, "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
        with open(os.path.join(OUT, name + ".md"), "a") as f:
            f.write("\n**Broken run:** %s.\n" % reason)
        return
    write_result(name, TITLES.get(name, name), "-", None, None, {"not_run": reason},
                 "### %s (`bench/run %s`)\n\nNot measured: %s.\n" % (TITLES.get(name, name), name, reason))


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    try:
        pg = psql("postgres", "SHOW server_version")[0][0]
    except Exception as e:  # the stack may be gone already (RESULTS.md rewritten later): the binary says its version
        version = sh(os.path.join(STACK_DIR, "pg", "bin", "postgres"), "--version")
        pg = version.rsplit(" ", 1)[-1] if version else "? (%s)" % str(e).splitlines()[0]
    return {"cores": os.cpu_count(), "ram": "%.1f GiB" % (mem_kb / 1024 / 1024), "cpu": cpu,
            "jdk": java[0] if java else "?", "pg": pg, "kernel": platform.release()}


def cell(v):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    if isinstance(v, float):
        return "%.3g" % v if abs(v) < 100 else "%.0f" % v
    return str(v).replace("|", "\\|")


def write(names):
    docs = []
    for name in names:
        try:
            with open(os.path.join(OUT, name + ".json")) as f:
                doc = json.load(f)
            with open(os.path.join(OUT, name + ".md")) as f:
                doc["_md"] = f.read()
        except (OSError, ValueError) as e:
            doc = {"scenario": name, "title": TITLES.get(name, name), "command": "bench/run " + name, "goal": "-",
                   "ratio": None, "met": None, "measurements": {}, "_md": "### %s\n\nNo result: %s\n" % (name, e)}
        docs.append(doc)
    m = machine()
    commit = sh("git", "-C", REPO, "rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if sh("git", "-C", REPO, "status", "--porcelain", "--untracked-files=no") else ""
    head = ["# Benchmark results", "",
            "Produced by `bench/run %s` on %s UTC; see [docs/benchmarks.md](../docs/benchmarks.md) for what each "
            "scenario measures and why its ceiling is the ceiling." % (" ".join(names), time.strftime("%Y-%m-%d %H:%M", time.gmtime())),
            "",
            "| | |", "|---|---|",
            "| git commit | `%s`%s |" % (commit or "?", dirty),
            "| machine | %s cores, %s RAM, %s (Linux %s) |" % (m["cores"], m["ram"], m["cpu"], m["kernel"]),
            "| JDK | %s |" % m["jdk"],
            "| PostgreSQL | %s |" % m["pg"],
            "| BENCH_SCALE | %s%s |" % (SCALE, "" if SCALE == 1.0 else " (reduced: data and durations scaled down, numbers are indicative only)"),
            "| settings | the gateway's per-key rate limits raised to 1,000,000/s (reporter, analyst, admin) so the limiter is not what is measured; everything else as `deploy/stack up` |",
            ""]
    rows = ["| scenario | measured | ceiling | ratio | goal | met | command |", "|---|---|---|---|---|---|---|"]
    for d in docs:
        meas = d.get("measurements", {})
        rows.append("| %s | %s | %s | %s | %s | %s | `%s` |" % (
            d["scenario"], cell(meas.get("summary_measured")), cell(meas.get("summary_ceiling")),
            cell(d.get("ratio")), cell(d.get("goal")), cell(d.get("met")), d.get("command")))
    body = head + ["## Summary", ""] + rows + [""]
    # The reading of the numbers is written by hand (bench/ANALYSIS.md) and kept across runs; it names the run it
    # was written from, so a newer run's numbers above are not mistaken for the ones it discusses.
    analysis = os.path.join(REPO, "bench", "ANALYSIS.md")
    if os.path.exists(analysis):
        with open(analysis) as f:
            body += [f.read().strip(), ""]
    body += ["## Scenarios", ""]
    for d in docs:
        body += [d["_md"].rstrip(), ""]
    with open(os.path.join(REPO, "bench", "RESULTS.md"), "w") as f:
        f.write("\n".join(body))
    print()
    print("\n".join(rows))
    print()
    log("wrote bench/RESULTS.md")


if __name__ == "__main__":
    if sys.argv[1] == "missing":
        missing(sys.argv[2], sys.argv[3], "--keep-existing" in sys.argv)
    elif sys.argv[1] == "write":
        write(sys.argv[2:])
    else:
        sys.exit(__doc__)

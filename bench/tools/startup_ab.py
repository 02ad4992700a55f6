#!/usr/bin/env python3
"""A/B of JVM start-up settings on a kept bench stack (BENCH_KEEP_STACK=1 bench/run startup first), for issue 17 goal 6.

usage: startup_ab.py ROUNDS LABEL=CDS:OPTS...     e.g.  startup_ab.py 2 'g1=0:-Xmx256m' 'serial-cds=1:-XX:+UseSerialGC -Xmx256m'

For each round, for each variant in turn (interleaved, so the machine's load falls on all of them alike): writes the
variant's JVM options (STACK_JAVA_OPTS; the gateway keeps bench/run's rate-limit settings) and STACK_CDS into the
stack's config.env, then measures each service as bench/scenarios/startup.py does (stop, start, ready, CPU, RSS after
10 s idle). A CDS variant first lets a service record its archive (one start and stop) when it has none. One JSON line
per measurement in $BENCH_OUT/startup_ab.jsonl; at the end the medians per variant and service."""
import json
import os
import re
import shlex
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios"))
import startup  # noqa: E402
from benchlib import OUT, STACK_DIR, log  # noqa: E402

CONFIG = os.path.join(STACK_DIR, "config.env")


def set_config(opts, cds):
    with open(CONFIG) as f:
        lines = f.read().splitlines()
    out = []
    for line in lines:
        m = re.match(r"^(STACK_\w+)=(.*)$", line)
        key = m and m.group(1)
        if key == "STACK_JAVA_OPTS":
            line = "STACK_JAVA_OPTS=" + shlex.quote(opts)
        elif key == "STACK_JAVA_OPTS_GATEWAY":
            limits = [a for a in shlex.split(m.group(2)) if a.startswith("-Dgateway.")]
            line = "STACK_JAVA_OPTS_GATEWAY=" + shlex.quote(" ".join([opts] + limits))
        elif key == "STACK_CDS":
            continue
        out.append(line)
    out.append("STACK_CDS=%d" % cds)
    with open(CONFIG, "w") as f:
        f.write("\n".join(out) + "\n")


def has_archive(name):
    d = os.path.join(STACK_DIR, "cds")
    return os.path.isdir(d) and any(f.startswith(name + "-") and f.endswith(".jsa") for f in os.listdir(d))


def main():
    rounds = int(sys.argv[1])
    variants = []
    for spec in sys.argv[2:]:
        label, rest = spec.split("=", 1)
        cds, opts = rest.split(":", 1)
        variants.append((label, int(cds), opts))
    path = os.path.join(OUT, "startup_ab.jsonl")
    rows = []
    with open(path, "a") as out:
        for rnd in range(1, rounds + 1):
            for label, cds, opts in variants:
                set_config(opts, cds)
                for name, base in startup.SERVICES:
                    if cds and not has_archive(name):
                        log("%s: recording %s's class-data archive first" % (label, name))
                        startup.stack("stop", name)
                        startup.stack("start", name)
                    r = startup.measure(name, base)
                    r.update(variant=label, round=rnd, service=name, opts=opts, cds=cds)
                    rows.append(r)
                    out.write(json.dumps(r) + "\n")
                    out.flush()
    keys = ["ready_s", "quarkus_started_in_s", "cpu_at_ready_s", "main_thread_cpu_s", "jit_cpu_s", "idle_rss_mb"]
    print("| variant | service | n | " + " | ".join(keys) + " |")
    print("|---|---|---:|" + "---:|" * len(keys))
    for label, _, _ in variants:
        total = 0.0
        for name, _ in startup.SERVICES:
            rs = [r for r in rows if r["variant"] == label and r["service"] == name]
            med = {k: statistics.median(r[k] for r in rs if r[k] is not None) for k in keys}
            total += med["idle_rss_mb"]
            print("| %s | %s | %d | %s |" % (label, name, len(rs), " | ".join("%.2f" % med[k] for k in keys)))
        print("| %s | sum of idle RSS medians | | %s %.0f |" % (label, "| " * (len(keys) - 1), total))


if __name__ == "__main__":
    main()

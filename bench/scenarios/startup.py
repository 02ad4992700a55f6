#!/usr/bin/env python3
"""Scenario 6, startup: per service, deploy/stack stop + start; time from the start command to /q/health/ready = 200
(polled every 20 ms), Quarkus' own "started in" from the log, and VmRSS (/proc/<pid>/status) after 10 s idle.
No goal: a table. Leaves every service running (the next scenarios need them)."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import GATEWAY, REPO, REPORTS, STACK_DIR, TARGETS, UNITS, http, listening, log, write_result  # noqa: E402

NAME = "startup"
IDLE_S = 10.0
SERVICES = [("units-service", UNITS), ("targets-service", TARGETS), ("reports-service", REPORTS), ("gateway", GATEWAY)]
STACK = os.path.join(REPO, "deploy", "stack")


def stack(*args, timeout=180):
    out = subprocess.run([STACK] + list(args), capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError("deploy/stack %s: rc %d %s" % (" ".join(args), out.returncode, (out.stdout + out.stderr)[-600:]))


def vm_rss_mb(pid):
    with open("/proc/%s/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) / 1024.0


def started_in(name):
    """Quarkus' "started in X.XXXs" of the latest start in the service's log."""
    with open(os.path.join(STACK_DIR, "logs", name + ".log"), errors="replace") as f:
        text = f.read()
    last = text.rsplit("===== deploy/stack", 1)[-1]
    m = re.search(r"started in ([\d.]+)s", last)
    return float(m.group(1)) if m else None


def ready(base):
    """/q/health/ready = 200. Connects only once the port is listening: connecting to a port nobody listens on
    can, inside the ephemeral range, end in a TCP self-connect that then holds the port the service wants."""
    if not listening(int(base.rsplit(":", 1)[1])):
        return False
    try:
        return http("GET", base + "/q/health/ready", timeout=2)[0] == 200
    except Exception:  # noqa: BLE001  (http.client raises HTTPException subclasses that are not OSErrors)
        return False


def measure(name, base):
    stack("stop", name)
    t0 = time.time()
    proc = subprocess.Popen([STACK, "start", name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready_s = None
    while time.time() - t0 < 120:
        if ready(base):
            ready_s = time.time() - t0
            break
        time.sleep(0.02)
    out, _ = proc.communicate(timeout=120)
    if proc.returncode != 0 or ready_s is None:
        raise RuntimeError("%s did not become ready: %s" % (name, out[-600:]))
    with open(os.path.join(STACK_DIR, "run", name + ".pid")) as f:
        pid = f.read().strip()
    rss_ready = vm_rss_mb(pid)
    time.sleep(IDLE_S)
    rss_idle = vm_rss_mb(pid)
    r = {"ready_s": round(ready_s, 2), "quarkus_started_in_s": started_in(name), "rss_at_ready_mb": round(rss_ready, 1),
         "idle_rss_mb": round(rss_idle, 1), "pid": int(pid)}
    log("%-16s ready after %.2f s (Quarkus: started in %s s), RSS %.0f MB at ready, %.0f MB after %.0f s idle"
        % (name, ready_s, r["quarkus_started_in_s"], rss_ready, rss_idle, IDLE_S))
    return r


def main():
    started = time.time()
    with open(os.path.join(STACK_DIR, "config.env")) as f:
        opts = {m.group(1): m.group(2) for m in re.finditer(r"^(STACK_JAVA_OPTS\w*)=(.*)$", f.read(), re.M)}
    results = {name: measure(name, base) for name, base in SERVICES}
    table = ["| service | stop -> ready | Quarkus \"started in\" | RSS at ready | idle RSS (10 s) |", "|---|---:|---:|---:|---:|"]
    for name, _ in SERVICES:
        r = results[name]
        table.append("| %s | %.2f s | %s s | %.0f MB | %.0f MB |" % (name, r["ready_s"], r["quarkus_started_in_s"],
                                                                     r["rss_at_ready_mb"], r["idle_rss_mb"]))
    total_rss = sum(r["idle_rss_mb"] for r in results.values())
    measurements = {"summary_measured": "ready in %.1f-%.1f s; idle RSS %.0f MB in all" % (
        min(r["ready_s"] for r in results.values()), max(r["ready_s"] for r in results.values()), total_rss),
        "summary_ceiling": "-", "idle_s": IDLE_S, "services": results, "total_idle_rss_mb": round(total_rss, 1),
        "java_opts": opts.get("STACK_JAVA_OPTS", "-Xmx256m"), "scenario_seconds": round(time.time() - started, 1)}
    md = ["### 6. Start-up time and idle RSS (`bench/run startup`)", "", *table, "",
          "No goal (met and ratio are null). Each service in turn: `deploy/stack stop NAME`, then `deploy/stack start NAME`; "
          "\"stop -> ready\" runs from the start command to the first `GET /q/health/ready` = 200 (polled every 20 ms; "
          "it includes the JVM launch and the database and Kafka readiness checks), \"started in\" is Quarkus' own "
          "figure from the log. RSS is VmRSS from /proc/<pid>/status, at ready and after %.0f s idle; JVM options "
          "`%s` (fast-jar, JVM mode, no CDS archive)." % (IDLE_S, measurements["java_opts"])]
    write_result(NAME, "Start-up time and idle RSS", "none (a table)", None, None, measurements, "\n".join(md))


if __name__ == "__main__":
    main()

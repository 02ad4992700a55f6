#!/usr/bin/env python3
"""Scenario 6, startup: per service, deploy/stack stop + start; time from the start command to /q/health/ready = 200
(polled every 20 ms), Quarkus' own "started in" from the log, and VmRSS (/proc/<pid>/status) after 10 s idle.
Also the CPU seconds the JVM spent until ready (all threads, and its main thread alone), which depend far less on
what else the machine is doing than the wall-clock figures, and the load average at each start.
Goal (issue 17, goal 6): every service ready within 2 s, idle RSS of the four JVMs <= 600 MB together; ratio =
the worse of 2 s / slowest ready and 600 MB / total idle RSS (>= 1 meets it). Leaves every service running (the
next scenarios need them)."""
import os
import re
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import GATEWAY, REPO, REPORTS, STACK_DIR, TARGETS, UNITS, http, listening, log, stat_cpu_s, write_result  # noqa: E402

NAME = "startup"
IDLE_S = 10.0
GOAL_READY_S = 2.0
GOAL_RSS_MB = 600.0
SERVICES = [("units-service", UNITS), ("targets-service", TARGETS), ("reports-service", REPORTS), ("gateway", GATEWAY)]
STACK = os.path.join(REPO, "deploy", "stack")


def stack(*args, timeout=180):
    out = subprocess.run([STACK] + list(args), capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError("deploy/stack %s: rc %d %s" % (" ".join(args), out.returncode, (out.stdout + out.stderr)[-600:]))


def cds_archive(pid):
    """Whether the JVM runs with a class-data archive of its own (deploy/stack's CDS): used, recording, or none."""
    with open("/proc/%s/cmdline" % pid, "rb") as f:
        args = f.read().decode(errors="replace").split("\0")
    if any(a.startswith("-XX:SharedArchiveFile=") for a in args):
        with open("/proc/%s/maps" % pid) as f:
            mapped = any("/cds/" in line and line.rstrip().endswith(".jsa") for line in f)
        return "used" if mapped else "refused"
    return "recording" if any(a.startswith("-XX:ArchiveClassesAtExit=") for a in args) else "none"


def vm_rss_mb(pid):
    with open("/proc/%s/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) / 1024.0


def cpu_s(pid, task=None):
    """utime + stime of the process (or of one of its threads), in seconds."""
    return stat_cpu_s("/proc/%s/stat" % pid if task is None else "/proc/%s/task/%s/stat" % (pid, task))


def cpu_at_ready(pid):
    """(process CPU s, main thread CPU s, JIT compiler threads CPU s)."""
    total, main, jit = cpu_s(pid), 0.0, 0.0
    for task in os.listdir("/proc/%s/task" % pid):
        try:
            with open("/proc/%s/task/%s/comm" % (pid, task)) as f:
                comm = f.read().strip()
            if task != str(pid) and comm == "java":  # the launcher's first thread only starts the JVM and waits
                main = cpu_s(pid, task)
            elif comm.startswith(("C1 CompilerThre", "C2 CompilerThre")):
                jit += cpu_s(pid, task)
        except OSError:
            pass
    return total, main, jit


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
    load1 = os.getloadavg()[0]
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
    cpu, main_cpu, jit_cpu = cpu_at_ready(pid)
    rss_ready = vm_rss_mb(pid)
    time.sleep(IDLE_S)
    rss_idle = vm_rss_mb(pid)
    r = {"ready_s": round(ready_s, 2), "quarkus_started_in_s": started_in(name), "rss_at_ready_mb": round(rss_ready, 1),
         "idle_rss_mb": round(rss_idle, 1), "pid": int(pid), "cpu_at_ready_s": round(cpu, 2),
         "main_thread_cpu_s": round(main_cpu, 2), "jit_cpu_s": round(jit_cpu, 2), "load1_at_start": round(load1, 1),
         "cds_archive": cds_archive(pid)}
    log("%-16s ready after %.2f s (Quarkus: started in %s s; CPU %.1f s, main thread %.1f s, JIT %.1f s; load %.1f), "
        "RSS %.0f MB at ready, %.0f MB after %.0f s idle" % (name, ready_s, r["quarkus_started_in_s"], cpu, main_cpu,
                                                          jit_cpu, load1, rss_ready, rss_idle, IDLE_S))
    return r


def main():
    started = time.time()
    with open(os.path.join(STACK_DIR, "config.env")) as f:  # written by deploy/stack with printf %q
        opts = {m.group(1): " ".join(shlex.split(m.group(2))) for m in re.finditer(r"^(STACK_\w+)=(.*)$", f.read(), re.M)}
    results = {name: measure(name, base) for name, base in SERVICES}
    table = ["| service | stop -> ready | Quarkus \"started in\" | CPU to ready (main thread, JIT) | load avg | "
             "class-data archive | RSS at ready | idle RSS (10 s) |", "|---|---:|---:|---:|---:|---|---:|---:|"]
    for name, _ in SERVICES:
        r = results[name]
        table.append("| %s | %.2f s | %s s | %.1f s (%.1f, %.1f) | %.1f | %s | %.0f MB | %.0f MB |" % (
            name, r["ready_s"], r["quarkus_started_in_s"], r["cpu_at_ready_s"], r["main_thread_cpu_s"], r["jit_cpu_s"],
            r["load1_at_start"], r["cds_archive"], r["rss_at_ready_mb"], r["idle_rss_mb"]))
    total_rss = sum(r["idle_rss_mb"] for r in results.values())
    slowest = max(r["ready_s"] for r in results.values())
    ratio = min(GOAL_READY_S / slowest, GOAL_RSS_MB / total_rss)
    measurements = {"summary_measured": "ready in %.1f-%.1f s (CPU %.1f-%.1f s); idle RSS %.0f MB in all" % (
        min(r["ready_s"] for r in results.values()), slowest, min(r["cpu_at_ready_s"] for r in results.values()),
        max(r["cpu_at_ready_s"] for r in results.values()), total_rss),
        "summary_ceiling": "-", "idle_s": IDLE_S, "services": results, "total_idle_rss_mb": round(total_rss, 1),
        "java_opts": opts.get("STACK_JAVA_OPTS", "-Xmx256m"), "cds": opts.get("STACK_CDS", "0"),
        "load1_end": round(os.getloadavg()[0], 1), "scenario_seconds": round(time.time() - started, 1)}
    md = ["### 6. Start-up time and idle RSS (`bench/run startup`)", "", *table, "",
          "Goal (issue 17, goal 6): each service ready within %.0f s and the four idle RSS <= %.0f MB together; "
          "ratio = the worse of %.0f s / slowest ready and %.0f MB / total (>= 1 meets it). "
          "Each service in turn: `deploy/stack stop NAME`, then `deploy/stack start NAME`; " % (
              GOAL_READY_S, GOAL_RSS_MB, GOAL_READY_S, GOAL_RSS_MB) +
          "\"stop -> ready\" runs from the start command to the first `GET /q/health/ready` = 200 (polled every 20 ms; "
          "it includes the JVM launch and the database and Kafka readiness checks), \"started in\" is Quarkus' own "
          "figure from the log. CPU is utime + stime of the JVM until ready (/proc/<pid>/stat): all threads, the main "
          "thread (which does the start) and the JIT compiler threads; it moves far less with the machine's load "
          "(load average at each start in the table, %.1f at the end) than the wall-clock figures. RSS is VmRSS from "
          "/proc/<pid>/status, at ready and after %.0f s idle. JVM options `%s` (fast-jar, JVM mode); class-data "
          "archive: `STACK_CDS=%s` (deploy/stack records one per build at the first stop and maps it at the next "
          "start; docs/local-stack.md)." % (measurements["load1_end"], IDLE_S, measurements["java_opts"],
                                            measurements["cds"])]
    write_result(NAME, "Start-up time and idle RSS",
                 "ready <= %.0f s per service, idle RSS <= %.0f MB together" % (GOAL_READY_S, GOAL_RSS_MB),
                 ratio, ratio >= 1, measurements, "\n".join(md))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Profile the single-submission path on a running bench stack: wrk warm-up, then wrk for DUR s at C connections with
async-profiler (itimer, 2 ms) attached to the four JVMs; prints CPU ms per 2xx by process and writes collapsed stacks.
usage: profile_submissions.py LABEL [C] [WARM] [DUR]
On a stack left up by `BENCH_KEEP_STACK=1 bench/run gateway-single`, with bench/run's environment exported and
BENCH_ROWS=bench/out/gateway-single.rows; NOPROF=1 measures the CPU table without the profiler. Summarise the
collapsed stacks with bench/tools/collapsed_top.py (issue 17, bench/ANALYSIS.md)."""
import os, subprocess, sys, time, json
sys.path.insert(0, os.path.join(os.environ["BENCH_REPO"], "bench", "lib"))
from benchlib import cpu_snapshot, cpu_per_unit, wrk, GATEWAY, TOOLS, _pid
label = sys.argv[1]; c = int(sys.argv[2]) if len(sys.argv) > 2 else 16
warm = int(sys.argv[3]) if len(sys.argv) > 3 else 40; dur = int(sys.argv[4]) if len(sys.argv) > 4 else 30
outdir = os.path.join(os.environ.get("BENCH_OUT", "/tmp"), "prof-" + label); os.makedirs(outdir, exist_ok=True)
lib = os.environ.get("ASYNC_PROFILER_LIB", "/tmp/perf/ap/linux-x64/libasyncProfiler.so")  # from tools.profiler:async-profiler:3.0:jar:linux-x64
lua = os.path.join(TOOLS, "submissions.lua")
env = {"BENCH_ROWS": os.environ["BENCH_ROWS"], "BENCH_RUN": label + str(int(time.time()))}
r = wrk(GATEWAY, lua, 8, warm, env=env); print("warm-up", r.get("requests"), "requests", flush=True)
svcs = ["gateway", "units-service", "targets-service", "reports-service"]
pids = {s: _pid(s) for s in svcs}
prof = os.environ.get("NOPROF") != "1"
for s, p in (pids.items() if prof else []):
    subprocess.run(["jcmd", str(p), "JVMTI.agent_load", lib, '"start,event=itimer,interval=2ms"'], capture_output=True)
b = cpu_snapshot()
r = wrk(GATEWAY, lua, c, dur, env=env)
a = cpu_snapshot()
for s, p in (pids.items() if prof else []):
    subprocess.run(["jcmd", str(p), "JVMTI.agent_load", lib, '"stop,file=%s/%s.collapsed,collapsed"' % (outdir, s)], capture_output=True)
print(json.dumps(r)[:600])
n2xx = sum(v for k, v in r.get("statuses", {}).items() if str(k).startswith("2"))
cpu = cpu_per_unit(b, a, n2xx)
print("2xx", n2xx, "rate %.1f/s" % (n2xx / dur), "CPU ms per 2xx", cpu)
json.dump({"wrk": r, "cpu": cpu, "n2xx": n2xx}, open(outdir + "/result.json", "w"), indent=1)

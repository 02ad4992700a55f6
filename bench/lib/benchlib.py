"""What the bench scenarios share: the environment bench/run exports, HTTP and psql (deploy/checks/checklib),
units and REPORTER keys made for the benchmark, wrk runs, and the result files of the bench contract."""
import json
import os
import subprocess
import sys
import threading
import time

REPO = os.environ.get("BENCH_REPO") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "deploy", "checks"))
from checklib import http, psql  # noqa: E402  (the stack checks' own helpers; they honour STACK_PG_*)

OUT = os.environ.get("BENCH_OUT", os.path.join(REPO, "bench", "out"))
STACK_DIR = os.environ.get("STACK_DIR", os.path.join(REPO, ".bench-stack"))
SCALE = float(os.environ.get("BENCH_SCALE", "1.0"))
GATEWAY = os.environ.get("BENCH_GATEWAY_URL", "http://127.0.0.1:18080")
UNITS = os.environ.get("BENCH_UNITS_URL", "http://127.0.0.1:18081")
TARGETS = os.environ.get("BENCH_TARGETS_URL", "http://127.0.0.1:18082")
REPORTS = os.environ.get("BENCH_REPORTS_URL", "http://127.0.0.1:18083")
PG = dict(host=os.environ.get("BENCH_PG_HOST", "127.0.0.1"), port=os.environ.get("BENCH_PG_PORT", "15432"),
          user=os.environ.get("BENCH_PG_USER", "postgres"), password=os.environ.get("BENCH_PG_PASSWORD", "postgres"))
TOOLS = os.path.join(REPO, "bench", "tools")

# Targets a county may report for: SUM / RATIO targets whose contributing units are the cities (roll-up),
# yearly, 2021-2025 plan horizon (checked by reports-service exactly as for any reporter).
SUM_TARGET = "OL25-PUBLIC-MEASUREMENT-STANDARDS"
RATIO_TARGET = "OL25-FOOD-SAMPLING-PASS-RATE"
TARGET_CODES = [SUM_TARGET, RATIO_TARGET]
PERIODS = ["2021", "2022", "2023", "2024", "2025"]
CITIES = ["FJ-FUZHOU", "FJ-XIAMEN", "FJ-QUANZHOU", "FJ-ZHANGZHOU", "FJ-PUTIAN", "FJ-SANMING", "FJ-NANPING",
          "FJ-LONGYAN", "FJ-NINGDE"]
UNIT_PREFIX = "BENCH-U"


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S", time.gmtime()), msg), flush=True)


def scaled(seconds, minimum=2.0):
    """A duration (or count) scaled by BENCH_SCALE, never below minimum."""
    return max(minimum, seconds * SCALE)


def listening(port):
    """A socket LISTENs on the port (from /proc/net/tcp and tcp6, where Java's sockets are, without connecting)."""
    hexport = ":%04X" % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    cols = line.split()
                    if cols[1].endswith(hexport) and cols[3] == "0A":
                        return True
        except OSError:
            pass
    return False


def admin_key():
    key = os.environ.get("BENCH_ADMIN_KEY")
    if not key:
        with open(os.path.join(STACK_DIR, "admin-api-key")) as f:
            key = f.read().strip()
    return key


def parallel(items, fn, threads=8):
    """fn(item) for every item on a few threads; the results in order."""
    results = [None] * len(items)
    lock = threading.Lock()
    queue = list(enumerate(items))

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                i, item = queue.pop()
            results[i] = fn(item)
    ts = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return results


def http_retrying(method, url, key=None, body=None, window_s=30):
    """http() that repeats the request on no answer, 502, 503 or 504 for up to window_s, as the README asks of
    departmental systems (an overloaded machine makes the gateway answer 502 when a service is slow to accept)."""
    deadline = time.time() + window_s
    delay = 0.2
    while True:
        status, body_out, headers = http(method, url, key, body)
        if status not in (0, 502, 503, 504) or time.time() >= deadline:
            return status, body_out, headers
        time.sleep(delay)
        delay = min(2.0, delay * 2)


def unit_code(i, prefix=UNIT_PREFIX):
    return "%s%04d" % (prefix, i)


def ensure_units(count, prefix=UNIT_PREFIX):
    """Counties <prefix>0000.. under the cities (active since 2020), known to reports-service; returns their codes."""
    admin = admin_key()
    codes = [unit_code(i, prefix) for i in range(count)]

    def create(i_code):
        i, code = i_code
        status, body, _ = http_retrying("POST", GATEWAY + "/api/v1/units", admin, {
            "code": code, "nameZh": "基准测试区%04d" % i, "nameEn": "Benchmark county %d" % i, "type": "COUNTY",
            "parentCode": CITIES[i % len(CITIES)], "activeFrom": "2020-01-01"})
        if status not in (201, 409):
            raise RuntimeError("creating unit %s: %s %s" % (code, status, body))
    missing = set(codes) - {r[0] for r in psql("units", "SELECT code FROM unit WHERE code LIKE '%s%%'" % prefix)}
    if missing:
        log("registering %d benchmark counties through the gateway" % len(missing))
        parallel([(i, c) for i, c in enumerate(codes) if c in missing], create)
    deadline = time.time() + 120
    while time.time() < deadline:
        known = int(psql("reports", "SELECT count(*) FROM unit_copy WHERE code IN (%s)"
                         % ",".join("'%s'" % c for c in codes))[0][0])
        if known == len(codes):
            return codes
        time.sleep(0.5)
    raise RuntimeError("reports-service does not know the %d benchmark units after 120 s" % len(codes))


def reporter_keys(codes, label="bench"):
    """{unit code: REPORTER key}; minted once through the gateway and kept in $STACK_DIR/bench-keys.json."""
    path = os.path.join(STACK_DIR, "bench-keys.json")
    keys = {}
    if os.path.exists(path):
        with open(path) as f:
            keys = json.load(f)
        # the database may have been reset since: one probe decides whether the stored keys still exist
        sample = next((keys[c] for c in codes if c in keys), None)
        if sample and http("GET", GATEWAY + "/api/v1/units/FJ", sample)[0] != 200:
            keys = {}
    admin = admin_key()

    def mint(code):
        status, issued, _ = http_retrying("POST", GATEWAY + "/api/v1/units/%s/api-keys" % code, admin, {"label": label})
        if status != 201:
            raise RuntimeError("minting a key for %s: %s %s" % (code, status, issued))
        return issued["apiKey"]
    missing = [c for c in codes if c not in keys]
    if missing:
        log("minting %d REPORTER keys through the gateway" % len(missing))
        for code, key in zip(missing, parallel(missing, mint)):
            keys[code] = key
        old = os.umask(0o077)
        try:
            with open(path, "w") as f:
                json.dump(keys, f)
        finally:
            os.umask(old)
    return {c: keys[c] for c in codes}


def warm_keys(keys):
    """One authenticated GET per key, so the gateway's key cache is warm before anything is timed."""
    parallel(list(keys.values()), lambda k: http("GET", GATEWAY + "/api/v1/units/FJ", k), threads=8)


def wrk(url, lua, connections, seconds, threads=2, env=None, timeout_s=5):
    """Runs wrk with a Lua script whose done() prints one JSON line; returns that dict."""
    threads = min(threads, connections)
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", "%ds" % max(1, round(seconds)),
           "--timeout", "%ds" % timeout_s, "-s", lua, url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, BENCH_WRK_THREADS=str(threads), BENCH_TOOLS=TOOLS, **(env or {})),
                         timeout=seconds + 60)
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("wrk printed no result (rc %d): %s %s" % (out.returncode, out.stdout[-500:], out.stderr[-500:]))


def write_result(name, title, goal, ratio, met, measurements, md):
    """$BENCH_OUT/<name>.json and .md, as the bench contract says."""
    os.makedirs(OUT, exist_ok=True)
    doc = {"scenario": name, "title": title, "command": "bench/run %s" % name, "goal": goal,
           "ratio": None if ratio is None else round(ratio, 4), "met": met, "measurements": measurements}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    # hand-written profile findings kept beside the scenario (docs/benchmarks.md, "Profiling") close its section
    notes = os.path.join(REPO, "bench", "scenarios", name + ".profile.md")
    if os.path.exists(notes):
        with open(notes) as f:
            md = md.rstrip() + "\n\n" + f.read().strip()
    with open(os.path.join(OUT, name + ".md"), "w") as f:
        f.write(md.rstrip() + "\n")
    log("wrote %s.json and %s.md: ratio %s, met %s" % (name, name, doc["ratio"], met))


def ms(us):
    return None if us is None else round(us / 1000.0, 2)


CPU_COMPONENTS = ("gateway", "units-service", "reports-service", "targets-service", "kafka", "postgres")


def stat_cpu_s(path, children=False):
    """utime+stime in seconds from a /proc stat file (a process's, or one thread's under task/), with cutime+cstime
    (its waited-for children) when asked."""
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid, children=False):
    """utime+stime of a process in seconds (0 when it is gone)."""
    try:
        return stat_cpu_s("/proc/%d/stat" % pid, children)
    except (OSError, ValueError):
        return 0.0


def _pid(name):
    try:
        with open(os.path.join(STACK_DIR, "run", name + ".pid")) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def cpu_snapshot():
    """CPU seconds used so far, by component of the stack, by this script's finished children (wrk, pgbench) and by the
    whole machine (busy time from /proc/stat). PostgreSQL is the postmaster with its waited-for children plus every live
    backend, so backends that exit between two snapshots (pgbench's connections) are still counted once."""
    import resource
    snap = {name: _proc_cpu(_pid(name)) for name in CPU_COMPONENTS if name != "postgres"}
    postmaster = 0
    try:
        with open(os.path.join(STACK_DIR, "pgdata", "postmaster.pid")) as f:
            postmaster = int(f.readline().strip())
    except (OSError, ValueError):
        pass
    pg = _proc_cpu(postmaster, children=True) if postmaster else 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != postmaster:
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            if "(postgres)" in stat and stat.rsplit(")", 1)[1].split()[1] == str(postmaster):
                pg += _proc_cpu(int(entry))
    snap["postgres"] = pg
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    snap["load tool"] = usage.ru_utime + usage.ru_stime
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    snap["_machine_busy"] = (sum(cpu) - cpu[3] - cpu[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    snap["_wall"] = time.time()
    return snap


def cpu_per_unit(before, after, units):
    """CPU milliseconds per unit of work (request, transaction) by component, between two snapshots; plus the
    machine's busy share of its cores over the interval."""
    if not units:
        return {}
    out = {k: round((after[k] - before[k]) * 1000.0 / units, 3) for k in after if not k.startswith("_")}
    out = {k: v for k, v in out.items() if v > 0}
    out["total"] = round(sum(out.values()), 3)
    wall = after["_wall"] - before["_wall"]
    out["machine_busy_share"] = round((after["_machine_busy"] - before["_machine_busy"]) / (wall * (os.cpu_count() or 1)), 3)
    return out

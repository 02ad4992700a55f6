"""What every stack check shares: the stack's addresses (honouring the STACK_* variables), the admin key,
HTTP calls, checks with a failure list, bounded waits, psql and the stack's Kafka tools."""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

PORT = lambda var, default: os.environ.get(var, default)  # noqa: E731
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STACK_DIR = os.environ.get("STACK_DIR", os.path.join(REPO, ".stack"))
PG = dict(host=os.environ.get("STACK_PG_HOST") or "127.0.0.1", port=PORT("STACK_PG_PORT", "5432"),
          user=PORT("STACK_PG_USER", "postgres"), password=PORT("STACK_PG_PASSWORD", "postgres"))
KAFKA = "127.0.0.1:%s" % PORT("STACK_KAFKA_PORT", "9092")

failures = []


def check(condition, what):
    print(("  ok    " if condition else "  FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def http(method, url, key=None, body=None, timeout=30, headers=None):
    """(status, parsed body, headers); status 0 when no answer came (connection refused, timeout)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    if key:
        request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            ctype = response.headers.get("Content-Type", "")
            return response.status, (json.loads(raw) if raw and "json" in ctype else raw), response.headers
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw), e.headers
        except ValueError:
            return e.code, raw, e.headers
    except (urllib.error.URLError, OSError) as e:
        return 0, "%s: %s" % (type(e).__name__, e), {}


def wait_until(what, probe, seconds=60, interval=0.5):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if probe():
                return True
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
        time.sleep(interval)
    return check(False, what + " (waited %ss)" % seconds)


def admin_key():
    key = os.environ.get("ADMIN_API_KEY")
    if not key:
        with open(os.path.join(STACK_DIR, "admin-api-key")) as f:
            key = f.read().strip()
    return key


def psql(db, sql):
    """Rows of a query (tab-separated fields) with the psql the stack uses."""
    env = dict(os.environ, PGPASSWORD=PG["password"], PGCONNECT_TIMEOUT="5")
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG["host"], "-p", str(PG["port"]),
                          "-U", PG["user"], "-d", db, "-tA", "-F", "\t", "-c", sql],
                         env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError("psql %s failed: %s" % (db, out.stderr.strip()))
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def kafka_tool(*args, timeout=90):
    """Runs a Kafka tool class from the jars the stack downloaded."""
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    cmd = [java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
           "-Dlog4j2.configurationFile=" + os.path.join(STACK_DIR, "kafka", "tools-log4j2.properties"),
           "-cp", os.path.join(STACK_DIR, "kafka-libs", "*")] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)

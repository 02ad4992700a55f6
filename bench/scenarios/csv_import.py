"""Scenario csv-import (issue #8, benchmark 2): a bulk CSV import of 1,000,000 values (x BENCH_SCALE)
through the gateway, against COPY ... FROM STDIN of the same rows into a scratch copy of the table
every imported value ends up in (measurement_revision).

1. Reads the catalog and units reports-service holds (target_copy, unit_copy: the targets-service catalog
   and units-service seed as consumed from their events) and lists every (target, unit, period) an ADMIN
   may report: lead/contributing units (and descendants of contributing units for SUM/RATIO targets), the
   target's frequency, years of the plan horizon, periods already ended (Asia/Shanghai), unit active.
2. Writes a CSV (target,unit,period,value) of N rows cycling through those tuples in a shuffled order,
   values within the target's bounds and different on every row (so none is 'ignored').
3. POSTs it as one streamed upload (curl -T, Content-Type text/csv) to /api/v1/imports through the gateway
   with the admin key; the import answers when every chunk is committed, so curl's total time (first byte
   sent .. summary received) is the import time.
4. Checks: summary counts, exactly N measurement_revision rows with the import's id, each stored revision exactly
   once in the import's events (an item of a MeasurementsRecorded, one per target of a chunk, or a MeasurementRecorded;
   matched by measurementId and revision).
5. Waits until the outbox is drained and targets-service has consumed the events (quiet machine), dumps the
   import's revision rows, and times psql's \\copy (COPY FROM STDIN, CSV) of them into
   bench_csv_copy (LIKE measurement_revision INCLUDING ALL, plus the same foreign key), best of two; then
   drops that scratch table. Nothing the service owns is deleted.
"""
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time

SCENARIO = "csv-import"
GOAL = 0.35
OUT = os.environ["BENCH_OUT"]
SCALE = float(os.environ.get("BENCH_SCALE", "1.0") or "1.0")
ROWS = max(1000, int(round(1_000_000 * SCALE)))
GATEWAY = os.environ.get("BENCH_GATEWAY_URL", "http://127.0.0.1:18080").rstrip("/")
PG = dict(host=os.environ.get("BENCH_PG_HOST", "127.0.0.1"), port=os.environ.get("BENCH_PG_PORT", "15432"),
          user=os.environ.get("BENCH_PG_USER", "postgres"), password=os.environ.get("BENCH_PG_PASSWORD", "postgres"))
GATEWAY_BODY_LIMIT = 64 * 1024 * 1024  # gateway's quarkus.http.limits.max-body-size
SCRATCH = "bench_csv_copy"
started_at = time.time()


def log(msg):
    print("[csv-import %5.0fs] %s" % (time.time() - started_at, msg), flush=True)


def psql(db, sql, timeout=900):
    env = dict(os.environ, PGPASSWORD=PG["password"], PGCONNECT_TIMEOUT="5")
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG["host"], "-p", str(PG["port"]),
                          "-U", PG["user"], "-d", db, "-tA", "-F", "\t", "-c", sql],
                         env=env, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError("psql %s failed: %s" % (db, out.stderr.strip()[:500]))
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def admin_key():
    key = os.environ.get("BENCH_ADMIN_KEY")
    if not key:
        with open(os.path.join(os.environ["STACK_DIR"], "admin-api-key")) as f:
            key = f.read().strip()
    return key


# ------------------------------------------------------------------ what may be reported

ELIGIBLE_SQL = """
WITH RECURSIVE anc(unit, ancestor) AS (
    SELECT code, parent_code FROM unit_copy WHERE parent_code IS NOT NULL
    UNION
    SELECT a.unit, u.parent_code FROM anc a JOIN unit_copy u ON u.code = a.ancestor WHERE u.parent_code IS NOT NULL)
SELECT t.code, u.code, t.reporting_frequency, t.plan_start_year, t.plan_end_year,
       coalesce(t.lower_bound::text, ''), coalesce(t.upper_bound::text, ''), u.active_from, coalesce(u.active_to::text, '')
FROM target_copy t JOIN unit_copy u
  ON u.code = ANY (t.lead_units) OR u.code = ANY (t.contributing_units)
  OR (t.aggregation IN ('SUM', 'RATIO')
      AND EXISTS (SELECT 1 FROM anc WHERE anc.unit = u.code AND anc.ancestor = ANY (t.contributing_units)))
WHERE NOT t.retired
ORDER BY 1, 2"""


def periods(freq, year):
    """(id, start, end) of every period of that frequency in the year."""
    d = datetime.date
    if freq == "YEAR":
        return [(str(year), d(year, 1, 1), d(year, 12, 31))]
    if freq == "HALF":
        return [("%dS1" % year, d(year, 1, 1), d(year, 6, 30)), ("%dS2" % year, d(year, 7, 1), d(year, 12, 31))]
    if freq == "QUARTER":
        out = []
        for q in range(4):
            start = d(year, 3 * q + 1, 1)
            end = d(year + 1, 1, 1) if q == 3 else d(year, 3 * q + 4, 1)
            out.append(("%dQ%d" % (year, q + 1), start, end - datetime.timedelta(days=1)))
        return out
    if freq == "MONTH":
        out = []
        for m in range(1, 13):
            end = d(year + 1, 1, 1) if m == 12 else d(year, m + 1, 1)
            out.append(("%d%02d" % (year, m), d(year, m, 1), end - datetime.timedelta(days=1)))
        return out
    return []


def eligible_tuples():
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()  # Asia/Shanghai
    tuples = []
    for target, unit, freq, first, last, lo, hi, active_from, active_to in psql("reports", ELIGIBLE_SQL):
        a_from = datetime.date.fromisoformat(active_from)
        a_to = datetime.date.fromisoformat(active_to) if active_to else None
        for year in range(int(first), int(last) + 1):
            for pid, start, end in periods(freq, year):
                if end >= today or a_from > end or (a_to is not None and a_to < start):
                    continue
                tuples.append((target, unit, pid, lo, hi))
    return tuples


def write_csv(path, tuples, rows, rng):
    """Rows cycle through the shuffled tuples: a department pushing every value it holds, repeatedly revised."""
    rng.shuffle(tuples)
    # Values already stored (earlier runs): a tuple's first row must differ, or the import rightly ignores it.
    stored = {(t, u, p): float(v) for t, u, p, v in psql("reports", "SELECT target_code, unit_code, period, value FROM measurement")}
    bases = []
    for target, unit, period, lo, hi in tuples:
        low = float(lo) if lo else 0.0
        high = float(hi) if hi else low + 1000.0
        base = round(low + (high - low) * rng.uniform(0.4, 0.8), 2)
        if abs(base - stored.get((target, unit, period), base + 1)) < 0.005:
            base = round(base + 0.5 if base + 0.5 <= high else base - 0.5, 2)
        bases.append((low, high, base))
    n = len(tuples)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("target,unit,period,value\r\n")
        buf = []
        for i in range(rows):
            t = tuples[i % n]
            low, high, base = bases[i % n]
            # A new value on every row: the k-th revision of a tuple differs from the (k-1)-th, so none is 'ignored'.
            value = base + (i // n % 50) * 0.01
            if value > high:  # mirror below the base instead of clipping (clipped values would repeat)
                value = base - (i // n % 50) * 0.01
            buf.append("%s,%s,%s,%.2f\r\n" % (t[0], t[1], t[2], value))
            if len(buf) == 10000:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))


# ------------------------------------------------------------------ import

def import_csv(path, key, workdir, max_seconds):
    headers = os.path.join(workdir, "headers")
    with open(os.open(headers, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        # no "Expect: 100-continue": the body is sent at once, as a streaming client would
        f.write("Authorization: Bearer %s\nContent-Type: text/csv\nExpect:\n" % key)
    body = os.path.join(workdir, "response.json")
    cmd = ["curl", "-sS", "-X", "POST", "-H", "@" + headers, "-T", path, "-o", body, "--max-time", str(max_seconds),
           "-w", "%{http_code} %{time_pretransfer} %{time_total} %{size_upload}", GATEWAY + "/api/v1/imports"]
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=max_seconds + 30)
    wall = time.monotonic() - t0
    if out.returncode != 0:
        raise RuntimeError("curl failed (rc %d): %s" % (out.returncode, out.stderr.strip()))
    code, pretransfer, total, uploaded = out.stdout.split()
    with open(body, "rb") as f:
        raw = f.read()
    try:
        summary = json.loads(raw)
    except ValueError:
        summary = {"raw": raw[:500].decode("utf-8", "replace")}
    return int(code), float(total) - float(pretransfer), wall, int(float(uploaded)), summary


def wait_quiet(max_seconds):
    """Until reports' outbox is drained and targets-service stopped consuming (so COPY runs on a quiet machine)."""
    deadline = time.time() + max_seconds
    drained = None
    while time.time() < deadline:
        if int(psql("reports", "SELECT count(*) FROM outbox_event WHERE published_at IS NULL")[0][0]) == 0:
            drained = time.time()
            break
        time.sleep(1)
    last, stable = None, 0
    while time.time() < deadline and stable < 3:
        n = psql("targets", "SELECT count(*) FROM processed_event")[0][0]
        stable = stable + 1 if n == last else 0
        last = n
        time.sleep(1)
    return drained, stable >= 3


def timed_copy(dump, rows):
    """Wall time of psql's \\copy (COPY ... FROM STDIN, CSV) into the scratch table, best of two."""
    env = dict(os.environ, PGPASSWORD=PG["password"])
    best = None
    for attempt in range(2):
        psql("reports", "TRUNCATE %s" % SCRATCH)
        psql("reports", "CHECKPOINT")
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"],
               "-d", "reports", "-c", "\\copy %s FROM '%s' WITH (FORMAT csv)" % (SCRATCH, dump)]
        t0 = time.monotonic()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        seconds = time.monotonic() - t0
        if out.returncode != 0:
            raise RuntimeError("COPY failed: %s" % out.stderr.strip()[:500])
        n = int(psql("reports", "SELECT count(*) FROM %s" % SCRATCH)[0][0])
        if n != rows:
            raise RuntimeError("COPY stored %d rows, expected %d" % (n, rows))
        log("COPY attempt %d: %d rows in %.2f s" % (attempt + 1, rows, seconds))
        best = seconds if best is None else min(best, seconds)
    return best


def timed_outbox_copy(outbox_before, dump):
    cols = "id, event_id, topic, aggregate_code, event_type, envelope, occurred_at, published_at"
    scratch = SCRATCH + "_outbox"
    try:
        # published_at as the import writes it (NULL), whatever the relay did since
        psql("reports", "\\copy (SELECT %s, NULL FROM outbox_event WHERE id > %d "
                        "AND event_type IN ('MeasurementRecorded', 'MeasurementsRecorded')) "
                        "TO '%s' WITH (FORMAT csv)" % (cols.replace(", published_at", ""), outbox_before, dump))
        psql("reports", "DROP TABLE IF EXISTS %s; CREATE TABLE %s (LIKE outbox_event INCLUDING INDEXES INCLUDING CONSTRAINTS)"
             % (scratch, scratch))
        psql("reports", "CHECKPOINT")
        env = dict(os.environ, PGPASSWORD=PG["password"])
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"],
               "-d", "reports", "-c", "\\copy %s (%s) FROM '%s' WITH (FORMAT csv)" % (scratch, cols, dump)]
        t0 = time.monotonic()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        seconds = time.monotonic() - t0
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip()[:300])
        log("COPY of the import's outbox rows: %.2f s" % seconds)
        return seconds
    finally:
        psql("reports", "DROP TABLE IF EXISTS %s" % scratch)
        if os.path.exists(dump):
            os.remove(dump)


# ------------------------------------------------------------------ report

def write_result(met, ratio, measurements, lines, error=None):
    m = measurements
    result = {"scenario": SCENARIO, "title": "Bulk CSV import of %s values vs COPY" % format(ROWS, ","),
              "command": "bench/run %s" % SCENARIO, "goal": ">= 35% of COPY's rows/s (values/s of the import)",
              "ratio": None if ratio is None else round(ratio, 4), "met": met, "measurements": m}
    if error:
        result["error"] = error
    with open(os.path.join(OUT, SCENARIO + ".json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    def num(k, fmt="{:,.0f}"):
        return fmt.format(m[k]) if m.get(k) is not None else "-"

    md = ["### Bulk CSV import of %s values vs COPY (`bench/run %s`)" % (format(ROWS, ","), SCENARIO), ""]
    md += ["| | rows | seconds | rows/s |", "|---|---|---|---|",
           "| import through the gateway (`POST /api/v1/imports`, text/csv) | %s | %s | %s |"
           % (num("rows"), num("import_seconds", "{:.2f}"), num("import_values_per_s")),
           "| ceiling: `COPY` into a copy of `measurement_revision` (psql `\\copy`, CSV) | %s | %s | %s |"
           % (num("copy_rows"), num("copy_seconds", "{:.2f}"), num("copy_rows_per_s")), "",
           "Ratio **%s** (goal >= 35%%): **%s**." % ("-" if ratio is None else "%.1f%%" % (100 * ratio),
                                                      {True: "met", False: "not met", None: "not measured"}[met]), ""]
    if error:
        md += ["The run failed: %s" % error, ""]
    md += lines
    with open(os.path.join(OUT, SCENARIO + ".md"), "w") as f:
        f.write("\n".join(md).rstrip() + "\n")


def main():
    m = {"rows": ROWS, "bench_scale": SCALE}
    workdir = tempfile.mkdtemp(prefix="csv-import.", dir=OUT)
    csv_path = os.path.join(workdir, "import.csv")
    dump = os.path.join(workdir, "copy.csv")
    try:
        key = admin_key()
        tuples = eligible_tuples()
        if not tuples:
            raise RuntimeError("reports-service knows no reportable (target, unit, period): are targets.v1 and units.v1 consumed?")
        m["distinct_target_unit_period"] = len(tuples)
        m["targets"] = len({t[0] for t in tuples})
        m["units"] = len({t[1] for t in tuples})
        rng = random.Random(time.time_ns())
        write_csv(csv_path, tuples, ROWS, rng)
        m["csv_bytes"] = os.path.getsize(csv_path)
        log("CSV of %d rows over %d (target, unit, period) tuples: %.1f MB" % (ROWS, len(tuples), m["csv_bytes"] / 1e6))
        if m["csv_bytes"] > GATEWAY_BODY_LIMIT:
            raise RuntimeError("the CSV (%d bytes) exceeds the gateway's 64 MiB body limit" % m["csv_bytes"])
        outbox_before = int(psql("reports", "SELECT coalesce(max(id), 0) FROM outbox_event")[0][0])

        status, seconds, wall, uploaded, summary = import_csv(csv_path, key, workdir, max_seconds=1200)
        m["http_status"] = status
        m["import_seconds"] = round(seconds, 3)
        m["import_wall_seconds"] = round(wall, 3)
        m["uploaded_bytes"] = uploaded
        counts = summary.get("counts", {}) if isinstance(summary, dict) else {}
        log("import: HTTP %d in %.2f s: %s" % (status, seconds, json.dumps(counts) if counts else str(summary)[:300]))
        if status == 504:
            raise RuntimeError("the gateway gave up after gateway.services.reports.timeout (120 s by default) while the "
                               "import was still storing; bench/run must start the gateway with "
                               "-Dgateway.services.reports.timeout=1800S: %s" % json.dumps(summary)[:200])
        if status != 200 or not counts:
            raise RuntimeError("the import answered HTTP %d: %s" % (status, json.dumps(summary)[:400]))
        import_id = summary["importId"]
        m["import_values_per_s"] = round(ROWS / seconds, 1)
        m.update({"summary_" + k: v for k, v in counts.items()})
        m["summary_status"] = summary.get("status")

        stored = int(psql("reports", "SELECT count(*) FROM measurement_revision WHERE import_id = '%s'" % import_id)[0][0])
        # Every revision in the import's events: the items of MeasurementsRecorded (one per target of a chunk) or a
        # MeasurementRecorded's payload.
        outbox_rows, events, matched = psql("reports", """
            WITH o AS MATERIALIZED (
                     SELECT event_type, envelope::jsonb -> 'payload' AS payload FROM outbox_event
                     WHERE id > %d AND event_type IN ('MeasurementRecorded', 'MeasurementsRecorded')),
                 ev AS MATERIALIZED (
                     SELECT (item ->> 'measurementId')::uuid AS mid, (item ->> 'revision')::int AS rev
                     FROM o CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN o.event_type = 'MeasurementsRecorded'
                         THEN o.payload -> 'measurements' ELSE jsonb_build_array(o.payload) END) AS item),
                 r AS MATERIALIZED (SELECT measurement_id AS mid, revision AS rev FROM measurement_revision WHERE import_id = '%s')
            SELECT (SELECT count(*) FROM o), (SELECT count(*) FROM ev),
                   (SELECT count(*) FROM (SELECT mid, rev FROM ev INTERSECT SELECT mid, rev FROM r) both_sides)"""
             % (outbox_before, import_id))[0]
        m["stored_revisions"] = stored
        m["outbox_rows"] = int(outbox_rows)
        m["outbox_events"] = int(events)
        m["outbox_events_matching_revisions"] = int(matched)
        checks_ok = (stored == ROWS and int(events) == ROWS and int(matched) == ROWS
                     and counts.get("rejected") == 0 and counts.get("imported", 0) + counts.get("updated", 0) == ROWS)
        m["checks_ok"] = checks_ok
        log("stored %d revisions, %d values in %d outbox events (%d matching): %s"
            % (stored, int(events), int(outbox_rows), int(matched), "ok" if checks_ok else "MISMATCH"))

        if os.environ.get("BENCH_CSV_IMPORT_ONLY"):  # development: profile the import without the ceiling
            log("BENCH_CSV_IMPORT_ONLY: no COPY ceiling")
            write_result(None, None, m, ["Import only (BENCH_CSV_IMPORT_ONLY): no ceiling measured."])
            return 0
        t_quiet = time.time()
        drained, consumed = wait_quiet(120)
        m["outbox_drained_after_import_s"] = None if drained is None else round(drained - t_quiet, 1)
        m["targets_service_caught_up"] = consumed

        psql("reports", "\\copy (SELECT * FROM measurement_revision WHERE import_id = '%s') TO '%s' WITH (FORMAT csv)"
             % (import_id, dump))
        psql("reports", "DROP TABLE IF EXISTS %s; CREATE TABLE %s (LIKE measurement_revision INCLUDING ALL); "
                        "ALTER TABLE %s ADD FOREIGN KEY (measurement_id) REFERENCES measurement (id)" % (SCRATCH, SCRATCH, SCRATCH))
        try:
            copy_seconds = timed_copy(dump, stored)
        finally:
            psql("reports", "DROP TABLE IF EXISTS %s" % SCRATCH)
        m["copy_rows"] = stored
        m["copy_seconds"] = round(copy_seconds, 3)
        m["copy_rows_per_s"] = round(stored / copy_seconds, 1)
        # What stands in the way: the import also writes its outbox rows (JSON envelopes, one per target of a chunk). COPY of the
        # import's own outbox rows (with their ids, so no sequence is touched) into a scratch copy of outbox_event.
        try:
            m["copy_outbox_seconds"] = round(timed_outbox_copy(outbox_before, os.path.join(workdir, "outbox.csv")), 3)
        except Exception as e:  # noqa: BLE001 - informative only
            log("outbox COPY not measured: %s" % e)
        ratio = m["import_values_per_s"] / m["copy_rows_per_s"]
        met = bool(ratio >= GOAL and checks_ok)
        lines = [
            "The CSV (%s rows, %.1f MB, `target,unit,period,value`) cycles through all %s (target, unit, period) tuples an "
            "ADMIN may report (%d catalog targets x %d seed units, the targets' frequencies and plan years, ended periods, "
            "active units), so each tuple gets about %d revisions, spread over the file."
            % (format(ROWS, ","), m["csv_bytes"] / 1e6, format(len(tuples), ","), m["targets"], m["units"], ROWS // len(tuples)),
            "Import time: curl's upload of the file to the gateway (streamed, Content-Length) until the import's summary "
            "arrives; the import is synchronous (the summary comes after the last chunk commits). Each value is one "
            "measurement_revision row, one measurement upsert and an item of its chunk's MeasurementsRecorded event for "
            "its target (%s outbox rows for the import)." % format(m["outbox_rows"], ","),
            "Ceiling: the import's own %s revision rows, dumped and loaded with psql `\\copy ... FROM` (COPY FROM STDIN, CSV) "
            "into `%s (LIKE measurement_revision INCLUDING ALL)` plus the same foreign key to measurement (LIKE copies "
            "neither the FK nor data), best of two, after the outbox was drained, on the same PostgreSQL; then dropped."
            % (format(ROWS, ","), SCRATCH),
            "Checked: %s revisions with the import's id, %s values in the import's events, %s of them matching a revision "
            "(measurementId, revision): %s. Summary: status %s, %s imported, %s updated, %s rejected."
            % (format(stored, ","), format(int(events), ","), format(int(matched), ","), "ok" if checks_ok else "MISMATCH",
               m.get("summary_status"), m.get("summary_imported"), m.get("summary_updated"), m.get("summary_rejected")),
        ]
        extra = os.environ.get("BENCH_CSV_NOTES")
        if extra and os.path.exists(extra):
            with open(extra) as f:
                lines.append(f.read().strip())
        if m.get("copy_outbox_seconds"):
            floor = m["copy_seconds"] + m["copy_outbox_seconds"]
            m["copy_revisions_plus_outbox_rows_per_s"] = round(stored / floor, 1)
            lines.append("What the database alone needs: COPY of the import's %s outbox rows (JSON envelopes, into a scratch "
                         "copy of outbox_event with its indexes) takes %.2f s, so loading just the revisions and their events "
                         "by COPY reaches %.0f values/s = %.0f%% of the single-table ceiling, before the measurement upserts, "
                         "validation, parsing and the gateway." % (format(m["outbox_rows"], ","), m["copy_outbox_seconds"],
                                                                   stored / floor, 100 * m["copy_seconds"] / floor))
        if not met:
            lines.append("Not met: the import reaches %.0f values/s against COPY's %.0f rows/s; it writes two rows per value "
                         "(revision, measurement) and its share of an outbox event with its JSON envelope where COPY writes one."
                         % (m["import_values_per_s"], m["copy_rows_per_s"]))
        write_result(met, ratio, m, lines)
        log("import %.0f values/s, COPY %.0f rows/s, ratio %.1f%% (goal 35%%): %s"
            % (m["import_values_per_s"], m["copy_rows_per_s"], 100 * ratio, "met" if met else "NOT met"))
        return 0
    except Exception as e:  # noqa: BLE001 - any failure is reported as a broken run with met=null
        log("FAILED: %s" % e)
        write_result(None, None, m, [], error=str(e))
        return 1
    finally:
        for p in (csv_path, dump, os.path.join(workdir, "headers"), os.path.join(workdir, "response.json")):
            if os.path.exists(p):
                os.remove(p)
        try:
            os.rmdir(workdir)
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(main())

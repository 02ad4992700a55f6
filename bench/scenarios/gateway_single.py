#!/usr/bin/env python3
"""Scenario 1, gateway-single: single measurement submissions through the gateway vs pgbench doing the same writes.

Load: wrk (bench/tools/submissions.lua), keep-alive, 8/16/32/64 connections, POST /api/v1/measurements with the
REPORTER keys of BENCH_UNITS counties, over units x 2 targets x 5 periods rows (each request a new revision of the
next row, so no row is hot). Ceiling: pgbench -M prepared -j 2 at the same client counts, one transaction = what
SubmissionProcessor writes per accepted submission (UPDATE measurement, INSERT measurement_revision, INSERT
outbox_event with an envelope as long as the service's own) into the same reports tables on the same PostgreSQL;
its rows are removed afterwards. Ratio = best gateway req/s at a level with p99 <= 25 ms / best pgbench tx/s.
"""
import base64
import os
import re
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import (GATEWAY, OUT, PERIODS, PG, RATIO_TARGET, SCALE, TARGET_CODES, TOOLS, cpu_per_unit, cpu_snapshot,  # noqa: E402
                      ensure_units, log, ms, psql, reporter_keys, scaled, warm_keys, write_result, wrk)

NAME = "gateway-single"
LEVELS = [8, 16, 32, 64]
P99_LIMIT_MS = 25.0
GOAL_RATIO = 0.40
UNITS_N = int(max(20, 200 * SCALE))
DURATION = scaled(15, 3)       # seconds per level and tool
WARMUP = scaled(60, 3)       # the JVMs were just (re)started: let the JIT compile the hot paths first
PGB_PREFIX = "PGB-"            # pgbench's own rows: target codes that no real target has


def rows_file(keys):
    path = os.path.join(OUT, "gateway-single.rows")
    with open(path, "w") as f:
        for period in PERIODS:
            for target in TARGET_CODES:
                for unit, key in keys.items():
                    f.write("%s\t%s\t%s\t%s\t%s\n" % (key, unit, target, period, "RATIO" if target == RATIO_TARGET else "SUM"))
    return path


def envelope_template():
    """The newest real MeasurementRecorded envelope (so pgbench writes rows as long as the service's)."""
    rows = psql("reports", "SELECT envelope FROM outbox_event WHERE topic = 'measurements.v1' "
                           "AND aggregate_code NOT LIKE '%s%%' ORDER BY id DESC LIMIT 1" % PGB_PREFIX)
    return rows[0][0] if rows else '{"eventId":"%s","payload":{}}' % uuid.uuid4() + " " * 450


def pgbench_setup(nrows):
    psql("reports", """
        DELETE FROM measurement_revision WHERE measurement_id IN (SELECT id FROM measurement WHERE target_code LIKE '{p}%');
        DELETE FROM measurement WHERE target_code LIKE '{p}%';
        DELETE FROM outbox_event WHERE aggregate_code LIKE '{p}%';
        INSERT INTO measurement (id, target_code, unit_code, place_code, period, frequency, period_start, period_end, revision,
            value, comment, status, first_submitted_at, submitted_at, submitted_by_key)
        SELECT md5('pgb-' || k)::uuid, '{p}T' || (k % 2), '{p}U' || (k / 10), '{p}U' || (k / 10), (2021 + k % 5)::text, 'YEAR',
            make_date(2021 + k % 5, 1, 1), make_date(2021 + k % 5, 12, 31), 1, 100, 'pgbench', 'SUBMITTED', now(), now(),
            'pgbenchkey00'
        FROM generate_series(0, {n} - 1) k;
        ANALYZE measurement;""".format(p=PGB_PREFIX, n=nrows))


def pgbench_script(nrows, envelope):
    # The envelope goes in base64 (no ':' for pgbench to take for a variable); decoding it is a few microseconds.
    b64 = base64.b64encode(envelope.encode("utf-8")).decode("ascii")
    script = """\\set k random(0, {last})
\\set v random(1, 100000)
BEGIN;
UPDATE measurement SET revision = revision + 1, value = :v, numerator = NULL, denominator = NULL, comment = 'pgbench ' || :v,
    status = 'SUBMITTED', follow_up = false, z_score = NULL, submitted_at = now(), submitted_by_key = 'pgbenchkey00',
    on_behalf = false WHERE id = md5('pgb-' || :k)::uuid RETURNING revision AS rev \\gset
INSERT INTO measurement_revision (measurement_id, revision, value, numerator, denominator, comment, previous_value,
    follow_up, z_score, submitted_at, submitted_by_key, on_behalf, import_id)
    VALUES (md5('pgb-' || :k)::uuid, :rev, :v, NULL, NULL, 'pgbench ' || :v, 100, false, NULL, now(), 'pgbenchkey00', false, NULL);
INSERT INTO outbox_event (event_id, topic, aggregate_code, event_type, envelope, occurred_at, published_at)
    VALUES (gen_random_uuid(), 'measurements.v1', '{p}T', 'MeasurementRecorded',
            convert_from(decode('{b64}', 'base64'), 'UTF8'), now(), now());
END;
""".format(last=nrows - 1, p=PGB_PREFIX, b64=b64)
    path = os.path.join(OUT, "gateway-single.pgbench.sql")
    with open(path, "w") as f:
        f.write(script)
    return path


def pgbench(script, clients, seconds):
    env = dict(os.environ, PGPASSWORD=PG["password"])
    cmd = ["pgbench", "-n", "-M", "prepared", "-j", "2", "-c", str(clients), "-T", str(max(1, round(seconds))),
           "-f", script, "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"], "reports"]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 120)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    if not tps:
        raise RuntimeError("pgbench failed (rc %d): %s %s" % (out.returncode, out.stdout[-400:], out.stderr[-400:]))
    return {"tps": float(tps.group(1)), "latency_avg_ms": float(lat.group(1)) if lat else None,
            "failed": int(failed.group(1)) if failed else 0}


STAT_TABLES = ("unit_copy", "target_copy", "measurement", "measurement_revision", "outbox_event", "idempotency_record")


def table_stats():
    """Index scans, sequential scans and row writes per reports table, and the database's commits."""
    rows = psql("reports", "SELECT relname, coalesce(idx_scan, 0), seq_scan, n_tup_ins + n_tup_upd + n_tup_del "
                           "FROM pg_stat_user_tables WHERE relname IN (%s)" % ",".join("'%s'" % t for t in STAT_TABLES))
    stats = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
    stats["_commits"] = int(psql("reports", "SELECT xact_commit FROM pg_stat_database WHERE datname = 'reports'")[0][0])
    return stats


def per_submission(before, after, accepted):
    """What the database did per accepted submission while only the gateway load ran (relay included)."""
    if not accepted:
        return {}
    out = {"commits": round((after["_commits"] - before["_commits"]) / accepted, 2)}
    for t in STAT_TABLES:
        if t in before and t in after:
            out[t] = {"index_scans": round((after[t][0] - before[t][0]) / accepted, 2),
                      "seq_scans": round((after[t][1] - before[t][1]) / accepted, 2),
                      "rows_written": round((after[t][2] - before[t][2]) / accepted, 2)}
    return out


def pgbench_cleanup():
    psql("reports", """
        DELETE FROM measurement_revision WHERE measurement_id IN (SELECT id FROM measurement WHERE target_code LIKE '{p}%');
        DELETE FROM measurement WHERE target_code LIKE '{p}%';
        DELETE FROM outbox_event WHERE aggregate_code LIKE '{p}%';""".format(p=PGB_PREFIX))


def main():
    started = time.time()
    codes = ensure_units(UNITS_N)
    keys = reporter_keys(codes)
    warm_keys(keys)
    rows = rows_file(keys)
    nrows = len(keys) * len(TARGET_CODES) * len(PERIODS)
    lua = os.path.join(TOOLS, "submissions.lua")
    run_id = uuid.uuid4().hex[:8]
    env = {"BENCH_ROWS": rows, "BENCH_RUN": run_id}
    url = GATEWAY + "/api/v1/measurements"
    log("warm-up: %d s at 8 connections over %d rows (%d units)" % (WARMUP, nrows, len(keys)))
    warm = wrk(url, lua, 8, WARMUP, env=env)
    log("  warm-up: %d requests, statuses %s" % (warm["requests"], warm["statuses"]))

    envelope = envelope_template()
    script = pgbench_script(nrows, envelope)
    pgbench_setup(nrows)
    gw, pg = {}, {}
    cpu_gw, cpu_pg = {}, {}
    db_work = None
    try:
        for c in LEVELS:
            before = table_stats() if c == LEVELS[0] else None
            cpu0 = cpu_snapshot()
            r = wrk(url, lua, c, DURATION, env=env)
            ok = sum(v for k, v in r["statuses"].items() if k.startswith("2"))
            cpu_gw[c] = cpu_per_unit(cpu0, cpu_snapshot(), ok)
            if before:
                time.sleep(1.5)  # backends flush their statistics at most once a second
                db_work = per_submission(before, table_stats(), ok)
            secs = r["duration_us"] / 1e6
            gw[c] = {"rps": r["requests"] / secs, "ok_rps": ok / secs, "p50_ms": ms(r["p50_us"]), "p99_ms": ms(r["p99_us"]),
                     "max_ms": ms(r["max_us"]), "requests": r["requests"], "statuses": r["statuses"], "errors": r["errors"]}
            log("gateway  c=%-3d %7.0f req/s (2xx %7.0f/s)  p50 %6.2f ms  p99 %7.2f ms  statuses %s errors %s"
                % (c, gw[c]["rps"], gw[c]["ok_rps"], gw[c]["p50_ms"], gw[c]["p99_ms"], r["statuses"],
                   {k: v for k, v in r["errors"].items() if v}))
            cpu0 = cpu_snapshot()
            p = pgbench(script, c, DURATION)
            pg[c] = p
            cpu_pg[c] = cpu_per_unit(cpu0, cpu_snapshot(), p["tps"] * max(1, round(DURATION)))
            log("  CPU ms per submission %s; per pgbench tx %s" % (cpu_gw[c], cpu_pg[c]))
            log("pgbench  c=%-3d %7.0f tx/s  latency avg %.2f ms  failed %d" % (c, p["tps"], p["latency_avg_ms"] or 0, p["failed"]))
    finally:
        pgbench_cleanup()

    best_pg_c = max(pg, key=lambda c: pg[c]["tps"])
    eligible = [c for c in gw if gw[c]["p99_ms"] is not None and gw[c]["p99_ms"] <= P99_LIMIT_MS]
    best_gw_c = max(eligible, key=lambda c: gw[c]["ok_rps"]) if eligible else None
    best_any_c = max(gw, key=lambda c: gw[c]["ok_rps"])
    ratio = gw[best_gw_c]["ok_rps"] / pg[best_pg_c]["tps"] if best_gw_c else 0.0
    met = bool(best_gw_c) and ratio >= GOAL_RATIO
    non2xx = sum(v for g in gw.values() for k, v in g["statuses"].items() if not k.startswith("2"))
    measurements = {
        "summary_measured": ("%.0f req/s at c=%d (p99 %.1f ms)" % (gw[best_gw_c]["ok_rps"], best_gw_c, gw[best_gw_c]["p99_ms"])
                             if best_gw_c else "no level with p99 <= 25 ms (best %.0f req/s)" % gw[best_any_c]["ok_rps"]),
        "summary_ceiling": "%.0f tx/s pgbench at c=%d" % (pg[best_pg_c]["tps"], best_pg_c),
        "units": len(keys), "rows": nrows, "duration_s_per_level": DURATION, "envelope_bytes": len(envelope.encode()),
        "best_gateway_level_connections": best_gw_c, "best_pgbench_level_clients": best_pg_c,
        "non_2xx_total": non2xx, "db_work_per_submission_at_c%d" % LEVELS[0]: db_work,
        "cpu_ms_per_submission": {str(c): cpu_gw[c] for c in LEVELS},
        "cpu_ms_per_pgbench_tx": {str(c): cpu_pg[c] for c in LEVELS},
        "levels": {str(c): {"gateway_req_per_s": round(gw[c]["rps"], 1), "gateway_2xx_per_s": round(gw[c]["ok_rps"], 1),
                            "gateway_p50_ms": gw[c]["p50_ms"], "gateway_p99_ms": gw[c]["p99_ms"], "gateway_max_ms": gw[c]["max_ms"],
                            "gateway_statuses": gw[c]["statuses"], "gateway_socket_errors": gw[c]["errors"],
                            "pgbench_tx_per_s": round(pg[c]["tps"], 1), "pgbench_latency_avg_ms": pg[c]["latency_avg_ms"],
                            "pgbench_failed": pg[c]["failed"]} for c in LEVELS},
        "scenario_seconds": round(time.time() - started, 1)}
    table = ["| connections | gateway 2xx/s | gateway p50 | gateway p99 | pgbench tx/s | gateway / pgbench |",
             "|---:|---:|---:|---:|---:|---:|"]
    for c in LEVELS:
        table.append("| %d | %.0f | %.2f ms | %.2f ms | %.0f | %.0f%% |" % (
            c, gw[c]["ok_rps"], gw[c]["p50_ms"], gw[c]["p99_ms"], pg[c]["tps"], 100 * gw[c]["ok_rps"] / pg[c]["tps"]))
    md = ["### 1. Single submissions through the gateway (`bench/run gateway-single`)", "",
          *table, "",
          "**Ratio %.0f%%** (goal >= 40%% of pgbench with p99 <= 25 ms): %s; best pgbench %.0f tx/s at %d clients. **Met: %s.**"
          % (100 * ratio, measurements["summary_measured"], pg[best_pg_c]["tps"], best_pg_c, "yes" if met else "no"), "",
          "- Load: wrk (Debian), keep-alive, 2 threads, %.0f s per level after a %.0f s warm-up; `POST /api/v1/measurements` "
          "with the REPORTER keys of %d counties over %d (target, unit, period) rows, every request a new revision of the next "
          "row (no hot row). %d non-2xx answers in all." % (DURATION, WARMUP, len(keys), nrows, non2xx),
          "- Ceiling: pgbench -M prepared -j 2, same client counts and duration, one transaction = UPDATE measurement + "
          "INSERT measurement_revision + INSERT outbox_event (%d-byte envelope, a copy of the service's own) into the same "
          "reports tables; the service additionally reads the current row (`SELECT ... FOR UPDATE`), the unit's history, "
          "the caller, and serialises JSON, so pgbench is the write cost alone. Its rows are deleted afterwards."
          % len(envelope.encode()),
          "- Everything (wrk, gateway, reports-service, relay, Kafka, targets-service, PostgreSQL) shares the machine's cores."]
    if db_work:
        md.append("- Database work per accepted submission (pg_stat, c=%d run, relay included): %.2f commits; index scans "
                  "unit_copy %.2f, target_copy %.2f, measurement %.2f; rows written measurement %.2f, measurement_revision "
                  "%.2f, outbox_event %.2f (its insert and the relay's update) (pgbench: 1 commit, 1 index scan, 3 rows)." % (
                      LEVELS[0], db_work["commits"], db_work.get("unit_copy", {}).get("index_scans", 0),
                      db_work.get("target_copy", {}).get("index_scans", 0), db_work.get("measurement", {}).get("index_scans", 0),
                      db_work.get("measurement", {}).get("rows_written", 0),
                      db_work.get("measurement_revision", {}).get("rows_written", 0),
                      db_work.get("outbox_event", {}).get("rows_written", 0)))
    comps = ["gateway", "reports-service", "targets-service", "units-service", "kafka", "postgres", "load tool"]
    md += ["", "CPU milliseconds per accepted submission, by process (utime+stime from /proc over each level; PostgreSQL "
           "counts every backend, `load tool` is wrk or pgbench), against the same for one pgbench transaction. The "
           "machine has %d cores, %d CPU ms per second: the total per submission bounds the rate the stack can reach."
           % (os.cpu_count() or 1, 1000 * (os.cpu_count() or 1)), "",
           "| connections | what | " + " | ".join(comps) + " | total | machine busy |",
           "|---:|---|" + "---:|" * (len(comps) + 2)]
    for c in LEVELS:
        for label, cpu in (("submission", cpu_gw[c]), ("pgbench tx", cpu_pg[c])):
            md.append("| %d | %s | " % (c, label) + " | ".join("%.2f" % cpu.get(k, 0) for k in comps)
                      + " | %.2f | %.0f%% |" % (cpu.get("total", 0), 100 * cpu.get("machine_busy_share", 0)))
    write_result(NAME, "Single submissions through the gateway", ">= 40% of pgbench tx/s with p99 <= 25 ms",
                 ratio, met, measurements, "\n".join(md))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fault tolerance on the local stack: broker outage, service crashes, database restart, replayed offsets.

Expects the stack deploy/checks/faults.sh starts (deploy/stack up). For each scenario a steady, bounded stream of
submissions goes through the gateway (one thread per city, paced: FAULTS_RATE requests/s in all) from the REPORTER
keys of several cities to OL25-PUBLIC-MEASUREMENT-STANDARDS (SUM) and OL25-FOOD-SAMPLING-PASS-RATE (RATIO), each
request a new revision of its (target, unit, period) with a unique comment; in the middle of it the fault is
injected with deploy/stack:
  kafka            stop kafka, 20 s later start it again (writes must keep being accepted: no rejection at all);
  reports-kill     SIGKILL reports-service, start it again (the gateway answers 502/503/504 problem+json meanwhile);
  targets-kill     SIGKILL targets-service, start it again (submissions are unaffected; events wait in Kafka);
  postgres         restart PostgreSQL (every non-2xx must be 503 problem+json DATABASE_UNAVAILABLE, or a gateway
                   502/504 problem+json, which is reported; never a 500, never a hang) and recover without restarts;
then, bounded, waits until reports' outbox is drained and targets-service applied every event, and asserts:
every 2xx is stored once as the revision it was answered with; one outbox row per stored revision; exactly one
processed_event row (consumer targets-service.measurements) per event; progress_data_point = reports' latest
revision per (target, unit, place, period); the PROVINCE actual via the gateway = what the latest values give by the
documented roll-up rule (province_expectation: a figure reported for the province takes precedence, else each city's
own figure, else its counties' roll-up; values read with their place from reports' measurement.place_code); the
processes that were not the fault's target kept their pid (no restarts); requests sent after the recovery are
all accepted. Last, replay: targets-service is stopped, its measurements group is reset to the earliest offsets,
started, and once the lag is 0 processed_event, the data points and the PROVINCE actuals must be unchanged.

The clients behave as the README asks of departmental systems: every submission carries an Idempotency-Key, and an
answer that leaves the outcome open or asks to try again (no connection, 502, 503, 504) is followed by the same
request with the same key, after 0.25, 0.5, 1, 2, 4, 4 ... s, for at most FAULTS_RETRY_WINDOW (20 s); a submission's
outcome is its last answer. So "stored exactly once" also checks that a retried submission that had been committed
is not stored twice. Every answer of every attempt is recorded (status, content type, code, latency) and checked:
never a 500, every non-2xx problem+json; no answer within FAULTS_CLIENT_TIMEOUT (15 s) is a hang and fails the check. Loopback only; every wait is bounded. Exit status 0 when every check held.
"""
import collections
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid

from checklib import (KAFKA, PG, PORT, REPO, STACK_DIR, admin_key, check, failures, http as call, kafka_tool, psql,
                      wait_until)

GATEWAY = "http://127.0.0.1:%s" % PORT("STACK_GATEWAY_PORT", "8080")
SERVICES = {"units-service": "http://127.0.0.1:%s" % PORT("STACK_UNITS_PORT", "8081"),
            "targets-service": "http://127.0.0.1:%s" % PORT("STACK_TARGETS_PORT", "8082"),
            "reports-service": "http://127.0.0.1:%s" % PORT("STACK_REPORTS_PORT", "8083")}
STACK = os.path.join(REPO, "deploy", "stack")
RATE = float(os.environ.get("FAULTS_RATE", "15"))                   # requests per second, all threads together
CLIENT_TIMEOUT = float(os.environ.get("FAULTS_CLIENT_TIMEOUT", "15"))  # no answer by then = a hang
KAFKA_DOWN = float(os.environ.get("FAULTS_KAFKA_DOWN", "20"))       # seconds the broker stays stopped
PG_DOWN = float(os.environ.get("FAULTS_PG_DOWN", "5"))             # seconds PostgreSQL stays stopped
LEAD = 5.0       # seconds of stream before the fault
TAIL = 6.0       # seconds of stream after the recovery command returned
RECOVERED = 2.0  # requests sent this long after the recovery must all be accepted
RETRY_WINDOW = float(os.environ.get("FAULTS_RETRY_WINDOW", "20"))  # a client retries an open outcome this long
RETRYABLE = (0, 502, 503, 504)  # no answer, or the gateway / service says the outcome is open or to try again
TOPIC = "measurements.v1"
CONSUMER = "targets-service.measurements"  # ProgressService.CONSUMER (Inbox consumer id)
GROUP = "targets-service.measurements"     # mp.messaging.incoming.measurements-in.group.id
SUM_TARGET = "OL25-PUBLIC-MEASUREMENT-STANDARDS"
RATIO_TARGET = "OL25-FOOD-SAMPLING-PASS-RATE"
TARGET_CODES = [SUM_TARGET, RATIO_TARGET]
CITIES = ["FJ-FUZHOU", "FJ-XIAMEN", "FJ-QUANZHOU", "FJ-ZHANGZHOU", "FJ-PUTIAN", "FJ-SANMING"]
PERIODS = ["2021", "2022", "2023", "2024", "2025"]
LATEST = PERIODS[-1]
COMPONENTS = ["postgres", "kafka", "units-service", "targets-service", "reports-service", "gateway"]

in_list = lambda items: ",".join("'%s'" % x for x in items) or "NULL"  # noqa: E731


def stack(*args, timeout=150):
    """deploy/stack ARGS (same STACK_* environment); (return code, seconds, last output lines)."""
    t0 = time.time()
    out = subprocess.run([STACK] + list(args), capture_output=True, text=True, timeout=timeout)
    tail = (out.stdout + out.stderr).strip().splitlines()[-3:]
    return out.returncode, time.time() - t0, tail


def pids():
    result = {}
    for name in COMPONENTS:
        try:
            with open(os.path.join(STACK_DIR, "run", name + ".pid")) as f:
                result[name] = f.read().strip()
        except OSError:
            result[name] = None
    return result


def group_lag():
    """(total lag, {partition: (committed offset, log end)}, owned partitions) of targets-service's measurements group;
    lag None when the group could not be described. No committed offset yet ("-") counts as offset 0."""
    out = kafka_tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server", KAFKA,
                     "--describe", "--group", GROUP, timeout=60)
    parts, owned = {}, 0
    for line in out.stdout.splitlines():
        cols = line.split()
        if len(cols) >= 7 and cols[0] == GROUP and cols[1] == TOPIC and cols[2].isdigit() and cols[4].isdigit():
            parts[int(cols[2])] = (int(cols[3]) if cols[3].isdigit() else 0, int(cols[4]))
            owned += cols[6] != "-"
    if not parts:
        return None, parts, owned
    return sum(end - cur for cur, end in parts.values()), parts, owned


class Run:
    def __init__(self):
        self.id = uuid.uuid4().hex[:10]
        self.admin = admin_key()
        self.keys = {}
        self.seq = collections.Counter()          # per (target, city, period): submissions made, for variety
        self.latest = {}                          # (target, unit, place, period) -> (revision, value, num, den, id) stored
        self.rng = random.Random(self.id)


def body_for(run, scenario, city, n):
    target = TARGET_CODES[n % 2]
    period = PERIODS[(n // 2) % len(PERIODS)]
    body = {"target": target, "unit": city, "period": period,
            "comment": "faults %s %s %s #%d" % (run.id, scenario, city, n)}
    if target == RATIO_TARGET:
        den = run.rng.randint(1000, 20000)
        body.update(numerator=den - run.rng.randint(0, den // 20), denominator=den)
    else:
        body["value"] = run.rng.randint(50, 500)
    return body


def answer_of(status, answer, headers, t0):
    ctype = (headers.get("Content-Type", "") if headers else "") or ""
    return {"status": status, "answer": answer, "ctype": ctype.split(";")[0].strip(),
            "code": answer.get("code") if isinstance(answer, dict) else None, "latency": time.time() - t0,
            "request_id": (headers.get("X-Request-Id") if headers else None) or "-"}


def submit(run, city, body, idempotency_key, stream_start):
    """One submission as a departmental system should make it (README): with an Idempotency-Key, and when the
    answer leaves the outcome open or says "try again" (no connection, 502, 503, 504), the same request again with
    the same key after a growing pause, for at most RETRY_WINDOW seconds. The submission's outcome is its last
    answer; every answer is kept in "attempts" for the checks (never a 500, always problem+json)."""
    t0 = time.time()
    attempts, pause = [], 0.25
    while True:
        ta = time.time()
        status, answer, headers = call("POST", GATEWAY + "/api/v1/measurements", run.keys[city], body,
                                       timeout=CLIENT_TIMEOUT, headers={"Idempotency-Key": idempotency_key})
        attempts.append(answer_of(status, answer, headers, ta))
        hang = status == 0 and "timed out" in str(answer)
        if status not in RETRYABLE or hang or time.time() + pause > t0 + RETRY_WINDOW:
            break
        time.sleep(pause)
        pause = min(pause * 2, 4.0)
    sub = dict(attempts[-1])
    sub.update(body=body, attempts=attempts, latency=time.time() - t0, t=t0 - stream_start, sent_at=t0)
    return sub


def stream(run, scenario, fault):
    """Submissions at RATE/s from one thread per city while fault(marks) runs in another thread; returns (subs, marks)."""
    marks = {"start": time.time()}
    stop = threading.Event()
    subs, lock = [], threading.Lock()
    interval = len(CITIES) / RATE

    def worker(city, offset):
        n, next_at = 0, marks["start"] + offset
        while not stop.is_set():
            delay = next_at - time.time()
            if delay > 0:
                time.sleep(delay)
            if stop.is_set():
                break
            body = body_for(run, scenario, city, n)
            n += 1
            sub = submit(run, city, body, "faults-%s-%s-%s-%d" % (run.id, scenario, city, n), marks["start"])
            with lock:
                subs.append(sub)
            next_at = max(next_at + interval, time.time())

    threads = [threading.Thread(target=worker, args=(c, i * interval / len(CITIES)), daemon=True)
               for i, c in enumerate(CITIES)]
    for th in threads:
        th.start()
    time.sleep(LEAD)
    marks["fault"] = time.time()
    fault(marks)
    marks["recovered"] = time.time()
    time.sleep(TAIL)
    stop.set()
    for th in threads:
        th.join(CLIENT_TIMEOUT + 5)
    marks["end"] = time.time()
    return subs, marks


def run_stack_action(marks, label, *args):
    rc, seconds, tail = stack(*args)
    marks.setdefault("actions", []).append("%s (%.1f s after start, took %.1f s, rc %d)"
                                           % (label, time.time() - seconds - marks["start"], seconds, rc))
    check(rc == 0, "deploy/stack %s: rc %d%s" % (" ".join(args), rc, "" if rc == 0 else " " + " | ".join(tail)))


def fault_kafka(marks):
    run_stack_action(marks, "stop kafka", "stop", "kafka")
    down_since = time.time()
    time.sleep(max(0.0, KAFKA_DOWN - (time.time() - down_since)))
    marks["kafka_down_s"] = time.time() - down_since
    run_stack_action(marks, "start kafka", "start", "kafka")


def fault_kill(name):
    def fault(marks):
        run_stack_action(marks, "kill " + name, "kill", name)
        time.sleep(2)
        run_stack_action(marks, "start " + name, "start", name)
    return fault


def fault_postgres(marks):
    run_stack_action(marks, "stop postgres", "stop", "postgres")
    time.sleep(PG_DOWN)
    run_stack_action(marks, "start postgres", "start", "postgres")


def summarise(scenario, subs, marks):
    accepted = [s for s in subs if 200 <= s["status"] < 300]
    rejected = [s for s in subs if not 200 <= s["status"] < 300]
    by = collections.Counter("%s %s %s" % (s["status"] or "no-answer", s["code"] or "-", s["ctype"] or "-")
                             if s["status"] else "no answer (%s)" % str(s["answer"])[:60] for s in rejected)
    max_latency = max([s["latency"] for s in subs] or [0])
    retried = [s for s in subs if len(s["attempts"]) > 1]
    interim = collections.Counter("%s %s" % (a["status"] or "no-answer", a["code"] or "-")
                                  for s in retried for a in s["attempts"][:-1])
    print("  %s: %d requests sent in %.0f s, %d accepted, %d rejected; max latency %.2f s"
          % (scenario, len(subs), marks["end"] - marks["start"], len(accepted), len(rejected), max_latency))
    for a in marks.get("actions", []):
        print("        fault: " + a)
    if retried:
        print("        retried with the same Idempotency-Key: %d submissions (%d attempts in all); answers before the "
              "last: %s" % (len(retried), sum(len(s["attempts"]) for s in retried),
                            ", ".join("%d x %s" % (n, k) for k, n in sorted(interim.items()))))
    for what, n in sorted(by.items()):
        print("        rejected: %d x %s" % (n, what))
    if rejected:
        first = min(s["t"] for s in rejected)
        last = max(s["t"] for s in rejected)
        print("        rejections sent between %.1f s and %.1f s after the stream started" % (first, last))
    return accepted, rejected, max_latency


def verify_events(run, scenario, subs, accepted, rejected, marks, before_pids, killed):
    """The end-to-end assertions of one scenario; returns the numbers for the final report."""
    answers = [a for s in subs for a in s["attempts"]]
    hangs = [a for a in answers if a["status"] == 0 and "timed out" in str(a["answer"])]
    check(not hangs, "%s: no request without an answer within %.0f s (hangs: %d)" % (scenario, CLIENT_TIMEOUT, len(hangs)))
    errors500 = [a for a in answers if a["status"] == 500]
    check(not errors500, "%s: no 500 answer (%d%s)" % (scenario, len(errors500),
                                                      ": " + str(errors500[0]["answer"])[:300] if errors500 else ""))
    not_problem = [a for a in answers if a["status"] and not 200 <= a["status"] < 300
                   and a["ctype"] != "application/problem+json"]
    check(not not_problem, "%s: every non-2xx answer is application/problem+json (%d are not%s)"
          % (scenario, len(not_problem), ": %s %s" % (not_problem[0]["status"], not_problem[0]["ctype"]) if not_problem else ""))
    late = [s for s in subs if s["sent_at"] > marks["recovered"] + RECOVERED]
    late_bad = [s for s in late if not 200 <= s["status"] < 300]
    check(late and not late_bad, "%s: recovered: all %d requests sent from %.0f s after the recovery on were accepted "
          "(%d not%s)" % (scenario, len(late), RECOVERED, len(late_bad),
                          ": %s %s" % (late_bad[0]["status"], late_bad[0]["code"]) if late_bad else ""))
    now_pids = pids()
    restarted = [n for n in COMPONENTS if n not in killed and now_pids[n] != before_pids[n]]
    check(not restarted, "%s: no other component was restarted (pids unchanged: %s)"
          % (scenario, ", ".join(n for n in COMPONENTS if n not in killed) if not restarted else "changed " + ",".join(restarted)))

    # Outcome the client did not learn (no answer, or the gateway lost the connection): stored or not, both fine.
    ambiguous = {s["body"]["comment"]: s for s in rejected if any(a["status"] in (0, 502, 504) for a in s["attempts"])}
    definitive = {s["body"]["comment"]: s for s in rejected if s["body"]["comment"] not in ambiguous}
    for s in accepted:
        a = s["answer"]
        s["id"], s["revision"], s["value"] = a["id"], int(a["revision"]), float(a["value"])

    print("  waiting (bounded) until reports' outbox is drained and targets-service applied the events")
    t0 = time.time()
    wait_until("%s: reports' outbox is drained (outbox_event with published_at NULL = 0)" % scenario,
               lambda: psql("reports", "SELECT count(*) FROM outbox_event WHERE published_at IS NULL")[0][0] == "0", 90)
    prefix = "faults %s %s %%" % (run.id, scenario)
    stored = psql("reports", ("SELECT r.comment, r.measurement_id, r.revision, r.value, coalesce(r.numerator::text, ''), "
                              "coalesce(r.denominator::text, ''), m.target_code, m.unit_code, m.period, m.place_code "
                              "FROM measurement_revision r JOIN measurement m ON m.id = r.measurement_id "
                              "WHERE r.comment LIKE '%s'") % prefix)
    stored_by_comment = collections.defaultdict(list)
    for row in stored:
        stored_by_comment[row[0]].append(row)
    revisions = {(row[1], int(row[2])) for row in stored}
    outbox = psql("reports", ("SELECT event_id, envelope FROM outbox_event WHERE topic = '%s' AND occurred_at >= to_timestamp(%f)")
                  % (TOPIC, marks["start"] - 5))
    events = collections.defaultdict(list)
    for event_id, envelope in outbox:
        payload = json.loads(envelope).get("payload", {})
        k = (payload.get("measurementId"), int(payload.get("revision", -1)))
        if k in revisions:
            events[k].append(event_id)
    event_ids = {e for ids in events.values() for e in ids}
    ids_sql = in_list(sorted(event_ids))

    def applied():
        return int(psql("targets", "SELECT count(DISTINCT event_id) FROM processed_event WHERE consumer = '%s' "
                                   "AND event_id IN (%s)" % (CONSUMER, ids_sql))[0][0]) >= len(event_ids)
    wait_until("%s: targets-service applied every event of the scenario" % scenario, applied, 90)
    print("        drained and applied %.1f s after the stream ended" % (time.time() - t0))

    lost = [s["body"]["comment"] for s in accepted if len(stored_by_comment.get(s["body"]["comment"], [])) != 1]
    check(not lost, "%s: every accepted submission is stored exactly once (%d of %d not%s)"
          % (scenario, len(lost), len(accepted), ": " + ", ".join(lost[:3]) if lost else ""))
    mismatched = [s for s in accepted if len(stored_by_comment.get(s["body"]["comment"], [])) == 1
                  and (stored_by_comment[s["body"]["comment"]][0][1] != s["id"]
                       or int(stored_by_comment[s["body"]["comment"]][0][2]) != s["revision"]
                       or abs(float(stored_by_comment[s["body"]["comment"]][0][3]) - s["value"]) > 1e-9)]
    check(not mismatched, "%s: stored (measurement, revision, value) = the 2xx answer (%d differ)" % (scenario, len(mismatched)))
    ghosts = [c for c in stored_by_comment if c in definitive]
    check(not ghosts, "%s: no submission answered with a definite error left a revision (%d%s)"
          % (scenario, len(ghosts), ": %s %s" % (definitive[ghosts[0]]["status"], ghosts[0]) if ghosts else ""))
    unknown_stored = [c for c in stored_by_comment if c in ambiguous]
    if ambiguous:
        print("        %d requests got no definite answer (no answer / gateway 502 / 504): %d of them stored anyway "
              "(counted below like accepted ones)" % (len(ambiguous), len(unknown_stored)))
    for c in unknown_stored:
        s, row = ambiguous[c], stored_by_comment[c][0]
        print("        stored although answered %s %s: sent %.1f s after the stream started (%s), X-Request-Id %s, "
              "answer %s; in reports: measurement %s revision %s (%s)"
              % (s["status"] or "no-answer", s["code"] or "-", s["t"],
                 "before the fault" if s["sent_at"] < marks["fault"] else "after the fault began", s["request_id"],
                 json.dumps(s["answer"], ensure_ascii=False)[:200] if isinstance(s["answer"], dict) else str(s["answer"])[:200],
                 row[1], row[2], c))
    foreign = [c for c in stored_by_comment if c not in ambiguous and c not in definitive
               and c not in {s["body"]["comment"] for s in accepted}]
    check(not foreign, "%s: no revision stored that was never sent (%d)" % (scenario, len(foreign)))

    multi = [k for k, v in events.items() if len(v) != 1]
    check(len(events) == len(revisions) and not multi,
          "%s: one outbox event per stored revision (%d events for %d revisions, %d with several)"
          % (scenario, sum(len(v) for v in events.values()), len(revisions), len(multi)))
    processed = psql("targets", ("SELECT event_id, count(*) FROM processed_event WHERE consumer = '%s' AND event_id IN (%s) "
                                 "GROUP BY event_id") % (CONSUMER, ids_sql))
    check(len(processed) == len(event_ids) and all(r[1] == "1" for r in processed),
          "%s: processed_event (%s): %d rows for %d events, none twice, none missing"
          % (scenario, CONSUMER, sum(int(r[1]) for r in processed), len(event_ids)))

    # What progress must show: the highest stored revision per (target, unit, place, period).
    for row in stored:
        k = (row[6], row[7], row[9], row[8])
        rev = int(row[2])
        if k not in run.latest or rev > run.latest[k][0]:
            run.latest[k] = (rev, float(row[3]), float(row[4]) if row[4] else None, float(row[5]) if row[5] else None, row[1])
    points_ok = compare_points(run, scenario)
    province = province_actuals(run, scenario)
    return {"sent": len(subs), "accepted": len(accepted), "rejected": len(rejected), "stored": len(stored),
            "events": len(event_ids), "processed": sum(int(r[1]) for r in processed), "points": points_ok,
            "province": province, "ambiguous_stored": len(unknown_stored)}


def data_points():
    """progress_data_point of the cities' values by (target, unit, place, period): revision, value, numerator,
    denominator, measurement id from index 4 on."""
    return {(r[0], r[1], r[2], r[3]): r for r in psql("targets", (
        "SELECT target_code, unit_code, place_code, period, revision, value, coalesce(numerator::text, ''), "
        "coalesce(denominator::text, ''), measurement_id FROM progress_data_point WHERE target_code IN (%s) "
        "AND unit_code IN (%s)") % (in_list(TARGET_CODES), in_list(CITIES)))}


def compare_points(run, scenario):
    points = data_points()
    current = {(r[0], r[1], r[2], r[3]): r for r in psql("reports", (
        "SELECT target_code, unit_code, place_code, period, revision, value, id FROM measurement WHERE target_code IN (%s) "
        "AND unit_code IN (%s)") % (in_list(TARGET_CODES), in_list(CITIES)))}
    bad = []
    for k, (rev, value, _num, _den, mid) in run.latest.items():
        p, c = points.get(k), current.get(k)
        if not p or not c or int(p[4]) != rev or int(c[4]) != rev or p[8] != mid or c[6] != mid \
                or abs(float(p[5]) - value) > 1e-6 or abs(float(c[5]) - value) > 1e-9:
            bad.append((k, rev, p and p[4], c and c[4]))
    check(not bad, "%s: progress_data_point = reports' latest revision = the latest stored by this run, for all %d "
          "(target, unit, place, period)%s" % (scenario, len(run.latest), "; differ: %s" % bad[:4] if bad else ""))
    return len(run.latest)


FINER = {"YEAR": "HALF", "HALF": "QUARTER", "QUARTER": "MONTH"}
PLACE_TYPES = ("PROVINCE", "CITY", "COUNTY")


def period_parts(period, frequency):
    """The periods one step finer that make up a period (2025 -> 2025S1, 2025S2; 2025S2 -> 2025Q3, 2025Q4;
    2025Q3 -> 202507..202509); [] for a month."""
    year = period[:4]
    if frequency == "YEAR":
        return [year + "S1", year + "S2"]
    if frequency == "HALF":
        half = int(period[5])
        return ["%sQ%d" % (year, 2 * half - 1), "%sQ%d" % (year, 2 * half)]
    if frequency == "QUARTER":
        quarter = int(period[5])
        return ["%s%02d" % (year, 3 * quarter - m) for m in (2, 1, 0)]
    return []


def province_expectation(target, period, known=None):
    """The province's figure of one target and period (at the target's reporting frequency) by the documented rule
    (docs/targets-service.md, Progress; targets-service's RollUp), from reports' current values and their places
    (measurement.place_code): a place's figure is what its reporters gave for it (LEAD_FIGURE: the first by precedence:
    the target's lead units in order, the place's own unit, the contributing units in order, then any other by code;
    SUM_OF_SHARES: their sum, or Σnumerator/Σdenominator), else derived from its own finer periods (amounts add up,
    ratios Σnumerator/Σdenominator, levels the latest part), else the roll-up of the active places below it (SUM: Σ;
    RATIO: Σnumerator/Σdenominator of the figures that carry both; LEAD_UNIT_ONLY: none). So a department's value
    (place = the province) takes precedence over the cities; a value of another unit for a city is that city's figure
    only by precedence (a lead unit's before the city's own, any other's after it); a county's value counts only
    where its city has no figure of its own.

    known: {(unit, place, period): (value, numerator, denominator)} that this run stored and checked; they stand in for
    reports' rows of the same keys. RETURNED values never count (the stack runs with progress.approved-only=false).
    Returns (expected value or None, how it comes about in words)."""
    t = psql("reports", "SELECT aggregation, coalesce(kind, ''), coalesce(unit_of_measure, ''), reporting_frequency, "
                        "array_to_string(lead_units, ','), array_to_string(contributing_units, ','), "
                        "coalesce(department_figures, 'LEAD_FIGURE') FROM target_copy WHERE code = '%s'" % target)
    if not t:
        return None, "target %s unknown to reports" % target
    aggregation, kind, unit, frequency, leads, contributing, department_figures = t[0]
    leads, contributing = [u for u in leads.split(",") if u], [u for u in contributing.split(",") if u]
    ratio = aggregation == "RATIO"
    temporal = "RATIO" if ratio else "FLOW" if kind in ("CUMULATIVE", "ANNUAL") else "STOCK"
    scale = 100.0 if unit == "%" else 1.0
    units = {r[0]: {"type": r[1], "parent": r[2] or None, "from": r[3], "to": r[4] or None} for r in psql(
        "reports", "SELECT code, type, coalesce(parent_code, ''), active_from::text, coalesce(active_to::text, '') "
                   "FROM unit_copy")}

    def default_place(code):
        for _ in range(32):
            u = units.get(code)
            if u is None:
                return None
            if u["type"] in PLACE_TYPES:
                return code
            code = u["parent"]
            if code is None:
                return None
        return None

    children, root = {}, None
    for code, u in units.items():
        if u["type"] not in PLACE_TYPES:
            continue
        parent = default_place(u["parent"]) if u["parent"] else None
        if parent is None:
            root = code if root is None or u["type"] == "PROVINCE" else root
        else:
            children.setdefault(parent, []).append(code)
    year = period[:4]
    rows = psql("reports", (
        "SELECT unit_code, place_code, period, frequency, period_start::text, period_end::text, value, "
        "coalesce(numerator::text, ''), coalesce(denominator::text, '') FROM measurement WHERE target_code = '%s' "
        "AND status <> 'RETURNED' AND period_start >= '%s-01-01' AND period_end <= '%s-12-31'") % (target, year, year))
    values, ends = {}, {}  # (place, period) -> [(unit, value, num, den)]; period -> (start, end)
    for unit_code, place_code, p, _freq, start, end, value, num, den in rows:
        v = (float(value), float(num) if num else None, float(den) if den else None)
        if known and (unit_code, place_code, p) in known:
            v = known[(unit_code, place_code, p)]
        place = place_code if units.get(place_code, {}).get("type") in PLACE_TYPES else \
            (default_place(place_code) or root) if place_code in units else None
        if place is not None:
            values.setdefault((place, p), []).append((unit_code,) + tuple(v))
            ends[p] = (start, end)

    def active(code, start, end):
        u = units[code]
        return u["from"] <= end and (u["to"] is None or u["to"] >= start)

    def combine(figs):
        """figs: [(value, num, den, through)] -> (value, num, den) or None."""
        parts = all(f[1] is not None and f[2] is not None for f in figs)
        num = sum(f[1] for f in figs) if parts else None
        den = sum(f[2] for f in figs) if parts else None
        if ratio:
            return None if den is None or den <= 0 else (num / den * scale, num, den)
        if len(figs) == 1:
            return figs[0][:3]
        return sum(f[0] for f in figs), num, den

    def rank(unit_code, place):
        if unit_code in leads:
            return leads.index(unit_code)
        if unit_code == place:
            return len(leads)
        return len(leads) + 1 + contributing.index(unit_code) if unit_code in contributing else 10 ** 9

    def reported(place, p, end):
        vals = sorted(values.get((place, p), []), key=lambda v: (rank(v[0], place), v[0]))
        if not vals:
            return None
        if department_figures == "SUM_OF_SHARES" and aggregation != "LEAD_UNIT_ONLY" and len(vals) > 1:
            used = [v for v in vals if v[2] is not None and v[3] is not None] if ratio else vals
            c = combine([v[1:] + (end,) for v in used]) if used else None
            if c is not None:
                return c + (end, "REPORTED by " + "+".join(v[0] for v in used))
        return vals[0][1:] + (end, "REPORTED by " + vals[0][0])

    def own(place, p, freq, start, end):
        mine = reported(place, p, end)
        if mine is not None:
            return mine
        parts = []
        for part in period_parts(p, freq):
            # A part without values of its own may still be made of finer ones; its dates matter only where it has values.
            f = own(place, part, FINER[freq], *ends.get(part, (start, end)))
            if f is not None:
                parts.append(f)
        if ratio:
            parts = [f for f in parts if f[1] is not None and f[2] is not None]
        if not parts:
            return None
        if temporal == "STOCK":
            parts = [max(parts, key=lambda f: f[3])]
        c = combine(parts)
        return None if c is None else c + (max(f[3] for f in parts), "DERIVED from %d finer period(s)" % len(parts))

    def figure(place, p, freq, start, end):
        mine = own(place, p, freq, start, end)
        if mine is not None or aggregation == "LEAD_UNIT_ONLY":
            return mine
        below = [c for c in sorted(children.get(place, [])) if active(c, start, end)]
        figs = [(c, figure(c, p, freq, start, end)) for c in below]
        figs = [(c, f) for c, f in figs if f is not None and (not ratio or (f[1] is not None and f[2] is not None))]
        if not figs:
            return None
        c = combine([f for _c, f in figs])
        if c is None:
            return None
        how = "ROLLED_UP from %d of %d places below: %s" % (len(figs), len(below), ", ".join(
            "%s %s (%s)" % (code, "%g/%g" % (f[1], f[2]) if ratio else "%g" % f[0], f[4]) for code, f in figs))
        return c + (min(f[3] for _c, f in figs), how)

    start, end = "%s-01-01" % year, "%s-12-31" % year
    if frequency != "YEAR" or period != year:
        return None, "province_expectation handles yearly periods of yearly targets only (%s, %s)" % (target, period)
    f = figure(root, period, "YEAR", start, end)
    if f is None:
        return None, "no figure for %s %s" % (target, period)
    how = f[4]
    if ratio:
        how = "Σnumerator/Σdenominator×100 = %g/%g×100; %s" % (f[1], f[2], how)
    return f[0], how


def province_actuals(run, scenario):
    result = {}
    for target in TARGET_CODES:
        known = {(u, pl, p): v[1:4] for (t, u, pl, p), v in run.latest.items() if t == target and p == LATEST}
        expected, how = province_expectation(target, LATEST, known)
        status, detail, _ = call("GET", GATEWAY + "/api/v1/targets/%s/progress?scope=PROVINCE" % target, run.admin)
        actual = detail.get("actual") if status == 200 and isinstance(detail, dict) else None
        check(actual is not None and expected is not None and abs(float(actual) - expected) < 1e-6,
              "%s: PROVINCE actual of %s %s via the gateway: %s = %s (%s; %d of those values stored by this run)"
              % (scenario, target, LATEST, actual, "%.6f" % expected if expected is not None else None, how, len(known)))
        result[target] = actual
    return result


def scenario_run(run, name, title, fault, killed=(), allowed=None):
    print()
    print("=== scenario %s: %s" % (name, title))
    for svc, base in SERVICES.items():
        wait_until("%s is ready before the scenario" % svc,
                   lambda base=base: call("GET", base + "/q/health/ready", timeout=5)[0] == 200, 60, 1)
    before_pids = pids()
    subs, marks = stream(run, name, fault)
    accepted, rejected, max_latency = summarise(name, subs, marks)
    if allowed is not None:
        wrong = [s for s in rejected if not allowed(s)]
        check(not wrong, "%s: rejections are only the expected ones (%d unexpected%s)"
              % (name, len(wrong), ": " + "; ".join(sorted({"%s %s %s" % (s["status"], s["code"], str(s["answer"])[:120])
                                                             for s in wrong})[:3]) if wrong else ""))
        for s in wrong[:5]:
            print("        unexpected: %s %s sent %.1f s after the stream started (%s), X-Request-Id %s, %s"
                  % (s["status"] or "no-answer", s["code"] or "-", s["t"],
                     "before the fault" if s["sent_at"] < marks["fault"] else
                     "during the fault" if s["sent_at"] < marks["recovered"] else "after the recovery",
                     s["request_id"], s["body"]["comment"]))
    numbers = verify_events(run, name, subs, accepted, rejected, marks, before_pids, set(killed))
    numbers.update(max_latency=max_latency, rejected_by=collections.Counter(
        "%s %s" % (s["status"] or "no-answer", s["code"] or "") for s in rejected))
    return numbers


def replay(run):
    print()
    print("=== scenario replay: the same events delivered again (offsets of %s reset to the earliest)" % GROUP)
    before_processed = psql("targets", "SELECT count(*) FROM processed_event WHERE consumer = '%s'" % CONSUMER)[0][0]
    before_points = {k: r[3:] for k, r in data_points().items()}
    before_all = psql("targets", "SELECT count(*), coalesce(sum(revision), 0) FROM progress_data_point")[0]
    before_province = {t: call("GET", GATEWAY + "/api/v1/targets/%s/progress?scope=PROVINCE" % t, run.admin)[1].get("actual")
                       for t in TARGET_CODES}
    lag, parts, _owned = group_lag()
    print("        before: processed_event %s rows, %s data points (Σ revision %s), lag %s, offsets %s"
          % (before_processed, before_all[0], before_all[1], lag, parts))
    marks = {"start": time.time()}
    run_stack_action(marks, "stop targets-service", "stop", "targets-service")
    reset = kafka_tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server", KAFKA,
                       "--group", GROUP, "--reset-offsets", "--to-earliest", "--topic", TOPIC, "--execute")
    new_offsets = [l.split() for l in reset.stdout.splitlines() if l.startswith(GROUP)]
    check(reset.returncode == 0 and new_offsets and all(c[-1] == "0" for c in new_offsets),
          "offsets of %s on %s reset to the earliest: %s%s" % (GROUP, TOPIC, [" ".join(c[1:]) for c in new_offsets],
                                                               "" if reset.returncode == 0 else " " + reset.stderr[-300:]))
    replayed = sum(end for _cur, end in parts.values()) if parts else 0
    run_stack_action(marks, "start targets-service", "start", "targets-service")
    for a in marks.get("actions", []):
        print("        fault: " + a)
    t0 = time.time()
    wait_until("the replay is consumed (lag of %s = 0)" % GROUP, lambda: group_lag()[0] == 0, 90, 1)
    print("        %d records replayed; lag 0 after %.1f s" % (replayed, time.time() - t0))
    after_processed = psql("targets", "SELECT count(*) FROM processed_event WHERE consumer = '%s'" % CONSUMER)[0][0]
    after_points = {k: r[3:] for k, r in data_points().items()}
    after_all = psql("targets", "SELECT count(*), coalesce(sum(revision), 0) FROM progress_data_point")[0]
    check(after_processed == before_processed, "replay: processed_event rows unchanged (%s -> %s)"
          % (before_processed, after_processed))
    changed = [k for k in set(before_points) | set(after_points) if before_points.get(k) != after_points.get(k)]
    check(not changed and after_all == before_all,
          "replay: progress_data_point unchanged (%s rows, Σ revision %s -> %s rows, Σ revision %s; %d of ours differ)"
          % (before_all[0], before_all[1], after_all[0], after_all[1], len(changed)))
    after_province = {}
    for t in TARGET_CODES:
        status, detail, _ = call("GET", GATEWAY + "/api/v1/targets/%s/progress?scope=PROVINCE" % t, run.admin)
        after_province[t] = detail.get("actual") if status == 200 and isinstance(detail, dict) else None
        check(after_province[t] == before_province[t], "replay: PROVINCE actual of %s unchanged (%s -> %s)"
              % (t, before_province[t], after_province[t]))
    # Every record on the topic, all scenarios (and earlier runs on a reused stack): an event id the relay published
    # more than once (a batch acknowledged by Kafka whose commit failed) reached the consumer twice already.
    consumer = kafka_tool("org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", KAFKA, "--topic", TOPIC,
                          "--from-beginning", "--timeout-ms", "8000", timeout=120)
    on_topic = collections.Counter()
    for line in consumer.stdout.splitlines():
        brace = line.find("{")
        if brace >= 0:
            try:
                on_topic[json.loads(line[brace:]).get("eventId")] += 1
            except ValueError:
                on_topic[None] += 1
    processed_ids = collections.Counter(r[0] for r in psql(
        "targets", "SELECT event_id FROM processed_event WHERE consumer = '%s'" % CONSUMER))
    published_twice = sum(1 for n in on_topic.values() if n > 1)
    print("        %s holds %d records, %d distinct event ids, %d of them published more than once"
          % (TOPIC, sum(on_topic.values()), len(on_topic), published_twice))
    check(set(on_topic) == set(processed_ids) and all(n == 1 for n in processed_ids.values()),
          "every event on %s has exactly one processed_event row (%d events, %d rows; on the topic only: %d, "
          "in processed_event only: %d)" % (TOPIC, len(on_topic), sum(processed_ids.values()),
                                            len(set(on_topic) - set(processed_ids)), len(set(processed_ids) - set(on_topic))))
    return {"replayed": replayed, "processed": after_processed, "points": after_all[0], "province": after_province,
            "records": sum(on_topic.values()), "distinct": len(on_topic), "twice": published_twice}


def main():
    started = time.time()
    run = Run()
    print("fault test, run %s: gateway %s, Kafka %s, PostgreSQL %s:%s, %.0f requests/s from %d cities, client timeout %.0f s"
          % (run.id, GATEWAY, KAFKA, PG["host"], PG["port"], RATE, len(CITIES), CLIENT_TIMEOUT))
    for name, base in list(SERVICES.items()) + [("gateway", GATEWAY)]:
        check(call("GET", base + "/q/health/ready", timeout=10)[0] == 200, "%s is ready" % name)
    wait_until("reports-service knows the cities and targets", lambda: len(psql("reports", (
        "SELECT code FROM unit_copy WHERE code IN (%s) UNION ALL SELECT code FROM target_copy WHERE code IN (%s)")
        % (in_list(CITIES), in_list(TARGET_CODES)))) == len(CITIES) + len(TARGET_CODES), 90, 1)
    for city in CITIES:
        status, issued, _ = call("POST", GATEWAY + "/api/v1/units/%s/api-keys" % city, run.admin,
                                 {"label": "faults %s %s" % (run.id, city)})
        ok = status == 201 and isinstance(issued, dict) and str(issued.get("apiKey", "")).startswith("fjq_")
        check(ok, "admin mints a REPORTER key for %s (%s)" % (city, status))
        run.keys[city] = issued.get("apiKey") if ok else None
    wait_until("targets-service owns the partitions of %s (group %s)" % (TOPIC, GROUP),
               lambda: group_lag()[2] == 3, 60, 1)
    if failures:
        return report_and_exit(started, {}, None)

    results = collections.OrderedDict()
    results["kafka"] = scenario_run(
        run, "kafka", "broker stopped for %.0f s mid-stream, then started" % KAFKA_DOWN, fault_kafka,
        killed=["kafka"], allowed=lambda s: False)
    results["reports-kill"] = scenario_run(
        run, "reports-kill", "reports-service SIGKILLed mid-stream, then started", fault_kill("reports-service"),
        killed=["reports-service"],
        allowed=lambda s: s["status"] in (502, 503, 504) and s["ctype"] == "application/problem+json")
    results["targets-kill"] = scenario_run(
        run, "targets-kill", "targets-service SIGKILLed mid-stream, then started", fault_kill("targets-service"),
        killed=["targets-service"],
        allowed=lambda s: s["status"] in (502, 503, 504) and s["ctype"] == "application/problem+json")
    results["postgres"] = scenario_run(
        run, "postgres", "PostgreSQL restarted mid-stream (down %.0f s)" % PG_DOWN, fault_postgres, killed=["postgres"],
        allowed=lambda s: s["ctype"] == "application/problem+json" and (
            (s["status"] == 503 and s["code"] == "DATABASE_UNAVAILABLE") or s["status"] in (502, 504)))
    rep = replay(run)
    return report_and_exit(started, results, rep)


def report_and_exit(started, results, rep):
    print()
    print("=== report (run took %.0f s)" % (time.time() - started))
    for name, r in results.items():
        print("  %-13s sent %4d, accepted %4d, rejected %3d %s; max latency %.2f s; stored %d (%d without a definite "
              "answer), events %d, processed_event %d, data points %d, PROVINCE %s"
              % (name, r["sent"], r["accepted"], r["rejected"],
                 "(" + ", ".join("%d x %s" % (n, k.strip()) for k, n in sorted(r["rejected_by"].items())) + ")"
                 if r["rejected_by"] else "", r["max_latency"], r["stored"], r["ambiguous_stored"], r["events"],
                 r["processed"], r["points"], ", ".join("%s=%s" % (t.split("-", 1)[1], a) for t, a in r["province"].items())))
    if rep:
        print("  %-13s %d records replayed (%d distinct events, %d published twice); processed_event %s rows, %s data points, PROVINCE %s (all unchanged: %s)"
              % ("replay", rep["replayed"], rep["distinct"], rep["twice"], rep["processed"], rep["points"],
                 ", ".join("%s=%s" % (t.split("-", 1)[1], a) for t, a in rep["province"].items()),
                 "no" if any(f.startswith("replay") for f in failures) else "yes"))
    print()
    if failures:
        print("fault test: %d check(s) FAILED" % len(failures))
        for f in failures:
            print("  - " + f)
        return 1
    print("fault test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

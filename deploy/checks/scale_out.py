#!/usr/bin/env python3
"""Horizontal scaling on the local stack: two reports-service and two targets-service instances, no double effects.

Expects what deploy/checks/scale-out.sh starts: the stack (gateway 1 -> reports 1 / targets 1) plus a second
reports-service, targets-service and gateway (gateway 2 -> reports 2 / targets 2), all on one PostgreSQL and
one Kafka. It
  1. mints REPORTER keys for several cities and sends N distinct submissions concurrently, split across the
     two gateways: three SUM/RATIO targets whose keys fall on different partitions of measurements.v1,
     periods 2021..2025, several revisions of the same (target, unit, period), each with a unique comment;
  2. waits until both outboxes are drained and the progress projection has consumed every event;
  3. asserts no double effects: (a) each accepted submission is exactly one revision in reports (database
     and GET /revisions), a rejected one none; (b) each of their events is one outbox row and one record on
     measurements.v1 (read with the stack's Kafka jars); (c) one processed_event row per event and the
     latest revision per (target, unit, place, period) in progress_data_point (a city's value names no place, so
     it describes the city itself); (d) the PROVINCE actual equals what the latest values sent give by the
     documented roll-up rule (faults.province_expectation: a figure reported for the province takes precedence,
     else each city's own figure, else its counties' roll-up; other units' values in reports counted by their
     place_code); (e) both reports instances accepted submissions, both relays published, both targets instances
     own partitions of the consumer group (and consumed);
  4. prints a report. Loopback only; every wait is bounded. Exit status 0 when every check held.
"""
import collections
import concurrent.futures
import json
import os
import random
import re
import sys
import threading
import time
import uuid

from checklib import KAFKA, PORT, admin_key, check, failures, http as call, kafka_tool, psql, wait_until
from faults import RETRYABLE, province_expectation

GATEWAY_PORT = int(PORT("STACK_GATEWAY_PORT", "8080"))
REPORTS_PORT = int(PORT("STACK_REPORTS_PORT", "8083"))
TARGETS_PORT = int(PORT("STACK_TARGETS_PORT", "8082"))
GATEWAYS = ["http://127.0.0.1:%d" % GATEWAY_PORT,
            "http://127.0.0.1:%s" % PORT("SCALE_GATEWAY2_PORT", str(GATEWAY_PORT + 10))]
REPORTS = ["http://127.0.0.1:%d" % REPORTS_PORT,
           "http://127.0.0.1:%s" % PORT("SCALE_REPORTS2_PORT", str(REPORTS_PORT + 10))]
TARGETS = ["http://127.0.0.1:%d" % TARGETS_PORT,
           "http://127.0.0.1:%s" % PORT("SCALE_TARGETS2_PORT", str(TARGETS_PORT + 10))]
N = int(os.environ.get("SCALE_N", "240"))
WORKERS = int(os.environ.get("SCALE_WORKERS", "8"))
TOPIC = "measurements.v1"
PARTITIONS = 3
CONSUMER = "targets-service.measurements"
GROUP = "targets-service"
SUM_TARGETS = ["OL25-PUBLIC-MEASUREMENT-STANDARDS", "OL25-GI-CERTIFICATION-MARKS"]
RATIO_TARGET = "OL25-FOOD-SAMPLING-PASS-RATE"
TARGET_CODES = SUM_TARGETS + [RATIO_TARGET]
CITIES = ["FJ-FUZHOU", "FJ-XIAMEN", "FJ-QUANZHOU", "FJ-ZHANGZHOU", "FJ-PUTIAN", "FJ-SANMING"]
PERIODS = ["2021", "2022", "2023", "2024", "2025"]
LATEST = PERIODS[-1]


def metrics(base):
    """Prometheus text of /q/metrics as {(name, frozenset(labels)): value}."""
    status, body, _ = call("GET", base + "/q/metrics", timeout=10)
    result = {}
    if status != 200:
        return result
    text = body.decode("utf-8") if isinstance(body, bytes) else str(body)
    for line in text.splitlines():
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$', line)
        if not m:
            continue
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        try:
            result[(m.group(1), labels)] = float(m.group(4))
        except ValueError:
            pass
    return result


def metric_sum(snapshot, name, **want):
    return sum(v for (n, labels), v in snapshot.items()
               if n == name and all((k, w) in labels for k, w in want.items()))


def metric_max(snapshot, name, **want):
    """The largest matching series: Kafka client meters come once per client and again per topic."""
    return max([v for (n, labels), v in snapshot.items()
                if n == name and all((k, w) in labels for k, w in want.items())] or [0.0])


def instance_counters():
    """Per instance: reports 201s on POST /api/v1/measurements and relayed events; targets' measurement records."""
    snap = {}
    for i, base in enumerate(REPORTS):
        m = metrics(base)
        snap["reports%d.accepted" % (i + 1)] = metric_sum(m, "http_server_requests_seconds_count", method="POST",
                                                          uri="/api/v1/measurements", status="201")
        snap["reports%d.published" % (i + 1)] = metric_sum(m, "outbox_events_published_total")
    for i, base in enumerate(TARGETS):
        m = metrics(base)
        snap["targets%d.consumed" % (i + 1)] = metric_max(m, "kafka_consumer_fetch_manager_records_consumed_total",
                                                          client_id="kafka-consumer-measurements-in")
        snap["targets%d.partitions" % (i + 1)] = metric_max(m, "kafka_consumer_coordinator_assigned_partitions",
                                                            client_id="kafka-consumer-measurements-in")
    return snap


def murmur2_partition(key, partitions=PARTITIONS):
    """Kafka's default partitioner for a keyed record (murmur2 of the UTF-8 key)."""
    data = key.encode("utf-8")
    length, m, r = len(data), 0x5bd1e995, 24
    h = (0x9747b28c ^ length) & 0xffffffff
    for i in range(length // 4):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * m) & 0xffffffff
        k ^= k >> r
        k = (k * m) & 0xffffffff
        h = (h * m) & 0xffffffff
        h ^= k
    tail, rest = length & ~3, length % 4
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xffffffff
    h ^= h >> 13
    h = (h * m) & 0xffffffff
    h ^= h >> 15
    return (h & 0x7fffffff) % partitions


def plan_submissions(run):
    """N distinct submissions: every (target, city, period) at least once, the rest as further revisions."""
    rng = random.Random(run)
    keys = [(t, c, p) for t in TARGET_CODES for c in CITIES for p in PERIODS]
    chosen = keys + [rng.choice(keys) for _ in range(max(0, N - len(keys)))]
    rng.shuffle(chosen)
    subs = []
    for i, (target, city, period) in enumerate(chosen[:N] if N >= len(keys) else chosen):
        body = {"target": target, "unit": city, "period": period, "comment": "scale-out %s #%d" % (run, i)}
        if target == RATIO_TARGET:
            den = rng.randint(1000, 20000)
            body.update(numerator=den - rng.randint(0, den // 20), denominator=den)  # value computed by reports
        else:
            body["value"] = rng.randint(50, 500)
        subs.append({"i": i, "gateway": i % 2, "body": body, "idempotency_key": "scale-out-%s-%d" % (run, i)})
    return subs


def submit(sub, keys, stats, lock):
    """POST through the submission's gateway as a departmental system should (docs/clients.md): with an
    Idempotency-Key, and the same request with the same key again when the answer leaves the outcome open (no
    answer, 502, 503, 504; a gateway can meet a pooled connection closing under it). 429 waits Retry-After, 409
    CONCURRENT_SUBMISSION / IDEMPOTENCY_KEY_IN_USE is retried. "Stored exactly once" below proves no retry stored twice."""
    url = GATEWAYS[sub["gateway"]] + "/api/v1/measurements"
    key = keys[sub["body"]["unit"]]
    headers = {"Idempotency-Key": sub["idempotency_key"]}
    deadline = time.time() + 120
    pause = 0.25
    while True:
        status, body, answer_headers = call("POST", url, key, sub["body"], headers=headers)
        code = body.get("code") if isinstance(body, dict) else None
        if time.time() < deadline:
            if status == 429:
                with lock:
                    stats["rate_limited"] += 1
                time.sleep(min(5.0, float(answer_headers.get("Retry-After", "1") or 1)))
                continue
            if status == 409 and code in ("CONCURRENT_SUBMISSION", "IDEMPOTENCY_KEY_IN_USE"):
                with lock:
                    stats["concurrent_retries"] += 1
                time.sleep(random.uniform(0.05, 0.3))
                continue
            if status in RETRYABLE and "timed out" not in str(body):
                with lock:
                    stats["open_retries"] += 1
                    stats["open_retries.gateway%d" % (sub["gateway"] + 1)] += 1
                    stats["open: %s %s" % (status, code or str(body)[:60])] += 1
                time.sleep(pause)
                pause = min(pause * 2, 4.0)
                continue
        sub["status"], sub["answer"] = status, body
        return sub


def main():
    started = time.time()
    run = uuid.uuid4().hex[:10]
    admin = admin_key()
    print("scale-out test, run %s: gateways %s, reports %s, targets %s" % (run, GATEWAYS, REPORTS, TARGETS))

    print("the instances")
    for base in GATEWAYS + REPORTS + TARGETS:
        check(call("GET", base + "/q/health/ready", timeout=10)[0] == 200, "%s is ready" % base)
    parts = {t: murmur2_partition(t) for t in TARGET_CODES}
    print("        %s partitions by key: %s" % (TOPIC, ", ".join("%s -> %d" % kv for kv in parts.items())))

    def both_consumers_assigned():
        snap = instance_counters()
        return snap["targets1.partitions"] > 0 and snap["targets2.partitions"] > 0 \
            and snap["targets1.partitions"] + snap["targets2.partitions"] == PARTITIONS
    wait_until("both targets instances own partitions of %s (group %s)" % (TOPIC, GROUP), both_consumers_assigned, 90, 1)

    # reports-service learns units and targets from Kafka; on a fresh stack give it a moment.
    in_list = lambda items: ",".join("'%s'" % x for x in items)  # noqa: E731
    wait_until("reports-service knows the cities and targets", lambda: len(psql("reports", (
        "SELECT code FROM unit_copy WHERE code IN (%s) UNION ALL SELECT code FROM target_copy WHERE code IN (%s)")
        % (in_list(CITIES), in_list(TARGET_CODES)))) == len(CITIES) + len(TARGET_CODES), 90, 1)

    print("reporter keys")
    keys = {}
    for city in CITIES:
        status, issued, _ = call("POST", GATEWAYS[len(keys) % 2] + "/api/v1/units/%s/api-keys" % city, admin,
                                 {"label": "scale-out %s %s" % (run, city)})
        check(status == 201 and str(issued.get("apiKey", "")).startswith("fjq_"),
              "admin mints a REPORTER key for %s (%s)" % (city, status))
        keys[city] = issued.get("apiKey") if isinstance(issued, dict) else None
    if failures:
        return report_and_exit()

    before_rows = {(r[0], r[1], r[2], r[3]): int(r[4]) for r in psql("reports", (
        "SELECT target_code, unit_code, place_code, period, revision FROM measurement WHERE target_code IN (%s)")
        % in_list(TARGET_CODES))}
    before = instance_counters()
    run_start = psql("reports", "SELECT now()")[0][0]

    subs = plan_submissions(run)
    print("sending %d submissions (%d targets x %d cities x %d periods, %d revisions on average) with %d threads"
          % (len(subs), len(TARGET_CODES), len(CITIES), len(PERIODS),
             len(subs) // (len(TARGET_CODES) * len(CITIES) * len(PERIODS)), WORKERS))
    stats, lock = collections.Counter(), threading.Lock()
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        done = list(pool.map(lambda s: submit(s, keys, stats, lock), subs))
    send_seconds = time.time() - t0
    accepted = [s for s in done if s["status"] == 201]
    rejected = [s for s in done if s["status"] != 201]
    per_gateway = collections.Counter(s["gateway"] for s in accepted)
    print("        %d sent in %.1f s: %d accepted (gateway 1: %d, gateway 2: %d), %d rejected; %d retries after "
          "409 CONCURRENT_SUBMISSION, %d after 429, %d after an open outcome (same Idempotency-Key)"
          % (len(done), send_seconds, len(accepted), per_gateway[0], per_gateway[1], len(rejected),
             stats["concurrent_retries"], stats["rate_limited"], stats["open_retries"]))
    for what, n in sorted((k, v) for k, v in stats.items() if k.startswith("open: ")):
        print("        retried %d x after %s" % (n, what[len("open: "):]))
    reasons = collections.Counter((s["status"], s["answer"].get("code") if isinstance(s["answer"], dict) else str(s["answer"])[:80])
                                  for s in rejected)
    for (status, code), n in reasons.items():
        print("        rejected: %d x %s %s" % (n, status, code))
    check(not rejected, "every submission was accepted (201)")
    for s in accepted:
        a = s["answer"]
        s["id"], s["revision"], s["value"], s["place"] = a["id"], int(a["revision"]), float(a["value"]), a.get("place")
    elsewhere = [s for s in accepted if s["place"] != s["body"]["unit"]]
    check(not elsewhere, "every accepted value names no place and describes the city itself (answer's place; %d do not%s)"
          % (len(elsewhere), ": %s -> %s" % (elsewhere[0]["body"]["unit"], elsewhere[0]["place"]) if elsewhere else ""))
    by_revision = collections.Counter((s["id"], s["revision"]) for s in accepted)
    check(all(n == 1 for n in by_revision.values()),
          "no two accepted submissions got the same (measurement, revision) (%d doubled)"
          % sum(1 for n in by_revision.values() if n > 1))

    # The latest accepted revision of each (target, unit, period): what progress must show.
    latest = {}
    for s in accepted:
        k = (s["body"]["target"], s["body"]["unit"], s["body"]["period"])
        if k not in latest or s["revision"] > latest[k]["revision"]:
            latest[k] = s

    print("waiting for the outbox and the progress projection")
    wait_until("reports' outbox is drained (no outbox_event with published_at NULL)",
               lambda: psql("reports", "SELECT count(*) FROM outbox_event WHERE published_at IS NULL")[0][0] == "0", 60)
    comment_like = "scale-out %s #%%" % run
    outbox = psql("reports", ("SELECT event_id, envelope, published_at IS NOT NULL FROM outbox_event "
                              "WHERE topic = '%s' AND occurred_at >= '%s'") % (TOPIC, run_start))
    ours = {(s["id"], s["revision"]) for s in accepted}
    events = collections.defaultdict(list)  # (measurement id, revision) -> event ids
    for event_id, envelope, _published in outbox:
        payload = json.loads(envelope).get("payload", {})
        k = (payload.get("measurementId"), int(payload.get("revision", -1)))
        if k in ours:
            events[k].append(event_id)
    event_ids = {e for ids in events.values() for e in ids}
    ids_sql = ",".join("'%s'" % e for e in sorted(event_ids)) or "NULL"

    def progress_caught_up():
        n = psql("targets", "SELECT count(*) FROM processed_event WHERE consumer = '%s' AND event_id IN (%s)"
                 % (CONSUMER, ids_sql))[0][0]
        return int(n) >= len(event_ids)
    wait_until("targets-service applied every event of the run", progress_caught_up, 60)

    print("(a) reports: each accepted submission stored exactly once")
    stored = psql("reports", ("SELECT r.comment, r.measurement_id, r.revision, r.value, m.target_code, m.unit_code, m.period "
                              "FROM measurement_revision r JOIN measurement m ON m.id = r.measurement_id "
                              "WHERE r.comment LIKE '%s'") % comment_like)
    stored_by_comment = collections.defaultdict(list)
    for row in stored:
        stored_by_comment[row[0]].append(row)
    sent_comments = {s["body"]["comment"]: s for s in done}
    check(len(stored) == len(accepted), "measurement_revision rows of this run: %d = accepted %d" % (len(stored), len(accepted)))
    doubled = [c for c, rows in stored_by_comment.items() if len(rows) > 1]
    check(not doubled, "no submission stored twice (%d doubled)" % len(doubled))
    lost = [s["body"]["comment"] for s in accepted if len(stored_by_comment.get(s["body"]["comment"], [])) != 1]
    check(not lost, "every accepted submission is stored as the revision it was answered with (%d missing)" % len(lost))
    mismatched = [s for s in accepted if stored_by_comment.get(s["body"]["comment"])
                  and (stored_by_comment[s["body"]["comment"]][0][1] != s["id"]
                       or int(stored_by_comment[s["body"]["comment"]][0][2]) != s["revision"]
                       or abs(float(stored_by_comment[s["body"]["comment"]][0][3]) - s["value"]) > 1e-9)]
    check(not mismatched, "stored (measurement, revision, value) = the 201 answer for each (%d differ)" % len(mismatched))
    ghost = [c for c in stored_by_comment if c not in sent_comments or sent_comments[c]["status"] != 201]
    check(not ghost, "no rejected submission left a revision (%d)" % len(ghost))
    new_revisions = 0
    for (target, unit, period), s in latest.items():
        new_revisions += s["revision"] - before_rows.get((target, unit, unit, period), 0)
    check(new_revisions == len(accepted), "revision numbers advanced by exactly the accepted count (%d = %d)"
          % (new_revisions, len(accepted)))
    via_api = 0
    ids = sorted({s["id"] for s in accepted})
    for n, mid in enumerate(ids):
        status, revisions, _ = call("GET", GATEWAYS[n % 2] + "/api/v1/measurements/%s/revisions" % mid, admin)
        if status == 200:
            via_api += sum(1 for r in revisions if str(r.get("comment") or "").startswith("scale-out %s #" % run))
    check(via_api == len(accepted), "GET /api/v1/measurements/{id}/revisions (%d measurements, both gateways): %d revisions "
          "of this run = accepted %d" % (len(ids), via_api, len(accepted)))

    print("(b) outbox and %s: each event published once" % TOPIC)
    multi = [k for k, v in events.items() if len(v) != 1]
    check(len(events) == len(accepted) and not multi,
          "one MeasurementRecorded outbox row per accepted submission (%d rows for %d submissions)"
          % (sum(len(v) for v in events.values()), len(accepted)))
    consumer = kafka_tool("org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", KAFKA, "--topic", TOPIC,
                          "--from-beginning", "--timeout-ms", "10000", "--property", "print.partition=true",
                          "--property", "print.offset=true", "--property", "print.key=true", timeout=180)
    on_topic = collections.Counter()
    partitions_seen = collections.Counter()
    records = 0
    for line in consumer.stdout.splitlines():
        brace = line.find("{")
        if brace < 0:
            continue
        records += 1
        try:
            envelope = json.loads(line[brace:])
        except ValueError:
            continue
        if envelope.get("eventId") in event_ids:
            on_topic[envelope["eventId"]] += 1
            pm = re.search(r"Partition:(\d+)", line)
            if pm:
                partitions_seen[int(pm.group(1))] += 1
    duplicates = {e: n for e, n in on_topic.items() if n > 1}
    missing = event_ids - set(on_topic)
    print("        %d records read from %s (all runs); %d carry this run's %d event ids; per partition %s"
          % (records, TOPIC, sum(on_topic.values()), len(event_ids), dict(sorted(partitions_seen.items()))))
    if consumer.returncode != 0 and not records:
        print("        ConsoleConsumer exited %d: %s" % (consumer.returncode, consumer.stderr.strip()[-400:]))
    check(not missing, "every event of the run is on the topic (%d missing)" % len(missing))
    check(sum(on_topic.values()) == len(event_ids) and not duplicates,
          "records with the run's event ids = outbox rows (%d = %d); duplicate event ids on the topic: %d%s"
          % (sum(on_topic.values()), len(event_ids), len(duplicates),
             " (consumers deduplicate them, but two relays published the same row)" if duplicates else ""))

    print("(c) targets: each event applied once, latest revision kept")
    processed = psql("targets", ("SELECT event_id, count(*) FROM processed_event WHERE consumer = '%s' AND event_id IN (%s) "
                                 "GROUP BY event_id") % (CONSUMER, ids_sql))
    check(len(processed) == len(event_ids) and all(r[1] == "1" for r in processed),
          "processed_event (%s): %d rows for %d events, none twice" % (CONSUMER, sum(int(r[1]) for r in processed), len(event_ids)))
    # A city's own values (place = the city), by (target, unit, period).
    points = {(r[0], r[1], r[2]): r for r in psql("targets", (
        "SELECT target_code, unit_code, period, revision, value, coalesce(numerator::text, ''), coalesce(denominator::text, ''), "
        "measurement_id FROM progress_data_point WHERE target_code IN (%s) AND unit_code IN (%s) AND place_code = unit_code")
        % (in_list(TARGET_CODES), in_list(CITIES)))}
    current = {(r[0], r[1], r[2]): r for r in psql("reports", (
        "SELECT target_code, unit_code, period, revision, value, coalesce(numerator::text, ''), coalesce(denominator::text, ''), id "
        "FROM measurement WHERE target_code IN (%s) AND unit_code IN (%s) AND place_code = unit_code")
        % (in_list(TARGET_CODES), in_list(CITIES)))}
    bad = []
    for k, s in latest.items():
        p, c = points.get(k), current.get(k)
        if not p or not c or int(p[3]) != s["revision"] or int(c[3]) != s["revision"] or p[7] != s["id"] \
                or abs(float(p[4]) - s["value"]) > 1e-6 or abs(float(c[4]) - s["value"]) > 1e-9:
            bad.append((k, s["revision"], p and p[3], c and c[3]))
    check(not bad, "progress_data_point = reports' current revision = the latest accepted, for all %d (target, city, period) "
          "of the cities' own place%s"
          % (len(latest), "; differ: %s" % bad[:5] if bad else ""))

    print("(d) PROVINCE progress = what the latest values sent give by the roll-up rule (%s)" % LATEST)
    for target in TARGET_CODES:
        # The run's latest values stand in for reports' rows of the same keys; other units' values (earlier runs on a
        # reused stack) are read from reports with their place.
        known = {(u, s["place"], p): (s["value"], s["body"].get("numerator"), s["body"].get("denominator"))
                 for (t, u, p), s in latest.items() if t == target and p == LATEST}
        expected, how = province_expectation(target, LATEST, known)
        for g, base in enumerate(GATEWAYS):
            status, detail, _ = call("GET", base + "/api/v1/targets/%s/progress?scope=PROVINCE" % target, admin)
            actual = detail.get("actual") if status == 200 and isinstance(detail, dict) else None
            check(actual is not None and expected is not None and abs(float(actual) - expected) < 1e-6,
                  "%s via gateway %d: actual %s = %s (%s; %d of those values sent by this run)"
                  % (target, g + 1, actual, "%.6f" % expected if expected is not None else None, how, len(known)))

    print("(e) both instances did work")
    after = instance_counters()
    delta = {k: after[k] - before.get(k, 0) for k in after}
    for i in (1, 2):
        # A retry after an open outcome gets the stored 201 again when the first attempt had committed: reports
        # then counted two 201s for one submission, but stored it once ((a) above).
        extra = stats["open_retries.gateway%d" % i]
        answered = delta["reports%d.accepted" % i]
        check(per_gateway[i - 1] > 0 and per_gateway[i - 1] <= answered <= per_gateway[i - 1] + extra,
              "reports-service instance %d answered 201 to %d submissions (via gateway %d: %d accepted, %d retried "
              "after an open outcome)" % (i, answered, i, per_gateway[i - 1], extra))
    print("        events relayed to Kafka meanwhile: reports 1 %d, reports 2 %d (sum %d, run's events %d)"
          % (delta["reports1.published"], delta["reports2.published"],
             delta["reports1.published"] + delta["reports2.published"], len(event_ids)))
    check(delta["reports1.published"] > 0 and delta["reports2.published"] > 0, "both outbox relays published events")
    for i in (1, 2):
        check(after["targets%d.partitions" % i] > 0, "targets-service instance %d owns %d of the %d partitions of %s"
              % (i, after["targets%d.partitions" % i], PARTITIONS, TOPIC))
    print("        %s records consumed meanwhile: targets 1 %d, targets 2 %d"
          % (TOPIC, delta["targets1.consumed"], delta["targets2.consumed"]))
    check(delta["targets1.consumed"] > 0 and delta["targets2.consumed"] > 0, "both targets instances consumed events")
    # The group of targets-service's measurements-in channel ("targets-service", or a per-channel
    # "targets-service.<something>"): the members of such a group that own partitions of the topic.
    group = kafka_tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server", KAFKA,
                       "--describe", "--all-groups")
    owners, groups, header = {}, set(), False
    for line in group.stdout.splitlines():
        cols = line.split()
        if cols and cols[0] == "GROUP" and not header:
            print("        %s" % " ".join(cols))
            header = True
        elif len(cols) >= 7 and cols[1] == TOPIC and cols[2].isdigit() \
                and (cols[0] == GROUP or cols[0].startswith(GROUP + ".")) and cols[6] != "-":
            owners[int(cols[2])] = cols[6]
            groups.add(cols[0])
            print("        %s" % " ".join(cols))
    check(len(groups) == 1 and len(owners) == PARTITIONS and len(set(owners.values()) - {"-"}) == 2,
          "ConsumerGroupCommand --describe: %s in group %s is split between 2 consumers (%s)"
          % (TOPIC, "/".join(sorted(groups)) or "?", ", ".join("p%d: %s" % (p, o[:40]) for p, o in sorted(owners.items()))))

    print()
    print("report: %d requests sent, %d accepted (reports 1: %d, reports 2: %d), %d rejected, %d retried after 409, "
          "%d after 429;" % (len(done), len(accepted), per_gateway[0], per_gateway[1], len(rejected),
                             stats["concurrent_retries"], stats["rate_limited"]))
    print("        %d revisions stored, %d outbox rows, %d records with those event ids on %s, %d duplicates, "
          "%d processed_event rows, %d data points checked; %.0f s in all"
          % (len(stored), sum(len(v) for v in events.values()), sum(on_topic.values()), TOPIC, len(duplicates),
             sum(int(r[1]) for r in processed), len(latest), time.time() - started))
    return report_and_exit()


def report_and_exit():
    print()
    if failures:
        print("scale-out test: %d check(s) FAILED" % len(failures))
        for f in failures:
            print("  - " + f)
        return 1
    print("scale-out test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

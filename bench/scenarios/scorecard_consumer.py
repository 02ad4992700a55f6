#!/usr/bin/env python3
"""How many measurements.v1 events targets-service applies per second on top of the scorecard's data set.

Produces N MeasurementRecorded envelopes (a new revision of existing (target, unit, period) values of the benchmark,
key = target code, as reports-service publishes them) with Kafka's own console producer, then times the consumer
from its first to its last processed_event row of these events. Prints one JSON line; used by scorecard.py and
runnable on its own:  scorecard_consumer.py N
"""
import json
import os
import random
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from benchlib import STACK_DIR, psql  # noqa: E402

KAFKA = os.environ.get("BENCH_KAFKA_BOOTSTRAP", "127.0.0.1:%s" % os.environ.get("STACK_KAFKA_PORT", "19092"))
CONSUMER = "targets-service.measurements"


def events(n):
    targets = psql("targets", "SELECT code, reporting_frequency FROM target WHERE plan_code IN ('FJ-OUTLINE-2025', 'BENCH-SYNTH') "
                              "AND retired_at IS NULL ORDER BY code")
    units = [r[0] for r in psql("targets", "SELECT code FROM known_unit ORDER BY code")]
    revision = int(time.time())  # above every earlier revision: each event is applied, not ignored as stale
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rnd = random.Random(42)
    ids, lines = [], []
    for i in range(n):
        code, freq = rnd.choice(targets)
        period = "2025" if freq == "YEAR" else "202512"
        value = round(60 + rnd.random() * 30, 3)
        event_id = str(uuid.uuid4())
        ids.append(event_id)
        payload = {"measurementId": "bench-consumer-%d-%d" % (revision, i), "revision": revision, "targetCode": code,
                   "unitCode": rnd.choice(units), "period": period, "value": value, "numerator": value * 10,
                   "denominator": 1000, "status": "SUBMITTED", "followUp": False, "submittedAt": now,
                   "submittedByKey": "benchconsume"}
        env = {"eventId": event_id, "type": "MeasurementRecorded", "schemaVersion": 1, "occurredAt": now,
               "producer": "reports-service", "aggregateCode": code, "payload": payload}
        lines.append(code + "\t" + json.dumps(env, separators=(",", ":")))
    return ids, lines


def measure(n):
    ids, lines = events(n)
    before = int(psql("targets", "SELECT count(*) FROM processed_event WHERE consumer = '%s'" % CONSUMER)[0][0])
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    t0 = time.time()
    out = subprocess.run([java, "-Xmx256m", "-Dlog4j2.configurationFile=" + os.path.join(STACK_DIR, "kafka", "tools-log4j2.properties"),
                          "-cp", os.path.join(STACK_DIR, "kafka-libs", "*"), "org.apache.kafka.tools.ConsoleProducer",
                          "--bootstrap-server", KAFKA, "--topic", "measurements.v1", "--property", "parse.key=true",
                          "--property", "key.separator=\t", "--producer-property", "linger.ms=5"],
                         input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300)
    produced = time.time()
    if out.returncode != 0:
        raise RuntimeError("console producer failed: %s" % out.stderr[-1000:])
    first = last = None
    deadline = time.time() + 600
    done = 0
    while time.time() < deadline:
        done = int(psql("targets", "SELECT count(*) FROM processed_event WHERE consumer = '%s'" % CONSUMER)[0][0]) - before
        now = time.time()
        if done > 0 and first is None:
            first = now
        if done >= n:
            last = now
            break
        time.sleep(0.2)
    if last is None:
        raise RuntimeError("only %d of %d events processed within 600 s" % (done, n))
    # processed_at of the inbox rows gives the consumer's own first-to-last span (no polling granularity)
    span = psql("targets", "SELECT extract(epoch FROM max(processed_at) - min(processed_at)) FROM processed_event "
                           "WHERE consumer = '%s' AND event_id IN (%s)" % (CONSUMER, ",".join("'%s'" % i for i in ids)))[0][0]
    span = float(span) if span else last - t0
    return {"events": n, "produce_s": round(produced - t0, 2), "applied_span_s": round(span, 2),
            "events_per_s": round(n / max(span, 1e-3), 1), "until_all_applied_s": round(last - t0, 2)}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))

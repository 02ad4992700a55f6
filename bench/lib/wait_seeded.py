#!/usr/bin/env python3
"""Waits (bounded) until the stack is usable for the benchmarks: every service ready through its health check,
and reports-service has received the seeded cities and the outline targets from Kafka."""
import sys
import time

from benchlib import CITIES, GATEWAY, REPORTS, TARGET_CODES, TARGETS, UNITS, http, log, psql

deadline = time.time() + 180
need = len(CITIES) + len(TARGET_CODES)
while time.time() < deadline:
    try:
        ready = all(http("GET", base + "/q/health/ready", timeout=5)[0] == 200
                    for base in (UNITS, TARGETS, REPORTS, GATEWAY))
        known = int(psql("reports", "SELECT (SELECT count(*) FROM unit_copy WHERE code IN (%s)) + "
                                    "(SELECT count(*) FROM target_copy WHERE code IN (%s))"
                         % (",".join("'%s'" % c for c in CITIES), ",".join("'%s'" % t for t in TARGET_CODES)))[0][0])
        if ready and known == need:
            log("stack ready, reports-service knows the %d cities and %d targets" % (len(CITIES), len(TARGET_CODES)))
            sys.exit(0)
    except RuntimeError as e:
        log("not yet: %s" % e)
    time.sleep(1)
log("the stack did not become usable within 180 s")
sys.exit(1)

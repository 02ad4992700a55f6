#!/usr/bin/env python3
"""End-to-end smoke test of a running local stack, through the gateway only.

Proves, on the real processes started by `deploy/stack up`:
  - the README's curl flow: the counties are seeded (鼓楼区 found by its division code 350102, a COUNTY under
    FJ-FUZHOU), an admin key creates a unit and lists units;
  - the 2025 outline's targets are all listed with value, unit, comparator and deadline;
  - a REPORTER key of a unit submits a value and sees it; another unit's key cannot read or write it;
  - a reporter's values reach the progress API within a second; with no figure reported for the province, the
    province's figure is the roll-up of the cities (食品抽检合格率 Σnumerator/Σdenominator, 社会公用计量标准 Σ);
  - one roll-up end to end (ROLLUP_TARGET, ROLLUP_PERIOD: a target and period no other check reports): two counties
    of Fuzhou report (Fuzhou's subtree key) -> Fuzhou's figure is their sum, ROLLED_UP from 2 of its 12 counties; the
    province rolls up Fuzhou and Xiamen; the lead unit FJ-AMR reports a province-wide figure -> the province shows
    that figure, REPORTED, with a PLACES reconciliation (flagged once the figure is below the cities' partial sum);
    the city comparison ranks the cities;
  - a revoked key stops working within the gateway's key-cache time;
  - the services refuse a direct call without the gateway's token.
Loopback only; every wait is bounded. Exit status 0 when every check passed. Safe to rerun on the same stack: the
unit it creates is not a place (no county is added under Fuzhou), and the roll-up scenario first returns the
province figure FJ-AMR reported in an earlier run, so it starts from the roll-up again.
"""
import json
import os
import sys
import time
import urllib.parse
import uuid

import checklib
from checklib import REPO, STACK_DIR, admin_key, check, failures, http  # noqa: F401 (scorecard_browser reads some via this module)

GATEWAY = os.environ.get("SMOKE_GATEWAY", "http://127.0.0.1:%s" % os.environ.get("STACK_GATEWAY_PORT", "8080"))
SERVICES = {name: ("http://127.0.0.1:%s" % os.environ.get(var, port), path) for name, var, port, path in (
    ("units-service", "STACK_UNITS_PORT", "8081", "/api/v1/units"),
    ("targets-service", "STACK_TARGETS_PORT", "8082", "/api/v1/targets"),
    ("reports-service", "STACK_REPORTS_PORT", "8083", "/api/v1/measurements"))}
OUTLINE = "FJ-OUTLINE-2025"
FOOD = "OL25-FOOD-SAMPLING-PASS-RATE"
STANDARDS = "OL25-PUBLIC-MEASUREMENT-STANDARDS"
# The cities beside Fuzhou and Xiamen that report the food rate, and all five in division-code order (the roll-up's order).
FOOD_OTHER_CITIES = ("FJ-PUTIAN", "FJ-QUANZHOU", "FJ-ZHANGZHOU")
FOOD_CITIES = ["FJ-FUZHOU", "FJ-XIAMEN", "FJ-PUTIAN", "FJ-QUANZHOU", "FJ-ZHANGZHOU"]
# The roll-up scenario: a SUM target FJ-AMR leads and the cities contribute to, which no other check reports
# (scale_out.py and faults.py report STANDARDS, FOOD and OL25-GI-CERTIFICATION-MARKS), in a year this test's other
# scenario does not use.
ROLLUP_TARGET = "OL25-NATL-QUALITY-INSPECTION-CENTERS"
ROLLUP_PERIOD = "2022"
ROLLUP_COUNTIES = [  # (unit, place as sent, value): Gulou names no place (its own), Taijiang names its division code
    ("FJ-FUZHOU-GULOU", None, 14), ("FJ-FUZHOU-TAIJIANG", "350103", 12)]
ROLLUP_XIAMEN = 5
ROLLUP_LEAD = (40, 28)  # FJ-AMR's province figure, then its correction below the cities' partial sum (5 + 26 = 31)


def call(method, path, key=None, body=None, base=GATEWAY, headers=None):
    """(status, parsed body) of a call to a path, through the gateway unless another base is given."""
    status, answer, _ = http(method, base + path, key, body, headers=headers)
    return status, answer


def wait_until(what, probe, seconds=60):
    # Fine-grained polling: the propagation check measures latency with it.
    return checklib.wait_until(what, probe, seconds, interval=0.05)


def as_float(v):
    return None if v is None else float(v)


def point_of(detail, period):
    """The series entry of a period in a progress answer ({} when none)."""
    if not isinstance(detail, dict):
        return {}
    return next((p for p in detail.get("series") or [] if p.get("period") == period), {})


def describe(point):
    """A series entry in a few words, for check messages."""
    if not point:
        return "no figure"
    text = "%s %s" % (point.get("value"), point.get("source"))
    if point.get("source") == "ROLLED_UP":
        text += " from %s/%s %s" % (point.get("placesCovered"), point.get("placesTotal"), ",".join(point.get("rolledUpFrom") or []))
    elif point.get("reportedBy"):
        text += " by %s" % ",".join(point["reportedBy"])
    for c in point.get("checks") or []:
        text += "; %s check: reported %s, derived %s, %s/%s, flagged %s" % (
            c.get("kind"), c.get("reported"), c.get("derived"), c.get("covered"), c.get("of"), c.get("flagged"))
    return text


def mint(admin, unit, label, subtree=False):
    body = {"label": label}
    if subtree:
        body["subtree"] = True
    status, issued = call("POST", "/api/v1/units/%s/api-keys" % unit, admin, body)
    ok = status == 201 and isinstance(issued, dict) and str(issued.get("apiKey", "")).startswith("fjq_")
    check(ok, "admin mints a REPORTER key for %s%s (%s)" % (unit, " (subtree)" if subtree else "", status))
    return issued.get("apiKey") if ok else None


def rollup_scenario(admin, xiamen):
    """Counties -> city -> province, then a department's province-wide figure, through the gateway only."""
    target, period = ROLLUP_TARGET, ROLLUP_PERIOD
    print("roll-up: a value describes a place, a unit reports it (%s, %s)" % (target, period))
    with open(os.path.join(REPO, "targets-service/src/main/resources/catalog/catalog-v1.json"), encoding="utf-8") as f:
        entry = next((t for t in json.load(f)["targets"] if t["code"] == target), {})
    check(entry.get("aggregation") == "SUM" and entry.get("leadUnits") == ["FJ-AMR"]
          and {"FJ-FUZHOU", "FJ-XIAMEN"} <= set(entry.get("contributingUnits", [])),
          "the catalog: %s is SUM, FJ-AMR leads, the cities contribute" % target)

    # A rerun on the same stack: FJ-AMR's province figure of the earlier run is returned (RETURNED values never
    # count), so the province starts from the roll-up again.
    status, page = call("GET", "/api/v1/measurements?target=%s&unit=FJ-AMR&from=%s&to=%s&size=50" % (target, period, period), admin)
    for m in page.get("items", []) if status == 200 else []:
        if m.get("period") == period and m.get("status") != "RETURNED":
            status, _ = call("POST", "/api/v1/measurements/%s/return" % m["id"], admin,
                             {"reason": "stack smoke rerun: the province figure of an earlier run is set aside"})
            check(status == 200, "an earlier run's FJ-AMR figure for %s (place %s) is returned first (%s)"
                  % (period, m.get("place"), status))

    fuzhou_tree = mint(admin, "FJ-FUZHOU", "smoke roll-up FJ-FUZHOU counties", subtree=True)
    amr = mint(admin, "FJ-AMR", "smoke roll-up FJ-AMR")
    for unit_code, place, value in ROLLUP_COUNTIES:
        body = {"target": target, "unit": unit_code, "period": period, "value": value,
                "comment": "stack smoke: a county's share"}
        if place:
            body["place"] = place
        status, answer = call("POST", "/api/v1/measurements", fuzhou_tree, body)
        check(status in (200, 201) and answer.get("place") == unit_code,
              "Fuzhou's subtree key reports %s for %s = %s%s: stored for place %s (%s)"
              % (target, unit_code, value, " (place %s)" % place if place else "",
                 answer.get("place") if isinstance(answer, dict) else None, status))
    status, answer = call("POST", "/api/v1/measurements", xiamen, {"target": target, "unit": "FJ-XIAMEN", "period": period,
                                                                    "value": ROLLUP_XIAMEN})
    check(status in (200, 201) and answer.get("place") == "FJ-XIAMEN", "Xiamen reports its own figure %s (%s)"
          % (ROLLUP_XIAMEN, status))
    counties = sum(v for _u, _p, v in ROLLUP_COUNTIES)
    cities = counties + ROLLUP_XIAMEN

    def figure(scope, want):
        """Waits (bounded) until the scope's figure for the period satisfies want; returns (detail, point)."""
        got = {}

        def probe():
            status, detail = call("GET", "/api/v1/targets/%s/progress?scope=%s" % (target, scope), admin)
            point = point_of(detail, period) if status == 200 else {}
            got["detail"], got["point"] = (detail if isinstance(detail, dict) else {}), point
            return bool(point) and want(point)
        wait_until("%s %s at scope %s shows the expected figure" % (target, period, scope), probe, 30)
        return got.get("detail") or {}, got.get("point") or {}

    detail, point = figure("FJ-FUZHOU", lambda p: as_float(p.get("value")) == counties)
    check(point.get("source") == "ROLLED_UP" and as_float(point.get("value")) == counties and point.get("placesCovered") == 2
          and point.get("placesTotal") == 12 and point.get("rolledUpFrom") == ["FJ-FUZHOU-GULOU", "FJ-FUZHOU-TAIJIANG"],
          "scope=FJ-FUZHOU: %d + %d = %d, ROLLED_UP from 2 of Fuzhou's 12 counties (%s)"
          % (ROLLUP_COUNTIES[0][2], ROLLUP_COUNTIES[1][2], counties, describe(point)))
    check(detail.get("place") == "FJ-FUZHOU" and detail.get("status") == "NOT_APPLICABLE",
          "a city's share of a province total is shown, not judged: status NOT_APPLICABLE (%s)" % detail.get("status"))

    detail, point = figure("PROVINCE", lambda p: p.get("source") == "ROLLED_UP" and as_float(p.get("value")) == cities)
    check(point.get("source") == "ROLLED_UP" and as_float(point.get("value")) == cities and point.get("placesCovered") == 2
          and point.get("placesTotal") == 10 and point.get("rolledUpFrom") == ["FJ-FUZHOU", "FJ-XIAMEN"]
          and not point.get("checks"),
          "scope=PROVINCE with no province figure: Fuzhou %d + Xiamen %d = %d, ROLLED_UP from 2 of 10 cities (%s)"
          % (counties, ROLLUP_XIAMEN, cities, describe(point)))
    tolerance = float((detail.get("thresholds") or {}).get("reconciliationTolerance") or 0)

    def row_of():
        status, page = call("GET", "/api/v1/progress?plan=%s&section=%s" % (OUTLINE, urllib.parse.quote("二、(七)")), admin)
        return next((r for r in page.get("items", []) if r.get("code") == target), {}) if status == 200 else {}
    row = {}

    def row_shows(source, value):
        row.clear()
        row.update(row_of())
        return row.get("source") == source and as_float(row.get("actual")) == value
    wait_until("the progress row of %s shows the roll-up" % target, lambda: row_shows("ROLLED_UP", cities), 30)
    check(row.get("lastPeriod") == period and row.get("placesCovered") == 2 and row.get("placesTotal") == 10
          and row.get("flaggedPeriods") == 0,
          "GET /api/v1/progress: %s latest %s, ROLLED_UP from 2 of 10 cities, actual %s (%s %s %s/%s)"
          % (target, period, cities, row.get("lastPeriod"), row.get("source"), row.get("placesCovered"), row.get("placesTotal")))

    first, corrected = ROLLUP_LEAD
    status, answer = call("POST", "/api/v1/measurements", amr, {"target": target, "unit": "FJ-AMR", "period": period,
                                                                 "value": first, "comment": "stack smoke: province-wide"})
    check(status in (200, 201) and answer.get("place") == "FJ",
          "the lead FJ-AMR reports %s naming no place: it describes the province FJ (%s, place %s)"
          % (first, status, answer.get("place") if isinstance(answer, dict) else None))
    detail, point = figure("PROVINCE", lambda p: p.get("source") == "REPORTED" and as_float(p.get("value")) == first)
    places = next((c for c in point.get("checks") or [] if c.get("kind") == "PLACES"), {})
    check(point.get("source") == "REPORTED" and as_float(point.get("value")) == first and point.get("reportedBy") == ["FJ-AMR"]
          and as_float(detail.get("actual")) == first,
          "scope=PROVINCE: FJ-AMR's figure %s takes precedence over the roll-up, REPORTED (%s)" % (first, describe(point)))
    check(as_float(places.get("reported")) == first and as_float(places.get("derived")) == cities and places.get("covered") == 2
          and places.get("of") == 10 and places.get("flagged") is False and not point.get("flagged"),
          "with a PLACES check beside it: the roll-up %s of 2 of 10 cities, partial, so a difference is expected, not "
          "flagged (%s)" % (cities, places.get("note")))

    status, answer = call("POST", "/api/v1/measurements", amr, {"target": target, "unit": "FJ-AMR", "period": period,
                                                                 "value": corrected, "comment": "stack smoke: corrected"})
    check(status in (200, 201), "FJ-AMR corrects its figure to %s (%s, revision %s)"
          % (corrected, status, answer.get("revision") if isinstance(answer, dict) else None))
    detail, point = figure("PROVINCE", lambda p: p.get("source") == "REPORTED" and as_float(p.get("value")) == corrected)
    places = next((c for c in point.get("checks") or [] if c.get("kind") == "PLACES"), {})
    should_flag = cities > corrected * (1 + tolerance)
    check(should_flag and places.get("flagged") is True and point.get("flagged") is True
          and as_float(places.get("difference")) == corrected - cities,
          "below the cities' partial sum (%s > %s x (1 + tolerance %s)) the PLACES check is flagged: %s"
          % (cities, corrected, tolerance, places.get("note")))
    wait_until("the progress row of %s shows FJ-AMR's figure" % target, lambda: row_shows("REPORTED", corrected), 30)
    check(row.get("lastPeriod") == period and row.get("placesCovered") is None and row.get("flaggedPeriods") == 1
          and row.get("status") == "ACHIEVED",
          "GET /api/v1/progress: %s REPORTED %s, ACHIEVED (>= 24), 1 flagged period (%s %s, placesCovered %s, flagged %s)"
          % (target, corrected, row.get("source"), row.get("status"), row.get("placesCovered"), row.get("flaggedPeriods")))
    detail, point = figure("FJ-FUZHOU", lambda p: True)
    check(point.get("source") == "ROLLED_UP" and as_float(point.get("value")) == counties,
          "a province figure changes nothing below it: scope=FJ-FUZHOU still %s ROLLED_UP (%s)" % (counties, describe(point)))

    print("the city comparison")
    status, body = call("GET", "/api/v1/targets/%s/cities?period=%s" % (target, period), admin)
    lines = {c.get("code"): c for c in body.get("cities", [])} if status == 200 else {}
    province = (body.get("province") or {}) if status == 200 else {}
    check(status == 200 and body.get("period") == period and len(lines) == 10 and "FJ-PINGTAN" in lines,
          "GET /api/v1/targets/%s/cities?period=%s: every city (%d) for %s" % (target, period, len(lines), body.get("period")))
    check(province.get("source") == "REPORTED" and as_float(province.get("value")) == corrected,
          "beside the province's figure: %s REPORTED (%s %s)" % (corrected, province.get("value"), province.get("source")))
    fz, xm = lines.get("FJ-FUZHOU", {}), lines.get("FJ-XIAMEN", {})
    check(fz.get("rank") == 1 and as_float(fz.get("value")) == counties and fz.get("source") == "ROLLED_UP"
          and fz.get("placesCovered") == 2 and fz.get("placesTotal") == 12
          and abs((as_float(fz.get("shareOfProvince")) or 0) - counties / corrected) < 1e-4,
          "rank 1: Fuzhou %s, ROLLED_UP from 2 of 12 counties, %.4f of the province (%s %s %s %s/%s %s)"
          % (counties, counties / corrected, fz.get("rank"), fz.get("value"), fz.get("source"), fz.get("placesCovered"),
             fz.get("placesTotal"), fz.get("shareOfProvince")))
    check(xm.get("rank") == 2 and as_float(xm.get("value")) == ROLLUP_XIAMEN and xm.get("source") == "REPORTED",
          "rank 2: Xiamen %s, REPORTED (%s %s %s)" % (ROLLUP_XIAMEN, xm.get("rank"), xm.get("value"), xm.get("source")))
    rest = [c for k, c in lines.items() if k not in ("FJ-FUZHOU", "FJ-XIAMEN")]
    check(rest and all(c.get("value") is None and c.get("rank") is None for c in rest),
          "the other %d cities have no figure and no rank" % len(rest))
    status, csv_body, headers = http("GET", GATEWAY + "/api/v1/targets/%s/cities?period=%s" % (target, period), admin,
                                     headers={"Accept": "text/csv"})
    text = csv_body.decode("utf-8") if isinstance(csv_body, bytes) else ""
    csv_lines = [line for line in text.lstrip("\ufeff").splitlines() if line]
    check(status == 200 and text.startswith("\ufeff") and len(csv_lines) == 11
          and csv_lines[0].startswith("targetCode,targetNameZh,period,cityCode"),
          "Accept: text/csv gives the same comparison as CSV with a BOM (%s, %d lines)" % (status, len(csv_lines)))


def main():
    admin = admin_key()
    print("stack smoke test against %s" % GATEWAY)

    print("units, as in the README")
    # The README registers 鼓楼区 by hand; the registry now seeds every county of Fujian with its division code.
    status, body = call("POST", "/api/v1/units", admin, {
        "code": "FJ-FUZHOU-GULOU", "nameZh": "鼓楼区", "nameEn": "Gulou District", "type": "COUNTY", "parentCode": "FJ-FUZHOU"})
    check(status == 409, "registering FJ-FUZHOU-GULOU as the README does answers 409: it is seeded (%s %s)"
          % (status, body.get("code") if isinstance(body, dict) else ""))
    status, page = call("GET", "/api/v1/units?division=350102", admin)
    found = page.get("items", []) if status == 200 else []
    gulou = found[0] if len(found) == 1 else {}
    check(gulou.get("code") == "FJ-FUZHOU-GULOU" and gulou.get("type") == "COUNTY" and gulou.get("parentCode") == "FJ-FUZHOU",
          "GET /api/v1/units?division=350102 finds FJ-FUZHOU-GULOU, a COUNTY under FJ-FUZHOU (%s)"
          % ", ".join("%s %s under %s" % (u.get("code"), u.get("type"), u.get("parentCode")) for u in found))
    # A unit that is not a place (a county added under Fuzhou would change Fuzhou's roll-up on every rerun).
    code = "SMOKE-" + uuid.uuid4().hex[:8].upper()
    status, unit = call("POST", "/api/v1/units", admin, {
        "code": code, "nameZh": "冒烟测试中心", "nameEn": "Smoke test centre", "type": "OTHER", "parentCode": "FJ-FUZHOU"})
    check(status == 201 and unit.get("code") == code, "admin creates unit %s (OTHER, under FJ-FUZHOU) through the gateway (%s)"
          % (code, status))
    status, page = call("GET", "/api/v1/units?type=CITY&size=100", admin)
    cities = {u["code"] for u in page.get("items", [])} if status == 200 else set()
    check({"FJ-FUZHOU", "FJ-XIAMEN", "FJ-PINGTAN"} <= cities and len(cities) >= 10, "lists the ten cities (%d)" % len(cities))
    status, page = call("GET", "/api/v1/units?q=%E9%BC%93&size=5", admin)  # 鼓
    check(status == 200, "search by Chinese name answers 200")

    print("the 2025 outline's targets")
    with open(os.path.join(REPO, "targets-service/src/main/resources/catalog/catalog-v1.json"), encoding="utf-8") as f:
        expected = {t["code"] for t in json.load(f)["targets"] if t["planCode"] == OUTLINE}
    status, page = call("GET", "/api/v1/targets?plan=%s&size=500" % OUTLINE, admin)
    listed = page.get("items", []) if status == 200 else []
    check({t["code"] for t in listed} == expected, "GET /api/v1/targets?plan=%s lists all %d outline targets (got %d)" % (OUTLINE, len(expected), len(listed)))
    complete = [t for t in listed if t.get("targetValue") is not None and t.get("unit") and t.get("comparator") and t.get("deadlineYear")]
    check(len(complete) == len(listed), "each with value, unit, comparator and deadline")

    print("reporters: own unit only")
    keys = {}
    for city in ("FJ-FUZHOU", "FJ-XIAMEN"):
        status, issued = call("POST", "/api/v1/units/%s/api-keys" % city, admin, {"label": "smoke " + city})
        check(status == 201 and issued.get("apiKey", "").startswith("fjq_"), "admin mints a REPORTER key for %s" % city)
        keys[city] = issued.get("apiKey")
    fuzhou, xiamen = keys["FJ-FUZHOU"], keys["FJ-XIAMEN"]
    submission = {"target": FOOD, "unit": "FJ-FUZHOU", "period": "2024", "numerator": 9870, "denominator": 10000, "value": 98.7}
    # reports-service learns targets and units from Kafka; on a fresh stack give it a moment.
    answer = {}

    def submitted():
        status, body = call("POST", "/api/v1/measurements", fuzhou, submission)
        answer["status"], answer["body"] = status, body
        return status in (200, 201)
    wait_until("Fuzhou's reporter submits %s for 2024" % FOOD, submitted, 90)
    check(answer.get("status") in (200, 201), "Fuzhou's reporter submits a value for its own unit (%s)" % answer.get("status"))
    status, page = call("GET", "/api/v1/measurements?unit=FJ-FUZHOU&target=%s" % FOOD, fuzhou)
    check(status == 200 and any(m.get("period") == "2024" for m in page.get("items", [])), "and sees it")
    status, body = call("POST", "/api/v1/measurements", xiamen, submission)
    check(status == 403, "Xiamen's key cannot submit for Fuzhou (%s %s)" % (status, body.get("code") if isinstance(body, dict) else ""))
    status, page = call("GET", "/api/v1/measurements?unit=FJ-FUZHOU", xiamen)
    check(status == 403 or (status == 200 and not page.get("items")), "Xiamen's key cannot read Fuzhou's values (%s)" % status)
    status, body = call("POST", "/api/v1/units", fuzhou, {"code": "X-" + code, "nameZh": "x", "nameEn": "x", "type": "OTHER"})
    check(status == 403, "a reporter cannot create units (%s)" % status)

    print("progress: a reporter's values reach the progress API")
    progress_keys = {}
    for city in ("FJ-FUZHOU", "FJ-XIAMEN") + FOOD_OTHER_CITIES:
        status, issued = call("POST", "/api/v1/units/%s/api-keys" % city, admin, {"label": "smoke progress " + city})
        progress_keys[city] = issued.get("apiKey")
    scenario = [  # (unit, target, period, numerator, denominator, value)
        ("FJ-FUZHOU", FOOD, "2023", 9700, 10000, 97.0), ("FJ-XIAMEN", FOOD, "2023", 9700, 10000, 97.0),
        ("FJ-FUZHOU", FOOD, "2024", 9870, 10000, 98.7), ("FJ-FUZHOU", STANDARDS, "2024", None, None, 1300),
        ("FJ-XIAMEN", STANDARDS, "2024", None, None, 1200), ("FJ-XIAMEN", FOOD, "2024", 9800, 10000, 98.0)]
    # Three more cities report the food rate: a ratio is judged once half of the cities have a figure (CoverageRule),
    # and at 98.35 % each they keep the province at 98.35 %.
    scenario += [(c, FOOD, "2023", 9700, 10000, 97.0) for c in FOOD_OTHER_CITIES]
    scenario += [(c, FOOD, "2024", 9835, 10000, 98.35) for c in FOOD_OTHER_CITIES]
    for unit_code, target, period, num, den, value in scenario:
        body = {"target": target, "unit": unit_code, "period": period, "value": value}
        if num is not None:
            body.update(numerator=num, denominator=den)
        status, answer = call("POST", "/api/v1/measurements", progress_keys[unit_code], body)
        check(status in (200, 201), "%s reports %s %s = %s (%s)" % (unit_code, target, period, value, status))
    others = 9835 * len(FOOD_OTHER_CITIES)
    food_cities = 2 + len(FOOD_OTHER_CITIES)
    expected_food = (9870 + 9800 + others) / (10000 * food_cities) * 100  # province rate = Σnumerator / Σdenominator
    seen = {}

    def food_shows(expected_actual):
        status, detail = call("GET", "/api/v1/targets/%s/progress?scope=PROVINCE" % FOOD, progress_keys["FJ-FUZHOU"])
        # the five cities' figure (two of them alone give the same rate, not yet judged)
        if status == 200 and detail.get("actual") is not None and abs(float(detail["actual"]) - expected_actual) < 0.001 \
                and point_of(detail, "2024").get("placesCovered") == food_cities:
            seen["food"] = detail
            return True
        return False
    wait_until("the province food pass rate shows %.2f" % expected_food, lambda: food_shows(expected_food), 30)
    if "food" in seen:
        check(seen["food"].get("status") == "ON_TRACK", "食品抽检合格率 is ON_TRACK (2023 97.00 -> 2024 98.35, forecast %.2f; got %s)"
              % (float(seen["food"].get("forecast") or 0), seen["food"].get("status")))
        check(len(seen["food"].get("series", [])) >= 2, "with its time series")

    # Propagation: a value accepted by reports-service -> visible in targets-service's progress API.
    # Measured over several revisions so one cold sample does not decide it; the median must be within 1 s.
    samples = []
    for i, numerator in enumerate((9801, 9802, 9803, 9804, 9805, 9806, 9800)):  # ends where it began: 98.35
        body = {"target": FOOD, "unit": "FJ-XIAMEN", "period": "2024", "numerator": numerator, "denominator": 10000}
        status, _ = call("POST", "/api/v1/measurements", progress_keys["FJ-XIAMEN"], body)
        accepted_at = time.time()
        expected_actual = (9870 + numerator + others) / (10000 * food_cities) * 100
        deadline = accepted_at + 10
        while time.time() < deadline and not food_shows(expected_actual):
            time.sleep(0.01)
        if status in (200, 201) and time.time() < deadline:
            samples.append(time.time() - accepted_at)
    samples.sort()
    if check(len(samples) == 7, "7 revisions accepted and visible in the progress API (%d)" % len(samples)):
        median = samples[len(samples) // 2]
        print("        accepted -> visible in the progress API: median %.0f ms, max %.0f ms (%s)"
              % (median * 1000, samples[-1] * 1000, ", ".join("%.0f" % (x * 1000) for x in samples)))
        check(median <= 1.0, "visible within a second (median %.0f ms)" % (median * 1000))
    if "food" in seen:
        point = point_of(seen["food"], "2024")
        check(point.get("source") == "ROLLED_UP" and point.get("placesCovered") == food_cities and point.get("placesTotal") == 10
              and point.get("rolledUpFrom") == FOOD_CITIES and as_float(point.get("numerator")) == 19670 + others
              and as_float(point.get("denominator")) == 10000 * food_cities,
              "食品抽检合格率 2024: no figure reported for the province, so the cities' roll-up: (9870 + 9800 + 3 × 9835) / "
              "(5 × 10000) from 5 of 10 cities (%s)" % describe(point))
    status, detail = call("GET", "/api/v1/targets/%s/progress?scope=PROVINCE" % STANDARDS, admin)
    point = point_of(detail, "2024") if status == 200 else {}
    check(status == 200 and detail.get("status") == "ACHIEVED" and abs(float(detail.get("actual") or 0) - 2500) < 0.01
          and point.get("source") == "ROLLED_UP" and point.get("placesCovered") == 2 and point.get("placesTotal") == 10
          and point.get("rolledUpFrom") == ["FJ-FUZHOU", "FJ-XIAMEN"] and not point.get("reportedBy"),
          "社会公用计量标准 2024: no department reported the province, so 1300 (Fuzhou) + 1200 (Xiamen) = 2500 rolled up "
          "from 2 of 10 cities, > 2400: ACHIEVED, since the other cities can only add to it (%s %s; %s)" % (detail.get("actual"), detail.get("status"), describe(point)))
    status, page = call("GET", "/api/v1/progress?plan=%s" % OUTLINE, admin)
    rows = {r["code"]: r for r in page.get("items", [])} if status == 200 else {}
    check(len(rows) == len(expected) and rows.get(FOOD, {}).get("status") == "ON_TRACK",
          "the progress list has every outline target, 食品抽检合格率 ON_TRACK")
    for code_, what, covered in ((FOOD, "食品抽检合格率", food_cities), (STANDARDS, "社会公用计量标准", 2)):
        row = rows.get(code_, {})
        check(row.get("lastPeriod") == "2024" and row.get("source") == "ROLLED_UP" and row.get("placesCovered") == covered
              and row.get("placesTotal") == 10 and row.get("flaggedPeriods") == 0,
              "and its row says so: latest 2024, ROLLED_UP from %d of 10 cities, nothing flagged (%s: %s %s %s/%s, flagged %s)"
              % (covered, what, row.get("lastPeriod"), row.get("source"), row.get("placesCovered"), row.get("placesTotal"),
                 row.get("flaggedPeriods")))

    rollup_scenario(admin, progress_keys["FJ-XIAMEN"])

    print("revocation")
    key_id = fuzhou.split("_")[1]
    status, _ = call("POST", "/api/v1/api-keys/%s/revoke" % key_id, admin)
    check(status == 200, "admin revokes Fuzhou's key")
    wait_until("the revoked key is refused within the key-cache time",
               lambda: call("GET", "/api/v1/units/FJ", fuzhou)[0] == 401, 30)

    print("no way around the gateway")
    for name, (base, path) in SERVICES.items():
        status, body = call("GET", path, admin, base=base)
        check(status == 401, "%s refuses an API key presented directly on %s (%s)" % (name, path, status))
        status, body = call("GET", path, None, base=base)
        check(status == 401, "%s refuses a call without any credential (%s)" % (name, status))

    print()
    if failures:
        print("stack smoke test: %d check(s) FAILED" % len(failures))
        return 1
    print("stack smoke test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Validate the unit registry seed and the plan/target catalog against the seed documents.

Usage: python3 deploy/tools/check_catalog.py [--repo DIR]

Checks
  units-service/src/main/resources/seed/units-v1.json
    - JSON parses, version 1, codes unique and well-formed (A-Z 0-9 '-', max 32)
    - type enum, parentCode exists (null only for the PROVINCE), ISO dates, activeFrom <= activeTo
    - every alias is unique across all units (an alias names exactly one unit)
    - a unit with activeTo carries a note; "merged into CODE" names an existing unit
    - every unit named in the seeds as lead / responsible / cooperating unit resolves to an alias
      (牵头单位 in 000/003, "...按职责(分工)落实/负责", "...牵头" lists in 002/003/004, the addressee
      list of 003), and that unit is active on the seed's date
  targets-service/src/main/resources/catalog/catalog-v1.json
    - JSON parses, version 1, plan codes unique, plan years sane, source document exists
    - target codes unique and well-formed (A-Z 0-9 '-', max 48), prefix consistent per plan
    - enums: kind, comparator, direction, reportingFrequency, aggregation
    - deadlineYear within the plan's startYear..endYear
    - sourceText occurs verbatim in seeds/<sourceDocument>
    - sourceText contains targetValue as written: the number without a trailing ".0"
      (98.5 -> "98.5", 10000.0 -> "10000"), or its 万/亿 form (10000 -> "1万", 2e8 -> "2亿"),
      not embedded in a longer number
    - RATE: bounds 0..100 and the value within them; any bound pair ordered, value within bounds
      (RELATIVE_CHANGE: the change is not checked against level bounds)
    - RELATIVE_CHANGE has a baseline with a year before the deadline
    - leadUnits non-empty, all lead/contributing unit codes exist, lead units active within the
      plan period, no unit both lead and contributing
Prints a summary and exits 1 on any error.
"""
import argparse
import datetime as dt
import json
import os
import re
import sys
from collections import Counter, defaultdict

UNIT_TYPES = {"PROVINCE", "PROVINCIAL_DEPARTMENT", "CENTRAL_AGENCY_BRANCH", "CITY", "COUNTY", "OTHER"}
KINDS = {"RATE", "INDEX", "LEVEL", "CUMULATIVE", "ANNUAL", "RELATIVE_CHANGE"}
COMPARATORS = {"GT", "GE", "LT", "LE", "EQ"}
DIRECTIONS = {"INCREASE", "DECREASE"}
FREQUENCIES = {"YEAR", "HALF", "QUARTER", "MONTH"}
AGGREGATIONS = {"SUM", "RATIO", "LEAD_UNIT_ONLY"}
UNIT_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
TARGET_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
PLAN_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
KNOWN_PREFIX = {
    "FJ-OUTLINE-2025": "OL25-",
    "FJ-WP-2023": "WP23-",
    "FJ-WP-2021": "WP21-",
    "FJ-CG-2020": "CG20-",
    "FJ-AP-2014": "AP14-",
}
UNIT_FIELDS = {"code", "nameZh", "nameEn", "type", "parentCode", "activeFrom", "activeTo", "aliases", "note", "contactEmail"}
PLAN_FIELDS = {"code", "titleZh", "titleEn", "issuer", "issuedDate", "startYear", "endYear", "sourceDocument"}
TARGET_FIELDS = {"code", "planCode", "section", "nameZh", "nameEn", "kind", "comparator", "targetValue", "unit",
                 "deadlineYear", "baseline", "direction", "reportingFrequency", "aggregation", "lowerBound",
                 "upperBound", "leadUnits", "leadUnitsAssigned", "contributingUnits", "sourceDocument", "sourceText"}

errors = []


def err(msg):
    errors.append(msg)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def parse_date(s, where):
    try:
        return dt.date.fromisoformat(s)
    except (TypeError, ValueError):
        err(f"{where}: bad ISO date {s!r}")
        return None


def fmt_number(v):
    """The number as a document writes it: no trailing '.0', no exponent."""
    if float(v).is_integer():
        return str(int(v))
    s = repr(float(v))
    if "e" in s or "E" in s:
        s = f"{v:.10f}".rstrip("0").rstrip(".")
    return s


def number_forms(v):
    v = abs(v)
    forms = {fmt_number(v)}
    for factor, suffix in ((10000, "万"), (100000000, "亿")):
        if v >= factor:
            forms.add(fmt_number(round(v / factor, 10)) + suffix)
    return forms


def contains_number(text, v):
    for form in number_forms(v):
        digits = re.escape(form)
        if re.search(r"(?<![0-9.])" + digits + r"(?![0-9])" + ("" if form[-1] in "万亿" else r"(?!\.[0-9])"), text):
            return True
    return False


# ---------------------------------------------------------------------------------------------
def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        err(f"{path}: cannot read JSON: {e}")
        return None


def check_units(data):
    units = {}
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("units"), list):
        err("units: expected {\"version\": 1, \"units\": [...]}")
        return units
    alias_owner = {}
    for i, u in enumerate(data["units"]):
        where = f"units[{i}] {u.get('code')}"
        missing = UNIT_FIELDS - set(u)
        extra = set(u) - UNIT_FIELDS
        if missing:
            err(f"{where}: missing fields {sorted(missing)}")
        if extra:
            err(f"{where}: unknown fields {sorted(extra)}")
        code = u.get("code")
        if not isinstance(code, str) or not UNIT_CODE.match(code) or len(code) > 32:
            err(f"{where}: bad code")
            continue
        if code in units:
            err(f"{where}: duplicate code")
        units[code] = u
        if u.get("type") not in UNIT_TYPES:
            err(f"{where}: bad type {u.get('type')!r}")
        for f in ("nameZh", "nameEn"):
            if not isinstance(u.get(f), str) or not u.get(f).strip():
                err(f"{where}: empty {f}")
        af = parse_date(u.get("activeFrom"), where + " activeFrom")
        at = u.get("activeTo")
        if at is not None:
            at = parse_date(at, where + " activeTo")
            if af and at and at < af:
                err(f"{where}: activeTo before activeFrom")
            if not u.get("note"):
                err(f"{where}: inactive unit without note")
        if u.get("contactEmail") is not None and not re.match(r"^[^@\s]+@[^@\s]+$", str(u.get("contactEmail"))):
            err(f"{where}: bad contactEmail")
        aliases = u.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            err(f"{where}: aliases must be a non-empty list")
            continue
        if u.get("nameZh") not in aliases:
            err(f"{where}: nameZh not among aliases")
        for a in aliases:
            if not isinstance(a, str) or not a.strip() or a != a.strip():
                err(f"{where}: bad alias {a!r}")
                continue
            if a in alias_owner and alias_owner[a] != code:
                err(f"alias {a!r} used by {alias_owner[a]} and {code}")
            elif a in alias_owner:
                err(f"{where}: alias {a!r} listed twice")
            alias_owner[a] = code
    for code, u in units.items():
        p = u.get("parentCode")
        if u.get("type") == "PROVINCE":
            if p is not None:
                err(f"unit {code}: PROVINCE must have parentCode null")
        elif p not in units:
            err(f"unit {code}: parentCode {p!r} does not exist")
        note = u.get("note") or ""
        for m in re.finditer(r"(?:merged into|succeeded by)\s+([A-Z][A-Z0-9-]+)", note):
            if m.group(1) not in units:
                err(f"unit {code}: note names unknown unit {m.group(1)}")
    # cycle check
    for code in units:
        seen, c = set(), code
        while c is not None and c in units:
            if c in seen:
                err(f"unit {code}: parent cycle")
                break
            seen.add(c)
            c = units[c].get("parentCode")
    return units, alias_owner


def active_on(u, day):
    af = dt.date.fromisoformat(u["activeFrom"])
    at = dt.date.fromisoformat(u["activeTo"]) if u.get("activeTo") else dt.date.max
    return af <= day <= at


# Seed documents, the date each was written, and how they name their units.
SEED_DATES = {
    "000_afd838a4ca9f2744.txt": dt.date(2023, 3, 14),
    "002_347a0009133f20cb.txt": dt.date(2014, 6, 10),
    "003_e170bacc13e6e5d6.txt": dt.date(2021, 3, 17),
    "004_7db246bfae53be3e.txt": dt.date(2017, 1, 20),
}
LIST_TAIL = re.compile(r"(等有关部门参加|等各有关部门按职责分工负责|等单位按职责落实|等按职责分工负责|按职责分工负责|按职责分工落实|"
                       r"按照职责落实|按职责落实|牵头落实|具体负责组织实施)$")


def split_names(chunk):
    names = []
    for part in re.split(r"[、，,]", chunk):
        part = part.strip()
        part = LIST_TAIL.sub("", part)
        part = re.sub(r"(牵头|等有关部门|等单位|等各有关部门|等)$", "", part)
        if part:
            names.append(part)
    return names


def seed_unit_mentions(seeds_dir):
    """Yield (document, name) for every unit the seeds name as lead/responsible/cooperating unit."""
    for doc in SEED_DATES:
        path = os.path.join(seeds_dir, doc)
        if not os.path.exists(path):
            err(f"seed {doc} missing")
            continue
        raw = open(path, encoding="utf-8").read()
        flat = re.sub(r"\s+", "", raw)
        flat = re.sub(r"—\d+—", "", flat)
        for m in re.finditer(r"牵头单位[:：∶]([^）)]+)[）)]", flat):
            for n in split_names(m.group(1)):
                yield doc, n
        for m in re.finditer(r"[（(]([^（）()]{2,200}?(?:按职责分工负责|按职责分工落实|按照职责落实|按职责落实|牵头落实|有关部门参加))[）)]", flat):
            chunk = m.group(1)
            for piece in re.split(r"[，,]", chunk):
                for n in split_names(piece):
                    yield doc, n
        if doc.startswith("003_"):
            head = raw.split("\n", 1)[0]
            head = head.rstrip(":：")
            for piece in head.split(";"):
                for n in split_names(piece):
                    yield doc, n


def check_seed_units(units, alias_owner, seeds_dir):
    count = 0
    for doc, name in seed_unit_mentions(seeds_dir):
        count += 1
        code = alias_owner.get(name)
        if code is None:
            err(f"seed {doc}: unit {name!r} has no alias in units-v1.json")
            continue
        if not active_on(units[code], SEED_DATES[doc]):
            err(f"seed {doc}: {name!r} maps to {code}, which was not active on {SEED_DATES[doc]}")
    return count


# ---------------------------------------------------------------------------------------------
def check_catalog(data, units, seeds_dir):
    plans, targets = {}, []
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("plans"), list) \
            or not isinstance(data.get("targets"), list):
        err("catalog: expected {\"version\": 1, \"plans\": [...], \"targets\": [...]}")
        return plans, targets
    seed_text = {}

    def seed(doc):
        if doc not in seed_text:
            p = os.path.join(seeds_dir, doc) if isinstance(doc, str) else None
            if not p or os.path.basename(doc) != doc or not os.path.exists(p):
                err(f"source document {doc!r} not found in {seeds_dir}")
                seed_text[doc] = None
            else:
                seed_text[doc] = open(p, encoding="utf-8").read()
        return seed_text[doc]

    for i, p in enumerate(data["plans"]):
        where = f"plans[{i}] {p.get('code')}"
        if PLAN_FIELDS - set(p):
            err(f"{where}: missing fields {sorted(PLAN_FIELDS - set(p))}")
        if set(p) - PLAN_FIELDS:
            err(f"{where}: unknown fields {sorted(set(p) - PLAN_FIELDS)}")
        code = p.get("code")
        if not isinstance(code, str) or not PLAN_CODE.match(code) or len(code) > 32:
            err(f"{where}: bad plan code")
            continue
        if code in plans:
            err(f"{where}: duplicate plan code")
        plans[code] = p
        for f in ("titleZh", "titleEn", "issuer"):
            if not isinstance(p.get(f), str) or not p.get(f).strip():
                err(f"{where}: empty {f}")
        d = parse_date(p.get("issuedDate"), where + " issuedDate")
        sy, ey = p.get("startYear"), p.get("endYear")
        if not isinstance(sy, int) or not isinstance(ey, int) or sy > ey:
            err(f"{where}: bad startYear/endYear")
        elif d and d.year > ey:
            err(f"{where}: issued after its horizon")
        seed(p.get("sourceDocument"))

    seen = set()
    prefix_of_plan = defaultdict(set)
    for i, t in enumerate(data["targets"]):
        code = t.get("code")
        where = f"targets[{i}] {code}"
        targets.append(t)
        if TARGET_FIELDS - set(t):
            err(f"{where}: missing fields {sorted(TARGET_FIELDS - set(t))}")
        if set(t) - TARGET_FIELDS:
            err(f"{where}: unknown fields {sorted(set(t) - TARGET_FIELDS)}")
        if not isinstance(code, str) or not TARGET_CODE.match(code) or len(code) > 48:
            err(f"{where}: bad target code")
        elif code in seen:
            err(f"{where}: duplicate target code")
        seen.add(code)
        plan = plans.get(t.get("planCode"))
        if plan is None:
            err(f"{where}: unknown planCode {t.get('planCode')!r}")
        elif isinstance(code, str):
            pre = code.split("-", 1)[0] + "-"
            prefix_of_plan[plan["code"]].add(pre)
            want = KNOWN_PREFIX.get(plan["code"])
            if want and pre != want:
                err(f"{where}: code prefix must be {want}")
        for f in ("section", "nameZh", "nameEn", "unit"):
            if not isinstance(t.get(f), str) or not t.get(f).strip():
                err(f"{where}: empty {f}")
        kind = t.get("kind")
        if kind not in KINDS:
            err(f"{where}: bad kind {kind!r}")
        if t.get("comparator") not in COMPARATORS:
            err(f"{where}: bad comparator {t.get('comparator')!r}")
        if t.get("direction") not in DIRECTIONS:
            err(f"{where}: bad direction {t.get('direction')!r}")
        if t.get("reportingFrequency") not in FREQUENCIES:
            err(f"{where}: bad reportingFrequency {t.get('reportingFrequency')!r}")
        if t.get("aggregation") not in AGGREGATIONS:
            err(f"{where}: bad aggregation {t.get('aggregation')!r}")
        value = t.get("targetValue")
        if not is_num(value):
            err(f"{where}: targetValue must be a number")
            value = None
        dy = t.get("deadlineYear")
        if not isinstance(dy, int):
            err(f"{where}: deadlineYear must be an integer")
        elif plan and not (plan["startYear"] <= dy <= plan["endYear"]):
            err(f"{where}: deadlineYear {dy} outside plan {plan['startYear']}..{plan['endYear']}")
        lb, ub = t.get("lowerBound"), t.get("upperBound")
        for b, name in ((lb, "lowerBound"), (ub, "upperBound")):
            if b is not None and not is_num(b):
                err(f"{where}: {name} must be a number or null")
        if kind == "RATE":
            if lb != 0 or ub != 100:
                err(f"{where}: RATE bounds must be 0..100")
            if t.get("unit") != "%":
                err(f"{where}: RATE unit must be %")
        if is_num(lb) and is_num(ub) and lb > ub:
            err(f"{where}: lowerBound > upperBound")
        if value is not None and kind != "RELATIVE_CHANGE":
            if is_num(lb) and value < lb:
                err(f"{where}: targetValue below lowerBound")
            if is_num(ub) and value > ub:
                err(f"{where}: targetValue above upperBound")
        bl = t.get("baseline")
        if bl is not None:
            if not isinstance(bl, dict) or set(bl) != {"year", "value"} or not isinstance(bl.get("year"), int) \
                    or not (bl.get("value") is None or is_num(bl.get("value"))):
                err(f"{where}: baseline must be {{year:int, value:number|null}} or null")
            elif isinstance(dy, int) and bl["year"] >= dy:
                err(f"{where}: baseline year not before deadline")
        if kind == "RELATIVE_CHANGE" and not (isinstance(bl, dict) and isinstance(bl.get("year"), int)):
            err(f"{where}: RELATIVE_CHANGE needs a baseline year")
        # units
        lead = t.get("leadUnits")
        contrib = t.get("contributingUnits")
        if not isinstance(lead, list) or not lead:
            err(f"{where}: leadUnits must be a non-empty list")
            lead = []
        if not isinstance(contrib, list):
            err(f"{where}: contributingUnits must be a list")
            contrib = []
        if not isinstance(t.get("leadUnitsAssigned"), bool):
            err(f"{where}: leadUnitsAssigned must be a boolean")
        for c in lead + contrib:
            if c not in units:
                err(f"{where}: unknown unit code {c!r}")
        if len(set(lead)) != len(lead) or len(set(contrib)) != len(contrib):
            err(f"{where}: duplicate unit codes")
        both = set(lead) & set(contrib)
        if both:
            err(f"{where}: units both lead and contributing: {sorted(both)}")
        if plan and isinstance(dy, int):
            start, end = dt.date(plan["startYear"], 1, 1), dt.date(dy, 12, 31)
            for c in lead:
                u = units.get(c)
                if u:
                    af = dt.date.fromisoformat(u["activeFrom"])
                    at = dt.date.fromisoformat(u["activeTo"]) if u.get("activeTo") else dt.date.max
                    if at < start or af > end:
                        err(f"{where}: lead unit {c} not active during {start.year}..{dy}")
        # source
        doc = t.get("sourceDocument")
        st = t.get("sourceText")
        body = seed(doc)
        if plan and doc != plan.get("sourceDocument"):
            err(f"{where}: sourceDocument differs from the plan's")
        if not isinstance(st, str) or not st.strip():
            err(f"{where}: empty sourceText")
        elif body is not None:
            if st not in body:
                err(f"{where}: sourceText not found verbatim in {doc}")
            if len(st) > 160:
                err(f"{where}: sourceText longer than 160 characters")
            if value is not None and not contains_number(st, value):
                err(f"{where}: sourceText does not contain {sorted(number_forms(value))}")
    for plan, prefixes in prefix_of_plan.items():
        if len(prefixes) > 1:
            err(f"plan {plan}: mixed target code prefixes {sorted(prefixes)}")
    return plans, targets


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    args = ap.parse_args()
    repo = args.repo
    units_path = os.path.join(repo, "units-service/src/main/resources/seed/units-v1.json")
    catalog_path = os.path.join(repo, "targets-service/src/main/resources/catalog/catalog-v1.json")
    seeds_dir = os.path.join(repo, "seeds")

    units, alias_owner = {}, {}
    udata = load_json(units_path)
    if udata is not None:
        res = check_units(udata)
        if isinstance(res, tuple):
            units, alias_owner = res
    mentions = check_seed_units(units, alias_owner, seeds_dir) if units else 0
    cdata = load_json(catalog_path)
    plans, targets = check_catalog(cdata, units, seeds_dir) if cdata is not None else ({}, [])

    print(f"units: {len(units)} ({', '.join(f'{k} {v}' for k, v in sorted(Counter(u.get('type') for u in units.values()).items()))}); "
          f"aliases: {len(alias_owner)}; inactive: {sum(1 for u in units.values() if u.get('activeTo'))}; "
          f"seed unit mentions resolved: {mentions}")
    print(f"plans: {len(plans)}; targets: {len(targets)}")
    per_plan = Counter(t.get("planCode") for t in targets)
    for code in plans:
        kinds = Counter(t.get("kind") for t in targets if t.get("planCode") == code)
        print(f"  {code:18} {per_plan.get(code, 0):3}  " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("per kind: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(t.get("kind") for t in targets).items())))
    print("per aggregation: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(t.get("aggregation") for t in targets).items())))
    print("per comparator: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(t.get("comparator") for t in targets).items())))
    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("OK: 0 errors")


if __name__ == "__main__":
    main()

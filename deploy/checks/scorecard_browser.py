#!/usr/bin/env python3
"""Loads the analysts' scorecard in headless Chromium against a running stack and checks what it shows.

Run after stack_smoke.py (whose scenarios reported 食品抽检合格率 and 社会公用计量标准 for two cities, and the roll-up
of smoke.ROLLUP_TARGET: two counties of Fuzhou and Xiamen, then FJ-AMR's province-wide figure, flagged against the
cities' partial sum). The page gets the admin key through the URL fragment, as a user's bookmark would; it reads the
API itself. Checks the rendered DOM (cards per target, status, actual vs target, where the province's latest figure
comes from and its coverage, the reconciliation mark, the sparkline with each point's source, Chinese and English,
filters) and saves two screenshots (SCORECARD_SCREENSHOT, default .stack/scorecard.png: the plan from the top; and
the same name with -achieved: the ACHIEVED filter, which shows a rolled-up and a reported card side by side).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import stack_smoke as smoke

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--virtual-time-budget=20000", "--window-size=1400,2200"]


class Cards(HTMLParser):
    """Collects each target card's attributes, its text, its source line and reconciliation mark, and the points of
    its sparkline (period, source, flagged)."""

    def __init__(self):
        super().__init__()
        self.cards, self.depth, self.current, self.part, self.part_depth = {}, 0, None, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "card" in attrs.get("class", ""):
            self.current = {"status": attrs.get("data-status"), "source": attrs.get("data-source"),
                            "flagged": attrs.get("data-flagged"), "text": "", "spark": False, "points": [],
                            "source_text": "", "flag_text": ""}
            self.cards[attrs.get("data-code")] = self.current
            self.depth = 1
        elif self.current is not None:
            self.depth += 1
            classes = attrs.get("class", "").split()
            if tag == "svg" and "spark" in classes:
                self.current["spark"] = True
            elif tag == "g" and "point" in classes:
                self.current["points"].append({"period": attrs.get("data-period"), "source": attrs.get("data-source"),
                                               "flagged": attrs.get("data-flagged")})
            elif tag == "div" and self.part is None and ("source" in classes or "flag" in classes):
                self.part, self.part_depth = ("source_text" if "source" in classes else "flag_text"), self.depth

    def handle_endtag(self, tag):
        if self.current is not None:
            if self.part is not None and self.depth == self.part_depth:
                self.part = None
            self.depth -= 1
            if self.depth == 0:
                self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data
            if self.part:
                self.current[self.part] += data


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("scorecard check: no chromium on PATH (apt-get install chromium)")


def render(url, extra):
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run([chromium(), *CHROMIUM_FLAGS, "--user-data-dir=" + profile, *extra, url],
                             capture_output=True, text=True, timeout=120)
    return out.stdout


def load(query):
    parser = Cards()
    parser.feed(render(smoke.GATEWAY + "/scorecard?plan=" + smoke.OUTLINE + query + "#key=" + smoke.admin_key(), ["--dump-dom"]))
    return parser.cards


def main():
    key = smoke.admin_key()
    base = smoke.GATEWAY + "/scorecard"
    cards = load("")
    print("scorecard in headless Chromium: %d target cards" % len(cards))
    status, page = smoke.call("GET", "/api/v1/targets?plan=%s&size=500" % smoke.OUTLINE, key)
    smoke.check(len(cards) == page.get("total"), "one card per outline target (%d of %s)" % (len(cards), page.get("total")))

    food = cards.get(smoke.FOOD, {})
    smoke.check(food.get("status") == "ON_TRACK", "食品抽检合格率 shows ON_TRACK (%s)" % food.get("status"))
    smoke.check("98.35%" in food.get("text", "") and "≥98.5%" in food.get("text", ""),
                "and its actual 98.35% against the target ≥98.5%")
    smoke.check(food.get("source") == "ROLLED_UP" and "最新 2024年 · 汇总自 5/10 个设区市" in food.get("source_text", ""),
                "and where its latest figure comes from: 最新 2024年 · 汇总自 5/10 个设区市 (%r)" % food.get("source_text"))
    smoke.check(food.get("spark", False) and [(p["period"], p["source"]) for p in food.get("points", [])]
                == [("2023", "ROLLED_UP"), ("2024", "ROLLED_UP")],
                "and a sparkline whose points say their source: %s" % food.get("points"))
    smoke.check(not food.get("flag_text") and food.get("flagged") == "0", "and no reconciliation mark")

    standards = cards.get(smoke.STANDARDS, {})
    smoke.check(standards.get("status") == "ACHIEVED" and re.search(r"2,?500项", standards.get("text", "")) is not None
                and "汇总自 2/10 个设区市" in standards.get("source_text", ""),
                "社会公用计量标准 shows ACHIEVED with 2500项, 汇总自 2/10 个设区市 (%s, %r)"
                % (standards.get("status"), standards.get("source_text")))

    rollup = cards.get(smoke.ROLLUP_TARGET, {})
    period = smoke.ROLLUP_PERIOD
    smoke.check(rollup.get("source") == "REPORTED" and "最新 %s年 · 省级报送" % period in rollup.get("source_text", ""),
                "国家质检中心 (%s) shows its province-wide figure: 最新 %s年 · 省级报送 (%r)"
                % (smoke.ROLLUP_TARGET, period, rollup.get("source_text")))
    smoke.check(rollup.get("flagged") == "1" and "⚠ 核对差异：1 个周期" in rollup.get("flag_text", ""),
                "and a visible reconciliation mark: ⚠ 核对差异：1 个周期 (%r)" % rollup.get("flag_text"))
    smoke.check({"period": period, "source": "REPORTED", "flagged": "true"} in rollup.get("points", []),
                "and its sparkline point %s says REPORTED, flagged (%s)" % (period, rollup.get("points")))
    dom_zh = "".join(c["text"] for c in cards.values())
    smoke.check("食品抽检合格率" in dom_zh and "按进度" in dom_zh, "Chinese names and status labels first")

    english = load("&lang=en")
    food_en, rollup_en = english.get(smoke.FOOD, {}), english.get(smoke.ROLLUP_TARGET, {})
    smoke.check("Latest: 2024 · rolled up from 5 of 10 cities" in food_en.get("source_text", "")
                and "Food safety sampling inspection pass rate" in food_en.get("text", ""),
                "in English (?lang=en): Latest: 2024 · rolled up from 5 of 10 cities (%r)" % food_en.get("source_text"))
    smoke.check("Latest: %s · reported for the province" % period in rollup_en.get("source_text", "")
                and "⚠ Reconciliation: 1 period differs" in rollup_en.get("flag_text", ""),
                "and: reported for the province, ⚠ Reconciliation: 1 period differs (%r, %r)"
                % (rollup_en.get("source_text"), rollup_en.get("flag_text")))

    filtered = load("&status=ACHIEVED")
    smoke.check(filtered and all(c["status"] == "ACHIEVED" for c in filtered.values())
                and {smoke.STANDARDS, smoke.ROLLUP_TARGET} <= set(filtered),
                "the status filter shows only ACHIEVED targets (%d), among them %s and %s"
                % (len(filtered), smoke.STANDARDS, smoke.ROLLUP_TARGET))

    shot = os.path.abspath(os.environ.get("SCORECARD_SCREENSHOT", os.path.join(smoke.STACK_DIR, "scorecard.png")))
    render(base + "?plan=" + smoke.OUTLINE + "#key=" + key, ["--screenshot=" + shot])
    smoke.check(os.path.exists(shot) and os.path.getsize(shot) > 10000, "screenshot saved: %s" % shot)
    achieved = re.sub(r"(\.png)?$", "-achieved.png", shot, count=1)
    render(base + "?plan=" + smoke.OUTLINE + "&status=ACHIEVED#key=" + key, ["--screenshot=" + achieved])
    smoke.check(os.path.exists(achieved) and os.path.getsize(achieved) > 10000, "screenshot saved: %s" % achieved)

    if smoke.failures:
        print("scorecard check: %d check(s) FAILED" % len(smoke.failures))
        return 1
    print("scorecard check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

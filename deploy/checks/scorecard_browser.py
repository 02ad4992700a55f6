#!/usr/bin/env python3
"""Loads the analysts' scorecard in headless Chromium against a running stack and checks what it shows.

Run after stack_smoke.py (whose scenario reported 食品抽检合格率 and 社会公用计量标准 for two cities).
The page gets the admin key through the URL fragment, as a user's bookmark would; it reads the API itself.
Checks the rendered DOM (cards per target, status, actual vs target, sparkline, filters) and saves a
screenshot (SCORECARD_SCREENSHOT, default .stack/scorecard.png).
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
    """Collects each target card's attributes and text."""

    def __init__(self):
        super().__init__()
        self.cards, self.depth, self.current = {}, 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "card" in attrs.get("class", ""):
            self.current = {"status": attrs.get("data-status"), "text": "", "spark": False}
            self.cards[attrs.get("data-code")] = self.current
            self.depth = 1
        elif self.current is not None:
            self.depth += 1
            if tag == "svg" and "spark" in attrs.get("class", ""):
                self.current["spark"] = True

    def handle_endtag(self, tag):
        if self.current is not None:
            self.depth -= 1
            if self.depth == 0:
                self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


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


def main():
    key = smoke.admin_key()
    base = smoke.GATEWAY + "/scorecard"
    dom = render(base + "?plan=" + smoke.OUTLINE + "#key=" + key, ["--dump-dom"])
    parser = Cards()
    parser.feed(dom)
    cards = parser.cards
    print("scorecard in headless Chromium: %d target cards" % len(cards))
    status, page = smoke.call("GET", "/api/v1/targets?plan=%s&size=500" % smoke.OUTLINE, key)
    smoke.check(len(cards) == page.get("total"), "one card per outline target (%d of %s)" % (len(cards), page.get("total")))
    food = cards.get(smoke.FOOD, {})
    smoke.check(food.get("status") == "ON_TRACK", "食品抽检合格率 shows ON_TRACK (%s)" % food.get("status"))
    smoke.check("98.35%" in food.get("text", "") and "≥98.5%" in food.get("text", ""),
                "and its actual 98.35% against the target ≥98.5%")
    smoke.check(food.get("spark", False), "and a sparkline of its series")
    standards = cards.get(smoke.STANDARDS, {})
    smoke.check(standards.get("status") == "ACHIEVED" and re.search(r"2,?500项", standards.get("text", "")) is not None,
                "社会公用计量标准 shows ACHIEVED with 2500项 (%s)" % standards.get("status"))
    smoke.check("食品抽检合格率" in dom and "按进度" in dom, "Chinese names and status labels first")

    filtered = Cards()
    filtered.feed(render(base + "?plan=" + smoke.OUTLINE + "&status=ACHIEVED#key=" + key, ["--dump-dom"]))
    smoke.check(filtered.cards and all(c["status"] == "ACHIEVED" for c in filtered.cards.values()),
                "the status filter shows only ACHIEVED targets (%d)" % len(filtered.cards))

    shot = os.path.abspath(os.environ.get("SCORECARD_SCREENSHOT", os.path.join(smoke.STACK_DIR, "scorecard.png")))
    render(base + "?plan=" + smoke.OUTLINE + "#key=" + key, ["--screenshot=" + shot])
    smoke.check(os.path.exists(shot) and os.path.getsize(shot) > 10000, "screenshot saved: %s" % shot)

    if smoke.failures:
        print("scorecard check: %d check(s) FAILED" % len(smoke.failures))
        return 1
    print("scorecard check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Summarise an async-profiler collapsed file: self top frames, first app frame, thread split, inclusive search.
usage: coll.py FILE [N] [--grep REGEX]"""
import collections, re, sys
f = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 20
g = sys.argv[sys.argv.index("--grep") + 1] if "--grep" in sys.argv else None
selfc, ours, incl, threads = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for line in open(f):
    stack, cnt = line.rstrip().rsplit(" ", 1); cnt = int(cnt); total += cnt
    fr = stack.split(";")
    selfc[fr[-1]] += cnt
    o = next((m for m in reversed(fr) if m.startswith("cn/fjquality") or m.startswith("cn.fjquality")), None)
    ours[o or "(none) " + (fr[1] if len(fr) > 1 else fr[0])[:90]] += cnt
    for m in set(fr): incl[m] += cnt
print("%s: %d samples" % (f, total))
print("-- self"); [print("%5.1f%% %s" % (100.0*c/total, m[:150])) for m, c in selfc.most_common(n)]
print("-- innermost cn.fjquality frame (else the stack's root)"); [print("%5.1f%% %s" % (100.0*c/total, m[:150])) for m, c in ours.most_common(n)]
if g:
    print("-- inclusive matching", g); [print("%5.1f%% %s" % (100.0*c/total, m[:150])) for m, c in incl.most_common() if re.search(g, m)][:n]

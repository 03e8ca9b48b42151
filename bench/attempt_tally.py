#!/usr/bin/env python3
"""The measure of the checks: how many blind attempts (tests/attempts/) a `threadlings dev check`
run caught, per exercise, as a Markdown table for docs/BENCHMARKS.md.
usage: bench/attempt_tally.py DEV_CHECK_OUTPUT...

A wrong attempt is caught when it does not pass; caught "as declared" when it gets the verdict
its attempt.yaml expects. A right attempt is rejected when it does not pass."""
import collections
import re
import sys

line_re = re.compile(r"^(ok  |FAIL|GAP ) (\d\d_\S+)\s+attempt-(\S+)\s+expected (\S+)\s+got (\S+)")
rows = collections.OrderedDict()
missed = []
for path in sys.argv[1:]:
    for line in open(path, errors="replace"):
        m = line_re.match(line)
        if not m:
            continue
        _, ex, name, expected, got = m.groups()
        r = rows.setdefault(ex, collections.Counter())
        if expected == "pass":
            r["right"] += 1
            if got != "pass":
                r["rejected"] += 1
                missed.append(f"{ex} {name}: a right fix got {got}")
        else:
            r["wrong"] += 1
            if got == "pass":
                r["passed"] += 1
                gap = " (a known gap)" if line.startswith("GAP") else ""
                missed.append(f"{ex} {name}: expected {expected}, passed{gap}")
            elif got == expected:
                r["declared"] += 1
            else:
                r["other"] += 1
                missed.append(f"{ex} {name}: expected {expected}, got {got}")

print("| exercise | wrong | caught | as declared | passed (missed) | right | rejected |")
print("|---|---|---|---|---|---|---|")
total = collections.Counter()
for ex, r in rows.items():
    caught = r["wrong"] - r["passed"]
    print(f"| {ex} | {r['wrong']} | {caught} | {r['declared']} | {r['passed']} | {r['right']} | {r['rejected']} |")
    total.update(r)
caught = total["wrong"] - total["passed"]
print(f"| **all** | {total['wrong']} | {caught} | {total['declared']} | {total['passed']} | {total['right']} | {total['rejected']} |")
if missed:
    print("\nNot as declared:\n")
    for m in missed:
        print(f"- {m}")

#!/usr/bin/env python3
"""Turns the tally at the end of a bench/reliability.sh output into the Markdown table of
docs/BENCHMARKS.md. usage: bench/tally_md.py RESULT_FILE..."""
import re, sys

row = re.compile(r"^(\d\d_\S+)\s+(pristine|solution|mutant-\S+|attempt-\S+)\s+(\S+)\s+(\d+/\d+)\s+([\d.]+ s)\s*(.*)$")
print("| exercise | variant | expected | as wanted | slowest run | other verdicts |")
print("|---|---|---|---|---|---|")
bad = 0
for path in sys.argv[1:]:
    in_tally = False
    for line in open(path):
        if line.startswith("exercise ") and "as wanted" in line:
            in_tally = True
            continue
        m = row.match(line.rstrip("\n")) if in_tally else None
        if not m:
            continue
        ex, variant, expected, wanted, slowest, other = m.groups()
        variant = {"pristine": "shipped"}.get(variant, variant.replace("mutant-", "mutant ").replace("attempt-", "attempt "))
        n, total = map(int, wanted.split("/"))
        bad += total - n
        cell = wanted if n == total else f"**{wanted}**"
        print(f"| {ex} | {variant} | {expected} | {cell} | {slowest} | {other.strip()} |")
print(f"\n{bad} unexpected verdicts.", file=sys.stderr)

#!/usr/bin/env python3
"""Checks the files `broadside sim` writes besides its summary against the
summary itself, on sim/examples/rolling_restart.json and cancel.json:

- --invocations FILE.jsonl and FILE.csv: one record per target, the same in
  both formats, whose StatusDetails, Status and ResponseCode counts are the
  summary's;
- --timeseries FILE.csv: samples on a regular grid from 0, at most ~1000, whose
  last one is at the end of the run and holds the summary's counts.

    check_outputs.py BROADSIDE_BINARY SOURCE_ROOT
"""
import collections
import csv
import json
import pathlib
import subprocess
import sys
import tempfile


def fail(msg):
    sys.exit("FAILED: " + msg)


def check(binary, scenario, tmp):
    jsonl, csv_file, series = tmp / "inv.jsonl", tmp / "inv.csv", tmp / "series.csv"
    out = subprocess.run([binary, "sim", "--scenario", str(scenario), "--invocations", str(jsonl),
                          "--timeseries", str(series)], capture_output=True, text=True, check=True)
    summary = json.loads(out.stdout)
    subprocess.run([binary, "sim", "--scenario", str(scenario), "--invocations", str(csv_file)],
                   capture_output=True, text=True, check=True)

    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    with csv_file.open() as f:
        rows = list(csv.DictReader(f))
    if [{k: str(v) for k, v in r.items()} for r in records] != rows:
        fail(f"{scenario.name}: the JSONL and CSV records differ")

    commands = summary["commands"]
    if len(records) != sum(c["target_count"] for c in commands):
        fail(f"{scenario.name}: {len(records)} records for "
             f"{sum(c['target_count'] for c in commands)} targets")
    for c in commands:
        mine = [r for r in records if r["command_id"] == c["command_id"]]
        for field, key in (("status_details", "invocations"), ("status", "invocation_status"),
                           ("response_code", "response_codes")):
            counted = collections.Counter(str(r[field]) for r in mine)
            if counted != collections.Counter(c[key]):
                fail(f"{scenario.name}: {field} counts {dict(counted)} != summary {key} {c[key]}")
        for r in mine:
            if r["finished_ms"] < max(r["requested_ms"], r["sent_ms"], r["end_ms"]):
                fail(f"{scenario.name}: {r} finished before it was requested, sent or ended")
            if (r["sent_ms"] < 0) != (r["attempts"] == 0):
                fail(f"{scenario.name}: {r}: sent and attempts disagree")

    with series.open() as f:
        samples = list(csv.DictReader(f))
    if not 2 <= len(samples) <= 1001:
        fail(f"{scenario.name}: {len(samples)} samples")
    times = [int(s["t_ms"]) for s in samples]
    step = times[1] - times[0]
    if times[0] != 0 or step < 1000 or any(b - a != step for a, b in zip(times, times[1:-1])):
        fail(f"{scenario.name}: samples not on a regular grid from 0: {times[:5]}...")
    last = samples[-1]
    if times[-1] != summary["end_ms"]:
        fail(f"{scenario.name}: last sample at {times[-1]}, the run ended at {summary['end_ms']}")
    totals = collections.Counter()
    for c in commands:
        totals.update(c["invocations"])
    for name in last:
        if name[0].isupper() and int(last[name]) != totals.get(name, 0):
            fail(f"{scenario.name}: last sample {name}={last[name]}, summary {totals.get(name, 0)}")
    if int(last["completed"]) != sum(c["completed_count"] for c in commands):
        fail(f"{scenario.name}: completed {last['completed']} != the summary's CompletedCount")
    if int(last["pending"]) != 0 or int(last["in_flight"]) != 0:
        fail(f"{scenario.name}: the run is over but the last sample has work left: {last}")
    for s in samples:
        if int(s["completed"]) + int(s["in_flight"]) + int(s["pending"]) > len(records):
            fail(f"{scenario.name}: sample {s} counts more than the targets")
    print(f"ok {scenario.name}: {len(records)} records, {len(samples)} samples every {step} ms")


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("rolling_restart.json", "cancel.json"):
            check(binary, root / "sim" / "examples" / name, pathlib.Path(tmp))


if __name__ == "__main__":
    main()

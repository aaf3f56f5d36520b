#!/usr/bin/env python3
"""Runs every scenario in sim/examples through the broadside binary and diffs
its summary and event trace against the expected files beside it
(NAME.summary, NAME.trace), as SimGrid's tesh files do for its examples.

    run_examples.py BROADSIDE_BINARY SOURCE_ROOT [--update]

--update rewrites the expected files from the current output.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

VOLATILE = ("wall_s", "peak_rss_mb")


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"FAILED ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    return done.stdout


def stable(summary_line):
    summary = json.loads(summary_line)
    for key in VOLATILE:
        summary.pop(key, None)
    return json.dumps(summary, indent=2) + "\n"


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    update = "--update" in sys.argv[3:]
    failures = 0
    examples = sorted((root / "sim" / "examples").glob("*.json"))
    if not examples:
        sys.exit("no examples found")
    for scenario in examples:
        with tempfile.NamedTemporaryFile("r", suffix=".trace") as trace:
            out = run([binary, "sim", "--scenario", str(scenario), "--trace", trace.name])
            actual = {".summary": stable(out), ".trace": trace.read()}
        for suffix, text in actual.items():
            expected_file = scenario.with_suffix(suffix)
            if update:
                expected_file.write_text(text)
                continue
            expected = expected_file.read_text() if expected_file.exists() else None
            if text != expected:
                failures += 1
                print(f"MISMATCH {expected_file.name}:\n--- expected\n{expected}\n--- actual\n{text}")
            else:
                print(f"ok {expected_file.name}")

    # The fanout shortcut and the equivalent scenario file agree.
    shortcut = json.loads(run([binary, "sim", "fanout", "--nodes", "300", "--max-concurrency", "50"]))
    from_file = json.loads(run([binary, "sim", "--scenario",
                                str(root / "sim" / "examples" / "fanout_small.json")]))
    by = from_file["commands"][0]["invocations"]
    pairs = {"success": "Success", "failed": "Failed",
             "delivery_timed_out": "DeliveryTimedOut", "terminated": "Terminated"}
    for short_key, wire in pairs.items():
        if shortcut[short_key] != by.get(wire, 0):
            failures += 1
            print(f"MISMATCH fanout shortcut {short_key}={shortcut[short_key]} "
                  f"vs scenario {wire}={by.get(wire, 0)}")
    if shortcut["end_ms"] != from_file["end_ms"]:
        failures += 1
        print("MISMATCH fanout end_ms")

    # The benchmark scenario is a valid file.
    run([binary, "sim", "--scenario", str(root / "benchmarks" / "scenarios" / "fanout.json"),
         "--check"])
    print("ok benchmarks/scenarios/fanout.json")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

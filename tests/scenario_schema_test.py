#!/usr/bin/python3
"""Checks sim/scenario.schema.json against the C++ loader:

    scenario_schema_test.py BROADSIDE_BINARY SOURCE_ROOT

- the schema is a valid draft 2020-12 schema, and every scenario file of the
  repository (sim/examples, benchmarks/scenarios) is valid under it;
- on a set of documents, the schema and `broadside sim --check` agree: both
  accept the valid ones and both reject the invalid ones;
- the rules a schema cannot express (cross-field comparisons, the fleet's
  ids) are rejected by the loader and accepted by the schema: the list below
  is where that boundary is written down.

Run with Debian's /usr/bin/python3 and python3-jsonschema (scripts/setup).
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

BASE = {
    "seed": 5,
    "fleet": [
        {"count": 6, "tags": {"role": "web"},
         "behaviour": {"model": "distributed", "offline_share": 0.1,
                       "latency_ms": {"dist": "uniform", "min": 5, "max": 50},
                       "exec_ms": {"dist": "lognormal", "median": 2000, "sigma": 0.5},
                       "exit_code": {"0": 0.9, "1": 0.1},
                       "output_bytes": {"dist": "exponential", "mean": 500}}},
        {"count": 2, "id_base": 6, "tags": {"role": "db"}},
    ],
    "commands": [{"targets": [{"Key": "tag:role", "Values": ["web", "db"]}],
                  "max_concurrency": "50%", "max_errors": "1"}],
    "faults": [{"from_ms": 1000, "to_ms": 5000, "action": "reboot", "duration_ms": 3000,
                "targets": [{"Key": "tag:role", "Values": ["web"]}], "share": 0.5}],
}

B = ["fleet", 0, "behaviour"]
F = ["faults", 0]
C = ["commands", 0]
DELETE = object()

# (name, [(path, value or DELETE), ...])
VALID = [
    ("the base document", []),
    ("a constant distribution", [(B + ["exec_ms"], 1500)]),
    ("a normal distribution", [(B + ["exec_ms"], {"dist": "normal", "mean": 1000, "stddev": 200,
                                                  "min": 100, "max": 5000})]),
    ("an exponential latency", [(B + ["latency_ms"], {"dist": "exponential", "mean": 20})]),
    ("a fault at one time", [(F + ["from_ms"], DELETE), (F + ["to_ms"], DELETE), (F + ["at_ms"], 10)]),
    ("a count", [(F + ["share"], DELETE), (F + ["count"], 2)]),
    ("all nodes", [(F + ["targets"], DELETE), (F + ["all"], True)]),
    ("instance ids", [(F + ["targets"], DELETE), (F + ["instance_ids"], ["i-00000000000000007"])]),
    ("an agent upgrade", [(F + ["action"], "agent_upgrade"), (F + ["agent_version"], "3.3.1.0")]),
    ("a latency spike", [(F + ["action"], "set_latency"), (F + ["latency_ms"], 400)]),
    ("a permanent stop", [(F + ["action"], "power_off"), (F + ["duration_ms"], DELETE)]),
    ("a fanout group", [(B, {"model": "fanout", "offline_permille": 5})]),
    ("a fixed group", [(B, {"online": False})]),
    ("a periodic command until a time", [(C + ["frequency"], "rate(1h)"), (C + ["until_ms"], 7200000)]),
    ("a periodic cron command with runs", [(C + ["frequency"], "0 0/5 * * * ? UTC"),
                                           (C + ["repeat_mode"], "Period"), (C + ["runs"], 3)]),
    ("an at() schedule, which ends by itself", [(C + ["frequency"], "at(1970-01-02 00:00:00)")]),
]

INVALID = [
    ("an unknown top-level key", [(["sed"], 1)]),
    ("no fleet", [(["fleet"], DELETE)]),
    ("an empty fleet", [(["fleet"], [])]),
    ("an unknown behaviour key", [(B + ["latency"], 3)]),
    ("an unknown model", [(B + ["model"], "random")]),
    ("an unknown distribution", [(B + ["exec_ms", "dist"], "poisson")]),
    ("a negative sigma", [(B + ["exec_ms", "sigma"], -1)]),
    ("a huge sigma", [(B + ["exec_ms", "sigma"], 11)]),
    ("a zero median", [(B + ["exec_ms", "median"], 0)]),
    ("a lognormal without sigma", [(B + ["exec_ms", "sigma"], DELETE)]),
    ("a stray distribution key", [(B + ["exec_ms", "mean"], 3)]),
    ("a uniform without min", [(B + ["latency_ms", "min"], DELETE)]),
    ("a uniform above the range", [(B + ["latency_ms", "max"], 4000000)]),
    ("an exit code above 255", [(B + ["exit_code"], {"0": 0.9, "300": 0.1})]),
    ("an exit code constant above 255", [(B + ["exit_code"], 256)]),
    ("a zero weight", [(B + ["exit_code"], {"0": 0})]),
    ("an empty choice", [(B + ["exit_code"], {})]),
    ("a string for a distribution", [(B + ["exit_code"], "zero")]),
    ("an output size above 1 MiB", [(B + ["output_bytes"], 2000000)]),
    ("an offline share above 1", [(B + ["offline_share"], 1.5)]),
    ("a share above 1", [(F + ["share"], 1.5)]),
    ("a negative count", [(F + ["count"], -1)]),
    ("share and count", [(F + ["count"], 1)]),
    ("from_ms without to_ms", [(F + ["to_ms"], DELETE)]),
    ("at_ms with a range", [(F + ["at_ms"], 5)]),
    ("an unknown action", [(F + ["action"], "explode")]),
    ("no action", [(F + ["action"], DELETE)]),
    ("no selector", [(F + ["targets"], DELETE)]),
    ("two selectors", [(F + ["all"], True)]),
    ("all: false", [(F + ["targets"], DELETE), (F + ["all"], False)]),
    ("empty instance ids", [(F + ["targets"], DELETE), (F + ["instance_ids"], [])]),
    ("latency for a reboot", [(F + ["latency_ms"], 5)]),
    ("a duration for power_off", [(F + ["action"], "power_off")]),
    ("an upgrade without a version", [(F + ["action"], "agent_upgrade")]),
    ("a latency change without latency", [(F + ["action"], "set_latency")]),
    ("an unknown fault key", [(F + ["node"], "i-0")]),
    ("a bad max_errors", [(C + ["max_errors"], "110%")]),
    ("a zero max_concurrency", [(C + ["max_concurrency"], "0")]),
    ("a short timeout", [(C + ["timeout_seconds"], 10)]),
    ("both timeouts", [(C + ["timeout_seconds"], 60), (C + ["delivery_timeout_ms"], 500)]),
    ("a command without targets", [(C + ["targets"], DELETE)]),
    ("an unknown document", [(C + ["document_name"], "AWS-Nope")]),
    ("a bad command id", [(C + ["command_id"], "abc")]),
    ("an unknown platform", [(["fleet", 1, "platform"], "Plan9")]),
    ("a rate that never ends", [(C + ["frequency"], "rate(1h)")]),
    ("Once with a frequency", [(C + ["frequency"], "rate(1h)"), (C + ["runs"], 2),
                               (C + ["repeat_mode"], "Once")]),
    ("Period without a frequency", [(C + ["repeat_mode"], "Period")]),
    ("a reboot-triggered mode", [(C + ["repeat_mode"], "EveryReboot")]),
    ("runs without a frequency", [(C + ["runs"], 2)]),
    ("zero runs", [(C + ["frequency"], "rate(1h)"), (C + ["runs"], 0)]),
    ("an empty frequency", [(C + ["frequency"], ""), (C + ["runs"], 2)]),
]

# Valid for the schema, rejected by the loader: what only the loader checks.
LOADER_ONLY = [
    ("a distribution's max below its min", [(B + ["latency_ms", "max"], 1)]),
    ("to_ms before from_ms", [(F + ["to_ms"], 500)]),
    ("a count above the selection", [(F + ["share"], DELETE), (F + ["count"], 7)]),
    ("a selector matching nothing", [(F + ["targets", 0, "Values"], ["cache"])]),
    ("an unknown instance id", [(F + ["targets"], DELETE),
                                (F + ["instance_ids"], ["i-00000000000000099"])]),
    ("overlapping fleet ids", [(["fleet", 1, "id_base"], 5)]),
    ("a bad frequency", [(C + ["frequency"], "rate(5x)"), (C + ["runs"], 2)]),
    ("an expired at()", [(C + ["frequency"], "at(1970-01-01 00:00:01)"), (C + ["at_ms"], 5000)]),
    ("until_ms not after at_ms", [(C + ["frequency"], "rate(1h)"), (C + ["at_ms"], 10),
                                  (C + ["until_ms"], 10)]),
]


def edited(edits):
    doc = copy.deepcopy(BASE)
    for path, value in edits:
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if value is DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return doc


def loader_accepts(binary, doc):
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(doc, f)
        f.flush()
        done = subprocess.run([binary, "sim", "--scenario", f.name, "--check"],
                              capture_output=True, text=True, timeout=60)
    if done.returncode not in (0, 2):
        sys.exit(f"broadside crashed ({done.returncode}) on {json.dumps(doc)}\n{done.stderr}")
    return done.returncode == 0, done.stderr.strip()


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    schema = json.loads((root / "sim" / "scenario.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0

    files = sorted((root / "sim" / "examples").glob("*.json"))
    files += sorted((root / "benchmarks" / "scenarios").glob("*.json"))
    for path in files:
        errors = list(validator.iter_errors(json.loads(path.read_text())))
        if errors:
            failures += 1
            print(f"INVALID {path.relative_to(root)}: {errors[0].message} at {list(errors[0].path)}")
        else:
            print(f"ok {path.relative_to(root)}")

    for group, want_schema, want_loader in ((VALID, True, True), (INVALID, False, False),
                                            (LOADER_ONLY, True, False)):
        for name, edits in group:
            doc = edited(edits)
            schema_ok = validator.is_valid(doc)
            loader_ok, message = loader_accepts(binary, doc)
            if (schema_ok, loader_ok) != (want_schema, want_loader):
                failures += 1
                print(f"DISAGREE {name}: schema {'accepts' if schema_ok else 'rejects'}, "
                      f"loader {'accepts' if loader_ok else 'rejects'} ({message})")
            else:
                print(f"ok {name}" + (f": {message}" if message else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""End-to-end tests of `broadside sweep` and `broadside worker`, on 127.0.0.1:

  jobs          a local sweep writes the same files, byte for byte, with --jobs 1 and --jobs 3
  errors        a bad parameter fails before anything runs; a run that fails names itself
  distributed   a server and two workers write the same files as a local sweep
  worker_killed a worker killed (SIGKILL) in the middle of a run: its simulation dies with
                it, its run is queued again, another worker runs it, and the files
                still equal the local sweep's

    sweep_test.py BROADSIDE_BINARY [TEST...]

Every process has a timeout, so a hang fails the test instead of blocking CI.
"""
import json
import pathlib
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 300  # seconds, for any one process or wait

# Small and quick: 200 nodes; 3 x 2 grid points x 3 seeds = 18 runs.
SMALL = {
    "seed": 1,
    "fleet": [{"count": 200, "behaviour": {"model": "fanout", "offline_permille": 10,
                                           "fail_permille": 100}}],
    "commands": [{"targets": [{"Key": "InstanceIds", "Values": ["*"]}], "max_concurrency": "20",
                  "max_errors": "10%", "delivery_timeout_ms": 600000}],
}
SMALL_GRID = ["--param", "commands[0].max_concurrency=10,50,25%",
              "--param", "fleet[0].behaviour.fail_permille=0,100", "--seeds", "1-3"]

# Slow enough to be killed in the middle of: 100,000 nodes, most of a second a run.
SLOW = {
    "seed": 1,
    "fleet": [{"count": 100000, "behaviour": {"model": "fanout"}}],
    "commands": [{"targets": [{"Key": "InstanceIds", "Values": ["*"]}], "max_concurrency": "1000",
                  "max_errors": "100%", "delivery_timeout_ms": 600000, "ramp": "none"}],
}
SLOW_GRID = ["--seeds", "1-2"]

OUTPUTS = ("runs.csv", "runs.json", "report.html")

STARTED = []  # every server and worker, killed at the end whatever happens


def start(args, **kwargs):
    proc = subprocess.Popen(args, text=True, **kwargs)
    STARTED.append(proc)
    return proc


class Server:
    """A `sweep --serve 0` process whose stderr lines are collected as they come."""

    def __init__(self, binary, args):
        self.proc = start([binary, "sweep", *args, "--serve", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
        self.lines = queue.Queue()
        self.log = []
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait_for(r"serving \d+ runs on 127\.0\.0\.1:(\d+)").group(1))

    def _read(self):
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, pattern):
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                sys.exit(f"server: no line matching {pattern!r}; log:\n" + "\n".join(self.log))
            self.log.append(line)
            match = re.search(pattern, line)
            if match:
                return match

    def finish(self):
        code = self.proc.wait(timeout=TIMEOUT)
        if code != 0:
            while (line := self.lines.get(timeout=TIMEOUT)) is not None:
                self.log.append(line)
            sys.exit(f"server exited with {code}; log:\n" + "\n".join(self.log))


def worker(binary, port, jobs):
    return start([binary, "worker", "--connect", f"127.0.0.1:{port}", "--jobs", str(jobs)],
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ok(proc, what):
    _, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode != 0:
        sys.exit(f"{what} exited with {proc.returncode}:\n{err}")


def sweep(binary, args):
    done = subprocess.run([binary, "sweep", *args], capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        sys.exit(f"FAILED ({done.returncode}): sweep {' '.join(args)}\n{done.stderr}")


def same_outputs(a, b, what):
    for name in OUTPUTS:
        if (a / name).read_bytes() != (b / name).read_bytes():
            sys.exit(f"{what}: {name} differs between {a} and {b}")


def write_scenario(tmp, name, scenario):
    path = tmp / name
    path.write_text(json.dumps(scenario))
    return str(path)


def test_jobs(binary, tmp):
    base = ["--scenario", write_scenario(tmp, "small.json", SMALL), *SMALL_GRID]
    sweep(binary, [*base, "--jobs", "1", "--out", str(tmp / "jobs1")])
    sweep(binary, [*base, "--jobs", "3", "--out", str(tmp / "jobs3")])
    same_outputs(tmp / "jobs1", tmp / "jobs3", "--jobs 1 vs --jobs 3")
    rows = json.loads((tmp / "jobs1" / "runs.json").read_text())
    if [r["run"] for r in rows] != list(range(18)) or rows[1]["seed"] != 2 \
            or rows[3]["params"] != {"commands[0].max_concurrency": "10",
                                     "fleet[0].behaviour.fail_permille": "100"}:
        sys.exit("runs.json: rows are not in grid order (params outer, seeds inner)")
    if any("wall_s" in r or "peak_rss_mb" in r for r in rows):
        sys.exit("runs.json: rows hold wall-clock fields")


def test_errors(binary, tmp):
    small = write_scenario(tmp, "small.json", SMALL)
    out = tmp / "bad"
    done = subprocess.run([binary, "sweep", "--scenario", small, "--param",
                           "commands[0].max_errors=1,200%", "--out", str(out)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    expected = ('run 1 (seed 1, commands[0].max_errors=200%): commands[0].max_errors: "200%" is not '
                'a count >= 0 or a percentage 0%..100%')
    if done.returncode != 2 or expected not in done.stderr or out.exists():
        sys.exit(f"a bad value: exit {done.returncode}, stderr {done.stderr!r}, out exists {out.exists()}")
    failing = dict(SMALL, faults=[{"at_ms": 5, "action": "reboot", "instance_ids": ["i-nope"]}])
    done = subprocess.run([binary, "sweep", "--scenario", write_scenario(tmp, "failing.json", failing),
                           "--out", str(out)], capture_output=True, text=True, timeout=TIMEOUT)
    # Checked with the rest of the grid, before any run starts.
    if done.returncode != 2 or out.exists() or 'run 0 (seed 1): faults[0].instance_ids[0]: "i-nope" is not ' \
            'a node of the fleet' not in done.stderr:
        sys.exit(f"an unknown node: exit {done.returncode}, stderr {done.stderr!r}")


def test_distributed(binary, tmp):
    base = ["--scenario", write_scenario(tmp, "small.json", SMALL), *SMALL_GRID]
    sweep(binary, [*base, "--jobs", "2", "--out", str(tmp / "local")])
    server = Server(binary, [*base, "--out", str(tmp / "served")])
    workers = [worker(binary, server.port, 1), worker(binary, server.port, 2)]
    server.finish()
    for i, w in enumerate(workers):
        wait_ok(w, f"worker {i + 1}")
    same_outputs(tmp / "local", tmp / "served", "local vs two workers")


def running(pid):
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def simulation_of(worker_proc):
    """The pid of the worker's simulation child process, once one is running."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-P", str(worker_proc.pid)], capture_output=True, text=True)
        if found.stdout.split():
            return int(found.stdout.split()[0])
        if worker_proc.poll() is not None:
            break
        time.sleep(0.01)
    sys.exit("the worker started no simulation")


def test_worker_killed(binary, tmp):
    base = ["--scenario", write_scenario(tmp, "slow.json", SLOW), *SLOW_GRID]
    sweep(binary, [*base, "--jobs", "2", "--out", str(tmp / "local-slow")])
    server = Server(binary, [*base, "--out", str(tmp / "served-slow")])
    doomed = worker(binary, server.port, 1)
    simulation = simulation_of(doomed)
    time.sleep(0.1)  # well inside the run, which takes most of a second or more
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=TIMEOUT)
    server.wait_for(r"worker 1 lost; runs queued again: \d+$")
    deadline = time.monotonic() + 10
    while running(simulation) and time.monotonic() < deadline:
        time.sleep(0.01)
    if running(simulation):
        sys.exit("the killed worker's simulation is still running")
    survivor = worker(binary, server.port, 2)
    server.finish()
    wait_ok(survivor, "the second worker")
    same_outputs(tmp / "local-slow", tmp / "served-slow", "local vs a killed worker")


TESTS = {"jobs": test_jobs, "errors": test_errors, "distributed": test_distributed,
         "worker_killed": test_worker_killed}


def main():
    binary = sys.argv[1]
    try:
        for name in sys.argv[2:] or TESTS:
            with tempfile.TemporaryDirectory(prefix=f"broadside-sweep-{name}-") as tmp:
                TESTS[name](binary, pathlib.Path(tmp))
            print(f"ok: {name}", flush=True)
    finally:
        for proc in STARTED:
            if proc.poll() is None:
                proc.kill()


if __name__ == "__main__":
    main()

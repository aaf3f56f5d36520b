#!/usr/bin/env python3
"""The load run: many invocations at once through `broadside serve` to real agents on
127.0.0.1, with nothing lost.

    benchmarks/load_run.py [--broadside build/cli/broadside] [--agents 20]
                           [--invocations 10000] [--clients 8] [--sleep 1]

Starts `serve` (agents connecting to it, a SQLite database, as in production) and
AGENTS agent processes (`--shell sh`), then sends INVOCATIONS / AGENTS commands as
fast as CLIENTS boto3 clients can, each to every agent (Targets tag:role=load) one
agent at a time (MaxConcurrency 1), a script of SLEEP seconds each: the commands
are all accepted before the first has run on all its agents, so every invocation
is in flight together, while the agents run one script per command at a time.
Each script appends its agent's work directory to its command's marker file. A
prober keeps calling ListCommands and GetCommandInvocation throughout.

Checks (exit 1 if any fails): every command ends Success with every agent's
invocation Success, and the markers show each invocation ran exactly once.

Prints one JSON document: the machine; peak invocations in flight (from /metrics);
wall time against the least it can take, the time to send plus AGENTS scripts one
after the other (wall_ratio); serve's resident memory idle (agents registered) and
at its peak (rss_ratio); the prober's latency p50/p99 idle and under load
(p99_ratio), and SendCommand's under load.
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3
import botocore.config

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from api_bench import machine  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent
REGION = "us-east-1"
TERMINAL = {"Success", "Failed", "Cancelled", "TimedOut"}
IN_FLIGHT = ("Pending", "InProgress", "Delayed")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class Prober:
    """Calls ListCommands and GetCommandInvocation in a loop; keeps their latencies."""

    def __init__(self, client, command_id, instance_id):
        self.client, self.command_id, self.instance_id = client, command_id, instance_id
        self.latencies, self.errors = [], []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop)
        self.thread.start()

    def loop(self):
        while not self.stopping.is_set():
            for call in (lambda: self.client.list_commands(MaxResults=5),
                         lambda: self.client.get_command_invocation(
                             CommandId=self.command_id, InstanceId=self.instance_id)):
                started = time.perf_counter()
                try:
                    call()
                except Exception as e:  # noqa: BLE001 - counted, reported
                    self.errors.append(repr(e))
                self.latencies.append(time.perf_counter() - started)
            time.sleep(0.01)

    def take(self):
        """The latencies so far, and a fresh start."""
        taken, self.latencies = self.latencies, []
        return taken

    def stop(self):
        self.stopping.set()
        self.thread.join()


def in_flight(url):
    text = urllib.request.urlopen(url + "/metrics", timeout=30).read().decode()
    total = 0
    for details in IN_FLIGHT:
        m = re.search(r'broadside_invocations\{status_details="%s"\} (\d+)' % details, text)
        total += int(m.group(1)) if m else 0
    return total


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--broadside", default=str(REPO / "build/cli/broadside"))
    p.add_argument("--agents", type=int, default=20)
    p.add_argument("--invocations", type=int, default=10000)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--sleep", type=float, default=1.0)
    args = p.parse_args()
    commands = max(1, args.invocations // args.agents)
    work = pathlib.Path(tempfile.mkdtemp(prefix="load_run."))
    markers = work / "markers"
    markers.mkdir()
    serve = subprocess.Popen(
        [args.broadside, "serve", "--listen", "127.0.0.1:0", "--agents-listen",
         "127.0.0.1:%d" % free_port(), "--credentials", str(work / "credentials"),
         "--db", str(work / "commands.db"), "--quiet"],
        stdout=subprocess.PIPE, stderr=open(work / "serve.log", "w"), text=True)
    agents = []
    failures = []
    try:
        url = re.search(r"(http://[0-9.:]+)", serve.stdout.readline()).group(1)
        agents_at = re.search(r"connect to ([0-9.:]+)", serve.stdout.readline()).group(1)
        for k in range(args.agents):
            agents.append(subprocess.Popen(
                [args.broadside, "agent", "--connect", agents_at, "--id", "mi-%017x" % (k + 1),
                 "--tags", "role=load", "--shell", "sh", "--work-dir", str(work / ("agent%d" % k))],
                stdout=subprocess.DEVNULL, stderr=open(work / ("agent%d.log" % k), "w")))
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(work / "credentials")
        session = boto3.session.Session(profile_name="default")

        def client():
            return session.client("ssm", region_name=REGION, endpoint_url=url,
                                  config=botocore.config.Config(
                                      retries={"max_attempts": 1}, read_timeout=120,
                                      max_pool_connections=args.clients))

        ssm = client()
        deadline = time.time() + 60
        while len(ssm.describe_instance_information()["InstanceInformationList"]) < args.agents:
            assert time.time() < deadline, "the agents did not register"
            time.sleep(0.1)
        first = ssm.send_command(InstanceIds=["mi-%017x" % 1], DocumentName="AWS-RunShellScript",
                                 Parameters={"commands": ["true"]})["Command"]["CommandId"]
        while ssm.list_commands(CommandId=first)["Commands"][0]["Status"] not in TERMINAL:
            time.sleep(0.05)
        prober = Prober(client(), first, "mi-%017x" % 1)
        time.sleep(2)
        idle_latencies = prober.take()
        idle_rss_kb = status_kb(serve.pid, "VmRSS")

        send_latencies, sent = [], {}
        lock = threading.Lock()

        def send(k):
            c = client()
            started = time.perf_counter()
            command_id = c.send_command(
                Targets=[{"Key": "tag:role", "Values": ["load"]}], MaxConcurrency="1",
                DocumentName="AWS-RunShellScript", TimeoutSeconds=3600,
                Parameters={"commands": ["echo $(basename $PWD) >> %s/%d; sleep %s"
                                         % (markers, k, args.sleep)]}
            )["Command"]["CommandId"]
            with lock:
                send_latencies.append(time.perf_counter() - started)
                sent[command_id] = k

        started = time.perf_counter()
        peak = 0
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            futures = [pool.submit(send, k) for k in range(commands)]
            while not all(f.done() for f in futures):
                peak = max(peak, in_flight(url))
                time.sleep(0.2)
            for f in futures:
                f.result()
        sending = time.perf_counter() - started
        # Until every invocation has ended.
        while True:
            now = in_flight(url)
            peak = max(peak, now)
            if now == 0:
                break
            if serve.poll() is not None:
                raise SystemExit("load_run: serve died")
            time.sleep(0.2)
        wall = time.perf_counter() - started
        load_latencies = prober.take()
        prober.stop()
        peak_rss_kb = status_kb(serve.pid, "VmHWM")

        # Nothing lost: every command Success with all its invocations, each ran once.
        listed = {}
        for page in ssm.get_paginator("list_commands").paginate():
            for c in page["Commands"]:
                listed[c["CommandId"]] = c
        for command_id, k in sent.items():
            c = listed.get(command_id)
            if not c or c["Status"] != "Success" or c["CompletedCount"] != args.agents \
                    or c["TargetCount"] != args.agents:
                failures.append("command %s: %s" % (command_id, c and (c["Status"], c["CompletedCount"])))
            ran = (markers / str(k)).read_text().split() if (markers / str(k)).exists() else []
            if sorted(ran) != sorted("agent%d" % a for a in range(args.agents)):
                failures.append("command %s ran on %s" % (command_id, sorted(ran)))
        if prober.errors:
            failures.append("prober errors: %s" % prober.errors[:3])
        runs = commands * args.agents
        least = sending + args.agents * args.sleep
        result = {
            "machine": machine(),
            "agents": args.agents,
            "commands": commands,
            "invocations": runs,
            "peak_invocations_in_flight": peak,
            "script_sleep_s": args.sleep,
            "sending_s": round(sending, 2),
            "wall_s": round(wall, 2),
            "least_wall_s": round(least, 2),
            "wall_ratio": round(wall / least, 2),
            "invocations_per_s": round(runs / wall, 1),
            "serve_rss_idle_mb": round(idle_rss_kb / 1024, 1),
            "serve_rss_peak_mb": round(peak_rss_kb / 1024, 1),
            "rss_ratio": round(peak_rss_kb / max(1, idle_rss_kb), 2),
            "probe_idle_ms": {"p50": round(percentile(idle_latencies, 50) * 1000, 2),
                              "p99": round(percentile(idle_latencies, 99) * 1000, 2)},
            "probe_loaded_ms": {"p50": round(percentile(load_latencies, 50) * 1000, 2),
                                "p99": round(percentile(load_latencies, 99) * 1000, 2),
                                "calls": len(load_latencies)},
            "p99_ratio": round(percentile(load_latencies, 99) / max(1e-9, percentile(idle_latencies, 99)), 2),
            "send_command_ms": {"p50": round(percentile(send_latencies, 50) * 1000, 2),
                                "p99": round(percentile(send_latencies, 99) * 1000, 2)},
            "lost": len(failures),
        }
        print(json.dumps(result, indent=2))
    finally:
        for a in agents:
            a.send_signal(signal.SIGTERM)
        for a in agents:
            a.wait(timeout=60)
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    for f in failures[:10]:
        print("load_run: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

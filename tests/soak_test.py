#!/usr/bin/env python3
"""Crash soaks on 127.0.0.1: `broadside serve` with real agents (separate processes),
a stream of SendCommand calls, and kill -9 at random moments.

  serve_kills  kill -9 of the service mid-stream, restart on the same database, again
               and again: every accepted command is listed, finished results are
               unchanged, nothing ran twice (marker files), and nothing is left
               non-terminal past its ExpiresAfter
  agent_kills  kill -9 of random agents mid-run, each started again after a while:
               nothing ran twice, every run the service reports ran (a marker), a run
               cut short is Failed with ErrorCode ClientRestarted, and every command ends

Each script appends its agent's id to the marker file of its command, so the files
are the ground truth of what ran where.

    soak_test.py BROADSIDE [TEST...]

BROADSIDE_SOAK_KILLS sets the kills per test (default 3, CI's smoke size; the
closing figures are for 50). BROADSIDE_SOAK_SEED fixes the random moments.
"""
import os
import pathlib
import random
import subprocess
import threading
import time

import botocore.exceptions

from agents_test import agent_id, free_port, stop_agents
from cloud_assistant_test import CloudAssistant
from service_test import Service, TIMEOUT
from suite import run_suite

KILLS = int(os.environ.get("BROADSIDE_SOAK_KILLS", "3"))
SEED = int(os.environ.get("BROADSIDE_SOAK_SEED", str(random.randrange(1 << 30))))
AGENTS = 4
# SendCommand's smallest delivery timeout, and an execution timeout: ExpiresAfter is
# their sum after the request.
TIMEOUT_SECONDS = 30
EXECUTION_TIMEOUT = 5
TERMINAL = {"Success", "Failed", "Cancelled", "TimedOut"}


class Soak:
    """The service on a fixed agents port, its agents, and the commands sent."""

    def __init__(self, binary, work):
        self.binary, self.work = binary, pathlib.Path(work)
        self.markers = self.work / "markers"
        self.markers.mkdir()
        self.service = Service(binary, work,
                               ("--agents-listen", "127.0.0.1:%d" % free_port()))
        self.agents = {}
        self.agents_lock = threading.Lock()
        for k in range(AGENTS):
            self.start_agent(k)
        self.wait_for_agents()
        self.accepted = {}  # command id -> marker token
        self.lock = threading.Lock()
        self.sent = 0

    def start_agent(self, k):
        # Restarts come due on timers: a second one for an agent already back does nothing
        # (a process started over it would be left running).
        with self.agents_lock:
            if k in self.agents and self.agents[k].poll() is None:
                return
            log = open(self.work / ("agent-%d.log" % k), "a")
            self.agents[k] = subprocess.Popen(
                [self.binary, "agent", "--connect", self.service.agents_at, "--id", agent_id(k),
                 "--tags", "role=soak", "--work-dir", str(self.work / agent_id(k))],
                stdout=log, stderr=subprocess.STDOUT)

    def wait_for_agents(self):
        ssm = self.service.client()
        deadline = time.time() + TIMEOUT
        while True:
            online = [i for i in ssm.describe_instance_information()["InstanceInformationList"]
                      if i["PingStatus"] == "Online"]
            if len(online) == AGENTS:
                return
            assert time.time() < deadline, online
            time.sleep(0.1)

    def send(self, ssm, rng):
        """One SendCommand: its id if the service accepted it, None if it was cut off."""
        with self.lock:
            self.sent += 1
            token = "c%05d" % self.sent
        script = "echo $(basename $PWD) >> %s/%s; sleep 0.%d" % (self.markers, token,
                                                                rng.randrange(1, 5))
        if rng.random() < 0.5:
            where = {"Targets": [{"Key": "tag:role", "Values": ["soak"]}],
                     "MaxConcurrency": str(rng.randrange(1, AGENTS + 1))}
        else:
            where = {"InstanceIds": sorted(rng.sample([agent_id(k) for k in range(AGENTS)],
                                                      rng.randrange(1, AGENTS + 1)))}
        try:
            command = ssm.send_command(DocumentName="AWS-RunShellScript",
                                       TimeoutSeconds=TIMEOUT_SECONDS,
                                       Parameters={"commands": [script],
                                                   "executionTimeout": [str(EXECUTION_TIMEOUT)]},
                                       **where)["Command"]
        except (botocore.exceptions.EndpointConnectionError,
                botocore.exceptions.ConnectionClosedError,
                botocore.exceptions.ReadTimeoutError):
            return None  # cut off by a kill: accepted or not, the client cannot tell
        with self.lock:
            self.accepted[command["CommandId"]] = token
        return command["CommandId"]

    def stream(self, stop, rng):
        """Sends commands until `stop` is set, through a new client whenever the service
        is back (its port changes with each start)."""
        while not stop.is_set():
            url = self.service.url
            ssm = self.service.client()
            while not stop.is_set() and url == self.service.url:
                if self.send(ssm, rng) is None:
                    time.sleep(0.05)  # the service is down: wait for the next one
                time.sleep(0.05)

    def commands(self, ssm):
        found = {}
        for page in ssm.get_paginator("list_commands").paginate():
            for c in page["Commands"]:
                found[c["CommandId"]] = c
        return found

    def results(self, ssm, command_id):
        got = ssm.list_command_invocations(CommandId=command_id, Details=True)
        return {i["InstanceId"]: (i["Status"], i["StatusDetails"],
                                  i["CommandPlugins"][0]["ResponseCode"],
                                  i["CommandPlugins"][0]["Output"])
                for i in got["CommandInvocations"]}

    def ran(self, token):
        """The agents that ran the command of `token`, once per run."""
        path = self.markers / token
        return path.read_text().split() if path.exists() else []

    def wait_until_all_end(self, ssm):
        """Every accepted command terminal, by ExpiresAfter at the latest; their listing."""
        listed = self.commands(ssm)
        last_expiry = max(c["ExpiresAfter"].timestamp() for c in listed.values())
        while True:
            open_ = [c for c in listed.values() if c["Status"] not in TERMINAL]
            if not open_:
                return listed
            assert time.time() < last_expiry + 10, \
                "non-terminal past ExpiresAfter: %s" % [(c["CommandId"], c["Status"]) for c in open_[:5]]
            time.sleep(0.5)
            listed = self.commands(ssm)

    def check_ran_once(self):
        for token in self.accepted.values():
            ran = self.ran(token)
            assert len(ran) == len(set(ran)), "ran twice: %s %s" % (token, ran)

    def stop(self):
        stop_agents(self.agents.values())
        self.service.stop()


def test_serve_kills(s):
    rng = random.Random(SEED)
    # The agents' registrations are written after their hello without waiting: give the
    # writer a moment before the first kill.
    time.sleep(1)
    stop = threading.Event()
    sender = threading.Thread(target=s.stream, args=(stop, random.Random(SEED + 1)))
    sender.start()
    finished = {}  # command id -> its results, once seen terminal
    try:
        for kill in range(KILLS):
            time.sleep(rng.uniform(0.3, 1.5))
            s.service.kill()
            with s.lock:
                accepted = set(s.accepted)
            s.service.start()
            ssm = s.service.client()
            # The agents are known before they reconnect (ConnectionLost until then).
            known = ssm.describe_instance_information()["InstanceInformationList"]
            assert len(known) == AGENTS, known
            listed = s.commands(ssm)
            # Every command the service accepted before the kill is listed.
            lost = accepted - set(listed)
            assert not lost, "kill %d lost %s" % (kill, sorted(lost)[:5])
            # Results seen finished before are unchanged: the new ones, and a sample of the rest.
            sample = rng.sample(sorted(finished), min(20, len(finished)))
            for command_id in sample:
                assert s.results(ssm, command_id) == finished[command_id], command_id
            for command_id, c in listed.items():
                if c["Status"] in TERMINAL and command_id not in finished:
                    finished[command_id] = s.results(ssm, command_id)
    finally:
        stop.set()
        sender.join(TIMEOUT)
    ssm = s.service.client()
    listed = s.wait_until_all_end(ssm)
    assert set(s.accepted) <= set(listed)
    s.check_ran_once()
    # What the service says ran did run (a marker), and finished results never changed.
    for command_id in listed:
        results = s.results(ssm, command_id)
        if command_id in finished:
            assert results == finished[command_id], command_id
        token = s.accepted.get(command_id)
        for instance, (status, details, code, output) in results.items():
            if status == "Success" and token:
                assert instance in s.ran(token), (command_id, instance, s.ran(token))
    print("serve_kills: %d kills, %d commands accepted, seed %d" % (KILLS, len(s.accepted), SEED))


def test_agent_kills(s):
    rng = random.Random(SEED)
    stop = threading.Event()
    sender = threading.Thread(target=s.stream, args=(stop, random.Random(SEED + 1)))
    sender.start()
    restarts = []
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.2, 1.0))
            k = rng.randrange(AGENTS)
            if s.agents[k].poll() is None:
                s.agents[k].kill()
                s.agents[k].wait(timeout=TIMEOUT)
            # Back after a while (a timer, so the next kill may come meanwhile).
            restart = threading.Timer(rng.uniform(0.1, 2.0), s.start_agent, args=(k,))
            restart.start()
            restarts.append(restart)
    finally:
        stop.set()
        sender.join(TIMEOUT)
        for r in restarts:
            r.join(TIMEOUT)
    for k, p in s.agents.items():
        if p.poll() is not None:
            s.start_agent(k)
    ssm = s.service.client()
    listed = s.wait_until_all_end(ssm)
    s.check_ran_once()
    ca = CloudAssistant(s.service)
    interrupted = 0
    for command_id, token in s.accepted.items():
        results = s.results(ssm, command_id)
        ran = s.ran(token)
        for instance, (status, details, code, output) in results.items():
            if status == "Success":
                assert instance in ran, (command_id, instance, ran)
            elif details == "Failed":
                # Only an agent killed mid-run fails these scripts.
                found = ca.ok("DescribeInvocationResults", InvokeId="t-" + command_id.replace("-", ""),
                              InstanceId=instance)["Invocation"]["InvocationResults"]["InvocationResult"]
                assert [f["ErrorCode"] for f in found] == ["ClientRestarted"], (command_id, found)
                interrupted += 1
            elif details == "Terminated":
                # MaxErrors 0 halted the command after a failure: never sent, never ran.
                assert instance not in ran, (command_id, instance, ran)
            else:
                assert details == "DeliveryTimedOut", (command_id, instance, details)
    print("agent_kills: %d kills, %d commands, %d runs cut short (ClientRestarted), seed %d"
          % (KILLS, len(listed), interrupted, SEED))


TESTS = {
    "serve_kills": test_serve_kills,
    "agent_kills": test_agent_kills,
}


if __name__ == "__main__":
    run_suite(TESTS, {}, Soak)

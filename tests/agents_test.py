#!/usr/bin/env python3
"""Real agents as separate processes on 127.0.0.1: `broadside controller`,
`broadside agent` and `broadside run` (and `broadside fleet up`).

  concurrency   10 agents, MaxConcurrency 2: the scripts' start/end times never overlap more than 2
  max_errors    MaxErrors 1, 3 failing agents of 6 at MaxConcurrency 1: the command halts, unsent Terminated
  kill_restart  an agent kill -9'd mid-run and started again: Failed (ClientRestarted), the script ran once
  down          agents down when the command is sent: one back before the delivery timeout runs it
                once, one that stays down ends DeliveryTimedOut (ErrorCode ClientNotOnline)
  not_started   a missing working directory, an unknown user: Failed (DirectoryNotExists,
                AccountNotExists), nothing ran
  timeout       executionTimeout kills `sleep 600` and its children: nothing of its group is left (ps)
  fleet_up      `fleet up` starts a controller and agents; `run --targets tag:role=web` reaches half

    agents_test.py BROADSIDE_BINARY [TEST...]

Every process has a timeout, so a hang fails the test instead of blocking CI.
"""
import os
import pathlib
import re
import signal
import socket
import subprocess
import time

from suite import run_suite

TIMEOUT = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def agent_id(k):
    return "mi-%017x" % (k + 1)


def stop_agents(agents):
    """Stops the agent processes still running (SIGTERM), and waits for all."""
    for p in agents:
        if p.poll() is None:
            p.terminate()
    for p in agents:
        p.wait(timeout=TIMEOUT)


class Fleet:
    """A controller and agents started by the test, stopped at the end."""

    def __init__(self, binary, work):
        self.binary, self.work = binary, pathlib.Path(work)
        self.port = free_port()
        self.where = "127.0.0.1:%d" % self.port
        self.agents = {}
        self.controller = subprocess.Popen(
            [binary, "controller", "--listen", self.where],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.controller.stdout.readline()
        if "listening" not in line:
            raise AssertionError("controller did not start: " + line)

    def start_agent(self, k, tags="role=web"):
        log = open(self.work / ("agent-%d.log" % k), "a")
        self.agents[k] = subprocess.Popen(
            [self.binary, "agent", "--connect", self.where, "--id", agent_id(k),
             "--tags", tags, "--work-dir", str(self.work / agent_id(k))],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if "connected to" in (self.work / ("agent-%d.log" % k)).read_text().split("lost")[-1]:
                return
            time.sleep(0.05)
        raise AssertionError("agent %d did not connect" % k)

    def kill_agent(self, k, sig=signal.SIGKILL):
        self.agents[k].send_signal(sig)
        self.agents[k].wait(timeout=TIMEOUT)
        # Its connection must be seen gone before it comes back.
        time.sleep(0.3)

    def run(self, *args, wait=True):
        cmd = [self.binary, "run", "--connect", self.where] + list(args)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if not wait:
            return proc
        out, err = proc.communicate(timeout=TIMEOUT)
        return proc.returncode, out, err

    def stop(self):
        stop_agents(self.agents.values())
        self.controller.terminate()
        self.controller.wait(timeout=TIMEOUT)


def invocations(out):
    """{instance id: (StatusDetails, ResponseCode)} from `broadside run`'s output."""
    found = {}
    for line in out.splitlines():
        m = re.match(r"^(mi-[0-9a-f]{17}) (\w+) (-?\d+)$", line)
        if m:
            found[m.group(1)] = (m.group(2), int(m.group(3)))
    return found


def summary(out):
    return [l for l in out.splitlines() if l.startswith("command ")][-1]


def test_concurrency(fleet):
    for k in range(10):
        fleet.start_agent(k)
    stamps = fleet.work / "stamps"
    rc, out, err = fleet.run("--max-concurrency", "2", "--",
                             "echo start $(date +%%s%%N) >> %s; sleep 0.3; echo end $(date +%%s%%N) >> %s"
                             % (stamps, stamps))
    assert rc == 0, out + err
    assert len(invocations(out)) == 10, out
    events = []
    for line in stamps.read_text().splitlines():
        what, t = line.split()
        events.append((int(t), 1 if what == "start" else -1))
    running = most = 0
    for _, d in sorted(events):
        running += d
        most = max(most, running)
    assert len(events) == 20 and most == 2, (len(events), most)


def test_max_errors(fleet):
    for k in range(6):
        fleet.start_agent(k)
    for k in (0, 2, 4):
        (fleet.work / ("fail-" + agent_id(k))).touch()
    rc, out, err = fleet.run("--max-concurrency", "1", "--max-errors", "1", "--",
                             "test ! -e %s/fail-$(basename $(pwd))" % fleet.work)
    assert rc == 1, out + err
    found = invocations(out)
    details = sorted(d for d, _ in found.values())
    # In target order: 0 fails, 1 succeeds, 2 fails (2 errors > 1): halt; 3, 4, 5 never sent.
    assert details == ["Failed", "Failed", "Success", "Terminated", "Terminated", "Terminated"], out
    assert "Failed (Failed)" in summary(out), out


def test_kill_restart(fleet):
    fleet.start_agent(0)
    marker = fleet.work / "marker"
    group = fleet.work / "group"
    proc = fleet.run("--", "echo $$ > %s; echo ran >> %s; sleep 30" % (group, marker), wait=False)
    deadline = time.time() + 30
    while not (marker.exists() and marker.read_text()) and time.time() < deadline:
        time.sleep(0.05)
    fleet.kill_agent(0)
    fleet.start_agent(0)
    out, err = proc.communicate(timeout=TIMEOUT)
    found = invocations(out)
    assert found == {agent_id(0): ("Failed", -1)}, out + err
    assert "ErrorCode ClientRestarted" in out, out
    assert marker.read_text() == "ran\n"
    # The killed agent's script lives on, orphaned, in its own process group: end it.
    try:
        os.killpg(int(group.read_text()), signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_down(fleet):
    fleet.start_agent(0)
    fleet.start_agent(1)
    fleet.kill_agent(0, signal.SIGTERM)
    fleet.kill_agent(1, signal.SIGTERM)
    marker = fleet.work / "marker"
    proc = fleet.run("--timeout-seconds", "8", "--", "echo ran >> %s" % marker, wait=False)
    time.sleep(1.5)
    fleet.start_agent(0)
    out, err = proc.communicate(timeout=TIMEOUT)
    found = invocations(out)
    assert found == {agent_id(0): ("Success", 0), agent_id(1): ("DeliveryTimedOut", -1)}, out + err
    assert out.count("ErrorCode ") == 1 and "ErrorCode ClientNotOnline" in out, out
    assert marker.read_text() == "ran\n"


def test_not_started(fleet):
    fleet.start_agent(0)
    marker = fleet.work / "marker"
    for flags, code in ((["--working-directory", "/nonexistent/broadside"], "DirectoryNotExists"),
                        (["--user", "no-such-user-broadside"], "AccountNotExists")):
        rc, out, err = fleet.run(*flags, "--", "echo ran >> %s" % marker)
        assert rc == 1, out + err
        assert invocations(out) == {agent_id(0): ("Failed", -1)}, out + err
        assert "ErrorCode " + code in out, out
    assert not marker.exists()


def test_timeout(fleet):
    fleet.start_agent(0)
    pgid_file = fleet.work / "pgid"
    rc, out, err = fleet.run("--execution-timeout", "1", "--",
                             "ps -o pgid= $$ > %s; sleep 600 & sleep 600" % pgid_file)
    assert invocations(out) == {agent_id(0): ("ExecutionTimedOut", -1)}, out + err
    assert "ErrorCode ExecutionTimeout" in out, out
    pgid = pgid_file.read_text().strip()
    ps = subprocess.run(["ps", "-eo", "pgid=,stat=,args="], capture_output=True, text=True).stdout
    left = [l for l in ps.splitlines() if l.split()[0] == pgid and not l.split()[1].startswith("Z")]
    assert not left, left


def test_fleet_up(binary, work):
    port = free_port()
    fleet = subprocess.Popen([binary, "fleet", "up", "--agents", "4", "--listen",
                              "127.0.0.1:%d" % port, "--work-dir", str(pathlib.Path(work) / "fleet"),
                              "--shell", "sh"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = [fleet.stdout.readline(), fleet.stdout.readline()]
        assert "4 agents up" in lines[1], lines
        run = subprocess.run([binary, "run", "--connect", "127.0.0.1:%d" % port, "--targets",
                              "tag:role=web", "--max-concurrency", "2", "--", "echo hi from $0"],
                             capture_output=True, text=True, timeout=TIMEOUT)
        assert run.returncode == 0, run.stdout + run.stderr
        assert sorted(invocations(run.stdout)) == [agent_id(0), agent_id(2)], run.stdout
        # Run by the shell the fleet was given.
        assert run.stdout.count("  hi from sh") == 2, run.stdout
    finally:
        fleet.terminate()
        assert fleet.wait(timeout=TIMEOUT) == 0


def test_bad_shell(binary, work):
    # Refused at start, not at every run.
    agent = subprocess.run([binary, "agent", "--connect", "127.0.0.1:1", "--work-dir", work,
                            "--shell", "no-such-shell"], capture_output=True, text=True,
                           timeout=TIMEOUT)
    assert agent.returncode != 0, agent
    assert "no-such-shell is not on PATH" in agent.stderr, agent.stderr


# Tests that start what they need themselves.
STANDALONE = {
    "fleet_up": test_fleet_up,
    "bad_shell": test_bad_shell,
}

TESTS = {
    "concurrency": test_concurrency,
    "max_errors": test_max_errors,
    "kill_restart": test_kill_restart,
    "down": test_down,
    "not_started": test_not_started,
    "timeout": test_timeout,
}


if __name__ == "__main__":
    run_suite(TESTS, STANDALONE, Fleet)

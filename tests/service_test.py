#!/usr/bin/env python3
"""`broadside serve` driven by the real clients on 127.0.0.1: boto3, the AWS CLI v1
(this Python's `aws`) and the AWS CLI v2 (Debian's /usr/bin/aws, from scripts/setup).

Usage: service_test.py BROADSIDE [TEST...]"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import time

import boto3
import botocore.config
import botocore.exceptions

from agents_test import free_port
from suite import run_suite

TIMEOUT = 60
REGION = "us-east-1"
ACTION_TYPE = {"category": "Build", "owner": "Custom", "provider": "ServiceTest", "version": "1"}
FAILURE_TYPES = ["JobFailed", "ConfigurationError", "PermissionError", "RevisionOutOfSync",
                 "RevisionUnavailable", "SystemUnavailable"]


class Service:
    # `fleet`: ["--fleet", "sim:20"], or ["--agents-listen", "127.0.0.1:0"].
    def __init__(self, binary, work, fleet=("--fleet", "sim:20")):
        self.binary = binary
        self.work = pathlib.Path(work)
        self.credentials = self.work / "credentials"
        self.database = self.work / "commands.db"
        self.fleet = list(fleet)
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--listen", "127.0.0.1:0", "--credentials",
             str(self.credentials), "--db", str(self.database), *self.fleet, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.proc.stdout.readline()
        match = re.search(r"listening on (http://[0-9.:]+)", first)
        assert match, first + self.proc.stderr.read()
        self.url = match.group(1)
        if "--agents-listen" in self.fleet:
            agents = re.search(r"agents connect to ([0-9.:]+)", self.proc.stdout.readline())
            assert agents
            self.agents_at = agents.group(1)
        assert self.credentials.exists()
        self.env = dict(os.environ, AWS_SHARED_CREDENTIALS_FILE=str(self.credentials),
                        AWS_CONFIG_FILE=os.devnull, AWS_DEFAULT_REGION=REGION,
                        AWS_PAGER="")

    def client(self, service="ssm", **kwargs):
        os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(self.credentials)
        session = boto3.session.Session(profile_name="default")
        return session.client(service, region_name=REGION, endpoint_url=self.url,
                              config=botocore.config.Config(retries={"max_attempts": 1}),
                              **kwargs)

    def cli(self, aws, *args):
        run = subprocess.run([aws, *args, "--endpoint-url", self.url, "--output", "json"],
                             env=self.env, capture_output=True, text=True, timeout=TIMEOUT)
        return run

    def stop(self):
        self.proc.terminate()
        assert self.proc.wait(timeout=TIMEOUT) == 0, self.proc.stderr.read()

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=TIMEOUT)


def node(k):
    return "i-%017x" % k


def error_code(call):
    # The code of the error, checked to be the exception class boto3 raises for it
    # (the model's exception for modeled errors).
    try:
        call()
    except botocore.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
        assert type(e).__name__ in (code, "ClientError"), (type(e).__name__, code)
        return code
    raise AssertionError("no error")


def wait_for_command(ssm, command_id):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        c = ssm.list_commands(CommandId=command_id)["Commands"][0]
        if c["Status"] not in ("Pending", "InProgress", "Cancelling"):
            return c
        time.sleep(0.2)
    raise AssertionError("command %s did not end" % command_id)


def test_instances(s):
    ssm = s.client()
    pages = ssm.get_paginator("describe_instance_information").paginate(
        PaginationConfig={"PageSize": 5})
    ids = [i["InstanceId"] for p in pages for i in p["InstanceInformationList"]]
    assert ids == [node(k) for k in range(1, 21)], ids
    web = ssm.describe_instance_information(Filters=[{"Key": "tag:role", "Values": ["web"]}])
    assert len(web["InstanceInformationList"]) == 10, web
    first = web["InstanceInformationList"][0]
    assert first["PingStatus"] == "Online" and first["PlatformType"] == "Linux", first


def test_send_and_read(s):
    ssm = s.client()
    sent = ssm.send_command(InstanceIds=[node(1), node(2), node(3)],
                            DocumentName="AWS-RunShellScript",
                            Parameters={"commands": ["echo hi"]}, MaxConcurrency="2",
                            MaxErrors="1", Comment="three nodes")["Command"]
    assert sent["Status"] == "Pending" and sent["TargetCount"] in (0, 3), sent
    assert sent["MaxConcurrency"] == "2" and sent["MaxErrors"] == "1", sent
    assert sent["Parameters"] == {"commands": ["echo hi"]}, sent
    assert sent["ExpiresAfter"] > sent["RequestedDateTime"], sent
    ended = wait_for_command(ssm, sent["CommandId"])
    assert ended["TargetCount"] == 3 and ended["CompletedCount"] == 3, ended
    inv = ssm.list_command_invocations(CommandId=sent["CommandId"], Details=True)
    got = inv["CommandInvocations"]
    assert sorted(i["InstanceId"] for i in got) == [node(1), node(2), node(3)], got
    for i in got:
        plugin = i["CommandPlugins"][0]
        assert plugin["Name"] == "aws:runShellScript", plugin
        assert i["Status"] in ("Success", "Failed"), i
        assert plugin["ResponseCode"] == (0 if i["Status"] == "Success" else 1), plugin
        one = ssm.get_command_invocation(CommandId=sent["CommandId"], InstanceId=i["InstanceId"])
        assert one["Status"] == i["Status"] and one["PluginName"] == "aws:runShellScript", one
        if one["Status"] == "Success":
            assert one["StandardOutputContent"] == "hello from a simulated node\n", one
        assert re.match(r"PT\d+\.\d{3}S$", one["ExecutionElapsedTime"]), one
        assert one["ExecutionStartDateTime"].endswith("Z"), one
    # The model's waiter works against it (it fails on a Failed invocation).
    succeeded = [i["InstanceId"] for i in got if i["Status"] == "Success"]
    for instance in succeeded:
        ssm.get_waiter("command_executed").wait(CommandId=sent["CommandId"], InstanceId=instance,
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 5})


def test_listing(s):
    ssm = s.client()
    ids = []
    for k in range(4):
        ids.append(ssm.send_command(InstanceIds=[node(10 + k)], DocumentName="AWS-RunShellScript",
                                    Parameters={"commands": ["true"]})["Command"]["CommandId"])
    pages = ssm.get_paginator("list_commands").paginate(PaginationConfig={"PageSize": 3})
    listed = [c["CommandId"] for p in pages for c in p["Commands"]]
    assert listed == list(reversed(ids)), (listed, ids)  # newest first
    mine = ssm.list_commands(InstanceId=node(11))["Commands"]
    assert [c["CommandId"] for c in mine] == [ids[1]], mine
    for c in ids:
        wait_for_command(ssm, c)
    done = ssm.list_commands(Filters=[{"key": "ExecutionStage", "value": "Complete"}])
    assert len(done["Commands"]) == 4, done
    pages = ssm.get_paginator("list_command_invocations").paginate(
        PaginationConfig={"PageSize": 1})
    assert sum(len(p["CommandInvocations"]) for p in pages) == 4


def test_targets_and_cancel(s):
    ssm = s.client()
    sent = ssm.send_command(Targets=[{"Key": "tag:role", "Values": ["db"]}],
                            DocumentName="AWS-RunShellScript",
                            Parameters={"commands": ["sleep 1"]}, MaxConcurrency="1")["Command"]
    time.sleep(0.3)
    assert ssm.cancel_command(CommandId=sent["CommandId"])["ResponseMetadata"]["HTTPStatusCode"] == 200
    ended = wait_for_command(ssm, sent["CommandId"])
    assert ended["Status"] == "Cancelled" and ended["TargetCount"] == 10, ended
    invs = ssm.list_command_invocations(CommandId=sent["CommandId"])["CommandInvocations"]
    assert len(invs) == 10 and all(i["Status"] in ("Cancelled", "Success", "Failed") for i in invs)
    assert sum(i["Status"] == "Cancelled" for i in invs) >= 8, invs


def test_errors(s):
    ssm = s.client()
    send = lambda **kw: ssm.send_command(**dict(dict(DocumentName="AWS-RunShellScript",  # noqa: E731
                                                     Parameters={"commands": ["true"]}), **kw))
    try:
        send(InstanceIds=["i-0123456789abcdef9"])
        raise AssertionError("no error")
    except ssm.exceptions.InvalidInstanceId as e:
        assert "not in a valid state" in str(e), e
    assert error_code(lambda: send(InstanceIds=["i-0123456789abcdef9"])) == "InvalidInstanceId"
    assert error_code(lambda: send(InstanceIds=[node(1), node(1)])) == "DuplicateInstanceId"
    assert error_code(lambda: send(InstanceIds=["bogus"])) == "ValidationException"
    assert error_code(lambda: send(InstanceIds=[node(k) for k in range(1, 52)])) \
        == "ValidationException"
    assert error_code(lambda: send(InstanceIds=[node(1)], MaxConcurrency="0")) \
        == "ValidationException"
    assert error_code(lambda: send(InstanceIds=[node(1)], TimeoutSeconds=9999999)) \
        == "ValidationException"
    assert error_code(lambda: send(InstanceIds=[node(1)], DocumentName="No-Such-Document")) \
        == "InvalidDocument"
    assert error_code(lambda: send(InstanceIds=[node(1)], Parameters={"command": ["x"]})) \
        == "InvalidParameters"
    unknown = "11111111-2222-4333-8444-555555555555"
    assert error_code(lambda: ssm.list_commands(CommandId=unknown)) == "InvalidCommandId"
    assert error_code(lambda: ssm.cancel_command(CommandId=unknown)) == "InvalidCommandId"
    assert error_code(lambda: ssm.get_command_invocation(CommandId=unknown, InstanceId=node(1))) \
        == "InvocationDoesNotExist"
    assert error_code(lambda: ssm.list_commands(NextToken="nope")) == "InvalidNextToken"
    assert error_code(lambda: ssm.list_commands(Filters=[{"key": "Colour", "value": "red"}])) \
        == "InvalidFilterKey"
    stranger = boto3.session.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                                     aws_secret_access_key="x" * 40).client(
        "ssm", region_name=REGION, endpoint_url=s.url)
    assert error_code(lambda: stranger.list_commands()) == "UnrecognizedClientException"
    keys = open(s.credentials).read()
    key_id = re.search(r"aws_access_key_id\s*=\s*(\S+)", keys).group(1)
    forger = boto3.session.Session(aws_access_key_id=key_id,
                                   aws_secret_access_key="y" * 40).client(
        "ssm", region_name=REGION, endpoint_url=s.url)
    assert error_code(lambda: forger.list_commands()) == "InvalidSignatureException"


def invocations_of(ssm, command_id):
    got = ssm.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    return {i["InstanceId"]: (i["Status"], i["StatusDetails"], i["CommandPlugins"][0]["ResponseCode"],
                              i["CommandPlugins"][0]["Output"]) for i in got}


def test_restart(s):
    # kill -9 mid-command, restart on the same database: every accepted command is still
    # listed, finished results are unchanged, and the command the crash interrupted ends at
    # its ExpiresAfter with what never reported DeliveryTimedOut.
    ssm = s.client()
    done = ssm.send_command(InstanceIds=[node(1), node(2), node(3)],
                            DocumentName="AWS-RunShellScript",
                            Parameters={"commands": ["echo before"]})["Command"]["CommandId"]
    before = wait_for_command(ssm, done)
    finished = invocations_of(ssm, done)
    cut = ssm.send_command(Targets=[{"Key": "tag:role", "Values": ["db"]}],
                           DocumentName="AWS-RunShellScript", MaxConcurrency="1",
                           TimeoutSeconds=30,
                           Parameters={"commands": ["sleep 1"], "executionTimeout": ["2"]}
                           )["Command"]
    time.sleep(0.5)
    s.kill()
    s.start()
    ssm = s.client()
    listed = [c["CommandId"] for c in ssm.list_commands()["Commands"]]
    assert listed == [cut["CommandId"], done], listed
    after = ssm.list_commands(CommandId=done)["Commands"][0]
    assert after["Status"] == before["Status"] and after["CompletedCount"] == 3, after
    assert invocations_of(ssm, done) == finished
    interrupted = ssm.list_commands(CommandId=cut["CommandId"])["Commands"][0]
    assert interrupted["Status"] == "InProgress", interrupted
    expires = cut["ExpiresAfter"].timestamp()
    time.sleep(max(0, expires - time.time()) + 1)
    ended = wait_for_command(ssm, cut["CommandId"])
    assert ended["Status"] == "TimedOut" and ended["StatusDetails"] == "DeliveryTimedOut", ended
    states = invocations_of(ssm, cut["CommandId"])
    assert len(states) == 10, states
    timed_out = [k for k, v in states.items() if v[1] == "DeliveryTimedOut"]
    assert 1 <= len(timed_out) <= 10 and ended["DeliveryTimedOutCount"] == len(timed_out), states


def test_agents(binary, work):
    # Real agents as separate processes serve as the fleet: the same API runs real scripts.
    s = Service(binary, work, ("--agents-listen", "127.0.0.1:0"))
    agents = []
    try:
        for k, role in ((1, "web"), (2, "web"), (3, "db")):
            agents.append(subprocess.Popen(
                [binary, "agent", "--connect", s.agents_at, "--id", "mi-%017x" % k,
                 "--tags", "role=" + role, "--work-dir", str(pathlib.Path(work) / ("agent%d" % k))],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        ssm = s.client()
        deadline = time.time() + TIMEOUT
        while len(ssm.describe_instance_information()["InstanceInformationList"]) < 3:
            assert time.time() < deadline, "the agents did not register"
            time.sleep(0.1)
        sent = ssm.send_command(Targets=[{"Key": "tag:role", "Values": ["web"]}],
                                DocumentName="AWS-RunShellScript",
                                Parameters={"commands": ["echo from $(hostname)", "exit 3"]},
                                MaxErrors="2")["Command"]
        ended = wait_for_command(ssm, sent["CommandId"])
        assert ended["TargetCount"] == 2 and ended["ErrorCount"] == 2, ended
        for k in (1, 2):
            one = ssm.get_command_invocation(CommandId=sent["CommandId"], InstanceId="mi-%017x" % k)
            assert one["Status"] == "Failed" and one["ResponseCode"] == 3, one
            assert one["StandardOutputContent"] == "from %s\n" % os.uname().nodename, one
        # Bytes that are not UTF-8 come back as U+FFFD, as the SSM agent sends them.
        sent = ssm.send_command(InstanceIds=["mi-%017x" % 3], DocumentName="AWS-RunShellScript",
                                Parameters={"commands": ["printf 'a\\377b\\342\\202'"]})["Command"]
        wait_for_command(ssm, sent["CommandId"])
        one = ssm.get_command_invocation(CommandId=sent["CommandId"], InstanceId="mi-%017x" % 3)
        assert one["StandardOutputContent"] == "a\ufffdb\ufffd\ufffd", one
        listed = ssm.list_command_invocations(CommandId=sent["CommandId"], Details=True)
        output = listed["CommandInvocations"][0]["CommandPlugins"][0]["Output"]
        assert output == "a\ufffdb\ufffd\ufffd", listed
    finally:
        for a in agents:
            a.terminate()
            a.wait(timeout=TIMEOUT)
        s.stop()


def test_agents_restart(binary, work):
    # A restarted service knows the agents that registered before: listed ConnectionLost,
    # commands for them accepted and run once they reconnect.
    s = Service(binary, work, ("--agents-listen", "127.0.0.1:%d" % free_port()))
    argv = [binary, "agent", "--connect", s.agents_at, "--id", "mi-%017x" % 7,
            "--tags", "role=web", "--work-dir", str(pathlib.Path(work) / "agent7")]
    agent = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ssm = s.client()
        deadline = time.time() + TIMEOUT
        while not ssm.describe_instance_information()["InstanceInformationList"]:
            assert time.time() < deadline, "the agent did not register"
            time.sleep(0.1)
        agent.terminate()
        agent.wait(timeout=TIMEOUT)
        s.kill()
        s.start()
        ssm = s.client()
        known = ssm.describe_instance_information()["InstanceInformationList"]
        assert [(i["InstanceId"], i["PingStatus"]) for i in known] == \
            [("mi-%017x" % 7, "ConnectionLost")], known
        sent = ssm.send_command(InstanceIds=["mi-%017x" % 7], DocumentName="AWS-RunShellScript",
                                Parameters={"commands": ["echo back"]})["Command"]
        agent = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ended = wait_for_command(ssm, sent["CommandId"])
        assert ended["Status"] == "Success", ended
        one = ssm.get_command_invocation(CommandId=sent["CommandId"], InstanceId="mi-%017x" % 7)
        assert one["StandardOutputContent"] == "back\n", one
    finally:
        agent.terminate()
        agent.wait(timeout=TIMEOUT)
        s.stop()


def create_job(s, project):
    """Queues a job as a pipeline reaching the custom action would: `broadside jobs create`."""
    run = subprocess.run([s.binary, "jobs", "create", "--endpoint-url", s.url, "--action-type-id",
                          ",".join("%s=%s" % kv for kv in ACTION_TYPE.items()),
                          "--configuration", "ProjectName=" + project,
                          "--pipeline-name", "MyPipeline", "--stage-name", "Build",
                          "--action-name", "Compile"],
                         env=s.env, capture_output=True, text=True, timeout=TIMEOUT)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["jobId"]


def poll_one(cp, project):
    """The job of `project` ([a-zA-Z0-9_-]+, as queryParam values are), dispatched to this
    caller: (id, nonce)."""
    jobs = cp.poll_for_jobs(actionTypeId=ACTION_TYPE, maxBatchSize=1,
                            queryParam={"ProjectName": project})["jobs"]
    assert len(jobs) == 1, jobs
    return jobs[0]["id"], jobs[0]["nonce"]


def take_job(s, cp, project):
    """A job created, polled and acknowledged: InProgress. (id, nonce)"""
    created = create_job(s, project)
    job_id, nonce = poll_one(cp, project)
    assert job_id == created
    assert cp.acknowledge_job(jobId=job_id, nonce=nonce)["status"] == "InProgress"
    return job_id, nonce


def raises(exception, call):
    """The exception `call` raised, which must be `exception` (a class of client.exceptions)."""
    try:
        call()
    except exception as e:
        return e
    raise AssertionError("no " + exception.__name__)


def test_jobs(s):
    # A job worker's whole conversation with boto3, and the AWS CLIs' shorthand for results.
    cp = s.client("codepipeline")
    raises(cp.exceptions.ActionTypeNotFoundException,
           lambda: cp.poll_for_jobs(actionTypeId=ACTION_TYPE))
    job_id = create_job(s, "first")
    create_job(s, "second")
    polled = cp.poll_for_jobs(actionTypeId=ACTION_TYPE, maxBatchSize=1,
                              queryParam={"ProjectName": "first"})["jobs"]
    assert [j["id"] for j in polled] == [job_id], polled
    job = polled[0]
    assert job["accountId"] == "111122223333" and job["nonce"], job
    data = job["data"]
    assert data["actionTypeId"] == ACTION_TYPE, data
    assert data["actionConfiguration"]["configuration"] == {"ProjectName": "first"}, data
    assert data["pipelineContext"]["action"]["name"] == "Compile", data
    raises(cp.exceptions.InvalidNonceException,
           lambda: cp.acknowledge_job(jobId=job_id, nonce=job["nonce"] + "0"))
    raises(cp.exceptions.InvalidJobStateException,
           lambda: cp.put_job_success_result(jobId=job_id))
    assert cp.acknowledge_job(jobId=job_id, nonce=job["nonce"])["status"] == "InProgress"
    details = cp.get_job_details(jobId=job_id)["jobDetails"]
    assert details["id"] == job_id and details["data"] == data, details
    assert "nonce" not in details, details

    # Half done: the action goes on in a continuation job carrying the token.
    cp.put_job_success_result(jobId=job_id, continuationToken="ct-1",
                              executionDetails={"summary": "half way",
                                                "externalExecutionId": "ext-1",
                                                "percentComplete": 50})
    assert cp.acknowledge_job(jobId=job_id, nonce=job["nonce"])["status"] == "Succeeded"
    next_id, next_nonce = poll_one(cp, "first")
    assert next_id != job_id
    assert cp.get_job_details(jobId=next_id)["jobDetails"]["data"]["continuationToken"] == "ct-1"
    assert cp.acknowledge_job(jobId=next_id, nonce=next_nonce)["status"] == "InProgress"
    cp.put_job_success_result(jobId=next_id,
                              currentRevision={"revision": "abc", "changeIdentifier": "c1"},
                              executionDetails={"summary": "done", "percentComplete": 100},
                              outputVariables={"k1": "v1"})
    raises(cp.exceptions.InvalidJobStateException,
           lambda: cp.put_job_success_result(jobId=next_id))
    assert cp.poll_for_jobs(actionTypeId=ACTION_TYPE,
                            queryParam={"ProjectName": "first"})["jobs"] == []

    for failure in FAILURE_TYPES:
        failing, nonce = take_job(s, cp, failure)
        cp.put_job_failure_result(jobId=failing,
                                  failureDetails={"type": failure, "message": "boom",
                                                  "externalExecutionId": "ext-2"})
        assert cp.acknowledge_job(jobId=failing, nonce=nonce)["status"] == "Failed", failure
        raises(cp.exceptions.InvalidJobStateException,
               lambda: cp.put_job_failure_result(jobId=failing, failureDetails={
                   "type": failure, "message": "again"}))

    for k, aws in enumerate(clis()):
        failing, nonce = take_job(s, cp, "cli-%d" % k)
        run = s.cli(aws, "codepipeline", "put-job-failure-result", "--job-id", failing,
                    "--failure-details", "type=JobFailed,message=boom")
        assert run.returncode == 0, (aws, run.stderr)
        assert cp.acknowledge_job(jobId=failing, nonce=nonce)["status"] == "Failed", aws
        again = s.cli(aws, "codepipeline", "put-job-failure-result", "--job-id", failing,
                      "--failure-details", "type=JobFailed,message=boom")
        assert again.returncode in (254, 255) and "(InvalidJobStateException)" in again.stderr, \
            (aws, again.stderr)

    unknown = "11111111-2222-4333-8444-555555555555"
    raises(cp.exceptions.JobNotFoundException, lambda: cp.get_job_details(jobId=unknown))
    raises(cp.exceptions.JobNotFoundException,
           lambda: cp.acknowledge_job(jobId=unknown, nonce="1"))
    raises(cp.exceptions.JobNotFoundException, lambda: cp.put_job_success_result(jobId=unknown))
    raises(cp.exceptions.JobNotFoundException, lambda: cp.put_job_failure_result(
        jobId=unknown, failureDetails={"type": "JobFailed", "message": "boom"}))
    uppercase = job_id.upper()  # off the model's lowercase pattern
    e = raises(cp.exceptions.ValidationException, lambda: cp.get_job_details(jobId=uppercase))
    assert "at 'jobId' failed to satisfy constraint" in str(e), e
    raises(cp.exceptions.ValidationException,
           lambda: cp.acknowledge_job(jobId=uppercase, nonce="1"))


def test_jobs_restart(s):
    # kill -9, restart on the same database: every job is where it was. Each change before
    # the kill is followed by a durable one (an acknowledgement or a result), so nothing
    # batched is still waiting for its commit.
    cp = s.client("codepipeline")
    queued = create_job(s, "queued")
    create_job(s, "dispatched")
    dispatched, dispatched_nonce = poll_one(cp, "dispatched")
    in_progress, in_progress_nonce = take_job(s, cp, "in-progress")
    succeeded, succeeded_nonce = take_job(s, cp, "succeeded")
    cp.put_job_success_result(jobId=succeeded,
                              currentRevision={"revision": "abc", "changeIdentifier": "c1"},
                              executionDetails={"summary": "done", "percentComplete": 100})
    continued, continued_nonce = take_job(s, cp, "continued")
    cp.put_job_success_result(jobId=continued, continuationToken="ct-1")
    failed, failed_nonce = take_job(s, cp, "failed")
    cp.put_job_failure_result(jobId=failed,
                              failureDetails={"type": "RevisionUnavailable", "message": "gone"})
    ids = [queued, dispatched, in_progress, succeeded, continued, failed]
    before = {i: cp.get_job_details(jobId=i)["jobDetails"] for i in ids}
    s.kill()
    s.start()
    cp = s.client("codepipeline")
    after = {i: cp.get_job_details(jobId=i)["jobDetails"] for i in ids}
    assert after == before, (before, after)
    # The queued job and the continuation are polled again, oldest first; nothing else is.
    polled = cp.poll_for_jobs(actionTypeId=ACTION_TYPE, maxBatchSize=10)["jobs"]
    assert [j["id"] for j in polled][0] == queued, polled
    assert len(polled) == 2 and polled[1]["data"]["continuationToken"] == "ct-1", polled
    assert polled[1]["data"]["actionConfiguration"]["configuration"] == {
        "ProjectName": "continued"}, polled
    assert all(j["nonce"] not in (dispatched_nonce, in_progress_nonce) for j in polled), polled
    # The worker that polled before the crash acknowledges after it, with its nonce.
    assert cp.acknowledge_job(jobId=dispatched, nonce=dispatched_nonce)["status"] == "InProgress"
    ack = lambda job, nonce: cp.acknowledge_job(jobId=job, nonce=nonce)["status"]  # noqa: E731
    assert ack(in_progress, in_progress_nonce) == "InProgress"
    assert ack(succeeded, succeeded_nonce) == "Succeeded"
    assert ack(continued, continued_nonce) == "Succeeded"
    assert ack(failed, failed_nonce) == "Failed"
    raises(cp.exceptions.InvalidJobStateException,
           lambda: cp.put_job_success_result(jobId=succeeded))
    cp.put_job_success_result(jobId=in_progress)
    assert ack(in_progress, in_progress_nonce) == "Succeeded"


def clis():
    found = []
    v1 = shutil.which("aws")
    if v1 and v1 != "/usr/bin/aws":
        found.append(v1)
    if os.path.exists("/usr/bin/aws"):
        found.append("/usr/bin/aws")
    return found


def test_cli(s):
    versions = []
    for aws in clis():
        versions.append(subprocess.run([aws, "--version"], capture_output=True,
                                       text=True).stdout.split()[0])
        sent = s.cli(aws, "ssm", "send-command", "--document-name", "AWS-RunShellScript",
                     "--instance-ids", node(5), node(6), "--parameters", "commands=uptime",
                     "--max-concurrency", "50%", "--max-errors", "1")
        assert sent.returncode == 0, sent.stderr
        command_id = json.loads(sent.stdout)["Command"]["CommandId"]
        wait_for_command(s.client(), command_id)
        listed = s.cli(aws, "ssm", "list-command-invocations", "--command-id", command_id,
                       "--details")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)["CommandInvocations"]) == 2, listed.stdout
        one = s.cli(aws, "ssm", "get-command-invocation", "--command-id", command_id,
                    "--instance-id", node(5))
        assert one.returncode == 0 and json.loads(one.stdout)["InstanceId"] == node(5), one
        bad = s.cli(aws, "ssm", "send-command", "--document-name", "AWS-RunShellScript",
                    "--instance-ids", "i-0123456789abcdef9", "--parameters", "commands=uptime")
        assert bad.returncode in (254, 255) and "(InvalidInstanceId)" in bad.stderr, bad.stderr
    # Both the pip AWS CLI v1 and Debian's v2 (scripts/setup installs it).
    assert sorted(v[:9] for v in versions) == ["aws-cli/1", "aws-cli/2"], versions


# Tests that start what they need themselves.
STANDALONE = {
    "agents": test_agents,
    "agents_restart": test_agents_restart,
}

TESTS = {
    "instances": test_instances,
    "send_and_read": test_send_and_read,
    "listing": test_listing,
    "targets_and_cancel": test_targets_and_cancel,
    "errors": test_errors,
    "restart": test_restart,
    "cli": test_cli,
    "jobs": test_jobs,
    "jobs_restart": test_jobs_restart,
}


if __name__ == "__main__":
    run_suite(TESTS, STANDALONE, Service)

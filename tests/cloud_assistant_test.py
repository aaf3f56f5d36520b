#!/usr/bin/env python3
"""Cloud Assistant's RPC API of `broadside serve` on 127.0.0.1, called as Alibaba's
clients call it: signed with signature version 1.0 (tests/acs_client.py), by GET, by POST
with the parameters in the query, and by a form POST. Real agents run the scripts in
`agents`.

Usage: cloud_assistant_test.py BROADSIDE [TEST...]"""

import base64
import configparser
import grp
import json
import os
import pathlib
import pwd
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from acs_client import signed_query  # noqa: E402
from service_test import Service, TIMEOUT, wait_for_command  # noqa: E402
from suite import run_suite  # noqa: E402

REGION = "cn-hangzhou"
TERMINAL = {"Success", "Failed", "PartialFailed", "Stopped"}


class CloudAssistant:
    def __init__(self, service):
        self.url = service.url
        keys = configparser.ConfigParser()
        keys.read(service.credentials)
        self.key_id = keys["default"]["aws_access_key_id"]
        self.secret = keys["default"]["aws_secret_access_key"]

    def query(self, action, params, method="POST", secret=None, key_id=None):
        params = dict(params, Action=action, RegionId=params.get("RegionId", REGION))
        return signed_query(params, key_id or self.key_id, secret or self.secret, method)

    def send(self, query, method="POST", form=False):
        if form:
            request = urllib.request.Request(
                self.url + "/", data=query.encode(), method="POST",
                headers={"Content-Type": "application/x-www-form-urlencoded"})
        else:
            request = urllib.request.Request(self.url + "/?" + query, method=method,
                                             data=b"" if method == "POST" else None)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def call(self, action, method="POST", form=False, **params):
        return self.send(self.query(action, params, method), method, form)

    def ok(self, action, **params):
        status, body = self.call(action, **params)
        assert status == 200, (action, status, body)
        assert body["RequestId"], body
        return body

    def error(self, action, code, http_status, **params):
        status, body = self.call(action, **params)
        assert (status, body.get("Code")) == (http_status, code), (action, status, body)
        assert body["RequestId"] and body["Message"] and body["HostId"], body
        return body

    def wait(self, invoke_id, until=TERMINAL):
        deadline = time.time() + TIMEOUT
        while True:
            found = self.ok("DescribeInvocations", InvokeId=invoke_id)["Invocations"]["Invocation"]
            assert len(found) == 1, found
            if found[0]["InvocationStatus"] in until:
                return found[0]
            assert time.time() < deadline, found
            time.sleep(0.1)


def node(k):
    return "i-%017x" % k


def engine_id(invoke_id):
    """The SSM CommandId of an InvokeId: the same 32 hex digits."""
    h = invoke_id[2:]
    return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))


def b64(text):
    return base64.b64encode(text.encode()).decode()


def results(ca, invoke_id, **params):
    return ca.ok("DescribeInvocationResults", InvokeId=invoke_id,
                 **params)["Invocation"]["InvocationResults"]["InvocationResult"]


def test_run_and_describe(s):
    ca = CloudAssistant(s)
    ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="echo hi", Name="greet",
                **{"InstanceId.%d" % k: node(k) for k in (1, 2, 3)})
    assert ran["CommandId"].startswith("c-") and len(ran["CommandId"]) == 34, ran
    assert ran["InvokeId"].startswith("t-") and len(ran["InvokeId"]) == 34, ran
    task = ca.wait(ran["InvokeId"])
    instances = task["InvokeInstances"]["InvokeInstance"]
    assert sorted(i["InstanceId"] for i in instances) == [node(k) for k in (1, 2, 3)], task
    assert task["CommandContent"] == b64("echo hi") and task["CommandName"] == "greet", task
    assert task["CommandType"] == "RunShellScript" and task["RepeatMode"] == "Once", task
    assert task["Timeout"] == 60 and task["CommandId"] == ran["CommandId"], task
    statuses = {i["InvocationStatus"] for i in instances}
    assert statuses <= {"Success", "Failed"}, instances
    expected = ("PartialFailed" if statuses == {"Success", "Failed"} else
                "Success" if statuses == {"Success"} else "Failed")
    assert task["InvocationStatus"] == expected, task
    for r in results(ca, ran["InvokeId"]):
        assert base64.b64decode(r["Output"]) == b"hello from a simulated node\n", r
        assert r["InvokeRecordStatus"] == "Finished" and r["Repeats"] == 1, r
        assert (r["ExitCode"], r["ErrorCode"]) in ((0, ""), (1, "ExitCodeNonzero")), r
        assert r["StartTime"] and r["FinishedTime"] and r["InvokeId"] == ran["InvokeId"], r
    plain = results(ca, ran["InvokeId"], ContentEncoding="PlainText", InstanceId=node(2))
    assert [r["Output"] for r in plain] == ["hello from a simulated node\n"], plain
    shown = ca.ok("DescribeInvocations", InvokeId=ran["InvokeId"], ContentEncoding="PlainText")
    assert shown["Invocations"]["Invocation"][0]["CommandContent"] == "echo hi", shown
    # Listing: newest first, MaxResults and NextToken, TotalCount of every match.
    second = ca.ok("RunCommand", Type="RunShellScript", CommandContent="true",
                   **{"InstanceId.1": node(4)})
    ca.wait(second["InvokeId"])
    page = ca.ok("DescribeInvocations", MaxResults="1")
    assert page["TotalCount"] == 2 and page["NextToken"], page
    assert page["Invocations"]["Invocation"][0]["InvokeId"] == second["InvokeId"], page
    rest = ca.ok("DescribeInvocations", MaxResults="1", NextToken=page["NextToken"])
    assert rest["Invocations"]["Invocation"][0]["InvokeId"] == ran["InvokeId"], rest
    assert rest["NextToken"] == "", rest
    named = ca.ok("DescribeInvocations", CommandName="greet")["Invocations"]["Invocation"]
    assert [i["InvokeId"] for i in named] == [ran["InvokeId"]], named
    by_instance = ca.ok("DescribeInvocations", InstanceId=node(4))["Invocations"]["Invocation"]
    assert [i["InvokeId"] for i in by_instance] == [second["InvokeId"]], by_instance


def test_tags_and_saved_commands(s):
    ca = CloudAssistant(s)
    created = ca.ok("CreateCommand", Name="hello", Type="RunShellScript",
                    CommandContent=b64("echo {{greeting}} {{ACS::InvokeId}}"),
                    ContentEncoding="Base64", EnableParameter="true", Timeout="30")
    invoked = ca.ok("InvokeCommand", CommandId=created["CommandId"],
                    Parameters=json.dumps({"greeting": "hi"}),
                    **{"ResourceTag.1.Key": "role", "ResourceTag.1.Value": "db"})
    task = ca.wait(invoked["InvokeId"])
    assert task["CommandId"] == created["CommandId"] and task["CommandName"] == "hello", task
    # DescribeInvocations shows the command as saved; the engine runs it filled in.
    assert task["CommandContent"] == b64("echo {{greeting}} {{ACS::InvokeId}}"), task
    listed = s.client().list_commands(CommandId=engine_id(invoked["InvokeId"]))["Commands"][0]
    assert [base64.b64decode(c).decode() for c in listed["Parameters"]["commands"]] == \
        ["echo hi " + invoked["InvokeId"]], listed
    assert task["Timeout"] == 30 and task["Parameters"] == '{"greeting": "hi"}', task
    # The embedded fleet tags its second half role=db.
    assert len(task["InvokeInstances"]["InvokeInstance"]) == 10, task
    ca.error("InvokeCommand", "InvalidCmdId.NotFound", 404, CommandId="c-" + "0" * 32,
             **{"InstanceId.1": node(1)})
    ca.error("InvokeCommand", "MissingParameter.Parameters.greeting", 400,
             CommandId=created["CommandId"], **{"InstanceId.1": node(1)})


def test_stop(s):
    ca = CloudAssistant(s)
    ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="true",
                **{"InstanceId.%d" % k: node(k) for k in range(1, 21)})
    ca.ok("StopInvocation", InvokeId=ran["InvokeId"])
    task = ca.wait(ran["InvokeId"])
    statuses = {i["InvocationStatus"] for i in task["InvokeInstances"]["InvokeInstance"]}
    # Whatever had finished keeps its result; everything else was stopped.
    assert statuses <= {"Success", "Failed", "Cancelled", "Terminated"}, task
    assert statuses & {"Cancelled", "Terminated"}, task
    ca.error("StopInvocation", "InvalidInvokeId.NotFound", 404, InvokeId="t-" + "0" * 32)
    ca.error("StopInvocation", "MissingParameter.InvokeId", 400)


def test_periodic(s):
    # A cron every 10 s: each fire is a run; the task is Scheduled between them, and a stop
    # ends the schedule (Stopped) with every run in the history.
    ca = CloudAssistant(s)
    ca.error("RunCommand", "InvalidParam.Frequency", 403, Type="RunShellScript",
             CommandContent="true", Frequency="rate(1m)", **{"InstanceId.1": node(1)})
    ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="true", Timeout="10",
                Frequency="0/10 * * * * ?", **{"InstanceId.1": node(1), "InstanceId.2": node(2)})
    task = ca.wait(ran["InvokeId"], until={"Scheduled"})
    assert task["RepeatMode"] == "Period" and task["Frequency"] == "0/10 * * * * ?", task
    deadline = time.time() + TIMEOUT
    while True:
        latest = results(ca, ran["InvokeId"])
        if len(latest) == 2 and min(r["Repeats"] for r in latest) >= 2:
            break
        assert time.time() < deadline, latest
        time.sleep(0.5)
    ca.ok("StopInvocation", InvokeId=ran["InvokeId"])
    task = ca.wait(ran["InvokeId"], until={"Stopped"})
    history = results(ca, ran["InvokeId"], IncludeHistory="true", MaxResults="50")
    assert len(history) >= 4 and {r["InstanceId"] for r in history} == {node(1), node(2)}, history
    assert {r["InvocationStatus"] for r in history} <= {"Success", "Failed", "Cancelled",
                                                         "Terminated"}, history
    # Runs are listed through their task, not on their own.
    assert [i["InvokeId"] for i in ca.ok("DescribeInvocations")["Invocations"]["Invocation"]] \
        == [ran["InvokeId"]]
    # SSM sees each run as a command.
    assert len(s.client().list_commands()["Commands"]) >= 3


def test_restart(s):
    # A restart of the service keeps the saved commands and resumes a periodic task: its
    # next runs are numbered after the earlier ones, and the task lists them all.
    ca = CloudAssistant(s)
    created = ca.ok("CreateCommand", Name="kept", Type="RunShellScript", CommandContent="true")
    ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="true", Timeout="10",
                Frequency="0/10 * * * * ?", **{"InstanceId.1": node(1)})

    def repeats():
        found = results(ca, ran["InvokeId"])
        return found[0]["Repeats"] if found else 0

    deadline = time.time() + TIMEOUT
    while repeats() < 1:
        assert time.time() < deadline
        time.sleep(0.5)
    s.stop()
    s.start()
    ca = CloudAssistant(s)
    invoked = ca.ok("InvokeCommand", CommandId=created["CommandId"], **{"InstanceId.1": node(2)})
    assert ca.wait(invoked["InvokeId"])["CommandName"] == "kept"
    before = repeats()
    while repeats() <= before:
        assert time.time() < deadline, before
        time.sleep(0.5)
    history = results(ca, ran["InvokeId"], IncludeHistory="true", MaxResults="50")
    assert len(history) == repeats() and len(history) >= 2, history
    ca.ok("StopInvocation", InvokeId=ran["InvokeId"])
    ca.wait(ran["InvokeId"], until={"Stopped"})


def test_cross_api(s):
    # One registry: each API sees the other's commands in its own vocabulary.
    ca = CloudAssistant(s)
    ssm = s.client()
    sent = ssm.send_command(InstanceIds=[node(5)], DocumentName="AWS-RunShellScript",
                            Parameters={"commands": ["echo x"]})["Command"]
    wait_for_command(ssm, sent["CommandId"])
    invoke_id = "t-" + sent["CommandId"].replace("-", "")
    task = ca.wait(invoke_id)
    assert task["CommandType"] == "RunShellScript" and task["CommandContent"] == b64("echo x"), task
    ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="echo y",
                **{"InstanceId.1": node(6)})
    ca.wait(ran["InvokeId"])
    command_id = engine_id(ran["InvokeId"])
    listed = ssm.list_commands(CommandId=command_id)["Commands"]
    assert listed[0]["DocumentName"] == "AWS-RunShellScript", listed
    one = ssm.get_command_invocation(CommandId=command_id, InstanceId=node(6))
    assert one["StandardOutputContent"] == "hello from a simulated node\n", one
    status = ca.ok("DescribeCloudAssistantStatus", **{"InstanceId.1": node(1)})
    found = status["InstanceCloudAssistantStatusSet"]["InstanceCloudAssistantStatus"]
    assert [(f["InstanceId"], f["CloudAssistantStatus"], f["OSType"]) for f in found] == \
        [(node(1), "true", "Linux")], status


def test_requests(s):
    ca = CloudAssistant(s)
    # GET, POST with the query, and a form body all work.
    for method, form in (("GET", False), ("POST", False), ("POST", True)):
        status, body = ca.call("DescribeInvocations", method=method, form=form)
        assert status == 200 and "Invocations" in body, (method, form, status, body)
    # Authentication.
    status, body = ca.send(ca.query("DescribeInvocations", {}, secret="wrong"))
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch"), body
    status, body = ca.send(ca.query("DescribeInvocations", {}, key_id="LTAInotakey"))
    assert body["Code"] == "InvalidAccessKeyId.NotFound", body
    query = ca.query("DescribeInvocations", {})
    assert ca.send(query)[0] == 200
    status, body = ca.send(query)
    assert body["Code"] == "SignatureNonceUsed", body
    # Request errors.
    ca.error("DescribeInvocations", "MissingParameter.RegionId", 400, RegionId="")
    ca.error("NoSuchAction", "InvalidAction.NotFound", 404)
    ca.error("DescribeInvocations", "InvalidInvokeId.NotFound", 404, InvokeId="t-nothex")
    ca.error("DescribeInvocations", "InvalidInvokeId.NotFound", 404, InvokeId="t-" + "0" * 32)
    ca.error("RunCommand", "InvalidCmdType.NotFound", 403, Type="RunPython", CommandContent="x",
             **{"InstanceId.1": node(1)})
    ca.error("RunCommand", "InvalidInstance.NotFound", 404, Type="RunShellScript",
             CommandContent="x", **{"InstanceId.1": "i-0000000000000beef"})
    ca.error("RunCommand", "InvalidParam.Frequency", 403, Type="RunShellScript",
             CommandContent="x", Frequency="rate(30s)", **{"InstanceId.1": node(1)})
    ca.error("RunCommand", "InvalidParameter", 400, Type="RunShellScript", CommandContent="x",
             **{"InstanceId.1": node(1), "InstanceId.3": node(3)})
    # Nothing refused was accepted.
    assert ca.ok("DescribeInvocations")["TotalCount"] == 0


def test_send_file(s):
    # Simulated nodes judge a file as agents do, and remember the paths they were sent.
    ca = CloudAssistant(s)
    two = {"InstanceId.1": node(1), "InstanceId.2": node(2)}

    def send(**params):
        sent = ca.ok("SendFile", **dict(dict(Name="app.conf", TargetDir="/etc/app",
                                             Content="a=1"), **params))
        assert set(sent) == {"RequestId", "InvokeId"} and sent["InvokeId"].startswith("t-"), sent
        return ca.wait(sent["InvokeId"]), results(ca, sent["InvokeId"])

    task, rs = send(**two)
    assert task["InvocationStatus"] == "Success", task
    assert task["CommandType"] == "ACS-SendFile" and task["CommandName"] == "app.conf", task
    assert task["CommandContent"] == b64("a=1") and task["Timeout"] == 60, task
    assert {(r["ExitCode"], r["ErrorCode"]) for r in rs} == {(0, "")}, rs
    shown = ca.ok("DescribeSendFileResults", InvokeId=task["InvokeId"])
    assert shown["TotalCount"] == 1, shown
    sent = shown["Invocations"]["Invocation"][0]
    assert (sent["Name"], sent["TargetDir"], sent["FileMode"], sent["FileOwner"]) == \
        ("app.conf", "/etc/app", "0644", "root"), sent
    assert (sent["Content"], sent["ContentType"], sent["Overwrite"]) == ("a=1", "PlainText", False)
    assert (sent["InvocationStatus"], sent["VmCount"]) == ("Success", 2), sent
    assert {i["InvocationStatus"] for i in sent["InvokeInstances"]["InvokeInstance"]} == \
        {"Success"}, sent
    task, rs = send(**two)
    assert task["InvocationStatus"] == "Failed", task
    assert {(r["InvocationStatus"], r["ErrorCode"]) for r in rs} == \
        {("Failed", "FileAlreadyExists")}, rs
    task, rs = send(Overwrite="true", Timeout="3", **two)
    assert task["InvocationStatus"] == "Success" and task["Timeout"] == 10, task
    for params, status, code in (
            (dict(FileMode="0999"), "Invalid", "FileAuthorityInvalid"),
            (dict(Name=".."), "Invalid", "FileNameInvalid"),
            (dict(TargetDir="etc/app"), "Invalid", "FilePathInvalid")):
        task, rs = send(**dict(params, **{"InstanceId.1": node(3)}))
        assert [(r["InvocationStatus"], r["ErrorCode"]) for r in rs] == [(status, code)], rs
    # DescribeSendFileResults lists sends only, filtered by Name and InvocationStatus.
    ca.ok("RunCommand", Type="RunShellScript", CommandContent="true", **two)
    assert ca.ok("DescribeSendFileResults")["TotalCount"] == 6
    assert ca.ok("DescribeSendFileResults", Name="app.conf")["TotalCount"] == 5
    assert ca.ok("DescribeSendFileResults", Name="app.conf",
                 InvocationStatus="Success")["TotalCount"] == 2
    # The service's own checks.
    one = {"InstanceId.1": node(1)}
    ca.error("SendFile", "MissingParameter.Name", 400, TargetDir="/d", Content="x", **one)
    ca.error("SendFile", "MissingParameter.TargetDir", 400, Name="f", Content="x", **one)
    ca.error("SendFile", "MissingParameter.Content", 400, Name="f", TargetDir="/d", **one)
    ca.error("SendFile", "MissingParameter.InstanceId", 400, Name="f", TargetDir="/d",
             Content="x")
    ca.error("SendFile", "InvalidParameter", 400, Name="f", TargetDir="/d", Content="x",
             ContentType="Gzip", **one)
    ca.error("SendFile", "InvalidParameter", 400, Name="f", TargetDir="/d", Content="not b64!",
             ContentType="Base64", **one)
    # 24 KB and a byte is over 32 KB as Base64 (in a form body: too long for a URL).
    status, body = ca.call("SendFile", form=True, Name="f", TargetDir="/d",
                           Content="x" * (24 * 1024 + 1), **one)
    assert (status, body["Code"]) == (400, "InvalidParameter"), body
    ca.error("SendFile", "InvalidParameter", 400, Name="f", TargetDir="/d", Content="x",
             Overwrite="maybe", **one)
    ca.error("SendFile", "InstanceIds.ExceedLimit", 403, Name="f", TargetDir="/d", Content="x",
             **{"InstanceId.%d" % k: node(k) for k in range(1, 52)})
    ca.error("SendFile", "InvalidInstance.NotFound", 404, Name="f", TargetDir="/d", Content="x",
             **{"InstanceId.1": "i-0000000000000beef"})


def test_agents(binary, work):
    # Real agents as separate processes: the error codes from their real triggers.
    s = Service(binary, work, ("--agents-listen", "127.0.0.1:0"))
    agents = []
    try:
        # Agent 2 says it is older than the scheduler of rate/at/zoned cron.
        def start_agent(k, extra):
            return subprocess.Popen(
                [binary, "agent", "--connect", s.agents_at, "--id", "mi-%017x" % k,
                 "--work-dir", str(pathlib.Path(work) / ("agent%d" % k))] + extra,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        for k, extra in ((1, ["--boot-id", "boot-1"]), (2, ["--agent-version", "2.2.0.1"])):
            agents.append(start_agent(k, extra))
        ca = CloudAssistant(s)
        deadline = time.time() + TIMEOUT
        while True:
            status = ca.ok("DescribeCloudAssistantStatus")
            found = status["InstanceCloudAssistantStatusSet"]["InstanceCloudAssistantStatus"]
            if len(found) == 2:
                break
            assert time.time() < deadline, "the agents did not register"
            time.sleep(0.1)
        assert {f["CloudAssistantStatus"] for f in found} == {"true"}, found
        one = {"InstanceId.1": "mi-%017x" % 1}

        def run(**params):
            ran = ca.ok("RunCommand", **dict({"Type": "RunShellScript"}, **one, **params))
            task = ca.wait(ran["InvokeId"])
            return task, results(ca, ran["InvokeId"], ContentEncoding="PlainText")[0]

        task, r = run(CommandContent="echo out; exit 3")
        assert (task["InvocationStatus"], r["ExitCode"], r["ErrorCode"]) == \
            ("Failed", 3, "ExitCodeNonzero"), r
        assert r["Output"] == "out\n", r
        task, r = run(CommandContent="pwd", WorkingDir="/no/such/directory")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Failed", "DirectoryNotExists"), r
        task, r = run(CommandContent="id", Username="no-such-user-here")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Failed", "AccountNotExists"), r
        if os.geteuid() == 0:  # as in CI: the agent can run as nobody, whose home is missing
            task, r = run(CommandContent="pwd", Username="nobody")
            assert (r["InvocationStatus"], r["ErrorCode"]) == \
                ("Error", "DefaultWorkingDirectoryNotAvailable"), r
        task, r = run(CommandContent="echo {{ACS::InstanceId}} {{ACS::InvokeId}}",
                      EnableParameter="true")
        assert r["Output"] == "mi-%017x %s\n" % (1, task["InvokeId"]), r
        task, r = run(CommandContent="echo {{ACS::NoSuchThing}}", EnableParameter="true")
        assert (r["InvocationStatus"], r["ErrorCode"]) == \
            ("Invalid", "InvalidSystemBuiltInParameter"), r
        task, r = run(CommandContent="true", ContainerName="web")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Error", "ContainerConnectFailed"), r
        task, r = run(CommandContent="true", ContainerId="not-an-id")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Invalid", "InvalidContainerId"), r
        task, r = run(CommandContent="kill -9 $$")
        assert (r["InvocationStatus"], r["ExitCode"], r["ErrorCode"]) == \
            ("Error", 137, "ExecutionInterrupted"), r
        task, r = run(CommandContent="not base64!", ContentEncoding="Base64")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Invalid", "CommandContentDecodeError"), r
        task, r = run(CommandContent="echo", Type="RunBatScript")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Invalid", "CommandNotApplicable"), r
        task, r = run(CommandContent="sleep 30", Timeout="10")
        assert (r["InvocationStatus"], r["ErrorCode"]) == ("Timeout", "ExecutionTimeout"), r
        # SendFile: written into a directory the agent creates, then each error code
        # from its trigger.
        target = pathlib.Path(work) / "sent" / "conf"
        me, group = pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name

        def send(**params):
            sent = ca.ok("SendFile", **dict(dict(Name="app.conf", TargetDir=str(target),
                                                 Content=b64("a=1\n"), ContentType="Base64",
                                                 FileOwner=me, FileGroup=group,
                                                 FileMode="0600"), **one, **params))
            task = ca.wait(sent["InvokeId"])
            return task, results(ca, sent["InvokeId"])[0]

        task, r = send()
        assert (task["InvocationStatus"], r["ExitCode"], r["ErrorCode"]) == ("Success", 0, ""), r
        assert (target / "app.conf").read_text() == "a=1\n"
        assert stat.S_IMODE((target / "app.conf").stat().st_mode) == 0o600
        (target / "dir").mkdir()
        for params, status, code in (
                (dict(), "Failed", "FileAlreadyExists"),
                (dict(Name="a/b"), "Invalid", "FileNameInvalid"),
                (dict(TargetDir=str(target / "app.conf")), "Invalid", "FilePathInvalid"),
                (dict(Name="dir", Overwrite="true"), "Invalid", "FilePathInvalid"),
                (dict(FileMode="u+x"), "Invalid", "FileAuthorityInvalid"),
                (dict(Name="other", FileGroup="no-such-group-here"), "Failed",
                 "UserGroupNotExists"),
                (dict(Name="other", FileOwner="no-such-user-here"), "Failed",
                 "AccountNotExists")):
            task, r = send(**params)
            assert (r["InvocationStatus"], r["ErrorCode"]) == (status, code), (params, r)
        assert (target / "app.conf").read_text() == "a=1\n"
        assert sorted(p.name for p in target.iterdir()) == ["app.conf", "dir"]
        task, r = send(Overwrite="true", Content=b64("b=2\n"), FileMode="0644")
        assert r["InvocationStatus"] == "Success", r
        assert (target / "app.conf").read_text() == "b=2\n"
        assert stat.S_IMODE((target / "app.conf").stat().st_mode) == 0o644
        # An at() task runs on the up-to-date agent; the old one needs an upgrade.
        soon = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 3))
        ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="echo at",
                    Frequency="at(%s)" % soon,
                    **{"InstanceId.1": "mi-%017x" % 1, "InstanceId.2": "mi-%017x" % 2})
        deadline = time.time() + TIMEOUT
        while True:
            by_instance = {r["InstanceId"]: r for r in results(ca, ran["InvokeId"])}
            if len(by_instance) == 2 and all(r["InvocationStatus"] in ("Success", "Error")
                                             for r in by_instance.values()):
                break
            assert time.time() < deadline, by_instance
            time.sleep(0.3)
        assert by_instance["mi-%017x" % 1]["InvocationStatus"] == "Success", by_instance
        old = by_instance["mi-%017x" % 2]
        assert (old["InvocationStatus"], old["ErrorCode"]) == ("Error", "ClientNeedUpgrade"), old
        # EveryReboot: nothing runs until the machine boots again, here an agent coming
        # back with another boot id; then a run at each boot, until the stop.
        ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="echo booted",
                    RepeatMode="EveryReboot", **one)
        time.sleep(1)
        assert results(ca, ran["InvokeId"]) == [], "ran before any boot"
        assert ca.wait(ran["InvokeId"], until={"Scheduled"})["RepeatMode"] == "EveryReboot"
        agents[0].terminate()
        agents[0].wait(timeout=TIMEOUT)
        agents[0] = start_agent(1, ["--boot-id", "boot-2"])
        deadline = time.time() + TIMEOUT
        while True:
            latest = results(ca, ran["InvokeId"], ContentEncoding="PlainText")
            if latest and latest[0]["InvocationStatus"] == "Scheduled" and latest[0]["Repeats"] == 1:
                break
            assert time.time() < deadline, latest
            time.sleep(0.3)
        history = results(ca, ran["InvokeId"], IncludeHistory="true", ContentEncoding="PlainText")
        assert [(h["InvocationStatus"], h["Output"]) for h in history] == [("Success", "booted\n")], \
            history
        ca.ok("StopInvocation", InvokeId=ran["InvokeId"])
        assert ca.wait(ran["InvokeId"], until={"Stopped"})["InvocationStatus"] == "Stopped"
        # A stop while the script runs kills it: Terminated.
        ran = ca.ok("RunCommand", Type="RunShellScript", CommandContent="sleep 30", **one)
        ca.wait(ran["InvokeId"], until={"Running"})
        ca.ok("StopInvocation", InvokeId=ran["InvokeId"])
        task = ca.wait(ran["InvokeId"])
        assert task["InvocationStatus"] == "Stopped", task
        instance = task["InvokeInstances"]["InvokeInstance"][0]
        assert instance["InvocationStatus"] == "Terminated", instance
    finally:
        for a in agents:
            a.terminate()
            a.wait(timeout=TIMEOUT)
        s.stop()


STANDALONE = {"agents": test_agents}

TESTS = {
    "run_and_describe": test_run_and_describe,
    "tags_and_saved_commands": test_tags_and_saved_commands,
    "stop": test_stop,
    "periodic": test_periodic,
    "restart": test_restart,
    "cross_api": test_cross_api,
    "requests": test_requests,
    "send_file": test_send_file,
}


if __name__ == "__main__":
    run_suite(TESTS, STANDALONE, Service)

#!/usr/bin/env python3
"""`broadside ssm` and `broadside jobs` against `broadside serve` on 127.0.0.1, checked
against the AWS CLI (v2 at /usr/bin/aws, else this Python's v1) and boto3 on the same server.

Usage: client_test.py BROADSIDE [TEST...]"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from service_test import TIMEOUT, Service, node, wait_for_command  # noqa: E402

OPERATIONS = ["send-command", "list-commands", "list-command-invocations",
              "get-command-invocation", "cancel-command", "describe-instance-information"]
ACTION_TYPE = {"category": "Build", "owner": "Custom", "provider": "ClientTest", "version": "1"}


def aws_cli():
    return "/usr/bin/aws" if os.path.exists("/usr/bin/aws") else shutil.which("aws")


def broadside(s, *args, env=None):
    """Runs `broadside ARGS --endpoint-url URL`, signed with the service's key."""
    return subprocess.run([BINARY, *args, "--endpoint-url", s.url], env=env or s.env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def ok_json(run):
    assert run.returncode == 0, (run.returncode, run.stderr)
    return json.loads(run.stdout)


def key_tree(value):
    """The members of a skeleton, nested, without their values."""
    if isinstance(value, dict):
        return {k: key_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [key_tree(v) for v in value]
    return None


def test_send_and_read(s):
    sent = ok_json(broadside(s, "ssm", "send-command", "--document-name", "AWS-RunShellScript",
                             "--instance-ids", node(1), node(2), "--parameters", "commands=uptime",
                             "--max-concurrency", "50%", "--max-errors", "1",
                             "--timeout-seconds", "600", "--comment", "from broadside"))["Command"]
    assert sent["InstanceIds"] == [node(1), node(2)], sent
    assert sent["Parameters"] == {"commands": ["uptime"]}, sent
    assert sent["MaxConcurrency"] == "50%" and sent["Comment"] == "from broadside", sent
    command_id = sent["CommandId"]
    wait_for_command(s.client(), command_id)

    ours = ok_json(broadside(s, "ssm", "list-command-invocations", "--command-id", command_id,
                             "--details"))["CommandInvocations"]
    theirs = ok_json(s.cli(aws_cli(), "ssm", "list-command-invocations", "--command-id",
                           command_id, "--details"))["CommandInvocations"]
    pairs = lambda invs: sorted((i["CommandId"], i["InstanceId"], i["Status"]) for i in invs)  # noqa: E731
    assert pairs(ours) == pairs(theirs) and len(ours) == 2, (ours, theirs)
    assert all(i["CommandPlugins"] for i in ours), ours

    for instance in (node(1), node(2)):
        args = ["ssm", "get-command-invocation", "--command-id", command_id,
                "--instance-id", instance]
        ours = ok_json(broadside(s, *args))
        theirs = ok_json(s.cli(aws_cli(), *args))
        for member in ("CommandId", "InstanceId", "Status", "PluginName",
                       "StandardOutputContent"):
            assert ours[member] == theirs[member], (member, ours, theirs)

    listed = ok_json(broadside(s, "ssm", "list-commands", "--command-id", command_id))
    assert [c["CommandId"] for c in listed["Commands"]] == [command_id], listed
    done = ok_json(broadside(s, "ssm", "list-commands", "--filters",
                             "key=ExecutionStage,value=Complete", "--max-results", "5"))
    assert command_id in [c["CommandId"] for c in done["Commands"]], done


def test_targets_and_cancel(s):
    sent = ok_json(broadside(s, "ssm", "send-command", "--document-name", "AWS-RunShellScript",
                             "--targets", "Key=tag:role,Values=db", "--parameters",
                             'commands=["sleep 1","echo \'a, b\'"]',
                             "--max-concurrency", "1"))["Command"]
    assert sent["Targets"] == [{"Key": "tag:role", "Values": ["db"]}], sent
    assert sent["Parameters"] == {"commands": ["sleep 1", "echo 'a, b'"]}, sent
    run = broadside(s, "ssm", "cancel-command", "--command-id", sent["CommandId"])
    assert run.returncode == 0 and run.stdout.strip() in ("", "{}"), run
    assert wait_for_command(s.client(), sent["CommandId"])["Status"] == "Cancelled"
    web = ok_json(broadside(s, "ssm", "describe-instance-information", "--filters",
                            "Key=tag:role,Values=web", "--max-results", "50"))
    assert len(web["InstanceInformationList"]) == 10, web
    by_id = ok_json(broadside(s, "ssm", "describe-instance-information",
                              "--instance-information-filter-list",
                              "key=InstanceIds,valueSet=%s,%s" % (node(3), node(4))))
    assert sorted(i["InstanceId"] for i in by_id["InstanceInformationList"]) \
        == [node(3), node(4)], by_id


def test_skeletons(s):
    for op in OPERATIONS:
        ours = subprocess.run([BINARY, "ssm", op, "--generate-cli-skeleton"],
                              capture_output=True, text=True, timeout=TIMEOUT)
        theirs = subprocess.run([aws_cli(), "ssm", op, "--generate-cli-skeleton"], env=s.env,
                                capture_output=True, text=True, timeout=TIMEOUT)
        assert ours.returncode == 0 and theirs.returncode == 0, (op, ours.stderr, theirs.stderr)
        assert key_tree(json.loads(ours.stdout)) == key_tree(json.loads(theirs.stdout)), op
        assert set(json.loads(ours.stdout)) == set(json.loads(theirs.stdout)), op


def test_cli_input_json(s):
    skeleton = json.loads(subprocess.run([BINARY, "ssm", "send-command",
                                          "--generate-cli-skeleton"], capture_output=True,
                                         text=True, check=True).stdout)
    request = {"DocumentName": "AWS-RunShellScript", "InstanceIds": [node(7)],
               "Parameters": {"commands": ["date"]}, "Comment": "from the file"}
    assert set(request) <= set(skeleton)
    path = pathlib.Path(s.work) / "input.json"
    path.write_text(json.dumps(request))
    sent = ok_json(broadside(s, "ssm", "send-command", "--cli-input-json", "file://" + str(path),
                             "--comment", "the flag wins"))["Command"]
    assert sent["InstanceIds"] == [node(7)] and sent["Comment"] == "the flag wins", sent
    assert sent["Parameters"] == {"commands": ["date"]}, sent
    inline = ok_json(broadside(s, "ssm", "get-command-invocation", "--cli-input-json",
                               json.dumps({"CommandId": sent["CommandId"],
                                           "InstanceId": node(7)})))
    assert inline["CommandId"] == sent["CommandId"], inline


def test_errors(s):
    args = ["ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids",
            "i-0123456789abcdef9", "--parameters", "commands=uptime"]
    ours = broadside(s, *args)
    theirs = s.cli(aws_cli(), *args)
    line = [x for x in theirs.stderr.splitlines() if x.startswith("An error occurred")]
    assert ours.returncode == 254 and theirs.returncode in (254, 255), (ours, theirs)
    assert line and line[0] in ours.stderr.splitlines(), (ours.stderr, theirs.stderr)
    assert "(InvalidInstanceId) when calling the SendCommand operation" in ours.stderr

    for rejected in (["ssm", "send-command", "--document-name", "X", "--bogus", "1"],
                     ["ssm", "list-commands", "--max-results", "many"],
                     ["ssm", "send-command", "--instance-ids", node(1)],  # no --document-name
                     ["ssm", "send-command", "--document-name", "X", "--targets", "Key=a,Key=b"],
                     ["ssm", "no-such-operation"]):
        run = broadside(s, *rejected)
        assert run.returncode == 252, (rejected, run.returncode, run.stderr)

    stranger = dict(s.env, AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE",
                    AWS_SECRET_ACCESS_KEY="x" * 40)
    run = broadside(s, "ssm", "list-commands", env=stranger)
    assert run.returncode == 254 and "(UnrecognizedClientException)" in run.stderr, run.stderr
    # An explicit --profile is read from the file even with keys in the environment.
    run = broadside(s, "ssm", "list-commands", "--profile", "default", env=stranger)
    assert run.returncode == 0, run.stderr
    run = broadside(s, "ssm", "list-commands", "--profile", "nobody")
    assert run.returncode == 253 and "nobody" in run.stderr, run.stderr

    closed = subprocess.run([BINARY, "ssm", "list-commands", "--endpoint-url",
                             "http://127.0.0.1:1"], env=s.env, capture_output=True, text=True,
                            timeout=TIMEOUT)
    assert closed.returncode == 255 and "Could not connect" in closed.stderr, closed.stderr


def test_jobs_create(s):
    created = ok_json(broadside(s, "jobs", "create", "--action-type-id",
                                ",".join("%s=%s" % kv for kv in ACTION_TYPE.items()),
                                "--configuration", "ProjectName=foo,Mode=fast",
                                "--pipeline-name", "MyPipeline", "--stage-name", "Build"))
    job_id = created["jobId"]
    jobs = s.client("codepipeline").poll_for_jobs(actionTypeId=ACTION_TYPE,
                                                  maxBatchSize=1)["jobs"]
    assert [j["id"] for j in jobs] == [job_id], jobs
    data = jobs[0]["data"]
    assert data["actionConfiguration"]["configuration"] == {"ProjectName": "foo",
                                                            "Mode": "fast"}, data
    assert data["pipelineContext"]["pipelineName"] == "MyPipeline", data
    assert data["pipelineContext"]["stage"]["name"] == "Build", data
    refused = broadside(s, "jobs", "create", "--action-type-id",
                        "category=Build,owner=AWS,provider=P,version=1")
    assert refused.returncode == 254 and "(ValidationException)" in refused.stderr, refused


TESTS = {
    "send_and_read": test_send_and_read,
    "targets_and_cancel": test_targets_and_cancel,
    "skeletons": test_skeletons,
    "cli_input_json": test_cli_input_json,
    "errors": test_errors,
    "jobs_create": test_jobs_create,
}

BINARY = None


def main():
    global BINARY
    BINARY = sys.argv[1]
    names = sys.argv[2:] or list(TESTS)
    failed = []
    for name in names:
        with tempfile.TemporaryDirectory() as work:
            service = Service(BINARY, work)
            try:
                TESTS[name](service)
                print("ok", name)
            except Exception as e:  # noqa: BLE001 - report and go on
                failed.append(name)
                print("FAILED", name, repr(e))
            finally:
                service.stop()
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

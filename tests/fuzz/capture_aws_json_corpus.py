#!/usr/bin/env python3
"""Writes the seed corpus of the aws_json_request harness: the requests boto3
sends for each operation, serialized by botocore itself (its JSON serializer and
the service models on disk), as `<X-Amz-Target>\\n<body>` files in
tests/fuzz/corpus/aws_json_request/. Run it again when an operation is added.

    python3 tests/fuzz/capture_aws_json_corpus.py
"""
import pathlib

import botocore.serialize
import botocore.session

CORPUS = pathlib.Path(__file__).parent / "corpus" / "aws_json_request"
JOB = "11111111-2222-4333-8444-555555555555"
ACTION = {"category": "Build", "owner": "Custom", "provider": "Fuzz", "version": "1"}

REQUESTS = {
    "ssm": [
        ("SendCommand", "instances", {
            "InstanceIds": ["i-00000000000000001", "mi-00000000000000002"],
            "DocumentName": "AWS-RunShellScript", "TimeoutSeconds": 60, "Comment": "fuzz",
            "Parameters": {"commands": ["echo hi", "exit 3"], "executionTimeout": ["30"],
                           "workingDirectory": ["/tmp"]},
            "MaxConcurrency": "10%", "MaxErrors": "1"}),
        ("SendCommand", "targets", {
            "Targets": [{"Key": "tag:role", "Values": ["web", "db"]}],
            "DocumentName": "AWS-RunShellScript", "Parameters": {"commands": ["uptime"]}}),
        ("ListCommands", "filters", {
            "MaxResults": 5, "Filters": [{"key": "InvokedAfter", "value": "2026-01-01T00:00:00Z"},
                                         {"key": "Status", "value": "Success"}]}),
        ("ListCommands", "token", {"CommandId": JOB, "NextToken": "AAAAAAAAAAAAAAAA"}),
        ("ListCommandInvocations", "details", {
            "CommandId": JOB, "InstanceId": "i-00000000000000001", "Details": True}),
        ("GetCommandInvocation", "plugin", {
            "CommandId": JOB, "InstanceId": "i-00000000000000001",
            "PluginName": "aws:runShellScript"}),
        ("CancelCommand", "some", {"CommandId": JOB, "InstanceIds": ["i-00000000000000001"]}),
        ("DescribeInstanceInformation", "filters", {
            "MaxResults": 10,
            "InstanceInformationFilterList": [{"key": "PingStatus", "valueSet": ["Online"]}],
            "Filters": [{"Key": "tag:role", "Values": ["web"]}]}),
    ],
    "codepipeline": [
        ("PollForJobs", "query", {"actionTypeId": ACTION, "maxBatchSize": 3,
                                  "queryParam": {"ProjectName": "fuzz"}}),
        ("AcknowledgeJob", "nonce", {"jobId": JOB, "nonce": "3"}),
        ("GetJobDetails", "id", {"jobId": JOB}),
        ("PutJobSuccessResult", "everything", {
            "jobId": JOB, "currentRevision": {"revision": "r1", "changeIdentifier": "c1",
                                              "created": 1700000000, "revisionSummary": "s"},
            "executionDetails": {"summary": "done", "externalExecutionId": "x",
                                 "percentComplete": 100},
            "outputVariables": {"key": "value"}}),
        ("PutJobSuccessResult", "continuation", {"jobId": JOB, "continuationToken": "more"}),
        ("PutJobFailureResult", "details", {
            "jobId": JOB, "failureDetails": {"type": "JobFailed", "message": "no",
                                             "externalExecutionId": "x"}}),
    ],
}

# Broadside's own operation (no botocore model): what `broadside jobs create` sends.
CREATE_JOB = ('{"actionTypeId":{"category":"Build","owner":"Custom","provider":"Fuzz",'
              '"version":"1"},"actionConfiguration":{"configuration":{"ProjectName":"fuzz"}},'
              '"pipelineContext":{"pipelineName":"P","stage":{"name":"Build"},'
              '"action":{"name":"Compile"}}}')


def main():
    CORPUS.mkdir(parents=True, exist_ok=True)
    session = botocore.session.get_session()
    for service, requests in REQUESTS.items():
        model = session.get_service_model(service)
        serializer = botocore.serialize.create_serializer("json", include_validation=True)
        for operation, name, params in requests:
            request = serializer.serialize_to_request(params, model.operation_model(operation))
            target = request["headers"]["X-Amz-Target"]
            body = request["body"] if isinstance(request["body"], bytes) else request["body"].encode()
            (CORPUS / ("%s-%s-%s" % (service, operation, name))).write_bytes(
                target.encode() + b"\n" + body)
    (CORPUS / "broadside-CreateJob").write_text("Broadside_Jobs.CreateJob\n" + CREATE_JOB)


if __name__ == "__main__":
    main()

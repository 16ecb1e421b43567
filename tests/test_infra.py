"""infra/: the boto3 setup script against moto's server, the IAM policy, the Prefect deployment file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
INFRA = ROOT / "infra"


def _run_setup(moto_server, bucket: str) -> dict:
    proc = subprocess.run(
        [sys.executable, str(INFRA / "setup_aws.py"), "--bucket", bucket, "--queue", f"{bucket}-q",
         "--endpoint-url", moto_server.endpoint_url],
        capture_output=True, text=True, timeout=60, env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr
    assert "budgetcheck serve --source s3://" in proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.slow  # a process against moto
def test_setup_script_configures_bucket_queue_and_notification(moto_server):
    bucket = f"bc-infra-{os.getpid()}"
    out = _run_setup(moto_server, bucket)
    again = _run_setup(moto_server, bucket)  # idempotent: a second run repairs, does not fail
    assert again["queue_url"] == out["queue_url"]
    s3, sqs = moto_server.s3(), moto_server.sqs()

    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    [conf] = s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]
    assert conf["QueueArn"] == out["queue_arn"]
    assert set(conf["Events"]) == {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}
    assert conf["Filter"]["Key"]["FilterRules"] == [{"Name": "Prefix", "Value": "incoming/"}] or \
        conf["Filter"]["Key"]["FilterRules"] == [{"Name": "prefix", "Value": "incoming/"}]

    attrs = sqs.get_queue_attributes(QueueUrl=out["queue_url"], AttributeNames=["All"])["Attributes"]
    [stmt] = json.loads(attrs["Policy"])["Statement"]
    assert stmt["Principal"] == {"Service": "s3.amazonaws.com"} and stmt["Action"] == "sqs:SendMessage"
    assert stmt["Condition"]["ArnLike"]["aws:SourceArn"] == f"arn:aws:s3:::{bucket}"
    assert json.loads(attrs["RedrivePolicy"])["deadLetterTargetArn"].endswith(f"{bucket}-q-dlq")
    assert int(attrs["VisibilityTimeout"]) >= 300

    # end to end: an upload under incoming/ reaches the queue, one elsewhere does not
    s3.put_object(Bucket=bucket, Key="incoming/2022/预算 316.pdf", Body=b"%PDF-1.4")
    s3.put_object(Bucket=bucket, Key="results/x.json", Body=b"{}")
    bodies = []
    while True:
        got = sqs.receive_message(QueueUrl=out["queue_url"], MaxNumberOfMessages=10, WaitTimeSeconds=0)
        if not got.get("Messages"):
            break
        for m in got["Messages"]:
            bodies.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=out["queue_url"], ReceiptHandle=m["ReceiptHandle"])
    from connectors.events.notifications import parse_message

    keys = [e.key for b in bodies for e in parse_message(json.dumps(b))[0]]
    assert keys == ["incoming/2022/预算 316.pdf"]
    assert any(b.get("Event") == "s3:TestEvent" for b in bodies)


def test_iam_policy_is_least_privilege():
    policy = json.loads((INFRA / "iam-policy.json").read_text())
    grants: dict[str, set[str]] = {}
    for st in policy["Statement"]:
        assert st["Effect"] == "Allow"
        actions = [st["Action"]] if isinstance(st["Action"], str) else st["Action"]
        assert not any("*" in a for a in actions), "no wildcard actions"
        for a in actions:
            grants.setdefault(a, set()).add(st["Resource"])
    assert grants["s3:PutObject"] == {"arn:aws:s3:::BUCKET/results/*", "arn:aws:s3:::BUCKET/docs/*",
                                      "arn:aws:s3:::BUCKET/claims/*"}  # claims: conditional writes only
    assert "arn:aws:s3:::BUCKET/incoming/*" in grants["s3:GetObject"]
    assert grants["s3:DeleteObject"] == {"arn:aws:s3:::BUCKET/docs/*"}  # never an upload or a report
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage"} <= grants.keys()
    assert not any(a.startswith(("s3:PutBucket", "iam:", "sqs:SendMessage")) for a in grants)


def test_prefect_yaml_matches_the_code_trigger():
    from flows.deployment import TRIGGER_MATCH, TRIGGER_PARAMETERS, UPLOADED_EVENT, upload_trigger

    spec = yaml.safe_load((INFRA / "prefect.yaml").read_text())
    [dep] = spec["deployments"]
    assert dep["entrypoint"] == "flows/validate.py:validate_disclosure"
    assert (ROOT / dep["entrypoint"].split(":")[0]).is_file()
    assert dep["concurrency_limit"] >= 1 and dep["work_pool"]["name"] == "budgetcheck"
    [trig] = dep["triggers"]
    assert trig["expect"] == [UPLOADED_EVENT] and trig["match"] == TRIGGER_MATCH
    assert trig["parameters"] == TRIGGER_PARAMETERS
    assert trig["parameters"]["event_id"] == "{{ event.id | string }}"
    trigger = upload_trigger()  # Prefect accepts the definition
    assert trigger.expect == {UPLOADED_EVENT}
    from flows.validate import validate_disclosure

    assert set(TRIGGER_PARAMETERS) <= set(validate_disclosure.parameters.properties)


def test_container_recipe_runs_a_worker_of_the_pool():
    text = (INFRA / "Dockerfile").read_text()
    assert "FROM python:3.11" in text and "USER budgetcheck" in text
    assert '"worker", "start", "--pool", "budgetcheck"' in text

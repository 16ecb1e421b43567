#!/usr/bin/env python3
"""Create (or update) the bucket, the SQS queue and the bucket notification budgetcheck needs.

    python infra/setup_aws.py --bucket caizheng-disclosures --queue budgetcheck-uploads \
        [--endpoint-url http://127.0.0.1:9000] [--region cn-north-1] [--prefix incoming/]

Idempotent: run it again to repair a setup.  What it does, in order:

1. the bucket (public access blocked);
2. a dead-letter queue and the queue (visibility timeout longer than a validation; a message
   that fails 5 times goes to the dead-letter queue for a human to look at);
3. the queue policy: only ``s3.amazonaws.com``, only for this bucket, may send to the queue;
4. the bucket notification: ``ObjectCreated:*`` and ``ObjectRemoved:*`` under the prefix →
   the queue.  S3 then sends an ``s3:TestEvent`` message, which the service skips.

Prints a JSON summary (queue URL and ARN) and the ``budgetcheck serve`` command to run.
Plain boto3 (credential chain; ``--endpoint-url`` or ``AWS_ENDPOINT_URL`` for MinIO / moto).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

EVENTS = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]


def _client(service: str, endpoint_url: str | None, region: str):
    cfg = Config(retries={"max_attempts": 5, "mode": "standard"},
                 s3={"addressing_style": "path" if endpoint_url else "auto"})
    return boto3.client(service, endpoint_url=endpoint_url, region_name=region, config=cfg)


def ensure_bucket(s3, bucket: str, region: str) -> None:
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError:
        kwargs = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **kwargs)
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                        "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
    )


def ensure_queue(sqs, name: str, bucket: str, visibility_timeout: int) -> tuple[str, str]:
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq", Attributes={"MessageRetentionPeriod": "1209600"})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = queue_policy(arn, bucket)
    sqs.set_queue_attributes(
        QueueUrl=url,
        Attributes={
            "VisibilityTimeout": str(visibility_timeout),
            "MessageRetentionPeriod": "1209600",
            "ReceiveMessageWaitTimeSeconds": "20",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"}),
            "Policy": json.dumps(policy),
        },
    )
    return url, arn


def queue_policy(queue_arn: str, bucket: str, account_id: str | None = None) -> dict:
    """Only S3, and only for this bucket (and account, when known), may send to the queue."""
    condition: dict = {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}}
    if account_id:
        condition["StringEquals"] = {"aws:SourceAccount": account_id}
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AllowBucketNotifications",
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
            "Condition": condition,
        }],
    }


def ensure_notification(s3, bucket: str, queue_arn: str, prefix: str) -> None:
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [{
                "Id": "budgetcheck-uploads",
                "QueueArn": queue_arn,
                "Events": EVENTS,
                "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}},
            }]
        },
    )


def setup(bucket: str, queue: str, endpoint_url: str | None = None, region: str | None = None,
          prefix: str = "incoming/", visibility_timeout: int = 900) -> dict:
    endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    s3, sqs = _client("s3", endpoint_url, region), _client("sqs", endpoint_url, region)
    ensure_bucket(s3, bucket, region)
    queue_url, queue_arn = ensure_queue(sqs, queue, bucket, visibility_timeout)
    ensure_notification(s3, bucket, queue_arn, prefix)
    return {"bucket": bucket, "prefix": prefix, "queue_url": queue_url, "queue_arn": queue_arn,
            "region": region, "endpoint_url": endpoint_url}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bucket", required=True)
    p.add_argument("--queue", required=True)
    p.add_argument("--endpoint-url", default=None)
    p.add_argument("--region", default=None)
    p.add_argument("--prefix", default="incoming/")
    p.add_argument("--visibility-timeout", type=int, default=900)
    a = p.parse_args(argv)
    out = setup(a.bucket, a.queue, a.endpoint_url, a.region, a.prefix, a.visibility_timeout)
    print(json.dumps(out, indent=2))
    endpoint = f" --endpoint-url {out['endpoint_url']}" if out["endpoint_url"] else ""
    print(f"\nbudgetcheck serve --source s3://{a.bucket}/{a.prefix} --queue-url {out['queue_url']}{endpoint}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

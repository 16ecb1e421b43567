"""Malformed SQS bodies (issue 17, item 1): never a crash, never the good notifications lost.

A queue can receive anything: a hand-written test message, a misconfigured SNS topic, a body cut or
nested out of shape.  Each such *poison* message is deleted with a log line naming it (its message
id and what is wrong with it); the good notifications received in the same batch are processed and
their uploads get their reports.  Real moto server over HTTP, real Prefect flow runs.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest

from connectors.events.notifications import NotAnS3Event, parse_message
from connectors.storage import open_storage
from flows.checking import Checker
from flows.service import Service
from flows.validate import set_checker
from tests import documents
from tests.reports import stored_report
from tests.serving import setup_aws_module

#: Bodies a queue received in the field or a fuzzer sent, each with what makes it poison.
POISON: dict[str, str] = {
    "a null record": json.dumps({"Records": [None]}),
    "s3 as a string": json.dumps({"Records": [{"eventName": "ObjectCreated:Put", "s3": "incoming/x.txt"}]}),
    "a key that is a number": json.dumps({"Records": [{"eventName": "ObjectCreated:Put",
                                                      "s3": {"bucket": {"name": "b"}, "object": {"key": 42}}}]}),
    "a key that is null": json.dumps({"Records": [{"eventName": "ObjectCreated:Put",
                                                    "s3": {"bucket": {"name": "b"}, "object": {"key": None}}}]}),
    "an SNS Message that is an object": json.dumps({"Type": "Notification", "Message": {"Records": []}}),
    "JSON nested 50,000 deep": "[" * 50_000 + "]" * 50_000,
    "Records that are a string": json.dumps({"Records": "incoming/x.txt"}),
    "a bucket that is a list": json.dumps({"Records": [{"eventName": "ObjectCreated:Put",
                                                        "s3": {"bucket": ["b"], "object": {"key": "incoming/a.txt"}}}]}),
    "an eventName that is a number": json.dumps({"Records": [{"eventName": 7, "s3": {"object": {"key": "incoming/a"}}}]}),
}


@pytest.mark.parametrize("what", list(POISON))
def test_each_malformed_body_is_named_poison_never_another_error(what: str) -> None:
    with pytest.raises(NotAnS3Event):
        parse_message(POISON[what])


def test_a_bad_record_beside_a_good_one_keeps_the_good_one() -> None:
    good = {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}, "object": {"key": "incoming/a.txt"}}}
    events, _ = parse_message(json.dumps({"Records": [None, "x", good, {"s3": {"object": {"key": None}}}]}))
    assert [e.key for e in events] == ["incoming/a.txt"]


@pytest.mark.usefixtures("prefect_harness")
def test_poison_messages_are_deleted_and_the_good_uploads_beside_them_get_reports(moto_server, tmp_path, caplog):
    set_checker(Checker(workers=0))
    try:
        bucket = f"bc-poison-{int(time.time() * 1000) % 10**8}"
        info = setup_aws_module().setup(bucket, f"{bucket}-q", endpoint_url=moto_server.endpoint_url)
        s3, sqs = moto_server.s3(), moto_server.sqs()
        sent = {}
        for what, body in POISON.items():  # poison first: a crash on it would leave the good ones unread
            sent[sqs.send_message(QueueUrl=info["queue_url"], MessageBody=body)["MessageId"]] = what
        good = [f"incoming/good/{i}.txt" for i in range(3)]
        for key in good:
            s3.put_object(Bucket=bucket, Key=key, Body=documents.SAMPLE.read_bytes() + key.encode())
        service = Service(f"s3://{bucket}/incoming/", moto_server.endpoint_url, queue_url=info["queue_url"],
                          ledger_path=str(tmp_path / "ledger.sqlite"))
        with caplog.at_level(logging.WARNING):
            stats = asyncio.run(service.run(once=True))
        service.close()
        store, _ = open_storage(f"s3://{bucket}/incoming/", endpoint_url=moto_server.endpoint_url)
        assert sorted(o.key for o in stats.outcomes if o.done) == good
        for key in good:
            assert stored_report(store, key)["source_version"]["key"] == key
        attrs = sqs.get_queue_attributes(QueueUrl=info["queue_url"], AttributeNames=["All"])["Attributes"]
        assert attrs["ApproximateNumberOfMessages"] == "0" and attrs["ApproximateNumberOfMessagesNotVisible"] == "0"
        said = "\n".join(r.getMessage() for r in caplog.records)
        for message_id in sent:
            assert f"poison message {message_id}" in said, said[-3000:]
    finally:
        set_checker(None)

"""Upload events: S3 notification parsing, the SQS consumer over HTTP (moto), the ledger, polling."""

from __future__ import annotations

import json

from connectors.events.ledger import Ledger
from connectors.events.notifications import parse_message
from connectors.events.polling import poll_once
from connectors.events.sqs import SqsSource
from connectors.storage import LocalStorage


def _record(name: str, key: str, etag: str = "abc", bucket: str = "b") -> dict:
    return {"eventName": name, "eventTime": "2026-01-01T00:00:00Z",
            "s3": {"bucket": {"name": bucket}, "object": {"key": key, "eTag": etag, "sequencer": "01"}}}


def test_parse_keys_are_url_decoded_and_kinds_mapped():
    body = json.dumps({"Records": [
        _record("ObjectCreated:Put", "incoming/2022/%E6%9B%B2%E9%98%B3+316.pdf"),
        _record("ObjectRemoved:Delete", "incoming/a+b%2Bc.txt"),
        _record("ObjectRestore:Completed", "incoming/x.pdf"),
    ]})
    events, is_test = parse_message(body)
    assert not is_test
    assert [(e.key, e.kind) for e in events] == [("incoming/2022/曲阳 316.pdf", "created"),
                                                 ("incoming/a b+c.txt", "removed")]
    assert events[0].etag == "abc" and events[0].bucket == "b"


def test_parse_test_event_and_sns_envelope():
    assert parse_message(json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "b"})) == ([], True)
    inner = json.dumps({"Records": [_record("ObjectCreated:Copy", "incoming/x.pdf")]})
    events, _ = parse_message(json.dumps({"Type": "Notification", "Message": inner}))
    assert [e.key for e in events] == ["incoming/x.pdf"]


def test_ledger_is_durable_and_versioned(tmp_path):
    path = tmp_path / "ledger.sqlite"
    led = Ledger(path)
    led.record("incoming/a.pdf", "e1", "passed")
    led.close()
    led = Ledger(path)  # a restart
    assert led.is_done("incoming/a.pdf", "e1")
    assert not led.is_done("incoming/a.pdf", "e2")  # replaced file
    assert not led.is_done("incoming/b.pdf", "e1")
    led.record("incoming/a.pdf", "e2", "failed")
    assert led.is_done("incoming/a.pdf", "e2") and not led.is_done("incoming/a.pdf", "e1")
    led.mark_withdrawn("incoming/a.pdf")
    assert not led.is_done("incoming/a.pdf", "e2") and led.active() == {}
    led.close()


def test_polling_finds_new_replaced_and_removed(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    led = Ledger(tmp_path / "ledger.sqlite")
    a = store.put("incoming/a.txt", b"a")
    store.put("incoming/.hidden", b"x")
    store.put("results/a.json", b"{}")
    assert [(e.key, e.kind) for e in poll_once(store, "incoming/", led)] == [("incoming/a.txt", "created")]
    led.record("incoming/a.txt", a.etag, "passed")
    assert poll_once(store, "incoming/", led) == []  # nothing changed: nothing to do
    store.put("incoming/a.txt", b"a2")
    store.put("incoming/b.txt", b"b")
    assert sorted(e.key for e in poll_once(store, "incoming/", led)) == ["incoming/a.txt", "incoming/b.txt"]
    store.delete("incoming/a.txt")
    assert [(e.key, e.kind) for e in poll_once(store, "incoming/", led)] == [
        ("incoming/b.txt", "created"), ("incoming/a.txt", "removed")]


def test_sqs_consumer_skips_test_event_and_poison_and_acks(moto_server):
    sqs = moto_server.sqs()
    url = sqs.create_queue(QueueName="bc-events-test")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"Event": "s3:TestEvent", "Bucket": "b"}))
    sqs.send_message(QueueUrl=url, MessageBody="not json at all")
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"Records": [
        _record("ObjectCreated:Put", "incoming/x%20y.pdf", bucket="b"),
        _record("ObjectCreated:Put", "incoming/other.pdf", bucket="someone-else")]}))
    src = SqsSource(url, moto_server.endpoint_url, bucket="b", visibility_timeout=1)
    got = []
    for _ in range(3):
        got += src.receive(10, 0)
    assert [[e.key for e in d.events] for d in got] == [["incoming/x y.pdf"]]
    # not acked: it comes back after the visibility timeout (a crash means redelivery, not loss)
    import time

    time.sleep(1.2)
    again = src.receive(10, 1)
    assert [[e.key for e in d.events] for d in again] == [["incoming/x y.pdf"]]
    src.ack(again[0])
    time.sleep(1.2)
    assert src.receive(10, 0) == []


def test_ledger_gives_up_on_a_version_after_repeated_crashes(tmp_path):
    from connectors.events.ledger import GAVE_UP, MAX_CRASHES

    led = Ledger(tmp_path / "l.sqlite")
    for n in range(1, MAX_CRASHES):
        assert led.note_crash("incoming/x.pdf", "e1") == n
        assert not led.is_done("incoming/x.pdf", "e1")
    assert led.note_crash("incoming/x.pdf", "e1") == MAX_CRASHES
    assert led.is_done("incoming/x.pdf", "e1") and led.get("incoming/x.pdf").status == GAVE_UP
    assert not led.is_done("incoming/x.pdf", "e2")  # a new upload of the file is tried again
    assert led.note_crash("incoming/x.pdf", "e2") == 1


def test_polling_says_why_a_key_is_not_an_upload(tmp_path):
    store = LocalStorage(tmp_path / "bucket")
    led = Ledger(tmp_path / "ledger.sqlite")
    store.put("incoming/.hidden.pdf", b"%PDF-1.4")
    store.put("incoming/a.pdf", b"%PDF-1.4")
    heard: list[tuple[str, str]] = []
    events = poll_once(store, "incoming/", led, on_skip=lambda key, why: heard.append((key, why)))
    assert [e.key for e in events] == ["incoming/a.pdf"]
    assert [k for k, _ in heard] == ["incoming/.hidden.pdf"] and "starts with a dot" in heard[0][1]


def test_sqs_keep_extends_the_visibility_of_messages_being_worked_on(moto_server):
    """The service keeps a short visibility timeout and extends it while it works: a kept message
    stays hidden past its first timeout, and comes back when no longer kept."""
    import time

    sqs = moto_server.sqs()
    url = sqs.create_queue(QueueName="bc-keep-test")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"Records": [
        _record("ObjectCreated:Put", "incoming/a.pdf", bucket="b")]}))
    src = SqsSource(url, moto_server.endpoint_url, bucket="b", visibility_timeout=3)
    [delivery] = src.receive(10, 0)
    time.sleep(2)
    src.keep([delivery])  # hidden until 3 s from now
    time.sleep(2)  # past the first timeout
    assert src.receive(10, 0) == []
    time.sleep(2.5)  # past the extended one
    assert [[e.key for e in d.events] for d in src.receive(10, 1)] == [["incoming/a.pdf"]]

"""S3 event notifications (as delivered to SQS, directly or through SNS) → upload events.

What the format makes us handle: keys are URL-encoded with ``+`` for spaces (``unquote_plus``);
configuring a notification first sends an ``s3:TestEvent`` that is not an upload; one message may
carry several records; delivery is at least once and out of order, so an event is only a hint
to look at the key again (the flow reads the object's current version and the ledger decides).

A queue receives whatever anyone sends it.  Every field is checked for its type before it is used,
so a malformed body (a null record, ``s3`` given as a string, a key that is a number, an SNS
``Message`` that is an object, JSON nested 50,000 deep) raises :class:`NotAnS3Event`, the one
error the consumer expects, and never crashes the service.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote_plus


@dataclass(frozen=True)
class UploadEvent:
    """Something happened to ``key``: ``kind`` is ``created`` or ``removed``."""

    key: str
    kind: str
    etag: str | None = None
    version_id: str | None = None
    bucket: str | None = None
    sequencer: str | None = None
    event_time: str | None = None


class NotAnS3Event(ValueError):
    """The message body is not an S3 notification (a poison message)."""


def _text(value: object, what: str) -> str:
    """A field the format says is a string; anything else makes the record malformed."""
    if not isinstance(value, str):
        raise NotAnS3Event(f"{what} is {type(value).__name__}, not a string")
    return value


def _object(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise NotAnS3Event(f"{what} is {type(value).__name__}, not an object")
    return value


def _loads(body: object) -> object:
    """JSON, or NotAnS3Event: a body that is not text, not JSON, or nested past what the parser
    takes (``[[[…]]]`` 50,000 deep raises RecursionError, which must not end the service)."""
    if not isinstance(body, str):
        raise NotAnS3Event(f"body is {type(body).__name__}, not text")
    try:
        return json.loads(body)
    except RecursionError as exc:
        raise NotAnS3Event("JSON nested too deeply") from exc
    except (json.JSONDecodeError, ValueError) as exc:
        raise NotAnS3Event(f"not JSON: {body[:80]!r}") from exc


def parse_message(body: str, _depth: int = 0) -> tuple[list[UploadEvent], bool]:
    """Events in one SQS message body, and whether it was a ``s3:TestEvent``.

    Raises :class:`NotAnS3Event` (and nothing else) for a body that holds no usable notification:
    the caller deletes it as poison.  A malformed record beside good ones is left out (``skipped``
    in the log by the caller's count), the good ones are kept."""
    doc = _loads(body)
    if isinstance(doc, dict) and doc.get("Type") == "Notification" and "Message" in doc:  # via SNS
        if _depth:
            raise NotAnS3Event("an SNS envelope inside an SNS envelope")
        return parse_message(_text(doc["Message"], "the SNS Message"), _depth + 1)
    if not isinstance(doc, dict):
        raise NotAnS3Event("not a JSON object")
    if doc.get("Event") == "s3:TestEvent":
        return [], True
    records = doc.get("Records")
    if not isinstance(records, list):
        raise NotAnS3Event("no Records list")
    events: list[UploadEvent] = []
    problems: list[str] = []
    for n, rec in enumerate(records):
        try:
            event = _record(rec)
        except NotAnS3Event as exc:
            problems.append(f"record {n}: {exc}")
            continue
        if event is not None:
            events.append(event)
    if problems and not events:
        raise NotAnS3Event("; ".join(problems[:3]))
    return events, False


def _record(rec: object) -> UploadEvent | None:
    """One record as an event; None for a well-formed record that is not an upload (a restore,
    a lifecycle transition); NotAnS3Event for a malformed one."""
    rec = _object(rec, "the record")
    name = _text(rec.get("eventName", ""), "eventName")
    s3 = _object(rec.get("s3"), "s3")
    obj = _object(s3.get("object"), "s3.object")
    key = _text(obj.get("key"), "s3.object.key")
    if not key:
        raise NotAnS3Event("s3.object.key is empty")
    bucket = s3.get("bucket")
    bucket_name = _text(_object(bucket, "s3.bucket").get("name"), "s3.bucket.name") if bucket is not None else None
    if name.startswith("ObjectCreated"):
        kind = "created"
    elif name.startswith("ObjectRemoved"):
        kind = "removed"
    else:
        return None  # restore, replication, lifecycle transitions: not uploads
    etag, version_id = obj.get("eTag"), obj.get("versionId")
    sequencer, event_time = obj.get("sequencer"), rec.get("eventTime")
    return UploadEvent(
        key=unquote_plus(key),
        kind=kind,
        etag=etag if isinstance(etag, str) and etag else None,
        version_id=version_id if isinstance(version_id, str) else None,
        bucket=bucket_name,
        sequencer=sequencer if isinstance(sequencer, str) else None,
        event_time=event_time if isinstance(event_time, str) else None,
    )

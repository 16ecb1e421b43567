"""S3 event notifications (as delivered to SQS, directly or through SNS) → upload events.

What the format makes us handle: keys are URL-encoded with ``+`` for spaces (``unquote_plus``);
configuring a notification first sends an ``s3:TestEvent`` that is not an upload; one message may
carry several records; delivery is at least once and out of order, so an event is only a hint
to look at the key again (the flow reads the object's current version and the ledger decides).
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


def parse_message(body: str) -> tuple[list[UploadEvent], bool]:
    """Events in one SQS message body, and whether it was a ``s3:TestEvent``."""
    try:
        doc = json.loads(body)
    except json.JSONDecodeError as exc:
        raise NotAnS3Event(f"not JSON: {body[:80]!r}") from exc
    if isinstance(doc, dict) and doc.get("Type") == "Notification" and "Message" in doc:  # via SNS
        return parse_message(doc["Message"])
    if not isinstance(doc, dict):
        raise NotAnS3Event("not a JSON object")
    if doc.get("Event") == "s3:TestEvent":
        return [], True
    records = doc.get("Records")
    if not isinstance(records, list):
        raise NotAnS3Event("no Records")
    events = []
    for rec in records:
        name = str(rec.get("eventName", ""))
        s3 = rec.get("s3") or {}
        obj = s3.get("object") or {}
        if "key" not in obj:
            continue
        if name.startswith("ObjectCreated"):
            kind = "created"
        elif name.startswith("ObjectRemoved"):
            kind = "removed"
        else:
            continue  # restore, replication, lifecycle transitions: not uploads
        events.append(
            UploadEvent(
                key=unquote_plus(obj["key"]),
                kind=kind,
                etag=(obj.get("eTag") or None),
                version_id=obj.get("versionId"),
                bucket=(s3.get("bucket") or {}).get("name"),
                sequencer=obj.get("sequencer"),
                event_time=rec.get("eventTime"),
            )
        )
    return events, False

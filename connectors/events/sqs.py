"""Consume S3 bucket notifications from an SQS queue.

A message is deleted only after every upload it announces has its report stored (the caller
calls :meth:`SqsSource.ack`); if the service dies first, SQS makes the message visible again
after the visibility timeout and the work is redone, never lost.  ``s3:TestEvent`` messages and
bodies that are not S3 notifications (poison: malformed, of any shape) are deleted at once, each
named in the log, so they cannot block the queue nor take the good messages received with them.

Every call that fails (the queue unreachable, throttled, refused) raises ``StorageError``: the
service treats the queue like the store, riding out an outage with backoff.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from botocore.exceptions import BotoCoreError, ClientError

from connectors.storage.errors import StorageError
from connectors.storage.s3 import make_client, read_timeout

from .notifications import NotAnS3Event, UploadEvent, parse_message

log = logging.getLogger(__name__)


@dataclass
class Delivery:
    """One received message and the upload events it carried."""

    receipt_handle: str
    message_id: str
    events: list[UploadEvent] = field(default_factory=list)


#: The longest SQS long poll (``WaitTimeSeconds``); the client's read timeout must exceed it.
MAX_WAIT_SECONDS = 20


class SqsSource:
    def __init__(self, queue_url: str, endpoint_url: str | None = None, *, bucket: str | None = None,
                 visibility_timeout: int = 300) -> None:
        self.queue_url = queue_url
        self.bucket = bucket  # when set, records for other buckets are ignored
        self.visibility_timeout = visibility_timeout
        # a long poll holds the request open for up to 20 s: the read timeout must be longer
        self.client = make_client("sqs", endpoint_url, timeout=max(read_timeout(), MAX_WAIT_SECONDS + 10))

    def receive(self, max_messages: int = 10, wait_seconds: int = 1) -> list[Delivery]:
        """Up to ``max_messages`` deliveries carrying at least one upload event."""
        try:
            resp = self.client.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=max(1, min(max_messages, 10)),
                WaitTimeSeconds=max(0, min(wait_seconds, MAX_WAIT_SECONDS)),
                VisibilityTimeout=self.visibility_timeout,
            )
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"cannot receive from {self.queue_url}: {exc}") from exc
        out = []
        for msg in resp.get("Messages", []):
            delivery = self._delivery(msg)
            if delivery is not None:
                out.append(delivery)
        return out

    def _delivery(self, msg: dict) -> Delivery | None:
        """The message as a delivery, or None when it carries no upload (then it is deleted here:
        a test event, another bucket's records, or a poison message, named in the log)."""
        message_id = msg.get("MessageId", "?")
        try:
            events, is_test = parse_message(msg.get("Body", ""))
        except NotAnS3Event as exc:
            log.warning("deleting poison message %s: not an S3 notification (%s)", message_id, exc)
            self._forget(msg)
            return None
        except Exception as exc:  # a parser bug must not take the good messages of this batch with it
            log.error("deleting poison message %s: it could not be parsed (%s: %s)", message_id,
                      type(exc).__name__, exc)
            self._forget(msg)
            return None
        if self.bucket:
            events = [e for e in events if e.bucket in (None, self.bucket)]
        if is_test or not events:
            self._forget(msg)
            return None
        return Delivery(msg["ReceiptHandle"], message_id, events)

    def _forget(self, msg: dict) -> None:
        """Delete a message that carries no upload.  If the queue cannot be reached now, it comes
        back after its visibility timeout and is deleted then: nothing else waits for it."""
        try:
            self._delete(msg["ReceiptHandle"])
        except StorageError as exc:
            log.warning("could not delete message %s now (%s); it comes back and is deleted later",
                        msg.get("MessageId", "?"), exc)

    def ack(self, delivery: Delivery) -> None:
        """The reports for this delivery are stored: the message may go."""
        self._delete(delivery.receipt_handle)

    def keep(self, deliveries: list[Delivery]) -> None:
        """Their uploads are being worked on here: keep the messages invisible for another full
        timeout (so SQS does not hand them out again meanwhile).  Ten per request."""
        for i in range(0, len(deliveries), 10):
            entries = [{"Id": str(n), "ReceiptHandle": d.receipt_handle, "VisibilityTimeout": self.visibility_timeout}
                       for n, d in enumerate(deliveries[i:i + 10])]
            try:
                self.client.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=entries)
            except (BotoCoreError, ClientError) as exc:
                raise StorageError(f"cannot extend the visibility of {len(entries)} messages: {exc}") from exc

    def hand_back(self, deliveries: list[Delivery]) -> None:
        """Not going to work on these after all (the service is stopping): make them visible again
        now, so another listener takes them at once instead of after their timeout."""
        for i in range(0, len(deliveries), 10):
            entries = [{"Id": str(n), "ReceiptHandle": d.receipt_handle, "VisibilityTimeout": 0}
                       for n, d in enumerate(deliveries[i:i + 10])]
            try:
                self.client.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=entries)
            except (BotoCoreError, ClientError) as exc:
                raise StorageError(f"cannot hand back {len(entries)} messages: {exc}") from exc

    def _delete(self, receipt_handle: str) -> None:
        try:
            self.client.delete_message(QueueUrl=self.queue_url, ReceiptHandle=receipt_handle)
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"cannot delete a message from {self.queue_url}: {exc}") from exc

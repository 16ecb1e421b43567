"""Where upload events come from: S3 notifications through SQS, or polling against a ledger.

Both produce :class:`UploadEvent` values that feed the same validation flow."""

from .ledger import Ledger
from .notifications import UploadEvent, parse_message
from .polling import poll_once

__all__ = ["Ledger", "UploadEvent", "parse_message", "poll_once"]

"""Storage failures, in the kinds the flows treat differently.

A missing object is a fact about the data (report it, do not retry); an object over the size
limit is one too (it gets an ``unreadable`` report without being downloaded); anything else is an
I/O failure that retrying may cure (the flows' storage tasks retry those with backoff)."""

from __future__ import annotations

from .base import ObjectInfo


class StorageError(Exception):
    """Reading or writing the store failed; retrying may help."""


class ObjectMissing(StorageError, FileNotFoundError):
    """The key does not exist (deleted since it was listed or announced), or is not a regular file."""

    def __init__(self, key: str, why: str = "no such object") -> None:
        super().__init__(f"{why}: {key}")
        self.key = key


class ObjectTooLarge(Exception):
    """The object is larger than the reader may take (``BUDGETCHECK_MAX_BYTES``); ``info`` is the
    version that was found, so its report can name it.  Not retried: the size is a fact."""

    def __init__(self, info: ObjectInfo, limit: int) -> None:
        super().__init__(f"{info.key}: {info.size} bytes, over the limit of {limit}")
        self.info = info
        self.limit = limit


class PreconditionFailed(StorageError):
    """A conditional write found the object not as required: it exists already (``put_new``, S3's
    ``If-None-Match: *``) or is not the version named (``put_replacing``, ``If-Match``).  Not a
    transient failure: the caller reads what is there and decides (see ``connectors.publish.claims``)."""

    def __init__(self, key: str, condition: str) -> None:
        super().__init__(f"{key}: {condition} not met")
        self.key = key
        self.condition = condition

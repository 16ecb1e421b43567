"""Storage failures, in two kinds the flows treat differently.

A missing object is a fact about the data (report it, do not retry); anything else is an I/O
failure that retrying may cure (the flows' storage tasks retry those with backoff)."""

from __future__ import annotations


class StorageError(Exception):
    """Reading or writing the store failed; retrying may help."""


class ObjectMissing(StorageError, FileNotFoundError):
    """The key does not exist (deleted since it was listed or announced)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no such object: {key}")
        self.key = key

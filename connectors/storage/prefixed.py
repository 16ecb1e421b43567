"""A view of a store under a key prefix, so flows always see ``incoming/``, ``results/``, ``docs/``.

When one bucket holds several tenants (``s3://bucket/hebei/incoming/``), the service wraps the
bucket in this view and nothing downstream knows about the extra level."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from .base import ObjectInfo, Storage
from .errors import ObjectTooLarge


class PrefixedStorage:
    def __init__(self, inner: Storage, base: str) -> None:
        self.inner = inner
        self.base = base if not base or base.endswith("/") else base + "/"
        self.url = f"{inner.url.rstrip('/')}/{self.base.rstrip('/')}" if self.base else inner.url

    def _strip(self, info: ObjectInfo) -> ObjectInfo:
        return replace(info, key=info.key[len(self.base):])

    def get(self, key: str, max_bytes: int | None = None) -> tuple[bytes, ObjectInfo]:
        try:
            data, info = self.inner.get(self.base + key, max_bytes=max_bytes)
        except ObjectTooLarge as exc:
            raise ObjectTooLarge(self._strip(exc.info), exc.limit) from exc
        return data, self._strip(info)

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        return self._strip(self.inner.put(self.base + key, data, content_type))

    def put_once(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        return self._strip(self.inner.put_once(self.base + key, data, content_type))

    def put_new(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        return self._strip(self.inner.put_new(self.base + key, data, content_type))

    def put_replacing(self, key: str, data: bytes, etag: str,
                      content_type: str = "application/octet-stream") -> ObjectInfo:
        return self._strip(self.inner.put_replacing(self.base + key, data, etag, content_type))

    def head(self, key: str) -> ObjectInfo | None:
        info = self.inner.head(self.base + key)
        return self._strip(info) if info else None

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        for info in self.inner.list(self.base + prefix):
            yield self._strip(info)

    def delete(self, key: str) -> None:
        self.inner.delete(self.base + key)

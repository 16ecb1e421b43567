"""S3 and S3-compatible stores (MinIO, OSS, moto) through plain boto3.

Credentials come from boto3's usual chain (environment, profile, instance role).  The endpoint
is ``endpoint_url`` or ``AWS_ENDPOINT_URL``; with a custom endpoint, path-style addressing is
used because MinIO and most self-hosted stores do not serve virtual-host bucket names.  botocore
retries throttling and 5xx answers itself (standard mode); what still fails surfaces as
:class:`StorageError` for the flows' task retries.

Except for :meth:`S3Storage.put_once`: when a PUT's answer is lost (a reset connection, a
timeout), the object may or may not have been written, and botocore's blind retry would write it
a second time.  ``put_once`` sends one request; its caller looks at what is stored before trying
again (a report is written once per upload version, see ``connectors.publish.reports``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .base import ObjectInfo
from .errors import ObjectMissing, ObjectTooLarge, PreconditionFailed, StorageError

_MISSING = {"404", "NoSuchKey", "NotFound"}
#: A conditional write that found the object otherwise (412), or lost to a concurrent one (409).
_CONDITION_FAILED = {"412", "PreconditionFailed", "409", "ConditionalRequestConflict"}
#: Retries botocore makes per request after the first attempt, unless told otherwise.
RETRIES = 5
#: Seconds to connect to the store.
CONNECT_TIMEOUT = 5
#: Seconds to wait for an answer: ``BUDGETCHECK_STORAGE_TIMEOUT``, default 60.
DEFAULT_READ_TIMEOUT = 60.0


def read_timeout() -> float:
    """``BUDGETCHECK_STORAGE_TIMEOUT``: how long one request to the store may go unanswered."""
    try:
        return float(os.environ.get("BUDGETCHECK_STORAGE_TIMEOUT") or DEFAULT_READ_TIMEOUT)
    except ValueError:
        return DEFAULT_READ_TIMEOUT


def make_client(service: str, endpoint_url: str | None = None, *, retries: int = RETRIES,
                timeout: float | None = None):
    """A boto3 client for ``s3`` or ``sqs`` with retries, timeouts and path-style addressing."""
    endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
    if region is None and boto3.session.Session().region_name is None:
        region = "us-east-1"  # S3-compatible stores need some region to sign with
    config = Config(
        retries={"max_attempts": retries, "mode": "standard"},  # retries after the first attempt
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=timeout or read_timeout(),
        s3={"addressing_style": "path" if endpoint_url else "auto"},
    )
    return boto3.client(service, endpoint_url=endpoint_url, region_name=region, config=config)


def _etag(raw: str | None) -> str:
    return (raw or "").strip('"')


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Storage:
    """One bucket; keys are object keys.  Thread-safe (boto3 clients are)."""

    def __init__(self, bucket: str, endpoint_url: str | None = None, client=None) -> None:
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.client = client or make_client("s3", endpoint_url)
        self._single_client = None  # one attempt per request, for put_once
        self.url = f"s3://{bucket}"

    @property
    def endpoint(self) -> str:
        """The endpoint requests really go to (``endpoint_url``, ``AWS_ENDPOINT_URL`` or AWS's)."""
        return str(self.client.meta.endpoint_url)

    def get(self, key: str, max_bytes: int | None = None) -> tuple[bytes, ObjectInfo]:
        """The bytes and version; ``ObjectTooLarge`` (the body not downloaded) over ``max_bytes``."""
        try:
            resp = self.client.get_object(Bucket=self.bucket, Key=key)
            size = int(resp.get("ContentLength", 0))
            if max_bytes is not None and size > max_bytes:
                resp["Body"].close()
                raise ObjectTooLarge(self._info(key, resp, size), max_bytes)
            data = resp["Body"].read()
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise ObjectMissing(key) from exc
            raise StorageError(f"cannot read s3://{self.bucket}/{key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"cannot read s3://{self.bucket}/{key}: {exc}") from exc
        return data, self._info(key, resp, len(data))

    @staticmethod
    def _info(key: str, resp: dict, size: int) -> ObjectInfo:
        return ObjectInfo(
            key=key,
            etag=_etag(resp.get("ETag")),
            size=size,
            version_id=resp.get("VersionId"),
            last_modified=resp["LastModified"].timestamp() if resp.get("LastModified") else None,
        )

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        return self._put(self.client, key, data, content_type)

    def put_once(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """One PUT request, no retry: on a lost answer the caller decides (see the module docstring)."""
        if self._single_client is None:
            self._single_client = make_client("s3", self.endpoint_url, retries=0)
        return self._put(self._single_client, key, data, content_type)

    def put_new(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """``If-None-Match: *``: S3 (since 2024), MinIO and moto refuse the write with 412 when the
        key exists (a concurrent conditional write may get 409: it lost the race, the same answer)."""
        return self._put(self.client, key, data, content_type, IfNoneMatch="*")

    def put_replacing(self, key: str, data: bytes, etag: str,
                      content_type: str = "application/octet-stream") -> ObjectInfo:
        """``If-Match: <etag>``: replaced only if still that version (404 when it is gone: the same)."""
        return self._put(self.client, key, data, content_type, IfMatch=f'"{etag}"')

    def _put(self, client, key: str, data: bytes, content_type: str, **condition: str) -> ObjectInfo:
        try:
            resp = client.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type, **condition)
        except ClientError as exc:
            if condition and _code(exc) in _CONDITION_FAILED | (_MISSING if "IfMatch" in condition else set()):
                raise PreconditionFailed(key, next(iter(condition))) from exc
            raise StorageError(f"cannot write s3://{self.bucket}/{key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"cannot write s3://{self.bucket}/{key}: {exc}") from exc
        return ObjectInfo(key=key, etag=_etag(resp.get("ETag")), size=len(data),
                          version_id=resp.get("VersionId"))

    def head(self, key: str) -> ObjectInfo | None:
        try:
            resp = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return None
            raise StorageError(f"cannot stat s3://{self.bucket}/{key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"cannot stat s3://{self.bucket}/{key}: {exc}") from exc
        return ObjectInfo(
            key=key,
            etag=_etag(resp.get("ETag")),
            size=int(resp.get("ContentLength", 0)),
            version_id=resp.get("VersionId"),
            last_modified=resp["LastModified"].timestamp() if resp.get("LastModified") else None,
        )

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for obj in page.get("Contents", []):
                    yield ObjectInfo(
                        key=obj["Key"],
                        etag=_etag(obj.get("ETag")),
                        size=int(obj.get("Size", 0)),
                        last_modified=obj["LastModified"].timestamp() if obj.get("LastModified") else None,
                    )
        except (ClientError, BotoCoreError) as exc:
            raise StorageError(f"cannot list s3://{self.bucket}/{prefix}: {exc}") from exc

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            raise StorageError(f"cannot delete s3://{self.bucket}/{key}: {exc}") from exc

    def __repr__(self) -> str:
        return f"S3Storage({self.bucket!r}, endpoint_url={self.endpoint_url!r})"

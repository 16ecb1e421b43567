"""Object storage: one interface, a local-folder backend (the embedded default) and S3 (boto3).

Placeholder for the storage issue: only ``fetch_uri`` for local paths and ``file://`` URIs so
the CLI can read local files.  The S3 backend replaces this module's body.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse


def fetch_uri(uri: str, endpoint_url: str | None = None) -> bytes:
    """Bytes of the object a SOURCE argument names (local path or ``file://`` URI)."""
    if uri.startswith("file://"):
        return Path(unquote(urlparse(uri).path)).read_bytes()
    if uri.startswith("s3://"):
        raise NotImplementedError("s3:// sources arrive with the storage connector")
    return Path(uri).read_bytes()

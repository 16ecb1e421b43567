"""Shared test fixtures (owner: the storage/service engineer).  Use them from any test module.

``moto_server`` (session scope)
    A real S3 + SQS endpoint: moto's ``ThreadedMotoServer`` on ``127.0.0.1``, port chosen by the
    OS.  Yields a :class:`MotoServer` with ``endpoint_url`` and ``s3()`` / ``sqs()`` boto3
    clients.  Tests talk HTTP to it exactly as to AWS or MinIO; pass ``endpoint_url`` to
    ``connectors.storage.open_storage``.  Fake credentials are put in the environment so that
    nothing can reach a real AWS account.  Create a bucket per test (``moto_server.new_bucket()``)
    so tests do not see each other's objects.

``s3_bucket``
    A fresh, empty bucket on that server; yields its name.

``prefect_harness`` (session scope)
    Prefect's ``prefect_test_harness``: a temporary API server and SQLite database, started once
    per session (about 10 s), so flows really run and artifacts/events really reach a server.
    Depend on it from any test that runs a flow.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# storage retries back off 0.05, 0.1, 0.2, 0.4 s in tests instead of 1, 2, 4, 8 s (read at import)
os.environ.setdefault("BUDGETCHECK_RETRY_BASE", "0.05")

_bucket_numbers = itertools.count(1)

#: Long modules first on a parallel run (tests/scheduling.py).
pytest_plugins = ["tests.scheduling"]


@dataclass
class MotoServer:
    endpoint_url: str

    def s3(self):
        from connectors.storage.s3 import make_client

        return make_client("s3", self.endpoint_url)

    def sqs(self):
        from connectors.storage.s3 import make_client

        return make_client("sqs", self.endpoint_url)

    def new_bucket(self, stem: str = "bucket") -> str:
        name = f"bc-{stem}-{os.getpid()}-{next(_bucket_numbers)}".lower()
        self.s3().create_bucket(Bucket=name)
        return name


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    from moto.server import ThreadedMotoServer

    for var, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        os.environ[var] = value
    os.environ.pop("AWS_PROFILE", None)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield MotoServer(endpoint_url=f"http://{host}:{port}")
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(moto_server: MotoServer) -> str:
    return moto_server.new_bucket()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield

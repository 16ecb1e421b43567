"""Both storage backends behave the same through the one protocol (S3 over HTTP to moto)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from connectors.storage import (
    LocalStorage,
    ObjectMissing,
    PrefixedStorage,
    fetch_uri,
    open_storage,
    url_for,
)
from connectors.storage.s3 import S3Storage


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "bucket")
    moto = request.getfixturevalue("moto_server")
    return S3Storage(moto.new_bucket("st"), endpoint_url=moto.endpoint_url)


def test_put_get_head_list_delete(storage):
    data = "曲阳县人力资源和社会保障局".encode()
    info = storage.put("incoming/2022/316 预算.txt", data, "text/plain")
    assert info.etag == hashlib.md5(data).hexdigest()
    got, got_info = storage.get("incoming/2022/316 预算.txt")
    assert got == data and got_info.etag == info.etag and got_info.size == len(data)
    assert storage.head("incoming/2022/316 预算.txt").etag == info.etag
    assert storage.head("incoming/none.txt") is None
    storage.put("incoming/a.pdf", b"%PDF-1.4")
    storage.put("results/a.json", b"{}")
    assert [o.key for o in storage.list("incoming/")] == ["incoming/2022/316 预算.txt", "incoming/a.pdf"]
    assert [o.key for o in storage.list("incoming/2022/")] == ["incoming/2022/316 预算.txt"]
    assert list(storage.list("nothing/")) == []
    storage.delete("incoming/a.pdf")
    assert storage.head("incoming/a.pdf") is None
    with pytest.raises(ObjectMissing):
        storage.get("incoming/a.pdf")


def test_replaced_content_changes_etag_same_content_keeps_it(storage):
    first = storage.put("incoming/x.txt", b"one")
    assert storage.put("incoming/x.txt", b"one").etag == first.etag
    assert storage.put("incoming/x.txt", b"two").etag != first.etag


def test_local_writes_are_atomic(tmp_path):
    """Concurrent readers see the old or the new object, never a mix or a torn file."""
    store = LocalStorage(tmp_path)
    old, new = b"A" * 2_000_000, b"B" * 2_000_000
    store.put("results/r.json", old)
    seen: set[bytes] = set()
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            data, _ = store.get("results/r.json")
            seen.add(data[:1] + data[-1:] + bytes([len(data) == 2_000_000]))

    t = threading.Thread(target=reader)
    t.start()
    for i in range(20):
        store.put("results/r.json", new if i % 2 == 0 else old)
    stop.set()
    t.join()
    assert seen <= {b"AA\x01", b"BB\x01"}
    assert not [p for p in Path(tmp_path, "results").iterdir() if p.name.startswith(".tmp-")]


def test_local_rejects_escaping_keys(tmp_path):
    store = LocalStorage(tmp_path / "b")
    with pytest.raises(Exception, match="invalid key"):
        store.put("../outside.txt", b"x")


def test_open_storage_uris(tmp_path, moto_server):
    (tmp_path / "bucket" / "incoming").mkdir(parents=True)
    store, prefix = open_storage(str(tmp_path / "bucket" / "incoming"))
    assert isinstance(store, LocalStorage) and store.root == (tmp_path / "bucket").resolve()
    assert prefix == "incoming/"
    store, prefix = open_storage((tmp_path / "bucket").as_uri())
    assert store.root == (tmp_path / "bucket").resolve() and prefix == ""
    bucket = moto_server.new_bucket("uri")
    store, prefix = open_storage(f"s3://{bucket}/hebei/incoming/", endpoint_url=moto_server.endpoint_url)
    assert isinstance(store, S3Storage) and store.bucket == bucket and prefix == "hebei/incoming/"
    store.put("hebei/incoming/a b.txt", b"hello")
    assert fetch_uri(f"s3://{bucket}/hebei/incoming/a b.txt", endpoint_url=moto_server.endpoint_url) == b"hello"
    assert url_for(store, "hebei/incoming/a b.txt") == f"s3://{bucket}/hebei/incoming/a b.txt"
    with pytest.raises(FileNotFoundError):
        fetch_uri(f"s3://{bucket}/missing.txt", endpoint_url=moto_server.endpoint_url)


def test_endpoint_from_environment(moto_server, monkeypatch):
    bucket = moto_server.new_bucket("env")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint_url)
    store, _ = open_storage(f"s3://{bucket}/")
    store.put("incoming/x.txt", b"x")
    assert moto_server.s3().get_object(Bucket=bucket, Key="incoming/x.txt")["Body"].read() == b"x"
    # path-style addressing: the bucket is in the path, not the host name (MinIO needs this)
    assert store.client.meta.config.s3["addressing_style"] == "path"


def test_fetch_uri_local(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"abc")
    assert fetch_uri(str(p)) == b"abc" and fetch_uri(p.as_uri()) == b"abc"


def test_prefixed_view(tmp_path):
    inner = LocalStorage(tmp_path)
    view = PrefixedStorage(inner, "hebei")
    view.put("results/a.json", b"{}")
    assert (tmp_path / "hebei" / "results" / "a.json").read_bytes() == b"{}"
    assert [o.key for o in view.list("results/")] == ["results/a.json"]
    assert view.get("results/a.json")[1].key == "results/a.json"


def test_local_store_lists_only_regular_files_and_says_why(tmp_path, caplog):
    """A FIFO (reading it blocks forever), a link to /dev/zero (reading it never ends), a link to a
    file, a socket: none is an upload.  Listing skips them and logs why, once; reading refuses
    them at once instead of blocking."""
    import logging
    import os
    import socket as sockets

    store = LocalStorage(tmp_path / "bucket")
    store.put("incoming/real.txt", b"a real upload")
    incoming = tmp_path / "bucket" / "incoming"
    os.mkfifo(incoming / "fifo.pdf")
    (incoming / "zero.pdf").symlink_to("/dev/zero")
    (incoming / "link.txt").symlink_to(incoming / "real.txt")
    sock = sockets.socket(sockets.AF_UNIX)
    sock.bind(str(incoming / "socket.pdf"))
    try:
        with caplog.at_level(logging.WARNING, logger="connectors.storage.local"):
            assert [o.key for o in store.list("incoming/")] == ["incoming/real.txt"]
            assert [o.key for o in store.list("incoming/")] == ["incoming/real.txt"]
        said = [r.getMessage() for r in caplog.records]
        assert len(said) == 4, said  # once per path, not once per listing
        assert any("fifo.pdf" in m and "FIFO" in m for m in said)
        assert any("zero.pdf" in m and "符号链接" in m for m in said)
        assert any("socket.pdf" in m and "套接字" in m for m in said)
        for key in ("incoming/fifo.pdf", "incoming/zero.pdf", "incoming/socket.pdf"):
            with pytest.raises(ObjectMissing):
                store.get(key)
            assert store.head(key) is None
    finally:
        sock.close()


def test_fetch_uri_refuses_a_fifo_and_a_device_without_blocking(tmp_path):
    import os

    from connectors.storage import NotARegularFile

    os.mkfifo(tmp_path / "fifo.pdf")
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    for name in ("fifo.pdf", "zero.pdf"):
        with pytest.raises(NotARegularFile):
            fetch_uri(str(tmp_path / name))


def test_get_refuses_an_object_over_the_size_limit_without_reading_it(storage):
    from connectors.storage import ObjectTooLarge

    data = b"x" * 5000
    put = storage.put("incoming/big.txt", data)
    with pytest.raises(ObjectTooLarge) as caught:
        storage.get("incoming/big.txt", max_bytes=4999)
    assert (caught.value.info.key, caught.value.info.size, caught.value.info.etag) == ("incoming/big.txt", 5000,
                                                                                         put.etag)
    assert storage.get("incoming/big.txt", max_bytes=5000)[0] == data


def test_put_once_writes_once(storage):
    info = storage.put_once("results/r.json", b"{}", "application/json")
    assert storage.get("results/r.json")[1].etag == info.etag

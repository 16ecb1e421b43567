"""Test support: an HTTP proxy between the service and moto that can go away and can misbehave.

The service is pointed at the proxy (``--endpoint-url``), the proxy forwards every request to
moto's server over HTTP.  ``stop()`` closes the listening socket and resets every open connection
(an outage: connecting is refused), ``start()`` listens again on the same port.  A fault plan
(``faults``) decides per request whether to answer it falsely instead:

* ``500``          answer ``500 InternalError`` without forwarding (S3's own transient error);
* ``reset``        reset the connection without forwarding;
* ``reset_after``  forward (the store does the work, a write is written) and reset instead of
                   answering: the client cannot know whether its write happened;
* ``timeout``      forward, then say nothing for longer than the client waits, and close.

Counts of forwarded requests and injected faults are kept per kind, so a test can show that its
faults really happened.

Conditional writes (a PUT with ``If-None-Match`` or ``If-Match``: the store's claims) are forwarded
one at a time.  S3 and MinIO check the condition and write atomically; moto's server checks, then
writes, in two steps, so two concurrent conditional PUTs of one key could both pass there.  The
proxy gives moto the store's guarantee, so the tests measure the service's protocol, not moto.  Threads, not asyncio: the service under test is another process, and
the test's own moto server runs in threads too.
"""

from __future__ import annotations

import http.client
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
               "expect"}
S3_500 = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>'
          b"<Message>We encountered an internal error. Please try again.</Message></Error>")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # /bucket/key?query (path-style S3) or / (SQS)
    headers: dict[str, str]

    def is_object(self, bucket: str, prefix: str = "") -> bool:
        """A request about one object under ``prefix`` of ``bucket`` (not a listing, not SQS)."""
        path = self.path.split("?", 1)[0]
        return path.startswith(f"/{bucket}/{prefix}") and len(path) > len(f"/{bucket}/")


FaultPlan = Callable[[Request], str | None]


def random_faults(bucket: str, rate: float, seed: int = 10,
                  kinds: tuple[str, ...] = ("500", "reset", "reset_after", "timeout"),
                  write_rate: float | None = None) -> FaultPlan:
    """Faults on object reads and writes of ``bucket`` at ``rate`` (``write_rate`` for PUTs of
    reports), the kind drawn at random; deterministic for a seed."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def plan(req: Request) -> str | None:
        if not req.is_object(bucket):
            return None
        p = write_rate if write_rate is not None and req.method == "PUT" and req.is_object(bucket, "results/") \
            else rate
        with lock:
            if rng.random() >= p:
                return None
            return rng.choice(kinds)

    return plan


class _Abort(Exception):
    """Leave the connection without an answer (it was reset)."""


class FaultProxy:
    def __init__(self, upstream: str, faults: FaultPlan | None = None, stall: float = 5.0) -> None:
        host, port = upstream.removeprefix("http://").rstrip("/").split(":")
        self.upstream = (host, int(port))
        self.faults = faults
        self.stall = stall  # seconds a "timeout" keeps the client waiting: more than its read timeout
        self.counts: Counter[str] = Counter()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.conditional = threading.Lock()  # conditional writes, one at a time (module docstring)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def count(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1

    # ---- outage --------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        proxy = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):  # resets and aborted clients are expected
                pass

        class Handler(_Handler):
            owner = proxy

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True, name=f"fault-proxy-{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        """An outage: stop listening and reset every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._lock:
            conns, self._conns = set(self._conns), set()
        for conn in conns:  # wakes the handler blocked on it, and the client sees the connection drop
            try:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            (self._conns.add if add else self._conns.discard)(conn)


def reset(conn: socket.socket) -> None:
    """Close with RST (SO_LINGER 0), as a dropped connection looks to the client."""
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    except OSError:
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as botocore's connection pool expects
    owner: FaultProxy

    def setup(self) -> None:
        super().setup()
        self.owner._track(self.connection, True)
        self._upstream: http.client.HTTPConnection | None = None

    def finish(self) -> None:
        self.owner._track(self.connection, False)
        if self._upstream is not None:
            self._upstream.close()
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format, *args):  # quiet
        pass

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _forward(self, body: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
        for attempt in range(2):  # a pooled upstream connection may have been closed by moto
            if self._upstream is None:
                self._upstream = http.client.HTTPConnection(*self.owner.upstream, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            if body or self.command in ("PUT", "POST"):
                headers["Content-Length"] = str(len(body))
            try:
                self._upstream.request(self.command, self.path, body=body, headers=headers)
                resp = self._upstream.getresponse()
                data = resp.read()
                return resp.status, resp.reason, resp.getheaders(), data
            except (http.client.HTTPException, OSError):
                self._upstream.close()
                self._upstream = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _reset(self) -> None:
        self.close_connection = True
        reset(self.connection)
        raise _Abort()

    def _handle(self) -> None:
        body = self._body()
        req = Request(self.command, self.path, dict(self.headers.items()))
        fault = self.owner.faults(req) if self.owner.faults else None
        if fault:
            self.owner.count(f"{fault} {self.command}")
        if fault == "reset":
            self._reset()
        if fault == "500":
            self.send_response(500, "Internal Server Error")
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(S3_500)))
            self.end_headers()
            self.wfile.write(S3_500)
            return
        if self.command == "PUT" and any(h.lower() in ("if-none-match", "if-match") for h in self.headers):
            with self.owner.conditional:
                status, reason, headers, data = self._forward(body)
        else:
            status, reason, headers, data = self._forward(body)
        self.owner.count(f"forwarded {self.command}")
        if fault == "reset_after":
            self._reset()
        if fault == "timeout":
            time.sleep(self.owner.stall)
            self._reset()
        self.send_response(status, reason)
        sent_length = False
        for k, v in headers:
            if k.lower() in _HOP_BY_HOP:
                continue
            if k.lower() == "content-length":
                sent_length = True
                if self.command != "HEAD":
                    v = str(len(data))
            self.send_header(k, v)
        if not sent_length:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except _Abort:
            self.close_connection = True
        except (OSError, http.client.HTTPException):
            self.close_connection = True
            reset(self.connection)

    def __getattr__(self, name: str):
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

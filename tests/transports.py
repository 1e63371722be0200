"""One set of test bodies, two transports: the in-process sandbox and the HTTP server.

``make_transport(propagation_seconds=..., processing_seconds=..., clock=...)`` gives a
:class:`Transport` — ``client(service, account=, region_name=)`` for real boto3
clients, ``world`` and ``advance(seconds=)`` — answered either by the sandbox or by
the real ``route53-assoc serve`` (granian, in a subprocess on a free loopback port:
one per test session and xdist worker, reset between tests through its internal
endpoint), so the HTTP half of every test runs through what users run.

:class:`InProcessServer` hosts the same WSGI application on waitress in a thread,
for the few tests that must reach into the serving process (a handler table patched
with ``monkeypatch``): granian's worker is a forked process a patch cannot reach.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import boto3
import pytest
from botocore.config import Config

from route53_assoc import snapshot
from route53_assoc._world import World
from route53_assoc.sandbox import NotModelled, Sandbox
from route53_assoc.server import Server

TRANSPORTS = ("sandbox", "server")


class Transport(Protocol):
    name: str

    def client(self, service: str, *, account: str = ..., region_name: str = ...) -> Any: ...

    @property
    def world(self) -> World: ...

    def advance(self, *, seconds: float) -> None: ...


class SandboxTransport:
    name = "sandbox"

    def __init__(self, **options: Any) -> None:
        self.sandbox = Sandbox(**options)

    def client(self, service: str, *, account: str = "123456789012", region_name: str = "us-east-1") -> Any:
        return self.sandbox.client(service, account=account, region_name=region_name)

    @property
    def world(self) -> World:
        return self.sandbox.world

    def advance(self, *, seconds: float) -> None:
        self.sandbox.advance(seconds=seconds)


def serve(log: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """``route53-assoc serve --port 0 *args`` in a subprocess, once it answers: (process, its URL).

    Its stderr goes to *log*; the URL is the one it prints ("listening on URL", printed once its
    worker answers).  The process is ended with the test process, even if that is killed.
    """
    from route53_assoc.server import _die_with_parent

    with open(log, "ab") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "route53_assoc", "serve", "--port", "0", *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            preexec_fn=_die_with_parent,
        )
    deadline = time.monotonic() + 60
    while "listening on " not in (text := log.read_text()):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"route53-assoc serve did not start:\n{text}")
        time.sleep(0.05)
    url = text.split("listening on ", 1)[1].split()[0]
    return process, url


class LiveServer:
    """``route53-assoc serve`` (granian) in a subprocess on a free loopback port, manual clock."""

    def __init__(self, *args: str) -> None:
        handle, name = tempfile.mkstemp(prefix="route53-assoc-serve-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        self.process, self.url = serve(self.log, "--clock", "manual", *args)

    def internal(self, name: str, method: str = "POST", body: bytes | None = None) -> bytes:
        request = urllib.request.Request(f"{self.url}/_route53_assoc/{name}", data=body, method=method)
        with urllib.request.urlopen(request) as response:
            data: bytes = response.read()
            return data

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.unlink(missing_ok=True)


class InProcessServer(LiveServer):
    """serve's WSGI application on waitress, in a daemon thread of this process."""

    def __init__(self, app: Server | None = None) -> None:  # not super().__init__: no subprocess
        import waitress

        self.app = app or Server(clock="manual")
        self.listener = waitress.create_server(self.app, host="127.0.0.1", port=0, threads=8)
        self.url = f"http://127.0.0.1:{self.listener.effective_port}"
        self.thread = threading.Thread(target=self.listener.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.listener.close()


#: One boto3 session for every client the tests make for a server (its loader parses each service
#: model once: a client from a fresh session costs 10-20x more), made under a lock (a session is not
#: safe to share between threads while it creates clients).  Each client keeps its own credentials,
#: endpoint and connections.
_SESSION = boto3.session.Session()
_SESSION_LOCK = threading.Lock()


@functools.lru_cache(maxsize=256)
def boto_client(url: str, service: str, *, key: str, secret: str = "secret", region_name: str = "us-east-1") -> Any:
    """A boto3 client for the server: no retries (as the sandbox), key as given (kept for reuse)."""
    with _SESSION_LOCK:
        return _SESSION.client(
            service,
            endpoint_url=url,
            region_name=region_name,
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            config=Config(retries={"total_max_attempts": 1}),
        )


class ServerTransport:
    name = "server"

    def __init__(self, live: LiveServer, **options: Any) -> None:
        self.live = live
        settings = {
            "clock": options.get("clock") or "manual",
            "propagation_seconds": options.get("propagation_seconds", 0),
            "processing_seconds": options.get("processing_seconds", 0),
        }
        live.internal("reset", body=json.dumps(settings).encode())

    def client(self, service: str, *, account: str = "123456789012", region_name: str = "us-east-1") -> Any:
        # The access key *is* the account: a 12-digit key names it.
        return boto_client(self.live.url, service, key=account, region_name=region_name)

    @property
    def world(self) -> World:
        return snapshot.from_json(self.live.internal("world", method="GET"))

    def advance(self, *, seconds: float) -> None:
        self.live.internal("advance", body=json.dumps({"seconds": seconds}).encode())


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    live = LiveServer()
    yield live
    live.close()


@pytest.fixture(params=TRANSPORTS)
def make_transport(request: pytest.FixtureRequest) -> Callable[..., Transport]:
    """A factory of transports of one kind (the test runs once per kind)."""
    if request.param == "sandbox":
        return lambda **options: SandboxTransport(**options)
    live = request.getfixturevalue("live_server")
    return lambda **options: ServerTransport(live, **options)


@pytest.fixture
def transport(make_transport: Callable[..., Transport]) -> Transport:
    """A transport with the default settings (manual clock, no delays)."""
    return make_transport()


def not_modelled(transport: Transport, call: Callable[[], Any], match: str) -> None:
    """*call* is refused as not modelled: the sandbox's exception, or HTTP 501 NotModelled."""
    from botocore.exceptions import ClientError

    if transport.name == "sandbox":
        with pytest.raises(NotModelled, match=match):
            call()
        return
    with pytest.raises(ClientError) as info:
        call()
    assert info.value.response["Error"]["Code"] == "NotModelled"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert match in info.value.response["Error"]["Message"]

"""``route53-assoc serve``: the model over HTTP, for the AWS CLI, Terraform and every SDK.

A request travels one way down and back up: the HTTP server (:class:`HttpServer`,
or any WSGI server through :meth:`Server.__call__`) turns bytes into an
:class:`~route53_assoc.aws.protocols.HttpRequest`; :class:`Server` (sans-IO: no
sockets, no threads of its own) finds the service, reads the caller
(:mod:`~route53_assoc.aws.identity`), parses the operation and its parameters with
the service's wire protocol (:mod:`~route53_assoc.aws.protocols`), asks the
:class:`~route53_assoc.aws.Backend` — the same AWS face the in-process sandbox uses
— and serialises the answer or the AWS error back.  Nothing here knows an operation
by name.

With a state file, every acknowledged change is written (write, flush, fsync,
rename) before the response leaves, so a killed server loses nothing it answered.

Small internal endpoints for tests live under ``/_route53_assoc/`` (no AWS path
starts with an underscore): ``GET health``, ``GET world`` (the world as a snapshot),
``PUT world`` (load one), ``POST reset`` (an empty world; optional JSON
``{"clock", "propagation_seconds", "processing_seconds", "quotas"}``, ``quotas`` an object of
:class:`~route53_assoc.Quotas` fields) and ``POST advance``
(``{"seconds": N}``, manual clock only).

>>> server = Server(clock="manual")
>>> header = ("AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/ec2/aws4_request, "
...           "SignedHeaders=host, Signature=00")
>>> response = server.handle(HttpRequest("POST", "/", "", {"authorization": header},
...                                      b"Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"))
>>> response.status, b"<ownerId>111111111111</ownerId>" in response.body
(200, True)
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

import attrs

from . import snapshot
from ._values import Quotas
from ._world import World
from .aws import Backend, BackendError, operations
from .aws.identity import Identity, scope_service, unknown_key, usual_authorization
from .aws.protocols import HttpRequest, HttpResponse, WireError, protocol, reason
from .errors import Route53Error, SnapshotError

__all__ = ["INTERNAL", "MAX_BODY", "HttpServer", "Server", "StateError", "StateFile"]

#: The prefix of the internal endpoints; no AWS path starts with an underscore.
INTERNAL: Final = "/_route53_assoc/"
#: The default limit on a request body, in bytes (inferred: Route 53's largest
#: request, a 1,000-record change batch, is well under it).
MAX_BODY: Final = 1 << 20
_SERVICES: Final = ("route53", "ec2", "sts")
_VERSIONS: Final = {"2016-11-15": "ec2", "2011-06-15": "sts"}
_log = logging.getLogger("route53_assoc.server")


class StateError(Exception):
    """The state file cannot be used; the message names it and says what to do."""


class StateFile:
    """A snapshot file that holds the server's world between runs."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def load(self) -> World | None:
        """The saved world, ``None`` if there is no file yet; a corrupt file is refused."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StateError(f"cannot read state file {self.path}: {exc}") from None
        try:
            return snapshot.from_json(text)
        except SnapshotError as exc:
            raise StateError(
                f"state file {self.path} is not a usable route53-assoc snapshot ({exc.message}); "
                "it was left untouched: repair it, or move it away to start from an empty world"
            ) from None

    def save(self, world: World) -> None:
        """Write *world* atomically: a temporary file beside it, fsync, then rename over."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        data = snapshot.to_json(world, indent=None).encode()
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


def _changed(before: World, after: World) -> bool:
    """Whether anything but the clock moved (fields compared by identity: O(fields))."""
    return any(
        getattr(before, field.name) is not getattr(after, field.name)
        for field in attrs.fields(World)
        if field.name != "now"
    )


def _service_of(request: HttpRequest, named: str | None = None) -> str:
    """The service a request is for: the credential scope's, else the request's look.

    *named* is the scope's service when the caller has read the ``Authorization`` header already.
    """
    if named is None:
        named = scope_service(request.headers.get("authorization"), request.query)
    if named in _SERVICES:
        return str(named)
    if request.path.startswith("/2013-04-01/") or request.path != "/":
        return "route53"
    text = request.query + "&" + request.body[:4096].decode("latin-1")
    for version, service in _VERSIONS.items():
        if f"Version={version}" in text:
            return service
    return "ec2"


def _quotas(value: Any) -> Quotas:
    """Reset's ``quotas``: a JSON object of :class:`~route53_assoc.Quotas` fields (the others keep AWS's defaults)."""
    known = attrs.fields_dict(Quotas)
    if not isinstance(value, dict) or not set(value) <= set(known):
        raise ValueError(f"quotas must be a JSON object with some of {sorted(known)}")
    if not all(type(count) is int for count in value.values()):
        raise ValueError("each quota must be an integer")
    return Quotas(**value)


def _json(status: int, value: Any) -> HttpResponse:
    return HttpResponse(status, [("Content-Type", "application/json")], json.dumps(value).encode())


class Server:
    """The HTTP face of one :class:`~route53_assoc.aws.Backend`, as a sans-IO core and a WSGI app.

    ``clock`` is ``"real"`` (the default: world time is wall-clock time) or
    ``"manual"`` (time moves only through ``POST /_route53_assoc/advance``).
    """

    def __init__(
        self,
        *,
        identity: Identity | None = None,
        state: StateFile | None = None,
        clock: str = "real",
        propagation_seconds: float = 0,
        processing_seconds: float = 0,
        max_body: int = MAX_BODY,
    ) -> None:
        if clock not in ("real", "manual"):
            raise BackendError(f"clock must be 'real' or 'manual', not {clock!r}")
        self.identity = identity or Identity()
        self.state = state
        self.max_body = max_body
        self._lock = threading.Lock()
        # Request ids shaped as AWS's (a UUID): a random prefix per server and a counter.
        prefix = uuid.uuid4().hex
        self._request_prefix = f"{prefix[:8]}-{prefix[8:12]}-4{prefix[13:16]}-8{prefix[17:20]}-"
        self._requests = itertools.count(1)
        world = state.load() if state is not None else None
        self._settings = {
            "clock": clock,
            "propagation_seconds": propagation_seconds,
            "processing_seconds": processing_seconds,
        }
        self.backend = self._backend(world, **self._settings)

    @staticmethod
    def _backend(
        world: World | None, *, clock: Any, propagation_seconds: Any, processing_seconds: Any
    ) -> Backend:
        if world is None:
            world = World.empty(
                propagation_seconds=float(propagation_seconds), processing_seconds=float(processing_seconds)
            )
            if clock == "real":
                world = attrs.evolve(world, now=datetime.now(UTC))
        elif clock == "real":
            behind = datetime.now(UTC) - world.now
            if behind.total_seconds() > 0:
                world = world.advanced(behind)
        return Backend(world=world, clock=str(clock))

    # -- AWS requests -----------------------------------------------------------------

    def handle(self, request: HttpRequest) -> HttpResponse:
        """The response to one request (never raises)."""
        if request.path.startswith(INTERNAL):
            return self._internal(request)
        request_id = self._request_id()
        header = request.headers.get("authorization")
        # The usual header is read once, for the service and the caller (the same reading each would make).
        usual = usual_authorization(header) if header else None
        service = _service_of(request, None if usual is None else usual.service)
        wire = protocol(service)
        try:
            _, account, region = self.identity.who(request, service, usual)
            operation, params = wire.parse(request)
            status, body = self._answer(service, operation, params, account, region)
            return wire.serialize(operation, status, body, request_id)
        except (Route53Error, WireError) as exc:
            return wire.error(exc, request_id)
        except Exception:
            _log.exception("request %s failed", request_id)
            failure = WireError("InternalFailure", "The server could not answer this request.", 500, "Receiver")
            return wire.error(failure, request_id)

    def malformed(self, message: str) -> HttpResponse:
        """The refusal of bytes that are not an HTTP/1.x request (inferred: 400 ``BadRequest``, Route 53's envelope)."""
        return protocol("route53").error(WireError("BadRequest", f"The request is not valid HTTP/1.1: {message}."), self._request_id())

    def oversized(self, request: HttpRequest) -> HttpResponse:
        """The refusal of a request whose body is larger than ``max_body`` (inferred: 413)."""
        wire = protocol(_service_of(request))
        error = WireError(
            "RequestEntityTooLarge", f"The request body is larger than the limit of {self.max_body} bytes.", 413
        )
        return wire.error(error, self._request_id())

    def _request_id(self) -> str:
        return f"{self._request_prefix}{next(self._requests) % (1 << 48):012x}"

    def _answer(
        self, service: str, operation: str, params: dict[str, Any], account: str, region: str
    ) -> tuple[int, dict[str, Any]]:
        if self.state is None:
            return self._ask(self.backend, service, operation, params, account, region)
        with self._lock:
            backend = self.backend
            before = backend.world
            try:
                return self._ask(backend, service, operation, params, account, region)
            finally:
                after = backend.world
                if _changed(before, after):
                    self.state.save(after)

    @staticmethod
    def _ask(
        backend: Backend, service: str, operation: str, params: dict[str, Any], account: str, region: str
    ) -> tuple[int, dict[str, Any]]:
        try:
            account = backend.join(account, region)
        except BackendError:
            # Keys are partition-scoped (STS-PARTITION): an account used from a second
            # partition is refused as an unknown key.
            raise unknown_key(service) from None
        return backend.answer(service, operation, params, account=account, region=region)

    # -- internal endpoints -------------------------------------------------------------

    def _internal(self, request: HttpRequest) -> HttpResponse:
        name = request.path[len(INTERNAL) :].strip("/")
        allowed = {"health": ("GET",), "world": ("GET", "PUT"), "reset": ("POST",), "advance": ("POST",)}
        if name not in allowed:
            return _json(404, {"error": f"no internal endpoint {name!r}; there are {sorted(allowed)}"})
        if request.method not in allowed[name]:
            return _json(405, {"error": f"{name} answers {', '.join(allowed[name])}, not {request.method}"})
        try:
            options = json.loads(request.body or b"{}")
            if not isinstance(options, dict):
                raise ValueError("expected a JSON object")
            with self._lock:
                return self._internal_locked(name, request, options)
        except (ValueError, BackendError, Route53Error) as exc:
            return _json(400, {"error": getattr(exc, "message", str(exc))})

    def _internal_locked(self, name: str, request: HttpRequest, options: dict[str, Any]) -> HttpResponse:
        if name == "health":
            return _json(200, {"status": "ok", "operations": operations()})
        if name == "world" and request.method == "GET":
            return HttpResponse(
                200, [("Content-Type", "application/json")], snapshot.to_json(self.backend.world).encode()
            )
        if name == "world":
            world = snapshot.from_json(request.body)
            self.backend = self._backend(world, **self._settings)
        elif name == "reset":
            quotas = options.pop("quotas", None)
            unknown = set(options) - set(self._settings)
            if unknown:
                raise ValueError(f"reset takes {sorted(self._settings)} and quotas, not {sorted(unknown)}")
            self._settings = {**self._settings, **options}
            self.backend = self._backend(None, **self._settings)
            if quotas is not None:
                self.backend.reset(attrs.evolve(self.backend.world, quotas=_quotas(quotas)))
        else:
            self.backend.advance(seconds=float(options.get("seconds", 0)))
        if self.state is not None:
            self.state.save(self.backend.world)
        return _json(200, {"status": "ok"})

    # -- WSGI -------------------------------------------------------------------------

    def __call__(self, environ: Mapping[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The WSGI application: only moves bytes between the server and :meth:`handle`."""
        headers = _EnvironHeaders(environ)
        raw_path: str = environ.get("PATH_INFO") or "/"
        path = raw_path if raw_path.isascii() else raw_path.encode("latin-1").decode("utf-8", "replace")
        method: str = environ["REQUEST_METHOD"]
        query: str = environ.get("QUERY_STRING", "")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_body:
            response = self.oversized(HttpRequest(method, path, query, headers, b""))
        else:
            stream = environ["wsgi.input"]
            body = stream.read(length) if length else stream.read(self.max_body + 1)
            if len(body) > self.max_body:
                response = self.oversized(HttpRequest(method, path, query, headers, b""))
            else:
                response = self.handle(HttpRequest(method, path, query, headers, body))
        start_response(
            reason(response.status), [*response.headers, ("Content-Length", str(len(response.body)))]
        )
        return [response.body]


class _EnvironHeaders(Mapping[str, str]):
    """A WSGI environ's request headers as :class:`HttpServer` gives them (lower-case names).

    A header is looked up by its CGI name (``x-amz-date`` in ``HTTP_X_AMZ_DATE``)
    when asked, instead of copying every ``HTTP_`` key of an environ that also holds
    the server process's environment (granian copies it into each environ); iterating
    builds the whole mapping.  ``Content-Type`` and ``Content-Length`` come from their
    own CGI keys when set.  Names with an underscore or an upper-case letter are looked
    up in the whole mapping (where no such name is).  The one difference from copying:
    an environ key WSGI servers do not write (``HTTP_`` then lower-case letters or a
    hyphen) is found only when the mapping is built whole.
    """

    __slots__ = ("_all", "_environ")

    def __init__(self, environ: Mapping[str, Any]) -> None:
        self._environ = environ
        self._all: dict[str, str] | None = None

    def get(self, name: str, default: Any = None) -> Any:
        key = _HTTP_KEYS.get(name)
        if key is not None:
            return self._environ.get(key, default)
        environ = self._environ
        if name in _CGI_HEADERS:
            return environ.get(_CGI_HEADERS[name]) or environ.get("HTTP_" + _CGI_HEADERS[name], default)
        if "_" in name or not (name.isascii() and name.islower()):
            return self._every().get(name, default)
        key = "HTTP_" + name.upper().replace("-", "_")
        if len(_HTTP_KEYS) < 1024:  # names are the server's and the signed headers': kept, up to a bound
            _HTTP_KEYS[name] = key
        return environ.get(key, default)

    def __getitem__(self, name: str) -> str:
        value = self.get(name, _ABSENT)
        if value is _ABSENT:
            raise KeyError(name)
        return str(value)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name, _ABSENT) is not _ABSENT

    def _every(self) -> dict[str, str]:
        if self._all is None:
            environ = self._environ
            found = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
            for name, key in _CGI_HEADERS.items():
                if environ.get(key):
                    found[name] = environ[key]
            self._all = found
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())


_CGI_HEADERS: Final = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}
#: The environ key of each header name asked for that is neither of those nor unusual (see ``get``).
_HTTP_KEYS: dict[str, str] = {}
_ABSENT: Final = object()


# -- running it ---------------------------------------------------------------------------


def parse_accounts(pairs: Iterable[str]) -> dict[str, str]:
    """``KEY=ACCOUNT`` pairs as a mapping; a bad pair raises ``ValueError`` naming it.

    >>> parse_accounts(["AKIAALICE=111111111111"])
    {'AKIAALICE': '111111111111'}
    """
    accounts: dict[str, str] = {}
    for pair in pairs:
        key, sep, account = pair.partition("=")
        if not sep or not key or not (account.isdigit() and len(account) == 12):
            raise ValueError(f"--account takes KEY=ACCOUNT with a 12-digit account, not {pair!r}")
        accounts[key] = account
    return accounts


# -- HTTP/1.1 on sockets ------------------------------------------------------------------

#: The largest request line plus headers, in bytes (inferred; AWS's front ends refuse far less).
MAX_HEAD: Final = 64 * 1024
#: How long an idle keep-alive connection is kept, in seconds.
IDLE_SECONDS: Final = 300.0
_BLOCK: Final = 64 * 1024


class _BadRequest(Exception):
    """Bytes that are not an HTTP/1.x request: answered with a 400 and the connection closed."""


class _Closed(Exception):
    """The peer closed the connection (or went idle) between or within requests."""


class _Connection:
    """One client's socket, read through a buffer: a request's head, its body, chunked or not."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _more(self) -> None:
        try:
            chunk = self.sock.recv(_BLOCK)
        except TimeoutError:
            raise _Closed from None
        if not chunk:
            raise _Closed
        self.buffer += chunk

    def head(self) -> tuple[str, str, str, dict[str, str]]:
        """The next request's method, target, version and headers (names lower-case, repeats joined)."""
        while True:
            self.buffer = self.buffer.lstrip(b"\r\n")  # RFC 9112 §2.2: empty lines before a request
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            if len(self.buffer) > MAX_HEAD:
                raise _BadRequest(f"the request head is larger than {MAX_HEAD} bytes")
            self._more()
        head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4 :]
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _BadRequest("the request line is not METHOD TARGET HTTP/1.x")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            name = name.lower()
            if not colon or not name or name != name.strip():
                raise _BadRequest("a header line is not NAME: VALUE")
            value = value.strip()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return parts[0], parts[1], parts[2], headers

    def exactly(self, length: int) -> bytes:
        while len(self.buffer) < length:
            self._more()
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return data

    def line(self) -> bytes:
        while (end := self.buffer.find(b"\r\n")) < 0:
            if len(self.buffer) > MAX_HEAD:
                raise _BadRequest("a chunk's size line is too long")
            self._more()
        data, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
        return data

    def chunked(self, limit: int) -> bytes | None:
        """A chunked body, or ``None`` once it is longer than *limit* (the rest left unread)."""
        parts: list[bytes] = []
        total = 0
        while True:
            size_text = self.line().split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _BadRequest("a chunk size is not hexadecimal") from None
            if size < 0:
                raise _BadRequest("a chunk size is negative")
            if size == 0:
                while self.line():  # trailers, up to an empty line
                    pass
                return b"".join(parts)
            total += size
            if total > limit:
                return None
            parts.append(self.exactly(size))
            if self.exactly(2) != b"\r\n":
                raise _BadRequest("a chunk does not end with CRLF")

    def discard(self, length: int) -> None:
        """Read and drop *length* bytes (an oversized body, so that the client reads the refusal)."""
        length -= len(self.buffer)
        self.buffer = b""
        while length > 0:
            try:
                chunk = self.sock.recv(min(length, _BLOCK))
            except TimeoutError:
                raise _Closed from None
            if not chunk:
                raise _Closed
            length -= len(chunk)


def _wire(response: HttpResponse, *, close: bool, head_only: bool = False) -> bytes:
    lines = [f"HTTP/1.1 {reason(response.status)}"]
    lines += [f"{name}: {value}" for name, value in response.headers]
    lines.append(f"Content-Length: {len(response.body)}")
    if close:
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head if head_only else head + response.body


class HttpServer:
    """:class:`Server` on an HTTP/1.1 socket: a thread per connection, no hand-off.

    The thread that reads a request parses it, answers it and writes the response,
    so one keep-alive client waits for nothing but its own request (chosen by
    measurement over granian, whose hand-off to the Python worker cost more than
    the answer: see ``benchmarks/serve_vs_moto_server.py``).  At most *threads*
    requests are answered at once; bodies are read only up to the server's
    ``max_body`` (larger ones are refused with a 413 and the connection closed).

    >>> live = HttpServer(Server(clock="manual"), host="127.0.0.1", port=0)
    >>> threading.Thread(target=live.serve_forever, daemon=True).start()
    >>> import urllib.request
    >>> with urllib.request.urlopen(f"{live.url}/_route53_assoc/health") as answer:
    ...     answer.status
    200
    >>> live.close()
    """

    def __init__(self, app: Server, *, host: str = "127.0.0.1", port: int = 8053, threads: int = 4) -> None:
        self.app = app
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.create_server((host, port), family=family, backlog=128)
        self.port: int = self.socket.getsockname()[1]
        self.url = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        self._slots = threading.BoundedSemaphore(max(1, threads))

    def serve_forever(self) -> None:
        """Accept connections until :meth:`close`."""
        while True:
            try:
                sock, _ = self.socket.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def close(self) -> None:
        """Stop accepting (connections already open finish their current request)."""
        try:
            self.socket.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept()
        except OSError:
            pass
        self.socket.close()

    def _serve(self, sock: socket.socket) -> None:
        connection = _Connection(sock)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(IDLE_SECONDS)
            while self._exchange(connection):
                pass
        except _BadRequest as exc:
            self._send(sock, self.app.malformed(str(exc)), close=True)
        except (_Closed, OSError):
            pass
        finally:
            sock.close()

    def _send(self, sock: socket.socket, response: HttpResponse, *, close: bool, head_only: bool = False) -> None:
        try:
            sock.sendall(_wire(response, close=close, head_only=head_only))
        except OSError:
            pass

    def _exchange(self, connection: _Connection) -> bool:
        """Read, answer and write one request; whether the connection stays open."""
        method, target, version, headers = connection.head()
        keep = (
            headers.get("connection", "").lower() != "close"
            if version == "HTTP/1.1"
            else headers.get("connection", "").lower() == "keep-alive"
        )
        if target.startswith(("http://", "https://")):  # absolute form: the path after the authority
            target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
        raw_path, _, query = target.partition("?")
        path = unquote(raw_path)
        limit = self.app.max_body
        encoding = headers.get("transfer-encoding")
        if encoding is not None:
            if encoding.lower() != "chunked":
                raise _BadRequest(f"transfer-encoding {encoding!r} is not supported (only chunked)")
            self._continue(connection, headers)
            body = connection.chunked(limit)
            if body is None:
                self._send(connection.sock, self.app.oversized(HttpRequest(method, path, query, headers, b"")), close=True)
                return False
        else:
            length_text = headers.get("content-length", "0")
            if not length_text.isdigit():
                raise _BadRequest("content-length is not a number")
            length = int(length_text)
            if length > limit:
                if length <= 64 * limit and "100-continue" not in headers.get("expect", "").lower():
                    connection.discard(length)  # read, so that the client sees the refusal
                self._send(connection.sock, self.app.oversized(HttpRequest(method, path, query, headers, b"")), close=True)
                return False
            if length:
                self._continue(connection, headers)
            body = connection.exactly(length)
        with self._slots:
            response = self.app.handle(HttpRequest(method, path, query, headers, body))
        self._send(connection.sock, response, close=not keep, head_only=method == "HEAD")
        return keep

    @staticmethod
    def _continue(connection: _Connection, headers: Mapping[str, str]) -> None:
        if "100-continue" in headers.get("expect", "").lower() and not connection.buffer:
            connection.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")


def run(
    server: Server,
    *,
    host: str = "127.0.0.1",
    port: int = 8053,
    threads: int = 4,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve *server* over HTTP/1.1 until interrupted (SIGINT or SIGTERM); *ready* gets the URL.

    The port is bound and listening before *ready* is called (``port=0`` picks a
    free one); a port in use raises ``OSError``.  One process holds the world, so a
    killed server leaves nothing listening.  On SIGTERM or SIGINT the server stops
    accepting and waits for a state save in progress before it returns.
    """
    listener = HttpServer(server, host=host, port=port, threads=threads)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        if ready is not None:
            ready(listener.url)
        listener.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
        # A state save in progress finishes; none starts after (the process is ending).
        server._lock.acquire(timeout=30)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt

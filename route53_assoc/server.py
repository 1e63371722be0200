"""``route53-assoc serve``: the model over HTTP, for the AWS CLI, Terraform and every SDK.

A request travels one way down and back up: the HTTP server (granian, started by
:func:`run`; or any WSGI server through :meth:`Server.__call__`) turns bytes into an
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
import re
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import attrs

from . import snapshot
from ._values import Quotas
from ._world import World
from .aws import Backend, BackendError, operations
from .aws.identity import Identity, scope_service, unknown_key, usual_authorization
from .aws.protocols import HttpRequest, HttpResponse, WireError, protocol, reason
from .errors import Route53Error, SnapshotError

__all__ = ["INTERNAL", "MAX_BODY", "Server", "StateError", "StateFile"]

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

    def oversized(self, request: HttpRequest) -> HttpResponse:
        """The refusal of a request whose body is larger than ``max_body`` (inferred: 413)."""
        error = WireError(
            "RequestEntityTooLarge", f"The request body is larger than the limit of {self.max_body} bytes.", 413
        )
        return self._refused(request, error)

    def incomplete(self, request: HttpRequest, announced: int, received: int) -> HttpResponse:
        """The refusal of a body shorter than its ``Content-Length`` (the client stopped sending;
        inferred: 400 ``IncompleteBody``)."""
        error = WireError(
            "IncompleteBody",
            f"The request body ended after {received} of the {announced} bytes its Content-Length announced.",
        )
        return self._refused(request, error)

    def _refused(self, request: HttpRequest, error: WireError) -> HttpResponse:
        """*error* in the envelope of the service *request* is for, before it is parsed."""
        return protocol(_service_of(request)).error(error, self._request_id())

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
        announced = environ.get("CONTENT_LENGTH") or ""
        # Only plain digits are a length (int() would take "-1", "+5", " 7" and "1_0"); no length: read up to the limit.
        length = int(announced) if announced.isascii() and announced.isdigit() else 0
        if length > self.max_body:
            response = self.oversized(HttpRequest(method, path, query, headers, b""))
        else:
            stream = environ["wsgi.input"]
            body = stream.read(length) if length else stream.read(self.max_body + 1)
            if len(body) > self.max_body:
                response = self.oversized(HttpRequest(method, path, query, headers, b""))
            elif len(body) < length:  # the client stopped before the end of its body
                response = self.incomplete(HttpRequest(method, path, query, headers, b""), length, len(body))
            else:
                response = self.handle(HttpRequest(method, path, query, headers, body))
        start_response(
            reason(response.status), [*response.headers, ("Content-Length", str(len(response.body)))]
        )
        return [response.body]


class _EnvironHeaders(Mapping[str, str]):
    """A WSGI environ's request headers as a mapping of lower-case names (as an HTTP/1.1 head gives them).

    A header is looked up by its CGI name (``x-amz-date`` in ``HTTP_X_AMZ_DATE``)
    when asked, instead of copying every ``HTTP_`` key of an environ that also holds
    the server process's environment (granian copies it into each environ); iterating
    builds the whole mapping.  ``Content-Type`` and ``Content-Length`` come from their
    own CGI keys when set.  Names with an underscore or an upper-case letter are looked
    up in the whole mapping (where no such name is).  The one difference from copying
    every ``HTTP_`` key: a key that is not what WSGI servers write for a header
    (``HTTP_`` then anything but ASCII upper-case letters, digits and underscores) is
    not a header here, so that iterating and looking up agree.
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
            found = {
                key[5:].replace("_", "-").lower(): value
                for key, value in environ.items()
                if key.startswith("HTTP_") and _CGI_NAME.fullmatch(key, 5)
            }
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
#: What follows ``HTTP_`` in the environ keys WSGI servers write for headers; other keys are not headers here.
_CGI_NAME: Final = re.compile(r"[A-Z0-9_]+")
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


#: The largest request head (request line and headers) granian reads, in bytes: a larger one is
#: refused with 431 (inferred; AWS's front ends refuse far less).
MAX_HEAD: Final = 64 * 1024


_STDERR: Final = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}


def _usable_port(host: str, port: int) -> int:
    """*port*, or a free one for 0, bound once to prove it usable: a port in use is an OSError here."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, port))
        bound: int = probe.getsockname()[1]
        return bound


def _die_with_parent(parent: int | None = None) -> None:
    """Linux: end this process when the process that started it ends, even by SIGKILL.

    With *parent* (its pid), end at once if that process has already gone.
    """
    if sys.platform != "linux":  # pragma: no cover - the supervisor's own shutdown still ends it
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the supervisor's own shutdown still ends it
        pass
    if parent is not None and os.getppid() != parent:  # pragma: no cover - it died before prctl took effect
        os._exit(1)


def _announce(url: str, ready: Callable[[str], None]) -> None:
    """Call *ready* once the worker answers (its health endpoint says 200)."""
    import http.client

    host, _, port = url.removeprefix("http://").rpartition(":")
    while True:
        connection = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=5)
        try:
            connection.request("GET", INTERNAL + "health")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.02)
        finally:
            connection.close()
    ready(url)


def run(
    server: Server,
    *,
    host: str = "127.0.0.1",
    port: int = 8053,
    threads: int = 1,
    ready: Callable[[str], None] | None = None,
    runtime_mode: str = "st",
) -> None:
    """Serve *server* on granian until interrupted (SIGINT or SIGTERM); *ready* gets the URL once it answers.

    granian (an HTTP server written in Rust, with a WSGI interface) was chosen by
    measurement (``docs/server.md``).  Its supervisor (this process) binds the port
    and forks one worker process, which inherits *server* (its world, its loaded
    state); *threads* Python threads answer requests in it.  A port in use raises
    ``OSError`` before anything starts (``port=0`` picks a free one).  The worker ends
    with its supervisor, on Linux even when the supervisor is killed with SIGKILL, so
    a killed server leaves nothing listening; on SIGTERM or SIGINT the worker stops
    taking requests and waits for a state save in progress before it ends.
    *runtime_mode* is granian's (``"st"``: one Rust thread; ``"mt"``; ``"auto"``), ``"st"``
    by measurement.
    """
    import multiprocessing.util

    from granian.constants import HTTPModes, Interfaces, RuntimeModes
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server import MPServer

    port = _usable_port(host, port)  # before anything starts
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    # The worker inherits the application (its lock, its loaded state): fork, not spawn.
    multiprocessing.set_start_method("fork", force=True)
    granian = MPServer(
        "route53_assoc.server:Server",  # never imported by that name: load() below hands over *server*
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        http=HTTPModes.http1,
        http1_settings=HTTP1Settings(max_buffer_size=MAX_HEAD),
        workers=1,
        runtime_threads=1,
        runtime_mode=RuntimeModes(runtime_mode),
        blocking_threads=max(1, threads),
        # granian's own warnings and errors (a worker that died) on stderr; no access log.
        log_level=LogLevels.warning,
        log_dictconfig={
            "handlers": {"console": {**_STDERR, "formatter": "generic"}, "access": {**_STDERR, "formatter": "access"}}
        },
    )
    if ready is not None:
        granian.on_startup(lambda: threading.Thread(target=_announce, args=(url, ready), daemon=True).start())

    supervisor = os.getpid()

    def load() -> Server:
        _die_with_parent(supervisor)
        # granian starts each request's WSGI environ from a copy of the worker's process
        # environment: emptied here, a variable such as HTTP_AUTHORIZATION cannot pass for a
        # header of a request that lacks it, and each environ is a few entries, not dozens.
        os.environ.clear()
        # multiprocessing ends the worker with os._exit after its finalizers: a save in progress
        # (the lock held) finishes first.
        multiprocessing.util.Finalize(server, _wait_for_saves, args=(server,), exitpriority=100)
        return server

    granian.serve(target_loader=load, wrap_loader=False)


def _wait_for_saves(server: Server) -> None:
    """A state save in progress finishes; none starts after (the process is ending)."""
    server._lock.acquire(timeout=30)

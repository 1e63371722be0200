"""A boto3 sandbox: real boto3 Route 53 and EC2 clients answered by the model.

The clients are real: botocore validates parameters, strips ``/hostedzone/`` and
``/change/`` as usual, emits every event user code can hook, and raises its own
``ClientError`` subclasses.  Only the last step is replaced: a ``before-call`` handler
answers from the model instead of sending an HTTP request.  No botocore code is
patched; a sandbox's own clients get one base class (through botocore's
``creating-client-class`` event) that skips building the HTTP request and reuses an
operation's endpoint when nothing but that request could read them (see
:class:`_ShortcutClient` and docs/sandbox.md, "What a sandbox client runs").

>>> sb = Sandbox()
>>> ec2 = sb.client("ec2", account="111111111111", region_name="us-east-1")
>>> vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
>>> r53 = sb.client("route53", account="111111111111")
>>> zone = r53.create_hosted_zone(Name="corp.example", CallerReference="r1",
...     VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id})["HostedZone"]
>>> zone["Config"]["PrivateZone"], zone["Id"].startswith("/hostedzone/Z")
(True, True)
>>> try:
...     r53.disassociate_vpc_from_hosted_zone(HostedZoneId=zone["Id"],
...         VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id})
... except r53.exceptions.LastVPCAssociation as exc:
...     print(exc.response["Error"]["Code"], exc.response["ResponseMetadata"]["HTTPStatusCode"])
LastVPCAssociation 400
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import boto3
import botocore.exceptions
import botocore.handlers
import botocore.loaders
import botocore.session
import botocore.validate

from . import errors
from ._values import normalize_account_id
from ._world import World
from .aws import Backend, BackendError
from .errors import Route53Error

__all__ = ["DEFAULT_ACCOUNT", "NotModelled", "Sandbox", "SandboxError"]

#: The account of a client whose access key the sandbox does not know.
DEFAULT_ACCOUNT: Final = "123456789012"
_STASH: Final = "route53_assoc.params"
_OWN: Final = "route53_assoc.own"
_SERVICES: Final = ("route53", "ec2", "sts")


class SandboxError(BackendError):
    """A misuse of the sandbox itself (not an AWS error): the message says what to do."""


class NotModelled(SandboxError, errors.NotModelled):
    """The call uses an operation or a feature the model does not answer."""


class _Http:
    """The little of an HTTP response that botocore reads when a handler answers."""

    __slots__ = ("content", "headers", "raw", "status_code")

    def __init__(self, status_code: int, request_id: str) -> None:
        self.status_code = status_code
        self.headers = {"x-amzn-requestid": request_id}
        self.content = b""
        self.raw = None


class Sandbox:
    """Real boto3 clients answered by the model, over one :class:`~route53_assoc.aws.Backend`.

    ``clock`` is ``"manual"`` (the default: time moves only with :meth:`advance`),
    ``"real"`` (world time follows the wall clock), or a function returning seconds.
    ``access_keys`` maps access key ids to accounts for :meth:`mock`.
    """

    def __init__(
        self,
        *,
        world: World | None = None,
        propagation_seconds: float = 0,
        processing_seconds: float = 0,
        clock: str | Callable[[], float] | None = None,
        access_keys: Mapping[str, str] | None = None,
    ) -> None:
        try:
            self.backend = Backend(
                world=world,
                propagation_seconds=propagation_seconds,
                processing_seconds=processing_seconds,
                clock=clock,
            )
        except BackendError as exc:
            raise SandboxError(str(exc)) from None
        self._requests = itertools.count(1)
        self._session: boto3.session.Session | None = None
        self.access_keys = {
            key: normalize_account_id(account, "access_keys") for key, account in (access_keys or {}).items()
        }

    # -- the world ---------------------------------------------------------------

    @property
    def world(self) -> World:
        """The current world (immutable: keep it to compare later)."""
        return self.backend.world

    def advance(self, *, seconds: float) -> None:
        """Move the manual clock forward."""
        if self.backend._clock is not None:
            raise SandboxError("advance() moves the manual clock; this sandbox follows another clock")
        self.backend.advance(seconds=seconds)

    def _join(self, account: str, region: str) -> str:
        try:
            return self.backend.join(account, region)
        except BackendError as exc:
            raise SandboxError(str(exc)) from None

    # -- clients -----------------------------------------------------------------

    def client(self, service: str, *, account: str = DEFAULT_ACCOUNT, region_name: str = "us-east-1") -> Any:
        """A real boto3 client for ``route53`` or ``ec2`` whose calls the model answers."""
        if service not in _SERVICES:
            raise SandboxError(f"the sandbox answers route53, ec2 and sts clients, not {service!r}")
        account = self._join(account, region_name)
        client = self._boto3_session().client(
            service,
            region_name=region_name,
            aws_access_key_id=f"SANDBOX{account}",
            aws_secret_access_key="sandbox",
        )
        self._attach(client, service, account)
        return client

    #: Whether this sandbox's own clients take the shortcut (see :class:`_ShortcutClient`);
    #: False makes them run every botocore step, as a plain client answered by ``mock()``.
    _shortcut: bool = True

    def _boto3_session(self) -> boto3.session.Session:
        """The one session every client of this sandbox comes from (made on first use).

        A boto3 session per client would load and parse the service's model each time
        (tens of milliseconds for EC2's); one session keeps botocore's caches, and its
        loader is shared by every sandbox of the process.  Each client still has its
        own event hooks (botocore copies the session's for every client), its own
        credentials and its own region.
        """
        if self._session is None:
            with _SESSION_LOCK:
                if self._session is None:
                    core = botocore.session.get_session()
                    core.register_component("data_loader", _shared_loader())
                    core.register("creating-client-class", _add_shortcut_base)
                    self._session = boto3.session.Session(botocore_session=core)
        return self._session

    def _attach(self, client: Any, service: str, account: str) -> None:
        events = client.meta.events
        handler = self._handler(service, account)
        events.register_last(f"before-parameter-build.{service}", _stash_own)
        events.register(f"before-call.{service}", handler)
        if self._shortcut and isinstance(client, _ShortcutClient):
            _Shortcut.install(client, handler)

    def _handler(self, service: str, account: str) -> Callable[..., Any]:
        respond = self._answer

        def answer(model: Any, context: dict[str, Any], **_: Any) -> Any:
            return respond(service, model.name, context.get(_STASH, {}), account, context["client_region"])

        return answer

    def _answer(self, service: str, operation: str, params: dict[str, Any], account: str, region: str) -> Any:
        request_id = f"{next(self._requests):08d}-0000-4000-8000-000000000000"
        try:
            status, body = self.backend.answer(service, operation, params, account=account, region=region)
        except errors.NotModelled as exc:
            raise NotModelled(exc.message) from None
        except Route53Error as exc:
            error = {"Code": exc.code, "Message": exc.message, "Type": exc.fault}
            if service == "ec2":
                del error["Type"]  # EC2's error envelope has no Type, so botocore's parser gives none
            return _Http(exc.http_status, request_id), {
                "Error": error,
                "ResponseMetadata": _metadata(exc.http_status, request_id),
            }
        # ``_metadata(status, request_id)``, inlined: this is every successful call's path.
        body["ResponseMetadata"] = {
            "RequestId": request_id,
            "HTTPStatusCode": status,
            "HTTPHeaders": {"x-amzn-requestid": request_id},
            "RetryAttempts": 0,
        }
        return _Http(status, request_id), body

    # -- mock --------------------------------------------------------------------

    @contextlib.contextmanager
    def mock(self) -> Iterator[Sandbox]:
        """Answer every boto3 route53/ec2 client created inside the block.

        The caller's account comes from the client's access key id through
        ``access_keys`` (unknown keys: ``123456789012``).  Clients created before the
        block are not affected; fake credentials are set for the block when none are.
        """
        with _MOCK_LOCK:
            _ACTIVE.append(self)
            _install_builtin_handlers()
        saved_env = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
        if not saved_env["AWS_ACCESS_KEY_ID"]:
            os.environ["AWS_ACCESS_KEY_ID"] = "SANDBOXDEFAULT"
            os.environ["AWS_SECRET_ACCESS_KEY"] = "sandbox"
        saved_session = boto3.DEFAULT_SESSION
        boto3.DEFAULT_SESSION = None
        try:
            yield self
        finally:
            boto3.DEFAULT_SESSION = saved_session
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            with _MOCK_LOCK:
                _ACTIVE.remove(self)

    def _account_of(self, request_signer: Any) -> str:
        key = None
        if request_signer is not None:
            try:
                auth = request_signer.get_auth_instance(
                    request_signer.signing_name, request_signer.region_name, "v4"
                )
                key = auth.credentials.access_key
            except Exception:  # no credentials: the default account
                key = None
        return self.access_keys.get(key or "", DEFAULT_ACCOUNT)


def _metadata(status: int, request_id: str) -> dict[str, Any]:
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {"x-amzn-requestid": request_id},
        "RetryAttempts": 0,
    }


def _stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the parameters as botocore has them after its own fixes (ids stripped)."""
    context[_STASH] = params


def _stash_own(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """:func:`_stash` for a sandbox's own client, marked so that ``mock()`` leaves it alone."""
    context[_STASH] = params
    context[_OWN] = True


_LOADERS: list[botocore.loaders.Loader] = []
_SESSION_LOCK = threading.Lock()


def _shared_loader() -> botocore.loaders.Loader:
    """One botocore loader for every sandbox: it caches the parsed service models."""
    if not _LOADERS:
        _LOADERS.append(botocore.loaders.create_loader())
    return _LOADERS[0]


_ACTIVE: list[Sandbox] = []
_MOCK_LOCK = threading.Lock()
_INSTALLED: list[bool] = []


def _install_builtin_handlers() -> None:
    """Register, once, the handlers new botocore sessions get, routing to the active sandbox."""
    if _INSTALLED:
        return
    for service in _SERVICES:
        botocore.handlers.BUILTIN_HANDLERS.append((f"before-parameter-build.{service}", _mock_stash))
        botocore.handlers.BUILTIN_HANDLERS.append((f"before-call.{service}", _mock_answer))
    _INSTALLED.append(True)


def _mock_stash(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    if _ACTIVE:
        _stash(params, context)


def _mock_answer(model: Any, context: dict[str, Any], request_signer: Any = None, **_: Any) -> Any:
    if not _ACTIVE or context.get(_OWN):
        return None  # no mock() block, or a sandbox's own client: its sandbox answers it
    sandbox = _ACTIVE[-1]
    service = model.service_model.service_name
    account = sandbox._account_of(request_signer)
    region = context["client_region"]
    account = sandbox._join(account, region)
    return sandbox._answer(service, model.name, context.get(_STASH, {}), account, region)


# -- the sandbox's own clients: the steps whose only reader is the HTTP request -----------------
#
# botocore's ``_make_api_call`` resolves the endpoint and serialises the request before it
# emits ``before-call``, where the sandbox answers.  Neither result reaches the caller: the
# serialised request and the endpoint URL are read only by ``before-call`` handlers (the
# sandbox's ignores them) and by the HTTP send that the answer replaces.  So a sandbox's own
# client, whose class gets :class:`_ShortcutClient` as a base through botocore's
# ``creating-client-class`` event, skips them whenever nothing else could read them:
#
# - ``_convert_to_request_dict`` only validates the parameters (botocore's own validator,
#   raising the same ``ParamValidationError``) and hands ``before-call`` a request without a
#   body, when the sandbox's handler is the first ``before-call`` handler that could answer
#   (a Stubber or a user's handler ahead of it sees the fully serialised request, as usual),
#   the operation's input can't fail to serialise once valid (no timestamps, blobs, floats,
#   host prefixes or checksums) and, for the REST protocols, every string is ASCII (a lone
#   surrogate fails to percent-encode: such a call takes the whole path and fails there);
# - the endpoint is resolved by botocore on an operation's first call and the result reused,
#   when the resolution can't depend on the call (no context parameters), no
#   ``before-endpoint-resolution`` handler is registered and botocore.regions doesn't log
#   debug.  botocore still applies the endpoint's auth schemes to the request context, so
#   ``after-call`` handlers see the context they would have.
#
# Every event a user can hook on a call (provide-client-params, before-parameter-build,
# before-call, after-call) is still emitted by botocore's own ``_make_api_call``, with the
# same arguments.  The private botocore attributes used have been stable for years: the
# event aliaser's ``_alias_event_name`` and its emitter's ``_lookup_cache`` (read), the
# client's ``_serializer`` (its class read: is validation on?) and ``_ruleset_resolver``
# (wrapped by :class:`_Endpoints`), and the two methods overridden here (botocore 1.34 to
# 1.44 tested).  When one is missing, the client runs every step (``_Shortcut.install``
# does nothing); tests/test_sandbox_shortcut.py fails if the shortcut is never taken.

_IN_CALL: Final[contextvars.ContextVar[bool]] = contextvars.ContextVar("route53_assoc.in_call", default=False)
_VALIDATOR: Final = botocore.validate.ParamValidator()
_REGIONS_LOG: Final = logging.getLogger("botocore.regions")
_PLAIN_TYPES: Final = frozenset({"structure", "list", "map", "string", "integer", "long", "boolean"})
_QUERY_PROTOCOLS: Final = frozenset({"query", "ec2"})  # their serialisers never encode a string
_SHORTCUT: Final = "_route53_assoc_shortcut"


def _add_shortcut_base(base_classes: list[type], **_: Any) -> None:
    """``creating-client-class`` handler of a sandbox's session: its clients get the shortcut."""
    base_classes.insert(0, _ShortcutClient)


class _Operation:
    """What the shortcut needs to know of one operation of one client, worked out once."""

    __slots__ = ("before_call", "endpoint_fixed", "plain", "rest")

    def __init__(self, events: Any, model: Any) -> None:
        service_id = model.service_model.service_id.hyphenize()
        self.before_call: str = events._alias_event_name(f"before-call.{service_id}.{model.name}")
        self.plain = (
            not model.http_checksum
            and not model.http_checksum_required
            and not model.has_streaming_input
            and not model.endpoint
            and not model.is_endpoint_discovery_operation
            and _plain_shape(model.input_shape, set())
        )
        self.rest = model.service_model.protocol not in _QUERY_PROTOCOLS
        self.endpoint_fixed = self.plain and not (
            model.static_context_parameters
            or model.context_parameters
            or getattr(model, "operation_context_parameters", None)
        )


def _plain_shape(shape: Any, seen: set[str]) -> bool:
    """Whether every value of ``shape`` that passes validation also serialises."""
    if shape is None or shape.name in seen:
        return True
    seen.add(shape.name)
    if shape.type_name not in _PLAIN_TYPES or shape.serialization.get("jsonvalue"):
        return False
    if shape.type_name == "structure":
        return all(_plain_shape(member, seen) for member in shape.members.values())
    if shape.type_name == "list":
        return _plain_shape(shape.member, seen)
    if shape.type_name == "map":
        return _plain_shape(shape.key, seen) and _plain_shape(shape.value, seen)
    return True


def _ascii(value: Any) -> bool:
    """Whether every string in the parameters (keys too) is ASCII."""
    if isinstance(value, str):
        return value.isascii()
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and not key.isascii():
                return False
            if not (item.isascii() if isinstance(item, str) else _ascii(item)):
                return False
    elif isinstance(value, list | tuple):
        for item in value:
            if not (item.isascii() if isinstance(item, str) else _ascii(item)):
                return False
    return True


class _Shortcut:
    """One sandbox client's shortcut state: its answering handler and what it learnt."""

    __slots__ = ("emitter", "endpoint_event", "endpoints", "events", "handler", "operations")

    def __init__(self, events: Any, handler: Callable[..., Any], service_id: str) -> None:
        self.events = events
        self.emitter = events._emitter
        self.handler = handler
        self.operations: dict[str, _Operation] = {}
        self.endpoints: dict[str, Any] = {}
        self.endpoint_event: str = events._alias_event_name(f"before-endpoint-resolution.{service_id}")

    @classmethod
    def install(cls, client: Any, handler: Callable[..., Any]) -> None:
        events = client.meta.events
        try:
            events._alias_event_name  # noqa: B018 - the internals the shortcut reads, present?
            events._emitter._lookup_cache  # noqa: B018
            resolver = client._ruleset_resolver
            validating = isinstance(client._serializer, botocore.validate.ParamValidationDecorator)
        except AttributeError:
            return
        if not validating:
            return  # parameter_validation is off: botocore's serialiser is what raises
        shortcut = cls(events, handler, client.meta.service_model.service_id.hyphenize())
        if resolver is not None:
            client._ruleset_resolver = _Endpoints(resolver, shortcut)
        setattr(client, _SHORTCUT, shortcut)

    def operation(self, model: Any) -> _Operation:
        found = self.operations.get(model.name)
        if found is None:
            found = self.operations[model.name] = _Operation(self.events, model)
        return found

    def answers_first(self, operation: _Operation) -> bool:
        """Whether the sandbox's handler is the first ``before-call`` handler that can answer.

        ``mock()``'s handler, which lets a sandbox's own client through, may come before it.
        Handlers not yet looked up since the last registration count as unknown: no.
        """
        handlers = self.emitter._lookup_cache.get(operation.before_call)
        if handlers is None:
            return False
        for handler in handlers:
            if handler is self.handler:
                return True
            if handler is not _mock_answer:
                return False
        return False

    def endpoint_reusable(self, operation: _Operation) -> bool:
        if not operation.endpoint_fixed or _REGIONS_LOG.isEnabledFor(logging.DEBUG):
            return False
        hooks = self.emitter._lookup_cache.get(self.endpoint_event)
        return hooks is not None and not hooks and self.answers_first(operation)


class _Endpoints:
    """A client's endpoint resolver that reuses an operation's endpoint when nothing can change it."""

    __slots__ = ("_resolver", "_shortcut")

    def __init__(self, resolver: Any, shortcut: _Shortcut) -> None:
        self._resolver = resolver
        self._shortcut = shortcut

    def __getattr__(self, name: str) -> Any:
        return getattr(self._resolver, name)

    def construct_endpoint(self, operation_model: Any, call_args: Any, request_context: Any) -> Any:
        shortcut = self._shortcut
        if shortcut.endpoint_reusable(shortcut.operation(operation_model)):
            found = shortcut.endpoints.get(operation_model.name)
            if found is None:
                found = self._resolver.construct_endpoint(operation_model, call_args, request_context)
                shortcut.endpoints[operation_model.name] = found
            return found
        return self._resolver.construct_endpoint(operation_model, call_args, request_context)


class _ShortcutClient:
    """The base class of a sandbox's own clients (before botocore's ``BaseClient``)."""

    def _make_api_call(self, operation_name: str, api_params: Any) -> Any:
        token = _IN_CALL.set(True)
        try:
            return super()._make_api_call(operation_name, api_params)  # type: ignore[misc]
        finally:
            _IN_CALL.reset(token)

    def _convert_to_request_dict(
        self,
        api_params: Any,
        operation_model: Any,
        endpoint_url: Any,
        context: Any = None,
        headers: Any = None,
        set_user_agent_header: bool = True,
        **more: Any,
    ) -> Any:
        shortcut: _Shortcut | None = self.__dict__.get(_SHORTCUT)
        if shortcut is not None and set_user_agent_header and context is not None and not more:
            operation = shortcut.operation(operation_model)
            if (
                operation.plain
                and _IN_CALL.get()
                and shortcut.answers_first(operation)
                and (not operation.rest or _ascii(api_params))
            ):
                input_shape = operation_model.input_shape
                if input_shape is not None:
                    report = _VALIDATOR.validate(api_params, input_shape)
                    if report.has_errors():
                        raise botocore.exceptions.ParamValidationError(report=report.generate_report())
                return {
                    "url_path": "",
                    "query_string": {},
                    "method": operation_model.http.get("method", "POST"),
                    "headers": {},
                    "body": b"",
                    "url": endpoint_url,
                    "context": context,
                }
        return super()._convert_to_request_dict(  # type: ignore[misc]
            api_params,
            operation_model,
            endpoint_url,
            context=context,
            headers=headers,
            set_user_agent_header=set_user_agent_header,
            **more,
        )

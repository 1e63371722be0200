"""A boto3 sandbox: real boto3 Route 53 and EC2 clients answered by the model.

The clients are real: botocore validates parameters, strips ``/hostedzone/`` and
``/change/`` as usual, and raises its own ``ClientError`` subclasses.  Only the last
step is replaced: a ``before-call`` handler answers from the model instead of
sending an HTTP request.  No botocore internals are patched.

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
import itertools
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import boto3
import botocore.handlers
import botocore.loaders
import botocore.session

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
        self._attach(client.meta.events, service, account)
        return client

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
                    self._session = boto3.session.Session(botocore_session=core)
        return self._session

    def _attach(self, events: Any, service: str, account: str) -> None:
        events.register_last(f"before-parameter-build.{service}", _stash_own)
        events.register(f"before-call.{service}", self._handler(service, account))

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

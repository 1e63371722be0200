"""The AWS face: an AWS operation, its parameters and the caller in; a response or an AWS error out.

This is the layer every transport shares.  :class:`Backend` holds the current
immutable world (with its lock and clock) and answers ``(service, operation,
parameters, account, region)`` with an HTTP status and a response body shaped as
botocore parses it, or raises the model's error (a
:class:`~route53_assoc.errors.Route53Error`, whose ``code``, ``message`` and
``http_status`` are AWS's).  The in-process boto3 sandbox is a transport over it;
so will the HTTP server be.

Each service's operations are a table from AWS operation name to a handler in this
package's modules (:mod:`.route53`, :mod:`.ec2`, :mod:`.sts`); a handler turns
parameters into a request of the pure core, runs it, and shapes the result.

>>> backend = Backend()
>>> status, body = backend.answer("ec2", "CreateVpc", {"CidrBlock": "10.0.0.0/16"},
...                               account="111111111111", region="us-east-1")
>>> status, body["Vpc"]["OwnerId"]
(200, '111111111111')
>>> backend.answer("ec2", "CreateSubnet", {}, account="111111111111", region="us-east-1")
Traceback (most recent call last):
...
route53_assoc.errors.NotModelled: route53-assoc does not model ec2 CreateSubnet; ...
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final, TypeVar

from .. import _registry
from .._ec2 import AddAccountRequest
from .._partitions import PARTITIONS, REGIONS, partition_of, regions_of
from .._rules import Operation
from .._values import normalize_account_id
from .._world import World
from ..errors import NotModelled

__all__ = ["Backend", "BackendError", "Handler", "home_region", "operations"]

RequestT = TypeVar("RequestT")
ResultT = TypeVar("ResultT")


class BackendError(Exception):
    """A misuse of the backend itself (not an AWS error): the message says what to do."""


#: A handler: the backend, the caller's account, the request's region and the
#: parameters in; the HTTP status and the response body out.
Handler = Callable[["Backend", str, str, dict[str, Any]], tuple[int, dict[str, Any]]]


class Backend:
    """A small mutable shell around the current immutable world: lock, clock, answers.

    ``clock`` is ``"manual"`` (the default: time moves only with :meth:`advance`),
    ``"real"`` (world time follows the wall clock), or a function returning seconds.
    """

    def __init__(
        self,
        *,
        world: World | None = None,
        propagation_seconds: float = 0,
        processing_seconds: float = 0,
        clock: str | Callable[[], float] | None = None,
    ) -> None:
        if world is not None and not isinstance(world, World):
            raise BackendError(f"world must be a route53_assoc.World, not {type(world).__name__}")
        self._world = (
            world
            if world is not None
            else World.empty(propagation_seconds=propagation_seconds, processing_seconds=processing_seconds)
        )
        if clock is None or clock == "manual":
            self._clock: Callable[[], float] | None = None
        elif clock == "real":
            self._clock = time.monotonic
        elif callable(clock):
            self._clock = clock
        else:
            raise BackendError(
                f"clock must be 'manual', 'real' or a function returning seconds, not {clock!r}"
            )
        self._clock_start = self._clock() if self._clock else 0.0
        self._world_start = self._world.now
        self._lock = threading.RLock()

    # -- the world ---------------------------------------------------------------

    @property
    def world(self) -> World:
        """The current world (immutable: keep it to compare later)."""
        with self._lock:
            self._tick()
            return self._world

    def advance(self, *, seconds: float) -> None:
        """Move the manual clock forward."""
        if self._clock is not None:
            raise BackendError("advance() moves the manual clock; this backend follows another clock")
        with self._lock:
            self._world = _registry.apply(
                self._world, _registry.operation("advance").request_type(seconds=seconds)
            )[0]

    def reset(self, world: World) -> None:
        """Start again from *world* (keep one to come back to it); the clock starts again too."""
        if not isinstance(world, World):
            raise BackendError(f"world must be a route53_assoc.World, not {type(world).__name__}")
        with self._lock:
            self._world = world
            self._clock_start = self._clock() if self._clock else 0.0
            self._world_start = world.now

    def _tick(self) -> None:
        if self._clock is None:
            return
        target = self._world_start + timedelta(seconds=self._clock() - self._clock_start)
        if target > self._world.now:
            self._world = self._world.advanced(target - self._world.now)

    def apply(self, request: object) -> Any:
        """Run one request of the pure core on the current world; keep the new world."""
        with self._lock:
            if self._clock is not None:
                self._tick()
            self._world, result = _registry.apply(self._world, request)
            return result

    def run(self, operation: Operation[RequestT, Any, ResultT], request: RequestT) -> ResultT:
        """:meth:`apply` for a handler that knows the operation (no lookup by request type)."""
        with self._lock:
            if self._clock is not None:
                self._tick()
            self._world, result = operation.run(self._world, request)
            return result

    def join(self, account: str, region: str) -> str:
        """Make *account* known in *region*'s partition; refuse a second partition."""
        partition = _PARTITION_OF.get(region) if type(account) is str and type(region) is str else None
        if partition is not None and len(account) == 12 and account.isascii() and account.isdigit():
            # The usual call: a well-formed account already known in a plain region's partition.
            with self._lock:
                if self._world.accounts.get(account) == partition:
                    return account
        account = normalize_account_id(account, "account")
        region = home_region(region)
        try:
            partition = partition_of(region)
        except ValueError:
            raise BackendError(
                f"region_name {region!r} is not a region the model knows; use one of the VPCRegion values"
            ) from None
        with self._lock:
            known = self._world.accounts.get(account)
            if known is not None and known != partition:
                raise BackendError(
                    f"account {account} belongs to partition {known}; a client in {region} would put it in "
                    f"{partition}, and an account lives in exactly one partition"
                )
            if known is None:
                self._world = _registry.apply(
                    self._world, AddAccountRequest(account=account, partition=partition)
                )[0]
        return account

    # -- answers -----------------------------------------------------------------

    def answer(
        self, service: str, operation: str, params: dict[str, Any], *, account: str, region: str
    ) -> tuple[int, dict[str, Any]]:
        """The HTTP status and body for one AWS call, or the model's error raised.

        An operation the backend does not answer raises
        :class:`~route53_assoc.errors.NotModelled`.
        """
        table = (_TABLES[0] if _TABLES else _tables()).get(service)
        handler = None if table is None else table.get(operation)
        if handler is None:
            modelled = ", ".join(sorted(table or ()))
            raise NotModelled.of(f"{service} {operation}; it answers: {modelled}")
        return handler(self, account, home_region(region) if region.endswith("-global") else region, params)


def home_region(region: str) -> str:
    """A region for botocore's global pseudo-regions (``aws-global``, ``aws-cn-global``, ...)."""
    if region.endswith("-global"):
        partition = region[: -len("-global")]
        if partition in PARTITIONS:
            return regions_of(partition)[0]
    return region


_TABLES: list[dict[str, dict[str, Handler]]] = []
#: Each plain region's partition (``home_region`` leaves these as they are).
_PARTITION_OF: Final = {region: partition_of(region) for region in REGIONS}


def _tables() -> dict[str, dict[str, Handler]]:
    if not _TABLES:
        from . import ec2, route53, sts

        _TABLES.append({"route53": route53.HANDLERS, "ec2": ec2.HANDLERS, "sts": sts.HANDLERS})
    return _TABLES[0]


def operations() -> dict[str, tuple[str, ...]]:
    """Every operation the backend answers, by service.

    >>> sorted(operations())
    ['ec2', 'route53', 'sts']
    """
    return {service: tuple(sorted(table)) for service, table in _tables().items()}


SERVICES: Final = ("route53", "ec2", "sts")

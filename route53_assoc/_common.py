"""Pieces the rule tables share: the rule decorator, input collection, lookups."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ._rules import Confidence, Reason, Rule
from ._values import HostedZone, normalize_account_id, normalize_hosted_zone_id
from ._world import World
from .errors import AccessDenied, InvalidInput, NoSuchHostedZone, Route53Error

__all__ = [
    "DOCUMENTED",
    "INFERRED",
    "OBSERVED",
    "Members",
    "account_owned",
    "expect",
    "reason_text",
    "rule",
    "visible_zone",
    "zone_owned_by_caller",
    "caller_owns_zone_rule",
    "not_service_owned",
    "zone_exists_rule",
    "zone_input_rule",
]

DOCUMENTED = Confidence.DOCUMENTED
OBSERVED = Confidence.OBSERVED
INFERRED = Confidence.INFERRED

_PREFIX = "1 validation error detected: "

T = TypeVar("T")


def rule(
    id: str,
    statement: str,
    errors: tuple[type[Route53Error], ...],
    confidence: Confidence,
    source: str,
) -> Callable[[Callable[[World, Any], Any]], Rule]:
    """Turn a check function into a :class:`Rule` carrying its description."""

    def wrap(check: Callable[[World, Any], Any]) -> Rule:
        return Rule(id, statement, errors, confidence, source, check)

    return wrap


class Members:
    """Collects every problem with a request's members, as AWS reports them all at once.

    >>> from route53_assoc._values import normalize_region
    >>> members = Members()
    >>> members.take(lambda: normalize_region("mars-1", "A")) is None
    True
    >>> members.take(lambda: normalize_region("us-east-1", "B"))
    'us-east-1'
    >>> members.problem("C is missing")
    >>> members.done()
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidInput: 2 validation errors detected: Value 'mars-1' at 'A' ...; C is missing
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def take(self, read: Callable[[], T]) -> T:
        """The value *read* returns; an ``InvalidInput`` is remembered instead."""
        try:
            return read()
        except InvalidInput as exc:
            message = exc.message
            self.problems.append(message[len(_PREFIX) :] if message.startswith(_PREFIX) else message)
            return None  # type: ignore[return-value]

    def problem(self, message: str) -> None:
        """Remember a problem found by the caller."""
        self.problems.append(message)

    def done(self) -> None:
        """Raise one ``InvalidInput`` naming every problem, if there were any."""
        if not self.problems:
            return
        count = len(self.problems)
        noun = "validation error" if count == 1 else "validation errors"
        raise InvalidInput(f"{count} {noun} detected: " + "; ".join(self.problems))


def expect(request: object, kind: type[T]) -> T:
    """*request* if it is a *kind*, else ``InvalidInput`` naming both types."""
    if not isinstance(request, kind):
        raise InvalidInput(f"expected a {kind.__name__}, not {type(request).__name__}")
    return request


def visible_zone(world: World, caller: str, zone_id: str) -> HostedZone:
    """The zone, if it exists in the caller's partition, else ``NoSuchHostedZone``."""
    zone = world.zone_partition_visible(zone_id, caller)
    if zone is None:
        raise NoSuchHostedZone(hosted_zone_id=zone_id)
    return zone


def zone_owned_by_caller(world: World, caller: str, zone_id: str, action: str) -> str:
    """Pass when *caller* owns the zone, else ``AccessDenied`` naming the action."""
    zone = visible_zone(world, caller, zone_id)
    if zone.owner == caller:
        return f"account {caller} owns hosted zone {zone_id}"
    raise AccessDenied(
        f"User: {caller} is not authorized to {action} hosted zone {zone_id}.",
        hosted_zone_id=zone_id,
        account=caller,
    )


def zone_input_rule(operation: str, kind: type[T]) -> Rule:
    """The input rule of an operation whose members are the caller and a zone ``Id``."""

    @rule(
        f"{operation}.input",
        "The zone id is present and at most 32 characters.",
        (InvalidInput,),
        INFERRED,
        "Spec §2.",
    )
    def check(world: World, request: object) -> T:
        given: Any = expect(request, kind)
        m = Members()
        caller = m.take(lambda: normalize_account_id(given.caller, "caller"))
        zone_id = m.take(lambda: normalize_hosted_zone_id(given.hosted_zone_id, "Id"))
        m.done()
        return kind(caller=caller, hosted_zone_id=zone_id)  # type: ignore[call-arg]

    return check


def zone_exists_rule(operation: str, source: str) -> Rule:
    """The rule "the hosted zone exists in the caller's partition" for *operation*."""

    @rule(
        f"{operation}.zone-exists",
        "The hosted zone exists in the caller's partition.",
        (NoSuchHostedZone,),
        OBSERVED,
        source,
    )
    def check(world: World, request: Any) -> Reason:
        zone = visible_zone(world, request.caller, request.hosted_zone_id)
        return lambda: f"hosted zone {zone.id} ({zone.name}) exists"

    return check


def caller_owns_zone_rule(operation: str, statement: str, action: str, source: str) -> Rule:
    """The rule "only the zone's owner may do this" for *operation*; AccessDenied otherwise."""

    @rule(f"{operation}.caller-owns-zone", statement, (AccessDenied,), INFERRED, source)
    def check(world: World, request: Any) -> str:
        return zone_owned_by_caller(world, request.caller, request.hosted_zone_id, action)

    return check


def not_service_owned(zone: HostedZone, caller: str, action: str, vpc_id: str | None = None) -> str:
    """Pass when an account owns *zone*; ``AccessDenied`` for a zone a service owns."""
    return reason_text(account_owned(zone, caller, action, vpc_id))


def account_owned(zone: HostedZone, caller: str, action: str, vpc_id: str | None = None) -> Callable[[], str]:
    """:func:`not_service_owned` for the hot path: the reason is formatted only when read."""
    if zone.owning_service is not None:
        raise AccessDenied(
            f"User: {caller} is not authorized to {action} hosted zone {zone.id}: "
            "only the service that owns it may.",
            hosted_zone_id=zone.id,
            vpc_id=vpc_id,
            account=caller,
        )
    return lambda: f"hosted zone {zone.id} is owned by account {zone.owner}"


def reason_text(reason: str | Callable[[], str] | None) -> str:
    """The sentence a reason made without the world stands for (``""`` for ``None``)."""
    if reason is None:
        return ""
    return reason if isinstance(reason, str) else reason()


def as_members(value: object) -> Any:
    """A public function's collection argument as a request member: a tuple when it can be one.

    A mapping becomes its ``(key, value)`` pairs, any other iterable but a string its
    items; anything else is passed on as given, for the operation's input rule to refuse.

    >>> as_members({"a": "1"}), as_members(["x"]), as_members(None), as_members("ab")
    ((('a', '1'),), ('x',), None, 'ab')
    """
    if isinstance(value, (str, bytes)):
        return value
    try:
        if isinstance(value, Mapping):
            return tuple(value.items())
        return tuple(value)  # type: ignore[arg-type]
    except Exception:
        return value

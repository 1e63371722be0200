"""Pieces the rule tables share: the rule decorator, input collection, lookups."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ._rules import Confidence, Outcome, Reason, Rule, holds, in_branch, refuses
from ._values import HostedZone, normalize_account_id, normalize_hosted_zone_id
from ._world import World
from .errors import AccessDenied, InvalidInput, NoSuchHostedZone, Route53Error

__all__ = [
    "DOCUMENTED",
    "ID_LENGTH",
    "INFERRED",
    "OTHER_PARTITION",
    "OBSERVED",
    "Members",
    "account_owned",
    "expect",
    "id_length_outcomes",
    "holds",
    "in_branch",
    "refuses",
    "reason_text",
    "rule",
    "visible_zone",
    "zone_owned_by_caller",
    "caller_owns_zone_rule",
    "not_service_owned",
    "zone_exists_outcomes",
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
    *outcomes: Outcome,
) -> Callable[[Callable[[World, Any], Any]], Rule]:
    """Turn a check function into a :class:`Rule` carrying its description.

    *outcomes* (:func:`holds`, :func:`refuses`) label what the rule can do where the
    labels differ from *confidence*, the label of the rule's statement.
    """

    def wrap(check: Callable[[World, Any], Any]) -> Rule:
        return Rule(id, statement, errors, confidence, source, check, outcomes=outcomes)

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
        error = InvalidInput(f"{count} {noun} detected: " + "; ".join(self.problems))
        if count == 1 and self.problems[0].endswith(_ID_TOO_LONG):
            in_branch(error, ID_LENGTH)
        raise error


#: The branch of an input rule refusing only an id over 32 characters with the
#: ``resourceId`` length message, which is observed (rules.md §2).
ID_LENGTH = "id-length"
_ID_TOO_LONG = "at 'resourceId' failed to satisfy constraint: Member must have length less than or equal to 32"


def expect(request: object, kind: type[T]) -> T:
    """*request* if it is a *kind*, else ``InvalidInput`` naming both types."""
    if not isinstance(request, kind):
        raise InvalidInput(f"expected a {kind.__name__}, not {type(request).__name__}")
    return request


def visible_zone(world: World, caller: str, zone_id: str) -> HostedZone:
    """The zone, if it exists in the caller's partition, else ``NoSuchHostedZone``."""
    zone = world.zone_partition_visible(zone_id, caller)
    if zone is None:
        error = NoSuchHostedZone(hosted_zone_id=zone_id)
        if zone_id in world.zones:  # it exists, in another partition
            in_branch(error, OTHER_PARTITION)
        raise error
    return zone


#: The branch of a zone-exists rule refusing a zone that exists in another partition.
OTHER_PARTITION = "other-partition"


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
        "Spec §2 (the length message observed; the code for the rest inferred).",
        *id_length_outcomes(),
    )
    def check(world: World, request: object) -> T:
        given: Any = expect(request, kind)
        m = Members()
        caller = m.take(lambda: normalize_account_id(given.caller, "caller"))
        zone_id = m.take(lambda: normalize_hosted_zone_id(given.hosted_zone_id, "Id"))
        m.done()
        return kind(caller=caller, hosted_zone_id=zone_id)  # type: ignore[call-arg]

    return check


def zone_exists_rule(
    operation: str, source: str, code: Confidence = OBSERVED, message: Confidence = OBSERVED
) -> Rule:
    """The rule "the hosted zone exists in the caller's partition" for *operation*.

    *code* and *message* label its ``NoSuchHostedZone`` for an unknown id (the message
    form is observed on AssociateVPCWithHostedZone, rules.md §3.2); a zone of another
    partition is refused the same way, which is inferred (:data:`zone_exists_outcomes`).
    """

    @rule(
        f"{operation}.zone-exists",
        "The hosted zone exists in the caller's partition.",
        (NoSuchHostedZone,),
        OBSERVED,
        source,
        *zone_exists_outcomes(code, message),
    )
    def check(world: World, request: Any) -> Reason:
        zone = visible_zone(world, request.caller, request.hosted_zone_id)
        return lambda: f"hosted zone {zone.id} ({zone.name}) exists"

    return check


def id_length_outcomes(others: Confidence = INFERRED) -> tuple[Outcome, ...]:
    """An input rule's two ``InvalidInput`` outcomes: any problem (*others*), and a zone id over 32 characters alone (observed).

    rules.md §2: the ``resourceId`` length message for a hosted zone id longer than 32
    characters is observed; the code for the other members is inferred.
    """
    return (
        refuses(InvalidInput, others, note="any member (all problems in one message)"),
        refuses(
            InvalidInput,
            OBSERVED,
            branch=ID_LENGTH,
            note="only an id over 32 characters: the resourceId length message",
        ),
    )


def zone_exists_outcomes(code: Confidence = OBSERVED, message: Confidence = OBSERVED) -> tuple[Outcome, ...]:
    """The outcomes of a zone-exists rule: an unknown id (*code*, *message*), a zone of another partition (inferred).

    rules.md §3.2: "Zones of another partition are invisible (each partition has its
    own endpoint; inferred)."
    """
    return (
        holds(OBSERVED),
        refuses(NoSuchHostedZone, code, message, note="no zone has the id"),
        refuses(
            NoSuchHostedZone,
            INFERRED,
            branch=OTHER_PARTITION,
            note="the zone exists in another partition, whose endpoint the caller does not use",
        ),
    )


def caller_owns_zone_rule(
    operation: str, statement: str, action: str, source: str, rule_holds: Confidence = INFERRED
) -> Rule:
    """The rule "only the zone's owner may do this" for *operation*; AccessDenied otherwise.

    *rule_holds* labels the rule itself (documented where AWS says only the owner may);
    the ``AccessDenied`` refusal of other accounts is always inferred (code and message).
    """

    @rule(
        f"{operation}.caller-owns-zone",
        statement,
        (AccessDenied,),
        rule_holds,
        source,
        refuses(AccessDenied, INFERRED, note="another account"),
    )
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

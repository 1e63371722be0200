"""Every operation's table, found by name or by request type; ``explain`` and ``apply``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any, Final

from ._associate import ASSOCIATE
from ._authorizations import CREATE_AUTHORIZATION, DELETE_AUTHORIZATION, LIST_AUTHORIZATIONS
from ._ec2 import (
    ADD_ACCOUNT,
    ADVANCE,
    CREATE_VPC,
    DELETE_VPC,
    DESCRIBE_VPC_ATTRIBUTE,
    DESCRIBE_VPCS,
    MODIFY_VPC_ATTRIBUTE,
    SET_ZONE_VPC_LIMIT,
)
from ._ec2_tags import CREATE_TAGS, DELETE_TAGS, DESCRIBE_TAGS
from ._lifecycle import CREATE_SERVICE_ZONE, DELETE_HOSTED_ZONE, DISASSOCIATE, LINK_ZONE
from ._listings import (
    GET_DNSSEC,
    GET_HOSTED_ZONE_COUNT,
    LIST_HOSTED_ZONES,
    LIST_HOSTED_ZONES_BY_NAME,
    UPDATE_HOSTED_ZONE_COMMENT,
)
from ._reads import GET_CHANGE, GET_HOSTED_ZONE, GET_HOSTED_ZONE_LIMIT, LIST_HOSTED_ZONES_BY_VPC
from ._records import CHANGE_RECORD_SETS, LIST_RECORD_SETS
from ._resolve import RESOLVE
from ._rules import Operation, Trace
from ._show import shown
from ._tags import CHANGE_TAGS, LIST_TAGS, LIST_TAGS_MANY
from ._vpc_resources import DESCRIBE_NETWORK_ACLS, DESCRIBE_ROUTE_TABLES, DESCRIBE_SECURITY_GROUPS
from ._world import World, require_world
from ._zones import CREATE_HOSTED_ZONE
from .errors import InvalidInput

__all__ = ["OPERATIONS", "apply", "aws_name", "explain", "operation", "suggest"]

#: Every operation, in the order the rule catalogue lists them.
OPERATIONS: Final[tuple[Operation[Any, Any, Any], ...]] = (
    ASSOCIATE,
    DISASSOCIATE,
    CREATE_HOSTED_ZONE,
    DELETE_HOSTED_ZONE,
    CREATE_AUTHORIZATION,
    DELETE_AUTHORIZATION,
    LIST_AUTHORIZATIONS,
    GET_HOSTED_ZONE,
    LIST_HOSTED_ZONES_BY_VPC,
    GET_HOSTED_ZONE_LIMIT,
    GET_CHANGE,
    ADD_ACCOUNT,
    CREATE_VPC,
    DELETE_VPC,
    ADVANCE,
    SET_ZONE_VPC_LIMIT,
    CREATE_SERVICE_ZONE,
    LINK_ZONE,
    LIST_RECORD_SETS,
    CHANGE_RECORD_SETS,
    LIST_HOSTED_ZONES,
    LIST_HOSTED_ZONES_BY_NAME,
    GET_HOSTED_ZONE_COUNT,
    UPDATE_HOSTED_ZONE_COMMENT,
    CHANGE_TAGS,
    LIST_TAGS,
    LIST_TAGS_MANY,
    GET_DNSSEC,
    DESCRIBE_VPCS,
    DESCRIBE_VPC_ATTRIBUTE,
    MODIFY_VPC_ATTRIBUTE,
    DESCRIBE_ROUTE_TABLES,
    DESCRIBE_NETWORK_ACLS,
    DESCRIBE_SECURITY_GROUPS,
    CREATE_TAGS,
    DELETE_TAGS,
    DESCRIBE_TAGS,
    RESOLVE,
)

_BY_TYPE: Final = {op.request_type: op for op in OPERATIONS}
_BY_NAME: Final = {op.name: op for op in OPERATIONS}


def aws_name(op: Operation[Any, Any, Any]) -> str | None:
    """The AWS API operation *op* models, as AWS spells it, or ``None`` for the model's own.

    ``aws_name`` labels like ``"CreateVpc (EC2)"`` give ``"CreateVpc"``; labels in
    parentheses (``"(clock)"``) name no AWS operation.

    >>> aws_name(operation("create-vpc")), aws_name(operation("advance"))
    ('CreateVpc', None)
    """
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)(?: \([^()]*\))?", op.aws_name)
    return match.group(1) if match else None


def _folded() -> dict[str, Operation[Any, Any, Any]]:
    found: dict[str, Operation[Any, Any, Any]] = {}
    for op in OPERATIONS:
        for name in (op.name, aws_name(op)):
            if name is not None:
                other = found.setdefault(name.casefold(), op)
                assert other is op, f"{name} names both {other.name} and {op.name}"
    return found


#: Every name an operation answers to, case-folded: the model's and AWS's.
_BY_FOLDED: Final = _folded()


def operation(key: str | type) -> Operation[Any, Any, Any]:
    """The operation named *key*, or taking requests of type *key*.

    *key* is the model's name (``"associate"``) or AWS's (``"AssociateVPCWithHostedZone"``;
    ``"CreateVpc"`` for an EC2 operation), in any case; operations with no AWS name
    (``advance``, ``add-account``, ...) answer to their own name only.

    >>> operation("associate").aws_name
    'AssociateVPCWithHostedZone'
    >>> operation("AssociateVPCWithHostedZone").name, operation("createvpc").name
    ('associate', 'create-vpc')
    >>> operation("asociate")
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidInput: no operation 'asociate' (did you mean 'associate'?); the operations are: ...
    """
    found: Operation[Any, Any, Any] | None = None
    if isinstance(key, str):
        found = _BY_NAME.get(str.__str__(key)) or _BY_FOLDED.get(str.casefold(key))
    elif isinstance(key, type):
        found = _BY_TYPE.get(key)
    if found is None:
        names = ", ".join(_BY_NAME)
        hint = ""
        if isinstance(key, str):
            guess = suggest(key, [*_BY_NAME, *(n for op in OPERATIONS if (n := aws_name(op)) is not None)])
            hint = f" (did you mean {guess!r}?)" if guess else ""
        raise InvalidInput(f"no operation {shown(key)}{hint}; the operations are: {names}")
    return found


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to *word* (case aside), if any is close enough: for "did you mean".

    >>> suggest("NoSuchHostedZon", ["NoSuchHostedZone", "InvalidInput"])
    'NoSuchHostedZone'
    >>> suggest("zzz", ["associate"]) is None
    True
    """
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    close = difflib.get_close_matches(str.casefold(word)[:200], list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def _for_request(request: object) -> Operation[Any, Any, Any]:
    found = _BY_TYPE.get(type(request))
    if found is None:
        kinds = ", ".join(op.request_type.__name__ for op in OPERATIONS)
        raise InvalidInput(f"expected a request object ({kinds}), not {type(request).__name__}")
    return found


def apply(world: World, request: object) -> tuple[World, Any]:
    """Run any request: the new world and the operation's result, or its error.

    >>> from route53_assoc import CreateVpcRequest
    >>> world, vpc = apply(World.empty(), CreateVpcRequest(owner="111111111111", region="us-east-1"))
    >>> vpc.owner
    '111111111111'
    """
    return _for_request(request).run(require_world(world), request)


def explain(world: World, request: object) -> Trace:
    """Every rule's verdict on *request*, then the outcome; never raises for a refusal.

    >>> from route53_assoc import AssociateRequest
    >>> trace = explain(World.empty(), AssociateRequest(caller="111111111111",
    ...     hosted_zone_id="Z0000000000000000000A", vpc_id="vpc-0123abcd", vpc_region="us-east-1"))
    >>> trace.ok, trace.error.code
    (False, 'NoSuchHostedZone')
    >>> [step.verdict.value for step in trace.steps][:3]
    ['passed', 'failed', 'not reached']
    """
    return _for_request(request).explain(require_world(world), request)

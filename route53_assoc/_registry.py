"""Every operation's table, found by name or by request type; ``explain`` and ``apply``."""

from __future__ import annotations

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

__all__ = ["OPERATIONS", "apply", "explain", "operation"]

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


def operation(key: str | type) -> Operation[Any, Any, Any]:
    """The operation named *key* (``"associate"``) or taking requests of type *key*.

    >>> operation("associate").aws_name
    'AssociateVPCWithHostedZone'
    """
    found = _BY_NAME.get(key) if isinstance(key, str) else _BY_TYPE.get(key) if isinstance(key, type) else None
    if found is None:
        names = ", ".join(_BY_NAME)
        raise InvalidInput(f"no operation {shown(key)}; the operations are: {names}")
    return found


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

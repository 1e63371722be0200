"""A VPC's default resources and the three Describes that read them (spec §S5.6).

Every VPC gets a main route table, a default network ACL and a default security
group when it is created (their ids are in :class:`~route53_assoc._values.VpcDefaults`);
they are derived from the VPC, so the world stores only their ids (the
``ec2_resources`` index: resource id → VPC id) and their tags.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from ._common import INFERRED, OBSERVED, Members, as_members, expect, refuses, rule
from ._ec2 import filters_rule, page_rules
from ._ec2_common import (
    Page,
    Tagged,
    boolean,
    dry_run_rule,
    filters_of,
    flag,
    is_well_formed,
    match_filters,
    paginate,
    sorted_tags,
    strings,
    tag_facts,
    text_or_none,
    whole_or_none,
)
from ._rules import Operation, Rule
from ._values import VPC, normalize_account_id, normalize_region
from ._world import World, require_world
from .errors import (
    Ec2Error,
    InvalidGroupNotFound,
    InvalidInput,
    InvalidNetworkAclIDNotFound,
    InvalidRouteTableIDNotFound,
)

__all__ = [
    "DESCRIBE_NETWORK_ACLS",
    "DESCRIBE_ROUTE_TABLES",
    "DESCRIBE_SECURITY_GROUPS",
    "DefaultResource",
    "DescribeNetworkAclsRequest",
    "DescribeRouteTablesRequest",
    "DescribeSecurityGroupsRequest",
    "default_resource",
    "describe_network_acls",
    "describe_route_tables",
    "describe_security_groups",
]

ROUTE_TABLE: Final = "route-table"
NETWORK_ACL: Final = "network-acl"
SECURITY_GROUP: Final = "security-group"
_PREFIX: Final = {ROUTE_TABLE: "rtb", NETWORK_ACL: "acl", SECURITY_GROUP: "sg"}
DEFAULT_SG_DESCRIPTION: Final = "default VPC security group"


@attrs.frozen
class DefaultResource:
    """One default resource of a VPC: its kind (``route-table``, ``network-acl``,
    ``security-group``), its id, and the VPC it belongs to."""

    kind: str
    id: str
    vpc: VPC


def default_resource(world: World, resource_id: str) -> DefaultResource | None:
    """The default resource with *resource_id*, if its VPC exists."""
    vpc_id = world.ec2_resources.get(resource_id)
    vpc = None if vpc_id is None else world.vpcs.get(vpc_id)
    if vpc is None or vpc.defaults is None:
        return None
    d = vpc.defaults
    kind = {d.route_table_id: ROUTE_TABLE, d.network_acl_id: NETWORK_ACL, d.security_group_id: SECURITY_GROUP}
    return DefaultResource(kind[resource_id], resource_id, vpc)


def _of_vpc(vpc: VPC, kind: str) -> DefaultResource | None:
    if vpc.defaults is None:
        return None
    d = vpc.defaults
    resource_id = {ROUTE_TABLE: d.route_table_id, NETWORK_ACL: d.network_acl_id}.get(kind, d.security_group_id)
    return DefaultResource(kind, resource_id, vpc)


# -- filters -----------------------------------------------------------------


def _route_table_facts(r: DefaultResource) -> dict[str, tuple[str, ...]]:
    assert r.vpc.defaults is not None
    return {
        "route-table-id": (r.id,),
        "association.main": ("true",),
        "association.route-table-association-id": (r.vpc.defaults.route_table_association_id,),
        "association.route-table-id": (r.id,),
        "route.destination-cidr-block": (r.vpc.cidr_block,),
        "route.gateway-id": ("local",),
        "route.origin": ("CreateRouteTable",),
        "route.state": ("active",),
    }


def _network_acl_facts(r: DefaultResource) -> dict[str, tuple[str, ...]]:
    return {
        "network-acl-id": (r.id,),
        "default": (boolean(True),),
        "entry.cidr": ("0.0.0.0/0",),
        "entry.egress": ("true", "false"),
        "entry.protocol": ("-1",),
        "entry.rule-action": ("allow", "deny"),
        "entry.rule-number": ("100", "32767"),
    }


def _security_group_facts(r: DefaultResource) -> dict[str, tuple[str, ...]]:
    return {
        "group-id": (r.id,),
        "group-name": ("default",),
        "description": (DEFAULT_SG_DESCRIPTION,),
        "ip-permission.protocol": ("-1",),
        "ip-permission.group-id": (r.id,),
        "ip-permission.user-id": (r.vpc.owner,),
        "egress.ip-permission.cidr": ("0.0.0.0/0",),
        "egress.ip-permission.protocol": ("-1",),
    }


_FACTS: Final[dict[str, Callable[[DefaultResource], dict[str, tuple[str, ...]]]]] = {
    ROUTE_TABLE: _route_table_facts,
    NETWORK_ACL: _network_acl_facts,
    SECURITY_GROUP: _security_group_facts,
}


def resource_facts(r: DefaultResource, tags: Mapping[str, str], name: str) -> tuple[str, ...]:
    """The resource's values for the filter *name*."""
    tagged = tag_facts(tags, name)
    if tagged is not None:
        return tagged
    if name == "vpc-id":
        return (r.vpc.id,)
    if name == "owner-id":
        return (r.vpc.owner,)
    return _FACTS[r.kind](r).get(name, ())


def _facts_in(world: World, r: DefaultResource, name: str) -> tuple[str, ...]:
    return resource_facts(r, world.tags_of(r.id), name)


_COMMON: Final = frozenset({"vpc-id", "owner-id", "tag-key"})
_KNOWN: Final = {
    ROUTE_TABLE: _COMMON
    | {
        "route-table-id",
        "association.main",
        "association.route-table-association-id",
        "association.route-table-id",
        "route.destination-cidr-block",
        "route.gateway-id",
        "route.origin",
        "route.state",
    },
    NETWORK_ACL: _COMMON
    | {
        "network-acl-id",
        "default",
        "entry.cidr",
        "entry.egress",
        "entry.protocol",
        "entry.rule-action",
        "entry.rule-number",
    },
    SECURITY_GROUP: _COMMON
    | {
        "group-id",
        "group-name",
        "description",
        "ip-permission.protocol",
        "ip-permission.group-id",
        "ip-permission.user-id",
        "egress.ip-permission.cidr",
        "egress.ip-permission.protocol",
    },
}
#: Filters AWS documents for each Describe (the rest of them answer NotModelled).
_DOCUMENTED: Final = {
    ROUTE_TABLE: _KNOWN[ROUTE_TABLE]
    | {
        "association.gateway-id",
        "association.subnet-id",
        "route.destination-ipv6-cidr-block",
        "route.destination-prefix-list-id",
        "route.egress-only-internet-gateway-id",
        "route.instance-id",
        "route.nat-gateway-id",
        "route.transit-gateway-id",
        "route.vpc-peering-connection-id",
    },
    NETWORK_ACL: _KNOWN[NETWORK_ACL]
    | {
        "association.association-id",
        "association.network-acl-id",
        "association.subnet-id",
        "entry.icmp.code",
        "entry.icmp.type",
        "entry.ipv6-cidr",
        "entry.port-range.from",
        "entry.port-range.to",
    },
    SECURITY_GROUP: _KNOWN[SECURITY_GROUP]
    | {
        "egress.ip-permission.from-port",
        "egress.ip-permission.group-id",
        "egress.ip-permission.group-name",
        "egress.ip-permission.ipv6-cidr",
        "egress.ip-permission.prefix-list-id",
        "egress.ip-permission.to-port",
        "egress.ip-permission.user-id",
        "ip-permission.cidr",
        "ip-permission.from-port",
        "ip-permission.group-name",
        "ip-permission.ipv6-cidr",
        "ip-permission.prefix-list-id",
        "ip-permission.to-port",
    },
}


# -- requests ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DescribeRouteTablesRequest:
    """EC2 DescribeRouteTables over the caller's VPCs of *region* (``ids``: RouteTableIds)."""

    caller: str
    region: str
    ids: tuple[str, ...] = ()
    filters: tuple[Any, ...] = ()
    max_results: int | None = None
    next_token: str | None = None
    dry_run: bool = False


@attrs.frozen(kw_only=True)
class DescribeNetworkAclsRequest:
    """EC2 DescribeNetworkAcls over the caller's VPCs of *region* (``ids``: NetworkAclIds)."""

    caller: str
    region: str
    ids: tuple[str, ...] = ()
    filters: tuple[Any, ...] = ()
    max_results: int | None = None
    next_token: str | None = None
    dry_run: bool = False


@attrs.frozen(kw_only=True)
class DescribeSecurityGroupsRequest:
    """EC2 DescribeSecurityGroups over the caller's VPCs of *region* (``ids``: GroupIds).

    ``group_names`` (GroupNames) look in the caller's default VPC of the region only.
    """

    caller: str
    region: str
    ids: tuple[str, ...] = ()
    group_names: tuple[str, ...] = ()
    filters: tuple[Any, ...] = ()
    max_results: int | None = None
    next_token: str | None = None
    dry_run: bool = False


Request = DescribeRouteTablesRequest | DescribeNetworkAclsRequest | DescribeSecurityGroupsRequest


def _not_found(kind: str, resource_id: str) -> Ec2Error:
    if kind == ROUTE_TABLE:
        return InvalidRouteTableIDNotFound(f"The routeTable ID '{resource_id}' does not exist")
    if kind == NETWORK_ACL:
        return InvalidNetworkAclIDNotFound(f"The networkAcl ID '{resource_id}' does not exist")
    return InvalidGroupNotFound(f"The security group '{resource_id}' does not exist")


def _named(world: World, kind: str, r: Any) -> list[DefaultResource] | None:
    """The resources named by ids (and group names), or ``None`` when none are named."""
    if not r.ids and not getattr(r, "group_names", ()):
        return None
    chosen: dict[str, DefaultResource] = {}
    for resource_id in r.ids:
        found = default_resource(world, resource_id) if is_well_formed(resource_id, _PREFIX[kind]) else None
        if found is None or found.kind != kind or found.vpc.owner != r.caller or found.vpc.region != r.region:
            raise _not_found(kind, resource_id)
        chosen[found.id] = found
    if getattr(r, "group_names", ()):
        default_vpc = next(
            (world.vpcs[i] for i in world.vpcs_of(r.caller, r.region) if world.vpcs[i].is_default), None
        )
        for name in r.group_names:
            group = _of_vpc(default_vpc, kind) if default_vpc is not None and name == "default" else None
            if group is None:
                raise InvalidGroupNotFound(f"The security group '{name}' does not exist")
            chosen[group.id] = group
    return list(chosen.values())


def _input_rule(operation: str, kind_type: type[Any]) -> Rule:
    @rule(
        f"{operation}.input",
        "The caller is a 12-digit account id, the region a VPCRegion value; ids, filters, "
        "MaxResults and NextToken of the right types.",
        (InvalidInput,),
        INFERRED,
        "Spec DEF-DESCRIBE.",
    )
    def check(world: World, request: object) -> Any:
        given: Any = expect(request, kind_type)
        m = Members()
        fields: dict[str, Any] = {
            "caller": m.take(lambda: normalize_account_id(given.caller, "caller")),
            "region": m.take(lambda: normalize_region(given.region, "region")),
            "ids": m.take(lambda: strings(given.ids, "ids")),
            "filters": m.take(lambda: filters_of(given.filters)),
            "max_results": m.take(lambda: whole_or_none(given.max_results, "MaxResults")),
            "next_token": m.take(lambda: text_or_none(given.next_token, "NextToken")),
            "dry_run": m.take(lambda: flag(given.dry_run, "dry_run")),
        }
        if kind_type is DescribeSecurityGroupsRequest:
            fields["group_names"] = m.take(lambda: strings(given.group_names, "GroupNames"))
        m.done()
        return kind_type(**fields)

    return check


def _ids_rule(operation: str, kind: str) -> Rule:
    error = type(_not_found(kind, "x"))

    @rule(
        f"{operation}.ids",
        "Every named id is one of the caller's default resources of this kind in the request's "
        "region (DEF-DESCRIBE); GroupNames look in the caller's default VPC only.",
        (error,),
        INFERRED,
        "Spec DEF-DESCRIBE (not-found wordings inferred from EC2's pattern; the security-group "
        "form observed via Lambda).",
        *(
            (refuses(error, OBSERVED, note="the security-group form was observed via Lambda"),)
            if error is InvalidGroupNotFound
            else ()
        ),
    )
    def check(world: World, r: Any) -> str:
        named = _named(world, kind, r)
        return "no ids: every one of the caller's in the region" if named is None else f"{len(named)} named, all found"

    return check


def _effect(kind: str) -> Callable[[World, Any], tuple[World, Page]]:
    def effect(world: World, r: Any) -> tuple[World, Page]:
        named = _named(world, kind, r)
        if named is None:
            found = (_of_vpc(world.vpcs[i], kind) for i in world.vpcs_of(r.caller, r.region))
            named = [res for res in found if res is not None]
        matching = [res for res in named if match_filters(r.filters, functools.partial(_facts_in, world, res))]
        page = paginate(matching, lambda res: res.id, kind, r.max_results, r.next_token)
        items = tuple(Tagged(res, sorted_tags(world.tags_of(res.id))) for res in page.items)
        return world, Page(items, page.next_token)

    return effect


def _operation(name: str, aws: str, kind: str, request_type: type[Any], maximum: int) -> Operation[Any, Any, Page]:
    max_results, next_token = page_rules(name, maximum, kind, f"Spec DEF-DESCRIBE: paging as DV-PAGE (5-{maximum}).")
    return Operation(
        name=name,
        aws_name=f"{aws} (EC2)",
        summary=f"List the caller's default {kind}s of a region (one per VPC), by id and filters.",
        request_type=request_type,
        rules=(
            _input_rule(name, request_type),
            max_results,
            filters_rule(name, _KNOWN[kind], _DOCUMENTED[kind], aws),
            _ids_rule(name, kind),
            next_token,
            dry_run_rule(name, aws),
        ),
        effect=_effect(kind),
    )


DESCRIBE_ROUTE_TABLES: Final = _operation(
    "describe-route-tables", "DescribeRouteTables", ROUTE_TABLE, DescribeRouteTablesRequest, 100
)
DESCRIBE_NETWORK_ACLS: Final = _operation(
    "describe-network-acls", "DescribeNetworkAcls", NETWORK_ACL, DescribeNetworkAclsRequest, 1000
)
DESCRIBE_SECURITY_GROUPS: Final = _operation(
    "describe-security-groups", "DescribeSecurityGroups", SECURITY_GROUP, DescribeSecurityGroupsRequest, 1000
)

def describe_route_tables(
    world: World, *, caller: str, region: str, ids: Sequence[str] = (), filters: Sequence[Any] = ()
) -> Page:
    """EC2 DescribeRouteTables: a :class:`Page` of :class:`Tagged` :class:`DefaultResource`.

    >>> from route53_assoc import create_vpc
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> page = describe_route_tables(w, caller="111111111111", region="us-east-1",
    ...     filters=[("association.main", ("true",)), ("vpc-id", (vpc.id,))])
    >>> [t.item.id for t in page.items] == [vpc.defaults.route_table_id]
    True
    """
    request = DescribeRouteTablesRequest(caller=caller, region=region, ids=as_members(ids), filters=as_members(filters))
    return DESCRIBE_ROUTE_TABLES.run(require_world(world), request)[1]


def describe_network_acls(
    world: World, *, caller: str, region: str, ids: Sequence[str] = (), filters: Sequence[Any] = ()
) -> Page:
    """EC2 DescribeNetworkAcls (the default ACL of each of the caller's VPCs)."""
    request = DescribeNetworkAclsRequest(caller=caller, region=region, ids=as_members(ids), filters=as_members(filters))
    return DESCRIBE_NETWORK_ACLS.run(require_world(world), request)[1]


def describe_security_groups(
    world: World, *, caller: str, region: str, ids: Sequence[str] = (), filters: Sequence[Any] = ()
) -> Page:
    """EC2 DescribeSecurityGroups (the default group of each of the caller's VPCs)."""
    request = DescribeSecurityGroupsRequest(caller=caller, region=region, ids=as_members(ids), filters=as_members(filters))
    return DESCRIBE_SECURITY_GROUPS.run(require_world(world), request)[1]

"""Reads: GetHostedZone, ListHostedZonesByVPC, GetHostedZoneLimit, GetChange (spec §6).

Reads never change the world; their tables check the same way as the writes, so
``explain`` shows why a read is refused.
"""

from __future__ import annotations

import attrs

from ._authorizations import decode_token, page_size, paginate
from ._common import (
    DOCUMENTED,
    INFERRED,
    OBSERVED,
    Members,
    caller_owns_zone_rule,
    expect,
    id_length_outcomes,
    refuses,
    rule,
    zone_exists_rule,
    zone_input_rule,
)
from ._records import record_count
from ._rules import Operation
from ._show import shown
from ._values import (
    ChangeInfo,
    HostedZone,
    normalize_account_id,
    normalize_change_id,
    normalize_hosted_zone_id,
    normalize_region,
    normalize_vpc_id,
    optional_comment,
    require_str,
)
from ._world import World, require_world
from .errors import (
    AccessDenied,
    HostedZoneNotPrivate,
    InvalidInput,
    InvalidPaginationToken,
    NoSuchChange,
)

__all__ = [
    "GET_CHANGE",
    "GET_HOSTED_ZONE",
    "GET_HOSTED_ZONE_LIMIT",
    "LIST_HOSTED_ZONES_BY_VPC",
    "GetChangeRequest",
    "GetHostedZoneLimitRequest",
    "GetHostedZoneRequest",
    "HostedZoneLimit",
    "ListHostedZonesByVpcRequest",
    "ZoneSummary",
    "ZonesByVpcPage",
    "get_change",
    "get_hosted_zone",
    "get_hosted_zone_limit",
    "list_hosted_zones_by_vpc",
]


# -- GetHostedZone ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GetHostedZoneRequest:
    """A GetHostedZone request, by the zone's owner."""

    caller: str
    hosted_zone_id: str


_get_input = zone_input_rule("get-hosted-zone", GetHostedZoneRequest)


_get_exists = zone_exists_rule("get-hosted-zone", "Spec §6, message as §3.2 (observed).")

_get_owner = caller_owns_zone_rule(
    "get-hosted-zone",
    "Only the zone's owner may read it; it then sees the VPCs of every account.",
    "read",
    "Spec §6: cross-account reads are AccessDenied (inferred).",
)

GET_HOSTED_ZONE: Operation[GetHostedZoneRequest, GetHostedZoneRequest, HostedZone] = Operation(
    name="get-hosted-zone",
    aws_name="GetHostedZone",
    summary="Read a zone and, for a private zone, all its VPCs.",
    request_type=GetHostedZoneRequest,
    rules=(_get_input, _get_exists, _get_owner),
    effect=lambda world, r: (world, world.zones[r.hosted_zone_id]),
)


def get_hosted_zone(world: World, *, caller: str, hosted_zone_id: str) -> HostedZone:
    """GetHostedZone: the zone, with the VPCs of every account (owner only).

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> get_hosted_zone(w, caller="111111111111", hosted_zone_id=zone_id).vpcs == ((vpc.id, "us-east-1"),)
    True
    """
    return GET_HOSTED_ZONE.run(require_world(world), GetHostedZoneRequest(caller=caller, hosted_zone_id=hosted_zone_id))[1]


# -- ListHostedZonesByVPC --------------------------------------------------------


@attrs.frozen(kw_only=True)
class ListHostedZonesByVpcRequest:
    """A ListHostedZonesByVPC request, by the VPC's owner."""

    caller: str
    vpc_id: str
    vpc_region: str
    max_items: int | str | None = None
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class ZoneSummary:
    """One zone in a ListHostedZonesByVPC page: bare id, name, and its owner."""

    hosted_zone_id: str
    name: str
    owning_account: str | None = None
    owning_service: str | None = None


@attrs.frozen(kw_only=True)
class ZonesByVpcPage:
    """A page of zones associated with a VPC, with MaxItems echoed."""

    zones: tuple[ZoneSummary, ...]
    max_items: int
    next_token: str | None = None


DEFAULT_MAX_ITEMS = 100


@rule(
    "list-hosted-zones-by-vpc.input",
    "VPCId and VPCRegion are present and valid; MaxItems, when given, is a whole number "
    "from 1 up; NextToken, when given, is a string.",
    (InvalidInput,),
    INFERRED,
    "Spec §2 and §6.",
)
def _lbv_input(world: World, request: object) -> ListHostedZonesByVpcRequest:
    request = expect(request, ListHostedZonesByVpcRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    vpc_id = m.take(lambda: normalize_vpc_id(request.vpc_id, "VPCId"))
    region = m.take(lambda: normalize_region(request.vpc_region, "VPCRegion"))
    size = m.take(lambda: page_size(request.max_items, "MaxItems", DEFAULT_MAX_ITEMS))
    # An empty NextToken is no token AWS handed out: InvalidPaginationToken, not bad input.
    token = m.take(lambda: optional_comment(request.next_token, "NextToken", None))
    m.done()
    return ListHostedZonesByVpcRequest(
        caller=caller, vpc_id=vpc_id, vpc_region=region, max_items=size, next_token=token
    )


@rule(
    "list-hosted-zones-by-vpc.caller-owns-vpc",
    "The VPC exists, in that region, and belongs to the caller; a deleted VPC is no longer anyone's.",
    (AccessDenied,),
    OBSERVED,
    "Spec §6 and §8: AccessDenied with a message containing 'is not owned by you' "
    "(observed substring; how Terraform sees a deleted VPC disappear).",
    refuses(
        AccessDenied,
        OBSERVED,
        INFERRED,
        note="the message contains the observed 'is not owned by you'; the rest of it is ours",
    ),
)
def _lbv_owner(world: World, r: ListHostedZonesByVpcRequest) -> str:
    vpc = world.vpcs.get(r.vpc_id)
    if vpc is None or vpc.region != r.vpc_region or vpc.owner != r.caller:
        raise AccessDenied(
            f"The VPC {r.vpc_id} in region {r.vpc_region} is not owned by you.",
            vpc_id=r.vpc_id,
            vpc_region=r.vpc_region,
            account=r.caller,
        )
    return f"account {r.caller} owns VPC {vpc.id}"


@rule(
    "list-hosted-zones-by-vpc.token-valid",
    "A NextToken is one that a previous page of this VPC's listing handed out.",
    (InvalidPaginationToken,),
    DOCUMENTED,
    "ListHostedZonesByVPC's documented errors include InvalidPaginationToken.",
    refuses(InvalidPaginationToken, DOCUMENTED, INFERRED, note="the spec gives no message: ours"),
)
def _lbv_token(world: World, r: ListHostedZonesByVpcRequest) -> str:
    if r.next_token is None:
        return "no NextToken: the listing starts at the beginning"
    parts = decode_token(r.next_token, 3)
    if parts is None or parts[0] != r.vpc_id:
        raise InvalidPaginationToken(
            f"The pagination token {shown(r.next_token)} is not valid for VPC {r.vpc_id}.", vpc_id=r.vpc_id
        )
    return "the NextToken continues this VPC's listing"


def _lbv_effect(world: World, r: ListHostedZonesByVpcRequest) -> tuple[World, ZonesByVpcPage]:
    assert isinstance(r.max_items, int)
    keys = sorted(world.zones_of_vpc(r.vpc_id).items())
    page, token = paginate(keys, r.vpc_id, r.max_items, r.next_token)
    summaries = []
    for name, zone_id in page:
        zone = world.zones[zone_id]
        summaries.append(
            ZoneSummary(
                hosted_zone_id=zone.id,
                name=name,
                owning_account=zone.owner,
                owning_service=zone.owning_service,
            )
        )
    return world, ZonesByVpcPage(zones=tuple(summaries), max_items=r.max_items, next_token=token)


LIST_HOSTED_ZONES_BY_VPC: Operation[
    ListHostedZonesByVpcRequest, ListHostedZonesByVpcRequest, ZonesByVpcPage
] = Operation(
    name="list-hosted-zones-by-vpc",
    aws_name="ListHostedZonesByVPC",
    summary="List every private zone associated with the caller's VPC, whatever its owner.",
    request_type=ListHostedZonesByVpcRequest,
    rules=(_lbv_input, _lbv_owner, _lbv_token),
    effect=_lbv_effect,
)


def list_hosted_zones_by_vpc(
    world: World,
    *,
    caller: str,
    vpc_id: str,
    vpc_region: str,
    max_items: int | str | None = None,
    next_token: str | None = None,
) -> ZonesByVpcPage:
    """ListHostedZonesByVPC: the zones of the caller's VPC, 100 a page by default.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> page = list_hosted_zones_by_vpc(w, caller="111111111111", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> [(z.name, z.owning_account) for z in page.zones], page.max_items
    ([('corp.example.', '111111111111')], 100)
    """
    request = ListHostedZonesByVpcRequest(
        caller=caller, vpc_id=vpc_id, vpc_region=vpc_region, max_items=max_items, next_token=next_token
    )
    return LIST_HOSTED_ZONES_BY_VPC.run(require_world(world), request)[1]


# -- GetHostedZoneLimit ------------------------------------------------------------

VPC_LIMIT_TYPE = "MAX_VPCS_ASSOCIATED_BY_ZONE"
RRSETS_LIMIT_TYPE = "MAX_RRSETS_BY_ZONE"


@attrs.frozen(kw_only=True)
class GetHostedZoneLimitRequest:
    """A GetHostedZoneLimit request for ``MAX_VPCS_ASSOCIATED_BY_ZONE``."""

    caller: str
    hosted_zone_id: str
    type: str = VPC_LIMIT_TYPE


@attrs.frozen(kw_only=True)
class HostedZoneLimit:
    """The zone's limit of a type, and how much of it is used."""

    type: str
    value: int
    count: int


@rule(
    "get-hosted-zone-limit.input",
    "The zone id is at most 32 characters and the type MAX_VPCS_ASSOCIATED_BY_ZONE or "
    "MAX_RRSETS_BY_ZONE (the types this model knows).",
    (InvalidInput,),
    INFERRED,
    "Spec §6; MAX_RRSETS_BY_ZONE: spec §S2.4 REC-QUOTA (documented limit type).",
    *id_length_outcomes(),
)
def _limit_input(world: World, request: object) -> GetHostedZoneLimitRequest:
    request = expect(request, GetHostedZoneLimitRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id, "HostedZoneId"))
    kind = m.take(lambda: require_str(request.type, "Type"))
    if kind is not None and kind not in (VPC_LIMIT_TYPE, RRSETS_LIMIT_TYPE):
        m.problem(
            f"Type {shown(kind)} is not modelled; route53-assoc knows only {VPC_LIMIT_TYPE} and {RRSETS_LIMIT_TYPE}"
        )
    m.done()
    return GetHostedZoneLimitRequest(caller=caller, hosted_zone_id=zone_id, type=kind)


_limit_exists = zone_exists_rule("get-hosted-zone-limit", "Spec §6, message as §3.2 (observed).")

_limit_owner = caller_owns_zone_rule(
    "get-hosted-zone-limit",
    "Only the zone's owner may read its limits.",
    "read the limits of",
    "As GetHostedZone (inferred).",
)


@rule(
    "get-hosted-zone-limit.zone-private",
    "MAX_VPCS_ASSOCIATED_BY_ZONE applies to private zones only.",
    (HostedZoneNotPrivate,),
    DOCUMENTED,
    "Spec §6: HostedZoneNotPrivate for a public zone (documented error; message inferred).",
    refuses(HostedZoneNotPrivate, DOCUMENTED, INFERRED),
)
def _limit_private(world: World, r: GetHostedZoneLimitRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    if r.type == RRSETS_LIMIT_TYPE:
        return f"{RRSETS_LIMIT_TYPE} applies to public and private zones"
    if not zone.private:
        raise HostedZoneNotPrivate(
            f"The hosted zone {zone.id} is a public hosted zone; {VPC_LIMIT_TYPE} applies only to "
            "private hosted zones.",
            hosted_zone_id=zone.id,
        )
    return f"hosted zone {zone.id} is private"


def _limit_effect(world: World, r: GetHostedZoneLimitRequest) -> tuple[World, HostedZoneLimit]:
    zone = world.zones[r.hosted_zone_id]
    if r.type == RRSETS_LIMIT_TYPE:
        return world, HostedZoneLimit(
            type=RRSETS_LIMIT_TYPE, value=world.quotas.rrsets_per_zone, count=record_count(world, zone)
        )
    return world, HostedZoneLimit(
        type=VPC_LIMIT_TYPE, value=world.vpc_limit(zone), count=len(zone.associations)
    )


GET_HOSTED_ZONE_LIMIT: Operation[GetHostedZoneLimitRequest, GetHostedZoneLimitRequest, HostedZoneLimit] = (
    Operation(
        name="get-hosted-zone-limit",
        aws_name="GetHostedZoneLimit",
        summary="A zone's limit of VPCs (private zones) or record sets, and how much of it is used.",
        request_type=GetHostedZoneLimitRequest,
        rules=(_limit_input, _limit_exists, _limit_owner, _limit_private),
        effect=_limit_effect,
    )
)


def get_hosted_zone_limit(
    world: World, *, caller: str, hosted_zone_id: str, type: str = VPC_LIMIT_TYPE
) -> HostedZoneLimit:
    """GetHostedZoneLimit for MAX_VPCS_ASSOCIATED_BY_ZONE; a per-zone override is honoured.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> get_hosted_zone_limit(w, caller="111111111111", hosted_zone_id=zone_id)
    HostedZoneLimit(type='MAX_VPCS_ASSOCIATED_BY_ZONE', value=300, count=1)
    >>> get_hosted_zone_limit(w, caller="111111111111", hosted_zone_id=zone_id, type="MAX_RRSETS_BY_ZONE")
    HostedZoneLimit(type='MAX_RRSETS_BY_ZONE', value=10000, count=2)
    """
    request = GetHostedZoneLimitRequest(caller=caller, hosted_zone_id=hosted_zone_id, type=type)
    return GET_HOSTED_ZONE_LIMIT.run(require_world(world), request)[1]


# -- GetChange -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GetChangeRequest:
    """A GetChange request; ``/change/`` is accepted."""

    caller: str
    change_id: str


@rule(
    "get-change.input",
    "The change id is present and at most 32 characters.",
    (InvalidInput,),
    INFERRED,
    "Spec §2.",
)
def _change_input(world: World, request: object) -> GetChangeRequest:
    request = expect(request, GetChangeRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    change_id = m.take(lambda: normalize_change_id(request.change_id, "Id"))
    m.done()
    return GetChangeRequest(caller=caller, change_id=change_id)


@rule(
    "get-change.exists",
    "A change has that id.",
    (NoSuchChange,),
    OBSERVED,
    "Spec §6: 'Could not find resource with ID: {id}' (observed).",
)
def _change_exists(world: World, r: GetChangeRequest) -> str:
    if r.change_id not in world.changes:
        raise NoSuchChange(change_id=r.change_id)
    return f"change {r.change_id} exists"


@rule(
    "get-change.caller-owns-zone",
    "Only the account that owns the changed zone may read the change; the VPC's owner "
    "of a cross-account association may not.",
    (AccessDenied,),
    OBSERVED,
    "Spec §6: the VPC owner gets AccessDenied (observed).",
)
def _change_owner(world: World, r: GetChangeRequest) -> str:
    change = world.changes[r.change_id]
    if change.owner != r.caller:
        raise AccessDenied(
            f"User: {r.caller} is not authorized to access change {change.id}.",
            change_id=change.id,
            hosted_zone_id=change.hosted_zone_id,
            account=r.caller,
        )
    return f"account {r.caller} owns the changed zone"


GET_CHANGE: Operation[GetChangeRequest, GetChangeRequest, ChangeInfo] = Operation(
    name="get-change",
    aws_name="GetChange",
    summary="A change's status by the world's clock: PENDING until propagated, then INSYNC.",
    request_type=GetChangeRequest,
    rules=(_change_input, _change_exists, _change_owner),
    effect=lambda world, r: (world, world.change_info(world.changes[r.change_id])),
)


def get_change(world: World, *, caller: str, change_id: str) -> ChangeInfo:
    """GetChange: ``INSYNC`` once the world's propagation delay has passed.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> get_change(w, caller="111111111111", change_id=made.change.id).status.value
    'INSYNC'
    """
    return GET_CHANGE.run(require_world(world), GetChangeRequest(caller=caller, change_id=change_id))[1]

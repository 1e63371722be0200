"""The EC2 side and the world's own facts: accounts, VPCs, the clock, quota overrides.

These are not Route 53 operations, but the association rules read their results, so
they are pure operations with rule tables like the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from ._common import DOCUMENTED, INFERRED, Members, expect, rule
from ._ids import vpc_id as new_vpc_id
from ._partitions import PARTITIONS, partition_of
from ._rules import Operation
from ._values import (
    VPC,
    HostedZone,
    is_well_formed_vpc_id,
    normalize_account_id,
    normalize_hosted_zone_id,
    normalize_region,
    require_str,
)
from ._world import World
from .errors import AccessDenied, InvalidInput, InvalidVPCId, NoSuchHostedZone

__all__ = [
    "ADD_ACCOUNT",
    "ADVANCE",
    "CREATE_VPC",
    "DELETE_VPC",
    "SET_ZONE_VPC_LIMIT",
    "AddAccountRequest",
    "AdvanceRequest",
    "CreateVpcRequest",
    "DeleteVpcRequest",
    "SetZoneVpcLimitRequest",
    "add_account",
    "advance",
    "create_vpc",
    "delete_vpc",
    "set_zone_vpc_limit",
]


def _partition_conflict(world: World, account: str, partition: str) -> str:
    known = world.accounts.get(account)
    if known is not None and known != partition:
        raise InvalidInput(
            f"account {account} belongs to partition {known}; an account lives in "
            f"exactly one partition, so it cannot act in {partition}",
            account=account,
        )
    if known is None:
        return f"account {account} is new; it joins partition {partition}"
    return f"account {account} belongs to partition {partition}"


# -- add_account -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AddAccountRequest:
    """Make an account known in a partition (accounts never seen are in ``aws``)."""

    account: str
    partition: str = "aws"


@rule(
    "add-account.input",
    "The account is a 12-digit id and the partition one of the eight.",
    (InvalidInput,),
    INFERRED,
    "Spec §1: every account belongs to exactly one partition.",
)
def _account_input(world: World, request: object) -> AddAccountRequest:
    request = expect(request, AddAccountRequest)
    m = Members()
    account = m.take(lambda: normalize_account_id(request.account))
    partition = m.take(lambda: _partition_name(request.partition))
    m.done()
    return AddAccountRequest(account=account, partition=partition)


def _partition_name(value: object) -> str:
    text = require_str(value, "partition")
    if text not in PARTITIONS:
        raise InvalidInput(f"partition must be one of {', '.join(PARTITIONS)}, not {text!r}")
    return text


@rule(
    "add-account.one-partition",
    "An account already known stays in its partition.",
    (InvalidInput,),
    DOCUMENTED,
    "Spec §1: each account belongs to exactly one partition.",
)
def _account_one_partition(world: World, r: AddAccountRequest) -> str:
    return _partition_conflict(world, r.account, r.partition)


ADD_ACCOUNT: Operation[AddAccountRequest, AddAccountRequest, str] = Operation(
    name="add-account",
    aws_name="(world fact)",
    summary="Make an account known in a partition.",
    request_type=AddAccountRequest,
    rules=(_account_input, _account_one_partition),
    effect=lambda world, r: (world.with_account(r.account, r.partition), r.account),
)


def add_account(world: World, *, account: str, partition: str = "aws") -> World:
    """Return a world in which *account* belongs to *partition*.

    >>> w = add_account(World.empty(), account="222222222222", partition="aws-cn")
    >>> w.partition_of_account("222222222222")
    'aws-cn'
    """
    world, _ = ADD_ACCOUNT.run(world, AddAccountRequest(account=account, partition=partition))
    return world


# -- create_vpc --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CreateVpcRequest:
    """EC2 CreateVpc: a VPC owned by *owner* in *region*; the id is generated unless given."""

    owner: str
    region: str
    vpc_id: str | None = None


@rule(
    "create-vpc.input",
    "The owner is a 12-digit account id, the region a VPCRegion value, and a given "
    "VPC id is 'vpc-' and 8 or 17 lowercase hex digits.",
    (InvalidInput,),
    INFERRED,
    "Spec §1: VPC ids are 'vpc-' + 8 or 17 lowercase hex (EC2's fact).",
)
def _vpc_input(world: World, request: object) -> CreateVpcRequest:
    request = expect(request, CreateVpcRequest)
    m = Members()
    owner = m.take(lambda: normalize_account_id(request.owner, "owner"))
    region = m.take(lambda: normalize_region(request.region, "region"))
    vpc_id = request.vpc_id
    if vpc_id is not None and (not isinstance(vpc_id, str) or not is_well_formed_vpc_id(vpc_id)):
        m.problem(f"vpc_id must be 'vpc-' and 8 or 17 lowercase hex digits, not {vpc_id!r}")
    m.done()
    return CreateVpcRequest(owner=owner, region=region, vpc_id=vpc_id)


@rule(
    "create-vpc.owner-partition",
    "The VPC's region lies in its owner's partition.",
    (InvalidInput,),
    DOCUMENTED,
    "Spec §1: a VPC's region must lie in its owner's partition.",
)
def _vpc_owner_partition(world: World, r: CreateVpcRequest) -> str:
    return _partition_conflict(world, r.owner, partition_of(r.region))


@rule(
    "create-vpc.id-unused",
    "A given VPC id is not used by any VPC, present or deleted.",
    (InvalidInput,),
    INFERRED,
    "Spec §1: VPC ids are unique.",
)
def _vpc_id_unused(world: World, r: CreateVpcRequest) -> str:
    if r.vpc_id is None:
        return "the id will be generated"
    if r.vpc_id in world.vpcs or r.vpc_id in world.deleted_vpcs or r.vpc_id in world.vpc_names:
        raise InvalidInput(f"VPC id {r.vpc_id} is already in use; VPC ids are unique", vpc_id=r.vpc_id)
    return f"VPC id {r.vpc_id} is unused"


def _vpc_effect(world: World, r: CreateVpcRequest) -> tuple[World, VPC]:
    vpc_id = r.vpc_id
    while vpc_id is None or vpc_id in world.vpcs or vpc_id in world.deleted_vpcs or vpc_id in world.vpc_names:
        world, number = world.next_sequence()
        vpc_id = new_vpc_id(number)
    vpc = VPC(id=vpc_id, region=r.region, owner=r.owner)
    world = world.with_account(r.owner, partition_of(r.region))
    return attrs.evolve(world, vpcs=world.vpcs.set(vpc.id, vpc)), vpc


CREATE_VPC: Operation[CreateVpcRequest, CreateVpcRequest, VPC] = Operation(
    name="create-vpc",
    aws_name="CreateVpc (EC2)",
    summary="Create a VPC owned by an account in a region.",
    request_type=CreateVpcRequest,
    rules=(_vpc_input, _vpc_owner_partition, _vpc_id_unused),
    effect=_vpc_effect,
)


def create_vpc(world: World, *, owner: str, region: str, vpc_id: str | None = None) -> tuple[World, VPC]:
    """EC2 CreateVpc: return the new world and the VPC.

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="cn-north-1")
    >>> vpc.partition.name, w.partition_of_account("111111111111")
    ('aws-cn', 'aws-cn')
    """
    return CREATE_VPC.run(world, CreateVpcRequest(owner=owner, region=region, vpc_id=vpc_id))


# -- delete_vpc --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeleteVpcRequest:
    """EC2 DeleteVpc, by the VPC's owner.  Associations are not removed (spec §8)."""

    caller: str
    vpc_id: str


@rule(
    "delete-vpc.input",
    "The caller is a 12-digit account id and the VPC id a string.",
    (InvalidInput,),
    INFERRED,
    "Spec §2.",
)
def _delete_vpc_input(world: World, request: object) -> DeleteVpcRequest:
    request = expect(request, DeleteVpcRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    vpc_id = m.take(lambda: require_str(request.vpc_id, "VpcId"))
    m.done()
    return DeleteVpcRequest(caller=caller, vpc_id=vpc_id)


@rule(
    "delete-vpc.exists",
    "The VPC exists.",
    (InvalidVPCId,),
    INFERRED,
    "EC2 answers InvalidVpcID.NotFound; the model uses InvalidVPCId.",
)
def _delete_vpc_exists(world: World, r: DeleteVpcRequest) -> str:
    vpc = world.vpcs.get(r.vpc_id)
    if vpc is None:
        raise InvalidVPCId(vpc_id=r.vpc_id)
    return f"VPC {vpc.id} exists in {vpc.region}"


@rule(
    "delete-vpc.caller-owns",
    "Only the VPC's owner may delete it.",
    (AccessDenied,),
    INFERRED,
    "EC2's rule; the model answers AccessDenied.",
)
def _delete_vpc_owner(world: World, r: DeleteVpcRequest) -> str:
    vpc = world.vpcs[r.vpc_id]
    if vpc.owner != r.caller:
        raise AccessDenied(
            f"User: {r.caller} is not authorized to delete VPC {vpc.id}: it is owned by {vpc.owner}.",
            vpc_id=vpc.id,
            account=r.caller,
        )
    return f"account {r.caller} owns VPC {vpc.id}"


def _delete_vpc_effect(world: World, r: DeleteVpcRequest) -> tuple[World, VPC]:
    vpc = world.vpcs[r.vpc_id]
    world = attrs.evolve(
        world, vpcs=world.vpcs.delete(vpc.id), deleted_vpcs=world.deleted_vpcs.set(vpc.id, vpc)
    )
    return world, vpc


DELETE_VPC: Operation[DeleteVpcRequest, DeleteVpcRequest, VPC] = Operation(
    name="delete-vpc",
    aws_name="DeleteVpc (EC2)",
    summary="Delete a VPC; its zone associations stay listed (spec §8).",
    request_type=DeleteVpcRequest,
    rules=(_delete_vpc_input, _delete_vpc_exists, _delete_vpc_owner),
    effect=_delete_vpc_effect,
)


def delete_vpc(world: World, *, caller: str, vpc_id: str) -> tuple[World, VPC]:
    """EC2 DeleteVpc: return the new world and the deleted VPC.

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, gone = delete_vpc(w, caller="111111111111", vpc_id=vpc.id)
    >>> vpc.id in w.vpcs
    False
    """
    return DELETE_VPC.run(world, DeleteVpcRequest(caller=caller, vpc_id=vpc_id))


# -- advance -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AdvanceRequest:
    """Move the world's clock forward by *seconds*."""

    seconds: float


@rule(
    "advance.input",
    "Seconds is a finite, non-negative number: time only moves forward.",
    (InvalidInput,),
    INFERRED,
    "Spec §7: advancing time is an explicit operation.",
)
def _advance_input(world: World, request: object) -> AdvanceRequest:
    request = expect(request, AdvanceRequest)
    seconds = request.seconds
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise InvalidInput(f"seconds must be a number, not {seconds!r}")
    if not (0 <= seconds < 1e12):
        raise InvalidInput(f"seconds must be finite and not negative, got {seconds!r}")
    return AdvanceRequest(seconds=seconds)


def _advance_effect(world: World, r: AdvanceRequest) -> tuple[World, datetime]:
    world = world.advanced(timedelta(seconds=r.seconds))
    return world, world.now


ADVANCE: Operation[AdvanceRequest, AdvanceRequest, datetime] = Operation(
    name="advance",
    aws_name="(clock)",
    summary="Move the world's clock forward.",
    request_type=AdvanceRequest,
    rules=(_advance_input,),
    effect=_advance_effect,
)


def advance(world: World, *, seconds: float) -> World:
    """Return the world *seconds* later.

    >>> advance(World.empty(), seconds=90).now.isoformat()
    '2026-01-01T00:01:30+00:00'
    """
    world, _ = ADVANCE.run(world, AdvanceRequest(seconds=seconds))
    return world


# -- set_zone_vpc_limit ------------------------------------------------------


@attrs.frozen(kw_only=True)
class SetZoneVpcLimitRequest:
    """Raise or lower one zone's VPC quota, as an AWS support request would."""

    hosted_zone_id: str
    limit: int | None


@rule(
    "set-zone-limit.input",
    "The zone id is well-formed and the limit a non-negative whole number (or None for the default).",
    (InvalidInput,),
    INFERRED,
    "Spec §3.8: the VPCs-per-zone quota is adjustable per zone.",
)
def _limit_input(world: World, request: object) -> SetZoneVpcLimitRequest:
    request = expect(request, SetZoneVpcLimitRequest)
    m = Members()
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    limit = request.limit
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        m.problem(f"limit must be a non-negative whole number or None, not {limit!r}")
    m.done()
    return SetZoneVpcLimitRequest(hosted_zone_id=zone_id, limit=limit)


@rule(
    "set-zone-limit.zone-exists",
    "The hosted zone exists.",
    (NoSuchHostedZone,),
    INFERRED,
    "A world fact; no caller is involved.",
)
def _limit_zone(world: World, r: SetZoneVpcLimitRequest) -> str:
    if r.hosted_zone_id not in world.zones:
        raise NoSuchHostedZone(hosted_zone_id=r.hosted_zone_id)
    return f"hosted zone {r.hosted_zone_id} exists"


def _limit_effect(world: World, r: SetZoneVpcLimitRequest) -> tuple[World, HostedZone]:
    zone = attrs.evolve(world.zones[r.hosted_zone_id], vpc_limit=r.limit)
    return world.with_zone(zone), zone


SET_ZONE_VPC_LIMIT: Operation[SetZoneVpcLimitRequest, SetZoneVpcLimitRequest, HostedZone] = Operation(
    name="set-zone-limit",
    aws_name="(quota increase)",
    summary="Override one zone's VPCs-per-zone quota.",
    request_type=SetZoneVpcLimitRequest,
    rules=(_limit_input, _limit_zone),
    effect=_limit_effect,
)


def set_zone_vpc_limit(world: World, *, hosted_zone_id: str, limit: int | None) -> World:
    """Return a world where the zone may have *limit* VPCs (``None``: the default)."""
    world, _ = SET_ZONE_VPC_LIMIT.run(
        world, SetZoneVpcLimitRequest(hosted_zone_id=hosted_zone_id, limit=limit)
    )
    return world

"""The strategies behind :mod:`route53_assoc.testing`."""

from __future__ import annotations

from typing import Any, Final

from hypothesis import strategies as st

from .. import _ids
from .._associate import AssociateRequest
from .._authorizations import (
    AuthorizationRequest,
    DeleteAuthorizationRequest,
    ListAuthorizationsRequest,
)
from .._ec2 import (
    AddAccountRequest,
    AdvanceRequest,
    CreateVpcRequest,
    DeleteVpcRequest,
    SetZoneVpcLimitRequest,
)
from .._lifecycle import (
    CreateServiceZoneRequest,
    DeleteHostedZoneRequest,
    DisassociateRequest,
    LinkZoneRequest,
)
from .._partitions import PARTITIONS, REGIONS, Partition, partition_of, regions_of
from .._reads import (
    GetChangeRequest,
    GetHostedZoneLimitRequest,
    GetHostedZoneRequest,
    ListHostedZonesByVpcRequest,
)
from .._registry import apply
from .._values import VPC, Quotas
from .._world import World
from .._zones import CreateHostedZoneRequest
from ..errors import Route53Error

__all__ = [
    "ACCOUNTS",
    "account_ids",
    "hosted_zone_ids",
    "partitions",
    "regions",
    "requests",
    "vpc_ids",
    "vpcs",
    "worlds",
    "zone_names",
]

#: The small pool of accounts: three in ``aws``, one in ``aws-cn``.
ACCOUNTS: Final = {
    "111111111111": "aws",
    "222222222222": "aws",
    "333333333333": "aws",
    "444444444444": "aws-cn",
}
_REGION_POOL: Final = ("us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1")
_NAME_POOL: Final = ("example.com", "corp.example.com", "a.corp.example.com", "internal", "Example.COM.")
#: Values of the wrong type or form, for requests that should be refused.
_JUNK: Final = (None, 0, 3.5, True, b"bytes", ["list"], "", "x" * 40)


def partitions() -> st.SearchStrategy[Partition]:
    """One of the eight partitions."""
    return st.sampled_from(PARTITIONS).map(Partition)


def regions(*, partition: str | None = None) -> st.SearchStrategy[str]:
    """A ``VPCRegion`` value, of *partition* when given."""
    return st.sampled_from(regions_of(partition) if partition else REGIONS)


def account_ids(*, pool: bool = True) -> st.SearchStrategy[str]:
    """A 12-digit account id: from the small pool, or any when ``pool=False``."""
    if pool:
        return st.sampled_from(sorted(ACCOUNTS))
    return st.text("0123456789", min_size=12, max_size=12)


def vpc_ids() -> st.SearchStrategy[str]:
    """A well-formed VPC id (long or short form)."""
    return st.one_of(
        st.integers(1, 50).map(_ids.vpc_id),
        st.text("0123456789abcdef", min_size=8, max_size=8).map(lambda h: f"vpc-{h}"),
    )


def hosted_zone_ids() -> st.SearchStrategy[str]:
    """A well-formed hosted zone id, bare or with ``/hostedzone/``."""
    bare = st.integers(1, 50).map(_ids.zone_id)
    return st.one_of(bare, bare.map(lambda z: f"/hostedzone/{z}"))


def zone_names() -> st.SearchStrategy[str]:
    """A zone name from a small pool of related names, in varied spellings."""
    return st.sampled_from(_NAME_POOL)


def vpcs(*, partition: str | None = None) -> st.SearchStrategy[VPC]:
    """A VPC owned by a pool account, in a region of that account's partition."""

    @st.composite
    def build(draw: st.DrawFn) -> VPC:
        owners = [a for a, p in ACCOUNTS.items() if partition is None or p == partition]
        owner = draw(st.sampled_from(owners or sorted(ACCOUNTS)))
        region = draw(regions(partition=partition or ACCOUNTS[owner]))
        return VPC(id=draw(vpc_ids()), region=region, owner=owner)

    return build()


def _pick(draw: st.DrawFn, real: list[str], fallback: st.SearchStrategy[Any], junk: bool) -> Any:
    """Mostly one of *real*; sometimes *fallback*; now and then (with *junk*) a bad value."""
    roll = draw(st.integers(0, 9))
    if real and roll < 7:
        return draw(st.sampled_from(real))
    if junk and roll == 9:
        return draw(st.sampled_from(_JUNK))
    return draw(fallback)


def requests(world: World, *, invalid: bool = True) -> st.SearchStrategy[object]:
    """A request of any operation, drawing ids from *world* so that most are relevant.

    With ``invalid=True`` some members are of the wrong type or form, to reach
    ``InvalidInput`` and to test that nothing else escapes.
    """
    zone_ids = sorted(world.zones)
    vpc_pairs = sorted((v.id, v.region) for v in world.vpcs.values())
    assoc_pairs = sorted(
        {(vpc, region) for z in world.zones.values() for vpc, region in z.associations.items()}
    )
    all_vpcs = vpc_pairs + assoc_pairs
    references = sorted(ref for _, ref in world.caller_references)

    @st.composite
    def build(draw: st.DrawFn) -> object:
        zone = _pick(draw, zone_ids, hosted_zone_ids(), invalid)
        known_zone = world.zones.get(zone) if isinstance(zone, str) else None
        # Mostly a VPC that makes the request plausible: one of the zone's own, or one
        # of its partition; sometimes any VPC, or one that does not exist.
        choice = draw(st.integers(0, 5))
        own = sorted(known_zone.associations.items()) if known_zone else []
        same_partition = [p for p in vpc_pairs if known_zone and partition_of(p[1]) == known_zone.partition]
        if choice == 0 and own:
            vpc, region = draw(st.sampled_from(own))
        elif choice in (1, 2) and same_partition:
            vpc, region = draw(st.sampled_from(same_partition))
        elif choice == 3 and all_vpcs:
            vpc, region = draw(st.sampled_from(all_vpcs))
            if draw(st.integers(0, 4)) == 0:
                region = draw(regions())
        else:
            vpc = _pick(draw, [], vpc_ids(), invalid)
            region = _pick(draw, [], st.sampled_from(_REGION_POOL), invalid)
        known_vpc = world.vpcs.get(vpc) if isinstance(vpc, str) else None
        who = draw(st.integers(0, 9))
        if who < 4 and known_vpc is not None:
            caller = known_vpc.owner
        elif who < 7 and known_zone is not None and known_zone.owner is not None:
            caller = known_zone.owner
        else:
            caller = _pick(draw, sorted(ACCOUNTS), account_ids(), invalid)
        kind = draw(st.integers(0, 17))
        if kind in (12, 13):
            return DisassociateRequest(
                caller=caller,
                hosted_zone_id=zone,
                vpc_id=vpc,
                vpc_region=region if draw(st.booleans()) else None,
            )
        if kind == 14:
            return DeleteHostedZoneRequest(caller=caller, hosted_zone_id=zone)
        if kind == 15:
            choice = draw(st.integers(0, 1))
            if choice == 0:
                return GetHostedZoneRequest(caller=caller, hosted_zone_id=zone)
            return GetHostedZoneLimitRequest(
                caller=caller,
                hosted_zone_id=zone,
                type=draw(st.sampled_from(["MAX_VPCS_ASSOCIATED_BY_ZONE", "MAX_RRSETS_BY_ZONE"])),
            )
        if kind == 16:
            return ListHostedZonesByVpcRequest(
                caller=caller,
                vpc_id=vpc,
                vpc_region=region,
                max_items=draw(st.one_of(st.none(), st.integers(1, 3), st.sampled_from(["1", "-1"]))),
                next_token=draw(st.none() | st.sampled_from(["bogus", "Zm9v"])),
            )
        if kind == 17:
            changes = sorted(world.changes)
            change = _pick(draw, changes, st.sampled_from(["CNOPE", "/change/CNOPE"]), invalid)
            return GetChangeRequest(caller=caller, change_id=change)
        if kind <= 3:
            mine = sorted(
                (v.id, v.region)
                for v in world.vpcs.values()
                if known_zone is not None
                and v.owner == known_zone.owner
                and v.partition.name == known_zone.partition
                and v.id not in known_zone.associations
            )
            use_mine: bool = draw(st.booleans())
            if mine and use_mine:
                # A same-owner association that passes every check but, maybe, the quota.
                vpc, region = draw(st.sampled_from(mine))
                caller = str(known_zone.owner) if known_zone else caller
            return AssociateRequest(
                caller=caller,
                hosted_zone_id=zone,
                vpc_id=vpc,
                vpc_region=region,
                comment=draw(st.none() | st.just("c")),
            )
        if kind == 4:
            private = draw(st.booleans())
            return CreateHostedZoneRequest(
                caller=caller,
                name=_pick(draw, [], zone_names(), invalid),
                caller_reference=draw(st.sampled_from(["r1", "r2", *references])),
                vpc_id=vpc if private else None,
                vpc_region=region if private else None,
                comment=draw(st.none() | st.just("zone")),
            )
        if kind in (5, 6):
            return AuthorizationRequest(caller=caller, hosted_zone_id=zone, vpc_id=vpc, vpc_region=region)
        if kind == 7:
            return DeleteAuthorizationRequest(
                caller=caller, hosted_zone_id=zone, vpc_id=vpc, vpc_region=region
            )
        if kind == 8:
            return ListAuthorizationsRequest(
                caller=caller,
                hosted_zone_id=zone,
                max_results=draw(st.one_of(st.none(), st.integers(1, 3), st.sampled_from(["2", "x", 0]))),  # type: ignore[arg-type]
                next_token=draw(st.none() | st.sampled_from(["bogus", "", "Zm9v"])),
            )
        if kind == 9:
            owner = caller if draw(st.booleans()) else draw(account_ids())
            region = draw(st.sampled_from(_REGION_POOL)) if draw(st.booleans()) else region
            return CreateVpcRequest(owner=owner, region=region)
        if kind == 10:
            return DeleteVpcRequest(caller=caller, vpc_id=vpc)
        choice = draw(st.integers(0, 4))
        if choice == 3:
            return CreateServiceZoneRequest(
                service=draw(st.sampled_from(["efs.amazonaws.com", "not a service"])),
                name=_pick(draw, [], zone_names(), invalid),
                vpc_id=vpc,
                vpc_region=region,
            )
        if choice == 4:
            return LinkZoneRequest(hosted_zone_id=zone, service="servicediscovery.amazonaws.com")
        if choice == 0:
            return AdvanceRequest(seconds=draw(st.sampled_from([0, 1, 30, 3600, -1, float("nan")])))
        if choice == 1:
            return SetZoneVpcLimitRequest(hosted_zone_id=zone, limit=draw(st.none() | st.integers(0, 3)))
        return AddAccountRequest(account=caller, partition=draw(st.sampled_from([*PARTITIONS, "mars"])))

    return build()


def _seed_world(*, propagation: int, processing: int, quotas: Quotas | None = None) -> World:
    world = World.empty(propagation_seconds=propagation, processing_seconds=processing, quotas=quotas)
    for account, partition in ACCOUNTS.items():
        world = apply(world, AddAccountRequest(account=account, partition=partition))[0]
    return world


def _world_step(draw: st.DrawFn, world: World, invalid: bool) -> object:
    """One step towards a rich world: VPCs, zones, and associations that succeed."""
    private = sorted(z.id for z in world.zones.values() if z.private and z.owner is not None)
    roll = draw(st.integers(0, 9))
    if not world.vpcs or roll == 0:
        # A VPC, often for the owner of an existing zone (so that it can join it).
        use_zone_owner: bool = draw(st.booleans())
        if private and use_zone_owner:
            zone = world.zones[draw(st.sampled_from(private))]
            owner = str(zone.owner)
        else:
            owner = draw(account_ids())
        region = draw(regions(partition=ACCOUNTS[owner]).filter(lambda r: r in _REGION_POOL))
        return CreateVpcRequest(owner=owner, region=region)
    if not world.zones or roll == 1:
        chosen = world.vpcs[draw(st.sampled_from(sorted(world.vpcs)))]
        reference = f"ref-{world.sequence}"
        if draw(st.integers(0, 4)):
            return CreateHostedZoneRequest(
                caller=chosen.owner,
                name=draw(zone_names()),
                caller_reference=reference,
                vpc_id=chosen.id,
                vpc_region=chosen.region,
            )
        return CreateHostedZoneRequest(
            caller=chosen.owner, name=draw(zone_names()), caller_reference=reference
        )
    if private and roll in (2, 3, 4):
        # An association meant to succeed: a VPC of the zone's partition, by its owner;
        # another account's VPC is authorized first.
        zone = world.zones[draw(st.sampled_from(private))]
        candidates = sorted(
            v.id
            for v in world.vpcs.values()
            if v.partition.name == zone.partition and v.id not in zone.associations
        )
        if candidates:
            vpc = world.vpcs[draw(st.sampled_from(candidates))]
            if vpc.owner != zone.owner and (vpc.id, vpc.region) not in world.authorizations_of(zone.id):
                return AuthorizationRequest(
                    caller=str(zone.owner), hosted_zone_id=zone.id, vpc_id=vpc.id, vpc_region=vpc.region
                )
            return AssociateRequest(
                caller=vpc.owner, hosted_zone_id=zone.id, vpc_id=vpc.id, vpc_region=vpc.region
            )
    return draw(requests(world, invalid=invalid))


def worlds(
    *,
    min_steps: int = 0,
    max_steps: int = 20,
    timing: bool = True,
    invalid: bool = False,
    small_quotas: bool = False,
) -> st.SearchStrategy[World]:
    """A world reached from an empty one by random operations (refusals skipped).

    Every generated world is therefore one the library itself can reach.  With
    ``timing=True`` some worlds have a propagation delay and a processing time;
    with ``small_quotas=True`` the quotas are 1 VPC and 1 authorization per zone,
    2 zones per account and 2 VPCs per account per region, so that the quota errors
    are within reach; otherwise EC2's VPC quota is raised to 1000 so that worlds stay rich.
    """

    @st.composite
    def build(draw: st.DrawFn) -> World:
        propagation = draw(st.sampled_from([0, 0, 60])) if timing else 0
        processing = draw(st.sampled_from([0, 0, 30])) if timing else 0
        quotas = (
            Quotas(vpcs_per_zone=1, authorizations_per_zone=1, zones_per_account=2, vpcs_per_region=2)
            if small_quotas
            else Quotas(vpcs_per_region=1000)
        )
        world = _seed_world(propagation=propagation, processing=processing, quotas=quotas)
        steps = draw(st.integers(min_steps, max_steps))
        for _ in range(steps):
            request = _world_step(draw, world, invalid)
            try:
                world = apply(world, request)[0]
            except Route53Error:
                pass
        return world

    return build()

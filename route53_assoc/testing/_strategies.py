"""The strategies behind :mod:`route53_assoc.testing`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

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

T = TypeVar("T")

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
    # Every 12-digit string, drawn as one number rather than twelve characters.
    return st.integers(0, 10**12 - 1).map("{:012d}".format)


def vpc_ids() -> st.SearchStrategy[str]:
    """A well-formed VPC id (long or short form)."""
    return st.one_of(
        st.integers(1, 50).map(_ids.vpc_id),
        # Every short-form id (8 hex digits), drawn as one number rather than eight characters.
        st.integers(0, 16**8 - 1).map("vpc-{:08x}".format),
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


# Strategies drawn at every step are built once: building one (and Hypothesis's
# checks of a new one) costs far more than drawing from it.
_POOL: Final = tuple(sorted(ACCOUNTS))
_POOL_REGIONS: Final = {
    partition: tuple(r for r in regions_of(partition) if r in _REGION_POOL)
    for partition in set(ACCOUNTS.values())
}
_HOSTED_ZONE_IDS: Final = hosted_zone_ids()
_VPC_IDS: Final = vpc_ids()
_ACCOUNT_IDS: Final = account_ids()
_ZONE_NAMES: Final = zone_names()
_REGION_POOL_ST: Final = st.sampled_from(_REGION_POOL)
_CHANGE_IDS: Final = st.sampled_from(("CNOPE", "/change/CNOPE"))
_MAX_ITEMS: Final = st.one_of(st.none(), st.integers(1, 3), st.sampled_from(["1", "-1"]))
_MAX_RESULTS: Final[st.SearchStrategy[Any]] = st.one_of(
    st.none(), st.integers(1, 3), st.sampled_from(["2", "x", 0])
)
_ZONE_TOKENS: Final = st.none() | st.sampled_from(["bogus", "Zm9v"])
_AUTHORIZATION_TOKENS: Final = st.none() | st.sampled_from(["bogus", "", "Zm9v"])
_COMMENTS: Final = st.none() | st.just("c")
_ZONE_COMMENTS: Final = st.none() | st.just("zone")
_LIMITS: Final = st.none() | st.integers(0, 3)


_BOOLEANS: Final = st.booleans()
_UPTO: dict[int, st.SearchStrategy[int]] = {}


def _upto(n: int) -> st.SearchStrategy[int]:
    """``st.integers(0, n)``, kept: even Hypothesis's own strategy cache costs more than a dict."""
    strategy = _UPTO.get(n)
    if strategy is None:
        strategy = _UPTO[n] = st.integers(0, n)
    return strategy


def _choose(draw: st.DrawFn, items: Sequence[T]) -> T:
    """``draw(st.sampled_from(items))`` without building a strategy: an index drawn from a cached one."""
    if len(items) == 1:
        return items[0]
    return items[draw(_upto(len(items) - 1))]


def _pick(draw: st.DrawFn, real: Sequence[Any], fallback: st.SearchStrategy[Any], junk: bool) -> Any:
    """Mostly one of *real*; sometimes *fallback*; now and then (with *junk*) a bad value."""
    roll = draw(_upto(9))
    if real and roll < 7:
        return _choose(draw, real)
    if junk and roll == 9:
        return _choose(draw, _JUNK)
    return draw(fallback)


def requests(world: World, *, invalid: bool = True) -> st.SearchStrategy[object]:
    """A request of any operation, drawing ids from *world* so that most are relevant.

    With ``invalid=True`` some members are of the wrong type or form, to reach
    ``InvalidInput`` and to test that nothing else escapes.
    """
    return _requests(world, invalid)


# Defined once: ``st.composite`` inspects its function's source when it decorates it,
# so a composite built inside ``requests()`` paid that for every call (every world step).
@st.composite
def _requests(draw: st.DrawFn, world: World, invalid: bool) -> object:
    return _draw_request(draw, world, invalid)


def _draw_request(draw: st.DrawFn, world: World, invalid: bool) -> object:
    """The body of :func:`requests`, callable from inside another composite."""
    zone_ids = sorted(world.zones)
    vpc_pairs = sorted((v.id, v.region) for v in world.vpcs.values())
    assoc_pairs = sorted(
        {(vpc, region) for z in world.zones.values() for vpc, region in z.associations.items()}
    )
    all_vpcs = vpc_pairs + assoc_pairs
    references = sorted(ref for _, ref in world.caller_references)

    def build(draw: st.DrawFn) -> object:
        zone = _pick(draw, zone_ids, _HOSTED_ZONE_IDS, invalid)
        known_zone = world.zones.get(zone) if isinstance(zone, str) else None
        # Mostly a VPC that makes the request plausible: one of the zone's own, or one
        # of its partition; sometimes any VPC, or one that does not exist.
        choice = draw(_upto(5))
        own = sorted(known_zone.associations.items()) if known_zone else []
        same_partition = [p for p in vpc_pairs if known_zone and partition_of(p[1]) == known_zone.partition]
        if choice == 0 and own:
            vpc, region = _choose(draw, own)
        elif choice in (1, 2) and same_partition:
            vpc, region = _choose(draw, same_partition)
        elif choice == 3 and all_vpcs:
            vpc, region = _choose(draw, all_vpcs)
            if draw(_upto(4)) == 0:
                region = _choose(draw, REGIONS)
        else:
            vpc = _pick(draw, [], _VPC_IDS, invalid)
            region = _pick(draw, [], _REGION_POOL_ST, invalid)
        known_vpc = world.vpcs.get(vpc) if isinstance(vpc, str) else None
        who = draw(_upto(9))
        if who < 4 and known_vpc is not None:
            caller = known_vpc.owner
        elif who < 7 and known_zone is not None and known_zone.owner is not None:
            caller = known_zone.owner
        else:
            caller = _pick(draw, _POOL, _ACCOUNT_IDS, invalid)
        kind = draw(_upto(17))
        if kind in (12, 13):
            return DisassociateRequest(
                caller=caller,
                hosted_zone_id=zone,
                vpc_id=vpc,
                vpc_region=region if draw(_BOOLEANS) else None,
            )
        if kind == 14:
            return DeleteHostedZoneRequest(caller=caller, hosted_zone_id=zone)
        if kind == 15:
            choice = draw(_upto(1))
            if choice == 0:
                return GetHostedZoneRequest(caller=caller, hosted_zone_id=zone)
            return GetHostedZoneLimitRequest(
                caller=caller,
                hosted_zone_id=zone,
                type=_choose(draw, ("MAX_VPCS_ASSOCIATED_BY_ZONE", "MAX_RRSETS_BY_ZONE")),
            )
        if kind == 16:
            return ListHostedZonesByVpcRequest(
                caller=caller,
                vpc_id=vpc,
                vpc_region=region,
                max_items=draw(_MAX_ITEMS),
                next_token=draw(_ZONE_TOKENS),
            )
        if kind == 17:
            changes = sorted(world.changes)
            change = _pick(draw, changes, _CHANGE_IDS, invalid)
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
            use_mine: bool = draw(_BOOLEANS)
            if mine and use_mine:
                # A same-owner association that passes every check but, maybe, the quota.
                vpc, region = _choose(draw, mine)
                caller = str(known_zone.owner) if known_zone else caller
            elif known_zone is not None and not use_mine and draw(_BOOLEANS):
                # The cross-account case: another account's VPC of the zone's partition,
                # associated by its owner (NotAuthorizedException unless authorized).
                foreign = sorted(
                    (v.id, v.region, v.owner)
                    for v in world.vpcs.values()
                    if v.owner != known_zone.owner
                    and v.partition.name == known_zone.partition
                    and v.id not in known_zone.associations
                )
                if foreign:
                    vpc, region, caller = _choose(draw, foreign)
            return AssociateRequest(
                caller=caller,
                hosted_zone_id=zone,
                vpc_id=vpc,
                vpc_region=region,
                comment=draw(_COMMENTS),
            )
        if kind == 4:
            private = draw(_BOOLEANS)
            return CreateHostedZoneRequest(
                caller=caller,
                name=_pick(draw, [], _ZONE_NAMES, invalid),
                # A fresh reference as often as a used one, so an account can reach its zone quota.
                caller_reference=_choose(draw, ["r1", "r2", *references, *[f"ref-{world.sequence}"] * 3]),
                vpc_id=vpc if private else None,
                vpc_region=region if private else None,
                comment=draw(_ZONE_COMMENTS),
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
                max_results=draw(_MAX_RESULTS),
                next_token=draw(_AUTHORIZATION_TOKENS),
            )
        if kind == 9:
            owner = caller if draw(_BOOLEANS) else _choose(draw, _POOL)
            region = _choose(draw, _REGION_POOL) if draw(_BOOLEANS) else region
            return CreateVpcRequest(owner=owner, region=region)
        if kind == 10:
            return DeleteVpcRequest(caller=caller, vpc_id=vpc)
        choice = draw(_upto(4))
        if choice == 3:
            return CreateServiceZoneRequest(
                service=_choose(draw, ("efs.amazonaws.com", "not a service")),
                name=_pick(draw, [], _ZONE_NAMES, invalid),
                vpc_id=vpc,
                vpc_region=region,
            )
        if choice == 4:
            return LinkZoneRequest(hosted_zone_id=zone, service="servicediscovery.amazonaws.com")
        if choice == 0:
            return AdvanceRequest(seconds=_choose(draw, (0, 1, 30, 3600, -1, float("nan"))))
        if choice == 1:
            return SetZoneVpcLimitRequest(hosted_zone_id=zone, limit=draw(_LIMITS))
        return AddAccountRequest(account=caller, partition=_choose(draw, (*PARTITIONS, "mars")))

    return build(draw)


@functools.lru_cache(maxsize=32)
def _seed_world(*, propagation: int, processing: int, quotas: Quotas | None = None) -> World:
    # Worlds are immutable: the few seed worlds are made once and shared.
    world = World.empty(propagation_seconds=propagation, processing_seconds=processing, quotas=quotas)
    for account, partition in ACCOUNTS.items():
        world = apply(world, AddAccountRequest(account=account, partition=partition))[0]
    return world


def _world_step(draw: st.DrawFn, world: World, invalid: bool) -> object:
    """One step towards a rich world: VPCs, zones, and associations that succeed."""
    private = sorted(z.id for z in world.zones.values() if z.private and z.owner is not None)
    roll = draw(_upto(9))
    if not world.vpcs or roll == 0:
        # A VPC, often for the owner of an existing zone (so that it can join it).
        use_zone_owner: bool = draw(_BOOLEANS)
        if private and use_zone_owner:
            zone = world.zones[_choose(draw, private)]
            owner = str(zone.owner)
        else:
            owner = _choose(draw, _POOL)
        region = _choose(draw, _POOL_REGIONS[ACCOUNTS[owner]])
        return CreateVpcRequest(owner=owner, region=region)
    if not world.zones or roll == 1:
        chosen = world.vpcs[_choose(draw, sorted(world.vpcs))]
        reference = f"ref-{world.sequence}"
        if draw(_upto(4)):
            return CreateHostedZoneRequest(
                caller=chosen.owner,
                name=_choose(draw, _NAME_POOL),
                caller_reference=reference,
                vpc_id=chosen.id,
                vpc_region=chosen.region,
            )
        return CreateHostedZoneRequest(
            caller=chosen.owner, name=_choose(draw, _NAME_POOL), caller_reference=reference
        )
    if private and roll in (2, 3, 4):
        # An association meant to succeed: a VPC of the zone's partition, by its owner;
        # another account's VPC is authorized first.
        zone = world.zones[_choose(draw, private)]
        candidates = sorted(
            v.id
            for v in world.vpcs.values()
            if v.partition.name == zone.partition and v.id not in zone.associations
        )
        if candidates:
            vpc = world.vpcs[_choose(draw, candidates)]
            if vpc.owner != zone.owner and (vpc.id, vpc.region) not in world.authorizations_of(zone.id):
                return AuthorizationRequest(
                    caller=str(zone.owner), hosted_zone_id=zone.id, vpc_id=vpc.id, vpc_region=vpc.region
                )
            return AssociateRequest(
                caller=vpc.owner, hosted_zone_id=zone.id, vpc_id=vpc.id, vpc_region=vpc.region
            )
    return _draw_request(draw, world, invalid)


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

    def build(draw: st.DrawFn) -> World:
        propagation = _choose(draw, (0, 0, 60)) if timing else 0
        processing = _choose(draw, (0, 0, 30)) if timing else 0
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

    return _drawn(build)


# One composite for every call of worlds(): ``st.composite`` reads its function's
# source when it decorates it, which cost more than drawing a small world.
@st.composite
def _drawn(draw: st.DrawFn, build: Callable[[st.DrawFn], T]) -> T:
    return build(draw)

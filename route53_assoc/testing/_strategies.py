"""The strategies behind :mod:`route53_assoc.testing`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from hypothesis import strategies as st

from .. import _ids
from .._associate import AssociateRequest
from .._authorizations import (
    CreateAuthorizationRequest,
    DeleteAuthorizationRequest,
    ListAuthorizationsRequest,
)
from .._ec2 import (
    VPC_ATTRIBUTES,
    AddAccountRequest,
    AdvanceRequest,
    CreateVpcRequest,
    DeleteVpcRequest,
    DescribeVpcAttributeRequest,
    DescribeVpcsRequest,
    ModifyVpcAttributeRequest,
    SetZoneVpcLimitRequest,
)
from .._ec2_tags import CreateTagsRequest, DeleteTagsRequest, DescribeTagsRequest
from .._lifecycle import (
    CreateServiceZoneRequest,
    DeleteHostedZoneRequest,
    DisassociateRequest,
    LinkZoneRequest,
)
from .._listings import (
    GetDnssecRequest,
    GetHostedZoneCountRequest,
    ListHostedZonesByNameRequest,
    ListHostedZonesRequest,
    UpdateHostedZoneCommentRequest,
)
from .._partitions import PARTITIONS, REGIONS, Partition, partition_of, regions_of
from .._reads import (
    GetChangeRequest,
    GetHostedZoneLimitRequest,
    GetHostedZoneRequest,
    ListHostedZonesByVpcRequest,
)
from .._records import (
    ACTIONS,
    UNMODELLED_TYPES,
    ChangeResourceRecordSetsRequest,
    ListResourceRecordSetsRequest,
    RecordChange,
    zone_records,
)
from .._registry import apply
from .._tags import ChangeTagsForResourceRequest, ListTagsForResourceRequest, ListTagsForResourcesRequest
from .._values import VPC, HostedZone, Quotas
from .._vpc_resources import (
    DescribeNetworkAclsRequest,
    DescribeRouteTablesRequest,
    DescribeSecurityGroupsRequest,
)
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
    roll = draw(_upto(19))
    if real and roll < 14:
        return _choose(draw, real)
    if junk and roll == 19:
        return _choose(draw, _JUNK)
    return draw(fallback)


def requests(world: World, *, invalid: bool = True) -> st.SearchStrategy[object]:
    """A request of any operation in ``OPERATIONS``, drawing ids from *world* so that most are relevant.

    Members are mostly valid and plausible — the world's zones, VPCs, default
    resources and record sets, names inside the zone, real filters — so that most
    requests succeed or meet a rule deep in the table; some name what does not
    exist, break a limit, or use what the library does not model (``NotModelled``),
    so that every error code an operation raises is reached.  With
    ``invalid=True`` some members are also of the wrong type or form, to reach
    ``InvalidInput`` and to test that nothing else escapes.

    >>> from hypothesis import find
    >>> from route53_assoc import ChangeResourceRecordSetsRequest, World
    >>> isinstance(find(requests(World.empty()), lambda r: isinstance(r, ChangeResourceRecordSetsRequest)),
    ...            ChangeResourceRecordSetsRequest)
    True
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
        kind = draw(_upto(29))
        if kind in (18, 19):
            # Zones and VPCs are created twice as often as the rest: their quotas are within reach.
            kind = 4 if kind == 18 else 9
        elif kind >= 20:
            # The operations around the rules: record sets, listings, tags, the EC2 surface.
            return _draw_around(draw, world, zone, known_zone, vpc, region, known_vpc, caller, invalid)
        if kind in (5, 6, 15) and known_zone is not None and known_zone.owner is not None and draw(_BOOLEANS):
            # Authorizations and zone reads are the zone owner's: past AccessDenied to the quota and type checks.
            caller = known_zone.owner
        if kind in (12, 13):
            return DisassociateRequest(
                caller=caller,
                hosted_zone_id=zone,
                vpc_id=vpc,
                vpc_region=region if draw(_BOOLEANS) else None,
            )
        if kind == 14:
            filled = sorted(world.records)
            use_filled: bool = draw(_BOOLEANS)
            if filled and use_filled:
                # A zone holding record sets of its own, by its owner (HostedZoneNotEmpty).
                full = world.zones[_choose(draw, filled)]
                zone, caller = full.id, str(full.owner)
            return DeleteHostedZoneRequest(caller=caller, hosted_zone_id=zone)
        if kind == 15:
            choice = draw(_upto(2))
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
            # Now and then a member the library does not model, or a reusable delegation set.
            extra = _choose(draw, _CREATE_ZONE_EXTRAS) if draw(_upto(5)) == 0 else {}
            return CreateHostedZoneRequest(
                caller=caller,
                name=_pick(draw, [], _ZONE_NAMES, invalid),
                # A fresh reference as often as a used one, so an account can reach its zone quota.
                caller_reference=_choose(draw, ["r1", "r2", *references, *[f"ref-{world.sequence}"] * 3]),
                vpc_id=vpc if private else None,
                vpc_region=region if private else None,
                comment=draw(_ZONE_COMMENTS),
                **extra,
            )
        if kind in (5, 6):
            if known_zone is not None and caller == known_zone.owner and draw(_BOOLEANS):
                # Another account's VPC of the zone's partition: what authorizations are for.
                others = [p for p in same_partition if world.vpcs[p[0]].owner != known_zone.owner]
                if others:
                    vpc, region = _choose(draw, others)
            return CreateAuthorizationRequest(caller=caller, hosted_zone_id=zone, vpc_id=vpc, vpc_region=region)
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
            if known_vpc is not None and draw(_BOOLEANS):
                # Beside an existing VPC: its owner's quota in its region is within reach.
                owner, region = known_vpc.owner, known_vpc.region
            else:
                owner = caller if draw(_BOOLEANS) else _choose(draw, _POOL)
                region = _choose(draw, _REGION_POOL) if draw(_BOOLEANS) else region
            return _create_vpc(draw, world, owner, region)
        if kind == 10:
            return DeleteVpcRequest(
                caller=caller,
                vpc_id=_ec2_vpc(draw, vpc),
                region=_ec2_region(draw, region),
                dry_run=_dry_run(draw),
            )
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


# -- the operations around the rules: record sets, listings, tags, the EC2 surface --------

#: CreateHostedZone members beyond the association rules: a tier or fallback the library
#: does not model (NotModelled), a reusable delegation set (none exists: NoSuchDelegationSet,
#: or InvalidInput for a private zone).
_CREATE_ZONE_EXTRAS: Final[tuple[dict[str, Any], ...]] = (
    {"hosted_zone_tier": "ADVANCED"},
    {"enable_public_dns_fallback": True},
    {"delegation_set_id": "N0123456789ABCDEFGHIJ"},
    {"hosted_zone_tier": "STANDARD"},
)
#: Record names are a prefix and the zone's name, so most lie inside the zone.
_RECORD_PREFIXES: Final = ("", "www.", "*.", "a.b.", "WWW.", "mail.")
#: (type, a valid value, a value Route 53 refuses).
_RECORD_VALUES: Final[tuple[tuple[str, str, str], ...]] = (
    ("A", "192.0.2.1", "192.0.2"),
    ("A", "198.51.100.7", "not an address"),
    ("AAAA", "2001:db8::1", "2001:db8::g"),
    ("TXT", '"hello"', '"unterminated'),
    ("CNAME", "target.example.net.", "a..b"),
    ("MX", "10 mail.example.com.", "mail.example.com."),
)
#: Not a CNAME: one at the apex, or beside another type, would be refused.
_STATE_RECORD_VALUES: Final = tuple(v for v in _RECORD_VALUES if v[0] != "CNAME")
_BAD_RECORD_NAMES: Final = ("elsewhere.test.", "a..example.com", "example.org.")
_RECORD_TTLS: Final = (300, 300, 60, 0)
_RECORD_TYPES_FOR_LISTING: Final = (None, None, "A", "NS", "TXT", "BOGUS")
_TAG_KEYS: Final = ("env", "Name", "team")
_TAG_VALUES: Final = ("prod", "dev", "")
#: Tag keys EC2 refuses (InvalidParameterValue).
_BAD_TAG_KEYS: Final = ("aws:reserved", "", "k" * 128)
#: More tags than a resource may hold (TagLimitExceeded): 51 distinct keys.
_TOO_MANY_TAGS: Final = tuple((f"key{i}", "v") for i in range(51))
_EC2_MAX_RESULTS: Final = (None, None, None, None, 5, 1000, 4, 1001)
_EC2_TOKENS: Final = (None, None, None, "bogus")
_MALFORMED_VPC_IDS: Final = ("vpc-XYZ", "vpc-0123", "subnet-0123abcd")
_UNKNOWN_RESOURCES: Final = ("rtb-0000abcd", "acl-0000abcd", "sg-0000abcd", "vpc-0000abcd")
_CIDRS: Final = ("10.1.0.0/24", "172.16.0.0/16", None, None, "10.0.0.0", "10.0.0.0/8", "10.0.0.0/29")
_TENANCIES: Final = ("default", "dedicated", "host")
_UNMODELLED_VPC_MEMBERS: Final = (("Ipv6CidrBlock", "2001:db8::/56"), ("AmazonProvidedIpv6CidrBlock", True))
#: Per EC2 Describe: a filter AWS documents that the library does not model (NotModelled).
_UNMODELLED_FILTERS: Final = {
    "vpcs": ("ipv6-cidr-block-association.ipv6-pool", ("pool-1",)),
    "route-table": ("association.subnet-id", ("subnet-0123abcd",)),
    "network-acl": ("association.subnet-id", ("subnet-0123abcd",)),
    "security-group": ("ip-permission.cidr", ("10.0.0.0/16",)),
    "tags": ("bogus", ("x",)),
}
#: Per EC2 Describe: filters it knows, with plausible values.
_KNOWN_FILTERS: Final = {
    "vpcs": (("state", ("available",)), ("cidr", ("10.0.0.0/16",)), ("is-default", ("false",))),
    "route-table": (("association.main", ("true",)), ("route.origin", ("CreateRouteTable",))),
    "network-acl": (("default", ("true",)), ("entry.egress", ("false",))),
    "security-group": (("group-name", ("default",)), ("description", ("default*",))),
    "tags": (("resource-type", ("vpc", "security-group")), ("value", ("prod", "d*"))),
}


def _dry_run(draw: st.DrawFn) -> bool:
    """Now and then a DryRun (DryRunOperation when every check passes)."""
    return draw(_upto(11)) == 0


def _ec2_vpc(draw: st.DrawFn, vpc: Any) -> Any:
    """Mostly *vpc*; now and then a malformed id (InvalidVpcID.Malformed)."""
    return _choose(draw, _MALFORMED_VPC_IDS) if draw(_upto(9)) == 0 else vpc


def _ec2_region(draw: st.DrawFn, region: Any) -> Any:
    """EC2 calls name their region mostly implicitly (``None``: the VPC's own)."""
    return region if draw(_upto(3)) == 0 else None


def _resources_of(vpc: VPC | None) -> tuple[str, ...]:
    """A VPC's id and its default resources' ids."""
    if vpc is None:
        return ()
    if vpc.defaults is None:
        return (vpc.id,)
    d = vpc.defaults
    return (vpc.id, d.route_table_id, d.network_acl_id, d.security_group_id)


def _tags(draw: st.DrawFn) -> tuple[tuple[str, str], ...]:
    """One or two EC2 tags: mostly good, now and then a reserved key or too many."""
    roll = draw(_upto(11))
    if roll == 0:
        return _TOO_MANY_TAGS
    if roll == 1:
        return ((_choose(draw, _BAD_TAG_KEYS), "v"),)
    tags = [(_choose(draw, _TAG_KEYS), _choose(draw, _TAG_VALUES))]
    if roll == 2:
        tags.append((_choose(draw, _TAG_KEYS), _choose(draw, _TAG_VALUES)))
    return tuple(tags)


def _filters(draw: st.DrawFn, kind: str, vpc: Any, caller: Any) -> tuple[Any, ...]:
    """An EC2 Describe's filters: mostly none or real ones; now and then unknown or unmodelled."""
    roll = draw(_upto(11))
    if roll < 5:
        return ()
    if roll == 5:
        return (("vpc-id", (vpc,)),) if isinstance(vpc, str) else (("vpc-id", ("vpc-*",)),)
    if roll == 6:
        return (("owner-id", (caller,)),) if kind != "tags" else (("resource-id", (vpc,)),)
    if roll == 7:
        return ((f"tag:{_choose(draw, _TAG_KEYS)}", ("prod", "d*")),)
    if roll == 8:
        return (("tag-key", ("env",)),) if kind != "tags" else (("key", ("env", "Name")),)
    if roll == 9:
        return (_choose(draw, _KNOWN_FILTERS[kind]),)
    if roll == 10:
        return (_UNMODELLED_FILTERS[kind],)
    return (_choose(draw, (("no-such-filter", ("x",)), ("vpc-id", ("not-a-vpc",)))),)


def _create_vpc(draw: st.DrawFn, world: World, owner: Any, region: Any) -> CreateVpcRequest:
    """A CreateVpc: mostly plain; sometimes with a CIDR, a tenancy, tags, a DryRun, an id or an unmodelled member."""
    roll = draw(_upto(11))
    if roll < 4:
        return CreateVpcRequest(owner=owner, region=region)
    if roll in (4, 5):
        return CreateVpcRequest(owner=owner, region=region, cidr_block=_choose(draw, _CIDRS))
    if roll == 6:
        return CreateVpcRequest(owner=owner, region=region, instance_tenancy=_choose(draw, _TENANCIES))
    if roll in (7, 8):
        kind = "vpc" if draw(_upto(4)) else "subnet"
        return CreateVpcRequest(owner=owner, region=region, tag_specifications=((kind, _tags(draw)),))
    if roll == 9:
        return CreateVpcRequest(owner=owner, region=region, dry_run=True)
    if roll == 10:
        return CreateVpcRequest(
            owner=owner, region=region, other_members=(_choose(draw, _UNMODELLED_VPC_MEMBERS),)
        )
    # A chosen id: a used one (refused), or a fresh one.
    used = sorted(world.vpcs)
    reuse: bool = draw(_BOOLEANS)
    vpc_id = _choose(draw, used) if used and reuse else f"vpc-{world.sequence + 0xA000:08x}"
    return CreateVpcRequest(owner=owner, region=region, vpc_id=vpc_id)


def _record_change(draw: st.DrawFn, world: World, zone: HostedZone | None, invalid: bool) -> object:
    """One change of a batch: mostly a simple record set inside *zone*."""
    roll = draw(_upto(19))
    if zone is not None and roll < 5:
        # An existing record set, deleted (it matches exactly) or changed.
        record = _choose(draw, list(zone_records(world, zone).values()))
        return RecordChange(
            action=_choose(draw, ACTIONS),
            name=record.name,
            type=record.type,
            ttl=record.ttl,
            values=record.values,
        )
    base = zone.name if zone is not None else _choose(draw, _NAME_POOL)
    name = _choose(draw, _BAD_RECORD_NAMES) if roll == 5 else _choose(draw, _RECORD_PREFIXES) + base
    kind, good, bad = _choose(draw, _RECORD_VALUES)
    value = bad if roll == 6 else good
    ttl: Any = _choose(draw, _RECORD_TTLS)
    action: Any = _choose(draw, ("CREATE", "UPSERT", "UPSERT", "DELETE"))
    if roll == 7:
        ttl = _choose(draw, (None, -1))
    elif roll == 8 and invalid:
        action = _choose(draw, ("BOGUS", None))
    elif roll == 9:
        # Not modelled: a type the library leaves out, or a routing policy.
        if draw(_BOOLEANS):
            return RecordChange(
                action=action, name=name, type=_choose(draw, UNMODELLED_TYPES), ttl=300, values=("x",)
            )
        return {
            "Action": action,
            "ResourceRecordSet": {
                "Name": name,
                "Type": kind,
                "SetIdentifier": "one",
                "Weight": 10,
                "TTL": ttl,
                "ResourceRecords": [{"Value": value}],
            },
        }
    elif roll == 10:
        # botocore's shape, as the AWS face passes it.
        return {
            "Action": action,
            "ResourceRecordSet": {
                "Name": name,
                "Type": kind,
                "TTL": ttl,
                "ResourceRecords": [{"Value": value}],
            },
        }
    return RecordChange(action=action, name=name, type=kind, ttl=ttl, values=(value,))


def _draw_around(
    draw: st.DrawFn,
    world: World,
    zone: Any,
    known_zone: HostedZone | None,
    vpc: Any,
    region: Any,
    known_vpc: VPC | None,
    caller: Any,
    invalid: bool,
) -> object:
    """A request of an operation around the association rules, mostly plausible in *world*."""
    choice = draw(_upto(14))
    if choice <= 8:
        # Route 53: mostly by the zone's owner.
        if known_zone is not None and known_zone.owner is not None and draw(_upto(3)):
            caller = known_zone.owner
        if choice <= 1:
            count = draw(_upto(5))
            if count == 0 and invalid:
                changes: Any = _choose(draw, ((), None))
            else:
                changes = tuple(
                    _record_change(draw, world, known_zone, invalid) for _ in range(1 + (count == 1))
                )
            return ChangeResourceRecordSetsRequest(
                caller=caller, hosted_zone_id=zone, changes=changes, comment=draw(_COMMENTS)
            )
        if choice == 2:
            roll = draw(_upto(5))
            start: tuple[str | None, str | None] = (None, None)
            if roll >= 3 and known_zone is not None:
                start = (
                    _choose(draw, _RECORD_PREFIXES) + known_zone.name,
                    _choose(draw, _RECORD_TYPES_FOR_LISTING),
                )
            elif roll == 2:
                start = _choose(draw, ((None, "A"), ("a..b", None), ("example.com", "BOGUS")))
            return ListResourceRecordSetsRequest(
                caller=caller,
                hosted_zone_id=zone,
                start_record_name=start[0],
                start_record_type=start[1],
                max_items=draw(_MAX_ITEMS),
            )
        if choice == 3:
            roll = draw(_upto(11))
            return ListHostedZonesRequest(
                caller=caller,
                marker=zone if roll < 3 else "bogus" if roll == 8 else None,
                max_items=None if roll in (9, 10) else draw(_MAX_ITEMS),
                delegation_set_id="N0123456789ABCDEFGHIJ" if roll in (9, 10) else None,
                hosted_zone_type=_choose(draw, (None, None, "PrivateHostedZone", "PublicHostedZone")),
            )
        if choice == 4:
            roll = draw(_upto(7))
            dns_name: str | None = None
            if roll < 5:
                dns_name = known_zone.name if known_zone is not None else _choose(draw, _NAME_POOL)
            elif roll == 5:
                dns_name = "a..example.com"
            return ListHostedZonesByNameRequest(
                caller=caller,
                dns_name=dns_name,
                hosted_zone_id=zone if roll in (1, 2, 6) else None,
                max_items=draw(_MAX_ITEMS),
            )
        if choice == 5:
            if draw(_BOOLEANS):
                return GetHostedZoneCountRequest(caller=caller)
            comment = _choose(draw, (None, "c", "x" * 300)) if invalid else draw(_COMMENTS)
            return UpdateHostedZoneCommentRequest(caller=caller, hosted_zone_id=zone, comment=comment)
        if choice == 6:
            return GetDnssecRequest(caller=caller, hosted_zone_id=zone)
        kind = _choose(draw, ("hostedzone", "hostedzone", "hostedzone", "hostedzone", "healthcheck", "bogus"))
        if choice == 7:
            roll = draw(_upto(5))
            add = None if roll == 4 else tuple((k, v) for k, v in _tags(draw) if k) or None
            remove = (_choose(draw, _TAG_KEYS),) if roll >= 3 else None
            if roll == 5 and invalid:
                add, remove = None, None
            return ChangeTagsForResourceRequest(
                caller=caller, resource_type=kind, resource_id=zone, add_tags=add, remove_tag_keys=remove
            )
        if draw(_BOOLEANS):
            return ListTagsForResourceRequest(caller=caller, resource_type=kind, resource_id=zone)
        zones = [zone]
        if draw(_BOOLEANS):
            zones.append(_pick(draw, sorted(world.zones), _HOSTED_ZONE_IDS, False))
        return ListTagsForResourcesRequest(caller=caller, resource_type=kind, resource_ids=tuple(zones))
    # EC2: mostly by the VPC's owner, in its region.
    if known_vpc is not None and draw(_upto(3)):
        caller = known_vpc.owner
    if choice == 9:
        roll = draw(_upto(5))
        ids: tuple[Any, ...] = ()
        if roll == 0:
            ids = (_ec2_vpc(draw, vpc),)
        elif roll == 1:
            ids = (vpc, _choose(draw, _UNKNOWN_RESOURCES[3:]))
        return DescribeVpcsRequest(
            caller=caller,
            region=region,
            vpc_ids=ids,
            filters=_filters(draw, "vpcs", vpc, caller),
            max_results=_choose(draw, _EC2_MAX_RESULTS),
            next_token=_choose(draw, _EC2_TOKENS),
            dry_run=_dry_run(draw),
        )
    if choice == 10:
        names = tuple(VPC_ATTRIBUTES)
        attribute = _choose(draw, names) if draw(_upto(7)) else _choose(draw, ("enablednssupport", "bogus"))
        return DescribeVpcAttributeRequest(
            caller=caller,
            vpc_id=_ec2_vpc(draw, vpc),
            attribute=attribute,
            region=_ec2_region(draw, region),
            dry_run=_dry_run(draw),
        )
    if choice == 11:
        roll = draw(_upto(9))
        attributes: Any = ((_choose(draw, tuple(VPC_ATTRIBUTES)), draw(_BOOLEANS)),)
        if roll == 0:
            # Hostnames on: refused while DNS support is off.
            attributes = (("enableDnsHostnames", True),)
        elif roll in (1, 2):
            attributes = _choose(draw, ((), (("enableDnsSupport", True), ("enableDnsHostnames", False))))
        elif roll == 3 and invalid:
            attributes = (("enableDnsSupport", "yes"),)
        return ModifyVpcAttributeRequest(
            caller=caller,
            vpc_id=_ec2_vpc(draw, vpc),
            attributes=attributes,
            region=_ec2_region(draw, region),
            dry_run=_dry_run(draw),
        )
    own = _resources_of(known_vpc)
    if choice == 12:
        which = draw(_upto(2))
        kind = ("route-table", "network-acl", "security-group")[which]
        roll = draw(_upto(5))
        ids = ()
        if roll == 0 and len(own) > 1:
            ids = (own[1 + which],)
        elif roll in (1, 2):
            ids = (_UNKNOWN_RESOURCES[which],)
        common: dict[str, Any] = {"caller": caller, "region": region, "ids": ids, "dry_run": _dry_run(draw)}
        if not ids:
            # Named resources are looked up whatever the page; filters and paging apply to a listing.
            common.update(
                filters=_filters(draw, kind, vpc, caller),
                max_results=_choose(draw, _EC2_MAX_RESULTS),
                next_token=_choose(draw, _EC2_TOKENS),
            )
        if which == 0:
            return DescribeRouteTablesRequest(**common)
        if which == 1:
            return DescribeNetworkAclsRequest(**common)
        names = ("default",) if roll == 3 else ()
        return DescribeSecurityGroupsRequest(group_names=names, **common)
    roll = draw(_upto(7))
    if roll < 4 and own:
        resources: Any = (_choose(draw, own),)
    elif roll == 4:
        resources = (_choose(draw, _UNKNOWN_RESOURCES),)
    elif roll == 5:
        resources = (_choose(draw, _MALFORMED_VPC_IDS[1:]),)
    elif roll == 6:
        resources = ()
    else:
        resources = (vpc,)
    if choice == 13:
        return CreateTagsRequest(
            caller=caller,
            resources=resources,
            tags=_TOO_MANY_TAGS if draw(_upto(3)) == 0 else _tags(draw),
            region=_ec2_region(draw, region),
            dry_run=_dry_run(draw),
        )
    if draw(_BOOLEANS):
        tags: Any = _choose(draw, (None, (("env", None),), (("env", "prod"),), (("Name", "x"),)))
        return DeleteTagsRequest(
            caller=caller,
            resources=resources,
            tags=tags,
            region=_ec2_region(draw, region),
            dry_run=_dry_run(draw),
        )
    return DescribeTagsRequest(
        caller=caller,
        region=region,
        filters=_filters(draw, "tags", vpc, caller),
        max_results=_choose(draw, _EC2_MAX_RESULTS),
        next_token=_choose(draw, _EC2_TOKENS),
        dry_run=_dry_run(draw),
    )


def _state_step(draw: st.DrawFn, world: World) -> object | None:
    """A step that gives a world state beyond the rules: record sets, zone tags, EC2 tags, VPC attributes."""
    roll = draw(_upto(3))
    if roll <= 1:
        owned = sorted(z.id for z in world.zones.values() if z.owner is not None and z.linked_service is None)
        if not owned:
            return None
        zone = world.zones[_choose(draw, owned)]
        if roll == 0:
            kind, good, _ = _choose(draw, _STATE_RECORD_VALUES)
            change = RecordChange(
                action="UPSERT",
                name=_choose(draw, _RECORD_PREFIXES) + zone.name,
                type=kind,
                ttl=300,
                values=(good,),
            )
            return ChangeResourceRecordSetsRequest(caller=str(zone.owner), hosted_zone_id=zone.id, changes=(change,))
        return ChangeTagsForResourceRequest(
            caller=str(zone.owner),
            resource_type="hostedzone",
            resource_id=zone.id,
            add_tags=((_choose(draw, _TAG_KEYS), _choose(draw, _TAG_VALUES)),),
        )
    if not world.vpcs:
        return None
    vpc = world.vpcs[_choose(draw, sorted(world.vpcs))]
    if roll == 2:
        return CreateTagsRequest(
            caller=vpc.owner,
            resources=(_choose(draw, _resources_of(vpc)),),
            tags=((_choose(draw, _TAG_KEYS), _choose(draw, _TAG_VALUES)),),
        )
    return ModifyVpcAttributeRequest(
        caller=vpc.owner, vpc_id=vpc.id, attributes=((_choose(draw, tuple(VPC_ATTRIBUTES)), draw(_BOOLEANS)),)
    )


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
                return CreateAuthorizationRequest(
                    caller=str(zone.owner), hosted_zone_id=zone.id, vpc_id=vpc.id, vpc_region=vpc.region
                )
            return AssociateRequest(
                caller=vpc.owner, hosted_zone_id=zone.id, vpc_id=vpc.id, vpc_region=vpc.region
            )
    if roll in (5, 6):
        # State beyond the rules: record sets, zone tags, EC2 tags, VPC attributes.
        step = _state_step(draw, world)
        if step is not None:
            return step
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

    Every generated world is therefore one the library itself can reach: VPCs,
    zones, authorizations and associations, and also record sets, zone tags, EC2
    tags and VPC attributes changed from their defaults.  With
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

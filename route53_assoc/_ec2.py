"""The EC2 side and the world's own facts: accounts, VPCs, the clock, quota overrides.

EC2's VPC operations (spec §S5.1–§S5.5) raise EC2's own errors (``Ec2Error``).

These are not Route 53 operations, but the association rules read their results, so
they are pure operations with rule tables like the rest.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

import attrs
import immutables

from ._common import DOCUMENTED, INFERRED, OBSERVED, Members, as_members, expect, in_branch, refuses, rule
from ._ec2_common import (
    BELOW,
    MAX_TAGS,
    Page,
    Tagged,
    boolean,
    check_filters,
    check_max_results,
    check_tag_rules,
    check_vpc_ids,
    dry_run_rule,
    filters_of,
    flag,
    match_filters,
    paginate,
    pairs_of,
    sorted_tags,
    strings,
    tag_facts,
    tag_pairs,
    text_or_none,
    token_key,
    vpc_ids_outcomes,
    whole_or_none,
)
from ._ids import dhcp_options_id, ec2_id
from ._ids import vpc_id as new_vpc_id
from ._partitions import PARTITIONS, partition_of
from ._rules import Operation, Rule
from ._show import shown
from ._values import (
    DEFAULT_VPC_CIDR,
    MAX_DURATION,
    MAX_INSTANT,
    MAX_QUOTA,
    VPC,
    HostedZone,
    VpcDefaults,
    is_well_formed_vpc_id,
    normalize_account_id,
    normalize_hosted_zone_id,
    normalize_region,
    require_str,
)
from ._world import World, require_world
from .errors import (
    DependencyViolation,
    InvalidInput,
    InvalidNextToken,
    InvalidParameterCombination,
    InvalidParameterValue,
    InvalidVpcIDMalformed,
    InvalidVpcIDNotFound,
    InvalidVpcRange,
    MissingParameter,
    NoSuchHostedZone,
    NotModelled,
    TagLimitExceeded,
    VpcLimitExceeded,
)

__all__ = [
    "ADD_ACCOUNT",
    "ADVANCE",
    "CREATE_VPC",
    "DELETE_VPC",
    "DESCRIBE_VPCS",
    "DESCRIBE_VPC_ATTRIBUTE",
    "MODIFY_VPC_ATTRIBUTE",
    "SET_ZONE_VPC_LIMIT",
    "AddAccountRequest",
    "AdvanceRequest",
    "CreateVpcRequest",
    "DeleteVpcRequest",
    "DescribeVpcAttributeRequest",
    "DescribeVpcsRequest",
    "ModifyVpcAttributeRequest",
    "SetZoneVpcLimitRequest",
    "VpcAttribute",
    "add_account",
    "advance",
    "create_vpc",
    "delete_vpc",
    "describe_vpc_attribute",
    "describe_vpcs",
    "modify_vpc_attribute",
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
        raise InvalidInput(f"partition must be one of {', '.join(PARTITIONS)}, not {shown(text)}")
    return text


@rule(
    "add-account.one-partition",
    "An account already known stays in its partition.",
    (InvalidInput,),
    DOCUMENTED,
    "Spec §1: each account belongs to exactly one partition.",
    refuses(InvalidInput, INFERRED, note="a world-building refusal: the code and message are ours"),
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
    world, _ = ADD_ACCOUNT.run(require_world(world), AddAccountRequest(account=account, partition=partition))
    return world


# -- create_vpc --------------------------------------------------------------

_CIDR_RE: Final = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}/[0-9]{1,2}")
_TENANCIES: Final = ("default", "dedicated")
#: CreateVpc members the library does not model (CV-UNMODELLED).
UNMODELLED_CREATE_VPC_MEMBERS: Final = (
    "Ipv4IpamPoolId",
    "Ipv4NetmaskLength",
    "Ipv6Pool",
    "Ipv6CidrBlock",
    "Ipv6IpamPoolId",
    "Ipv6NetmaskLength",
    "Ipv6CidrBlockNetworkBorderGroup",
    "AmazonProvidedIpv6CidrBlock",
    "VpcEncryptionControl",
)

TagSpecification = tuple[str, tuple[tuple[str, str], ...]]


@attrs.frozen(kw_only=True)
class CreateVpcRequest:
    """EC2 CreateVpc: a VPC owned by *owner* in *region*; the id is generated unless given.

    ``cidr_block`` defaults to ``10.0.0.0/16`` for the pure API (AWS itself requires
    one: pass ``None`` to be answered as AWS answers a request without it).
    ``tag_specifications`` are ``(resource_type, ((key, value), ...))`` pairs or
    botocore's ``{ResourceType, Tags}``; ``other_members`` any further CreateVpc
    members by their AWS names (IPv6, IPAM, ...), which the library does not model.
    """

    owner: str
    region: str
    vpc_id: str | None = None
    cidr_block: str | None = DEFAULT_VPC_CIDR
    instance_tenancy: str | None = None
    tag_specifications: tuple[Any, ...] = ()
    dry_run: bool = False
    other_members: tuple[tuple[str, Any], ...] = ()


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
        m.problem(f"vpc_id must be 'vpc-' and 8 or 17 lowercase hex digits, not {shown(vpc_id)}")
    cidr = m.take(lambda: text_or_none(request.cidr_block, "cidr_block"))
    tenancy = m.take(lambda: text_or_none(request.instance_tenancy, "instance_tenancy"))
    specs = m.take(lambda: _tag_specifications(request.tag_specifications))
    dry_run = m.take(lambda: flag(request.dry_run, "dry_run"))
    others = m.take(lambda: _other_members(request.other_members))
    m.done()
    return CreateVpcRequest(
        owner=owner,
        region=region,
        vpc_id=vpc_id,
        cidr_block=cidr,
        instance_tenancy=tenancy,
        tag_specifications=specs,
        dry_run=dry_run,
        other_members=others,
    )


def _tag_specifications(value: object) -> tuple[TagSpecification, ...]:
    out: list[TagSpecification] = []
    for kind, tags in pairs_of(
        value,
        ("ResourceType", "Tags"),
        "tag_specifications must be a list",
        "a tag specification must be (resource_type, tags)",
    ):
        if not isinstance(kind, str):
            raise InvalidInput(f"a tag specification's resource type must be a string, not {shown(kind)}")
        pairs = tuple((k, v or "") for k, v in tag_pairs(tags, "Tags"))
        out.append((kind, pairs))
    return tuple(out)


def _other_members(value: object) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        value = tuple(value.items())
    if not isinstance(value, tuple) or not all(
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) for item in value
    ):
        raise InvalidInput(f"other_members must be (name, value) pairs, not {shown(value)}")
    return value


@rule(
    "create-vpc.unmodelled",
    "IPAM, IPv6 and encryption-control members are not modelled: the request is refused "
    "NotModelled rather than answered wrongly.",
    (NotModelled,),
    INFERRED,
    "Spec CV-UNMODELLED.",
)
def _vpc_unmodelled(world: World, r: CreateVpcRequest) -> str:
    for name, value in r.other_members:
        if value is None or (name == "AmazonProvidedIpv6CidrBlock" and value is False):
            continue
        if name in UNMODELLED_CREATE_VPC_MEMBERS:
            raise NotModelled.of(f"CreateVpc's {name}")
        raise NotModelled.of(f"the CreateVpc member {name}")
    return "no unmodelled member is set"


@rule(
    "create-vpc.cidr-missing",
    "A CidrBlock is given (CV-CIDR-MISSING).",
    (MissingParameter,),
    OBSERVED,
    "Spec CV-CIDR-MISSING (AWS CLI tutorial troubleshooting page).",
)
def _vpc_cidr_missing(world: World, r: CreateVpcRequest) -> str:
    if r.cidr_block is None:
        raise MissingParameter("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.")
    return f"CidrBlock {r.cidr_block} is given"


@functools.lru_cache(maxsize=1024)
def parse_cidr(text: str) -> ipaddress.IPv4Network | None:
    """An IPv4 CIDR block with host bits cleared, or ``None`` if *text* is not one.

    Kept for the last 1,024 texts: create-vpc's rules and its effect read the same block.

    >>> str(parse_cidr("100.68.0.18/18")), parse_cidr("banana")
    ('100.68.0.0/18', None)
    """
    if not _CIDR_RE.fullmatch(text):
        return None
    try:
        return ipaddress.IPv4Network(text, strict=False)
    except ValueError:
        return None


@rule(
    "create-vpc.cidr-syntax",
    "The CidrBlock is an IPv4 CIDR block (CV-CIDR-SYNTAX); host bits are cleared when stored "
    "(CV-CIDR-CANON).",
    (InvalidParameterValue,),
    OBSERVED,
    "Spec CV-CIDR-SYNTAX (aws-controllers-k8s e2e tests); CV-CIDR-CANON documented.",
)
def _vpc_cidr_syntax(world: World, r: CreateVpcRequest) -> str:
    assert r.cidr_block is not None
    network = parse_cidr(r.cidr_block)
    if network is None:
        raise InvalidParameterValue(
            f"Value ({r.cidr_block}) for parameter cidrBlock is invalid. This is not a valid CIDR block."
        )
    return f"{r.cidr_block} is an IPv4 CIDR block, stored as {network}"


@rule(
    "create-vpc.cidr-range",
    "The CIDR block's prefix length is between /16 and /28 (CV-CIDR-RANGE).",
    (InvalidVpcRange,),
    DOCUMENTED,
    "Spec CV-CIDR-RANGE (VPC UG sizing; observed grycap/im#1011, hashicorp/terraform#19452).",
    refuses(InvalidVpcRange, OBSERVED, note="the sizing rule is documented; the code and message observed"),
)
def _vpc_cidr_range(world: World, r: CreateVpcRequest) -> str:
    assert r.cidr_block is not None
    network = parse_cidr(r.cidr_block)
    assert network is not None
    if not 16 <= network.prefixlen <= 28:
        raise InvalidVpcRange(f"The CIDR '{r.cidr_block}' is invalid.")
    return f"/{network.prefixlen} lies within /16-/28"


@rule(
    "create-vpc.tenancy",
    "InstanceTenancy, if given, is 'default' or 'dedicated' ('host' is refused).",
    (InvalidParameterValue,),
    INFERRED,
    "Spec CV-UNMODELLED (tenancy).",
)
def _vpc_tenancy(world: World, r: CreateVpcRequest) -> str:
    tenancy = r.instance_tenancy
    if tenancy is not None and tenancy not in _TENANCIES:
        raise InvalidParameterValue(f"Value ({tenancy}) for parameter instanceTenancy is invalid.")
    return f"tenancy {tenancy or 'default'}"


@rule(
    "create-vpc.tags",
    "TagSpecifications name the resource type 'vpc' and their tags follow EC2's tag rules "
    "(CV-TAGS, ETAG-CREATE).",
    (InvalidParameterValue, TagLimitExceeded),
    DOCUMENTED,
    "Spec CV-TAGS (member documented; message inferred, moto's wording); §S5.7.",
    refuses(InvalidParameterValue, DOCUMENTED, INFERRED, note="another resource type, or a tag rule (ETAG-CREATE)"),
    refuses(TagLimitExceeded, DOCUMENTED, INFERRED, note="more than 50 tags (ETAG-CREATE: messages inferred)"),
)
def _vpc_tags(world: World, r: CreateVpcRequest) -> str:
    keys: set[str] = set()
    for kind, tags in r.tag_specifications:
        if kind != "vpc":
            raise InvalidParameterValue(f"'{kind}' is not a valid taggable resource type for this operation.")
        check_tag_rules(tags)
        keys.update(key for key, _ in tags)
    if len(keys) > MAX_TAGS:
        raise TagLimitExceeded()
    return f"{len(keys)} tag(s) for the VPC"


@rule(
    "create-vpc.owner-partition",
    "The VPC's region lies in its owner's partition.",
    (InvalidInput,),
    DOCUMENTED,
    "Spec §1: a VPC's region must lie in its owner's partition.",
    refuses(InvalidInput, INFERRED, note="the spec names no error: the code and message are ours"),
)
def _vpc_owner_partition(world: World, r: CreateVpcRequest) -> str:
    return _partition_conflict(world, r.owner, partition_of(r.region))


def _id_in_use(world: World, vpc_id: str) -> bool:
    return vpc_id in world.vpcs or vpc_id in world.deleted_vpcs or vpc_id in world.vpc_names


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
    if _id_in_use(world, r.vpc_id):
        raise InvalidInput(f"VPC id {r.vpc_id} is already in use; VPC ids are unique", vpc_id=r.vpc_id)
    return f"VPC id {r.vpc_id} is unused"


@rule(
    "create-vpc.quota",
    "The owner has fewer VPCs in the region than its quota (5 unless the world says "
    "otherwise; a default VPC counts) (CV-QUOTA).",
    (VpcLimitExceeded,),
    DOCUMENTED,
    "Spec CV-QUOTA (VPC quotas; observed terraform-aws-vpc#429, landing-zone-accelerator#241).",
    refuses(VpcLimitExceeded, OBSERVED, note="the quota is documented; the code and message observed"),
)
def _vpc_quota(world: World, r: CreateVpcRequest) -> str:
    count = len(world.vpcs_of(r.owner, r.region))
    limit = world.quotas.vpcs_per_region
    if count >= limit:
        raise VpcLimitExceeded()
    return f"account {r.owner} has {count} of {limit} VPCs in {r.region}"


def _fresh(world: World, prefix: str, used: Callable[[World, str], bool]) -> tuple[World, str]:
    while True:
        world, number = world.next_sequence()
        candidate = ec2_id(prefix, number) if prefix != "vpc" else new_vpc_id(number)
        if not used(world, candidate):
            return world, candidate


def _vpc_effect(world: World, r: CreateVpcRequest) -> tuple[World, VPC]:
    vpc_id = r.vpc_id
    if vpc_id is None:
        world, vpc_id = _fresh(world, "vpc", _id_in_use)
    ids: dict[str, str] = {}
    for prefix in ("rtb", "rtbassoc", "acl", "sg", "vpc-cidr-assoc"):
        world, ids[prefix] = _fresh(world, prefix, lambda w, i: i in w.ec2_resources)
    defaults = VpcDefaults(
        route_table_id=ids["rtb"],
        route_table_association_id=ids["rtbassoc"],
        network_acl_id=ids["acl"],
        security_group_id=ids["sg"],
        cidr_association_id=ids["vpc-cidr-assoc"],
    )
    assert r.cidr_block is not None
    network = parse_cidr(r.cidr_block)
    vpc = VPC(
        id=vpc_id,
        region=r.region,
        owner=r.owner,
        cidr_block=str(network),
        instance_tenancy=r.instance_tenancy or "default",
        defaults=defaults,
    )
    world = world.with_account(r.owner, partition_of(r.region)).with_vpc(vpc)
    tags: immutables.Map[str, str] = immutables.Map()
    for _kind, pairs in r.tag_specifications:
        for key, value in pairs:
            tags = tags.set(key, value)
    return world.with_tags(vpc.id, tags), vpc


CREATE_VPC: Operation[CreateVpcRequest, CreateVpcRequest, VPC] = Operation(
    name="create-vpc",
    aws_name="CreateVpc (EC2)",
    summary="Create a VPC owned by an account in a region, with its default resources.",
    request_type=CreateVpcRequest,
    rules=(
        _vpc_input,
        _vpc_unmodelled,
        _vpc_cidr_missing,
        _vpc_cidr_syntax,
        _vpc_cidr_range,
        _vpc_tenancy,
        _vpc_tags,
        _vpc_owner_partition,
        _vpc_id_unused,
        _vpc_quota,
        dry_run_rule("create-vpc", "CreateVpc"),
    ),
    effect=_vpc_effect,
)


def create_vpc(
    world: World,
    *,
    owner: str,
    region: str,
    vpc_id: str | None = None,
    cidr_block: str | None = DEFAULT_VPC_CIDR,
    instance_tenancy: str | None = None,
    tags: Mapping[str, str] | None = None,
) -> tuple[World, VPC]:
    """EC2 CreateVpc: return the new world and the VPC (``10.0.0.0/16`` unless told).

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="cn-north-1")
    >>> vpc.partition.name, w.partition_of_account("111111111111"), vpc.cidr_block
    ('aws-cn', 'aws-cn', '10.0.0.0/16')
    >>> w, vpc = create_vpc(w, owner="111111111111", region="cn-north-1", cidr_block="100.68.0.18/18",
    ...                     tags={"Name": "main"})
    >>> vpc.cidr_block, dict(w.tags_of(vpc.id))
    ('100.68.0.0/18', {'Name': 'main'})
    """
    specs: tuple[Any, ...] = (("vpc", as_members(tags)),) if tags else ()
    return CREATE_VPC.run(
        require_world(world),
        CreateVpcRequest(
            owner=owner,
            region=region,
            vpc_id=vpc_id,
            cidr_block=cidr_block,
            instance_tenancy=instance_tenancy,
            tag_specifications=specs,
        ),
    )


# -- lookups shared by the VPC operations --------------------------------------


def _vpc_exists_rule(operation: str, statement: str = "The VPC id is well-formed and names one of the "
                     "caller's VPCs in the request's region (DV-IDS-*, VPC-REGION).") -> Rule:
    @rule(
        f"{operation}.vpc-exists",
        statement,
        (InvalidVpcIDMalformed, InvalidVpcIDNotFound),
        OBSERVED,
        "Spec DV-IDS-MALFORMED, DV-IDS-NOTFOUND, VPC-REGION (another account's or region's VPC "
        "is not found: inferred).",
        *vpc_ids_outcomes(INFERRED),
    )
    def check(world: World, r: Any) -> str:
        (vpc,) = check_vpc_ids(world, r.caller, r.region, (r.vpc_id,))
        return f"VPC {vpc.id} is the caller's, in {vpc.region}"

    return check


def _caller_members(m: Members, request: Any) -> tuple[str, str | None, str]:
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    region = None if request.region is None else m.take(lambda: normalize_region(request.region, "region"))
    vpc_id = m.take(lambda: require_str(request.vpc_id, "VpcId"))
    return caller, region, vpc_id


# -- delete_vpc --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeleteVpcRequest:
    """EC2 DeleteVpc by *caller* in *region* (``None``: the VPC's own region).

    Associations are not removed (spec §8, DLV-PHZ).
    """

    caller: str
    vpc_id: str
    region: str | None = None
    dry_run: bool = False


@rule(
    "delete-vpc.input",
    "The caller is a 12-digit account id, the region (if given) a VPCRegion value and the "
    "VPC id a string.",
    (InvalidInput,),
    INFERRED,
    "Spec §2.",
)
def _delete_vpc_input(world: World, request: object) -> DeleteVpcRequest:
    request = expect(request, DeleteVpcRequest)
    m = Members()
    caller, region, vpc_id = _caller_members(m, request)
    dry_run = m.take(lambda: flag(request.dry_run, "dry_run"))
    m.done()
    return DeleteVpcRequest(caller=caller, vpc_id=vpc_id, region=region, dry_run=dry_run)


@rule(
    "delete-vpc.no-dependencies",
    "The VPC has no dependencies beyond its default resources (DLV-ERRORS; the library "
    "models none, so this always holds). Private hosted zone associations do not block "
    "deletion (DLV-PHZ).",
    (DependencyViolation,),
    OBSERVED,
    "Spec DLV-ERRORS, DLV-PHZ (TF acceptance test Disappears_vpc).",
)
def _delete_vpc_dependencies(world: World, r: DeleteVpcRequest) -> str:
    zones = len(world.zones_of_vpc(r.vpc_id))
    return f"no modelled dependencies; {zones} zone association(s) stay listed (spec §8)"


def _delete_vpc_effect(world: World, r: DeleteVpcRequest) -> tuple[World, VPC]:
    vpc = world.vpcs[r.vpc_id]
    return world.without_vpc(vpc), vpc


DELETE_VPC: Operation[DeleteVpcRequest, DeleteVpcRequest, VPC] = Operation(
    name="delete-vpc",
    aws_name="DeleteVpc (EC2)",
    summary="Delete a VPC, its default resources and their tags; its zone associations stay listed (spec §8).",
    request_type=DeleteVpcRequest,
    rules=(
        _delete_vpc_input,
        _vpc_exists_rule("delete-vpc"),
        _delete_vpc_dependencies,
        dry_run_rule("delete-vpc", "DeleteVpc"),
    ),
    effect=_delete_vpc_effect,
)


def delete_vpc(world: World, *, caller: str, vpc_id: str, region: str | None = None) -> tuple[World, VPC]:
    """EC2 DeleteVpc: return the new world and the deleted VPC.

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, gone = delete_vpc(w, caller="111111111111", vpc_id=vpc.id)
    >>> vpc.id in w.vpcs, vpc.defaults.security_group_id in w.ec2_resources
    (False, False)
    """
    return DELETE_VPC.run(require_world(world), DeleteVpcRequest(caller=caller, vpc_id=vpc_id, region=region))


# -- describe_vpcs -----------------------------------------------------------

_VPC_FILTERS: Final = frozenset(
    {
        "cidr",
        "cidr-block-association.cidr-block",
        "cidr-block-association.association-id",
        "cidr-block-association.state",
        "dhcp-options-id",
        "is-default",
        "owner-id",
        "state",
        "tag-key",
        "vpc-id",
        "ipv6-cidr-block-association.ipv6-cidr-block",
        "ipv6-cidr-block-association.ipv6-pool",
        "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state",
    }
)


def cidr_association_id(vpc: VPC) -> str:
    """The id of the VPC's primary CIDR association."""
    return vpc.defaults.cidr_association_id if vpc.defaults is not None else f"vpc-cidr-assoc-{vpc.id[4:]}"


def _vpc_facts_in(world: World, vpc: VPC, name: str) -> tuple[str, ...]:
    return vpc_facts(vpc, world.tags_of(vpc.id), name)


def vpc_facts(vpc: VPC, tags: Mapping[str, str], name: str) -> tuple[str, ...]:
    """The VPC's values for the DescribeVpcs filter *name* (DV-FILTERS)."""
    tagged = tag_facts(tags, name)
    if tagged is not None:
        return tagged
    facts: dict[str, tuple[str, ...]] = {
        "cidr": (vpc.cidr_block,),
        "cidr-block-association.cidr-block": (vpc.cidr_block,),
        "cidr-block-association.association-id": (cidr_association_id(vpc),),
        "cidr-block-association.state": ("associated",),
        "dhcp-options-id": (dhcp_options_id(vpc.region),),
        "is-default": (boolean(vpc.is_default),),
        "owner-id": (vpc.owner,),
        "state": ("available",),
        "vpc-id": (vpc.id,),
    }
    return facts.get(name, ())


@attrs.frozen(kw_only=True)
class DescribeVpcsRequest:
    """EC2 DescribeVpcs: *caller*'s VPCs in *region*, by id and filters, a page at a time.

    ``filters`` are ``(name, values)`` pairs or botocore's ``{Name, Values}``.
    """

    caller: str
    region: str
    vpc_ids: tuple[str, ...] = ()
    filters: tuple[Any, ...] = ()
    max_results: int | None = None
    next_token: str | None = None
    dry_run: bool = False


@rule(
    "describe-vpcs.input",
    "The caller is a 12-digit account id, the region a VPCRegion value; ids, filters, "
    "MaxResults and NextToken of the right types.",
    (InvalidInput,),
    INFERRED,
    "Spec §S5.3.",
)
def _describe_vpcs_input(world: World, request: object) -> DescribeVpcsRequest:
    request = expect(request, DescribeVpcsRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    region = m.take(lambda: normalize_region(request.region, "region"))
    vpc_ids = m.take(lambda: strings(request.vpc_ids, "VpcIds"))
    filters = m.take(lambda: filters_of(request.filters))
    max_results = m.take(lambda: whole_or_none(request.max_results, "MaxResults"))
    token = m.take(lambda: text_or_none(request.next_token, "NextToken"))
    dry_run = m.take(lambda: flag(request.dry_run, "dry_run"))
    m.done()
    return DescribeVpcsRequest(
        caller=caller,
        region=region,
        vpc_ids=vpc_ids,
        filters=filters,
        max_results=max_results,
        next_token=token,
        dry_run=dry_run,
    )


def page_rules(operation: str, maximum: int, kind: str, source: str) -> tuple[Rule, Rule]:
    """The MaxResults and NextToken rules of a Describe (DV-PAGE)."""

    @rule(
        f"{operation}.max-results",
        f"MaxResults, if given, is between 5 and {maximum} (DV-PAGE).",
        (InvalidParameterValue,),
        DOCUMENTED,
        source,
        refuses(InvalidParameterValue, OBSERVED, INFERRED, note="above the range: the message is inferred"),
        refuses(InvalidParameterValue, OBSERVED, branch=BELOW, note="below 5: the message is observed"),
    )
    def max_results(world: World, r: Any) -> str:
        check_max_results(r.max_results, maximum)
        return "no MaxResults" if r.max_results is None else f"MaxResults {r.max_results} is in range"

    @rule(
        f"{operation}.next-token",
        "A NextToken is one this listing handed out (DV-PAGE).",
        (InvalidNextToken,),
        INFERRED,
        "Spec DV-PAGE (the InvalidNextToken wording is inferred).",
    )
    def next_token(world: World, r: Any) -> str:
        token_key(r.next_token, kind)
        return "no NextToken" if r.next_token is None else "the NextToken is this listing's"

    return max_results, next_token


def filters_rule(operation: str, known: frozenset[str], documented: frozenset[str], aws_name: str) -> Rule:
    """The rule "every filter name is one the Describe knows" (DV-FILTER-UNKNOWN)."""

    @rule(
        f"{operation}.filters",
        "Every filter name is one AWS documents for the operation and the library models "
        "(tag:<key> included); a vpc-id value is a VPC id (DV-FILTER-UNKNOWN).",
        (InvalidParameterValue, NotModelled),
        DOCUMENTED,
        "Spec DV-FILTERS (the filter lists are documented), DV-FILTER-UNKNOWN (observed on "
        "DescribeInstances, boto/boto3#1299; inferred here); DEF-DESCRIBE.",
        refuses(
            InvalidParameterValue,
            INFERRED,
            note="an unknown filter name, or a malformed vpc-id value (observed on other Describes)",
        ),
        refuses(NotModelled, INFERRED, note="a documented filter the library does not model"),
    )
    def check(world: World, r: Any) -> str:
        check_filters(r.filters, known, documented, aws_name)
        return f"{len(r.filters)} filter(s), all known"

    return check


_VPC_MAX, _VPC_TOKEN = page_rules(
    "describe-vpcs", 1000, "vpcs", "Spec DV-PAGE (range documented; below-5 message observed aws-sdk-ruby#2575)."
)


@rule(
    "describe-vpcs.ids",
    "Every id in VpcIds is well-formed (checked first) and names one of the caller's VPCs "
    "in the request's region (DV-IDS-MALFORMED, DV-IDS-NOTFOUND, VPC-REGION).",
    (InvalidVpcIDMalformed, InvalidVpcIDNotFound),
    OBSERVED,
    "Spec DV-IDS-NOTFOUND (observed terraform-aws-consul#29), DV-IDS-MALFORMED (inferred here).",
    *vpc_ids_outcomes(INFERRED),
)
def _describe_vpcs_ids(world: World, r: DescribeVpcsRequest) -> str:
    found = check_vpc_ids(world, r.caller, r.region, r.vpc_ids)
    return f"{len(found)} VPC id(s) named, all found" if r.vpc_ids else "no VpcIds: the caller's VPCs of the region"


def _describe_vpcs_effect(world: World, r: DescribeVpcsRequest) -> tuple[World, Page]:
    if r.vpc_ids:
        chosen = check_vpc_ids(world, r.caller, r.region, r.vpc_ids)
    else:
        chosen = tuple(world.vpcs[i] for i in world.vpcs_of(r.caller, r.region))
    matching = [vpc for vpc in chosen if match_filters(r.filters, functools.partial(_vpc_facts_in, world, vpc))]
    page = paginate(matching, lambda vpc: vpc.id, "vpcs", r.max_results, r.next_token)
    items = tuple(Tagged(vpc, sorted_tags(world.tags_of(vpc.id))) for vpc in page.items)
    return world, Page(items, page.next_token)


DESCRIBE_VPCS: Operation[DescribeVpcsRequest, DescribeVpcsRequest, Page] = Operation(
    name="describe-vpcs",
    aws_name="DescribeVpcs (EC2)",
    summary="List the caller's VPCs of a region, by id and filters, ordered by id, a page at a time.",
    request_type=DescribeVpcsRequest,
    rules=(
        _describe_vpcs_input,
        _VPC_MAX,
        filters_rule("describe-vpcs", _VPC_FILTERS, _VPC_FILTERS, "DescribeVpcs"),
        _describe_vpcs_ids,
        _VPC_TOKEN,
        dry_run_rule("describe-vpcs", "DescribeVpcs"),
    ),
    effect=_describe_vpcs_effect,
)


def describe_vpcs(
    world: World,
    *,
    caller: str,
    region: str,
    vpc_ids: Sequence[str] = (),
    filters: Sequence[Any] = (),
    max_results: int | None = None,
    next_token: str | None = None,
) -> Page:
    """EC2 DescribeVpcs: a :class:`Page` of :class:`Tagged` VPCs.

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1", tags={"env": "prod"})
    >>> page = describe_vpcs(w, caller="111111111111", region="us-east-1", filters=[("tag:env", ("pr*",))])
    >>> [t.item.id for t in page.items] == [vpc.id], page.next_token
    (True, None)
    """
    return DESCRIBE_VPCS.run(
        require_world(world),
        DescribeVpcsRequest(
            caller=caller,
            region=region,
            vpc_ids=as_members(vpc_ids),
            filters=as_members(filters),
            max_results=max_results,
            next_token=next_token,
        ),
    )[1]


# -- describe / modify VPC attributes ----------------------------------------

#: The VPC attributes, by their AWS names, and the VPC fields holding them.
VPC_ATTRIBUTES: Final = {
    "enableDnsSupport": "enable_dns_support",
    "enableDnsHostnames": "enable_dns_hostnames",
    "enableNetworkAddressUsageMetrics": "enable_network_address_usage_metrics",
}


@attrs.frozen
class VpcAttribute:
    """One VPC attribute's value, as DescribeVpcAttribute answers it."""

    vpc_id: str
    attribute: str
    value: bool


@attrs.frozen(kw_only=True)
class DescribeVpcAttributeRequest:
    """EC2 DescribeVpcAttribute: one attribute (``enableDnsSupport``, ...) of a VPC."""

    caller: str
    vpc_id: str
    attribute: str
    region: str | None = None
    dry_run: bool = False


@rule(
    "describe-vpc-attribute.input",
    "The caller is a 12-digit account id, the VPC id and the attribute strings.",
    (InvalidInput,),
    INFERRED,
    "Spec §S5.5.",
)
def _describe_attribute_input(world: World, request: object) -> DescribeVpcAttributeRequest:
    request = expect(request, DescribeVpcAttributeRequest)
    m = Members()
    caller, region, vpc_id = _caller_members(m, request)
    attribute = m.take(lambda: require_str(request.attribute, "Attribute"))
    dry_run = m.take(lambda: flag(request.dry_run, "dry_run"))
    m.done()
    return DescribeVpcAttributeRequest(
        caller=caller, vpc_id=vpc_id, attribute=attribute, region=region, dry_run=dry_run
    )


@rule(
    "describe-vpc-attribute.known",
    "The attribute is enableDnsSupport, enableDnsHostnames or enableNetworkAddressUsageMetrics, "
    "spelled exactly (VA-DESCRIBE).",
    (InvalidParameterValue,),
    DOCUMENTED,
    "Spec VA-DESCRIBE (values documented; the message and botocore's not checking the enum: "
    "boto/boto3#2810; message inferred).",
    refuses(InvalidParameterValue, INFERRED, note="another attribute name: code and message inferred"),
)
def _describe_attribute_known(world: World, r: DescribeVpcAttributeRequest) -> str:
    if r.attribute not in VPC_ATTRIBUTES:
        raise InvalidParameterValue(f"Value ({r.attribute}) for parameter attribute is invalid. Unknown attribute.")
    return f"{r.attribute} is a VPC attribute"


def _describe_attribute_effect(world: World, r: DescribeVpcAttributeRequest) -> tuple[World, VpcAttribute]:
    vpc = world.vpcs[r.vpc_id]
    return world, VpcAttribute(vpc.id, r.attribute, bool(getattr(vpc, VPC_ATTRIBUTES[r.attribute])))


DESCRIBE_VPC_ATTRIBUTE: Operation[DescribeVpcAttributeRequest, DescribeVpcAttributeRequest, VpcAttribute] = (
    Operation(
        name="describe-vpc-attribute",
        aws_name="DescribeVpcAttribute (EC2)",
        summary="Read one DNS (or NAU metrics) attribute of a VPC.",
        request_type=DescribeVpcAttributeRequest,
        rules=(
            _describe_attribute_input,
            _describe_attribute_known,
            _vpc_exists_rule("describe-vpc-attribute"),
            dry_run_rule("describe-vpc-attribute", "DescribeVpcAttribute"),
        ),
        effect=_describe_attribute_effect,
    )
)


def describe_vpc_attribute(
    world: World, *, caller: str, vpc_id: str, attribute: str, region: str | None = None
) -> VpcAttribute:
    """EC2 DescribeVpcAttribute (CV-DEFAULTS: DNS support on, hostnames off).

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> describe_vpc_attribute(w, caller="111111111111", vpc_id=vpc.id, attribute="enableDnsSupport").value
    True
    """
    request = DescribeVpcAttributeRequest(caller=caller, vpc_id=vpc_id, attribute=attribute, region=region)
    return DESCRIBE_VPC_ATTRIBUTE.run(require_world(world), request)[1]


@attrs.frozen(kw_only=True)
class ModifyVpcAttributeRequest:
    """EC2 ModifyVpcAttribute: ``attributes`` are ``(name, value)`` pairs in request order.

    Names are AWS's (``enableDnsSupport``, ``enableDnsHostnames``,
    ``enableNetworkAddressUsageMetrics``); exactly one may be given (VA-ONE).
    """

    caller: str
    vpc_id: str
    attributes: tuple[tuple[str, bool], ...]
    region: str | None = None
    dry_run: bool = False


@rule(
    "modify-vpc-attribute.input",
    "The caller is a 12-digit account id, the VPC id a string, each attribute a known name "
    "with a boolean value.",
    (InvalidInput,),
    INFERRED,
    "Spec §S5.5.",
)
def _modify_attribute_input(world: World, request: object) -> ModifyVpcAttributeRequest:
    request = expect(request, ModifyVpcAttributeRequest)
    m = Members()
    caller, region, vpc_id = _caller_members(m, request)
    attributes = m.take(lambda: _attribute_pairs(request.attributes))
    dry_run = m.take(lambda: flag(request.dry_run, "dry_run"))
    m.done()
    return ModifyVpcAttributeRequest(
        caller=caller, vpc_id=vpc_id, attributes=attributes, region=region, dry_run=dry_run
    )


def _attribute_pairs(value: object) -> tuple[tuple[str, bool], ...]:
    if isinstance(value, Mapping):
        value = tuple(value.items())
    if not isinstance(value, (tuple, list)):
        raise InvalidInput(f"attributes must be (name, value) pairs, not {shown(value)}")
    out: list[tuple[str, bool]] = []
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and item[0] in VPC_ATTRIBUTES):
            raise InvalidInput(
                f"each attribute must be (name, value) with a name of {', '.join(VPC_ATTRIBUTES)}, not {shown(item)}"
            )
        if not isinstance(item[1], bool):
            raise InvalidInput(f"attribute {item[0]} must be true or false, not {shown(item[1])}")
        out.append((item[0], item[1]))
    return tuple(out)


@rule(
    "modify-vpc-attribute.one",
    "Exactly one attribute is set per call (VA-ONE).",
    (InvalidParameterCombination,),
    DOCUMENTED,
    "Spec VA-ONE (model; observed cluster-api-provider-aws#783, apache/libcloud#328); "
    "'No attributes specified.' inferred.",
    refuses(InvalidParameterCombination, OBSERVED, note="two or more attributes"),
    refuses(InvalidParameterCombination, INFERRED, branch="none", note="no attribute at all"),
)
def _modify_attribute_one(world: World, r: ModifyVpcAttributeRequest) -> str:
    if not r.attributes:
        raise in_branch(InvalidParameterCombination("No attributes specified."), "none")
    if len(r.attributes) > 1:
        names = ", ".join(name for name, _ in r.attributes)
        raise InvalidParameterCombination(f"Fields for multiple attribute types specified: {names}")
    return f"one attribute: {r.attributes[0][0]}"


@rule(
    "modify-vpc-attribute.hostnames-need-support",
    "DNS hostnames can be enabled only while DNS support is enabled; disabling DNS support "
    "with hostnames on is allowed (VA-HOSTNAMES-NEED-SUPPORT).",
    (InvalidParameterValue,),
    DOCUMENTED,
    "Spec VA-HOSTNAMES-NEED-SUPPORT (model doc; code, message and the converse inferred).",
    refuses(InvalidParameterValue, INFERRED),
)
def _modify_hostnames(world: World, r: ModifyVpcAttributeRequest) -> str:
    name, value = r.attributes[0]
    vpc = world.vpcs[r.vpc_id]
    if name == "enableDnsHostnames" and value and not vpc.enable_dns_support:
        raise InvalidParameterValue(
            f"Cannot enable DNS hostnames for VPC {vpc.id} because DNS support is disabled.", vpc_id=vpc.id
        )
    return "the change keeps DNS hostnames dependent on DNS support"


def _modify_attribute_effect(world: World, r: ModifyVpcAttributeRequest) -> tuple[World, VpcAttribute]:
    name, value = r.attributes[0]
    vpc = world.vpcs[r.vpc_id]
    field = VPC_ATTRIBUTES[name]
    if getattr(vpc, field) != value:
        vpc = attrs.evolve(vpc, **{field: value})  # type: ignore[arg-type]
        world = attrs.evolve(world, vpcs=world.vpcs.set(vpc.id, vpc))
    return world, VpcAttribute(vpc.id, name, value)


MODIFY_VPC_ATTRIBUTE: Operation[ModifyVpcAttributeRequest, ModifyVpcAttributeRequest, VpcAttribute] = Operation(
    name="modify-vpc-attribute",
    aws_name="ModifyVpcAttribute (EC2)",
    summary="Set one DNS (or NAU metrics) attribute of a VPC; setting the current value succeeds.",
    request_type=ModifyVpcAttributeRequest,
    rules=(
        _modify_attribute_input,
        _modify_attribute_one,
        _vpc_exists_rule("modify-vpc-attribute"),
        _modify_hostnames,
        dry_run_rule("modify-vpc-attribute", "ModifyVpcAttribute"),
    ),
    effect=_modify_attribute_effect,
)


def modify_vpc_attribute(
    world: World, *, caller: str, vpc_id: str, attribute: str, value: bool, region: str | None = None
) -> World:
    """EC2 ModifyVpcAttribute for one attribute (VA-IDEMPOTENT: the same value succeeds).

    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w = modify_vpc_attribute(w, caller="111111111111", vpc_id=vpc.id, attribute="enableDnsHostnames",
    ...                          value=True)
    >>> w.vpcs[vpc.id].enable_dns_hostnames
    True
    """
    request = ModifyVpcAttributeRequest(
        caller=caller, vpc_id=vpc_id, attributes=((attribute, value),), region=region
    )
    return MODIFY_VPC_ATTRIBUTE.run(require_world(world), request)[0]


# -- advance -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AdvanceRequest:
    """Move the world's clock forward by *seconds*."""

    seconds: float


@rule(
    "advance.input",
    "Seconds is a finite number from 0 to 100 years (time only moves forward), and the "
    "clock stays at or before 9000-01-01T00:00:00Z.",
    (InvalidInput,),
    INFERRED,
    "Spec §7: advancing time is an explicit operation.",
)
def _advance_input(world: World, request: object) -> AdvanceRequest:
    request = expect(request, AdvanceRequest)
    seconds = request.seconds
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise InvalidInput(f"seconds must be a number, not {shown(seconds)}")
    if not (0 <= seconds <= MAX_DURATION.total_seconds()):
        raise InvalidInput(
            f"seconds must be from 0 to {int(MAX_DURATION.total_seconds())} (100 years), got {shown(seconds)}"
        )
    if world.now + timedelta(seconds=seconds) > MAX_INSTANT:
        raise InvalidInput(
            f"the clock cannot pass {MAX_INSTANT.isoformat()}: {shown(seconds)} seconds after "
            f"{world.now.isoformat()} is beyond it"
        )
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
    world, _ = ADVANCE.run(require_world(world), AdvanceRequest(seconds=seconds))
    return world


# -- set_zone_vpc_limit ------------------------------------------------------


@attrs.frozen(kw_only=True)
class SetZoneVpcLimitRequest:
    """Raise or lower one zone's VPC quota, as an AWS support request would."""

    hosted_zone_id: str
    limit: int | None


@rule(
    "set-zone-vpc-limit.input",
    "The zone id is well-formed and the limit a whole number from 0 to 10**12 (or None for the default).",
    (InvalidInput,),
    INFERRED,
    "Spec §3.8: the VPCs-per-zone quota is adjustable per zone.",
)
def _limit_input(world: World, request: object) -> SetZoneVpcLimitRequest:
    request = expect(request, SetZoneVpcLimitRequest)
    m = Members()
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    limit = request.limit
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_QUOTA):
        m.problem(f"limit must be a whole number from 0 to {MAX_QUOTA} or None, not {shown(limit)}")
    m.done()
    return SetZoneVpcLimitRequest(hosted_zone_id=zone_id, limit=limit)


@rule(
    "set-zone-vpc-limit.zone-exists",
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
    name="set-zone-vpc-limit",
    aws_name="(quota increase)",
    summary="Override one zone's VPCs-per-zone quota.",
    request_type=SetZoneVpcLimitRequest,
    rules=(_limit_input, _limit_zone),
    effect=_limit_effect,
)


def set_zone_vpc_limit(world: World, *, hosted_zone_id: str, limit: int | None) -> World:
    """Return a world where the zone may have *limit* VPCs (``None``: the default)."""
    world, _ = SET_ZONE_VPC_LIMIT.run(
        require_world(world), SetZoneVpcLimitRequest(hosted_zone_id=hosted_zone_id, limit=limit)
    )
    return world

"""Rule order, pinned by behaviour: for every adjacent pair of rules in every table.

For each operation and each adjacent pair (rule i, rule i+1) of its table there is a
case here, keyed by the two rule ids:

* ``Both`` — a world and a request that *both* rules refuse.  The operation must raise
  rule i's error (the code the case names; code and message equal to what rule i's own
  check raises on that request), and a mutant operation without rule i must raise
  rule i+1's error instead, which differs.  So swapping the pair, or dropping rule i,
  changes what the operation answers.
* ``Exclusive`` — the two rules cannot both refuse (rule i+1 presupposes what rule i
  establishes, or refuses only where an earlier rule already has, or one of them never
  refuses).  The case is one where one of them decides; the test pins the operation's
  outcome and both rules' verdicts in ``explain``, and shows that the swapped table
  crashes or answers differently there (outcome or verdicts) — so a swap in the library
  fails this test (or the totality property, for a crash).
* ``Silent`` — neither rule can refuse: the two are informational steps of ``explain``
  and their order is not observable in any outcome.  The test checks both really never
  refuse and pins their order in the trace.

``test_every_adjacent_pair_has_a_case`` keeps the table honest: a new rule or a
reordering without a case fails with the uncovered pair named.

Worlds are built through the public operations only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import route53_assoc as r53
from route53_assoc import (
    OPERATIONS,
    AddAccountRequest,
    AssociateRequest,
    ChangeResourceRecordSetsRequest,
    ChangeTagsForResourceRequest,
    CreateAuthorizationRequest,
    CreateHostedZoneRequest,
    CreateServiceZoneRequest,
    CreateTagsRequest,
    CreateVpcRequest,
    DeleteAuthorizationRequest,
    DeleteHostedZoneRequest,
    DeleteTagsRequest,
    DeleteVpcRequest,
    DescribeNetworkAclsRequest,
    DescribeRouteTablesRequest,
    DescribeSecurityGroupsRequest,
    DescribeTagsRequest,
    DescribeVpcAttributeRequest,
    DescribeVpcsRequest,
    DisassociateRequest,
    GetChangeRequest,
    GetDnssecRequest,
    GetHostedZoneCountRequest,
    GetHostedZoneLimitRequest,
    GetHostedZoneRequest,
    LinkZoneRequest,
    ListAuthorizationsRequest,
    ListHostedZonesByNameRequest,
    ListHostedZonesByVpcRequest,
    ListHostedZonesRequest,
    ListResourceRecordSetsRequest,
    ListTagsForResourceRequest,
    ListTagsForResourcesRequest,
    ModifyVpcAttributeRequest,
    Operation,
    Quotas,
    RecordChange,
    SetZoneVpcLimitRequest,
    UpdateHostedZoneCommentRequest,
    Verdict,
    World,
    operation,
)
from route53_assoc.errors import Route53Error

A = "111111111111"
B = "222222222222"
C = "333333333333"  # an account of the aws-cn partition
NO_ZONE = "Z0NOSUCHZONE0000000000"
NO_VPC = "vpc-0000dead"
LONG_ID = "Z" * 33  # over the 32-character id limit
LONG_COMMENT = "c" * 257  # over the 256-character comment limit
EAST = "us-east-1"
WEST = "eu-west-1"


# -- worlds ----------------------------------------------------------------------


@attrs.frozen
class Made:
    """A world and the ids a case needs."""

    world: World
    ids: dict[str, str]


def _make(*, processing: float = 0, quotas: Quotas | None = None, busy: bool = False) -> Made:
    """A world with, in partition aws: A's VPCs a1, a2 (us-east-1); B's VPC b1 (us-east-1);
    A's private zone ``pz`` (corp.example, with a1), A's public zone ``pub``, B's private
    zone ``bz`` (corp.example, with b1), B's public zone ``bpub``; and C's VPC c1 in
    cn-north-1.  With *processing*, the clock is moved past every zone's creation unless
    *busy*."""
    w = World.empty(processing_seconds=processing, quotas=quotas)
    w, a1 = r53.create_vpc(w, owner=A, region=EAST)
    w, a2 = r53.create_vpc(w, owner=A, region=EAST)
    w, b1 = r53.create_vpc(w, owner=B, region=EAST)
    w = r53.add_account(w, account=C, partition="aws-cn")
    w, c1 = r53.create_vpc(w, owner=C, region="cn-north-1")
    w, pz = r53.create_hosted_zone(
        w, caller=A, name="corp.example", caller_reference="pz", vpc_id=a1.id, vpc_region=EAST
    )
    w, pub = r53.create_hosted_zone(w, caller=A, name="pub.example", caller_reference="pub")
    w, bz = r53.create_hosted_zone(
        w, caller=B, name="corp.example", caller_reference="bz", vpc_id=b1.id, vpc_region=EAST
    )
    w, bpub = r53.create_hosted_zone(w, caller=B, name="bpub.example", caller_reference="bpub")
    if processing and not busy:
        w = r53.advance(w, seconds=processing + 1)
    ids = {
        "a1": a1.id,
        "a2": a2.id,
        "b1": b1.id,
        "c1": c1.id,
        "pz": pz.zone.id,
        "pub": pub.zone.id,
        "bz": bz.zone.id,
        "bpub": bpub.zone.id,
    }
    return Made(w, ids)


def _service_zone(made: Made, vpc: str) -> tuple[World, str]:
    """*made*'s world plus a zone owned by a service, associated with *vpc*."""
    w, zone = r53.create_service_zone(
        made.world, service="efs.amazonaws.com", name="efs.internal", vpc_id=made.ids[vpc], vpc_region=EAST
    )
    return w, zone.id


def _a_record(name: str, *values: str, action: str = "CREATE") -> RecordChange:
    return RecordChange(action=action, name=name, type="A", ttl=300, values=values or ("10.0.0.1",))


def _wide_record(name: str) -> RecordChange:
    """A set of 401 values: over the 400-values-a-set request limit."""
    return RecordChange(
        action="CREATE",
        name=name,
        type="A",
        ttl=300,
        values=[f"10.0.{i // 256}.{i % 256}" for i in range(401)],
    )


# -- cases -------------------------------------------------------------------------

Build = Callable[[], tuple[World, object]]


@attrs.frozen
class Both:
    """Both rules refuse; *first* and *second* are their error codes."""

    build: Build
    first: str
    second: str


@attrs.frozen
class Exclusive:
    """The rules cannot both refuse (*reason*); on the built case the operation's outcome
    is *outcome* (an error code, or ``"ok"``) and *verdicts* are the pair's verdicts."""

    reason: str
    build: Build
    outcome: str
    verdicts: tuple[Verdict, Verdict]


@attrs.frozen
class Silent:
    """Neither rule ever refuses (*reason*); the built case succeeds."""

    reason: str
    build: Build


Case = Both | Exclusive | Silent

FAILED, PASSED, NOT_REACHED = Verdict.FAILED, Verdict.PASSED, Verdict.NOT_REACHED

PRESUPPOSES_ZONE = "presupposes the zone the previous rule found (it reads world.zones[id])"
OWNER_LOOKS_UP_ZONE = (
    "the owner check looks the zone up itself and answers NoSuchHostedZone for an unknown "
    "zone, so both cannot refuse with different errors; the swap shows in explain's verdicts"
)
NEVER_REFUSES = "the later rule never refuses (it declares no error)"
EARLIER_NEVER_REFUSES = "the earlier rule never refuses (it declares no error)"


def _plain(**kwargs: Any) -> Build:
    """A case on the plain world: *kwargs* name the request type and its members;
    string members ``@name`` are replaced by the world's id of that name."""
    kind = kwargs.pop("kind")

    def build() -> tuple[World, object]:
        made = _make()
        return made.world, kind(**_resolve(made, kwargs))

    return build


def _resolve(made: Made, members: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in members.items():
        if isinstance(value, str) and value.startswith("@"):
            value = made.ids[value[1:]]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [made.ids[v[1:]] if v.startswith("@") else v for v in value]
        out[key] = value
    return out


# associate -------------------------------------------------------------------------


def _assoc_service_zone_cross_partition() -> tuple[World, object]:
    made = _make()
    w, zone = _service_zone(made, "a1")
    # A's VPC check passes (c1 exists in cn-north-1); the region lies in aws-cn, the zone in aws.
    return w, AssociateRequest(caller=A, hosted_zone_id=zone, vpc_id=made.ids["c1"], vpc_region="cn-north-1")


def _assoc_service_zone_unauthorized() -> tuple[World, object]:
    made = _make()
    w, zone = _service_zone(made, "b1")
    return w, AssociateRequest(caller=A, hosted_zone_id=zone, vpc_id=made.ids["a1"], vpc_region=EAST)


def _assoc_full_and_busy() -> tuple[World, object]:
    made = _make(processing=60, quotas=Quotas(vpcs_per_zone=1), busy=True)
    return made.world, AssociateRequest(
        caller=A, hosted_zone_id=made.ids["pz"], vpc_id=made.ids["a2"], vpc_region=EAST
    )


def _assoc_same_name_and_full() -> tuple[World, object]:
    made = _make(quotas=Quotas(vpcs_per_zone=1))
    return made.world, AssociateRequest(
        caller=A, hosted_zone_id=made.ids["pz"], vpc_id=made.ids["a1"], vpc_region=EAST
    )


ASSOCIATE_CASES: dict[tuple[str, str], Case] = {
    ("associate.input", "associate.zone-exists"): Both(
        _plain(kind=AssociateRequest, caller=A, hosted_zone_id=NO_ZONE, vpc_id="@a1", vpc_region="mars-1"),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    ("associate.zone-exists", "associate.zone-private"): Exclusive(
        PRESUPPOSES_ZONE,
        _plain(kind=AssociateRequest, caller=A, hosted_zone_id=NO_ZONE, vpc_id="@a1", vpc_region=EAST),
        "NoSuchHostedZone",
        (FAILED, NOT_REACHED),
    ),
    ("associate.zone-private", "associate.vpc-exists"): Both(
        _plain(kind=AssociateRequest, caller=A, hosted_zone_id="@pub", vpc_id=NO_VPC, vpc_region=EAST),
        "PublicZoneVPCAssociation",
        "InvalidVPCId",
    ),
    ("associate.vpc-exists", "associate.same-partition"): Both(
        _plain(kind=AssociateRequest, caller=A, hosted_zone_id="@pz", vpc_id=NO_VPC, vpc_region="cn-north-1"),
        "InvalidVPCId",
        "InvalidVPCId",
    ),
    ("associate.same-partition", "associate.not-service-owned"): Both(
        _assoc_service_zone_cross_partition, "InvalidVPCId", "AccessDenied"
    ),
    ("associate.not-service-owned", "associate.caller-authorized"): Both(
        _assoc_service_zone_unauthorized, "AccessDenied", "NotAuthorizedException"
    ),
    ("associate.caller-authorized", "associate.no-same-name"): Both(
        # a1 already has A's corp.example; B's corp.example has not authorized a1.
        _plain(kind=AssociateRequest, caller=A, hosted_zone_id="@bz", vpc_id="@a1", vpc_region=EAST),
        "NotAuthorizedException",
        "ConflictingDomainExists",
    ),
    ("associate.no-same-name", "associate.quota"): Both(
        _assoc_same_name_and_full, "ConflictingDomainExists", "LimitsExceeded"
    ),
    ("associate.quota", "associate.no-prior-request"): Both(
        _assoc_full_and_busy, "LimitsExceeded", "PriorRequestNotComplete"
    ),
}


# disassociate ----------------------------------------------------------------------


def _dis_service_zone(vpc_of_zone: str, vpc: str) -> Build:
    def build() -> tuple[World, object]:
        made = _make()
        w, zone = _service_zone(made, vpc_of_zone)
        return w, DisassociateRequest(caller=A, hosted_zone_id=zone, vpc_id=made.ids[vpc], vpc_region=EAST)

    return build


DISASSOCIATE_CASES: dict[tuple[str, str], Case] = {
    ("disassociate.input", "disassociate.zone-exists"): Both(
        _plain(kind=DisassociateRequest, caller=A, hosted_zone_id=NO_ZONE, vpc_id="@a1", vpc_region="mars-1"),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    ("disassociate.zone-exists", "disassociate.caller-may"): Exclusive(
        PRESUPPOSES_ZONE,
        _plain(kind=DisassociateRequest, caller=A, hosted_zone_id=NO_ZONE, vpc_id="@a1"),
        "NoSuchHostedZone",
        (FAILED, NOT_REACHED),
    ),
    ("disassociate.caller-may", "disassociate.not-service-owned"): Both(
        _dis_service_zone("b1", "b1"), "InvalidVPCId", "AccessDenied"
    ),
    ("disassociate.not-service-owned", "disassociate.associated"): Both(
        _dis_service_zone("a1", "a2"), "AccessDenied", "VPCAssociationNotFound"
    ),
    ("disassociate.associated", "disassociate.not-last"): Both(
        # pz's only VPC, named with the wrong region.
        _plain(kind=DisassociateRequest, caller=A, hosted_zone_id="@pz", vpc_id="@a1", vpc_region=WEST),
        "VPCAssociationNotFound",
        "LastVPCAssociation",
    ),
}


# create-hosted-zone ----------------------------------------------------------------


def _create_zone(*, quotas: Quotas | None = None, **members: Any) -> Build:
    def build() -> tuple[World, object]:
        made = _make(quotas=quotas)
        return made.world, CreateHostedZoneRequest(caller=A, **_resolve(made, members))

    return build


CREATE_ZONE_CASES: dict[tuple[str, str], Case] = {
    ("create-hosted-zone.input", "create-hosted-zone.new-members-default"): Both(
        _create_zone(
            name="new.example", caller_reference="new", comment=LONG_COMMENT, hosted_zone_tier="ADVANCED"
        ),
        "InvalidInput",
        "NotModelled",
    ),
    ("create-hosted-zone.new-members-default", "create-hosted-zone.delegation-set-not-private"): Both(
        _create_zone(
            name="new.example",
            caller_reference="new",
            vpc_id="@a2",
            vpc_region=EAST,
            delegation_set_id="N1",
            hosted_zone_tier="ADVANCED",
        ),
        "NotModelled",
        "InvalidInput",
    ),
    ("create-hosted-zone.delegation-set-not-private", "create-hosted-zone.name-valid"): Both(
        _create_zone(
            name="x" * 64 + ".example",
            caller_reference="new",
            vpc_id="@a2",
            vpc_region=EAST,
            delegation_set_id="N1",
        ),
        "InvalidInput",
        "InvalidDomainName",
    ),
    ("create-hosted-zone.name-valid", "create-hosted-zone.caller-reference-unused"): Both(
        _create_zone(name="com", caller_reference="pub"),  # a TLD; "pub" is used
        "InvalidDomainName",
        "HostedZoneAlreadyExists",
    ),
    ("create-hosted-zone.caller-reference-unused", "create-hosted-zone.vpc-exists"): Both(
        _create_zone(name="new.example", caller_reference="pz", vpc_id=NO_VPC, vpc_region=EAST),
        "HostedZoneAlreadyExists",
        "InvalidVPCId",
    ),
    ("create-hosted-zone.vpc-exists", "create-hosted-zone.vpc-owned"): Exclusive(
        "vpc-owned presupposes the VPC that vpc-exists found (it reads world.vpcs[id])",
        _create_zone(name="new.example", caller_reference="new", vpc_id=NO_VPC, vpc_region=EAST),
        "InvalidVPCId",
        (FAILED, NOT_REACHED),
    ),
    ("create-hosted-zone.vpc-owned", "create-hosted-zone.no-same-name"): Both(
        # b1 is B's and already has B's corp.example.
        _create_zone(name="corp.example", caller_reference="new", vpc_id="@b1", vpc_region=EAST),
        "InvalidVPCId",
        "ConflictingDomainExists",
    ),
    ("create-hosted-zone.no-same-name", "create-hosted-zone.delegation-set-exists"): Exclusive(
        "no-same-name refuses only a zone given a VPC, delegation-set-exists only one given a "
        "DelegationSetId; a request with both is refused earlier by delegation-set-not-private",
        _create_zone(name="corp.example", caller_reference="new", vpc_id="@a1", vpc_region=EAST),
        "ConflictingDomainExists",
        (FAILED, NOT_REACHED),
    ),
    ("create-hosted-zone.delegation-set-exists", "create-hosted-zone.quota"): Both(
        _create_zone(
            name="new.example",
            caller_reference="new",
            delegation_set_id="N1",
            quotas=Quotas(zones_per_account=2),
        ),
        "NoSuchDelegationSet",
        "TooManyHostedZones",
    ),
}


# delete-hosted-zone ----------------------------------------------------------------


def _delete_linked(caller: str, zone: str, *, records: bool = False) -> Build:
    def build() -> tuple[World, object]:
        made = _make()
        w = made.world
        zone_id = made.ids[zone]
        if records:
            w, _ = r53.change_resource_record_sets(
                w, caller=A, hosted_zone_id=zone_id, changes=[_a_record("www.pub.example")]
            )
        w = r53.link_zone(w, hosted_zone_id=zone_id, service="servicediscovery.amazonaws.com")
        return w, DeleteHostedZoneRequest(caller=caller, hosted_zone_id=zone_id)

    return build


def _delete_not_empty_and_busy() -> tuple[World, object]:
    made = _make(processing=60)
    w, _ = r53.change_resource_record_sets(
        made.world, caller=A, hosted_zone_id=made.ids["pub"], changes=[_a_record("www.pub.example")]
    )
    return w, DeleteHostedZoneRequest(caller=A, hosted_zone_id=made.ids["pub"])


DELETE_ZONE_CASES: dict[tuple[str, str], Case] = {
    ("delete-hosted-zone.input", "delete-hosted-zone.zone-exists"): Both(
        _plain(kind=DeleteHostedZoneRequest, caller=A, hosted_zone_id=LONG_ID),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    ("delete-hosted-zone.zone-exists", "delete-hosted-zone.caller-owns-zone"): Exclusive(
        OWNER_LOOKS_UP_ZONE,
        _plain(kind=DeleteHostedZoneRequest, caller=A, hosted_zone_id=NO_ZONE),
        "NoSuchHostedZone",
        (FAILED, NOT_REACHED),
    ),
    ("delete-hosted-zone.caller-owns-zone", "delete-hosted-zone.not-linked"): Both(
        _delete_linked(B, "pub"), "AccessDenied", "AccessDenied"
    ),
    ("delete-hosted-zone.not-linked", "delete-hosted-zone.not-empty"): Both(
        _delete_linked(A, "pub", records=True), "AccessDenied", "HostedZoneNotEmpty"
    ),
    ("delete-hosted-zone.not-empty", "delete-hosted-zone.no-prior-request"): Both(
        _delete_not_empty_and_busy, "HostedZoneNotEmpty", "PriorRequestNotComplete"
    ),
}


# authorizations --------------------------------------------------------------------


def _zone_exists_pair(kind: type, prefix: str, **members: Any) -> dict[tuple[str, str], Case]:
    """The pair (zone-exists, caller-owns-zone) of an operation built on the common rules."""
    return {
        (f"{prefix}.zone-exists", f"{prefix}.caller-owns-zone"): Exclusive(
            OWNER_LOOKS_UP_ZONE,
            _plain(kind=kind, caller=A, hosted_zone_id=NO_ZONE, **members),
            "NoSuchHostedZone",
            (FAILED, NOT_REACHED),
        )
    }


AUTHORIZATION_CASES: dict[tuple[str, str], Case] = {
    ("create-authorization.input", "create-authorization.zone-exists"): Both(
        _plain(
            kind=CreateAuthorizationRequest, caller=A, hosted_zone_id=NO_ZONE, vpc_id="@b1", vpc_region="mars-1"
        ),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(CreateAuthorizationRequest, "create-authorization", vpc_id="@b1", vpc_region=EAST),
    ("create-authorization.caller-owns-zone", "create-authorization.vpc-well-formed"): Both(
        _plain(kind=CreateAuthorizationRequest, caller=A, hosted_zone_id="@bz", vpc_id="vpc-XYZ", vpc_region=EAST),
        "AccessDenied",
        "InvalidVPCId",
    ),
    ("create-authorization.vpc-well-formed", "create-authorization.zone-private"): Both(
        _plain(kind=CreateAuthorizationRequest, caller=A, hosted_zone_id="@pub", vpc_id="vpc-XYZ", vpc_region=EAST),
        "InvalidVPCId",
        "InvalidInput",
    ),
    ("create-authorization.zone-private", "create-authorization.quota"): Both(
        lambda: (
            (made := _make(quotas=Quotas(authorizations_per_zone=0))).world,
            CreateAuthorizationRequest(
                caller=A, hosted_zone_id=made.ids["pub"], vpc_id=made.ids["b1"], vpc_region=EAST
            ),
        ),
        "InvalidInput",
        "TooManyVPCAssociationAuthorizations",
    ),
    ("delete-authorization.input", "delete-authorization.zone-exists"): Both(
        _plain(
            kind=DeleteAuthorizationRequest,
            caller=A,
            hosted_zone_id=NO_ZONE,
            vpc_id="@b1",
            vpc_region="mars-1",
        ),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(DeleteAuthorizationRequest, "delete-authorization", vpc_id="@b1", vpc_region=EAST),
    ("delete-authorization.caller-owns-zone", "delete-authorization.exists"): Both(
        _plain(
            kind=DeleteAuthorizationRequest, caller=A, hosted_zone_id="@bz", vpc_id="@a1", vpc_region=EAST
        ),
        "AccessDenied",
        "VPCAssociationAuthorizationNotFound",
    ),
    ("list-authorizations.input", "list-authorizations.zone-exists"): Both(
        _plain(kind=ListAuthorizationsRequest, caller=A, hosted_zone_id=NO_ZONE, max_results="0"),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(ListAuthorizationsRequest, "list-authorizations"),
    ("list-authorizations.caller-owns-zone", "list-authorizations.token-valid"): Both(
        _plain(kind=ListAuthorizationsRequest, caller=A, hosted_zone_id="@bz", next_token="garbage"),
        "AccessDenied",
        "InvalidPaginationToken",
    ),
}


# reads -----------------------------------------------------------------------------


READ_CASES: dict[tuple[str, str], Case] = {
    ("get-hosted-zone.input", "get-hosted-zone.zone-exists"): Both(
        _plain(kind=GetHostedZoneRequest, caller=A, hosted_zone_id=LONG_ID),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(GetHostedZoneRequest, "get-hosted-zone"),
    ("list-hosted-zones-by-vpc.input", "list-hosted-zones-by-vpc.caller-owns-vpc"): Both(
        _plain(kind=ListHostedZonesByVpcRequest, caller=A, vpc_id=NO_VPC, vpc_region=EAST, max_items="0"),
        "InvalidInput",
        "AccessDenied",
    ),
    ("list-hosted-zones-by-vpc.caller-owns-vpc", "list-hosted-zones-by-vpc.token-valid"): Both(
        _plain(
            kind=ListHostedZonesByVpcRequest, caller=A, vpc_id="@b1", vpc_region=EAST, next_token="garbage"
        ),
        "AccessDenied",
        "InvalidPaginationToken",
    ),
    ("get-hosted-zone-limit.input", "get-hosted-zone-limit.zone-exists"): Both(
        _plain(kind=GetHostedZoneLimitRequest, caller=A, hosted_zone_id=NO_ZONE, type="MAX_BOGUS"),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(GetHostedZoneLimitRequest, "get-hosted-zone-limit"),
    ("get-hosted-zone-limit.caller-owns-zone", "get-hosted-zone-limit.zone-private"): Both(
        _plain(kind=GetHostedZoneLimitRequest, caller=A, hosted_zone_id="@bpub"),
        "AccessDenied",
        "HostedZoneNotPrivate",
    ),
    ("get-change.input", "get-change.exists"): Both(
        _plain(kind=GetChangeRequest, caller=A, change_id="C" * 33), "InvalidInput", "NoSuchChange"
    ),
    ("get-change.exists", "get-change.caller-owns-zone"): Exclusive(
        "the owner check presupposes the change that get-change.exists found (it reads world.changes[id])",
        _plain(kind=GetChangeRequest, caller=A, change_id="C0NOSUCHCHANGE"),
        "NoSuchChange",
        (FAILED, NOT_REACHED),
    ),
}


# service zones and links -----------------------------------------------------------

LIFECYCLE_CASES: dict[tuple[str, str], Case] = {
    ("create-service-zone.input", "create-service-zone.vpc-exists"): Both(
        _plain(
            kind=CreateServiceZoneRequest,
            service="not a service",
            name="svc.internal",
            vpc_id=NO_VPC,
            vpc_region=EAST,
        ),
        "InvalidInput",
        "InvalidVPCId",
    ),
    ("create-service-zone.vpc-exists", "create-service-zone.no-same-name"): Both(
        # a1 exists, but in us-east-1; it already has corp.example.
        _plain(
            kind=CreateServiceZoneRequest,
            service="efs.amazonaws.com",
            name="corp.example.",
            vpc_id="@a1",
            vpc_region=WEST,
        ),
        "InvalidVPCId",
        "ConflictingDomainExists",
    ),
    ("link-zone.input", "link-zone.zone-exists"): Both(
        _plain(kind=LinkZoneRequest, hosted_zone_id=NO_ZONE, service="not a service"),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
}


# record sets -----------------------------------------------------------------------


def _records(
    *,
    processing: float = 0,
    busy: bool = False,
    link: bool = False,
    caller: str = A,
    zone: str = "pub",
    changes: Callable[[str], list[object]],
) -> Build:
    def build() -> tuple[World, object]:
        made = _make(processing=processing, busy=busy)
        w = made.world
        zone_id = made.ids.get(zone, zone)
        if link:
            w = r53.link_zone(w, hosted_zone_id=zone_id, service="servicediscovery.amazonaws.com")
        name = "pub.example" if zone == "pub" else "bpub.example"
        return w, ChangeResourceRecordSetsRequest(caller=caller, hosted_zone_id=zone_id, changes=changes(name))

    return build


def _tlsa(name: str) -> list[object]:
    return [
        RecordChange(action="CREATE", name=f"_443._tcp.{name}", type="TLSA", ttl=300, values=["3 1 1 abcd"])
    ]


RECORD_CASES: dict[tuple[str, str], Case] = {
    ("list-resource-record-sets.input", "list-resource-record-sets.zone-exists"): Both(
        _plain(
            kind=ListResourceRecordSetsRequest,
            caller=A,
            hosted_zone_id=NO_ZONE,
            start_record_name="a.example",
            start_record_type="BOGUS",
        ),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(ListResourceRecordSetsRequest, "list-resource-record-sets"),
    ("change-resource-record-sets.input", "change-resource-record-sets.simple-only"): Exclusive(
        "simple-only reads the checked batch the input rule builds (the raw request's changes "
        "carry no such reading)",
        _records(changes=lambda name: []),
        "InvalidInput",
        (FAILED, NOT_REACHED),
    ),
    ("change-resource-record-sets.simple-only", "change-resource-record-sets.zone-exists"): Both(
        _records(zone=NO_ZONE, changes=_tlsa), "NotModelled", "NoSuchHostedZone"
    ),
    ("change-resource-record-sets.zone-exists", "change-resource-record-sets.caller-owns-zone"): Exclusive(
        OWNER_LOOKS_UP_ZONE,
        _records(zone=NO_ZONE, changes=lambda name: [_a_record(f"www.{name}")]),
        "NoSuchHostedZone",
        (FAILED, NOT_REACHED),
    ),
    ("change-resource-record-sets.caller-owns-zone", "change-resource-record-sets.not-linked"): Both(
        _records(caller=B, link=True, changes=lambda name: [_a_record(f"www.{name}")]),
        "AccessDenied",
        "AccessDenied",
    ),
    ("change-resource-record-sets.not-linked", "change-resource-record-sets.no-prior-request"): Both(
        _records(processing=60, busy=True, link=True, changes=lambda name: [_a_record(f"www.{name}")]),
        "AccessDenied",
        "PriorRequestNotComplete",
    ),
    ("change-resource-record-sets.no-prior-request", "change-resource-record-sets.request-limits"): Both(
        _records(processing=60, busy=True, changes=lambda name: [_wide_record(f"www.{name}")]),
        "PriorRequestNotComplete",
        "InvalidChangeBatch",
    ),
    ("change-resource-record-sets.request-limits", "change-resource-record-sets.changes-valid"): Both(
        # 401 values in one set, and a second change outside the zone.
        _records(changes=lambda name: [_wide_record(f"www.{name}"), _a_record("www.elsewhere.example")]),
        "InvalidChangeBatch",
        "InvalidChangeBatch",
    ),
}


# zone listings, count, comment, DNSSEC ----------------------------------------------


def _busy_comment(caller: str) -> Build:
    def build() -> tuple[World, object]:
        made = _make(processing=60, busy=True)
        return made.world, UpdateHostedZoneCommentRequest(
            caller=caller, hosted_zone_id=made.ids["bpub"], comment="x"
        )

    return build


LISTING_CASES: dict[tuple[str, str], Case] = {
    ("list-hosted-zones.input", "list-hosted-zones.owned"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=ListHostedZonesRequest, caller=A, max_items="0"),
        "InvalidInput",
        (FAILED, NOT_REACHED),
    ),
    ("list-hosted-zones.owned", "list-hosted-zones.delegation-set"): Exclusive(
        EARLIER_NEVER_REFUSES,
        _plain(kind=ListHostedZonesRequest, caller=A, delegation_set_id="N1"),
        "NoSuchDelegationSet",
        (PASSED, FAILED),
    ),
    ("list-hosted-zones.delegation-set", "list-hosted-zones.marker"): Both(
        _plain(kind=ListHostedZonesRequest, caller=A, delegation_set_id="N1", marker=NO_ZONE),
        "NoSuchDelegationSet",
        "InvalidInput",
    ),
    ("list-hosted-zones.marker", "list-hosted-zones.page"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=ListHostedZonesRequest, caller=A, marker="@bpub"),  # B's zone: no marker of A's
        "InvalidInput",
        (FAILED, NOT_REACHED),
    ),
    ("list-hosted-zones.page", "list-hosted-zones.type"): Silent(
        "page size and type filter are informational steps; neither refuses",
        _plain(kind=ListHostedZonesRequest, caller=A, max_items="1", hosted_zone_type="PrivateHostedZone"),
    ),
    ("list-hosted-zones-by-name.input", "list-hosted-zones-by-name.id-needs-name"): Both(
        _plain(kind=ListHostedZonesByNameRequest, caller=A, hosted_zone_id="@pz", max_items="0"),
        "InvalidInput",
        "InvalidInput",
    ),
    ("list-hosted-zones-by-name.id-needs-name", "list-hosted-zones-by-name.name-valid"): Exclusive(
        "id-needs-name refuses only a request without dnsname, name-valid only one with a dnsname",
        _plain(kind=ListHostedZonesByNameRequest, caller=A, hosted_zone_id="@pz"),
        "InvalidInput",
        (FAILED, NOT_REACHED),
    ),
    ("list-hosted-zones-by-name.name-valid", "list-hosted-zones-by-name.order"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=ListHostedZonesByNameRequest, caller=A, dns_name="x" * 64 + ".example"),
        "InvalidDomainName",
        (FAILED, NOT_REACHED),
    ),
    ("list-hosted-zones-by-name.order", "list-hosted-zones-by-name.start"): Silent(
        "sort order and start point are informational steps; neither refuses",
        _plain(kind=ListHostedZonesByNameRequest, caller=A, dns_name="corp.example"),
    ),
    ("get-hosted-zone-count.input", "get-hosted-zone-count.owned"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=GetHostedZoneCountRequest, caller="not-an-account"),
        "InvalidInput",
        (FAILED, NOT_REACHED),
    ),
    ("update-hosted-zone-comment.input", "update-hosted-zone-comment.zone-exists"): Both(
        _plain(kind=UpdateHostedZoneCommentRequest, caller=A, hosted_zone_id=NO_ZONE, comment=LONG_COMMENT),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    **_zone_exists_pair(UpdateHostedZoneCommentRequest, "update-hosted-zone-comment", comment="x"),
    ("update-hosted-zone-comment.caller-owns-zone", "update-hosted-zone-comment.no-prior-request"): Both(
        _busy_comment(A), "AccessDenied", "PriorRequestNotComplete"
    ),
    ("update-hosted-zone-comment.no-prior-request", "update-hosted-zone-comment.set"): Exclusive(
        NEVER_REFUSES, _busy_comment(B), "PriorRequestNotComplete", (FAILED, NOT_REACHED)
    ),
    ("get-dnssec.input", "get-dnssec.zone-exists"): Both(
        _plain(kind=GetDnssecRequest, caller=A, hosted_zone_id=LONG_ID), "InvalidInput", "NoSuchHostedZone"
    ),
    **_zone_exists_pair(GetDnssecRequest, "get-dnssec"),
    ("get-dnssec.caller-owns-zone", "get-dnssec.zone-public"): Both(
        _plain(kind=GetDnssecRequest, caller=A, hosted_zone_id="@bz"), "AccessDenied", "InvalidArgument"
    ),
    ("get-dnssec.zone-public", "get-dnssec.not-signing"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=GetDnssecRequest, caller=A, hosted_zone_id="@pz"),
        "InvalidArgument",
        (FAILED, NOT_REACHED),
    ),
}


# tags ------------------------------------------------------------------------------


def _tags_full_then(caller: str) -> Build:
    """B's public zone holding 50 tags; *caller* adds one more."""

    def build() -> tuple[World, object]:
        made = _make()
        w = made.world
        for batch in range(5):
            tags = [{"Key": f"k{batch}-{i}", "Value": "v"} for i in range(10)]
            w = r53.change_tags_for_resource(w, caller=B, resource_id=made.ids["bpub"], add_tags=tags)
        return w, ChangeTagsForResourceRequest(
            caller=caller,
            resource_type="hostedzone",
            resource_id=made.ids["bpub"],
            add_tags=[{"Key": "one", "Value": "more"}],
        )

    return build


TAG_CASES: dict[tuple[str, str], Case] = {
    ("change-tags-for-resource.input", "change-tags-for-resource.hosted-zone-only"): Both(
        _plain(
            kind=ChangeTagsForResourceRequest, caller=A, resource_type="healthcheck", resource_id="@pub", add_tags=[]
        ),
        "InvalidInput",
        "NotModelled",
    ),
    ("change-tags-for-resource.hosted-zone-only", "change-tags-for-resource.zone-exists"): Both(
        _plain(
            kind=ChangeTagsForResourceRequest,
            caller=A,
            resource_type="healthcheck",
            resource_id=NO_ZONE,
            remove_tag_keys=["k"],
        ),
        "NotModelled",
        "NoSuchHostedZone",
    ),
    ("change-tags-for-resource.zone-exists", "change-tags-for-resource.caller-owns-zone"): Exclusive(
        OWNER_LOOKS_UP_ZONE,
        _plain(
            kind=ChangeTagsForResourceRequest,
            caller=A,
            resource_type="hostedzone",
            resource_id=NO_ZONE,
            remove_tag_keys=["k"],
        ),
        "NoSuchHostedZone",
        (FAILED, NOT_REACHED),
    ),
    ("change-tags-for-resource.caller-owns-zone", "change-tags-for-resource.limit"): Both(
        _tags_full_then(A), "AccessDenied", "InvalidInput"
    ),
    ("change-tags-for-resource.limit", "change-tags-for-resource.apply"): Exclusive(
        NEVER_REFUSES, _tags_full_then(B), "InvalidInput", (FAILED, NOT_REACHED)
    ),
    ("list-tags-for-resource.input", "list-tags-for-resource.hosted-zone-only"): Both(
        _plain(kind=ListTagsForResourceRequest, caller=A, resource_type="healthcheck", resource_id=LONG_ID),
        "InvalidInput",
        "NotModelled",
    ),
    ("list-tags-for-resource.hosted-zone-only", "list-tags-for-resource.zone-exists"): Both(
        _plain(kind=ListTagsForResourceRequest, caller=A, resource_type="healthcheck", resource_id=NO_ZONE),
        "NotModelled",
        "NoSuchHostedZone",
    ),
    ("list-tags-for-resource.zone-exists", "list-tags-for-resource.caller-owns-zone"): Exclusive(
        OWNER_LOOKS_UP_ZONE,
        _plain(kind=ListTagsForResourceRequest, caller=A, resource_type="hostedzone", resource_id=NO_ZONE),
        "NoSuchHostedZone",
        (FAILED, NOT_REACHED),
    ),
    ("list-tags-for-resource.caller-owns-zone", "list-tags-for-resource.list"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=ListTagsForResourceRequest, caller=A, resource_type="hostedzone", resource_id="@bpub"),
        "AccessDenied",
        (FAILED, NOT_REACHED),
    ),
    ("list-tags-for-resources.input", "list-tags-for-resources.hosted-zone-only"): Both(
        _plain(kind=ListTagsForResourcesRequest, caller=A, resource_type="healthcheck", resource_ids=[]),
        "InvalidInput",
        "NotModelled",
    ),
    ("list-tags-for-resources.hosted-zone-only", "list-tags-for-resources.zones-exist"): Both(
        _plain(
            kind=ListTagsForResourcesRequest, caller=A, resource_type="healthcheck", resource_ids=[NO_ZONE]
        ),
        "NotModelled",
        "NoSuchHostedZone",
    ),
    ("list-tags-for-resources.zones-exist", "list-tags-for-resources.caller-owns-zones"): Both(
        # B's zone first, then an unknown one: every id must exist before ownership is judged.
        _plain(
            kind=ListTagsForResourcesRequest,
            caller=A,
            resource_type="hostedzone",
            resource_ids=["@bpub", NO_ZONE],
        ),
        "NoSuchHostedZone",
        "AccessDenied",
    ),
    ("list-tags-for-resources.caller-owns-zones", "list-tags-for-resources.list"): Exclusive(
        NEVER_REFUSES,
        _plain(
            kind=ListTagsForResourcesRequest, caller=A, resource_type="hostedzone", resource_ids=["@bpub"]
        ),
        "AccessDenied",
        (FAILED, NOT_REACHED),
    ),
}


# EC2: accounts, VPCs, attributes, default resources, tags ---------------------------


def _on(setup: Callable[[Made], World], **kwargs: Any) -> Build:
    """As :func:`_plain`, on the world *setup* makes of the plain one."""
    kind = kwargs.pop("kind")

    def build() -> tuple[World, object]:
        made = _make()
        return setup(made), kind(**_resolve(made, kwargs))

    return build


def _full_vpc_quota(**members: Any) -> Build:
    """A CreateVpc by A in us-east-1, where A's two VPCs fill a quota of two."""

    def build() -> tuple[World, object]:
        made = _make(quotas=Quotas(vpcs_per_region=2))
        return made.world, CreateVpcRequest(owner=A, region=EAST, **_resolve(made, members))

    return build


def _fifty_tags_on_a1(made: Made) -> World:
    tags = {f"k{i}": "v" for i in range(50)}
    return r53.create_tags(made.world, caller=A, resources=[made.ids["a1"]], tags=tags)


def _dns_support_off(vpc: str) -> Callable[[Made], World]:
    def setup(made: Made) -> World:
        owner = B if vpc == "b1" else A
        return r53.modify_vpc_attribute(
            made.world, caller=owner, vpc_id=made.ids[vpc], attribute="enableDnsSupport", value=False
        )

    return setup


BAD_TAG = [("aws:reserved", "v")]  # a key with the reserved prefix
WRONG_TYPE_TAGS = [("subnet", [("k", "v")])]  # a tag specification for another resource type
IPV6 = (("Ipv6Pool", "pool-1"),)  # a member the library does not model
HOSTNAMES_ON = [("enableDnsHostnames", True)]
NO_SUCH_TABLE = "rtb-0000dead"
NO_SUCH_ACL = "acl-0000dead"
NO_SUCH_GROUP = "sg-0000dead"
DEPENDENCIES_NOT_MODELLED = (
    "no-dependencies never refuses: the library models no dependency beyond a VPC's default "
    "resources (DLV-ERRORS), though it declares DependencyViolation"
)

#: The paged EC2 Describes: for each rule, members that make it refuse, and its code.
_PAGED_BAD: dict[str, tuple[dict[str, Any], str]] = {
    "input": ({"region": "mars-1"}, "InvalidInput"),
    "max-results": ({"max_results": 1}, "InvalidParameterValue"),
    "filters": ({"filters": [("no-such-filter", ("x",))]}, "InvalidParameterValue"),
    "next-token": ({"next_token": "garbage"}, "InvalidNextToken"),
    "dry-run": ({"dry_run": True}, "DryRunOperation"),
}


def _paged_pairs(
    kind: type, prefix: str, ids: tuple[str, str, str] | None = None
) -> dict[tuple[str, str], Case]:
    """Every adjacent pair of a paged Describe (input, max-results, filters, [ids,] next-token,
    dry-run) as a ``Both`` case: A's request carries the members that make each of the two
    rules refuse.  *ids* is (the ids member, an unknown id, its not-found code)."""
    bad = dict(_PAGED_BAD)
    order = ["input", "max-results", "filters", "next-token", "dry-run"]
    if ids is not None:
        field, missing, code = ids
        bad["ids"] = ({field: [missing]}, code)
        order.insert(3, "ids")
    return {
        (f"{prefix}.{first}", f"{prefix}.{second}"): Both(
            _plain(kind=kind, **({"caller": A, "region": EAST} | bad[first][0] | bad[second][0])),
            bad[first][1],
            bad[second][1],
        )
        for first, second in itertools.pairwise(order)
    }


EC2_CASES: dict[tuple[str, str], Case] = {
    ("add-account.input", "add-account.one-partition"): Both(
        # C is known in aws-cn; the partition is no partition at all.
        _plain(kind=AddAccountRequest, account=C, partition="aws-mars"),
        "InvalidInput",
        "InvalidInput",
    ),
    ("set-zone-vpc-limit.input", "set-zone-vpc-limit.zone-exists"): Both(
        _plain(kind=SetZoneVpcLimitRequest, hosted_zone_id=NO_ZONE, limit=-1),
        "InvalidInput",
        "NoSuchHostedZone",
    ),
    # create-vpc
    ("create-vpc.input", "create-vpc.unmodelled"): Both(
        _plain(kind=CreateVpcRequest, owner="not-an-account", region=EAST, other_members=IPV6),
        "InvalidInput",
        "NotModelled",
    ),
    ("create-vpc.unmodelled", "create-vpc.cidr-missing"): Both(
        _plain(kind=CreateVpcRequest, owner=A, region=EAST, other_members=IPV6, cidr_block=None),
        "NotModelled",
        "MissingParameter",
    ),
    ("create-vpc.cidr-missing", "create-vpc.cidr-syntax"): Exclusive(
        "cidr-syntax presupposes the CidrBlock that cidr-missing found (it asserts one is given)",
        _plain(kind=CreateVpcRequest, owner=A, region=EAST, cidr_block=None),
        "MissingParameter",
        (FAILED, NOT_REACHED),
    ),
    ("create-vpc.cidr-syntax", "create-vpc.cidr-range"): Exclusive(
        "cidr-range presupposes the CIDR block cidr-syntax parsed (a block that does not parse "
        "has no prefix length to judge)",
        _plain(kind=CreateVpcRequest, owner=A, region=EAST, cidr_block="10.0.0.0/33"),
        "InvalidParameterValue",
        (FAILED, NOT_REACHED),
    ),
    ("create-vpc.cidr-range", "create-vpc.tenancy"): Both(
        _plain(kind=CreateVpcRequest, owner=A, region=EAST, cidr_block="10.0.0.0/8", instance_tenancy="host"),
        "InvalidVpc.Range",
        "InvalidParameterValue",
    ),
    ("create-vpc.tenancy", "create-vpc.tags"): Both(
        _plain(
            kind=CreateVpcRequest,
            owner=A,
            region=EAST,
            instance_tenancy="host",
            tag_specifications=WRONG_TYPE_TAGS,
        ),
        "InvalidParameterValue",
        "InvalidParameterValue",
    ),
    ("create-vpc.tags", "create-vpc.owner-partition"): Both(
        # C's account lives in aws-cn; us-east-1 lies in aws.
        _plain(kind=CreateVpcRequest, owner=C, region=EAST, tag_specifications=WRONG_TYPE_TAGS),
        "InvalidParameterValue",
        "InvalidInput",
    ),
    ("create-vpc.owner-partition", "create-vpc.id-unused"): Both(
        _plain(kind=CreateVpcRequest, owner=C, region=EAST, vpc_id="@a1"),
        "InvalidInput",
        "InvalidInput",
    ),
    ("create-vpc.id-unused", "create-vpc.quota"): Both(
        _full_vpc_quota(vpc_id="@a1"), "InvalidInput", "VpcLimitExceeded"
    ),
    ("create-vpc.quota", "create-vpc.dry-run"): Both(
        _full_vpc_quota(dry_run=True), "VpcLimitExceeded", "DryRunOperation"
    ),
    # delete-vpc
    ("delete-vpc.input", "delete-vpc.vpc-exists"): Both(
        _plain(kind=DeleteVpcRequest, caller=A, vpc_id=NO_VPC, region="mars-1"),
        "InvalidInput",
        "InvalidVpcID.NotFound",
    ),
    ("delete-vpc.vpc-exists", "delete-vpc.no-dependencies"): Exclusive(
        DEPENDENCIES_NOT_MODELLED,
        _plain(kind=DeleteVpcRequest, caller=A, vpc_id=NO_VPC),
        "InvalidVpcID.NotFound",
        (FAILED, NOT_REACHED),
    ),
    ("delete-vpc.no-dependencies", "delete-vpc.dry-run"): Exclusive(
        DEPENDENCIES_NOT_MODELLED,
        _plain(kind=DeleteVpcRequest, caller=A, vpc_id="@a1", dry_run=True),
        "DryRunOperation",
        (PASSED, FAILED),
    ),
    # describe-vpc-attribute
    ("describe-vpc-attribute.input", "describe-vpc-attribute.known"): Both(
        _plain(
            kind=DescribeVpcAttributeRequest, caller=A, vpc_id="@a1", attribute="dnsSupport", region="mars-1"
        ),
        "InvalidInput",
        "InvalidParameterValue",
    ),
    ("describe-vpc-attribute.known", "describe-vpc-attribute.vpc-exists"): Both(
        # botocore does not check the enum: a wrongly cased name reaches EC2 (VA-DESCRIBE)
        _plain(kind=DescribeVpcAttributeRequest, caller=A, vpc_id=NO_VPC, attribute="EnableDnsSupport"),
        "InvalidParameterValue",
        "InvalidVpcID.NotFound",
    ),
    ("describe-vpc-attribute.vpc-exists", "describe-vpc-attribute.dry-run"): Both(
        _plain(
            kind=DescribeVpcAttributeRequest,
            caller=A,
            vpc_id="@b1",
            attribute="enableDnsSupport",
            dry_run=True,
        ),
        "InvalidVpcID.NotFound",
        "DryRunOperation",
    ),
    # modify-vpc-attribute
    ("modify-vpc-attribute.input", "modify-vpc-attribute.one"): Both(
        _plain(kind=ModifyVpcAttributeRequest, caller=A, vpc_id="@a1", attributes=(), region="mars-1"),
        "InvalidInput",
        "InvalidParameterCombination",
    ),
    ("modify-vpc-attribute.one", "modify-vpc-attribute.vpc-exists"): Both(
        _plain(kind=ModifyVpcAttributeRequest, caller=A, vpc_id=NO_VPC, attributes=()),
        "InvalidParameterCombination",
        "InvalidVpcID.NotFound",
    ),
    ("modify-vpc-attribute.vpc-exists", "modify-vpc-attribute.hostnames-need-support"): Both(
        # b1 is B's, with DNS support off: A may not see it, let alone enable hostnames.
        _on(
            _dns_support_off("b1"),
            kind=ModifyVpcAttributeRequest,
            caller=A,
            vpc_id="@b1",
            attributes=HOSTNAMES_ON,
        ),
        "InvalidVpcID.NotFound",
        "InvalidParameterValue",
    ),
    ("modify-vpc-attribute.hostnames-need-support", "modify-vpc-attribute.dry-run"): Both(
        _on(
            _dns_support_off("a1"),
            kind=ModifyVpcAttributeRequest,
            caller=A,
            vpc_id="@a1",
            attributes=HOSTNAMES_ON,
            dry_run=True,
        ),
        "InvalidParameterValue",
        "DryRunOperation",
    ),
    # the paged Describes
    **_paged_pairs(DescribeVpcsRequest, "describe-vpcs", ("vpc_ids", NO_VPC, "InvalidVpcID.NotFound")),
    **_paged_pairs(
        DescribeRouteTablesRequest,
        "describe-route-tables",
        ("ids", NO_SUCH_TABLE, "InvalidRouteTableID.NotFound"),
    ),
    **_paged_pairs(
        DescribeNetworkAclsRequest,
        "describe-network-acls",
        ("ids", NO_SUCH_ACL, "InvalidNetworkAclID.NotFound"),
    ),
    **_paged_pairs(
        DescribeSecurityGroupsRequest,
        "describe-security-groups",
        ("ids", NO_SUCH_GROUP, "InvalidGroup.NotFound"),
    ),
    **_paged_pairs(DescribeTagsRequest, "describe-tags"),
    # create-tags
    ("create-tags.input", "create-tags.tag-rules"): Both(
        _plain(kind=CreateTagsRequest, caller="not-an-account", resources=["@a1"], tags=BAD_TAG),
        "InvalidInput",
        "InvalidParameterValue",
    ),
    ("create-tags.tag-rules", "create-tags.resources"): Both(
        _plain(kind=CreateTagsRequest, caller=A, resources=[NO_VPC], tags=BAD_TAG),
        "InvalidParameterValue",
        "InvalidVpcID.NotFound",
    ),
    ("create-tags.resources", "create-tags.limit"): Both(
        # a1 holds 50 tags; the second resource does not exist.
        _on(
            _fifty_tags_on_a1,
            kind=CreateTagsRequest,
            caller=A,
            resources=["@a1", NO_VPC],
            tags=[("one", "more")],
        ),
        "InvalidVpcID.NotFound",
        "TagLimitExceeded",
    ),
    ("create-tags.limit", "create-tags.dry-run"): Both(
        _on(
            _fifty_tags_on_a1,
            kind=CreateTagsRequest,
            caller=A,
            resources=["@a1"],
            tags=[("one", "more")],
            dry_run=True,
        ),
        "TagLimitExceeded",
        "DryRunOperation",
    ),
    # delete-tags
    ("delete-tags.input", "delete-tags.resources"): Both(
        _plain(kind=DeleteTagsRequest, caller=A, resources=[NO_VPC], region="mars-1"),
        "InvalidInput",
        "InvalidVpcID.NotFound",
    ),
    ("delete-tags.resources", "delete-tags.semantics"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=DeleteTagsRequest, caller=A, resources=[NO_VPC]),
        "InvalidVpcID.NotFound",
        (FAILED, NOT_REACHED),
    ),
    ("delete-tags.semantics", "delete-tags.dry-run"): Exclusive(
        EARLIER_NEVER_REFUSES,
        _plain(kind=DeleteTagsRequest, caller=A, resources=["@a1"], dry_run=True),
        "DryRunOperation",
        (PASSED, FAILED),
    ),
}


# resolve (spec §S7) ------------------------------------------------------------------

RESOLUTION_IS_A_RESULT = "neither rule refuses: DNS outcomes (NXDOMAIN, NO_RESOLVER, ...) are results, not errors"
_RESOLVE_ORDER = (
    "resolve.out-of-scope",
    "resolve.dns-support",
    "resolve.hostnames",
    "resolve.candidates",
    "resolve.most-specific",
    "resolve.private-over-public",
    "resolve.exact",
    "resolve.cname",
    "resolve.nodata",
    "resolve.wildcard",
    "resolve.no-fallback",
    "resolve.no-delegation",
    "resolve.state",
)
RESOLVE_CASES: dict[tuple[str, str], Case] = {
    ("resolve.input", "resolve.vpc-exists"): Both(
        _plain(kind=r53.ResolveRequest, vpc_id=NO_VPC, name="a..corp.example", type="A"),
        "InvalidInput",
        "InvalidVpcID.NotFound",
    ),
    ("resolve.vpc-exists", "resolve.out-of-scope"): Exclusive(
        NEVER_REFUSES,
        _plain(kind=r53.ResolveRequest, vpc_id=NO_VPC, name="corp.example", type="A"),
        "InvalidVpcID.NotFound",
        (FAILED, NOT_REACHED),
    ),
    **{
        (_RESOLVE_ORDER[i], _RESOLVE_ORDER[i + 1]): Silent(
            RESOLUTION_IS_A_RESULT,
            _plain(kind=r53.ResolveRequest, vpc_id="@a1", name="www.corp.example", type="A"),
        )
        for i in range(len(_RESOLVE_ORDER) - 1)
    },
}


def _by_operation() -> dict[tuple[str, str, str], Case]:
    prefixes = {}
    for op in OPERATIONS:
        prefixes[op.rules[0].id.split(".")[0]] = op.name
    cases: dict[tuple[str, str, str], Case] = {}
    for table in (
        ASSOCIATE_CASES,
        DISASSOCIATE_CASES,
        CREATE_ZONE_CASES,
        DELETE_ZONE_CASES,
        AUTHORIZATION_CASES,
        READ_CASES,
        LIFECYCLE_CASES,
        RECORD_CASES,
        LISTING_CASES,
        TAG_CASES,
        EC2_CASES,
        RESOLVE_CASES,
    ):
        for (first, second), case in table.items():
            cases[(prefixes[first.split(".")[0]], first, second)] = case
    return cases


#: Every covered pair: (operation name, rule i's id, rule i+1's id) → its case.
CASES = _by_operation()


# -- machinery -------------------------------------------------------------------------

AnyOperation = Operation[Any, Any, Any]


def _index(op: AnyOperation, rule_id: str) -> int:
    ids = [rule.id for rule in op.rules]
    assert rule_id in ids, f"rule {rule_id} is not in {op.name}'s table: {ids}"
    return ids.index(rule_id)


def _without(op: AnyOperation, rule_id: str) -> AnyOperation:
    """*op* with the rule *rule_id* removed."""
    i = _index(op, rule_id)
    return attrs.evolve(op, rules=op.rules[:i] + op.rules[i + 1 :])


def _swapped(op: AnyOperation, first: str, second: str) -> AnyOperation:
    """*op* with the rules *first* and *second* exchanged."""
    rules = list(op.rules)
    i, j = _index(op, first), _index(op, second)
    rules[i], rules[j] = rules[j], rules[i]
    return attrs.evolve(op, rules=tuple(rules))


def _refusal(op: AnyOperation, world: World, request: object) -> Route53Error:
    """The error *op* raises on *request*; fails the test if it succeeds."""
    try:
        op.run(world, request)
    except Route53Error as error:
        return error
    pytest.fail(f"{op.name} accepted {request!r}")


def _own_error(op: AnyOperation, rule_id: str, world: World, request: object, *, raw: bool) -> Route53Error:
    """The error rule *rule_id*'s own check raises on *request* (checked by the input
    rule first, unless *raw*)."""
    rule = op.rules[_index(op, rule_id)]
    parsed = request if raw else op.rules[0].check(world, request)
    try:
        outcome = rule.check(world, parsed)
    except Route53Error as error:
        return error
    pytest.fail(f"{rule_id} does not refuse {request!r} on its own: {outcome!r}")


def _answer(op: AnyOperation, world: World, request: object) -> tuple[object, ...]:
    """What *op* answers: its outcome and every rule's verdict (by id), or the crash."""
    try:
        trace = op.explain(world, request)
    except Route53Error as error:  # pragma: no cover - explain records refusals
        return ("raised", error.code, error.message)
    except (LookupError, AttributeError, TypeError, ValueError, AssertionError) as crash:
        return ("crash", type(crash).__name__)
    verdicts = frozenset((step.rule.id, step.verdict) for step in trace.steps)
    outcome = "ok" if trace.error is None else (trace.error.code, trace.error.message)
    return (outcome, verdicts)


def _verdicts(op: AnyOperation, world: World, request: object, *ids: str) -> tuple[Verdict, ...]:
    steps = {step.rule.id: step.verdict for step in op.explain(world, request).steps}
    missing = [i for i in ids if i not in steps]
    assert not missing, f"{op.name}'s table has no rule {missing}: {list(steps)}"
    return tuple(steps[i] for i in ids)


# -- tests -----------------------------------------------------------------------------


def _params() -> list[Any]:
    params = []
    for key, case in CASES.items():
        op_name, first, second = key
        pair_id = f"{first}>{second.split('.', 1)[1]}"
        if not isinstance(case, Both):
            pair_id += f" [{type(case).__name__.lower()}: {case.reason}]"
        params.append(pytest.param(op_name, first, second, case, id=pair_id))
    return params


@pytest.mark.parametrize(("op_name", "first", "second", "case"), _params())
def test_earlier_rule_wins(op_name: str, first: str, second: str, case: Case) -> None:
    op = operation(op_name)
    world, request = case.build()
    if isinstance(case, Both):
        error = _refusal(op, world, request)
        assert error.code == case.first, (
            f"{op_name}: expected {first}'s {case.first}, got {error.code}: {error.message}"
        )
        raw_first = _index(op, first) == 0
        own = _own_error(op, first, world, request, raw=raw_first)
        assert (error.code, error.message) == (own.code, own.message)
        assert _verdicts(op, world, request, first, second) == (FAILED, NOT_REACHED)
        # the later rule refuses this request too: without the earlier rule, its error wins
        later = _refusal(_without(op, first), world, request)
        assert later.code == case.second, (
            f"without {first}: expected {second}'s {case.second}, got {later.code}"
        )
        own_later = _own_error(op, second, world, request, raw=raw_first)
        assert (later.code, later.message) == (own_later.code, own_later.message)
        assert (later.code, later.message) != (error.code, error.message), "the two rules' errors are alike"
    elif isinstance(case, Exclusive):
        expected = case.outcome
        try:
            op.run(world, request)
            got = "ok"
        except Route53Error as error:
            got = error.code
        assert got == expected
        assert _verdicts(op, world, request, first, second) == case.verdicts
        # the swap is still caught: the swapped table crashes or answers differently here
        assert _answer(_swapped(op, first, second), world, request) != _answer(op, world, request)
    else:
        for rule_id in (first, second):
            assert op.rules[_index(op, rule_id)].errors == (), (
                f"{rule_id} declares errors: give the pair a real case"
            )
        op.run(world, request)
        trace = [step.rule.id for step in op.explain(world, request).steps]
        assert trace.index(first) + 1 == trace.index(second)
        assert _verdicts(op, world, request, first, second) == (PASSED, PASSED)


def test_every_adjacent_pair_has_a_case() -> None:
    current = {
        (op.name, a.id, b.id) for op in OPERATIONS for a, b in zip(op.rules, op.rules[1:], strict=False)
    }
    uncovered = sorted(current - set(CASES))
    stale = sorted(set(CASES) - current)
    assert not uncovered, (
        "adjacent rule pairs without a rule-order case in tests/test_rule_order.py: "
        + "; ".join(f"{name}: {a} then {b}" for name, a, b in uncovered)
    )
    assert not stale, "rule-order cases for pairs no table has adjacent any more: " + "; ".join(
        f"{name}: {a} then {b}" for name, a, b in stale
    )

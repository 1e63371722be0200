"""CreateHostedZone: public zones, and private zones born with their first VPC."""

from __future__ import annotations

from typing import Final

import attrs

from ._common import DOCUMENTED, INFERRED, OBSERVED, Members, expect, id_length_outcomes, refuses, rule
from ._ids import zone_id as new_zone_id
from ._partitions import partition_of
from ._rules import Operation
from ._show import shown, shown_str
from ._values import (
    MAX_CALLER_REFERENCE_LENGTH,
    MAX_COMMENT_LENGTH,
    ChangeInfo,
    HostedZone,
    label_count,
    normalize_account_id,
    normalize_name,
    normalize_region,
    normalize_vpc_id,
    optional_comment,
    require_length,
    require_str,
)
from ._world import World, require_world
from .errors import (
    ConflictingDomainExists,
    HostedZoneAlreadyExists,
    InvalidDomainName,
    InvalidInput,
    InvalidVPCId,
    NoSuchDelegationSet,
    NotModelled,
    TooManyHostedZones,
)

__all__ = ["CREATE_HOSTED_ZONE", "CreateHostedZoneRequest", "ZoneCreated", "create_hosted_zone"]


@attrs.frozen(kw_only=True)
class CreateHostedZoneRequest:
    """A CreateHostedZone request.  A VPC makes the zone private."""

    caller: str
    name: str
    caller_reference: str
    vpc_id: str | None = None
    vpc_region: str | None = None
    comment: str | None = None
    private_zone: bool | None = None
    delegation_set_id: str | None = None
    hosted_zone_tier: str | None = None
    enable_public_dns_fallback: bool | None = None
    change_guardrails: object = None


@attrs.frozen
class ZoneCreated:
    """What CreateHostedZone returns: the zone and the change that created it."""

    zone: HostedZone
    change: ChangeInfo


@rule(
    "create-hosted-zone.input",
    "Every member is present and within its constraints; a VPC names both id and "
    "region; PrivateZone without a VPC is refused; DelegationSetId is at most 32 characters.",
    (InvalidInput,),
    INFERRED,
    "Spec §2 and §6: CallerReference 1–128 characters, name at most 1024, comment at "
    "most 256 (documented limits, inferred code); the VPC alone makes a zone private "
    "(observed: Terraform sends no PrivateZone flag). surface.md DS-LENGTH: a "
    "DelegationSetId over 32 characters gets the resourceId length message (observed 2020).",
    *id_length_outcomes(),
)
def _input(world: World, request: object) -> CreateHostedZoneRequest:
    request = expect(request, CreateHostedZoneRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    name = m.take(lambda: require_length(require_str(request.name, "Name"), "Name", 1024))
    reference = m.take(
        lambda: require_length(
            require_str(request.caller_reference, "CallerReference"),
            "CallerReference",
            MAX_CALLER_REFERENCE_LENGTH,
        )
    )
    comment = m.take(
        lambda: optional_comment(request.comment, "HostedZoneConfig.Comment", MAX_COMMENT_LENGTH)
    )
    vpc_id = region = None
    if request.vpc_id is not None or request.vpc_region is not None:
        vpc_id = m.take(lambda: normalize_vpc_id(request.vpc_id, "VPC.VPCId"))
        region = m.take(lambda: normalize_region(request.vpc_region, "VPC.VPCRegion"))
    private = request.private_zone
    if private is not None and not isinstance(private, bool):
        m.problem(f"HostedZoneConfig.PrivateZone must be true or false, not {shown(private)}")
    delegation = request.delegation_set_id
    if delegation is not None:
        delegation = m.take(lambda: require_length(require_str(delegation, "DelegationSetId"), "resourceId", 32))
    fallback = request.enable_public_dns_fallback
    if fallback is not None and not isinstance(fallback, bool):
        m.problem(f"EnablePublicDNSFallback must be true or false, not {shown(fallback)}")
    tier = request.hosted_zone_tier
    if tier is not None and tier not in HOSTED_ZONE_TIERS:
        m.problem(
            f"Value '{shown_str(tier)}' at 'hostedZoneConfig.hostedZoneTier' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(HOSTED_ZONE_TIERS)}]"
        )
    has_vpc = request.vpc_id is not None or request.vpc_region is not None
    if private is True and not has_vpc:
        m.problem(
            "When you're creating a private hosted zone (when you specify true for PrivateZone), you must also specify values for VPCId and VPCRegion."
        )
    m.done()
    return CreateHostedZoneRequest(
        caller=caller,
        name=name,
        caller_reference=reference,
        vpc_id=vpc_id,
        vpc_region=region,
        comment=comment,
        private_zone=private,
        delegation_set_id=delegation,
        hosted_zone_tier=tier,
        enable_public_dns_fallback=fallback,
        change_guardrails=request.change_guardrails,
    )


#: The HostedZoneTier enum of the service model; ``STANDARD`` is the default.
HOSTED_ZONE_TIERS: Final = ("STANDARD", "ADVANCED")


@rule(
    "create-hosted-zone.new-members-default",
    "Members added to the model after 2024 are left at their defaults: no HostedZoneTier "
    "but STANDARD, EnablePublicDNSFallback false, no ChangeGuardrails.",
    (NotModelled,),
    INFERRED,
    "surface.md ZONE-NEW-MEMBERS: the members exist (documented); the library does not "
    "model them, so a non-default value is refused whole (inferred).",
)
def _new_members(world: World, r: CreateHostedZoneRequest) -> str:
    if r.hosted_zone_tier not in (None, "STANDARD"):
        raise NotModelled.of(f"CreateHostedZone HostedZoneConfig.HostedZoneTier={r.hosted_zone_tier}")
    if r.enable_public_dns_fallback:
        raise NotModelled.of("CreateHostedZone EnablePublicDNSFallback=true")
    if r.change_guardrails is not None:
        raise NotModelled.of("CreateHostedZone ChangeGuardrails")
    return "every post-2024 member is absent or at its default"


@rule(
    "create-hosted-zone.delegation-set-not-private",
    "A private zone (one given a VPC) cannot use a reusable delegation set.",
    (InvalidInput,),
    OBSERVED,
    "surface.md DS-PRIVATE (and rules.md §6): InvalidInput for DelegationSetId with a VPC "
    "(observed: hashicorp/terraform#7213, 2016, no message); the message and checking it "
    "before any delegation-set lookup are inferred.",
    refuses(InvalidInput, OBSERVED, INFERRED, note="AWS gave no message; the library's words"),
)
def _delegation_private(world: World, r: CreateHostedZoneRequest) -> str:
    if r.delegation_set_id is None:
        return "no DelegationSetId"
    if r.vpc_id is not None:
        raise InvalidInput(DS_PRIVATE_MESSAGE)
    return "the zone is public: a delegation set may be named"


DS_PRIVATE_MESSAGE: Final = "A private hosted zone cannot use a reusable delegation set."


def no_such_delegation_set(delegation_set_id: str) -> NoSuchDelegationSet:
    """The library models no reusable delegation set: every id is unknown (DS-UNKNOWN)."""
    return NoSuchDelegationSet(f"No delegation set found with ID: {delegation_set_id}")


@rule(
    "create-hosted-zone.delegation-set-exists",
    "A named reusable delegation set exists; the library models none, so any id is unknown.",
    (NoSuchDelegationSet,),
    DOCUMENTED,
    "surface.md DS-UNKNOWN: NoSuchDelegationSet is in the documented error list (no status "
    "in the model, so 400); the message 'No delegation set found with ID: {id}' is inferred.",
    refuses(NoSuchDelegationSet, DOCUMENTED, INFERRED),
)
def _delegation_exists(world: World, r: CreateHostedZoneRequest) -> str:
    if r.delegation_set_id is not None:
        raise no_such_delegation_set(r.delegation_set_id)
    return "no DelegationSetId: the zone gets its own delegation set"


@rule(
    "create-hosted-zone.name-valid",
    "The name is a valid domain name: labels of 1–63 characters, at most 255 in all, "
    "no '*' as the leftmost label; a public zone is not a top-level domain.",
    (InvalidDomainName,),
    OBSERVED,
    "Spec §6: the message is the name itself; single-label private zones are allowed (observed).",
)
def _name_valid(world: World, r: CreateHostedZoneRequest) -> str:
    name = normalize_name(r.name)
    if r.vpc_id is None and label_count(name) < 2:
        raise InvalidDomainName(r.name)
    return f"the name is stored as {name}"


@rule(
    "create-hosted-zone.caller-reference-unused",
    "The caller has never used this caller reference, deleted zones included.",
    (HostedZoneAlreadyExists,),
    DOCUMENTED,
    "Spec §6: 'A hosted zone has already been created with the specified caller reference.' (model text).",
)
def _reference_unused(world: World, r: CreateHostedZoneRequest) -> str:
    previous = world.caller_references.get((r.caller, r.caller_reference))
    if previous is not None:
        raise HostedZoneAlreadyExists(hosted_zone_id=previous, account=r.caller)
    return f"caller reference {shown(r.caller_reference)} is unused"


@rule(
    "create-hosted-zone.vpc-exists",
    "A given VPC exists, in the region named.",
    (InvalidVPCId,),
    OBSERVED,
    "Spec §6 as §3.4: 'The VPC ID is invalid.' for an unknown id; the 'not "
    "authorized to make the association' text for another region.",
)
def _vpc_exists(world: World, r: CreateHostedZoneRequest) -> str:
    if r.vpc_id is None:
        return "no VPC: the zone is public"
    assert r.vpc_region is not None
    vpc = world.vpcs.get(r.vpc_id)
    if vpc is None:
        raise InvalidVPCId(vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    if vpc.region != r.vpc_region:
        raise InvalidVPCId(
            InvalidVPCId.NOT_AUTHORIZED.format(vpc_id=r.vpc_id, vpc_region=r.vpc_region),
            vpc_id=r.vpc_id,
            vpc_region=r.vpc_region,
        )
    return f"VPC {vpc.id} exists in {vpc.region}"


@rule(
    "create-hosted-zone.vpc-owned",
    "A given VPC belongs to the caller.",
    (InvalidVPCId,),
    OBSERVED,
    "Spec §6: 'The VPC: … in region … that you provided is not authorized to make the "
    "association.' for another account's VPC.",
)
def _vpc_owned(world: World, r: CreateHostedZoneRequest) -> str:
    if r.vpc_id is None:
        return "no VPC: the zone is public"
    vpc = world.vpcs[r.vpc_id]
    if vpc.owner != r.caller:
        raise InvalidVPCId(
            InvalidVPCId.NOT_AUTHORIZED.format(vpc_id=vpc.id, vpc_region=vpc.region),
            vpc_id=vpc.id,
            vpc_region=vpc.region,
            account=r.caller,
        )
    return f"account {r.caller} owns VPC {vpc.id}"


@rule(
    "create-hosted-zone.no-same-name",
    "The VPC is not already associated with a zone of the same name.",
    (ConflictingDomainExists,),
    OBSERVED,
    "Spec §6, same template as §3.7.",
)
def _no_same_name(world: World, r: CreateHostedZoneRequest) -> str:
    if r.vpc_id is None:
        return "no VPC: the zone is public"
    name = normalize_name(r.name)
    other = world.zones_of_vpc(r.vpc_id).get(name)
    if other is not None:
        raise ConflictingDomainExists(hosted_zone_id=other, vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    return f"VPC {r.vpc_id} has no zone named {name}"


@rule(
    "create-hosted-zone.quota",
    "The caller owns fewer zones than the account quota (500 by default).",
    (TooManyHostedZones,),
    OBSERVED,
    "Spec §6: 'Limits Exceeded: MAX_HOSTED_ZONES_BY_OWNER - Cannot create more hosted zones.'",
)
def _quota(world: World, r: CreateHostedZoneRequest) -> str:
    count = world.zone_counts.get(r.caller, 0)
    limit = world.quotas.zones_per_account
    if count >= limit:
        raise TooManyHostedZones(account=r.caller)
    return f"account {r.caller} owns {count} of at most {limit} zones"


def _effect(world: World, r: CreateHostedZoneRequest) -> tuple[World, ZoneCreated]:
    if r.vpc_region is not None:
        partition = partition_of(r.vpc_region)
    else:
        partition = world.partition_of_account(r.caller)
    world, number = world.next_sequence()
    zone_id = new_zone_id(number)
    while zone_id in world.zones:  # only when a test stored a zone under such an id
        world, number = world.next_sequence()
        zone_id = new_zone_id(number)
    associations = {r.vpc_id: r.vpc_region} if r.vpc_id is not None and r.vpc_region is not None else {}
    zone = HostedZone(
        id=zone_id,
        name=normalize_name(r.name),
        owner=r.caller,
        partition=partition,
        private=r.vpc_id is not None,
        caller_reference=r.caller_reference,
        comment=r.comment,
        associations=associations,
        last_change_at=world.now,
    )
    world = world.with_account(r.caller, partition)
    updates: dict[str, object] = {
        **world.with_owned_zone(zone, number),
        "caller_references": world.caller_references.set((r.caller, r.caller_reference), zone.id),
        "zone_counts": world.zone_counts.set(r.caller, world.zone_counts.get(r.caller, 0) + 1),
    }
    if r.vpc_id is not None:
        updates["vpc_names"] = world.vpc_names_with(zone, r.vpc_id)
    world, info = world.commit(zone, None, **updates)
    return world, ZoneCreated(zone, info)


CREATE_HOSTED_ZONE: Operation[CreateHostedZoneRequest, CreateHostedZoneRequest, ZoneCreated] = Operation(
    name="create-hosted-zone",
    aws_name="CreateHostedZone",
    summary="Create a public zone, or a private zone with its first VPC.",
    request_type=CreateHostedZoneRequest,
    rules=(
        _input,
        _new_members,
        _delegation_private,
        _name_valid,
        _reference_unused,
        _vpc_exists,
        _vpc_owned,
        _no_same_name,
        _delegation_exists,
        _quota,
    ),
    effect=_effect,
)


def create_hosted_zone(
    world: World,
    *,
    caller: str,
    name: str,
    caller_reference: str,
    vpc_id: str | None = None,
    vpc_region: str | None = None,
    comment: str | None = None,
    private_zone: bool | None = None,
    delegation_set_id: str | None = None,
    hosted_zone_tier: str | None = None,
    enable_public_dns_fallback: bool | None = None,
    change_guardrails: object = None,
) -> tuple[World, ZoneCreated]:
    """CreateHostedZone: a VPC makes the zone private.

    >>> w, created = create_hosted_zone(World.empty(), caller="111111111111",
    ...                                 name="Example.COM", caller_reference="first")
    >>> created.zone.name, created.zone.private
    ('example.com.', False)
    >>> create_hosted_zone(w, caller="111111111111", name="example.org",
    ...                    caller_reference="second", delegation_set_id="N1")
    Traceback (most recent call last):
    ...
    route53_assoc.errors.NoSuchDelegationSet: No delegation set found with ID: N1
    """
    request = CreateHostedZoneRequest(
        caller=caller,
        name=name,
        caller_reference=caller_reference,
        vpc_id=vpc_id,
        vpc_region=vpc_region,
        comment=comment,
        private_zone=private_zone,
        delegation_set_id=delegation_set_id,
        hosted_zone_tier=hosted_zone_tier,
        enable_public_dns_fallback=enable_public_dns_fallback,
        change_guardrails=change_guardrails,
    )
    return CREATE_HOSTED_ZONE.run(require_world(world), request)

"""The rest of a private zone's life: disassociate, delete, service-owned zones (spec §4, §6, §8).

DisassociateVPCFromHostedZone may be called by the zone's owner or the VPC's owner.
It refuses service-owned zones, a pair that is not associated (public zones land
here too, never on ``LastVPCAssociation``), and the last VPC of a private zone —
so a private zone never drops to zero VPCs, even when its VPC is deleted in EC2.

DeleteHostedZone removes the zone with its associations and authorizations; its
caller reference stays used forever.
"""

from __future__ import annotations

import attrs

from ._associate import no_prior_request
from ._common import (
    DOCUMENTED,
    INFERRED,
    OBSERVED,
    Members,
    caller_owns_zone_rule,
    expect,
    id_length_outcomes,
    not_service_owned,
    refuses,
    rule,
    zone_exists_rule,
    zone_input_rule,
)
from ._ids import zone_id as new_zone_id
from ._partitions import partition_of
from ._records import record_count
from ._rules import Operation
from ._values import (
    ChangeInfo,
    HostedZone,
    normalize_account_id,
    normalize_hosted_zone_id,
    normalize_name,
    normalize_region,
    normalize_service,
    normalize_vpc_id,
    optional_comment,
    replace,
)
from ._world import World, require_world
from .errors import (
    AccessDenied,
    ConflictingDomainExists,
    HostedZoneNotEmpty,
    InvalidInput,
    InvalidVPCId,
    LastVPCAssociation,
    NoSuchHostedZone,
    PriorRequestNotComplete,
    VPCAssociationNotFound,
)

__all__ = [
    "CREATE_SERVICE_ZONE",
    "DELETE_HOSTED_ZONE",
    "DISASSOCIATE",
    "LINK_ZONE",
    "CreateServiceZoneRequest",
    "DeleteHostedZoneRequest",
    "DisassociateRequest",
    "LinkZoneRequest",
    "create_service_zone",
    "delete_hosted_zone",
    "disassociate",
    "link_zone",
]


# -- disassociate -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DisassociateRequest:
    """A DisassociateVPCFromHostedZone request; the VPC region is optional."""

    caller: str
    hosted_zone_id: str
    vpc_id: str
    vpc_region: str | None = None
    comment: str | None = None


@rule(
    "disassociate.input",
    "Every member is present and within its constraints: the zone id at most 32 "
    "characters, the VPC id at most 1024, a given region one of the VPCRegion values.",
    (InvalidInput,),
    INFERRED,
    "Spec §2 and §4.",
    *id_length_outcomes(),
)
def _dis_input(world: World, request: object) -> DisassociateRequest:
    request = expect(request, DisassociateRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    vpc_id = m.take(lambda: normalize_vpc_id(request.vpc_id, "VPC.VPCId"))
    region = None
    if request.vpc_region is not None:
        region = m.take(lambda: normalize_region(request.vpc_region, "VPC.VPCRegion"))
    comment = m.take(lambda: optional_comment(request.comment, "Comment", None))
    m.done()
    return DisassociateRequest(
        caller=caller, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=region, comment=comment
    )


_dis_zone_exists = zone_exists_rule("disassociate", "Spec §4, message as §3.2 (observed).")


@rule(
    "disassociate.caller-may",
    "The caller owns the zone or the VPC: either owner may disassociate.",
    (InvalidVPCId,),
    DOCUMENTED,
    "Spec §4: either owner may call (documented); InvalidVPCId for anyone else (inferred).",
    refuses(InvalidVPCId, INFERRED, note="the caller owns neither the zone nor the VPC"),
)
def _dis_caller(world: World, r: DisassociateRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    if zone.owner == r.caller:
        return f"account {r.caller} owns hosted zone {zone.id}"
    vpc = world.vpcs.get(r.vpc_id)
    if vpc is not None and vpc.owner == r.caller:
        return f"account {r.caller} owns VPC {vpc.id}"
    raise InvalidVPCId(
        f"The VPC: {r.vpc_id} is not owned by account {r.caller}, which does not own hosted "
        f"zone {zone.id} either; only the zone's owner or the VPC's owner may disassociate them.",
        hosted_zone_id=zone.id,
        vpc_id=r.vpc_id,
        vpc_region=r.vpc_region,
        account=r.caller,
    )


@rule(
    "disassociate.not-service-owned",
    "An account cannot disassociate a VPC from a zone that a service owns.",
    (AccessDenied,),
    DOCUMENTED,
    "Spec §4: accounts may not disassociate service-owned zones (documented rule; "
    "inferred code AccessDenied).",
    refuses(AccessDenied, INFERRED, note="the code and the message are ours"),
)
def _dis_service(world: World, r: DisassociateRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    return not_service_owned(zone, r.caller, "disassociate VPCs from", vpc_id=r.vpc_id)


@rule(
    "disassociate.associated",
    "The VPC is associated with the zone (in the region, when one is given). A public "
    "zone has no VPCs, so it lands here, never on LastVPCAssociation.",
    (VPCAssociationNotFound,),
    DOCUMENTED,
    "Spec §4: 'The specified VPC and hosted zone are not currently associated.' (model text).",
    refuses(VPCAssociationNotFound, DOCUMENTED, note="the message is the service model's text"),
)
def _dis_associated(world: World, r: DisassociateRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    region = zone.associations.get(r.vpc_id)
    if region is None or (r.vpc_region is not None and r.vpc_region != region):
        raise VPCAssociationNotFound(hosted_zone_id=zone.id, vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    return f"VPC {r.vpc_id} in {region} is associated with the zone"


@rule(
    "disassociate.not-last",
    "The VPC is not the zone's last: a private zone keeps at least one VPC.",
    (LastVPCAssociation,),
    DOCUMENTED,
    "Spec §4: LastVPCAssociation (model text).",
    refuses(LastVPCAssociation, DOCUMENTED, note="the message is the service model's text"),
)
def _dis_not_last(world: World, r: DisassociateRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    count = len(zone.associations)
    if count <= 1:
        raise LastVPCAssociation(hosted_zone_id=zone.id, vpc_id=r.vpc_id)
    return f"the zone has {count} VPCs"


def _dis_effect(world: World, r: DisassociateRequest) -> tuple[World, ChangeInfo]:
    zone = world.zones[r.hosted_zone_id]
    zone = replace(zone, associations=zone.associations.delete(r.vpc_id), last_change_at=world.now)
    return world.commit(zone, r.comment, vpc_names=world.vpc_names_without(zone, r.vpc_id))


DISASSOCIATE: Operation[DisassociateRequest, DisassociateRequest, ChangeInfo] = Operation(
    name="disassociate",
    aws_name="DisassociateVPCFromHostedZone",
    summary="Disassociate a VPC from a private hosted zone (never its last).",
    request_type=DisassociateRequest,
    rules=(_dis_input, _dis_zone_exists, _dis_caller, _dis_service, _dis_associated, _dis_not_last),
    effect=_dis_effect,
)


def disassociate(
    world: World,
    *,
    caller: str,
    hosted_zone_id: str,
    vpc_id: str,
    vpc_region: str | None = None,
    comment: str | None = None,
) -> tuple[World, ChangeInfo]:
    """DisassociateVPCFromHostedZone, by the zone's owner or the VPC's owner.

    PriorRequestNotComplete is not among its errors (spec §4), but the change it
    records does make the zone busy for the next associate.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> disassociate(w, caller="111111111111", hosted_zone_id=zone_id, vpc_id=vpc.id)
    Traceback (most recent call last):
    ...
    route53_assoc.errors.LastVPCAssociation: The VPC that you're trying to disassociate from the private hosted zone is the last VPC that is associated with the hosted zone. Amazon Route 53 doesn't support disassociating the last VPC from a hosted zone.
    """
    request = DisassociateRequest(
        caller=caller, hosted_zone_id=hosted_zone_id, vpc_id=vpc_id, vpc_region=vpc_region, comment=comment
    )
    return DISASSOCIATE.run(require_world(world), request)


# -- delete_hosted_zone --------------------------------------------------------


@attrs.frozen(kw_only=True)
class DeleteHostedZoneRequest:
    """A DeleteHostedZone request, by the zone's owner."""

    caller: str
    hosted_zone_id: str


_del_input = zone_input_rule("delete-hosted-zone", DeleteHostedZoneRequest)


_del_zone_exists = zone_exists_rule("delete-hosted-zone", "Spec §6, message as §3.2 (observed).")

_del_owner = caller_owns_zone_rule(
    "delete-hosted-zone",
    "Only the zone's owner may delete it.",
    "delete",
    "Spec §6: owner only (documented); AccessDenied for others (inferred).",
    DOCUMENTED,
)


@rule(
    "delete-hosted-zone.not-linked",
    "A zone linked to a service (such as Cloud Map) can only be deleted through that service.",
    (AccessDenied,),
    OBSERVED,
    "Spec §6: 'The resource hostedzone/{zone_id} can only be managed through {service}' (observed form).",
)
def _del_linked(world: World, r: DeleteHostedZoneRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    if zone.linked_service is not None:
        raise AccessDenied(
            f"The resource hostedzone/{zone.id} can only be managed through {zone.linked_service}",
            hosted_zone_id=zone.id,
            account=r.caller,
        )
    return "the zone is not linked to a service"


@rule(
    "delete-hosted-zone.not-empty",
    "The zone holds no record sets but its apex SOA and NS (edited or not).",
    (HostedZoneNotEmpty,),
    OBSERVED,
    "Spec §S2.6 DHZ-NOT-EMPTY (documented error; message observed 2016–2024; order inferred).",
    refuses(HostedZoneNotEmpty, DOCUMENTED, OBSERVED),
)
def _del_not_empty(world: World, r: DeleteHostedZoneRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    count = record_count(world, zone)
    if count > 2:
        raise HostedZoneNotEmpty(hosted_zone_id=zone.id)
    return "the zone holds only its apex SOA and NS"


@rule(
    "delete-hosted-zone.no-prior-request",
    "No earlier change to the zone is still being processed.",
    (PriorRequestNotComplete,),
    DOCUMENTED,
    "Spec §6 and §3.9 (documented).",
)
def _del_prior(world: World, r: DeleteHostedZoneRequest) -> str:
    return no_prior_request(world, r.hosted_zone_id)


def _del_effect(world: World, r: DeleteHostedZoneRequest) -> tuple[World, ChangeInfo]:
    zone = world.zones[r.hosted_zone_id]
    vpc_names = world.vpc_names
    for vpc_id in zone.associations:
        names = vpc_names[vpc_id].delete(zone.name)
        vpc_names = vpc_names.set(vpc_id, names) if names else vpc_names.delete(vpc_id)
    owner = zone.owner
    assert owner is not None
    count = world.zone_counts[owner] - 1
    world, info = world.commit(
        zone,
        None,
        vpc_names=vpc_names,
        authorizations=world.authorizations.delete(zone.id)
        if zone.id in world.authorizations
        else world.authorizations,
        zone_counts=world.zone_counts.set(owner, count) if count else world.zone_counts.delete(owner),
        records=world.records.delete(zone.id) if zone.id in world.records else world.records,
        **world.without_zone_facts(zone),
    )
    return attrs.evolve(world, zones=world.zones.delete(zone.id)), info


DELETE_HOSTED_ZONE: Operation[DeleteHostedZoneRequest, DeleteHostedZoneRequest, ChangeInfo] = Operation(
    name="delete-hosted-zone",
    aws_name="DeleteHostedZone",
    summary="Delete a zone with its associations and authorizations.",
    request_type=DeleteHostedZoneRequest,
    rules=(_del_input, _del_zone_exists, _del_owner, _del_linked, _del_not_empty, _del_prior),
    effect=_del_effect,
)


def delete_hosted_zone(world: World, *, caller: str, hosted_zone_id: str) -> tuple[World, ChangeInfo]:
    """DeleteHostedZone: remove the zone, its associations and its authorizations.

    Its caller reference stays used: a new zone cannot take it.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, made = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone_id = made.zone.id
    >>> w, change = delete_hosted_zone(w, caller="111111111111", hosted_zone_id=zone_id)
    >>> zone_id in w.zones, ("111111111111", "r") in w.caller_references
    (False, True)
    """
    return DELETE_HOSTED_ZONE.run(
        require_world(world), DeleteHostedZoneRequest(caller=caller, hosted_zone_id=hosted_zone_id)
    )


# -- service-owned zones (world facts) ------------------------------------------


@attrs.frozen(kw_only=True)
class CreateServiceZoneRequest:
    """A private zone owned by a service (``OwningService``), associated with a VPC.

    A world fact for tests: no account can create such a zone through Route 53.
    """

    service: str
    name: str
    vpc_id: str
    vpc_region: str


@rule(
    "create-service-zone.input",
    "The service is a service principal, the name a domain name, the VPC id and region given.",
    (InvalidInput,),
    INFERRED,
    "Spec §1: a zone's owner is an account or a service principal.",
)
def _svc_input(world: World, request: object) -> CreateServiceZoneRequest:
    request = expect(request, CreateServiceZoneRequest)
    m = Members()
    service = m.take(lambda: normalize_service(request.service))
    name = m.take(lambda: normalize_name(request.name))
    vpc_id = m.take(lambda: normalize_vpc_id(request.vpc_id, "VPC.VPCId"))
    region = m.take(lambda: normalize_region(request.vpc_region, "VPC.VPCRegion"))
    m.done()
    return CreateServiceZoneRequest(service=service, name=name, vpc_id=vpc_id, vpc_region=region)


@rule(
    "create-service-zone.vpc-exists",
    "The VPC exists in the region named.",
    (InvalidVPCId,),
    INFERRED,
    "As §3.4.",
)
def _svc_vpc(world: World, r: CreateServiceZoneRequest) -> str:
    vpc = world.vpcs.get(r.vpc_id)
    if vpc is None or vpc.region != r.vpc_region:
        raise InvalidVPCId(vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    return f"VPC {vpc.id} exists in {vpc.region}"


@rule(
    "create-service-zone.no-same-name",
    "The VPC has no zone of the same name.",
    (ConflictingDomainExists,),
    INFERRED,
    "As §3.7.",
)
def _svc_name(world: World, r: CreateServiceZoneRequest) -> str:
    other = world.zones_of_vpc(r.vpc_id).get(r.name)
    if other is not None:
        raise ConflictingDomainExists(hosted_zone_id=other, vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    return f"VPC {r.vpc_id} has no zone named {r.name}"


def _svc_effect(world: World, r: CreateServiceZoneRequest) -> tuple[World, HostedZone]:
    world, number = world.next_sequence()
    zone_id = new_zone_id(number)
    while zone_id in world.zones:
        world, number = world.next_sequence()
        zone_id = new_zone_id(number)
    zone = HostedZone(
        id=zone_id,
        name=r.name,
        owner=None,
        owning_service=r.service,
        partition=partition_of(r.vpc_region),
        private=True,
        caller_reference=f"{r.service}-{number}",
        associations={r.vpc_id: r.vpc_region},
    )
    world = attrs.evolve(
        world, zones=world.zones.set(zone.id, zone), vpc_names=world.vpc_names_with(zone, r.vpc_id)
    )
    return world, zone


CREATE_SERVICE_ZONE: Operation[CreateServiceZoneRequest, CreateServiceZoneRequest, HostedZone] = Operation(
    name="create-service-zone",
    aws_name="(service-owned zone)",
    summary="Create a private zone owned by a service, as a world fact.",
    request_type=CreateServiceZoneRequest,
    rules=(_svc_input, _svc_vpc, _svc_name),
    effect=_svc_effect,
)


def create_service_zone(
    world: World, *, service: str, name: str, vpc_id: str, vpc_region: str
) -> tuple[World, HostedZone]:
    """Create a zone owned by *service* (``OwningService``), associated with a VPC.

    >>> from route53_assoc import World, create_vpc
    >>> w, vpc = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
    >>> w, zone = create_service_zone(w, service="efs.amazonaws.com", name="efs.internal",
    ...                               vpc_id=vpc.id, vpc_region="us-east-1")
    >>> zone.owner, zone.owning_service
    (None, 'efs.amazonaws.com')
    """
    request = CreateServiceZoneRequest(service=service, name=name, vpc_id=vpc_id, vpc_region=vpc_region)
    return CREATE_SERVICE_ZONE.run(require_world(world), request)


@attrs.frozen(kw_only=True)
class LinkZoneRequest:
    """Mark an account's zone as created by a service (Cloud Map's ``LinkedService``)."""

    hosted_zone_id: str
    service: str


@rule(
    "link-zone.input",
    "The zone id is well-formed and the service a service principal.",
    (InvalidInput,),
    INFERRED,
    "Spec §6: zones linked to a service are managed through it.",
)
def _link_input(world: World, request: object) -> LinkZoneRequest:
    request = expect(request, LinkZoneRequest)
    m = Members()
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    service = m.take(lambda: normalize_service(request.service))
    m.done()
    return LinkZoneRequest(hosted_zone_id=zone_id, service=service)


@rule(
    "link-zone.zone-exists",
    "The hosted zone exists.",
    (NoSuchHostedZone,),
    INFERRED,
    "A world fact; no caller is involved.",
)
def _link_zone(world: World, r: LinkZoneRequest) -> str:
    if r.hosted_zone_id not in world.zones:
        raise NoSuchHostedZone(hosted_zone_id=r.hosted_zone_id)
    return f"hosted zone {r.hosted_zone_id} exists"


def _link_effect(world: World, r: LinkZoneRequest) -> tuple[World, HostedZone]:
    zone = attrs.evolve(world.zones[r.hosted_zone_id], linked_service=r.service)
    return world.with_zone(zone), zone


LINK_ZONE: Operation[LinkZoneRequest, LinkZoneRequest, HostedZone] = Operation(
    name="link-zone",
    aws_name="(linked service)",
    summary="Link a zone to the service that manages it, as a world fact.",
    request_type=LinkZoneRequest,
    rules=(_link_input, _link_zone),
    effect=_link_effect,
)


def link_zone(world: World, *, hosted_zone_id: str, service: str) -> World:
    """Return a world where the zone is managed through *service* (e.g. Cloud Map)."""
    return LINK_ZONE.run(require_world(world), LinkZoneRequest(hosted_zone_id=hosted_zone_id, service=service))[0]

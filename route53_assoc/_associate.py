"""AssociateVPCWithHostedZone: the nine checks of the spec, in AWS's order.

Route 53 checks a request's members first (``InvalidInput``), then looks the zone up
in the caller's partition (``NoSuchHostedZone``), refuses public zones
(``PublicZoneVPCAssociation``), looks the VPC up (``InvalidVPCId``), refuses a VPC of
another partition, decides whether the caller may make this association at all
(``NotAuthorizedException`` or ``InvalidVPCId``), refuses a second zone of the same
name on the VPC (``ConflictingDomainExists`` — re-associating the same pair is *not*
idempotent), enforces the zone's VPC quota (``LimitsExceeded``) and refuses a change
while an earlier one to the zone is still being processed
(``PriorRequestNotComplete``).  Only then is the association added and a change
recorded.
"""

from __future__ import annotations

from typing import Final

import attrs
import immutables

from ._common import (
    DOCUMENTED,
    INFERRED,
    OBSERVED,
    OTHER_PARTITION,
    Members,
    account_owned,
    expect,
    id_length_outcomes,
    in_branch,
    reason_text,
    refuses,
    rule,
    zone_exists_outcomes,
)
from ._partitions import _PARTITION_OF
from ._rules import Operation, Reason, Why
from ._values import (
    _ACCOUNTS_SEEN,
    _REGION_SET,
    MAX_VPC_ID_LENGTH,
    MAX_ZONE_ID_LENGTH,
    VPC,
    ChangeInfo,
    HostedZone,
    is_account_id,
    normalize_account_id,
    normalize_hosted_zone_id,
    normalize_region,
    normalize_vpc_id,
    optional_comment,
)
from ._world import World, require_world
from .errors import (
    AccessDenied,
    ConflictingDomainExists,
    InvalidInput,
    InvalidVPCId,
    LimitsExceeded,
    NoSuchHostedZone,
    NotAuthorizedException,
    PriorRequestNotComplete,
    PublicZoneVPCAssociation,
)

__all__ = ["ASSOCIATE", "AssociateRequest", "associate"]


@attrs.frozen(kw_only=True, slots=False)
class AssociateRequest:
    """An AssociateVPCWithHostedZone request, as made by *caller*.

    Members are taken as given; the operation's first rule checks them.

    >>> AssociateRequest(caller="111111111111", hosted_zone_id="Z1", vpc_id="vpc-0123abcd",
    ...                  vpc_region="us-east-1").vpc_region
    'us-east-1'
    """

    caller: str
    hosted_zone_id: str
    vpc_id: str
    vpc_region: str
    comment: str | None = None


@rule(
    "associate.input",
    "Every member is present, of the right type and within its constraints: the zone "
    "id at most 32 characters, the VPC id at most 1024, the region one of the 46 "
    "VPCRegion values.",
    (InvalidInput,),
    INFERRED,
    "Spec §2. The zone-id length message is observed (checked before the zone "
    "lookup); the code for the other members is inferred.",
    *id_length_outcomes(),
)
def _input(world: World, request: object) -> Checked:
    if type(request) is not AssociateRequest:
        request = expect(request, AssociateRequest)
    checked = _well_formed(
        world, request.caller, request.hosted_zone_id, request.vpc_id, request.vpc_region, request.comment
    )
    return checked if checked is not None else _input_members(world, request)


def _well_formed(
    world: World, caller: object, zone_id: object, vpc_id: object, region: object, comment: object
) -> Checked | None:
    """The input rule's common case: every member a well-formed string, checked in one go.

    The checked request (what ``quick_zone_and_vpc`` does), or ``None`` for anything
    else, which takes the member-by-member path that words every problem.
    :func:`associate` calls it on the members as given, without building a request.
    """
    if (
        type(caller) is str
        and type(zone_id) is str
        and type(vpc_id) is str
        and type(region) is str
        and (comment is None or type(comment) is str)
        and region in _REGION_SET
        and 0 < len(vpc_id) <= MAX_VPC_ID_LENGTH
        and (caller in _ACCOUNTS_SEEN or is_account_id(caller))
    ):
        if "/" in zone_id:
            zone_id = zone_id.rsplit("/", 1)[-1]
        if 0 < len(zone_id) <= MAX_ZONE_ID_LENGTH:
            return _checked(world, caller, zone_id, vpc_id, region, comment)
    return None


def _input_members(world: World, request: AssociateRequest) -> Checked:
    """The input rule member by member, wording every problem (the rare path)."""
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id))
    vpc_id = m.take(lambda: normalize_vpc_id(request.vpc_id, "VPC.VPCId"))
    region = m.take(lambda: normalize_region(request.vpc_region, "VPC.VPCRegion"))
    comment = m.take(lambda: optional_comment(request.comment, "Comment", None))
    m.done()
    return _checked(world, caller, zone_id, vpc_id, region, comment)


class Checked(AssociateRequest):
    """The request once its members are checked, with what the later rules read.

    The input rule looks the zone, the VPC and the VPC's zone names up once (each
    ``None`` or empty when absent); the rules after it read them from here instead of
    looking them up again, and decide on them as before.  Nothing is decided here.
    """

    zone: HostedZone | None
    vpc: VPC | None
    names: immutables.Map[str, str]


def _checked(world: World, caller: str, zone_id: str, vpc_id: str, region: str, comment: str | None) -> Checked:
    # The fields given as one (combined) dictionary, which the rules read faster than
    # the instance's own key-sharing one (see ``_values._combine``): the class has no
    # converters or validators to run.
    checked = _new(Checked)
    _set_state(
        checked,
        "__dict__",
        {
            "caller": caller,
            "hosted_zone_id": zone_id,
            "vpc_id": vpc_id,
            "vpc_region": region,
            "comment": comment,
            "zone": world.zones.get(zone_id),
            "vpc": world.vpcs.get(vpc_id),
            "names": world.vpc_names.get(vpc_id, _NO_NAMES),
        },
    )
    return checked


_NO_NAMES: Final[immutables.Map[str, str]] = immutables.Map()
_set_state: Final = object.__setattr__


@rule(
    "associate.zone-exists",
    "The hosted zone exists in the caller's partition.",
    (NoSuchHostedZone,),
    OBSERVED,
    "Spec §3.2: 'No hosted zone found with ID: …' (observed). Zones of another "
    "partition are invisible: each partition has its own endpoint (inferred).",
    *zone_exists_outcomes(),
)
def _zone_exists(world: World, r: AssociateRequest) -> Reason:
    # What ``visible_zone`` decides, on the zone the input rule looked up (this rule
    # also runs on a request no input rule has checked: the rule-order tests do that).
    zone = r.zone if type(r) is Checked else world.zones.get(r.hosted_zone_id)
    if zone is None or zone.partition != world.accounts.get(r.caller, "aws"):
        error = NoSuchHostedZone(hosted_zone_id=r.hosted_zone_id)
        if zone is not None:  # it exists, in another partition
            in_branch(error, OTHER_PARTITION)
        raise error
    return _ZONE_EXISTS


# The checks below pass with a reason made once: explain() words it from the world
# and the request, so passing allocates nothing.
def _zone_exists_text(world: World, r: AssociateRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    return f"hosted zone {zone.id} ({zone.name}) exists in partition {zone.partition}"


_ZONE_EXISTS = Why(_zone_exists_text)


@rule(
    "associate.zone-private",
    "The hosted zone is private: a public zone cannot have VPCs.",
    (PublicZoneVPCAssociation,),
    OBSERVED,
    "Spec §3.3: 'Attempting to associate public zone: … with vpc: …' (observed). "
    "Also covers the API note that a zone without an existing VPC association "
    "cannot be associated.",
)
def _zone_private(world: World, r: Checked) -> Reason:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    if not zone.private:
        raise PublicZoneVPCAssociation(hosted_zone_id=zone.id, vpc_id=r.vpc_id)
    return _ZONE_PRIVATE


_ZONE_PRIVATE = Why(lambda world, r: f"hosted zone {world.zones[r.hosted_zone_id].id} is private")


@rule(
    "associate.vpc-exists",
    "A VPC with that id exists, in the region the request names.",
    (InvalidVPCId,),
    OBSERVED,
    "Spec §3.4: 'The VPC ID is invalid.' for an unknown id (observed); 'The VPC: … in "
    "region … that you provided is not authorized to make the association.' when it "
    "is in another region (observed, weak).",
    refuses(InvalidVPCId, OBSERVED, note="no VPC has the id: 'The VPC ID is invalid.'"),
    refuses(InvalidVPCId, OBSERVED, branch="other-region", note="the VPC is in another region (observed, weak)"),
)
def _vpc_exists(world: World, r: Checked) -> Reason:
    vpc = r.vpc
    if vpc is None:
        raise InvalidVPCId(vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    if vpc.region != r.vpc_region:
        raise in_branch(
            InvalidVPCId(
                InvalidVPCId.NOT_AUTHORIZED.format(vpc_id=r.vpc_id, vpc_region=r.vpc_region),
                vpc_id=r.vpc_id,
                vpc_region=r.vpc_region,
            ),
            "other-region",
        )
    return _VPC_EXISTS


def _vpc_exists_text(world: World, r: AssociateRequest) -> str:
    vpc = world.vpcs[r.vpc_id]
    return f"VPC {vpc.id} exists in {vpc.region}, owned by {vpc.owner}"


_VPC_EXISTS = Why(_vpc_exists_text)


@rule(
    "associate.same-partition",
    "The VPC's region lies in the hosted zone's partition.",
    (InvalidVPCId,),
    DOCUMENTED,
    "Spec §3.5: associations never cross partitions (documented); the code and message are inferred.",
    refuses(InvalidVPCId, INFERRED, note="the code and the message are ours"),
)
def _same_partition(world: World, r: Checked) -> Reason:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    vpc_partition = _PARTITION_OF[r.vpc_region]  # partition_of: the input rule checked the region
    if vpc_partition != zone.partition:
        raise InvalidVPCId(
            f"The VPC: {r.vpc_id} in region {r.vpc_region} is in partition "
            f"{vpc_partition}; hosted zone {zone.id} is in partition {zone.partition}, "
            "and an association cannot cross partitions.",
            hosted_zone_id=zone.id,
            vpc_id=r.vpc_id,
            vpc_region=r.vpc_region,
        )
    return _SAME_PARTITION


_SAME_PARTITION = Why(lambda world, r: f"both are in partition {world.zones[r.hosted_zone_id].partition}")


@rule(
    "associate.not-service-owned",
    "An account cannot associate a VPC with a zone that a service owns.",
    (AccessDenied,),
    INFERRED,
    "Spec §3.6: only the owning service associates its zones (inferred: AccessDenied).",
)
def _not_service_owned(world: World, r: Checked) -> Reason:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    if zone.owning_service is not None:
        account_owned(zone, r.caller, _ACTION)  # raises AccessDenied
    return _ACCOUNT_OWNED


_ACTION = "associate VPCs with"
_ACCOUNT_OWNED = Why(
    lambda world, r: reason_text(account_owned(world.zones[r.hosted_zone_id], r.caller, _ACTION))
)


_NO_AUTHORIZATION = "no-authorization"
_ZONE_OWNER = "zone-owner"
_NEITHER = "owns-neither"


@rule(
    "associate.caller-authorized",
    "The caller owns the VPC, and either owns the zone too or holds the zone owner's "
    "authorization for this VPC.",
    (NotAuthorizedException, InvalidVPCId),
    DOCUMENTED,
    "Spec §3.6: the cross-account flow is documented. Messages: the model's text "
    "when the VPC owner lacks an authorization; 'The VPC: … has not authorized to "
    "associate with your hosted zone.' when the zone owner tries another account's "
    "VPC, even with an authorization (observed); InvalidVPCId when the caller owns "
    "neither (inferred).",
    refuses(
        NotAuthorizedException,
        DOCUMENTED,
        INFERRED,
        branch=_NO_AUTHORIZATION,
        note="the VPC's owner holds no authorization: the model's text; the live text is not public",
    ),
    refuses(
        NotAuthorizedException,
        OBSERVED,
        branch=_ZONE_OWNER,
        note="the zone's owner names another account's VPC, even an authorized one",
    ),
    refuses(InvalidVPCId, INFERRED, branch=_NEITHER, note="the caller owns neither the VPC nor the zone"),
)
def _caller_authorized(world: World, r: Checked) -> Reason:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    vpc = r.vpc
    assert vpc is not None  # the vpc-exists rule passed
    owns_vpc = vpc.owner == r.caller
    owns_zone = zone.owner == r.caller
    if owns_vpc and owns_zone:
        return _OWNS_BOTH
    if owns_vpc:
        if (r.vpc_id, r.vpc_region) in world.authorizations_of(zone.id):
            return _AUTHORIZED
        raise in_branch(
            NotAuthorizedException(hosted_zone_id=zone.id, vpc_id=r.vpc_id, account=r.caller),
            _NO_AUTHORIZATION,
        )
    if owns_zone:
        raise in_branch(
            NotAuthorizedException(
                NotAuthorizedException.VPC_NOT_AUTHORIZED.format(vpc_id=r.vpc_id),
                hosted_zone_id=zone.id,
                vpc_id=r.vpc_id,
                account=r.caller,
            ),
            _ZONE_OWNER,
        )
    raise in_branch(
        InvalidVPCId(
            InvalidVPCId.NOT_AUTHORIZED.format(vpc_id=r.vpc_id, vpc_region=r.vpc_region),
            hosted_zone_id=zone.id,
            vpc_id=r.vpc_id,
            vpc_region=r.vpc_region,
            account=r.caller,
        ),
        _NEITHER,
    )


_OWNS_BOTH = Why(lambda world, r: f"account {r.caller} owns both the VPC and the zone")
_AUTHORIZED = Why(
    lambda world, r: (
        f"account {r.caller} owns the VPC, and zone owner {world.zones[r.hosted_zone_id].owner} "
        "has authorized this VPC"
    )
)


@rule(
    "associate.no-same-name",
    "The VPC is not already associated with a zone of the same name — this zone "
    "included: re-associating is not idempotent. Parent and child names may share a VPC.",
    (ConflictingDomainExists,),
    OBSERVED,
    "Spec §3.7: 'The VPC … in region … has already been associated with the hosted "
    "zone … with the same domain name.' (observed 2025); overlapping names allowed "
    "since 2020 (documented).",
)
def _no_same_name(world: World, r: Checked) -> Reason:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    other = r.names.get(zone.name)  # world.zones_of_vpc(r.vpc_id)
    if other is not None:
        raise ConflictingDomainExists(hosted_zone_id=other, vpc_id=r.vpc_id, vpc_region=r.vpc_region)
    return _NO_SAME_NAME


_NO_SAME_NAME = Why(lambda world, r: f"VPC {r.vpc_id} has no zone named {world.zones[r.hosted_zone_id].name}")


@rule(
    "associate.quota",
    "The zone has fewer VPCs than its limit (300 by default, adjustable per zone).",
    (LimitsExceeded,),
    OBSERVED,
    "Spec §3.8: 'Limits Exceeded: Cannot associate more VPCs to hosted zone.' (observed).",
)
def _quota(world: World, r: Checked) -> Reason:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    limit = zone.vpc_limit if zone.vpc_limit is not None else world.quotas.vpcs_per_zone  # vpc_limit(zone)
    if len(zone.associations) >= limit:
        raise LimitsExceeded(hosted_zone_id=zone.id, vpc_id=r.vpc_id)
    return _QUOTA


def _quota_text(world: World, r: AssociateRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    return f"the zone has {len(zone.associations)} of at most {world.vpc_limit(zone)} VPCs"


_QUOTA = Why(_quota_text)


@rule(
    "associate.no-prior-request",
    "No earlier change to the zone is still being processed.",
    (PriorRequestNotComplete,),
    DOCUMENTED,
    "Spec §3.9: 'The request was rejected because Route 53 was still processing a "
    "prior request.' (documented). Modelled with the world's processing time.",
)
def _no_prior_request(world: World, r: Checked) -> Reason:
    if not world.timing.processing:  # then no zone is ever busy (see World.busy_until)
        return _NOT_BUSY
    return prior_request_done(world, r.hosted_zone_id)


_NOT_BUSY = "the world's processing time is 0"


def no_prior_request(world: World, zone_id: str) -> str:
    """Pass unless the zone's last change is still within the processing time."""
    return reason_text(prior_request_done(world, zone_id))


def prior_request_done(world: World, zone_id: str) -> str:
    """:func:`no_prior_request` for the hot path: the reason is a constant sentence."""
    if not world.timing.processing:  # then no zone is ever busy (see World.busy_until)
        return _NOT_BUSY
    zone = world.zones[zone_id]
    until = world.busy_until(zone)
    if until is not None:
        raise PriorRequestNotComplete(hosted_zone_id=zone.id)
    return "the zone's last change has been processed"


def _effect(world: World, r: Checked) -> tuple[World, ChangeInfo]:
    zone = r.zone
    assert zone is not None  # the zone-exists rule passed
    vpc_id = r.vpc_id
    # ``replace(zone, associations=..., last_change_at=world.now)``, field by field.
    state = zone.__dict__.copy()
    state["associations"] = zone.associations.set(vpc_id, r.vpc_region)
    state["last_change_at"] = world.now
    changed: HostedZone = _new(HostedZone)
    _set_state(changed, "__dict__", state)
    # ``world.commit(changed, r.comment, vpc_names=world.vpc_names_with(changed, vpc_id))``,
    # with the VPC's zone names the input rule looked up.
    fields = world.__dict__.copy()
    fields["vpc_names"] = world.vpc_names.set(vpc_id, r.names.set(zone.name, zone.id))
    return world.committed(fields, changed, r.comment)


ASSOCIATE: Operation[AssociateRequest, Checked, ChangeInfo] = Operation(
    name="associate",
    aws_name="AssociateVPCWithHostedZone",
    summary="Associate a VPC with a private hosted zone.",
    request_type=AssociateRequest,
    rules=(
        _input,
        _zone_exists,
        _zone_private,
        _vpc_exists,
        _same_partition,
        _not_service_owned,
        _caller_authorized,
        _no_same_name,
        _quota,
        _no_prior_request,
    ),
    effect=_effect,
)


def associate(
    world: World,
    *,
    caller: str,
    hosted_zone_id: str,
    vpc_id: str,
    vpc_region: str,
    comment: str | None = None,
) -> tuple[World, ChangeInfo]:
    """AssociateVPCWithHostedZone: associate *vpc_id* with a private hosted zone.

    Returns the new world and the change; raises the error of the first rule that
    refuses (see ``ASSOCIATE.rules``), leaving *world* as it was.

    >>> from route53_assoc import World, create_vpc, create_hosted_zone
    >>> w = World.empty()
    >>> w, vpc1 = create_vpc(w, owner="111111111111", region="us-east-1")
    >>> w, vpc2 = create_vpc(w, owner="111111111111", region="eu-west-1")
    >>> w, created = create_hosted_zone(w, caller="111111111111", name="corp.example",
    ...     caller_reference="r1", vpc_id=vpc1.id, vpc_region="us-east-1")
    >>> w, change = associate(w, caller="111111111111", hosted_zone_id=created.zone.id,
    ...     vpc_id=vpc2.id, vpc_region="eu-west-1")
    >>> change.status
    <ChangeStatus.INSYNC: 'INSYNC'>
    >>> len(w.zones[created.zone.id].associations)
    2
    """
    if type(world) is World:
        # The input rule's common case on the members as given (what ``_input`` does
        # first with a request made of them), then the rest of the table as ``run``
        # runs it: the request itself is made only for the rare path.
        checked = _well_formed(world, caller, hosted_zone_id, vpc_id, vpc_region, comment)
        if checked is not None:
            return ASSOCIATE.run_checked(world, checked)
    # The request class has no converters or validators (its members are taken as
    # given; the input rule checks them), so building it directly is the same value.
    request = _new(AssociateRequest)
    _set_state(
        request,
        "__dict__",
        {
            "caller": caller,
            "hosted_zone_id": hosted_zone_id,
            "vpc_id": vpc_id,
            "vpc_region": vpc_region,
            "comment": comment,
        },
    )
    return ASSOCIATE.run(require_world(world), request)


_new = object.__new__

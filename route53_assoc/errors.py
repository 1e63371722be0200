"""One exception class per Route 53 error code, under one root.

Every class carries AWS's error ``code`` and ``http_status`` as class attributes, the
ids involved as fields, and a message: AWS's exact text where it is known (the
class's ``template``), otherwise a clear message of ours.

>>> from route53_assoc.errors import NoSuchHostedZone, Route53Error
>>> err = NoSuchHostedZone(hosted_zone_id="Z0123456789ABCDEFGHIJ")
>>> err.code, err.http_status, str(err)
('NoSuchHostedZone', 404, 'No hosted zone found with ID: Z0123456789ABCDEFGHIJ')
>>> isinstance(err, Route53Error)
True
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AccessDenied",
    "ConcurrentModification",
    "ConflictingDomainExists",
    "HostedZoneAlreadyExists",
    "HostedZoneNotPrivate",
    "InvalidDomainName",
    "InvalidInput",
    "InvalidPaginationToken",
    "InvalidVPCId",
    "LastVPCAssociation",
    "LimitsExceeded",
    "NoSuchChange",
    "NoSuchHostedZone",
    "NotAuthorizedException",
    "PriorRequestNotComplete",
    "PublicZoneVPCAssociation",
    "Route53Error",
    "SnapshotError",
    "TooManyHostedZones",
    "TooManyVPCAssociationAuthorizations",
    "VPCAssociationAuthorizationNotFound",
    "VPCAssociationNotFound",
    "NotModelled",
    "InvalidChangeBatch",
    "HostedZoneNotEmpty",
    "NoSuchDelegationSet",
    "InvalidArgument",
    "Ec2Error",
    "InvalidVpcIDNotFound",
    "InvalidVpcIDMalformed",
    "InvalidParameterValue",
    "MissingParameter",
    "InvalidVpcRange",
    "VpcLimitExceeded",
    "InvalidParameterCombination",
    "DryRunOperation",
    "InvalidNextToken",
    "InvalidRouteTableIDNotFound",
    "InvalidNetworkAclIDNotFound",
    "InvalidGroupNotFound",
    "TagLimitExceeded",
    "InvalidID",
    "DependencyViolation",
    "UnauthorizedOperation",
    "InvalidClientTokenId",
    "ERRORS",
]


class Route53Error(Exception):
    """The root of every error the library raises on purpose.

    ``code`` and ``http_status`` are AWS's; ``fault`` is ``"Sender"`` for every
    error modelled here.  The ids involved are fields (``None`` when not involved).
    """

    code: ClassVar[str] = "Route53Error"
    http_status: ClassVar[int] = 400
    fault: ClassVar[str] = "Sender"
    #: AWS's exact message, with ``{field}`` placeholders; ``None`` when unknown.
    template: ClassVar[str | None] = None
    #: Which branch of its rule raised it, where the rule's outcomes tell branches
    #: apart (``_rules.in_branch``); ``None`` otherwise.
    branch: str | None = None

    def __init__(
        self,
        message: str | None = None,
        *,
        hosted_zone_id: str | None = None,
        vpc_id: str | None = None,
        vpc_region: str | None = None,
        change_id: str | None = None,
        account: str | None = None,
    ) -> None:
        self.hosted_zone_id = hosted_zone_id
        self.vpc_id = vpc_id
        self.vpc_region = vpc_region
        self.change_id = change_id
        self.account = account
        if message is None:
            if self.template is None:
                raise TypeError(f"{type(self).__name__} needs a message")
            message = self.template.format(
                hosted_zone_id=hosted_zone_id,
                vpc_id=vpc_id,
                vpc_region=vpc_region,
                change_id=change_id,
                account=account,
            )
        self.message = message
        super().__init__(message)

    def __repr__(self) -> str:
        from ._show import shown

        ids = ", ".join(f"{name}={shown(value)}" for name, value in self.ids().items())
        return f"{type(self).__name__}({self.message!r}{', ' if ids else ''}{ids})"

    def ids(self) -> dict[str, str]:
        """The ids involved, by field name (only those that are set)."""
        fields = {
            "hosted_zone_id": self.hosted_zone_id,
            "vpc_id": self.vpc_id,
            "vpc_region": self.vpc_region,
            "change_id": self.change_id,
            "account": self.account,
        }
        return {name: value for name, value in fields.items() if value is not None}

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Route53Error)
        return self.message == other.message and self.ids() == other.ids()

    def __hash__(self) -> int:
        return hash((type(self), self.message, tuple(sorted(self.ids().items()))))


class InvalidInput(Route53Error, ValueError):
    """The request is malformed: a missing member, a wrong type, a value too long.

    Also a :class:`ValueError`, so building a value object from bad data can be
    caught either way.
    """

    code = "InvalidInput"


class NoSuchHostedZone(Route53Error):
    """No hosted zone has that id in the caller's partition (observed message)."""

    code = "NoSuchHostedZone"
    http_status = 404
    template = "No hosted zone found with ID: {hosted_zone_id}"


class PublicZoneVPCAssociation(Route53Error):
    """A VPC cannot be associated with a public zone (observed message)."""

    code = "PublicZoneVPCAssociation"
    template = "Attempting to associate public zone: {hosted_zone_id} with vpc: {vpc_id}"


class InvalidVPCId(Route53Error):
    """The VPC does not exist, is in another region, or may not be used by the caller."""

    code = "InvalidVPCId"
    template = "The VPC ID is invalid."
    #: Observed when the VPC exists but not as stated, or is not the caller's to use.
    NOT_AUTHORIZED = (
        "The VPC: {vpc_id} in region {vpc_region} that you provided is not authorized "
        "to make the association."
    )


class NotAuthorizedException(Route53Error):
    """The association has not been authorized (HTTP 401)."""

    code = "NotAuthorizedException"
    http_status = 401
    #: The model's text, used when the VPC's owner lacks an authorization.
    template = "Associating the specified VPC with the specified hosted zone has not been authorized."
    #: Observed when the zone's owner tries to associate another account's VPC.
    VPC_NOT_AUTHORIZED = "The VPC: {vpc_id} has not authorized to associate with your hosted zone."


class ConflictingDomainExists(Route53Error):
    """The VPC already has a zone of the same name (observed message)."""

    code = "ConflictingDomainExists"
    template = (
        "The VPC {vpc_id} in region {vpc_region} has already been associated with the "
        "hosted zone {hosted_zone_id} with the same domain name."
    )


class LimitsExceeded(Route53Error):
    """The zone already has its maximum number of VPCs (observed message)."""

    code = "LimitsExceeded"
    template = "Limits Exceeded: Cannot associate more VPCs to hosted zone."


class PriorRequestNotComplete(Route53Error):
    """An earlier change to the zone is still being processed (documented message)."""

    code = "PriorRequestNotComplete"
    template = "The request was rejected because Route 53 was still processing a prior request."


class LastVPCAssociation(Route53Error):
    """The last VPC of a private zone cannot be disassociated (model text)."""

    code = "LastVPCAssociation"
    template = (
        "The VPC that you're trying to disassociate from the private hosted zone is the "
        "last VPC that is associated with the hosted zone. Amazon Route 53 doesn't "
        "support disassociating the last VPC from a hosted zone."
    )


class VPCAssociationNotFound(Route53Error):
    """The VPC and the zone are not associated (HTTP 404, model text)."""

    code = "VPCAssociationNotFound"
    http_status = 404
    template = "The specified VPC and hosted zone are not currently associated."


class VPCAssociationAuthorizationNotFound(Route53Error):
    """No such authorization exists (HTTP 404, model text)."""

    code = "VPCAssociationAuthorizationNotFound"
    http_status = 404
    template = "The VPC that you specified is not authorized to be associated with the hosted zone."


class TooManyVPCAssociationAuthorizations(Route53Error):
    """The zone already has its maximum number of authorizations."""

    code = "TooManyVPCAssociationAuthorizations"


class InvalidPaginationToken(Route53Error):
    """The NextToken is not one this listing handed out."""

    code = "InvalidPaginationToken"


class HostedZoneAlreadyExists(Route53Error):
    """The caller reference was used before (HTTP 409, model text)."""

    code = "HostedZoneAlreadyExists"
    http_status = 409
    template = "A hosted zone has already been created with the specified caller reference."


class TooManyHostedZones(Route53Error):
    """The account already owns its maximum number of zones (observed message)."""

    code = "TooManyHostedZones"
    template = "Limits Exceeded: MAX_HOSTED_ZONES_BY_OWNER - Cannot create more hosted zones."


class InvalidDomainName(Route53Error, ValueError):
    """The zone name is not a valid domain name; the message is the name itself."""

    code = "InvalidDomainName"


class NoSuchChange(Route53Error):
    """No change has that id (HTTP 404, observed message)."""

    code = "NoSuchChange"
    http_status = 404
    template = "Could not find resource with ID: {change_id}"


class HostedZoneNotPrivate(Route53Error):
    """The operation needs a private zone."""

    code = "HostedZoneNotPrivate"


class ConcurrentModification(Route53Error):
    """Another request changed the same resource at the same time (adapters only)."""

    code = "ConcurrentModification"


class AccessDenied(Route53Error):
    """The caller may not act on this resource (HTTP 403)."""

    code = "AccessDenied"
    http_status = 403


class NotModelled(Route53Error):
    """The request uses a feature the library does not model (HTTP 501).

    Never a silent success: the message names the operation or member, as
    ``route53-assoc does not model {what}``.  Not an AWS error code.

    >>> NotModelled.of("alias records (AliasTarget)").message
    'route53-assoc does not model alias records (AliasTarget)'
    """

    code = "NotModelled"
    http_status = 501

    @classmethod
    def of(cls, what: str, **ids: str | None) -> NotModelled:
        """The error for the unmodelled feature *what*."""
        return cls(f"route53-assoc does not model {what}", **ids)


class InvalidChangeBatch(Route53Error):
    """A ChangeResourceRecordSets batch has changes Route 53 refuses (spec CRRS-WIRE).

    ``messages`` holds one message per failing change, in change order; the error's
    message is AWS's bracketed list of them.

    >>> InvalidChangeBatch(("first", "second")).message
    '[first, second]'
    """

    code = "InvalidChangeBatch"

    def __init__(self, messages: tuple[str, ...] | list[str], **ids: str | None) -> None:
        self.messages = tuple(messages)
        super().__init__("[" + ", ".join(self.messages) + "]", **ids)


class HostedZoneNotEmpty(Route53Error):
    """The zone holds record sets other than its apex SOA and NS (observed message)."""

    code = "HostedZoneNotEmpty"
    template = (
        "The specified hosted zone contains non-required resource record sets and so cannot be deleted."
    )


class NoSuchDelegationSet(Route53Error):
    """No reusable delegation set has that id (the library models none)."""

    code = "NoSuchDelegationSet"


class InvalidArgument(Route53Error):
    """An argument is not valid for this resource (e.g. GetDNSSEC on a private zone)."""

    code = "InvalidArgument"


# -- EC2 --------------------------------------------------------------------------
# EC2's codes may hold a dot; the class drops it (``InvalidVpcID.NotFound`` is
# :class:`InvalidVpcIDNotFound`).  Each still has ``code`` exactly as EC2 sends it.


class Ec2Error(Route53Error):
    """The root of EC2's errors (a :class:`Route53Error`, so one root covers both)."""

    code = "Ec2Error"


class InvalidVpcIDNotFound(Ec2Error):
    """A well-formed VPC id names no VPC the caller can see."""

    code = "InvalidVpcID.NotFound"
    template = "The vpc ID '{vpc_id}' does not exist"


class InvalidVpcIDMalformed(Ec2Error):
    """A VPC id that is not ``vpc-`` and 8 or 17 lowercase hex digits."""

    code = "InvalidVpcID.Malformed"
    template = 'Invalid id: "{vpc_id}" (expecting "vpc-...")'


class InvalidParameterValue(Ec2Error):
    """A parameter's value is not acceptable."""

    code = "InvalidParameterValue"


class MissingParameter(Ec2Error):
    """A required parameter is missing."""

    code = "MissingParameter"


class InvalidVpcRange(Ec2Error):
    """A VPC CIDR block's prefix length is outside /16–/28."""

    code = "InvalidVpc.Range"


class VpcLimitExceeded(Ec2Error):
    """The account has its maximum number of VPCs in the region."""

    code = "VpcLimitExceeded"
    template = "The maximum number of VPCs has been reached."


class InvalidParameterCombination(Ec2Error):
    """Parameters that cannot be given together (or none where one is needed)."""

    code = "InvalidParameterCombination"


class DryRunOperation(Ec2Error):
    """``DryRun`` was set and the request would have succeeded (HTTP 412)."""

    code = "DryRunOperation"
    http_status = 412
    template = "Request would have succeeded, but DryRun flag is set."


class InvalidNextToken(Ec2Error):
    """An EC2 NextToken that is not one the listing handed out."""

    code = "InvalidNextToken"


class InvalidRouteTableIDNotFound(Ec2Error):
    """No route table has that id."""

    code = "InvalidRouteTableID.NotFound"


class InvalidNetworkAclIDNotFound(Ec2Error):
    """No network ACL has that id."""

    code = "InvalidNetworkAclID.NotFound"


class InvalidGroupNotFound(Ec2Error):
    """No security group has that id."""

    code = "InvalidGroup.NotFound"


class TagLimitExceeded(Ec2Error):
    """A resource would have more than 50 tags."""

    code = "TagLimitExceeded"
    template = "The maximum number of Tags for a resource has been reached."


class InvalidID(Ec2Error):
    """A resource id of no known form."""

    code = "InvalidID"


class DependencyViolation(Ec2Error):
    """The resource has dependencies and cannot be deleted."""

    code = "DependencyViolation"


class UnauthorizedOperation(Ec2Error):
    """The caller may not perform this EC2 operation on the resource (HTTP 403)."""

    code = "UnauthorizedOperation"
    http_status = 403


class InvalidClientTokenId(Route53Error):
    """The access key is not valid where it was used (HTTP 403; STS's observed message)."""

    code = "InvalidClientTokenId"
    http_status = 403
    template = "The security token included in the request is invalid."


class SnapshotError(Route53Error, ValueError):
    """A snapshot cannot be read: it names the path in the document and what is wrong.

    Not an AWS error; ``code`` is the library's own.
    """

    code = "InvalidSnapshot"


def _subclasses(root: type[Route53Error]) -> list[type[Route53Error]]:
    found: list[type[Route53Error]] = []
    for cls in root.__subclasses__():
        found.append(cls)
        found.extend(_subclasses(cls))
    return found


#: Every error class the operations raise, by code (roots and SnapshotError left out).
ERRORS: dict[str, type[Route53Error]] = {
    cls.code: cls for cls in _subclasses(Route53Error) if cls not in (Ec2Error, SnapshotError)
}

"""route53-assoc: Route 53 private-hosted-zone ↔ VPC association rules, exactly.

An immutable :class:`World` and pure operations that check every rule AWS enforces
and return a new world, or raise the error AWS would.

>>> from route53_assoc import World, create_vpc, create_hosted_zone, associate
>>> w = World.empty()
>>> w, vpc = create_vpc(w, owner="111111111111", region="us-east-1")
>>> w, created = create_hosted_zone(w, caller="111111111111", name="corp.internal",
...     caller_reference="ref-1", vpc_id=vpc.id, vpc_region="us-east-1")
>>> created.zone.private
True
"""

from __future__ import annotations

from . import errors
from ._associate import ASSOCIATE, AssociateRequest, associate
from ._authorizations import (
    CREATE_AUTHORIZATION,
    DELETE_AUTHORIZATION,
    LIST_AUTHORIZATIONS,
    AuthorizationPage,
    AuthorizationRequest,
    DeleteAuthorizationRequest,
    ListAuthorizationsRequest,
    create_vpc_association_authorization,
    delete_vpc_association_authorization,
    list_vpc_association_authorizations,
)
from ._ec2 import (
    AddAccountRequest,
    AdvanceRequest,
    CreateVpcRequest,
    DeleteVpcRequest,
    SetZoneVpcLimitRequest,
    add_account,
    advance,
    create_vpc,
    delete_vpc,
    set_zone_vpc_limit,
)
from ._lifecycle import (
    CREATE_SERVICE_ZONE,
    DELETE_HOSTED_ZONE,
    DISASSOCIATE,
    LINK_ZONE,
    CreateServiceZoneRequest,
    DeleteHostedZoneRequest,
    DisassociateRequest,
    LinkZoneRequest,
    create_service_zone,
    delete_hosted_zone,
    disassociate,
    link_zone_to_service,
)
from ._listings import (
    GET_DNSSEC,
    GET_HOSTED_ZONE_COUNT,
    LIST_HOSTED_ZONES,
    LIST_HOSTED_ZONES_BY_NAME,
    UPDATE_HOSTED_ZONE_COMMENT,
    DnssecStatus,
    GetDnssecRequest,
    GetHostedZoneCountRequest,
    HostedZonePage,
    HostedZonesByNamePage,
    ListHostedZonesByNameRequest,
    ListHostedZonesRequest,
    UpdateHostedZoneCommentRequest,
    get_dnssec,
    get_hosted_zone_count,
    list_hosted_zones,
    list_hosted_zones_by_name,
    update_hosted_zone_comment,
)
from ._partitions import PARTITIONS, REGIONS, Partition, partition_of
from ._reads import (
    GET_CHANGE,
    GET_HOSTED_ZONE,
    GET_HOSTED_ZONE_LIMIT,
    LIST_HOSTED_ZONES_BY_VPC,
    GetChangeRequest,
    GetHostedZoneLimitRequest,
    GetHostedZoneRequest,
    HostedZoneLimit,
    ListHostedZonesByVpcRequest,
    ZonesByVpcPage,
    ZoneSummary,
    get_change,
    get_hosted_zone,
    get_hosted_zone_limit,
    list_hosted_zones_by_vpc,
)
from ._registry import OPERATIONS, apply, explain, operation
from ._rules import Confidence, Operation, Rule, Step, Trace, Verdict
from ._tags import (
    CHANGE_TAGS,
    LIST_TAGS,
    LIST_TAGS_MANY,
    ChangeTagsRequest,
    ListTagsForResourcesRequest,
    ListTagsRequest,
    ResourceTagSet,
    change_tags_for_resource,
    list_tags_for_resource,
    list_tags_for_resources,
)
from ._values import VPC, Authorization, Change, ChangeInfo, ChangeStatus, HostedZone, Quotas, Timing
from ._world import World
from ._zones import CREATE_HOSTED_ZONE, CreateHostedZoneRequest, ZoneCreated, create_hosted_zone
from .errors import *  # noqa: F403
from .errors import __all__ as _error_names

__version__ = "0.1.0"

__all__ = [
    "CREATE_SERVICE_ZONE",
    "DELETE_HOSTED_ZONE",
    "DISASSOCIATE",
    "GET_CHANGE",
    "GET_HOSTED_ZONE",
    "GET_HOSTED_ZONE_LIMIT",
    "LINK_ZONE",
    "LIST_HOSTED_ZONES_BY_VPC",
    "CreateServiceZoneRequest",
    "DeleteHostedZoneRequest",
    "DisassociateRequest",
    "GetChangeRequest",
    "GetHostedZoneLimitRequest",
    "GetHostedZoneRequest",
    "HostedZoneLimit",
    "LinkZoneRequest",
    "ListHostedZonesByVpcRequest",
    "ZoneSummary",
    "ZonesByVpcPage",
    "create_service_zone",
    "delete_hosted_zone",
    "disassociate",
    "get_change",
    "get_hosted_zone",
    "get_hosted_zone_limit",
    "link_zone_to_service",
    "list_hosted_zones_by_vpc",
    "ASSOCIATE",
    "CREATE_AUTHORIZATION",
    "CREATE_HOSTED_ZONE",
    "DELETE_AUTHORIZATION",
    "LIST_AUTHORIZATIONS",
    "OPERATIONS",
    "PARTITIONS",
    "REGIONS",
    "VPC",
    "AddAccountRequest",
    "AdvanceRequest",
    "AssociateRequest",
    "Authorization",
    "AuthorizationPage",
    "AuthorizationRequest",
    "Change",
    "ChangeInfo",
    "ChangeStatus",
    "Confidence",
    "CreateHostedZoneRequest",
    "CreateVpcRequest",
    "DeleteAuthorizationRequest",
    "DeleteVpcRequest",
    "HostedZone",
    "ListAuthorizationsRequest",
    "Operation",
    "Partition",
    "Quotas",
    "Rule",
    "SetZoneVpcLimitRequest",
    "Step",
    "Timing",
    "Trace",
    "Verdict",
    "World",
    "ZoneCreated",
    "add_account",
    "advance",
    "apply",
    "associate",
    "create_hosted_zone",
    "create_vpc",
    "create_vpc_association_authorization",
    "delete_vpc",
    "delete_vpc_association_authorization",
    "errors",
    "explain",
    "list_vpc_association_authorizations",
    "operation",
    "partition_of",
    "set_zone_vpc_limit",
    "GET_DNSSEC",
    "GET_HOSTED_ZONE_COUNT",
    "LIST_HOSTED_ZONES",
    "LIST_HOSTED_ZONES_BY_NAME",
    "UPDATE_HOSTED_ZONE_COMMENT",
    "DnssecStatus",
    "GetDnssecRequest",
    "GetHostedZoneCountRequest",
    "HostedZonePage",
    "HostedZonesByNamePage",
    "ListHostedZonesByNameRequest",
    "ListHostedZonesRequest",
    "UpdateHostedZoneCommentRequest",
    "get_dnssec",
    "get_hosted_zone_count",
    "list_hosted_zones",
    "list_hosted_zones_by_name",
    "update_hosted_zone_comment",
    "CHANGE_TAGS",
    "LIST_TAGS",
    "LIST_TAGS_MANY",
    "ChangeTagsRequest",
    "ListTagsForResourcesRequest",
    "ListTagsRequest",
    "ResourceTagSet",
    "change_tags_for_resource",
    "list_tags_for_resource",
    "list_tags_for_resources",
    *_error_names,
]


def __dir__() -> list[str]:
    return sorted(__all__)

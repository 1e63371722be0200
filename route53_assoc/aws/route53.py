"""Route 53's operations on the AWS face: parameters in, response bodies out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from .._associate import ASSOCIATE, AssociateRequest
from .._authorizations import (
    CreateAuthorizationRequest,
    DeleteAuthorizationRequest,
    ListAuthorizationsRequest,
)
from .._lifecycle import DeleteHostedZoneRequest, DisassociateRequest
from .._reads import (
    GetChangeRequest,
    GetHostedZoneLimitRequest,
    GetHostedZoneRequest,
    ListHostedZonesByVpcRequest,
)
from .._records import delegation_name_servers, record_count
from .._values import ChangeInfo, ChangeStatus, HostedZone, trusted
from .._world import World
from .._zones import CreateHostedZoneRequest
from .route53_records import HANDLERS as RECORD_HANDLERS

if TYPE_CHECKING:
    from . import Backend, Handler

__all__ = ["HANDLERS"]


def _vpc_shape(vpc_id: str, region: str) -> dict[str, str]:
    return {"VPCRegion": region, "VPCId": vpc_id}


def _change_shape(info: ChangeInfo) -> dict[str, Any]:
    shape: dict[str, Any] = {"Id": info.id, "Status": _STATUS[info.status], "SubmittedAt": info.submitted_at}
    if info.comment is not None:
        shape["Comment"] = info.comment
    return shape


#: Each status's plain string (``status.value``, read from a dict: an enum's ``value`` is a slow property).
_STATUS: Final = {status: status.value for status in ChangeStatus}


def _zone_shape(zone: HostedZone, world: World) -> dict[str, Any]:
    config: dict[str, Any] = {"PrivateZone": zone.private}
    if zone.comment is not None:
        config["Comment"] = zone.comment
    shape: dict[str, Any] = {
        "Id": f"/hostedzone/{zone.id}",
        "Name": zone.name,
        "CallerReference": zone.caller_reference,
        "Config": config,
        "ResourceRecordSetCount": record_count(world, zone),
    }
    if zone.linked_service is not None:
        shape["LinkedService"] = {"ServicePrincipal": zone.linked_service}
    return shape


def _delegation_set(zone: HostedZone) -> dict[str, Any]:
    return {"NameServers": list(delegation_name_servers(zone.id))}


def _vpc(params: Mapping[str, Any]) -> tuple[Any, Any]:
    vpc = params.get("VPC") or {}
    return vpc.get("VPCId"), vpc.get("VPCRegion")


def _create_hosted_zone(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    config = p.get("HostedZoneConfig") or {}
    created = sb.apply(
        CreateHostedZoneRequest(
            caller=account,
            name=p["Name"],
            caller_reference=p["CallerReference"],
            vpc_id=vpc_id,
            vpc_region=vpc_region,
            comment=config.get("Comment"),
            private_zone=config.get("PrivateZone"),
            delegation_set_id=p.get("DelegationSetId"),
            hosted_zone_tier=config.get("HostedZoneTier"),
            enable_public_dns_fallback=p.get("EnablePublicDNSFallback"),
            change_guardrails=p.get("ChangeGuardrails"),
        )
    )
    zone = created.zone
    body: dict[str, Any] = {
        "HostedZone": _zone_shape(zone, sb.world),
        "ChangeInfo": _change_shape(created.change),
        "Location": f"https://route53.amazonaws.com/2013-04-01/hostedzone/{zone.id}",
    }
    if zone.private:
        body["VPC"] = _vpc_shape(vpc_id, vpc_region)
    else:
        body["DelegationSet"] = _delegation_set(zone)
    return 201, body


def _delete_hosted_zone(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    info = sb.apply(DeleteHostedZoneRequest(caller=account, hosted_zone_id=p["Id"]))
    return 200, {"ChangeInfo": _change_shape(info)}


def _get_hosted_zone(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    zone = sb.apply(GetHostedZoneRequest(caller=account, hosted_zone_id=p["Id"]))
    body: dict[str, Any] = {"HostedZone": _zone_shape(zone, sb.world)}
    if zone.private:
        body["VPCs"] = [_vpc_shape(vpc_id, vpc_region) for vpc_id, vpc_region in zone.vpcs]
    else:
        body["DelegationSet"] = _delegation_set(zone)
    return 200, body


def _associate(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    # The request class has no converters or validators: built directly, the same value.
    request = trusted(
        AssociateRequest,
        caller=account,
        hosted_zone_id=p["HostedZoneId"],
        vpc_id=vpc_id,
        vpc_region=vpc_region,
        comment=p.get("Comment"),
    )
    return 200, {"ChangeInfo": _change_shape(sb.run(ASSOCIATE, request))}


def _disassociate(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    info = sb.apply(
        DisassociateRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            vpc_id=vpc_id,
            vpc_region=vpc_region,
            comment=p.get("Comment"),
        )
    )
    return 200, {"ChangeInfo": _change_shape(info)}


def _create_authorization(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    auth = sb.apply(
        CreateAuthorizationRequest(
            caller=account, hosted_zone_id=p["HostedZoneId"], vpc_id=vpc_id, vpc_region=vpc_region
        )
    )
    return 200, {"HostedZoneId": auth.hosted_zone_id, "VPC": _vpc_shape(auth.vpc_id, auth.vpc_region)}


def _delete_authorization(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    vpc_id, vpc_region = _vpc(p)
    sb.apply(
        DeleteAuthorizationRequest(
            caller=account, hosted_zone_id=p["HostedZoneId"], vpc_id=vpc_id, vpc_region=vpc_region
        )
    )
    return 200, {}


def _list_authorizations(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    page = sb.apply(
        ListAuthorizationsRequest(
            caller=account,
            hosted_zone_id=p["HostedZoneId"],
            max_results=p.get("MaxResults"),
            next_token=p.get("NextToken"),
        )
    )
    body: dict[str, Any] = {
        "HostedZoneId": page.hosted_zone_id,
        "VPCs": [_vpc_shape(v, r) for v, r in page.vpcs],
    }
    if page.next_token is not None:
        body["NextToken"] = page.next_token
    return 200, body


def _list_by_vpc(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    page = sb.apply(
        ListHostedZonesByVpcRequest(
            caller=account,
            vpc_id=p["VPCId"],
            vpc_region=p["VPCRegion"],
            max_items=p.get("MaxItems"),
            next_token=p.get("NextToken"),
        )
    )
    summaries = []
    for zone in page.zones:
        owner = (
            {"OwningAccount": zone.owning_account}
            if zone.owning_account
            else {"OwningService": zone.owning_service}
        )
        summaries.append({"HostedZoneId": zone.hosted_zone_id, "Name": zone.name, "Owner": owner})
    body: dict[str, Any] = {"HostedZoneSummaries": summaries, "MaxItems": str(page.max_items)}
    if page.next_token is not None:
        body["NextToken"] = page.next_token
    return 200, body


def _get_change(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    info = sb.apply(GetChangeRequest(caller=account, change_id=p["Id"]))
    return 200, {"ChangeInfo": _change_shape(info)}


def _get_limit(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    limit = sb.apply(
        GetHostedZoneLimitRequest(caller=account, hosted_zone_id=p["HostedZoneId"], type=p["Type"])
    )
    return 200, {"Limit": {"Type": limit.type, "Value": limit.value}, "Count": limit.count}


HANDLERS: Final[dict[str, Handler]] = {
    "CreateHostedZone": _create_hosted_zone,
    "DeleteHostedZone": _delete_hosted_zone,
    "GetHostedZone": _get_hosted_zone,
    "AssociateVPCWithHostedZone": _associate,
    "DisassociateVPCFromHostedZone": _disassociate,
    "CreateVPCAssociationAuthorization": _create_authorization,
    "DeleteVPCAssociationAuthorization": _delete_authorization,
    "ListVPCAssociationAuthorizations": _list_authorizations,
    "ListHostedZonesByVPC": _list_by_vpc,
    "GetChange": _get_change,
    "GetHostedZoneLimit": _get_limit,
}
HANDLERS.update(RECORD_HANDLERS)

# The zone surface (listings, comment, count, tags, DNSSEC) lives in its own module.
from .route53_zones import HANDLERS as _ZONE_HANDLERS  # noqa: E402

HANDLERS.update(_ZONE_HANDLERS)

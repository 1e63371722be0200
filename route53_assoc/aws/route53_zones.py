"""Route 53's zone surface on the AWS face: listings, comment, count, tags, DNSSEC.

Handlers have the signature of :mod:`.route53`'s and join its ``HANDLERS`` table.
Response bodies are shaped as botocore parses them: ``MaxItems`` is the echoed
string, ``Marker``/``DNSName``/``HostedZoneId`` appear only when the request had
them, the ``Next…`` members only when ``IsTruncated``.

Operations surface.md leaves unmodelled (reusable delegation sets, DNSSEC signing and
key-signing keys: DS-OPS and DNSSEC-OTHER) have no handler, so the backend refuses them
with ``NotModelled`` naming the operation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._listings import (
    GetDnssecRequest,
    GetHostedZoneCountRequest,
    ListHostedZonesByNameRequest,
    ListHostedZonesRequest,
    UpdateHostedZoneCommentRequest,
)
from .._tags import (
    ChangeTagsForResourceRequest,
    ListTagsForResourceRequest,
    ListTagsForResourcesRequest,
    ResourceTagSet,
)
from .route53 import _zone_shape

if TYPE_CHECKING:
    from . import Backend, Handler

__all__ = ["HANDLERS"]


def _list_hosted_zones(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    page = sb.apply(
        ListHostedZonesRequest(
            caller=account,
            marker=p.get("Marker"),
            max_items=p.get("MaxItems"),
            delegation_set_id=p.get("DelegationSetId"),
            hosted_zone_type=p.get("HostedZoneType"),
        )
    )
    world = sb.world
    body: dict[str, Any] = {"HostedZones": [_zone_shape(zone, world) for zone in page.zones]}
    if page.marker is not None:
        body["Marker"] = page.marker
    body["IsTruncated"] = page.is_truncated
    if page.next_marker is not None:
        body["NextMarker"] = page.next_marker
    body["MaxItems"] = page.max_items
    return 200, body


def _list_hosted_zones_by_name(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    page = sb.apply(
        ListHostedZonesByNameRequest(
            caller=account,
            dns_name=p.get("DNSName"),
            hosted_zone_id=p.get("HostedZoneId"),
            max_items=p.get("MaxItems"),
        )
    )
    world = sb.world
    body: dict[str, Any] = {"HostedZones": [_zone_shape(zone, world) for zone in page.zones]}
    if page.dns_name is not None:
        body["DNSName"] = page.dns_name
    if page.hosted_zone_id is not None:
        body["HostedZoneId"] = page.hosted_zone_id
    body["IsTruncated"] = page.is_truncated
    if page.next_dns_name is not None:
        body["NextDNSName"] = page.next_dns_name
    if page.next_hosted_zone_id is not None:
        body["NextHostedZoneId"] = page.next_hosted_zone_id
    body["MaxItems"] = page.max_items
    return 200, body


def _get_hosted_zone_count(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    return 200, {"HostedZoneCount": sb.apply(GetHostedZoneCountRequest(caller=account))}


def _update_hosted_zone_comment(
    sb: Backend, account: str, region: str, p: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    zone = sb.apply(
        UpdateHostedZoneCommentRequest(caller=account, hosted_zone_id=p["Id"], comment=p.get("Comment"))
    )
    return 200, {"HostedZone": _zone_shape(zone, sb.world)}


def _tag_set_shape(tag_set: ResourceTagSet) -> dict[str, Any]:
    return {
        "ResourceType": tag_set.resource_type,
        "ResourceId": tag_set.resource_id,
        "Tags": [{"Key": key, "Value": value} for key, value in tag_set.tags],
    }


def _change_tags(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    sb.apply(
        ChangeTagsForResourceRequest(
            caller=account,
            resource_type=p["ResourceType"],
            resource_id=p["ResourceId"],
            add_tags=p.get("AddTags"),
            remove_tag_keys=p.get("RemoveTagKeys"),
        )
    )
    return 200, {}


def _list_tags(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    tag_set = sb.apply(
        ListTagsForResourceRequest(caller=account, resource_type=p["ResourceType"], resource_id=p["ResourceId"])
    )
    return 200, {"ResourceTagSet": _tag_set_shape(tag_set)}


def _list_tags_many(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    tag_sets = sb.apply(
        ListTagsForResourcesRequest(
            caller=account, resource_type=p["ResourceType"], resource_ids=p["ResourceIds"]
        )
    )
    return 200, {"ResourceTagSets": [_tag_set_shape(tag_set) for tag_set in tag_sets]}


def _get_dnssec(sb: Backend, account: str, region: str, p: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    status = sb.apply(GetDnssecRequest(caller=account, hosted_zone_id=p["HostedZoneId"]))
    return 200, {
        "Status": {"ServeSignature": status.serve_signature},
        "KeySigningKeys": list(status.key_signing_keys),
    }


HANDLERS: Final[dict[str, Handler]] = {
    "ListHostedZones": _list_hosted_zones,
    "ListHostedZonesByName": _list_hosted_zones_by_name,
    "GetHostedZoneCount": _get_hosted_zone_count,
    "UpdateHostedZoneComment": _update_hosted_zone_comment,
    "ChangeTagsForResource": _change_tags,
    "ListTagsForResource": _list_tags,
    "ListTagsForResources": _list_tags_many,
    "GetDNSSEC": _get_dnssec,
}

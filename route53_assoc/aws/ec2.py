"""EC2's operations on the AWS face: parameters in, response bodies out (spec §S5).

The core raises EC2's own errors; the handlers only turn botocore's parameters into
core requests and the results into the shapes botocore parses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._ec2 import (
    CreateVpcRequest,
    DeleteVpcRequest,
    DescribeVpcAttributeRequest,
    DescribeVpcsRequest,
    ModifyVpcAttributeRequest,
    VpcAttribute,
    cidr_association_id,
)
from .._ec2_common import Page, Tagged
from .._ec2_tags import CreateTagsRequest, DeleteTagsRequest, DescribeTagsRequest, TagDescription
from .._ids import dhcp_options_id
from .._partitions import partition_of
from .._values import VPC
from .._vpc_resources import (
    DEFAULT_SG_DESCRIPTION,
    DefaultResource,
    DescribeNetworkAclsRequest,
    DescribeRouteTablesRequest,
    DescribeSecurityGroupsRequest,
)

if TYPE_CHECKING:
    from . import Backend, Handler

__all__ = ["HANDLERS", "network_acl_shape", "route_table_shape", "security_group_shape", "vpc_shape"]

Body = dict[str, Any]


def _tags(pairs: tuple[tuple[str, str], ...]) -> list[Body]:
    return [{"Key": key, "Value": value} for key, value in pairs]


def vpc_shape(vpc: VPC, tags: tuple[tuple[str, str], ...], state: str = "available") -> Body:
    """VPC-SHAPE."""
    return {
        "VpcId": vpc.id,
        "OwnerId": vpc.owner,
        "State": state,
        "CidrBlock": vpc.cidr_block,
        "DhcpOptionsId": dhcp_options_id(vpc.region),
        "InstanceTenancy": vpc.instance_tenancy,
        "IsDefault": vpc.is_default,
        "CidrBlockAssociationSet": [
            {
                "AssociationId": cidr_association_id(vpc),
                "CidrBlock": vpc.cidr_block,
                "CidrBlockState": {"State": "associated"},
            }
        ],
        "Ipv6CidrBlockAssociationSet": [],
        "Tags": _tags(tags),
    }


def route_table_shape(r: DefaultResource, tags: tuple[tuple[str, str], ...]) -> Body:
    """DEF-RTB."""
    assert r.vpc.defaults is not None
    return {
        "RouteTableId": r.id,
        "VpcId": r.vpc.id,
        "OwnerId": r.vpc.owner,
        "Routes": [
            {
                "DestinationCidrBlock": r.vpc.cidr_block,
                "GatewayId": "local",
                "Origin": "CreateRouteTable",
                "State": "active",
            }
        ],
        "Associations": [
            {
                "Main": True,
                "RouteTableAssociationId": r.vpc.defaults.route_table_association_id,
                "RouteTableId": r.id,
                "AssociationState": {"State": "associated"},
            }
        ],
        "PropagatingVgws": [],
        "Tags": _tags(tags),
    }


def network_acl_shape(r: DefaultResource, tags: tuple[tuple[str, str], ...]) -> Body:
    """DEF-ACL: four entries, egress first."""
    entries = [
        {"CidrBlock": "0.0.0.0/0", "Protocol": "-1", "Egress": egress, "RuleNumber": number, "RuleAction": action}
        for egress in (True, False)
        for number, action in ((100, "allow"), (32767, "deny"))
    ]
    return {
        "NetworkAclId": r.id,
        "VpcId": r.vpc.id,
        "OwnerId": r.vpc.owner,
        "IsDefault": True,
        "Associations": [],
        "Entries": entries,
        "Tags": _tags(tags),
    }


def security_group_shape(r: DefaultResource, tags: tuple[tuple[str, str], ...]) -> Body:
    """DEF-SG."""
    partition = partition_of(r.vpc.region)
    return {
        "GroupId": r.id,
        "GroupName": "default",
        "Description": DEFAULT_SG_DESCRIPTION,
        "VpcId": r.vpc.id,
        "OwnerId": r.vpc.owner,
        "IpPermissions": [
            {
                "IpProtocol": "-1",
                "UserIdGroupPairs": [{"GroupId": r.id, "UserId": r.vpc.owner}],
                "IpRanges": [],
                "Ipv6Ranges": [],
                "PrefixListIds": [],
            }
        ],
        "IpPermissionsEgress": [
            {
                "IpProtocol": "-1",
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                "Ipv6Ranges": [],
                "PrefixListIds": [],
                "UserIdGroupPairs": [],
            }
        ],
        "SecurityGroupArn": f"arn:{partition}:ec2:{r.vpc.region}:{r.vpc.owner}:security-group/{r.id}",
        "Tags": _tags(tags),
    }


def _paged(key: str, page: Page, shape: Any) -> Body:
    body: Body = {key: [shape(t.item, t.tags) if isinstance(t, Tagged) else shape(t) for t in page.items]}
    if page.next_token is not None:
        body["NextToken"] = page.next_token
    return body


def _create_vpc(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    known = {"CidrBlock", "InstanceTenancy", "TagSpecifications", "DryRun"}
    vpc = sb.apply(
        CreateVpcRequest(
            owner=account,
            region=region,
            cidr_block=p.get("CidrBlock"),
            instance_tenancy=p.get("InstanceTenancy"),
            tag_specifications=tuple(p.get("TagSpecifications") or ()),
            dry_run=bool(p.get("DryRun")),
            other_members=tuple((k, v) for k, v in p.items() if k not in known),
        )
    )
    tags = tuple(sorted(sb.world.tags_of(vpc.id).items()))
    return 200, {"Vpc": vpc_shape(vpc, tags, state="pending")}


def _delete_vpc(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    sb.apply(DeleteVpcRequest(caller=account, vpc_id=p.get("VpcId"), region=region, dry_run=bool(p.get("DryRun"))))  # type: ignore[arg-type]
    return 200, {}


def _describe_vpcs(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    page = sb.apply(
        DescribeVpcsRequest(
            caller=account,
            region=region,
            vpc_ids=tuple(p.get("VpcIds") or ()),
            filters=tuple(p.get("Filters") or ()),
            max_results=p.get("MaxResults"),
            next_token=p.get("NextToken"),
            dry_run=bool(p.get("DryRun")),
        )
    )
    return 200, _paged("Vpcs", page, vpc_shape)


def _describe_vpc_attribute(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    result: VpcAttribute = sb.apply(
        DescribeVpcAttributeRequest(
            caller=account,
            region=region,
            vpc_id=p.get("VpcId"),  # type: ignore[arg-type]
            attribute=p.get("Attribute"),  # type: ignore[arg-type]
            dry_run=bool(p.get("DryRun")),
        )
    )
    member = result.attribute[0].upper() + result.attribute[1:]
    return 200, {"VpcId": result.vpc_id, member: {"Value": result.value}}


_ATTRIBUTE_MEMBERS: Final = ("EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics")


def _modify_vpc_attribute(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    attributes = tuple(
        (key[0].lower() + key[1:], (value or {}).get("Value"))
        for key, value in p.items()
        if key in _ATTRIBUTE_MEMBERS
    )
    sb.apply(
        ModifyVpcAttributeRequest(
            caller=account,
            region=region,
            vpc_id=p.get("VpcId"),  # type: ignore[arg-type]
            attributes=attributes,  # type: ignore[arg-type]
            dry_run=bool(p.get("DryRun")),
        )
    )
    return 200, {}


def _describe_defaults(request_type: type[Any], ids_member: str, key: str, shape: Any) -> Handler:
    def answer(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
        extra = {"group_names": tuple(p.get("GroupNames") or ())} if "GroupNames" in p else {}
        page = sb.apply(
            request_type(
                caller=account,
                region=region,
                ids=tuple(p.get(ids_member) or ()),
                filters=tuple(p.get("Filters") or ()),
                max_results=p.get("MaxResults"),
                next_token=p.get("NextToken"),
                dry_run=bool(p.get("DryRun")),
                **extra,
            )
        )
        return 200, _paged(key, page, shape)

    return answer


def _create_tags(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    sb.apply(
        CreateTagsRequest(
            caller=account,
            region=region,
            resources=tuple(p.get("Resources") or ()),
            tags=tuple(p.get("Tags") or ()),
            dry_run=bool(p.get("DryRun")),
        )
    )
    return 200, {}


def _delete_tags(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    tags = p.get("Tags")
    sb.apply(
        DeleteTagsRequest(
            caller=account,
            region=region,
            resources=tuple(p.get("Resources") or ()),
            tags=None if tags is None else tuple(tags),
            dry_run=bool(p.get("DryRun")),
        )
    )
    return 200, {}


def _tag_shape(tag: TagDescription) -> Body:
    return {"Key": tag.key, "ResourceId": tag.resource_id, "ResourceType": tag.resource_type, "Value": tag.value}


def _describe_tags(sb: Backend, account: str, region: str, p: Body) -> tuple[int, Body]:
    page = sb.apply(
        DescribeTagsRequest(
            caller=account,
            region=region,
            filters=tuple(p.get("Filters") or ()),
            max_results=p.get("MaxResults"),
            next_token=p.get("NextToken"),
            dry_run=bool(p.get("DryRun")),
        )
    )
    return 200, _paged("Tags", page, _tag_shape)


HANDLERS: Final[dict[str, Handler]] = {
    "CreateVpc": _create_vpc,
    "DeleteVpc": _delete_vpc,
    "DescribeVpcs": _describe_vpcs,
    "DescribeVpcAttribute": _describe_vpc_attribute,
    "ModifyVpcAttribute": _modify_vpc_attribute,
    "DescribeRouteTables": _describe_defaults(
        DescribeRouteTablesRequest, "RouteTableIds", "RouteTables", route_table_shape
    ),
    "DescribeNetworkAcls": _describe_defaults(
        DescribeNetworkAclsRequest, "NetworkAclIds", "NetworkAcls", network_acl_shape
    ),
    "DescribeSecurityGroups": _describe_defaults(
        DescribeSecurityGroupsRequest, "GroupIds", "SecurityGroups", security_group_shape
    ),
    "CreateTags": _create_tags,
    "DeleteTags": _delete_tags,
    "DescribeTags": _describe_tags,
}

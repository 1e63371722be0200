"""EC2 and STS through real boto3 clients answered by the sandbox (surface.md §S5, §S6)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from route53_assoc import Quotas, World
from route53_assoc.sandbox import Sandbox

A = "111111111111"
CN = "444444444444"
REGION = "eu-west-1"


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox()


@pytest.fixture
def ec2(sb: Sandbox) -> Any:
    return sb.client("ec2", account=A, region_name=REGION)


def error_of(call: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Message"]


def test_create_vpc_keeps_cidr_tags_and_shape(ec2: Any) -> None:
    vpc = ec2.create_vpc(
        CidrBlock="172.31.0.0/16",
        InstanceTenancy="dedicated",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "main"}]}],
    )["Vpc"]
    assert vpc["State"] == "pending"
    assert vpc["CidrBlock"] == "172.31.0.0/16" and vpc["InstanceTenancy"] == "dedicated"
    assert vpc["Tags"] == [{"Key": "Name", "Value": "main"}]
    assert vpc["IsDefault"] is False and vpc["Ipv6CidrBlockAssociationSet"] == []
    assert vpc["DhcpOptionsId"].startswith("dopt-")
    (assoc,) = vpc["CidrBlockAssociationSet"]
    assert assoc["CidrBlock"] == "172.31.0.0/16" and assoc["CidrBlockState"] == {"State": "associated"}
    assert assoc["AssociationId"].startswith("vpc-cidr-assoc-")
    (described,) = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"]
    assert described["State"] == "available"
    assert {k: v for k, v in described.items() if k != "State"} == {k: v for k, v in vpc.items() if k != "State"}


def test_create_vpc_errors(ec2: Any) -> None:
    assert error_of(lambda: ec2.create_vpc()) == (
        "MissingParameter",
        400,
        "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
    )
    assert error_of(lambda: ec2.create_vpc(CidrBlock="banana")) == (
        "InvalidParameterValue",
        400,
        "Value (banana) for parameter cidrBlock is invalid. This is not a valid CIDR block.",
    )
    assert error_of(lambda: ec2.create_vpc(CidrBlock="10.0.0.0/8")) == (
        "InvalidVpc.Range",
        400,
        "The CIDR '10.0.0.0/8' is invalid.",
    )
    assert error_of(lambda: ec2.create_vpc(CidrBlock="10.0.0.0/16", DryRun=True)) == (
        "DryRunOperation",
        412,
        "Request would have succeeded, but DryRun flag is set.",
    )
    code, _, message = error_of(
        lambda: ec2.create_vpc(
            CidrBlock="10.0.0.0/16", TagSpecifications=[{"ResourceType": "subnet", "Tags": [{"Key": "a", "Value": "b"}]}]
        )
    )
    assert (code, message) == ("InvalidParameterValue", "'subnet' is not a valid taggable resource type for this operation.")
    assert ec2.describe_vpcs()["Vpcs"] == []


def test_create_vpc_unmodelled_member(ec2: Any) -> None:
    from route53_assoc.sandbox import NotModelled

    with pytest.raises(NotModelled, match="AmazonProvidedIpv6CidrBlock"):
        ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)


def test_vpc_quota(ec2: Any) -> None:
    for _ in range(5):
        ec2.create_vpc(CidrBlock="10.0.0.0/16")
    assert error_of(lambda: ec2.create_vpc(CidrBlock="10.0.0.0/16")) == (
        "VpcLimitExceeded",
        400,
        "The maximum number of VPCs has been reached.",
    )


def test_describe_vpcs_filters_paging_and_errors() -> None:
    sb = Sandbox(world=World.empty(quotas=Quotas(vpcs_per_region=7)))
    ec2 = sb.client("ec2", account=A, region_name=REGION)
    made = [ec2.create_vpc(CidrBlock=f"10.{i}.0.0/16")["Vpc"]["VpcId"] for i in range(7)]
    ec2.create_tags(Resources=made[:2], Tags=[{"Key": "env", "Value": "prod"}])
    found = ec2.describe_vpcs(Filters=[{"Name": "tag:env", "Values": ["prod"]}, {"Name": "cidr", "Values": ["10.1.0.0/16"]}])
    assert [v["VpcId"] for v in found["Vpcs"]] == [made[1]]
    first = ec2.describe_vpcs(MaxResults=5)
    second = ec2.describe_vpcs(MaxResults=5, NextToken=first["NextToken"])
    assert "NextToken" not in second
    assert [v["VpcId"] for v in first["Vpcs"] + second["Vpcs"]] == sorted(made)
    paged = [v["VpcId"] for page in ec2.get_paginator("describe_vpcs").paginate(PaginationConfig={"PageSize": 5})
             for v in page["Vpcs"]]
    assert paged == sorted(made)
    assert error_of(lambda: ec2.describe_vpcs(VpcIds=["vpc-0123abcd"])) == (
        "InvalidVpcID.NotFound",
        400,
        "The vpc ID 'vpc-0123abcd' does not exist",
    )
    assert error_of(lambda: ec2.describe_vpcs(VpcIds=["nope"])) == (
        "InvalidVpcID.Malformed",
        400,
        'Invalid id: "nope" (expecting "vpc-...")',
    )
    assert error_of(lambda: ec2.describe_vpcs(Filters=[{"Name": "colour", "Values": ["x"]}])) == (
        "InvalidParameterValue",
        400,
        "The filter 'colour' is invalid",
    )
    assert error_of(lambda: ec2.describe_vpcs(NextToken="junk")) == (
        "InvalidNextToken",
        400,
        "The token 'junk' is invalid",
    )
    other_region = sb.client("ec2", account=A, region_name="us-east-1")
    assert other_region.describe_vpcs()["Vpcs"] == []
    assert error_of(lambda: other_region.delete_vpc(VpcId=made[0]))[0] == "InvalidVpcID.NotFound"


def test_delete_vpc(sb: Sandbox, ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    r53 = sb.client("route53", account=A)
    zone = r53.create_hosted_zone(Name="corp.example", CallerReference="r", VPC={"VPCRegion": REGION, "VPCId": vpc})
    assert error_of(lambda: ec2.delete_vpc(VpcId="nope")) == (
        "InvalidVpcID.Malformed",
        400,
        'Invalid id: "nope" (expecting "vpc-...")',
    )
    ec2.delete_vpc(VpcId=vpc)  # the zone association does not block it
    assert ec2.describe_vpcs()["Vpcs"] == []
    assert ec2.describe_security_groups()["SecurityGroups"] == []
    zone_id = zone["HostedZone"]["Id"]
    assert r53.get_hosted_zone(Id=zone_id)["VPCs"] == [{"VPCRegion": REGION, "VPCId": vpc}]


def test_vpc_attributes(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    answer = ec2.describe_vpc_attribute(VpcId=vpc, Attribute="enableDnsSupport")
    assert answer["VpcId"] == vpc and answer["EnableDnsSupport"] == {"Value": True}
    assert "EnableDnsHostnames" not in answer
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": False})
    assert error_of(lambda: ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})) == (
        "InvalidParameterValue",
        400,
        f"Cannot enable DNS hostnames for VPC {vpc} because DNS support is disabled.",
    )
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": False})  # idempotent
    code, _, message = error_of(
        lambda: ec2.modify_vpc_attribute(
            VpcId=vpc, EnableDnsHostnames={"Value": True}, EnableDnsSupport={"Value": True}
        )
    )
    assert (code, message) == (
        "InvalidParameterCombination",
        "Fields for multiple attribute types specified: enableDnsHostnames, enableDnsSupport",
    )
    code, _, message = error_of(lambda: ec2.describe_vpc_attribute(VpcId=vpc, Attribute="EnableDnsHostnames"))
    assert (code, message) == (
        "InvalidParameterValue",
        "Value (EnableDnsHostnames) for parameter attribute is invalid. Unknown attribute.",
    )


def test_terraform_aws_vpc_read_sequence(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.create_vpc(CidrBlock="10.1.0.0/16")  # a second VPC: the filters must pick one
    assert len(ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]) == 1
    for attribute in ("enableDnsHostnames", "enableDnsSupport", "enableNetworkAddressUsageMetrics"):
        ec2.describe_vpc_attribute(VpcId=vpc, Attribute=attribute)
    by_vpc = {"Name": "vpc-id", "Values": [vpc]}
    acls = ec2.describe_network_acls(Filters=[{"Name": "default", "Values": ["true"]}, by_vpc])["NetworkAcls"]
    tables = ec2.describe_route_tables(Filters=[{"Name": "association.main", "Values": ["true"]}, by_vpc])[
        "RouteTables"
    ]
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}, by_vpc])[
        "SecurityGroups"
    ]
    assert (len(acls), len(tables), len(groups)) == (1, 1, 1)
    assert acls[0]["VpcId"] == tables[0]["VpcId"] == groups[0]["VpcId"] == vpc
    assert tables[0]["Routes"][0]["DestinationCidrBlock"] == "10.0.0.0/16"


def test_default_resources_by_id_and_not_found(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]
    assert ec2.describe_security_groups(GroupIds=[group["GroupId"]])["SecurityGroups"] == [group]
    assert error_of(lambda: ec2.describe_route_tables(RouteTableIds=["rtb-0123abcd"])) == (
        "InvalidRouteTableID.NotFound",
        400,
        "The routeTable ID 'rtb-0123abcd' does not exist",
    )
    assert error_of(lambda: ec2.describe_network_acls(NetworkAclIds=["acl-0123abcd"])) == (
        "InvalidNetworkAclID.NotFound",
        400,
        "The networkAcl ID 'acl-0123abcd' does not exist",
    )
    assert error_of(lambda: ec2.describe_security_groups(GroupIds=["sg-0123abcd"])) == (
        "InvalidGroup.NotFound",
        400,
        "The security group 'sg-0123abcd' does not exist",
    )


def test_tags(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]["RouteTableId"]
    ec2.create_tags(Resources=[vpc, table], Tags=[{"Key": "Name", "Value": "x"}, {"Key": "team", "Value": ""}])
    tags = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [table]}])["Tags"]
    assert tags == [
        {"Key": "Name", "ResourceId": table, "ResourceType": "route-table", "Value": "x"},
        {"Key": "team", "ResourceId": table, "ResourceType": "route-table", "Value": ""},
    ]
    ec2.delete_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "other"}, {"Key": "team"}])
    assert ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Tags"] == [{"Key": "Name", "Value": "x"}]
    ec2.delete_tags(Resources=[vpc])
    assert ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Tags"] == []
    assert error_of(lambda: ec2.create_tags(Resources=["bogus"], Tags=[{"Key": "a", "Value": "b"}])) == (
        "InvalidID",
        400,
        "The ID 'bogus' is not valid",
    )
    assert error_of(lambda: ec2.create_tags(Resources=[vpc], Tags=[{"Key": "aws:x", "Value": "b"}]))[2] == (
        "Tag keys starting with 'aws:' are reserved for internal use"
    )
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert error_of(lambda: ec2.create_tags(Resources=[vpc], Tags=many)) == (
        "TagLimitExceeded",
        400,
        "The maximum number of Tags for a resource has been reached.",
    )


@pytest.mark.parametrize(("account", "region", "partition"), [(A, "us-east-1", "aws"), (CN, "cn-north-1", "aws-cn")])
def test_sts_get_caller_identity(sb: Sandbox, account: str, region: str, partition: str) -> None:
    sts = sb.client("sts", account=account, region_name=region)
    identity = sts.get_caller_identity()
    assert identity["Account"] == account and identity["UserId"] == account
    assert identity["Arn"] == f"arn:{partition}:iam::{account}:root"
    assert identity["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_sts_signed_for_another_partition(sb: Sandbox) -> None:
    from route53_assoc import errors

    sb.client("sts", account=CN, region_name="cn-north-1")
    with pytest.raises(errors.InvalidClientTokenId) as info:
        sb.backend.answer("sts", "GetCallerIdentity", {}, account=CN, region="us-east-1")
    assert info.value.http_status == 403
    assert info.value.message == "The security token included in the request is invalid."


def test_sts_inside_mock() -> None:
    import boto3

    sb = Sandbox(access_keys={"AKIDEXAMPLE": A})
    with sb.mock():
        sts = boto3.client(
            "sts", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x"
        )
        assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{A}:root"

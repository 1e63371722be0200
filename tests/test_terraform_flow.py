"""The Terraform AWS provider's calls, made through real boto3 clients on the sandbox.

Every call hashicorp/aws (v5.100) makes to create, refresh and destroy ``aws_vpc`` in two
accounts, ``aws_route53_zone`` with a ``vpc`` block, ``aws_route53_vpc_association_authorization``
and a cross-account ``aws_route53_zone_association`` — in the provider's order, with its
error handling (the errors it tolerates are tolerated here the same way, and nothing else
is).  Read from the provider's source (``internal/service/route53/zone.go``,
``zone_association.go``, ``vpc_association_authorization.go``, ``change_info.go``,
``internal/service/ec2/vpc_.go``) and from its debug log of a real ``terraform apply``.
No call may meet ``NotModelled``.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from route53_assoc.sandbox import Sandbox

ZONE_OWNER = "111111111111"
VPC_OWNER = "222222222222"
REGION = "us-east-1"


def _code(exc: ClientError) -> str:
    return str(exc.response["Error"]["Code"])


def _message(exc: ClientError) -> str:
    return str(exc.response["Error"]["Message"])


def wait_change_insync(r53: Any, change_id: str, *, tolerate_access_denied: bool = False) -> None:
    """``waitChangeInsync``: poll GetChange until INSYNC (a cross-account caller: AccessDenied ignored)."""
    for _ in range(5):
        try:
            status = r53.get_change(Id=change_id)["ChangeInfo"]["Status"]
        except ClientError as exc:
            if tolerate_access_denied and _code(exc) == "AccessDenied":
                return
            raise
        if status == "INSYNC":
            return
    raise AssertionError(f"change {change_id} never reached INSYNC")


# -- aws_vpc ---------------------------------------------------------------------------


def vpc_read(ec2: Any, vpc_id: str) -> dict[str, Any] | None:
    """``resourceVPCRead``; ``None`` when the VPC is gone (removed from state)."""
    try:
        vpcs = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
    except ClientError as exc:
        if _code(exc) == "InvalidVpcID.NotFound":
            return None
        raise
    if not vpcs:
        return None
    (vpc,) = vpcs
    state: dict[str, Any] = {"id": vpc["VpcId"], "cidr_block": vpc["CidrBlock"], "owner_id": vpc["OwnerId"]}
    for attribute, key in (
        ("enableDnsHostnames", "EnableDnsHostnames"),
        ("enableDnsSupport", "EnableDnsSupport"),
        ("enableNetworkAddressUsageMetrics", "EnableNetworkAddressUsageMetrics"),
    ):
        state[attribute] = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute=attribute)[key]["Value"]
    (acl,) = ec2.describe_network_acls(
        Filters=[{"Name": "default", "Values": ["true"]}, {"Name": "vpc-id", "Values": [vpc_id]}]
    )["NetworkAcls"]
    (table,) = ec2.describe_route_tables(
        Filters=[{"Name": "association.main", "Values": ["true"]}, {"Name": "vpc-id", "Values": [vpc_id]}]
    )["RouteTables"]
    (group,) = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["default"]}, {"Name": "vpc-id", "Values": [vpc_id]}]
    )["SecurityGroups"]
    state["default_network_acl_id"] = acl["NetworkAclId"]
    state["main_route_table_id"] = table["RouteTableId"]
    state["default_security_group_id"] = group["GroupId"]
    return state


def vpc_create(ec2: Any, cidr: str) -> dict[str, Any]:
    """``resourceVPCCreate`` with enable_dns_hostnames = true, enable_dns_support = true."""
    vpc_id = ec2.create_vpc(CidrBlock=cidr, InstanceTenancy="default", AmazonProvidedIpv6CidrBlock=False)[
        "Vpc"
    ]["VpcId"]
    for _ in range(5):  # the creation waiter
        (vpc,) = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
        if vpc["State"] == "available":
            break
    else:
        raise AssertionError("the VPC never became available")
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    value = ec2.describe_vpc_attribute(VpcId=vpc_id, Attribute="enableDnsHostnames")["EnableDnsHostnames"]
    assert value == {"Value": True}
    state = vpc_read(ec2, vpc_id)
    assert state is not None
    return state


def vpc_delete(ec2: Any, vpc_id: str) -> None:
    """``resourceVPCDelete``: delete (NotFound is done), then wait until DescribeVpcs says NotFound."""
    try:
        ec2.delete_vpc(VpcId=vpc_id)
    except ClientError as exc:
        if _code(exc) != "InvalidVpcID.NotFound":
            raise
    with pytest.raises(ClientError) as gone:
        ec2.describe_vpcs(VpcIds=[vpc_id])
    assert _code(gone.value) == "InvalidVpcID.NotFound"


# -- aws_route53_zone --------------------------------------------------------------------


def zone_read(r53: Any, zone_id: str) -> dict[str, Any] | None:
    """``resourceZoneRead``; ``None`` when the zone is gone."""
    try:
        out = r53.get_hosted_zone(Id=zone_id)
    except ClientError as exc:
        if _code(exc) == "NoSuchHostedZone":
            return None
        raise
    zone = out["HostedZone"]
    state: dict[str, Any] = {
        "zone_id": zone["Id"].rsplit("/", 1)[-1],
        "name": zone["Name"],
        "comment": zone["Config"].get("Comment"),
        "vpc": [{"vpc_id": v["VPCId"], "vpc_region": v["VPCRegion"]} for v in out.get("VPCs", [])],
    }
    if zone["Config"]["PrivateZone"]:
        sets = r53.list_resource_record_sets(
            HostedZoneId=zone_id, StartRecordName=zone["Name"], StartRecordType="NS"
        )["ResourceRecordSets"]
        name_servers = [
            record["Value"]
            for rrset in sets
            if rrset["Type"] == "NS" and rrset["Name"] == zone["Name"]
            for record in rrset["ResourceRecords"]
        ]
        state["primary_name_server"] = name_servers[0]  # the provider indexes the list
        state["name_servers"] = name_servers
    else:
        state["name_servers"] = out["DelegationSet"]["NameServers"]
    tags = r53.list_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_id)["ResourceTagSet"]
    state["tags"] = {tag["Key"]: tag["Value"] for tag in tags["Tags"]}
    return state


def zone_create(r53: Any, name: str, vpc_id: str, tags: dict[str, str]) -> dict[str, Any]:
    """``resourceZoneCreate`` with one ``vpc`` block, then the read."""
    out = r53.create_hosted_zone(
        Name=name,
        CallerReference="terraform-20261129194917689500000001",
        HostedZoneConfig={"Comment": "Managed by Terraform"},
        VPC={"VPCId": vpc_id, "VPCRegion": REGION},
    )
    zone_id = out["HostedZone"]["Id"].rsplit("/", 1)[-1]  # cleanZoneID
    wait_change_insync(r53, out["ChangeInfo"]["Id"])
    if tags:
        r53.change_tags_for_resource(
            ResourceType="hostedzone",
            ResourceId=zone_id,
            AddTags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )
    state = zone_read(r53, zone_id)
    assert state is not None
    return state


def zone_delete(r53: Any, zone_id: str, name: str, *, force_destroy: bool) -> None:
    """``resourceZoneDelete``: with force_destroy, empty the zone and look at DNSSEC first."""
    if force_destroy:
        records: list[dict[str, Any]] = []
        try:
            for page in r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id):
                records.extend(
                    rrset
                    for rrset in page["ResourceRecordSets"]
                    if not (rrset["Name"] == name and rrset["Type"] in ("NS", "SOA"))
                )
        except ClientError as exc:
            if _code(exc) != "NoSuchHostedZone":
                raise
        for start in range(0, len(records), 100):
            change = r53.change_resource_record_sets(
                HostedZoneId=zone_id,
                ChangeBatch={
                    "Comment": "Deleted by Terraform",
                    "Changes": [
                        {"Action": "DELETE", "ResourceRecordSet": r} for r in records[start : start + 100]
                    ],
                },
            )
            wait_change_insync(r53, change["ChangeInfo"]["Id"])
        try:
            status = r53.get_dnssec(HostedZoneId=zone_id)["Status"]["ServeSignature"]
        except ClientError as exc:
            tolerated = (
                _code(exc) == "NoSuchHostedZone"
                or (
                    _code(exc) == "InvalidArgument"
                    and "Operation is unsupported for private" in _message(exc)
                )
                or (
                    _code(exc) == "AccessDenied"
                    and "The operation GetDNSSEC is not available" in _message(exc)
                )
            )
            if not tolerated:
                raise
        else:
            assert status != "SIGNING"
    try:
        out = r53.delete_hosted_zone(Id=zone_id)
    except ClientError as exc:
        if _code(exc) != "NoSuchHostedZone":
            raise
        return
    wait_change_insync(r53, out["ChangeInfo"]["Id"])


# -- aws_route53_vpc_association_authorization ---------------------------------------------


def authorization_read(r53: Any, zone_id: str, vpc_id: str) -> dict[str, Any] | None:
    """``findVPCAssociationAuthorizationByTwoPartKey``: every page, matched on the VPC id alone."""
    try:
        found = [
            vpc
            for page in _pages(r53.list_vpc_association_authorizations, "NextToken", HostedZoneId=zone_id)
            for vpc in page["VPCs"]
            if vpc["VPCId"] == vpc_id
        ]
    except ClientError as exc:
        if _code(exc) == "NoSuchHostedZone":
            return None
        raise
    if not found:
        return None
    (vpc,) = found
    return {"zone_id": zone_id, "vpc_id": vpc["VPCId"], "vpc_region": vpc["VPCRegion"]}


def authorization_create(r53: Any, zone_id: str, vpc_id: str) -> dict[str, Any]:
    out = r53.create_vpc_association_authorization(
        HostedZoneId=zone_id, VPC={"VPCId": vpc_id, "VPCRegion": REGION}
    )
    resource_id = f"{out['HostedZoneId']}:{out['VPC']['VPCId']}"  # used verbatim: a bare zone id
    assert resource_id == f"{zone_id}:{vpc_id}"
    state = authorization_read(r53, zone_id, vpc_id)
    assert state is not None
    return state


def authorization_delete(r53: Any, zone_id: str, vpc_id: str, vpc_region: str) -> None:
    try:
        r53.delete_vpc_association_authorization(
            HostedZoneId=zone_id, VPC={"VPCId": vpc_id, "VPCRegion": vpc_region}
        )
    except ClientError as exc:
        if _code(exc) not in ("NoSuchHostedZone", "VPCAssociationAuthorizationNotFound"):
            raise


# -- aws_route53_zone_association --------------------------------------------------------


def association_read(r53: Any, zone_id: str, vpc_id: str, vpc_region: str) -> dict[str, Any] | None:
    """``findZoneAssociationByThreePartKey``: ListHostedZonesByVPC, every page."""
    try:
        found = [
            summary
            for page in _pages(r53.list_hosted_zones_by_vpc, "NextToken", VPCId=vpc_id, VPCRegion=vpc_region)
            for summary in page["HostedZoneSummaries"]
            if summary["HostedZoneId"] == zone_id
        ]
    except ClientError as exc:
        if _code(exc) == "AccessDenied" and "is not owned by you" in _message(exc):
            return None
        raise
    if not found:
        return None
    (summary,) = found
    return {
        "id": f"{zone_id}:{vpc_id}:{vpc_region}",
        "owning_account": summary["Owner"]["OwningAccount"],
    }


def association_create(r53: Any, zone_id: str, vpc_id: str) -> dict[str, Any]:
    out = r53.associate_vpc_with_hosted_zone(
        HostedZoneId=zone_id, VPC={"VPCId": vpc_id, "VPCRegion": REGION}, Comment="Managed by Terraform"
    )
    wait_change_insync(r53, out["ChangeInfo"]["Id"], tolerate_access_denied=True)
    state = association_read(r53, zone_id, vpc_id, REGION)
    assert state is not None
    return state


def association_delete(r53: Any, zone_id: str, vpc_id: str, vpc_region: str) -> None:
    try:
        out = r53.disassociate_vpc_from_hosted_zone(
            HostedZoneId=zone_id,
            VPC={"VPCId": vpc_id, "VPCRegion": vpc_region},
            Comment="Managed by Terraform",
        )
    except ClientError as exc:
        if _code(exc) in ("NoSuchHostedZone", "VPCAssociationNotFound"):
            return
        raise
    wait_change_insync(r53, out["ChangeInfo"]["Id"], tolerate_access_denied=True)


def _pages(call: Any, token: str, **params: Any) -> Any:
    while True:
        page = call(**params)
        yield page
        if not page.get(token):
            return
        params[token] = page[token]


# -- the whole flow ------------------------------------------------------------------------


def test_terraform_create_refresh_destroy() -> None:
    sb = Sandbox()
    sts_a = sb.client("sts", account=ZONE_OWNER, region_name=REGION)
    sts_b = sb.client("sts", account=VPC_OWNER, region_name=REGION)
    # Provider configuration: one GetCallerIdentity per provider.
    assert sts_a.get_caller_identity()["Account"] == ZONE_OWNER
    assert sts_b.get_caller_identity()["Arn"] == f"arn:aws:iam::{VPC_OWNER}:root"
    ec2_a = sb.client("ec2", account=ZONE_OWNER, region_name=REGION)
    ec2_b = sb.client("ec2", account=VPC_OWNER, region_name=REGION)
    r53_a = sb.client("route53", account=ZONE_OWNER, region_name=REGION)
    r53_b = sb.client("route53", account=VPC_OWNER, region_name=REGION)

    # apply
    vpc_b = vpc_create(ec2_b, "10.1.0.0/16")
    vpc_a = vpc_create(ec2_a, "10.0.0.0/16")
    assert vpc_a["enableDnsHostnames"] is True and vpc_a["enableDnsSupport"] is True
    assert vpc_a["enableNetworkAddressUsageMetrics"] is False
    zone = zone_create(r53_a, "example.internal", vpc_a["id"], {"Environment": "test"})
    zone_id = zone["zone_id"]
    assert zone["vpc"] == [{"vpc_id": vpc_a["id"], "vpc_region": REGION}]
    assert zone["primary_name_server"] == "ns-1536.awsdns-00.co.uk."
    assert zone["tags"] == {"Environment": "test"}
    auth = authorization_create(r53_a, zone_id, vpc_b["id"])
    assoc = association_create(r53_b, zone_id, vpc_b["id"])
    assert assoc["owning_account"] == ZONE_OWNER

    # refresh: every resource reads back the same
    assert vpc_read(ec2_a, vpc_a["id"]) == vpc_a
    assert vpc_read(ec2_b, vpc_b["id"]) == vpc_b
    refreshed = zone_read(r53_a, zone_id)
    assert refreshed is not None
    assert sorted(v["vpc_id"] for v in refreshed["vpc"]) == sorted([vpc_a["id"], vpc_b["id"]])
    assert authorization_read(r53_a, zone_id, vpc_b["id"]) == auth
    assert association_read(r53_b, zone_id, vpc_b["id"], REGION) == assoc

    # a second association of the same VPC is refused as AWS refuses it
    with pytest.raises(ClientError) as again:
        r53_b.associate_vpc_with_hosted_zone(
            HostedZoneId=zone_id,
            VPC={"VPCId": vpc_b["id"], "VPCRegion": REGION},
            Comment="Managed by Terraform",
        )
    assert _code(again.value) == "ConflictingDomainExists"

    # destroy, in reverse dependency order, each resource refreshed first
    assert association_read(r53_b, zone_id, vpc_b["id"], REGION) is not None
    association_delete(r53_b, zone_id, vpc_b["id"], REGION)
    assert association_read(r53_b, zone_id, vpc_b["id"], REGION) is None
    assert authorization_read(r53_a, zone_id, vpc_b["id"]) is not None
    authorization_delete(r53_a, zone_id, vpc_b["id"], auth["vpc_region"])
    assert authorization_read(r53_a, zone_id, vpc_b["id"]) is None
    zone_delete(r53_a, zone_id, zone["name"], force_destroy=True)
    assert zone_read(r53_a, zone_id) is None
    vpc_delete(ec2_a, vpc_a["id"])
    vpc_delete(ec2_b, vpc_b["id"])
    assert vpc_read(ec2_a, vpc_a["id"]) is None

    # a second destroy finds everything gone and tolerates it, as the provider does
    association_delete(r53_b, zone_id, vpc_b["id"], REGION)
    authorization_delete(r53_a, zone_id, vpc_b["id"], REGION)
    zone_delete(r53_a, zone_id, zone["name"], force_destroy=True)
    vpc_delete(ec2_a, vpc_a["id"])

    # nothing is left behind
    world = sb.world
    assert not world.zones and not world.vpcs and world.check() == []


def test_terraform_destroy_without_force_refuses_a_zone_with_records() -> None:
    sb = Sandbox()
    ec2 = sb.client("ec2", account=ZONE_OWNER, region_name=REGION)
    r53 = sb.client("route53", account=ZONE_OWNER, region_name=REGION)
    vpc = vpc_create(ec2, "10.0.0.0/16")
    zone = zone_create(r53, "example.internal", vpc["id"], {})
    change = r53.change_resource_record_sets(
        HostedZoneId=zone["zone_id"],
        ChangeBatch={
            "Changes": [
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {
                        "Name": "www.example.internal",
                        "Type": "A",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": "10.0.0.10"}],
                    },
                }
            ]
        },
    )
    wait_change_insync(r53, change["ChangeInfo"]["Id"])
    with pytest.raises(ClientError) as refused:
        zone_delete(r53, zone["zone_id"], zone["name"], force_destroy=False)
    assert _code(refused.value) == "HostedZoneNotEmpty"
    zone_delete(r53, zone["zone_id"], zone["name"], force_destroy=True)
    assert zone_read(r53, zone["zone_id"]) is None

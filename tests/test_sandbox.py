"""The boto3 sandbox, driven through real boto3 calls only."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError

from route53_assoc import Quotas, World
from route53_assoc.sandbox import NotModelled, Sandbox, SandboxError

A = "111111111111"
B = "222222222222"


def vpc_of(sb: Sandbox, account: str, region: str) -> dict[str, str]:
    ec2 = sb.client("ec2", account=account, region_name=region)
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return {"VPCRegion": region, "VPCId": vpc_id}


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox()


def test_cross_account_story(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    b = sb.client("route53", account=B)
    vpc_a = vpc_of(sb, A, "us-east-1")
    vpc_b = vpc_of(sb, B, "eu-west-1")
    zone = a.create_hosted_zone(Name="corp.example.com", CallerReference="r1", VPC=vpc_a)
    zone_id = zone["HostedZone"]["Id"]
    assert zone["VPC"] == vpc_a and "DelegationSet" not in zone
    assert zone["ResponseMetadata"]["HTTPStatusCode"] == 201

    with pytest.raises(b.exceptions.NotAuthorizedException) as info:
        b.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc_b)
    error = info.value.response["Error"]
    assert error == {
        "Code": "NotAuthorizedException",
        "Message": "Associating the specified VPC with the specified hosted zone has not been authorized.",
        "Type": "Sender",
    }
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 401

    auth = a.create_vpc_association_authorization(HostedZoneId=zone_id, VPC=vpc_b)
    assert auth["HostedZoneId"] == zone_id.split("/")[-1] and auth["VPC"] == vpc_b
    change = b.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc_b, Comment="hello")["ChangeInfo"]
    assert change["Id"].startswith("/change/C") and change["Status"] == "INSYNC" and change["Comment"] == "hello"

    with pytest.raises(b.exceptions.ConflictingDomainExists) as conflict:
        b.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc_b)
    assert zone_id.split("/")[-1] in conflict.value.response["Error"]["Message"]

    with pytest.raises(a.exceptions.NotAuthorizedException) as observed:
        a.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc_b)
    assert observed.value.response["Error"]["Message"] == (
        f"The VPC: {vpc_b['VPCId']} has not authorized to associate with your hosted zone."
    )

    got = a.get_hosted_zone(Id=zone_id)
    assert sorted(v["VPCId"] for v in got["VPCs"]) == sorted([vpc_a["VPCId"], vpc_b["VPCId"]])
    assert "DelegationSet" not in got
    with pytest.raises(ClientError) as denied:
        b.get_hosted_zone(Id=zone_id)
    assert denied.value.response["Error"]["Code"] == "AccessDenied"

    listed = b.list_hosted_zones_by_vpc(VPCId=vpc_b["VPCId"], VPCRegion="eu-west-1")
    assert listed["HostedZoneSummaries"] == [
        {"HostedZoneId": zone_id.split("/")[-1], "Name": "corp.example.com.", "Owner": {"OwningAccount": A}}
    ]
    assert listed["MaxItems"] == "100"

    auths = a.list_vpc_association_authorizations(HostedZoneId=zone_id)
    assert auths["VPCs"] == [vpc_b]
    a.delete_vpc_association_authorization(HostedZoneId=zone_id, VPC=vpc_b)
    assert a.list_vpc_association_authorizations(HostedZoneId=zone_id)["VPCs"] == []

    b.disassociate_vpc_from_hosted_zone(HostedZoneId=zone_id, VPC=vpc_b)
    with pytest.raises(a.exceptions.LastVPCAssociation):
        a.disassociate_vpc_from_hosted_zone(HostedZoneId=zone_id, VPC=vpc_a)
    assert sb.world.check() == []


def test_botocore_validates_before_the_model(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    with pytest.raises(ParamValidationError):
        r53.associate_vpc_with_hosted_zone(HostedZoneId="Z1", VPC={"VPCId": "vpc-0123abcd", "VPCRegion": 7})
    with pytest.raises(ParamValidationError):
        r53.get_change()
    # botocore does not check enums; the model does, in AWS's words.
    with pytest.raises(r53.exceptions.InvalidInput) as info:
        r53.associate_vpc_with_hosted_zone(HostedZoneId="Z1", VPC={"VPCId": "vpc-0123abcd", "VPCRegion": "mars-1"})
    assert "Value 'mars-1' at 'VPC.VPCRegion' failed to satisfy constraint" in info.value.response["Error"]["Message"]


def test_long_zone_id_is_invalid_input(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    with pytest.raises(r53.exceptions.InvalidInput) as info:
        r53.get_hosted_zone(Id="Z" * 33)
    assert "Member must have length less than or equal to 32" in info.value.response["Error"]["Message"]


def test_terraform_flow(sb: Sandbox) -> None:
    """A zone with a comment and a VPC but no PrivateZone flag; reads back; tolerant deletes; waits."""
    r53 = sb.client("route53", account=A)
    first = vpc_of(sb, A, "us-east-1")
    created = r53.create_hosted_zone(
        Name="tf.example.com.", CallerReference="terraform-1", HostedZoneConfig={"Comment": "Managed by Terraform"}, VPC=first
    )
    zone_id = created["HostedZone"]["Id"]
    assert created["HostedZone"]["Config"] == {"Comment": "Managed by Terraform", "PrivateZone": True}
    r53.get_waiter("resource_record_sets_changed").wait(Id=created["ChangeInfo"]["Id"], WaiterConfig={"Delay": 1})

    extra = [vpc_of(sb, A, "us-east-1") for _ in range(4)]
    for vpc in extra:
        change = r53.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc)["ChangeInfo"]
        r53.get_waiter("resource_record_sets_changed").wait(Id=change["Id"], WaiterConfig={"Delay": 1})

    seen = []
    for vpc in [first, *extra]:
        kwargs: dict[str, Any] = {"VPCId": vpc["VPCId"], "VPCRegion": "us-east-1", "MaxItems": "1"}
        while True:
            page = r53.list_hosted_zones_by_vpc(**kwargs)
            seen += [(vpc["VPCId"], s["HostedZoneId"]) for s in page["HostedZoneSummaries"]]
            if "NextToken" not in page:
                break
            kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == 5 and {z for _, z in seen} == {zone_id.split("/")[-1]}

    # Deletes that tolerate what is already gone.
    def disassociate(vpc: dict[str, str]) -> None:
        try:
            r53.disassociate_vpc_from_hosted_zone(HostedZoneId=zone_id, VPC=vpc)
        except r53.exceptions.VPCAssociationNotFound:
            pass

    disassociate(extra[0])
    disassociate(extra[0])
    r53.delete_hosted_zone(Id=zone_id)
    try:
        r53.delete_hosted_zone(Id=zone_id)
    except r53.exceptions.NoSuchHostedZone as exc:
        assert exc.response["Error"]["Message"] == f"No hosted zone found with ID: {zone_id.split('/')[-1]}"
    else:
        raise AssertionError("a second delete should be NoSuchHostedZone")


def test_public_zone_shape(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    created = r53.create_hosted_zone(Name="example.com", CallerReference="pub")
    assert created["HostedZone"]["Config"]["PrivateZone"] is False
    assert len(created["DelegationSet"]["NameServers"]) == 4
    assert "VPCs" not in r53.get_hosted_zone(Id=created["HostedZone"]["Id"])
    with pytest.raises(r53.exceptions.HostedZoneNotPrivate):
        r53.get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=created["HostedZone"]["Id"])


def test_limit_and_change(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    created = r53.create_hosted_zone(Name="x.example", CallerReference="x", VPC=vpc_of(sb, A, "us-east-1"))
    limit = r53.get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=created["HostedZone"]["Id"])
    assert limit["Limit"] == {"Type": "MAX_VPCS_ASSOCIATED_BY_ZONE", "Value": 300} and limit["Count"] == 1
    with pytest.raises(r53.exceptions.NoSuchChange) as info:
        r53.get_change(Id="/change/CNOPE")
    assert info.value.response["Error"]["Message"] == "Could not find resource with ID: CNOPE"


def test_pending_then_insync_with_the_manual_clock() -> None:
    sb = Sandbox(propagation_seconds=60)
    r53 = sb.client("route53", account=A)
    change = r53.create_hosted_zone(Name="x.example", CallerReference="x", VPC=vpc_of(sb, A, "us-east-1"))["ChangeInfo"]
    assert change["Status"] == "PENDING"
    sb.advance(seconds=60)
    assert r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"] == "INSYNC"


def test_waiter_with_the_real_clock() -> None:
    sb = Sandbox(propagation_seconds=0.5, clock="real")
    r53 = sb.client("route53", account=A)
    change = r53.create_hosted_zone(Name="x.example", CallerReference="x", VPC=vpc_of(sb, A, "us-east-1"))["ChangeInfo"]
    assert change["Status"] == "PENDING"
    r53.get_waiter("resource_record_sets_changed").wait(Id=change["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    assert r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"] == "INSYNC"


def test_partition_from_the_client_region(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=B, region_name="cn-north-1")
    vpc = vpc_of(sb, B, "cn-north-1")
    zone = r53.create_hosted_zone(Name="cn.example", CallerReference="cn", VPC=vpc)["HostedZone"]
    assert sb.world.zones[zone["Id"].split("/")[-1]].partition == "aws-cn"
    with pytest.raises(SandboxError, match="exactly one partition"):
        sb.client("route53", account=B, region_name="us-gov-west-1")


def test_ec2_side(sb: Sandbox) -> None:
    ec2 = sb.client("ec2", account=A, region_name="eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]
    assert vpc["OwnerId"] == A and len(vpc["VpcId"]) == len("vpc-") + 17
    assert [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]] == [vpc["VpcId"]]
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    with pytest.raises(ClientError) as info:
        ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert info.value.response["Error"]["Code"] == "InvalidVpcID.NotFound"
    with pytest.raises(NotModelled, match="CreateSubnet"):
        ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.1.0.0/24")


def test_other_route53_operations_are_refused_clearly(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    with pytest.raises(NotModelled, match="CreateReusableDelegationSet"):
        r53.create_reusable_delegation_set(CallerReference="ds")


def test_threads_see_consistent_results() -> None:
    # Nine VPCs of one account in one region: above EC2's default quota of 5 (CV-QUOTA).
    sb = Sandbox(world=World.empty(processing_seconds=30, quotas=Quotas(vpcs_per_region=9)))
    r53 = sb.client("route53", account=A)
    zone_id = r53.create_hosted_zone(Name="t.example", CallerReference="t", VPC=vpc_of(sb, A, "us-east-1"))["HostedZone"]["Id"]
    sb.advance(seconds=30)
    vpcs = [vpc_of(sb, A, "us-east-1") for _ in range(8)]
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(vpcs))

    def worker(vpc: dict[str, str]) -> None:
        client = sb.client("route53", account=A)
        barrier.wait()
        try:
            client.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc)
            outcome = "ok"
        except ClientError as exc:
            outcome = exc.response["Error"]["Code"]
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(v,)) for v in vpcs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["PriorRequestNotComplete"] * 7 + ["ok"]
    assert len(sb.world.zones[zone_id.split("/")[-1]].associations) == 2
    assert sb.world.check() == []


def test_mock_answers_every_new_client() -> None:
    sb = Sandbox(access_keys={"AKIAALICE": A, "AKIABOB": B})
    with sb.mock():
        alice = boto3.client("route53", aws_access_key_id="AKIAALICE", aws_secret_access_key="x", region_name="us-east-1")
        bob_ec2 = boto3.client("ec2", aws_access_key_id="AKIABOB", aws_secret_access_key="x", region_name="us-east-1")
        anonymous = boto3.client("route53", region_name="us-east-1")
        vpc = bob_ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]
        assert vpc["OwnerId"] == B
        created = alice.create_hosted_zone(Name="m.example", CallerReference="m")
        assert sb.world.zones[created["HostedZone"]["Id"].split("/")[-1]].owner == A
        zone = anonymous.create_hosted_zone(Name="m.example", CallerReference="m")["HostedZone"]
        assert sb.world.zones[zone["Id"].split("/")[-1]].owner == "123456789012"
    # Outside the block, new clients are no longer answered by the sandbox: a botocore
    # Stubber's answer comes through instead of the model's NoSuchChange.
    from botocore.stub import Stubber

    outside = boto3.client("route53", aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    with Stubber(outside) as stubber:
        stubber.add_response("get_change", {"ChangeInfo": {"Id": "/change/C1", "Status": "INSYNC", "SubmittedAt": "2020-01-01T00:00:00Z"}})
        assert outside.get_change(Id="C1")["ChangeInfo"]["Status"] == "INSYNC"


def test_pytest_fixtures(route53_sandbox: Sandbox, route53_world: Any) -> None:
    assert isinstance(route53_sandbox, Sandbox)
    assert len(route53_world.zones) == 0


def test_bad_arguments(sb: Sandbox) -> None:
    with pytest.raises(SandboxError, match="route53, ec2 and sts"):
        sb.client("s3", account=A)
    with pytest.raises(SandboxError, match="region_name"):
        sb.client("route53", account=A, region_name="mars-1")
    with pytest.raises(SandboxError, match="clock"):
        Sandbox(clock="sundial")
    with pytest.raises(SandboxError, match="manual clock"):
        Sandbox(clock="real").advance(seconds=1)

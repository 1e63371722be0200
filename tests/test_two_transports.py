"""The sandbox's stories, the same test bodies through both transports: in-process and HTTP.

Each test runs twice (``make_transport`` is parametrised): real boto3 clients answered
by the sandbox, and real boto3 clients with ``endpoint_url`` talking to the server
over a loopback socket.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError

from route53_assoc.aws import operations

from .transports import (
    LiveServer,
    SandboxTransport,
    ServerTransport,
    Transport,
    live_server,
    make_transport,
    not_modelled,
    transport,
)

__all__ = ["live_server", "make_transport", "transport"]

A = "111111111111"
B = "222222222222"


def vpc_of(t: Transport, account: str, region: str) -> dict[str, str]:
    ec2 = t.client("ec2", account=account, region_name=region)
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return {"VPCRegion": region, "VPCId": vpc_id}


def test_cross_account_story(transport: Transport) -> None:
    t = transport
    a = t.client("route53", account=A)
    b = t.client("route53", account=B)
    vpc_a = vpc_of(t, A, "us-east-1")
    vpc_b = vpc_of(t, B, "eu-west-1")
    zone = a.create_hosted_zone(Name="corp.example.com", CallerReference="r1", VPC=vpc_a)
    zone_id = zone["HostedZone"]["Id"]
    assert zone["VPC"] == vpc_a and "DelegationSet" not in zone
    assert zone["ResponseMetadata"]["HTTPStatusCode"] == 201

    with pytest.raises(b.exceptions.NotAuthorizedException) as info:
        b.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc_b)
    assert info.value.response["Error"] == {
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
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403

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
    assert t.world.check() == []


def test_botocore_validates_before_the_model(transport: Transport) -> None:
    r53 = transport.client("route53", account=A)
    with pytest.raises(ParamValidationError):
        r53.associate_vpc_with_hosted_zone(HostedZoneId="Z1", VPC={"VPCId": "vpc-0123abcd", "VPCRegion": 7})
    with pytest.raises(r53.exceptions.InvalidInput) as info:
        r53.associate_vpc_with_hosted_zone(HostedZoneId="Z1", VPC={"VPCId": "vpc-0123abcd", "VPCRegion": "mars-1"})
    assert "Value 'mars-1' at 'VPC.VPCRegion' failed to satisfy constraint" in info.value.response["Error"]["Message"]
    with pytest.raises(r53.exceptions.InvalidInput) as long_id:
        r53.get_hosted_zone(Id="Z" * 33)
    assert "Member must have length less than or equal to 32" in long_id.value.response["Error"]["Message"]


def test_terraform_flow_paging_and_waiters(transport: Transport) -> None:
    t = transport
    r53 = t.client("route53", account=A)
    first = vpc_of(t, A, "us-east-1")
    created = r53.create_hosted_zone(
        Name="tf.example.com.", CallerReference="terraform-1", HostedZoneConfig={"Comment": "Managed by Terraform"}, VPC=first
    )
    zone_id = created["HostedZone"]["Id"]
    assert created["HostedZone"]["Config"] == {"Comment": "Managed by Terraform", "PrivateZone": True}
    r53.get_waiter("resource_record_sets_changed").wait(Id=created["ChangeInfo"]["Id"], WaiterConfig={"Delay": 1})

    extra = [vpc_of(t, A, "us-east-1") for _ in range(4)]
    for vpc in extra:
        change = r53.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc)["ChangeInfo"]
        r53.get_waiter("resource_record_sets_changed").wait(Id=change["Id"], WaiterConfig={"Delay": 1})

    # ListHostedZonesByVPC, one zone per page: every page's token leads to the next.
    r53.create_hosted_zone(Name="two.example.com.", CallerReference="terraform-2", VPC=first)
    r53.create_hosted_zone(Name="three.example.com.", CallerReference="terraform-3", VPC=first)
    kwargs: dict[str, Any] = {"VPCId": first["VPCId"], "VPCRegion": "us-east-1", "MaxItems": "1"}
    names = []
    while True:
        page = r53.list_hosted_zones_by_vpc(**kwargs)
        assert len(page["HostedZoneSummaries"]) <= 1 and page["MaxItems"] == "1"
        names += [s["Name"] for s in page["HostedZoneSummaries"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(names) == ["tf.example.com.", "three.example.com.", "two.example.com."]
    with pytest.raises(r53.exceptions.InvalidPaginationToken):
        r53.list_hosted_zones_by_vpc(VPCId=first["VPCId"], VPCRegion="us-east-1", NextToken="not-a-token")

    def disassociate(vpc: dict[str, str]) -> None:
        try:
            r53.disassociate_vpc_from_hosted_zone(HostedZoneId=zone_id, VPC=vpc)
        except r53.exceptions.VPCAssociationNotFound:
            pass

    disassociate(extra[0])
    disassociate(extra[0])
    r53.delete_hosted_zone(Id=zone_id)
    with pytest.raises(r53.exceptions.NoSuchHostedZone) as info:
        r53.delete_hosted_zone(Id=zone_id)
    assert info.value.response["Error"]["Message"] == f"No hosted zone found with ID: {zone_id.split('/')[-1]}"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_public_zone_shape(transport: Transport) -> None:
    r53 = transport.client("route53", account=A)
    created = r53.create_hosted_zone(Name="example.com", CallerReference="pub")
    assert created["HostedZone"]["Config"]["PrivateZone"] is False
    assert len(created["DelegationSet"]["NameServers"]) == 4
    assert created["HostedZone"]["ResourceRecordSetCount"] == 2
    assert "VPCs" not in r53.get_hosted_zone(Id=created["HostedZone"]["Id"])
    with pytest.raises(r53.exceptions.HostedZoneNotPrivate):
        r53.get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=created["HostedZone"]["Id"])


def test_limit_and_change(transport: Transport) -> None:
    r53 = transport.client("route53", account=A)
    created = r53.create_hosted_zone(Name="x.example", CallerReference="x", VPC=vpc_of(transport, A, "us-east-1"))
    limit = r53.get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=created["HostedZone"]["Id"])
    assert limit["Limit"] == {"Type": "MAX_VPCS_ASSOCIATED_BY_ZONE", "Value": 300} and limit["Count"] == 1
    with pytest.raises(r53.exceptions.NoSuchChange) as info:
        r53.get_change(Id="/change/CNOPE")
    assert info.value.response["Error"]["Message"] == "Could not find resource with ID: CNOPE"


def test_pending_then_insync_with_the_manual_clock(make_transport: Callable[..., Transport]) -> None:
    t = make_transport(propagation_seconds=60)
    r53 = t.client("route53", account=A)
    change = r53.create_hosted_zone(Name="x.example", CallerReference="x", VPC=vpc_of(t, A, "us-east-1"))["ChangeInfo"]
    assert change["Status"] == "PENDING"
    t.advance(seconds=60)
    assert r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"] == "INSYNC"


def test_waiter_with_the_real_clock(make_transport: Callable[..., Transport]) -> None:
    t = make_transport(propagation_seconds=0.5, clock="real")
    r53 = t.client("route53", account=A)
    change = r53.create_hosted_zone(Name="x.example", CallerReference="x", VPC=vpc_of(t, A, "us-east-1"))["ChangeInfo"]
    assert change["Status"] == "PENDING"
    r53.get_waiter("resource_record_sets_changed").wait(Id=change["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    assert r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"] == "INSYNC"


def test_partition_from_the_client_region(transport: Transport) -> None:
    r53 = transport.client("route53", account=B, region_name="cn-north-1")
    vpc = vpc_of(transport, B, "cn-north-1")
    zone = r53.create_hosted_zone(Name="cn.example", CallerReference="cn", VPC=vpc)["HostedZone"]
    assert transport.world.zones[zone["Id"].split("/")[-1]].partition == "aws-cn"


def test_ec2_side(transport: Transport) -> None:
    ec2 = transport.client("ec2", account=A, region_name="eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]
    assert vpc["OwnerId"] == A and len(vpc["VpcId"]) == len("vpc-") + 17
    assert vpc["IsDefault"] is False and vpc["CidrBlockAssociationSet"][0]["CidrBlockState"] == {"State": "associated"}
    assert [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]] == [vpc["VpcId"]]
    assert [v["VpcId"] for v in ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"]] == [vpc["VpcId"]]
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    with pytest.raises(ClientError) as info:
        ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert info.value.response["Error"]["Code"] == "InvalidVpcID.NotFound"
    assert info.value.response["Error"]["Message"] == f"The vpc ID '{vpc['VpcId']}' does not exist"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    not_modelled(transport, lambda: ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.1.0.0/24"), "CreateSubnet")


def test_threads_see_consistent_results(make_transport: Callable[..., Transport]) -> None:
    t = make_transport(processing_seconds=30)
    r53 = t.client("route53", account=A)
    zone_id = r53.create_hosted_zone(Name="t.example", CallerReference="t", VPC=vpc_of(t, A, "us-east-1"))["HostedZone"]["Id"]
    t.advance(seconds=30)
    vpcs = [vpc_of(t, A, "us-east-1") for _ in range(4)]  # EC2's quota: five VPCs per account and region
    clients = [t.client("route53", account=A) for _ in vpcs]
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(vpcs))

    def worker(client: Any, vpc: dict[str, str]) -> None:
        barrier.wait()
        try:
            client.associate_vpc_with_hosted_zone(HostedZoneId=zone_id, VPC=vpc)
            outcome = "ok"
        except ClientError as exc:
            outcome = exc.response["Error"]["Code"]
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=pair) for pair in zip(clients, vpcs, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["PriorRequestNotComplete"] * 3 + ["ok"]
    world = t.world
    assert len(world.zones[zone_id.split("/")[-1]].associations) == 2
    assert world.check() == []


def _plain(value: Any) -> Any:
    """Responses made comparable: metadata dropped, times as UTC to the millisecond (the wire's precision)."""
    import datetime

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        stamp = value.astimezone(datetime.UTC)
        return stamp.replace(microsecond=stamp.microsecond // 1000 * 1000).isoformat()
    return value


def _script(t: Transport) -> list[Any]:
    """Every operation the backend answers, in one run; each answer or refusal recorded."""
    ec2 = t.client("ec2", account=A, region_name="us-east-1")
    r53 = t.client("route53", account=A)
    sts = t.client("sts", account=A)
    out: list[Any] = []

    def call(method: Any, **kwargs: Any) -> Any:
        try:
            answer = method(**kwargs)
        except ClientError as exc:
            answer = {"error": exc.response["Error"], "status": exc.response["ResponseMetadata"]["HTTPStatusCode"]}
        out.append((method.__name__, _plain(answer)))
        return answer

    vpc = call(ec2.create_vpc, CidrBlock="10.0.0.0/16",
               TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "team", "Value": "net"}]}])["Vpc"]["VpcId"]
    by_vpc = [{"Name": "vpc-id", "Values": [vpc]}]
    call(ec2.describe_vpcs, Filters=[{"Name": "tag:team", "Values": ["net", "other"]}])
    call(ec2.describe_vpcs, VpcIds=[vpc, "vpc-0123456789abcdef0"])
    call(ec2.describe_vpc_attribute, VpcId=vpc, Attribute="enableDnsHostnames")
    call(ec2.modify_vpc_attribute, VpcId=vpc, EnableDnsHostnames={"Value": True})
    call(ec2.describe_vpc_attribute, VpcId=vpc, Attribute="enableDnsHostnames")
    call(ec2.create_tags, Resources=[vpc], Tags=[{"Key": "Name", "Value": "a"}, {"Key": "empty", "Value": ""}])
    call(ec2.describe_tags, Filters=[{"Name": "resource-id", "Values": [vpc]}])
    call(ec2.delete_tags, Resources=[vpc], Tags=[{"Key": "empty"}])
    call(ec2.describe_route_tables, Filters=by_vpc)
    call(ec2.describe_network_acls, Filters=by_vpc)
    call(ec2.describe_security_groups, Filters=by_vpc)
    vpc_ref = {"VPCRegion": "us-east-1", "VPCId": vpc}
    zone = call(r53.create_hosted_zone, Name="corp.example.com", CallerReference="s-1", VPC=vpc_ref)["HostedZone"]["Id"]
    public = call(r53.create_hosted_zone, Name="example.net", CallerReference="s-2")["HostedZone"]["Id"]
    call(r53.list_hosted_zones)
    call(r53.list_hosted_zones, MaxItems="1")
    call(r53.list_hosted_zones_by_name, DNSName="corp.example.com", MaxItems="1")
    call(r53.get_hosted_zone_count)
    call(r53.update_hosted_zone_comment, Id=zone, Comment="now with a comment")
    call(r53.change_resource_record_sets, HostedZoneId=zone, ChangeBatch={"Comment": "first", "Changes": [
        {"Action": "CREATE", "ResourceRecordSet": {"Name": "www.corp.example.com", "Type": "A", "TTL": 60,
                                                    "ResourceRecords": [{"Value": "10.0.0.1"}, {"Value": "10.0.0.2"}]}},
        {"Action": "CREATE", "ResourceRecordSet": {"Name": "txt.corp.example.com", "Type": "TXT", "TTL": 60,
                                                    "ResourceRecords": [{"Value": '"a & b <c>"'}]}},
    ]})
    call(r53.change_resource_record_sets, HostedZoneId=zone, ChangeBatch={"Changes": [
        {"Action": "DELETE", "ResourceRecordSet": {"Name": "nothing.corp.example.com", "Type": "A", "TTL": 60,
                                                    "ResourceRecords": [{"Value": "10.0.0.9"}]}}]})
    call(r53.list_resource_record_sets, HostedZoneId=zone)
    call(r53.list_resource_record_sets, HostedZoneId=zone, StartRecordName="txt.corp.example.com", StartRecordType="TXT", MaxItems="1")
    call(r53.change_tags_for_resource, ResourceType="hostedzone", ResourceId=zone.split("/")[-1],
         AddTags=[{"Key": "env", "Value": "test"}, {"Key": "owner", "Value": "a"}])
    call(r53.list_tags_for_resource, ResourceType="hostedzone", ResourceId=zone.split("/")[-1])
    call(r53.list_tags_for_resources, ResourceType="hostedzone", ResourceIds=[zone.split("/")[-1], public.split("/")[-1]])
    call(r53.get_dnssec, HostedZoneId=public)
    call(r53.get_dnssec, HostedZoneId=zone)
    call(sts.get_caller_identity)
    call(r53.delete_hosted_zone, Id=zone)
    return out


def test_every_operation_the_backend_answers_is_served_alike(live_server: LiveServer) -> None:
    """One run touching every answered operation gives the same answers in-process and over HTTP.

    The server has no code for any operation: what the backend's tables answer, it serves.
    """
    in_process = _script(SandboxTransport())
    over_http = _script(ServerTransport(live_server))
    called = {name for name, _ in in_process}
    covered_by_the_stories = {
        "AssociateVPCWithHostedZone", "DisassociateVPCFromHostedZone", "CreateVPCAssociationAuthorization",
        "DeleteVPCAssociationAuthorization", "ListVPCAssociationAuthorizations", "ListHostedZonesByVPC",
        "GetChange", "GetHostedZone", "GetHostedZoneLimit", "DeleteVpc",
    }
    answered = {op for ops in operations().values() for op in ops}
    assert {op for op in answered - covered_by_the_stories if xform_name(op) not in called} == set()
    assert over_http == in_process

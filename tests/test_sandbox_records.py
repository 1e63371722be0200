"""Record sets through real boto3 clients (spec §S2)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from route53_assoc.sandbox import NotModelled, Sandbox

A = "111111111111"
B = "222222222222"
PRIVATE_NS = [
    "ns-1536.awsdns-00.co.uk.",
    "ns-0.awsdns-00.com.",
    "ns-1024.awsdns-00.org.",
    "ns-512.awsdns-00.net.",
]


def rrset(name: str, kind: str = "A", ttl: int = 300, *values: str) -> dict[str, Any]:
    return {
        "Name": name,
        "Type": kind,
        "TTL": ttl,
        "ResourceRecords": [{"Value": v} for v in (values or ("192.0.2.1",))],
    }


def batch(*changes: tuple[str, dict[str, Any]], comment: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"Changes": [{"Action": a, "ResourceRecordSet": r} for a, r in changes]}
    if comment is not None:
        body["Comment"] = comment
    return body


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox()


def test_public_zone_records(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    created = r53.create_hosted_zone(Name="example.com", CallerReference="r1")
    zone_id = created["HostedZone"]["Id"]
    assert created["HostedZone"]["ResourceRecordSetCount"] == 2

    listed = r53.list_resource_record_sets(HostedZoneId=zone_id)
    assert listed["MaxItems"] == "300" and listed["IsTruncated"] is False
    assert "NextRecordName" not in listed and "NextRecordType" not in listed
    ns, soa = listed["ResourceRecordSets"]
    assert (ns["Name"], ns["Type"], ns["TTL"]) == ("example.com.", "NS", 172800)
    assert [r["Value"] for r in ns["ResourceRecords"]] == [
        s + "." for s in created["DelegationSet"]["NameServers"]
    ]
    assert soa["ResourceRecords"] == [
        {
            "Value": ns["ResourceRecords"][0]["Value"]
            + " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
        }
    ]

    change = r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch=batch(
            ("CREATE", rrset("www.example.com")),
            ("CREATE", rrset("example.com", "MX", 300, "10 mail.example.com")),
            comment="first records",
        ),
    )["ChangeInfo"]
    assert change["Id"].startswith("/change/C") and change["Comment"] == "first records"
    assert change["Status"] == "INSYNC"
    r53.get_waiter("resource_record_sets_changed").wait(Id=change["Id"], WaiterConfig={"Delay": 0})
    assert r53.get_hosted_zone(Id=zone_id)["HostedZone"]["ResourceRecordSetCount"] == 4
    limit = r53.get_hosted_zone_limit(HostedZoneId=zone_id, Type="MAX_RRSETS_BY_ZONE")
    assert limit["Limit"] == {"Type": "MAX_RRSETS_BY_ZONE", "Value": 10000} and limit["Count"] == 4

    with pytest.raises(r53.exceptions.HostedZoneNotEmpty) as full:
        r53.delete_hosted_zone(Id=zone_id)
    assert full.value.response["Error"]["Message"] == (
        "The specified hosted zone contains non-required resource record sets and so cannot be deleted."
    )
    r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch=batch(
            ("DELETE", rrset("www.example.com")),
            ("DELETE", rrset("example.com", "MX", 300, "10 mail.example.com")),
        ),
    )
    r53.delete_hosted_zone(Id=zone_id)


def test_private_zone_defaults_and_errors(sb: Sandbox) -> None:
    ec2 = sb.client("ec2", account=A, region_name="us-east-1")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    r53 = sb.client("route53", account=A)
    zone_id = r53.create_hosted_zone(
        Name="corp.internal", CallerReference="r", VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id}
    )["HostedZone"]["Id"]
    ns, soa = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    assert [r["Value"] for r in ns["ResourceRecords"]] == PRIVATE_NS
    assert soa["ResourceRecords"][0]["Value"] == (
        "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
    )

    r53.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch=batch(("CREATE", rrset("db.corp.internal")))
    )
    with pytest.raises(r53.exceptions.InvalidChangeBatch) as info:
        r53.change_resource_record_sets(
            HostedZoneId=zone_id,
            ChangeBatch=batch(
                ("CREATE", rrset("db.corp.internal")),
                ("CREATE", rrset("www.example.org")),
            ),
        )
    error = info.value.response["Error"]
    assert error["Code"] == "InvalidChangeBatch"
    assert error["Message"] == (
        "[Tried to create resource record set [name='db.corp.internal.', type='A'] but it already exists, "
        "RRSet with DNS name www.example.org. is not permitted in zone corp.internal.]"
    )
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    with pytest.raises(r53.exceptions.InvalidInput) as alone:
        r53.list_resource_record_sets(HostedZoneId=zone_id, StartRecordType="A")
    assert alone.value.response["Error"]["Message"] == ""

    with pytest.raises(NotModelled) as alias:
        r53.change_resource_record_sets(
            HostedZoneId=zone_id,
            ChangeBatch=batch(
                (
                    "CREATE",
                    {
                        "Name": "a.corp.internal",
                        "Type": "A",
                        "AliasTarget": {
                            "HostedZoneId": "Z1",
                            "DNSName": "x.example",
                            "EvaluateTargetHealth": False,
                        },
                    },
                )
            ),
        )
    assert "AliasTarget" in str(alias.value)

    with pytest.raises(r53.exceptions.InvalidInput) as shape:
        r53.change_resource_record_sets(
            HostedZoneId=zone_id,
            ChangeBatch={
                "Changes": [
                    {"Action": "CREATE", "ResourceRecordSet": {"Name": "x.corp.internal", "Type": "A"}}
                ]
            },
        )
    assert (
        "but found none in Change with [Action=CREATE, Name=x.corp.internal"
        in shape.value.response["Error"]["Message"]
    )

    other = sb.client("route53", account=B)
    with pytest.raises(ClientError) as denied:
        other.list_resource_record_sets(HostedZoneId=zone_id)
    assert denied.value.response["Error"]["Code"] == "AccessDenied"


def test_botocore_checks_client_side(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="r")["HostedZone"]["Id"]
    with pytest.raises(ParamValidationError):
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": []})
    with pytest.raises(ParamValidationError):
        r53.change_resource_record_sets(
            HostedZoneId=zone_id, ChangeBatch=batch(("CREATE", rrset("www.example.com", "A", -1)))
        )


def test_paging_loop(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="r")["HostedZone"]["Id"]
    names = [f"h{i:02d}.example.com" for i in range(25)]
    r53.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch=batch(*[("CREATE", rrset(name)) for name in names])
    )
    seen: list[tuple[str, str]] = []
    kwargs: dict[str, Any] = {"HostedZoneId": zone_id, "MaxItems": "7"}
    while True:
        page = r53.list_resource_record_sets(**kwargs)
        assert page["MaxItems"] == "7" and len(page["ResourceRecordSets"]) <= 7
        seen += [(s["Name"], s["Type"]) for s in page["ResourceRecordSets"]]
        if not page["IsTruncated"]:
            break
        kwargs["StartRecordName"] = page["NextRecordName"]
        kwargs["StartRecordType"] = page["NextRecordType"]
    assert seen == [("example.com.", "NS"), ("example.com.", "SOA")] + [(n + ".", "A") for n in names]

    paginated = r53.get_paginator("list_resource_record_sets").paginate(
        HostedZoneId=zone_id, PaginationConfig={"PageSize": 4}
    )
    assert [(s["Name"], s["Type"]) for page in paginated for s in page["ResourceRecordSets"]] == seen

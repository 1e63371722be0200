"""The zone surface through real boto3 clients (surface.md §S1, §S3, §S4)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from route53_assoc.sandbox import NotModelled, Sandbox

A = "111111111111"
B = "222222222222"
CN = "444444444444"


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox()


def vpc_of(sb: Sandbox, account: str, region: str) -> dict[str, str]:
    ec2 = sb.client("ec2", account=account, region_name=region)
    return {"VPCRegion": region, "VPCId": ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]}


def make_zones(client: Any, names: list[str], prefix: str) -> list[str]:
    return [
        client.create_hosted_zone(Name=name, CallerReference=f"{prefix}-{n}")["HostedZone"]["Id"]
        for n, name in enumerate(names)
    ]


def error_of(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    response = info.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )


def test_list_hosted_zones_with_a_paginator(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    b = sb.client("route53", account=B)
    cn = sb.client("route53", account=CN, region_name="cn-north-1")
    private = a.create_hosted_zone(Name="corp.example", CallerReference="p", VPC=vpc_of(sb, A, "us-east-1"))
    ids = [private["HostedZone"]["Id"], *make_zones(a, [f"z{i}.example" for i in range(6, 0, -1)], "a")]
    make_zones(b, ["b.example", "c.example"], "b")
    make_zones(cn, ["cn.example"], "cn")

    pages = list(a.get_paginator("list_hosted_zones").paginate(PaginationConfig={"PageSize": "3"}))
    assert [len(p["HostedZones"]) for p in pages] == [3, 3, 1]
    assert [z["Id"] for p in pages for z in p["HostedZones"]] == ids
    first, middle, last = pages
    assert "Marker" not in first and first["IsTruncated"] is True and first["MaxItems"] == "3"
    assert middle["Marker"] == first["NextMarker"] == ids[3].split("/")[-1]
    assert last["IsTruncated"] is False and "NextMarker" not in last

    whole = a.list_hosted_zones()
    assert whole["MaxItems"] == "100" and whole["IsTruncated"] is False
    assert "Marker" not in whole and "NextMarker" not in whole
    entry = whole["HostedZones"][0]
    assert entry == {
        "Id": ids[0],
        "Name": "corp.example.",
        "CallerReference": "p",
        "Config": {"PrivateZone": True},
        "ResourceRecordSetCount": 2,
    }
    assert a.list_hosted_zones(HostedZoneType="PrivateHostedZone")["HostedZones"] == [entry]
    assert a.get_hosted_zone_count()["HostedZoneCount"] == 7
    assert b.get_hosted_zone_count()["HostedZoneCount"] == 2
    assert [z["Name"] for z in cn.list_hosted_zones()["HostedZones"]] == ["cn.example."]


def test_list_hosted_zones_errors(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    with pytest.raises(ClientError) as info:
        a.list_hosted_zones(MaxItems="0")
    assert error_of(info) == (
        "InvalidInput",
        400,
        "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
        "Member must be a positive integer",
    )
    with pytest.raises(ClientError) as info:
        a.list_hosted_zones(Marker="ZNOSUCH")
    assert error_of(info) == ("InvalidInput", 400, "Invalid marker: ZNOSUCH")
    with pytest.raises(a.exceptions.NoSuchDelegationSet) as ds:
        a.list_hosted_zones(DelegationSetId="N1")
    assert error_of(ds) == ("NoSuchDelegationSet", 400, "No delegation set found with ID: N1")


def test_list_hosted_zones_by_name_paging_by_hand(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    make_zones(
        a,
        ["www.example.com", "example.com", "example-a.com", "example.net", "dup.example", "dup.example"],
        "n",
    )
    everything = a.list_hosted_zones_by_name()
    assert "DNSName" not in everything and "HostedZoneId" not in everything
    names = [z["Name"] for z in everything["HostedZones"]]
    assert names == [
        "example-a.com.",
        "example.com.",
        "www.example.com.",
        "dup.example.",
        "dup.example.",
        "example.net.",
    ]

    seen: list[str] = []
    kwargs: dict[str, str] = {}
    while True:
        page = a.list_hosted_zones_by_name(MaxItems="2", **kwargs)
        assert page["MaxItems"] == "2"
        for key, member in (("DNSName", "DNSName"), ("HostedZoneId", "HostedZoneId")):
            assert page.get(member) == kwargs.get(key)
        seen += [z["Id"] for z in page["HostedZones"]]
        if not page["IsTruncated"]:
            assert "NextDNSName" not in page and "NextHostedZoneId" not in page
            break
        kwargs = {"DNSName": page["NextDNSName"], "HostedZoneId": page["NextHostedZoneId"]}
    assert seen == [z["Id"] for z in everything["HostedZones"]]

    start = a.list_hosted_zones_by_name(DNSName="Example.NET")
    assert [z["Name"] for z in start["HostedZones"]] == ["example.net."] and start["DNSName"] == "Example.NET"
    with pytest.raises(ClientError) as info:
        a.list_hosted_zones_by_name(HostedZoneId="Z1")
    assert error_of(info) == (
        "InvalidInput",
        400,
        "The parameter hostedzoneid can only be used together with dnsname.",
    )
    with pytest.raises(a.exceptions.InvalidDomainName) as bad:
        a.list_hosted_zones_by_name(DNSName="a..example")
    assert error_of(bad) == ("InvalidDomainName", 400, "a..example")


def test_update_hosted_zone_comment(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    zone = a.create_hosted_zone(Name="c.example", CallerReference="c", HostedZoneConfig={"Comment": ""})
    assert zone["HostedZone"]["Config"] == {"PrivateZone": False, "Comment": ""}
    zone_id = zone["HostedZone"]["Id"]
    updated = a.update_hosted_zone_comment(Id=zone_id, Comment="new")["HostedZone"]
    assert updated["Config"] == {"PrivateZone": False, "Comment": "new"} and updated["Id"] == zone_id
    cleared = a.update_hosted_zone_comment(Id=zone_id)["HostedZone"]
    assert cleared["Config"] == {"PrivateZone": False}
    assert a.get_hosted_zone(Id=zone_id)["HostedZone"]["Config"] == {"PrivateZone": False}
    with pytest.raises(a.exceptions.NoSuchHostedZone) as info:
        a.update_hosted_zone_comment(Id="ZNOSUCH", Comment="x")
    assert error_of(info) == ("NoSuchHostedZone", 404, "No hosted zone found with ID: ZNOSUCH")


def test_tag_round_trips(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    b = sb.client("route53", account=B)
    zone_ids = [z.split("/")[-1] for z in make_zones(a, ["t.example", "u.example"], "t")]
    answer = a.change_tags_for_resource(
        ResourceType="hostedzone",
        ResourceId=zone_ids[0],
        AddTags=[{"Key": "team", "Value": "dns"}, {"Key": "env", "Value": "dev"}],
    )
    assert set(answer) == {"ResponseMetadata"} and answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    a.change_tags_for_resource(
        ResourceType="hostedzone",
        ResourceId=zone_ids[0],
        AddTags=[{"Key": "env", "Value": "prod"}],
        RemoveTagKeys=["gone"],
    )
    tag_set = a.list_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_ids[0])["ResourceTagSet"]
    assert tag_set == {
        "ResourceType": "hostedzone",
        "ResourceId": zone_ids[0],
        "Tags": [{"Key": "team", "Value": "dns"}, {"Key": "env", "Value": "prod"}],
    }
    sets = a.list_tags_for_resources(ResourceType="hostedzone", ResourceIds=[zone_ids[1], zone_ids[0]])[
        "ResourceTagSets"
    ]
    assert [(s["ResourceId"], len(s["Tags"])) for s in sets] == [(zone_ids[1], 0), (zone_ids[0], 2)]

    with pytest.raises(ClientError) as info:
        a.list_tags_for_resource(ResourceType="hostedzone", ResourceId="/hostedzone/" + zone_ids[0])
    assert error_of(info) == (
        "InvalidInput",
        400,
        f"1 validation error detected: Value '/hostedzone/{zone_ids[0]}' at 'resourceId' failed to satisfy "
        "constraint: Member must have length less than or equal to 32",
    )
    with pytest.raises(ClientError) as info:
        a.list_tags_for_resources(ResourceType="hostedzone", ResourceIds=[zone_ids[0]] * 11)
    assert error_of(info) == (
        "InvalidInput",
        400,
        "Invalid XML ; cvc-complex-type.2.4.f: 'ResourceId' can occur a maximum of '10' times in the current "
        "sequence. This limit was exceeded. No child element is expected at this point.",
    )
    with pytest.raises(ClientError) as info:
        b.list_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_ids[0])
    assert error_of(info)[:2] == ("AccessDenied", 403)
    with pytest.raises(NotModelled, match="healthcheck"):
        a.list_tags_for_resource(ResourceType="healthcheck", ResourceId="abcdef")

    a.delete_hosted_zone(Id=zone_ids[0])
    with pytest.raises(a.exceptions.NoSuchHostedZone):
        a.list_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_ids[0])
    assert zone_ids[0] not in sb.world.zone_tags and sb.world.check() == []


def test_get_dnssec(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    private = a.create_hosted_zone(Name="p.example", CallerReference="p", VPC=vpc_of(sb, A, "us-east-1"))
    with pytest.raises(ClientError) as info:
        a.get_dnssec(HostedZoneId=private["HostedZone"]["Id"])
    assert error_of(info) == ("InvalidArgument", 400, "Operation is unsupported for private hosted zones.")
    public_id = make_zones(a, ["pub.example"], "q")[0]
    answer = a.get_dnssec(HostedZoneId=public_id)
    assert answer["Status"] == {"ServeSignature": "NOT_SIGNING"} and answer["KeySigningKeys"] == []
    with pytest.raises(NotModelled, match="EnableHostedZoneDNSSEC"):
        a.enable_hosted_zone_dnssec(HostedZoneId=public_id)


def test_create_hosted_zone_with_a_delegation_set(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    before = sb.world
    with pytest.raises(ClientError) as info:
        a.create_hosted_zone(
            Name="p.example",
            CallerReference="ds",
            VPC=vpc_of(sb, A, "us-east-1"),
            DelegationSetId="N0123456789",
        )
    assert error_of(info) == (
        "InvalidInput",
        400,
        "A private hosted zone cannot use a reusable delegation set.",
    )
    with pytest.raises(a.exceptions.NoSuchDelegationSet) as unknown:
        a.create_hosted_zone(
            Name="q.example", CallerReference="ds", DelegationSetId="/delegationset/N0123456789"
        )
    assert error_of(unknown) == ("NoSuchDelegationSet", 400, "No delegation set found with ID: N0123456789")
    assert sb.world.zones == before.zones and sb.world.caller_references == before.caller_references
    with pytest.raises(NotModelled, match="ListReusableDelegationSets"):
        a.list_reusable_delegation_sets()


def test_create_hosted_zone_new_members(sb: Sandbox) -> None:
    a = sb.client("route53", account=A)
    with pytest.raises(NotModelled, match="HostedZoneTier"):
        a.create_hosted_zone(
            Name="n.example", CallerReference="n", HostedZoneConfig={"HostedZoneTier": "ADVANCED"}
        )
    with pytest.raises(NotModelled, match="EnablePublicDNSFallback"):
        a.create_hosted_zone(Name="n.example", CallerReference="n", EnablePublicDNSFallback=True)
    with pytest.raises(NotModelled, match="ChangeGuardrails"):
        a.create_hosted_zone(
            Name="n.example",
            CallerReference="n",
            ChangeGuardrails=[{"Name": "NS_FORMAT_CHECK", "Status": "ENABLED"}],
        )
    assert a.get_hosted_zone_count()["HostedZoneCount"] == 0
    zone = a.create_hosted_zone(Name="n.example", CallerReference="n", EnablePublicDNSFallback=False)[
        "HostedZone"
    ]
    assert "Features" not in zone and zone["Config"] == {"PrivateZone": False}

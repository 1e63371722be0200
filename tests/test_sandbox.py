"""The boto3 sandbox, driven through real boto3 calls only: what only the sandbox has.

The stories every transport shares (the cross-account story, botocore's validation, the
Terraform-style flow, clocks and waiters, partitions, the EC2 side, threads) run through the
sandbox and over HTTP alike in tests/test_two_transports.py.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest

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


def test_long_zone_id_is_invalid_input(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    with pytest.raises(r53.exceptions.InvalidInput) as info:
        r53.get_hosted_zone(Id="Z" * 33)
    assert "Member must have length less than or equal to 32" in info.value.response["Error"]["Message"]


def test_other_route53_operations_are_refused_clearly(sb: Sandbox) -> None:
    r53 = sb.client("route53", account=A)
    with pytest.raises(NotModelled, match="CreateReusableDelegationSet"):
        r53.create_reusable_delegation_set(CallerReference="ds")


def test_mock_answers_every_new_client() -> None:
    sb = Sandbox(access_keys={"AKIAALICE": A, "AKIABOB": B})
    with sb.mock():
        alice = boto3.client(
            "route53", aws_access_key_id="AKIAALICE", aws_secret_access_key="x", region_name="us-east-1"
        )
        bob_ec2 = boto3.client(
            "ec2", aws_access_key_id="AKIABOB", aws_secret_access_key="x", region_name="us-east-1"
        )
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

    outside = boto3.client(
        "route53", aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1"
    )
    with Stubber(outside) as stubber:
        stubber.add_response(
            "get_change",
            {"ChangeInfo": {"Id": "/change/C1", "Status": "INSYNC", "SubmittedAt": "2020-01-01T00:00:00Z"}},
        )
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

"""``route53-assoc serve``: errors as the sandbox gives them, wire protocols, security, persistence, the CLI."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import attrs
import pytest
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

import route53_assoc as r53
from route53_assoc import errors, snapshot
from route53_assoc.aws import ec2 as ec2_handlers
from route53_assoc.aws import route53 as route53_handlers
from route53_assoc.aws.protocols import HttpRequest, protocol, service_model
from route53_assoc.sandbox import NotModelled, Sandbox
from route53_assoc.server import MAX_HEAD

from .conftest import A, B, build_story
from .transports import InProcessServer, LiveServer, boto_client, live_server, serve

__all__ = ["live_server"]

AUTH = (
    "AWS4-HMAC-SHA256 Credential={key}/20260101/{region}/{service}/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0000"
)


def raw(
    url: str,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    service: str = "route53",
    key: str = A,
    region: str = "us-east-1",
    headers: dict[str, str] | None = None,
    signed: bool = True,
) -> tuple[int, bytes]:
    """One hand-made HTTP request; (status, body)."""
    sent = {"X-Amz-Date": "20260101T000000Z", **(headers or {})}
    if signed:
        sent["Authorization"] = AUTH.format(key=key, region=region, service=service)
    return _fetch(urllib.request.Request(url + path, data=body or None, method=method, headers=sent))


def _fetch(request: str | urllib.request.Request) -> tuple[int, bytes]:
    """(status, body) of one request, an error status included."""
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read()


RESET = json.dumps({"clock": "manual", "propagation_seconds": 0, "processing_seconds": 0}).encode()


@pytest.fixture
def live(live_server: LiveServer) -> LiveServer:
    """The real ``route53-assoc serve`` (granian, a subprocess), with an empty world."""
    live_server.internal("reset", body=RESET)
    return live_server


@pytest.fixture(scope="module")
def in_process_server() -> Iterator[InProcessServer]:
    live = InProcessServer()
    yield live
    live.close()


@pytest.fixture
def in_process(in_process_server: InProcessServer) -> InProcessServer:
    """serve's application in this process (waitress in a thread): a patched handler table reaches it."""
    in_process_server.internal("reset", body=RESET)
    return in_process_server


# -- every error code, as the sandbox gives it -----------------------------------------------


class Clients:
    """The cross-account story's world, with clients of one transport (made when first used)."""

    def __init__(self, make: Callable[[str, str, str], Any], ids: dict[str, str]) -> None:
        self.make = make
        self.zone = ids["zone"]
        self.public_zone = ids["public"]
        self.vpc_a = {"VPCRegion": "us-east-1", "VPCId": ids["vpc_a"]}
        self.vpc_b = {"VPCRegion": "eu-west-1", "VPCId": ids["vpc_b"]}
        self.spare_vpc = {"VPCRegion": "us-east-1", "VPCId": ids["spare"]}

    @functools.cached_property
    def a(self) -> Any:
        return self.make("route53", A, "us-east-1")

    @functools.cached_property
    def b(self) -> Any:
        return self.make("route53", B, "us-east-1")

    @functools.cached_property
    def ec2_a(self) -> Any:
        return self.make("ec2", A, "us-east-1")


def story_world() -> tuple[r53.World, dict[str, str]]:
    story = build_story(processing_seconds=0)
    world, spare = r53.create_vpc(story.world, owner=A, region="us-east-1")
    ids = {"zone": story.zone, "public": story.public_zone, "vpc_a": story.vpc_a.id, "vpc_b": story.vpc_b.id, "spare": spare.id}
    return world, ids


def _limits(world: r53.World, ids: dict[str, str]) -> r53.World:
    return attrs.evolve(world, quotas=attrs.evolve(world.quotas, zones_per_account=2, authorizations_per_zone=0))


#: code → (a world change, the call that triggers it).  Codes reachable through the
#: operations main answers are triggered by real requests.
CASES: dict[str, tuple[Callable[[r53.World, dict[str, str]], r53.World] | None, Callable[[Clients], Any]]] = {
    "NoSuchHostedZone": (None, lambda c: c.a.get_hosted_zone(Id="ZNOSUCHZONE")),
    "PublicZoneVPCAssociation": (None, lambda c: c.a.associate_vpc_with_hosted_zone(HostedZoneId=c.public_zone, VPC=c.spare_vpc)),
    "InvalidVPCId": (None, lambda c: c.a.associate_vpc_with_hosted_zone(HostedZoneId=c.zone, VPC={"VPCRegion": "us-east-1", "VPCId": "vpc-0123456789abcdef0"})),
    "NotAuthorizedException": (None, lambda c: c.b.associate_vpc_with_hosted_zone(HostedZoneId=c.zone, VPC=c.vpc_b)),
    "ConflictingDomainExists": (None, lambda c: c.a.create_hosted_zone(Name="corp.example.com", CallerReference="again", VPC=c.vpc_a)),
    "LimitsExceeded": (
        lambda w, ids: r53.set_zone_vpc_limit(w, hosted_zone_id=ids["zone"], limit=1),
        lambda c: c.a.associate_vpc_with_hosted_zone(HostedZoneId=c.zone, VPC=c.spare_vpc),
    ),
    "PriorRequestNotComplete": (
        lambda w, ids: attrs.evolve(w, timing=attrs.evolve(w.timing, processing=3600)),
        lambda c: [c.a.associate_vpc_with_hosted_zone(HostedZoneId=c.zone, VPC=c.spare_vpc),
                   c.a.disassociate_vpc_from_hosted_zone(HostedZoneId=c.zone, VPC=c.spare_vpc)],
    ),
    "LastVPCAssociation": (None, lambda c: c.a.disassociate_vpc_from_hosted_zone(HostedZoneId=c.zone, VPC=c.vpc_a)),
    "VPCAssociationNotFound": (None, lambda c: c.a.disassociate_vpc_from_hosted_zone(HostedZoneId=c.zone, VPC=c.spare_vpc)),
    "VPCAssociationAuthorizationNotFound": (None, lambda c: c.a.delete_vpc_association_authorization(HostedZoneId=c.zone, VPC=c.vpc_b)),
    "TooManyVPCAssociationAuthorizations": (_limits, lambda c: c.a.create_vpc_association_authorization(HostedZoneId=c.zone, VPC=c.vpc_b)),
    "InvalidPaginationToken": (None, lambda c: c.a.list_vpc_association_authorizations(HostedZoneId=c.zone, NextToken="bogus")),
    "HostedZoneAlreadyExists": (None, lambda c: c.a.create_hosted_zone(Name="other.example.com", CallerReference="a-1")),
    "TooManyHostedZones": (_limits, lambda c: c.a.create_hosted_zone(Name="third.example.com", CallerReference="a-3")),
    "InvalidDomainName": (None, lambda c: c.a.create_hosted_zone(Name="bad..example.com", CallerReference="bad")),
    "NoSuchChange": (None, lambda c: c.a.get_change(Id="CNOSUCHCHANGE")),
    "HostedZoneNotPrivate": (None, lambda c: c.a.get_hosted_zone_limit(Type="MAX_VPCS_ASSOCIATED_BY_ZONE", HostedZoneId=c.public_zone)),
    "AccessDenied": (None, lambda c: c.b.get_hosted_zone(Id=c.zone)),
    "InvalidInput": (None, lambda c: c.a.get_hosted_zone(Id="Z" * 33)),
    "InvalidVpcID.NotFound": (None, lambda c: c.ec2_a.delete_vpc(VpcId="vpc-0123456789abcdef0")),
    "NotModelled": (None, lambda c: c.a.list_health_checks()),
    "InvalidChangeBatch": (None, lambda c: c.a.change_resource_record_sets(HostedZoneId=c.zone, ChangeBatch={"Changes": [
        {"Action": "DELETE", "ResourceRecordSet": {"Name": "gone.corp.example.com", "Type": "A", "TTL": 60,
                                                    "ResourceRecords": [{"Value": "10.0.0.1"}]}}]})),
    "HostedZoneNotEmpty": (None, lambda c: [c.a.change_resource_record_sets(HostedZoneId=c.zone, ChangeBatch={"Changes": [
        {"Action": "CREATE", "ResourceRecordSet": {"Name": "www.corp.example.com", "Type": "A", "TTL": 60,
                                                    "ResourceRecords": [{"Value": "10.0.0.1"}]}}]}),
                                             c.a.delete_hosted_zone(Id=c.zone)]),
    "InvalidArgument": (None, lambda c: c.a.get_dnssec(HostedZoneId=c.zone)),
    "InvalidVpcID.Malformed": (None, lambda c: c.ec2_a.describe_vpcs(VpcIds=["vpc-bad"])),
    "InvalidVpc.Range": (None, lambda c: c.ec2_a.create_vpc(CidrBlock="10.0.0.0/8")),
    "DryRunOperation": (None, lambda c: c.ec2_a.create_vpc(CidrBlock="10.0.0.0/16", DryRun=True)),
    "InvalidParameterValue": (None, lambda c: c.ec2_a.create_vpc(CidrBlock="not-a-cidr")),
    "MissingParameter": (None, lambda c: c.ec2_a.create_vpc()),
    "InvalidRouteTableID.NotFound": (None, lambda c: c.ec2_a.describe_route_tables(RouteTableIds=["rtb-0123456789abcdef0"])),
    "InvalidNetworkAclID.NotFound": (None, lambda c: c.ec2_a.describe_network_acls(NetworkAclIds=["acl-0123456789abcdef0"])),
    "InvalidGroup.NotFound": (None, lambda c: c.ec2_a.describe_security_groups(GroupIds=["sg-0123456789abcdef0"])),
    "InvalidNextToken": (None, lambda c: c.ec2_a.describe_vpcs(NextToken="bogus")),
    "InvalidID": (None, lambda c: c.ec2_a.create_tags(Resources=["nonsense-1"], Tags=[{"Key": "a", "Value": "b"}])),
    "TagLimitExceeded": (None, lambda c: c.ec2_a.create_tags(
        Resources=[c.spare_vpc["VPCId"]], Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])),
    "InvalidParameterCombination": (None, lambda c: c.ec2_a.modify_vpc_attribute(
        VpcId=c.spare_vpc["VPCId"], EnableDnsSupport={"Value": True}, EnableDnsHostnames={"Value": True})),
    "VpcLimitExceeded": (None, lambda c: [c.ec2_a.create_vpc(CidrBlock="10.0.0.0/16") for _ in range(10)]),
}


def _stand_in(code: str) -> tuple[str, str, Callable[..., Any]]:
    """A handler raising *code*'s error, on an operation the backend does not answer today."""
    cls = errors.ERRORS[code]
    if code == "InvalidChangeBatch":
        error: errors.Route53Error = errors.InvalidChangeBatch(("first problem", "second problem"))
    elif cls.template is not None:
        error = cls(hosted_zone_id="ZSTANDIN", vpc_id="vpc-0123456789abcdef0", vpc_region="us-east-1",
                    change_id="CSTANDIN", account=A)
    else:
        error = cls(f"A stand-in message for {code} <&> 'quoted'")

    def handler(*_: Any) -> Any:
        raise error

    if issubclass(cls, errors.Ec2Error):
        return "ec2", "DescribeAccountAttributes", handler
    return "route53", "ListHealthChecks", handler


def _stand_in_call(service: str) -> Callable[[Clients], Any]:
    if service == "ec2":
        return lambda c: c.ec2_a.describe_account_attributes()
    return lambda c: c.a.list_health_checks()


def _outcome(call: Callable[[], Any]) -> tuple[dict[str, Any], int]:
    try:
        call()
    except ClientError as exc:
        return exc.response["Error"], exc.response["ResponseMetadata"]["HTTPStatusCode"]
    except NotModelled as exc:  # the sandbox raises this one rather than answer 501
        return {"Code": exc.code, "Message": exc.message, "Type": exc.fault}, exc.http_status
    raise AssertionError("the call was not refused")


@pytest.mark.parametrize("code", sorted(errors.ERRORS))
def test_every_error_code_as_the_sandbox_gives_it(
    code: str, live: LiveServer, in_process: InProcessServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    world, ids = story_world()
    if code in CASES:
        change, trigger = CASES[code]
        if change is not None:
            world = change(world, ids)
    else:
        live = in_process  # a stand-in handler patched into this process: the app served from it
        service, operation, handler = _stand_in(code)
        table = ec2_handlers.HANDLERS if service == "ec2" else route53_handlers.HANDLERS
        monkeypatch.setitem(table, operation, handler)
        trigger = _stand_in_call(service)
    sandbox = Sandbox(world=world)
    in_process = _outcome(lambda: trigger(Clients(lambda s, acct, region: sandbox.client(s, account=acct, region_name=region), ids)))
    live.internal("world", method="PUT", body=snapshot.to_json(world).encode())
    over_http = _outcome(lambda: trigger(Clients(lambda s, acct, region: boto_client(live.url, s, key=acct, region_name=region), ids)))
    cls = errors.ERRORS[code]
    assert in_process[0]["Code"] == code and in_process[1] == cls.http_status
    assert over_http == in_process
    if issubclass(cls, errors.Ec2Error):
        assert "Type" not in over_http[0]  # EC2's envelope has no Type
    else:
        assert over_http[0]["Type"] == "Sender"


def test_the_reachable_codes_are_triggered_by_real_requests() -> None:
    reachable_today = {
        "NoSuchHostedZone", "PublicZoneVPCAssociation", "InvalidVPCId", "NotAuthorizedException",
        "ConflictingDomainExists", "LimitsExceeded", "PriorRequestNotComplete", "LastVPCAssociation",
        "VPCAssociationNotFound", "VPCAssociationAuthorizationNotFound", "TooManyVPCAssociationAuthorizations",
        "InvalidPaginationToken", "HostedZoneAlreadyExists", "TooManyHostedZones", "InvalidDomainName",
        "NoSuchChange", "HostedZoneNotPrivate", "AccessDenied", "InvalidInput", "NotModelled", "InvalidVpcID.NotFound",
    }
    assert reachable_today <= set(CASES)


# -- the wire protocols, against botocore's own serialisers and parsers -------------------------


def _as_http(service: str, operation: str, params: dict[str, Any]) -> HttpRequest:
    model = service_model(service)
    op = model.operation_model(operation)
    sent = create_serializer(model.protocol).serialize_to_request(params, op)
    body = sent["body"]
    if isinstance(body, dict):
        body = urlencode(body).encode()
    from urllib.parse import unquote

    return HttpRequest(
        sent["method"],
        unquote(sent["url_path"].split("?")[0]),
        urlencode(sent["query_string"], doseq=True),
        {k.lower(): v for k, v in sent["headers"].items()},
        body or b"",
    )


REQUESTS = [
    ("route53", "ChangeResourceRecordSets", {
        "HostedZoneId": "Z1",
        "ChangeBatch": {"Comment": "c", "Changes": [
            {"Action": "UPSERT", "ResourceRecordSet": {"Name": "a.example.", "Type": "A", "TTL": 300,
                                                        "ResourceRecords": [{"Value": "10.0.0.1"}, {"Value": "10.0.0.2"}]}},
            {"Action": "DELETE", "ResourceRecordSet": {"Name": "b.example.", "Type": "CNAME", "TTL": 60,
                                                        "ResourceRecords": [{"Value": "x & y"}]}},
        ]},
    }),
    ("route53", "ListResourceRecordSets", {"HostedZoneId": "Z1", "StartRecordName": "a.example.", "StartRecordType": "A", "MaxItems": "5"}),
    ("route53", "ListHostedZones", {"MaxItems": "2", "Marker": "Z9", "HostedZoneType": "PrivateHostedZone"}),
    ("route53", "ListHostedZones", {}),
    ("route53", "ChangeTagsForResource", {"ResourceType": "hostedzone", "ResourceId": "Z1",
                                          "AddTags": [{"Key": "k", "Value": "v"}], "RemoveTagKeys": ["old", "older"]}),
    ("route53", "ListTagsForResources", {"ResourceType": "hostedzone", "ResourceIds": ["Z1", "Z2"]}),
    ("route53", "ListTagsForResource", {"ResourceType": "hostedzone", "ResourceId": "Z1"}),
    ("route53", "UpdateHostedZoneComment", {"Id": "Z1", "Comment": "new"}),
    ("route53", "GetHostedZone", {"Id": "Z1"}),
    ("route53", "DeleteHostedZone", {"Id": "Z1"}),
    ("route53", "GetHostedZoneLimit", {"Type": "MAX_VPCS_ASSOCIATED_BY_ZONE", "HostedZoneId": "Z1"}),
    ("route53", "CreateVPCAssociationAuthorization", {"HostedZoneId": "Z1", "VPC": {"VPCRegion": "eu-west-1", "VPCId": "vpc-1"}}),
    ("route53", "ListVPCAssociationAuthorizations", {"HostedZoneId": "Z1", "MaxResults": "3"}),
    ("ec2", "DescribeVpcs", {"VpcIds": ["vpc-1", "vpc-2"], "MaxResults": 5, "DryRun": False,
                              "Filters": [{"Name": "tag:Name", "Values": ["a", "b"]}, {"Name": "state", "Values": ["available"]}]}),
    ("ec2", "CreateVpc", {"CidrBlock": "10.0.0.0/16", "AmazonProvidedIpv6CidrBlock": True,
                           "TagSpecifications": [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "x"}]}]}),
    ("ec2", "CreateTags", {"Resources": ["vpc-1"], "Tags": [{"Key": "a", "Value": ""}, {"Key": "b", "Value": "2"}]}),
    ("ec2", "ModifyVpcAttribute", {"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": True}}),
    ("sts", "GetCallerIdentity", {}),
    ("sts", "AssumeRole", {"RoleArn": "arn:aws:iam::111111111111:role/r", "RoleSessionName": "session", "DurationSeconds": 900,
                           "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/x"}], "Tags": [{"Key": "k", "Value": "v"}]}),
]


@pytest.mark.parametrize(("service", "operation", "params"), REQUESTS, ids=[f"{s}-{o}" for s, o, _ in REQUESTS])
def test_requests_parse_back_to_what_botocore_serialised(service: str, operation: str, params: dict[str, Any]) -> None:
    parsed = protocol(service).parse(_as_http(service, operation, params))
    assert parsed == (operation, params)


NOW = r53.World.empty().now
RESPONSES = [
    ("route53", "ListResourceRecordSets", {
        "ResourceRecordSets": [
            {"Name": "a.example.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "10.0.0.1"}]},
            {"Name": "a.example.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-01.com."}, {"Value": "ns-2.awsdns-02.net."}]},
        ],
        "IsTruncated": True, "NextRecordName": "b.example.", "NextRecordType": "SOA", "MaxItems": "2"}),
    ("route53", "ListHostedZones", {
        "HostedZones": [{"Id": "/hostedzone/Z1", "Name": "a.example.", "CallerReference": "r", "Config": {"PrivateZone": True, "Comment": "<&>"},
                         "ResourceRecordSetCount": 2}],
        "Marker": "", "IsTruncated": False, "MaxItems": "100"}),
    ("route53", "ListHostedZones", {"HostedZones": [], "Marker": "", "IsTruncated": False, "MaxItems": "100"}),
    ("route53", "GetChange", {"ChangeInfo": {"Id": "/change/C1", "Status": "PENDING", "SubmittedAt": NOW}}),
    ("route53", "ListTagsForResource", {"ResourceTagSet": {"ResourceType": "hostedzone", "ResourceId": "Z1", "Tags": [{"Key": "k", "Value": "v"}]}}),
    ("route53", "GetHostedZoneCount", {"HostedZoneCount": 7}),
    ("route53", "DeleteVPCAssociationAuthorization", {}),
    ("ec2", "DescribeVpcs", {"Vpcs": [{"VpcId": "vpc-1", "OwnerId": A, "IsDefault": False, "CidrBlock": "10.0.0.0/16",
                                       "Tags": [{"Key": "Name", "Value": "x"}],
                                       "CidrBlockAssociationSet": [{"AssociationId": "a-1", "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}]}],
                             "NextToken": "t"}),
    ("ec2", "DescribeVpcs", {"Vpcs": []}),
    ("ec2", "DescribeVpcAttribute", {"VpcId": "vpc-1", "EnableDnsSupport": {"Value": True}}),
    ("ec2", "DescribeTags", {"Tags": [{"Key": "k", "ResourceId": "vpc-1", "ResourceType": "vpc", "Value": "v"}]}),
    ("sts", "GetCallerIdentity", {"UserId": A, "Account": A, "Arn": f"arn:aws:iam::{A}:root"}),
    ("sts", "AssumeRole", {"Credentials": {"AccessKeyId": "AK", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": NOW},
                           "AssumedRoleUser": {"AssumedRoleId": "AROA:s", "Arn": "arn"}, "PackedPolicySize": 3}),
]


@pytest.mark.parametrize(("service", "operation", "body"), RESPONSES, ids=[f"{s}-{o}-{i}" for i, (s, o, _) in enumerate(RESPONSES)])
def test_responses_parse_in_botocore_to_what_the_backend_answered(service: str, operation: str, body: dict[str, Any]) -> None:
    model = service_model(service)
    wire = protocol(service).serialize(operation, 200, body, "req-1")
    assert ("x-amzn-RequestId", "req-1") in wire.headers
    parsed = create_parser(model.protocol).parse(
        {"status_code": wire.status, "headers": {k.lower(): v for k, v in wire.headers}, "body": wire.body},
        model.operation_model(operation).output_shape,
    )
    assert parsed.pop("ResponseMetadata")["RequestId"] == "req-1"
    assert parsed == body


def test_ec2_actions_without_output_answer_return_true() -> None:
    wire = protocol("ec2").serialize("DeleteVpc", 200, {}, "req-1")
    assert b"<requestId>req-1</requestId><return>true</return>" in wire.body


def test_the_location_header_of_create_hosted_zone(live: LiveServer) -> None:
    r53c = boto_client(live.url, "route53", key=A)
    created = r53c.create_hosted_zone(Name="pub.example", CallerReference="p")
    assert created["ResponseMetadata"]["HTTPHeaders"]["location"] == created["Location"]
    assert created["Location"].endswith(created["HostedZone"]["Id"])


# -- bad requests: AWS's envelope and status, never a traceback -----------------------------------


def test_malformed_xml_and_wrong_root(live: LiveServer) -> None:
    path = "/2013-04-01/hostedzone/Z1/associatevpc"
    status, body = raw(live.url, "POST", path, b"<AssociateVPCWithHostedZoneRequest><VPC>")
    assert status == 400 and b"<Code>MalformedInput</Code>" in body and b"<ErrorResponse" in body
    status, body = raw(live.url, "POST", path, b"<Wrong/>")
    assert status == 400 and b"AssociateVPCWithHostedZone is not valid, expected AssociateVPCWithHostedZoneRequest" in body
    status, body = raw(live.url, "POST", path, b"")
    assert status == 400 and b"MalformedInput" in body


def test_missing_members_are_invalid_input(live: LiveServer) -> None:
    body = b'<CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Name>a.example</Name></CreateHostedZoneRequest>'
    status, answer = raw(live.url, "POST", "/2013-04-01/hostedzone", body)
    assert status == 400 and b"<Code>InvalidInput</Code>" in answer
    assert b"Value null at &apos;callerReference&apos;" in answer or b"Value null at 'callerReference'" in answer


def test_unknown_path_and_wrong_method(live: LiveServer) -> None:
    status, body = raw(live.url, "GET", "/2013-04-01/nosuchthing")
    assert status == 404 and b"<Code>UnknownOperationException</Code>" in body
    status, body = raw(live.url, "PUT", "/2013-04-01/hostedzone/Z1")
    assert status == 404 and b"UnknownOperationException" in body
    status, body = raw(live.url, "GET", "/elsewhere")
    assert status == 404 and b"UnknownOperationException" in body


def test_unknown_ec2_action_and_missing_parameter(live: LiveServer) -> None:
    status, body = raw(live.url, "POST", "/", b"Action=LaunchRockets&Version=2016-11-15", service="ec2")
    assert status == 400 and b"<Code>InvalidAction</Code>" in body
    assert b"The action LaunchRockets is not valid for this web service." in body and b"<RequestID>" in body
    status, body = raw(live.url, "POST", "/", b"Action=DeleteVpc&Version=2016-11-15", service="ec2")
    assert status == 400 and b"<Code>MissingParameter</Code>" in body and b"VpcId" in body


def test_a_handler_that_fails_is_an_internal_failure_without_traceback(
    in_process: InProcessServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        return {}["missing"]

    monkeypatch.setitem(route53_handlers.HANDLERS, "GetHostedZoneCount", broken)
    status, body = raw(in_process.url, "GET", "/2013-04-01/hostedzonecount")
    assert status == 500 and b"<Code>InternalFailure</Code>" in body and b"Traceback" not in body


@pytest.mark.parametrize(
    ("service", "method", "path", "body", "status", "code", "message"),
    [
        ("route53", "GET", "/2013-04-01/hostedzonecount", b"", 403, "MissingAuthenticationToken", "Missing Authentication Token"),
        ("sts", "POST", "/", b"Action=GetCallerIdentity&Version=2011-06-15", 403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
        ("ec2", "POST", "/", b"Action=DescribeVpcs&Version=2016-11-15", 400, "MissingParameter", "The request must contain the parameter AWSAccessKeyId"),
    ],
)
def test_unsigned_requests(live: LiveServer, service: str, method: str, path: str, body: bytes, status: int, code: str, message: str) -> None:
    got_status, got = raw(live.url, method, path, body, signed=False, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert got_status == status and f"<Code>{code}</Code>".encode() in got and message.encode() in got


def test_broken_authorization_headers(live: LiveServer) -> None:
    def ask(header: str) -> tuple[int, bytes]:
        return raw(live.url, "GET", "/2013-04-01/hostedzonecount", signed=False, headers={"Authorization": header})

    status, body = ask("AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/route53/aws4_request")
    assert status == 400 and b"IncompleteSignature" in body
    assert b"Authorization header requires &apos;Signature&apos; parameter." in body or b"requires 'Signature' parameter." in body
    status, body = ask("AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/route53/aws4_request, Oops, Signature=1, SignedHeaders=host")
    assert status == 400 and b"not a valid key=value pair (missing equal-sign) in Authorization header" in body
    status, body = raw(live.url, "GET", "/2013-04-01/hostedzonecount", region="mars-1")
    assert status == 403 and b"SignatureDoesNotMatch" in body and b"Credential should be scoped to a valid region, not" in body


def test_another_partition_for_a_known_account_is_an_unknown_key(live: LiveServer) -> None:
    boto_client(live.url, "ec2", key=B, region_name="cn-north-1").create_vpc(CidrBlock="10.0.0.0/16")
    with pytest.raises(ClientError) as info:
        boto_client(live.url, "route53", key=B, region_name="us-gov-west-1").get_hosted_zone_count()
    assert info.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_internal_endpoints(live: LiveServer) -> None:
    health = json.loads(live.internal("health", method="GET"))
    assert health["status"] == "ok" and "AssociateVPCWithHostedZone" in health["operations"]["route53"]
    for name, method, body, status in [("nothing", "GET", None, 404), ("advance", "POST", b"[1]", 400), ("world", "DELETE", None, 405)]:
        with pytest.raises(urllib.error.HTTPError) as info:
            live.internal(name, method=method, body=body)
        with info.value:
            assert info.value.code == status and "error" in json.loads(info.value.read())


# -- security ----------------------------------------------------------------------------------

BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode() for i in range(1, 10))
    + b']><AssociateVPCWithHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Comment>&lol9;</Comment>'
    b"<VPC><VPCId>vpc-1</VPCId><VPCRegion>us-east-1</VPCRegion></VPC></AssociateVPCWithHostedZoneRequest>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<AssociateVPCWithHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Comment>&x;</Comment>'
    b"<VPC><VPCId>vpc-1</VPCId><VPCRegion>us-east-1</VPCRegion></VPC></AssociateVPCWithHostedZoneRequest>"
)


@pytest.mark.parametrize("body", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_entities_are_refused_without_expansion(live: LiveServer, body: bytes) -> None:
    start = time.monotonic()
    status, answer = raw(live.url, "POST", "/2013-04-01/hostedzone/Z1/associatevpc", body)
    assert status == 400 and b"<Code>MalformedInput</Code>" in answer
    assert b"lollol" not in answer and b"root:" not in answer
    assert time.monotonic() - start < 5


def test_an_oversized_body_is_refused(live: LiveServer) -> None:
    """Refused by its Content-Length, in Route 53's envelope, before the body is sent.

    (A client still sending a large body when the refusal and the close come may meet a
    broken pipe instead of the answer, so only the head is sent here.)
    """
    head = (
        f"POST /2013-04-01/hostedzone HTTP/1.1\r\nHost: x\r\nAuthorization: {AUTH.format(key=A, region='us-east-1', service='route53')}"
        f"\r\nContent-Length: {(2 << 20) + 7}\r\n\r\n"
    )
    with _connect(live) as sock:
        sock.sendall(head.encode())
        [(status, _, answer)] = _responses(sock, 1)
    assert status == 413 and b"<Code>RequestEntityTooLarge</Code>" in answer and b"<ErrorResponse" in answer


# -- the HTTP/1.1 transport: granian, under serve ---------------------------------------------------
# Over raw sockets, against the real ``route53-assoc serve``.  Where granian answers bytes that are not
# HTTP/1.1 itself (before the application sees a request), its answer is a bare status without a body,
# not an AWS error envelope: no AWS client sends such bytes, and none of them is ever a 500.

EC2_AUTH = AUTH.format(key=A, region="us-east-1", service="ec2")
CREATE_VPC = b"Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"


def _request(body: bytes = CREATE_VPC, *, extra: str = "", length: bool = True, version: str = "HTTP/1.1") -> bytes:
    head = f"POST / {version}\r\nHost: x\r\nAuthorization: {EC2_AUTH}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    if length:
        head += f"Content-Length: {len(body)}\r\n"
    return (head + extra + "\r\n").encode() + body


def _responses(sock: socket.socket, count: int) -> list[tuple[int, dict[str, str], bytes]]:
    """*count* responses read from *sock* (status, lower-case headers, body); fewer if it closes."""
    found, buffer = [], b""
    while len(found) < count:
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return found
            buffer += chunk
        head, _, buffer = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(buffer) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return found
            buffer += chunk
        found.append((int(lines[0].split()[1]), headers, buffer[:length]))
        buffer = buffer[length:]
    return found


def _closed(sock: socket.socket) -> bool:
    sock.settimeout(5)
    return sock.recv(1) == b""


def _connect(live: LiveServer) -> socket.socket:
    host, port = live.url.rsplit("//", 1)[1].split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def test_one_connection_answers_requests_in_turn_and_pipelined(live: LiveServer) -> None:
    with _connect(live) as sock:
        for _ in range(2):  # two, and three below: EC2's default quota is 5 VPCs a region
            sock.sendall(_request())
            [(status, headers, body)] = _responses(sock, 1)
            assert status == 200 and b"<ownerId>111111111111</ownerId>" in body and "connection" not in headers
        sock.sendall(_request() + _request() + _request(extra="Connection: close\r\n"))
        answers = _responses(sock, 3)
        assert [status for status, _, _ in answers] == [200, 200, 200]
        assert answers[2][1]["connection"] == "close" and _closed(sock)
    assert len(snapshot.from_json(live.internal("world", method="GET")).vpcs) == 5


def test_chunked_bodies_and_expect_continue(live: LiveServer) -> None:
    chunked = b"".join(f"{len(part):x};note\r\n".encode() + part + b"\r\n" for part in (CREATE_VPC[:10], CREATE_VPC[10:]))
    with _connect(live) as sock:
        sock.sendall(_request(chunked + b"0\r\nX-Trailer: 1\r\n\r\n", extra="Transfer-Encoding: chunked\r\n", length=False))
        [(status, _, body)] = _responses(sock, 1)
        assert status == 200 and b"<vpc>" in body
        sock.sendall(_request(b"", extra="Expect: 100-continue\r\n").replace(b"Content-Length: 0", f"Content-Length: {len(CREATE_VPC)}".encode()))
        [(status, _, _)] = _responses(sock, 1)
        assert status == 100
        sock.sendall(CREATE_VPC)
        [(status, _, body)] = _responses(sock, 1)
        assert status == 200 and b"<vpc>" in body


def test_http_1_0_closes_after_the_answer(live: LiveServer) -> None:
    with _connect(live) as sock:
        sock.sendall(_request(version="HTTP/1.0"))
        [(status, _, body)] = _responses(sock, 1)
        assert status == 200 and b"<vpc>" in body and _closed(sock)  # HTTP/1.0 closes by default


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"NONSENSE\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nX: " + b"y" * (MAX_HEAD + 1000), 431),
    ],
    ids=["request-line", "version", "length", "header", "encoding", "head-too-large"],
)
def test_bytes_that_are_not_http_are_refused_and_the_connection_closed(live: LiveServer, data: bytes, status: int) -> None:
    with _connect(live) as sock:
        sock.sendall(data)
        [(got, headers, body)] = _responses(sock, 1)
        assert (got, headers["connection"], body) == (status, "close", b"") and _closed(sock)


def test_a_malformed_chunked_body_gets_an_aws_error_and_a_close(live: LiveServer) -> None:
    """granian ends the body at the bad chunk size: the application reads an empty body and refuses it."""
    with _connect(live) as sock:
        sock.sendall(_request(b"zz\r\n", extra="Transfer-Encoding: chunked\r\n", length=False))
        [(status, _, body)] = _responses(sock, 1)
        assert status == 400 and b"<Code>MissingParameter</Code>" in body and b"Traceback" not in body
        assert _closed(sock)
    assert not snapshot.from_json(live.internal("world", method="GET")).vpcs


def test_a_body_shorter_than_its_content_length_is_refused(live: LiveServer) -> None:
    """A client that stops sending (half-closes) before its Content-Length is reached: nothing is created."""
    with _connect(live) as sock:
        request = _request()
        sock.sendall(request[:-20])
        sock.shutdown(socket.SHUT_WR)
        [(status, _, body)] = _responses(sock, 1)
        assert status == 400 and b"<Code>IncompleteBody</Code>" in body and b"<Response><Errors>" in body
        assert f"after {len(CREATE_VPC) - 20} of the {len(CREATE_VPC)} bytes".encode() in body
    assert not snapshot.from_json(live.internal("world", method="GET")).vpcs


def test_an_oversized_body_is_refused_unread(live: LiveServer) -> None:
    for announced in ("Content-Length: 99999999\r\nExpect: 100-continue\r\n", "Content-Length: 99999999\r\n"):
        with _connect(live) as sock:
            sock.sendall(_request(b"", extra=announced, length=False))
            [(status, _, body)] = _responses(sock, 1)  # no 100 Continue first: refused at once
            assert status == 413 and b"<Code>RequestEntityTooLarge</Code>" in body and b"<Response><Errors>" in body
            assert _closed(sock)
    chunks = b"".join(b"10000\r\n" + b"x" * 0x10000 + b"\r\n" for _ in range(17))  # 1 MiB + 64 KiB, no end
    with _connect(live) as sock:
        sock.sendall(_request(chunks, extra="Transfer-Encoding: chunked\r\n", length=False))
        [(status, _, body)] = _responses(sock, 1)
        assert status == 413 and b"<Code>RequestEntityTooLarge</Code>" in body
        assert _closed(sock)


@pytest.fixture(scope="module")
def verifying(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``serve --credentials FILE``: every signature verified."""
    credentials = tmp_path_factory.mktemp("credentials") / "credentials"
    credentials.write_text(
        "[alice]\naws_access_key_id = AKIAALICE\naws_secret_access_key = alice-secret\naws_account_id = 111111111111\n"
        "[bob]\naws_access_key_id = AKIABOB\naws_secret_access_key = bob-secret\naws_account_id = 222222222222\n"
    )
    live = LiveServer("--credentials", str(credentials))
    yield live
    live.close()


def test_signatures_are_verified(verifying: LiveServer) -> None:
    alice = boto_client(verifying.url, "ec2", key="AKIAALICE", secret="alice-secret")
    assert alice.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["OwnerId"] == A
    bob_r53 = boto_client(verifying.url, "route53", key="AKIABOB", secret="bob-secret")
    assert bob_r53.create_hosted_zone(Name="b.example", CallerReference="b")["ResponseMetadata"]["HTTPStatusCode"] == 201
    cases = [
        ("route53", "AKIAALICE", "wrong", "SignatureDoesNotMatch", 403),
        ("route53", "AKIAMALLORY", "x", "InvalidClientTokenId", 403),
        ("ec2", "AKIAALICE", "wrong", "SignatureDoesNotMatch", 403),
        ("ec2", "AKIAMALLORY", "x", "AuthFailure", 401),
        ("ec2", A, "x", "AuthFailure", 401),  # a 12-digit key is not a credential when keys are verified
    ]
    for service, key, secret, code, status in cases:
        client = boto_client(verifying.url, service, key=key, secret=secret)
        call = client.get_hosted_zone_count if service == "route53" else client.describe_vpcs
        with pytest.raises(ClientError) as info:
            call()
        assert (info.value.response["Error"]["Code"], info.value.response["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
    with pytest.raises(ClientError) as info:
        boto_client(verifying.url, "route53", key="AKIAALICE", secret="wrong").get_hosted_zone_count()
    assert info.value.response["Error"]["Message"].startswith("The request signature we calculated does not match")
    with pytest.raises(ClientError) as sts:
        boto_client(verifying.url, "sts", key="AKIAMALLORY", secret="x").get_caller_identity()
    assert sts.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert sts.value.response["Error"]["Message"] == "The security token included in the request is invalid."


def test_pre_signed_urls_are_verified(verifying: LiveServer) -> None:
    """SigV4 in the query string (botocore's generate_presigned_url): the same checks as the header form."""
    alice_ec2 = boto_client(verifying.url, "ec2", key="AKIAALICE", secret="alice-secret")
    vpc = alice_ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    url = alice_ec2.generate_presigned_url("describe_vpcs", Params={"VpcIds": [vpc]}, HttpMethod="GET")
    assert "X-Amz-Signature=" in url and "Authorization" not in url
    status, body = _fetch(url)
    assert status == 200 and f"<vpcId>{vpc}</vpcId>".encode() in body and f"<ownerId>{A}</ownerId>".encode() in body
    alice = boto_client(verifying.url, "route53", key="AKIAALICE", secret="alice-secret")
    count = alice.generate_presigned_url("get_hosted_zone_count")
    status, body = _fetch(count)
    assert status == 200 and b"<HostedZoneCount>" in body
    # A wrong secret, an unknown key, a tampered parameter: each refused as with a header.
    wrong = boto_client(verifying.url, "route53", key="AKIAALICE", secret="wrong").generate_presigned_url("get_hosted_zone_count")
    assert _fetch(wrong)[0] == 403 and b"<Code>SignatureDoesNotMatch</Code>" in _fetch(wrong)[1]
    mallory = boto_client(verifying.url, "ec2", key="AKIAMALLORY", secret="x").generate_presigned_url("describe_vpcs", HttpMethod="GET")
    assert _fetch(mallory)[0] == 401 and b"<Code>AuthFailure</Code>" in _fetch(mallory)[1]
    tampered = url.replace(vpc, "vpc-0000000000000000f")
    assert _fetch(tampered)[0] == 403 and b"<Code>SignatureDoesNotMatch</Code>" in _fetch(tampered)[1]
    # An incomplete set of query-string parameters is an IncompleteSignature.
    cut = url.split("&X-Amz-Signature=")[0]
    status, body = _fetch(cut)
    assert status == 400 and b"<Code>IncompleteSignature</Code>" in body and b"'X-Amz-Signature'" in body


def test_sixteen_concurrent_clients_leave_a_consistent_world(live: LiveServer) -> None:
    ec2 = boto_client(live.url, "ec2", key=A)
    first = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    zone = boto_client(live.url, "route53", key=A).create_hosted_zone(
        Name="busy.example", CallerReference="busy", VPC={"VPCRegion": "us-east-1", "VPCId": first}
    )["HostedZone"]["Id"]
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            account = f"{index + 100:012d}"
            own_ec2 = boto_client(live.url, "ec2", key=account)
            owner = boto_client(live.url, "route53", key=A)
            r53c = boto_client(live.url, "route53", key=account)
            vpcs = [{"VPCRegion": "us-east-1", "VPCId": own_ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]}
                    for _ in range(4)]
            for vpc in vpcs:
                owner.create_vpc_association_authorization(HostedZoneId=zone, VPC=vpc)
                r53c.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC=vpc)
                with pytest.raises(ClientError):
                    r53c.get_hosted_zone(Id=zone)
            r53c.disassociate_vpc_from_hosted_zone(HostedZoneId=zone, VPC=vpcs[0])
            owner.delete_vpc_association_authorization(HostedZoneId=zone, VPC=vpcs[0])
        except BaseException as exc:  # collected and re-raised in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    world = snapshot.from_json(live.internal("world", method="GET"))
    assert world.check() == []
    assert len(world.zones[zone.split("/")[-1]].vpcs) == 1 + 16 * 3
    assert len(world.vpcs) == 1 + 16 * 4
    assert len(world.accounts) == 1 + 16


# -- the command: state that lasts, the AWS CLI ----------------------------------------------------


def _worker_of(process: subprocess.Popen[bytes]) -> int:
    """The pid of granian's worker process, forked by serve's supervisor *process*."""
    (child,) = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return int(child)


def _gone(pid: int) -> bool:
    """Whether process *pid* has ended (and been reaped: a zombie counts as gone)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def _refused(url: str) -> bool:
    """Nothing listens at *url* any more (within a few seconds: a killed process's sockets close as it ends)."""
    host, port = url.rsplit("//", 1)[1].split(":")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, int(port)), timeout=2).close()
        except OSError:
            return True
        time.sleep(0.05)
    return False


def _world(url: str) -> r53.World:
    with urllib.request.urlopen(f"{url}/_route53_assoc/world") as response:
        return snapshot.from_json(response.read())


def test_a_killed_server_loses_no_acknowledged_change(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    process, url = serve(tmp_path.parent / f"{tmp_path.name}-1.log", "--state", str(state), "--clock", "manual")
    try:
        ec2 = boto_client(url, "ec2", key=A)
        r53c = boto_client(url, "route53", key=A)
        first = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        zone = r53c.create_hosted_zone(Name="kept.example", CallerReference="k", VPC={"VPCRegion": "us-east-1", "VPCId": first})["HostedZone"]["Id"]
        vpcs = [ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"] for _ in range(4)]
        for vpc_id in vpcs:
            r53c.associate_vpc_with_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id})
        r53c.disassociate_vpc_from_hosted_zone(HostedZoneId=zone, VPC={"VPCRegion": "us-east-1", "VPCId": vpcs[0]})
        before = _world(url)
        worker = _worker_of(process)
    finally:
        process.send_signal(signal.SIGKILL)  # the supervisor: its worker dies with it
        process.wait()
    assert _gone(worker) and _refused(url)
    assert not [p for p in tmp_path.iterdir() if p.name != "world.json"]  # no temporary file left behind
    process, url = serve(tmp_path.parent / f"{tmp_path.name}-2.log", "--state", str(state), "--clock", "manual")
    try:
        after = _world(url)
        assert after == before and after.check() == []
        got = boto_client(url, "route53", key=A).get_hosted_zone(Id=zone)
        assert sorted(v["VPCId"] for v in got["VPCs"]) == sorted([first, *vpcs[1:]])
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


def test_sigterm_stops_the_server_cleanly_and_frees_the_port(tmp_path: Path) -> None:
    process, url = serve(tmp_path / "serve.log")
    boto_client(url, "ec2", key=A).create_vpc(CidrBlock="10.0.0.0/16")  # a connection left open
    worker = _worker_of(process)
    process.terminate()
    assert process.wait(timeout=30) == 0
    assert _gone(worker) and _refused(url)


def test_sigterm_while_changes_are_saved_loses_none_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A client changes the world without pause (each save writes ~2.5 MB), so SIGTERM most likely
    comes during a save: the worker finishes it, exits, and every acknowledged change is in the file."""
    state = tmp_path / "world.json"
    world = r53.World.empty(quotas=r53.Quotas(vpcs_per_region=10**9))
    for _ in range(4000):
        world, _vpc = r53.create_vpc(world, owner=A, region="us-east-1")
    state.write_text(snapshot.to_json(world))
    process, url = serve(tmp_path.parent / f"{tmp_path.name}.log", "--state", str(state), "--clock", "manual")
    ec2 = boto_client(url, "ec2", key=A)
    acknowledged: list[str] = []
    stop = threading.Event()

    def changes() -> None:
        while not stop.is_set():
            try:
                acknowledged.append(ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"])
            except Exception:  # the server went away mid-call: that call was not acknowledged
                return

    client = threading.Thread(target=changes)
    client.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.terminate()
    try:
        assert process.wait(timeout=60) == 0
    finally:
        stop.set()
        client.join()
    assert len(acknowledged) >= 5
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]
    saved = snapshot.from_json(state.read_text())
    assert set(acknowledged) <= set(saved.vpcs) and saved.check() == []


def test_a_worker_that_dies_ends_the_server(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    process, url = serve(log)
    os.kill(_worker_of(process), signal.SIGKILL)
    assert process.wait(timeout=30) == 1
    assert "Unexpected exit from worker-1" in log.read_text() and _refused(url)


def test_serve_listens_on_loopback_and_says_where(tmp_path: Path) -> None:
    process, url = serve(tmp_path / "serve.log")
    try:
        assert url.startswith("http://127.0.0.1:") and int(url.rsplit(":", 1)[1]) > 0  # --port 0: a free port
        log = (tmp_path / "serve.log").read_text()
        assert log.count("listening on") == 1 and log.strip() == f"route53-assoc serve: listening on {url}"
        assert _fetch(f"{url}/_route53_assoc/health")[0] == 200
    finally:
        process.terminate()
        process.wait()


def test_serve_without_granian_names_the_extra() -> None:
    script = "import sys; sys.modules['granian'] = None; from route53_assoc.cli import main; sys.exit(main(['serve']))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "serve needs the [server] extra (from a checkout: pip install '.[server]')" in done.stderr


def test_a_port_in_use_stops_the_start(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "route53_assoc", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_a_corrupt_state_file_stops_the_start_and_is_left_untouched(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    state.write_text('{"format": "route53-assoc/world", "version": 1, "zones": "oops"')
    digest = hashlib.sha256(state.read_bytes()).hexdigest()
    done = subprocess.run(
        [sys.executable, "-m", "route53_assoc", "serve", "--port", "0", "--state", str(state)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert f"state file {state} is not a usable route53-assoc snapshot" in done.stderr and "left untouched" in done.stderr
    assert hashlib.sha256(state.read_bytes()).hexdigest() == digest


def test_bad_serve_options_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "credentials"
    bad.write_text("[alice]\naws_access_key_id = AKIAALICE\n")
    for args, expected in [
        (["--account", "AKIA=12"], "KEY=ACCOUNT"),
        (["--credentials", str(bad)], "missing aws_secret_access_key, aws_account_id"),
    ]:
        done = subprocess.run([sys.executable, "-m", "route53_assoc", "serve", "--port", "0", *args],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and expected in done.stderr


def _aws(url: str, key: str, *args: str, region: str = "us-east-1") -> subprocess.CompletedProcess[str]:
    aws = Path(sys.executable).with_name("aws")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
    }
    return subprocess.run([str(aws), "--endpoint-url", url, "--output", "json", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_aws_cli_runs_the_cross_account_story(tmp_path: Path) -> None:
    if not Path(sys.executable).with_name("aws").exists():
        pytest.skip("the AWS CLI (awscli, in the test extra) is not installed beside this Python")
    process, url = serve(tmp_path / "serve.log", "--account", "AKIAALICE=111111111111", "--account", "AKIABOB=222222222222")
    try:
        def ok(key: str, *args: str, region: str = "us-east-1") -> Any:
            done = _aws(url, key, *args, region=region)
            assert done.returncode == 0, done.stderr
            return json.loads(done.stdout) if done.stdout.strip() else None

        vpc_a = ok("AKIAALICE", "ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")["Vpc"]
        vpc_b = ok("AKIABOB", "ec2", "create-vpc", "--cidr-block", "10.1.0.0/16", region="eu-west-1")["Vpc"]
        assert (vpc_a["OwnerId"], vpc_b["OwnerId"]) == (A, B)
        zone = ok("AKIAALICE", "route53", "create-hosted-zone", "--name", "corp.example.com", "--caller-reference", "cli-1",
                  "--vpc", f"VPCRegion=us-east-1,VPCId={vpc_a['VpcId']}")["HostedZone"]["Id"]
        refused = _aws(url, "AKIABOB", "route53", "associate-vpc-with-hosted-zone", "--hosted-zone-id", zone,
                       "--vpc", f"VPCRegion=eu-west-1,VPCId={vpc_b['VpcId']}")
        assert refused.returncode == 255  # awscli 1.x: 255 for a service error
        assert (
            "An error occurred (NotAuthorizedException) when calling the AssociateVPCWithHostedZone operation: "
            "Associating the specified VPC with the specified hosted zone has not been authorized."
        ) in refused.stderr
        ok("AKIAALICE", "route53", "create-vpc-association-authorization", "--hosted-zone-id", zone,
           "--vpc", f"VPCRegion=eu-west-1,VPCId={vpc_b['VpcId']}")
        change = ok("AKIABOB", "route53", "associate-vpc-with-hosted-zone", "--hosted-zone-id", zone,
                    "--vpc", f"VPCRegion=eu-west-1,VPCId={vpc_b['VpcId']}")["ChangeInfo"]
        assert change["Status"] == "INSYNC"
        ok("AKIAALICE", "route53", "wait", "resource-record-sets-changed", "--id", change["Id"])
        listed = ok("AKIABOB", "route53", "list-hosted-zones-by-vpc", "--vpc-id", vpc_b["VpcId"], "--vpc-region", "eu-west-1")
        assert [s["Owner"] for s in listed["HostedZoneSummaries"]] == [{"OwningAccount": A}]
        conflict = _aws(url, "AKIABOB", "route53", "associate-vpc-with-hosted-zone", "--hosted-zone-id", zone,
                        "--vpc", f"VPCRegion=eu-west-1,VPCId={vpc_b['VpcId']}")
        assert conflict.returncode == 255 and "(ConflictingDomainExists)" in conflict.stderr
        ok("AKIAALICE", "route53", "delete-vpc-association-authorization", "--hosted-zone-id", zone,
           "--vpc", f"VPCRegion=eu-west-1,VPCId={vpc_b['VpcId']}")
        got = ok("AKIAALICE", "route53", "get-hosted-zone", "--id", zone)
        assert {v["VPCId"] for v in got["VPCs"]} == {vpc_a["VpcId"], vpc_b["VpcId"]}
    finally:
        process.terminate()
        process.wait()

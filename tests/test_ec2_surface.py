"""EC2's VPC surface in the core (surface.md §S5): one or more example tests per rule.

Codes, HTTP statuses and messages are the spec's text.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import route53_assoc as r53
from route53_assoc import errors
from route53_assoc.aws import Backend
from route53_assoc.aws.ec2 import vpc_shape

A = "111111111111"
B = "222222222222"
REGION = "us-east-1"


def make(world: r53.World | None = None, **kw: Any) -> tuple[r53.World, r53.VPC]:
    return r53.create_vpc(world or r53.World.empty(), owner=kw.pop("owner", A), region=kw.pop("region", REGION), **kw)


def refused(error: type[errors.Route53Error], call: Any) -> errors.Route53Error:
    with pytest.raises(error) as info:
        call()
    return info.value


# -- CreateVpc ---------------------------------------------------------------


def test_cidr_missing() -> None:
    exc = refused(errors.MissingParameter, lambda: make(cidr_block=None))
    assert (exc.code, exc.http_status) == ("MissingParameter", 400)
    assert exc.message == "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided."


@pytest.mark.parametrize("cidr", ["banana", "10.0.0.0", "300.0.0.0/16", "10.0.0.0/33", "::/64"])
def test_cidr_syntax(cidr: str) -> None:
    exc = refused(errors.InvalidParameterValue, lambda: make(cidr_block=cidr))
    assert (exc.code, exc.http_status) == ("InvalidParameterValue", 400)
    assert exc.message == f"Value ({cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block."


def test_cidr_canonical_and_kept() -> None:
    w, vpc = make(cidr_block="100.68.0.18/18")
    assert vpc.cidr_block == "100.68.0.0/18"
    w, vpc = make(w, cidr_block="172.31.0.0/16")
    assert w.vpcs[vpc.id].cidr_block == "172.31.0.0/16"


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "10.0.0.0/15", "10.0.0.0/29", "10.0.0.0/32"])
def test_cidr_range(cidr: str) -> None:
    exc = refused(errors.InvalidVpcRange, lambda: make(cidr_block=cidr))
    assert (exc.code, exc.http_status) == ("InvalidVpc.Range", 400)
    assert exc.message == f"The CIDR '{cidr}' is invalid."


@pytest.mark.parametrize("cidr", ["10.0.0.0/16", "10.0.0.0/28"])
def test_cidr_range_bounds_allowed(cidr: str) -> None:
    assert make(cidr_block=cidr)[1].cidr_block == cidr


def test_tenancy() -> None:
    assert make(instance_tenancy="dedicated")[1].instance_tenancy == "dedicated"
    assert make()[1].instance_tenancy == "default"
    exc = refused(errors.InvalidParameterValue, lambda: make(instance_tenancy="host"))
    assert exc.message == "Value (host) for parameter instanceTenancy is invalid."


def test_unmodelled_members_and_dry_run() -> None:
    world = r53.World.empty()
    request = r53.CreateVpcRequest(owner=A, region=REGION, other_members=(("Ipv4IpamPoolId", "ipam-pool-1"),))
    exc = refused(errors.NotModelled, lambda: r53.apply(world, request))
    assert exc.http_status == 501 and "Ipv4IpamPoolId" in exc.message
    ipv6 = r53.CreateVpcRequest(owner=A, region=REGION, other_members=(("AmazonProvidedIpv6CidrBlock", True),))
    refused(errors.NotModelled, lambda: r53.apply(world, ipv6))
    off = r53.CreateVpcRequest(owner=A, region=REGION, other_members=(("AmazonProvidedIpv6CidrBlock", False),))
    assert r53.apply(world, off)[1].cidr_block == "10.0.0.0/16"
    dry = r53.CreateVpcRequest(owner=A, region=REGION, dry_run=True)
    exc = refused(errors.DryRunOperation, lambda: r53.apply(world, dry))
    assert (exc.code, exc.http_status) == ("DryRunOperation", 412)
    assert exc.message == "Request would have succeeded, but DryRun flag is set."


def test_tags_at_creation() -> None:
    w, vpc = make(tags={"Name": "main", "env": "prod"})
    assert dict(w.tags_of(vpc.id)) == {"Name": "main", "env": "prod"}
    bad = r53.CreateVpcRequest(owner=A, region=REGION, tag_specifications=(("subnet", (("k", "v"),)),))
    exc = refused(errors.InvalidParameterValue, lambda: r53.apply(r53.World.empty(), bad))
    assert exc.message == "'subnet' is not a valid taggable resource type for this operation."
    reserved = r53.CreateVpcRequest(owner=A, region=REGION, tag_specifications=(("vpc", (("aws:x", "v"),)),))
    exc = refused(errors.InvalidParameterValue, lambda: r53.apply(r53.World.empty(), reserved))
    assert exc.message == "Tag keys starting with 'aws:' are reserved for internal use"


def test_defaults() -> None:
    w, vpc = make()
    assert (vpc.enable_dns_support, vpc.enable_dns_hostnames, vpc.enable_network_address_usage_metrics) == (
        True,
        False,
        False,
    )
    assert vpc.is_default is False
    assert vpc.defaults is not None
    ids = vpc.defaults
    assert ids.route_table_id.startswith("rtb-") and len(ids.route_table_id) == 4 + 17
    assert ids.network_acl_id.startswith("acl-") and len(ids.network_acl_id) == 4 + 17
    assert ids.security_group_id.startswith("sg-") and len(ids.security_group_id) == 3 + 17
    assert ids.route_table_association_id.startswith("rtbassoc-") and len(ids.route_table_association_id) == 9 + 17
    assert ids.cidr_association_id.startswith("vpc-cidr-assoc-")
    assert len(ids.cidr_association_id) == len("vpc-cidr-assoc-") + 17
    assert {w.ec2_resources[i] for i in ids.resource_ids()} == {vpc.id}
    assert w.check() == []


def test_quota_per_account_per_region() -> None:
    w = r53.World.empty()
    for _ in range(5):
        w, _vpc = make(w)
    exc = refused(errors.VpcLimitExceeded, lambda: make(w))
    assert (exc.code, exc.http_status) == ("VpcLimitExceeded", 400)
    assert exc.message == "The maximum number of VPCs has been reached."
    make(w, region="eu-west-1")  # another region
    make(w, owner=B)  # another account
    w2, _ = make(r53.World.empty(quotas=r53.Quotas(vpcs_per_region=1)))
    refused(errors.VpcLimitExceeded, lambda: make(w2))
    assert len(w.vpcs_of(A, REGION)) == 5


def test_quota_frees_on_delete() -> None:
    w = r53.World.empty(quotas=r53.Quotas(vpcs_per_region=1))
    w, vpc = make(w)
    w, _ = r53.delete_vpc(w, caller=A, vpc_id=vpc.id)
    make(w)


# -- DescribeVpcs ------------------------------------------------------------


def three() -> tuple[r53.World, list[r53.VPC]]:
    w, one = make(cidr_block="10.0.0.0/16", tags={"Name": "one", "env": "prod"})
    w, two = make(w, cidr_block="10.1.0.0/16", tags={"Name": "two", "env": "dev"})
    w, other = make(w, owner=B, cidr_block="10.2.0.0/16")
    return w, [one, two, other]


def ids(page: r53.Page) -> list[str]:
    return [t.item.id for t in page.items]


def describe(world: r53.World, **kw: Any) -> r53.Page:
    return r53.describe_vpcs(world, caller=kw.pop("caller", A), region=kw.pop("region", REGION), **kw)


def test_describe_is_the_callers_region() -> None:
    w, (one, two, other) = three()
    assert ids(describe(w)) == sorted([one.id, two.id])
    assert ids(describe(w, region="eu-west-1")) == []
    assert ids(describe(w, caller=B)) == [other.id]


def test_describe_ids_not_found() -> None:
    w, (one, _two, other) = three()
    exc = refused(errors.InvalidVpcIDNotFound, lambda: describe(w, vpc_ids=[other.id]))
    assert (exc.code, exc.http_status) == ("InvalidVpcID.NotFound", 400)
    assert exc.message == f"The vpc ID '{other.id}' does not exist"
    exc = refused(errors.InvalidVpcIDNotFound, lambda: describe(w, vpc_ids=["vpc-0123abcd", other.id]))
    assert exc.message == f"The vpc IDs 'vpc-0123abcd, {other.id}' do not exist"
    exc = refused(errors.InvalidVpcIDNotFound, lambda: describe(w, region="eu-west-1", vpc_ids=[one.id]))
    assert exc.message == f"The vpc ID '{one.id}' does not exist"


def test_describe_ids_malformed_first() -> None:
    w, _ = three()
    exc = refused(errors.InvalidVpcIDMalformed, lambda: describe(w, vpc_ids=["vpc-0123abcd", "nope"]))
    assert (exc.code, exc.http_status) == ("InvalidVpcID.Malformed", 400)
    assert exc.message == 'Invalid id: "nope" (expecting "vpc-...")'


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("cidr", ["10.0.0.0/16"], [0]),
        ("cidr", ["10.0.0.0/8"], []),
        ("cidr-block-association.cidr-block", ["10.1.*"], [1]),
        ("cidr-block-association.state", ["associated"], [0, 1]),
        ("is-default", ["false"], [0, 1]),
        ("is-default", ["true"], []),
        ("owner-id", [A], [0, 1]),
        ("owner-id", [B], []),
        ("state", ["available"], [0, 1]),
        ("state", ["pending"], []),
        ("tag:Name", ["one", "two"], [0, 1]),
        ("tag:Name", ["on?"], [0]),
        ("tag:env", ["*"], [0, 1]),
        ("tag:missing", ["*"], []),
        ("tag-key", ["env"], [0, 1]),
        ("tag-key", ["Nope"], []),
        ("ipv6-cidr-block-association.ipv6-cidr-block", ["*"], []),
        ("ipv6-cidr-block-association.state", ["associated"], []),
    ],
)
def test_describe_filters(name: str, values: list[str], expected: list[int]) -> None:
    w, vpcs = three()
    page = describe(w, filters=[{"Name": name, "Values": values}])
    assert ids(page) == sorted(vpcs[i].id for i in expected)


def test_describe_filters_by_ids_and_derived_values() -> None:
    w, (one, two, _other) = three()
    assert one.defaults is not None
    assert ids(describe(w, filters=[("vpc-id", (two.id,))])) == [two.id]
    assert ids(describe(w, filters=[("cidr-block-association.association-id", (one.defaults.cidr_association_id,))])) == [
        one.id
    ]
    dopt = vpc_shape(one, ())["DhcpOptionsId"]
    assert dopt.startswith("dopt-") and len(dopt) == 5 + 8
    assert ids(describe(w, filters=[("dhcp-options-id", (dopt,))])) == sorted([one.id, two.id])


def test_describe_filters_and_across_or_within() -> None:
    w, (one, two, _other) = three()
    both = [("tag:env", ("prod", "dev")), ("cidr", ("10.1.0.0/16",))]
    assert ids(describe(w, filters=both)) == [two.id]
    assert ids(describe(w, vpc_ids=[one.id], filters=[("tag:env", ("dev",))])) == []


def test_describe_unknown_filter() -> None:
    w, _ = three()
    exc = refused(errors.InvalidParameterValue, lambda: describe(w, filters=[("colour", ("red",))]))
    assert exc.message == "The filter 'colour' is invalid"
    exc = refused(errors.InvalidParameterValue, lambda: describe(w, filters=[("vpc-id", ("nope",))]))
    assert exc.message == "vpc-id"


def test_describe_paging() -> None:
    w = r53.World.empty()
    made = []
    for _ in range(5):
        w, vpc = make(w)
        made.append(vpc.id)
    assert describe(w).next_token is None
    first = describe(w, max_results=5)
    assert ids(first) == sorted(made) and first.next_token is None
    w2 = r53.World.empty(quotas=r53.Quotas(vpcs_per_region=12))
    many = []
    for _ in range(12):
        w2, vpc = make(w2)
        many.append(vpc.id)
    page1 = describe(w2, max_results=5)
    page2 = describe(w2, max_results=5, next_token=page1.next_token)
    page3 = describe(w2, max_results=5, next_token=page2.next_token)
    assert ids(page1) + ids(page2) + ids(page3) == sorted(many)
    assert page3.next_token is None and page1.next_token is not None


@pytest.mark.parametrize(
    ("n", "message"),
    [
        (4, "Value ( 4 ) for parameter maxResults is invalid. Expecting a value greater than 5."),
        (1001, "Value ( 1001 ) for parameter maxResults is invalid. Expecting a value less than 1000."),
    ],
)
def test_describe_max_results_range(n: int, message: str) -> None:
    exc = refused(errors.InvalidParameterValue, lambda: describe(r53.World.empty(), max_results=n))
    assert exc.message == message


def test_describe_bad_token() -> None:
    exc = refused(errors.InvalidNextToken, lambda: describe(r53.World.empty(), next_token="junk"))
    assert (exc.code, exc.http_status) == ("InvalidNextToken", 400)
    assert exc.message == "The token 'junk' is invalid"


# -- DeleteVpc ---------------------------------------------------------------


def test_delete_errors() -> None:
    w, (one, _two, other) = three()
    exc = refused(errors.InvalidVpcIDMalformed, lambda: r53.delete_vpc(w, caller=A, vpc_id="nope"))
    assert exc.message == 'Invalid id: "nope" (expecting "vpc-...")'
    exc = refused(errors.InvalidVpcIDNotFound, lambda: r53.delete_vpc(w, caller=A, vpc_id=other.id))
    assert exc.message == f"The vpc ID '{other.id}' does not exist"
    refused(errors.InvalidVpcIDNotFound, lambda: r53.delete_vpc(w, caller=A, vpc_id=one.id, region="eu-west-1"))


def test_delete_with_zone_association_and_effect() -> None:
    w, vpc = make(tags={"Name": "x"})
    assert vpc.defaults is not None
    w = r53.create_tags(w, caller=A, resources=[vpc.defaults.security_group_id], tags={"k": "v"})
    w, created = r53.create_hosted_zone(w, caller=A, name="corp.example", caller_reference="r", vpc_id=vpc.id,
                                        vpc_region=REGION)
    w, gone = r53.delete_vpc(w, caller=A, vpc_id=vpc.id)
    assert gone.id == vpc.id and vpc.id in w.deleted_vpcs and vpc.id not in w.vpcs
    assert not any(i in w.ec2_resources for i in vpc.defaults.resource_ids())
    assert vpc.id not in w.ec2_tags and vpc.defaults.security_group_id not in w.ec2_tags
    assert vpc.id in w.zones[created.zone.id].associations  # rules.md §8: still listed
    assert w.vpcs_of(A, REGION) == r53.World.empty().vpcs_of(A, REGION)
    assert w.check() == []


# -- attributes --------------------------------------------------------------


def test_describe_attribute() -> None:
    w, vpc = make()
    values = {
        name: r53.describe_vpc_attribute(w, caller=A, vpc_id=vpc.id, attribute=name).value
        for name in ("enableDnsSupport", "enableDnsHostnames", "enableNetworkAddressUsageMetrics")
    }
    assert values == {"enableDnsSupport": True, "enableDnsHostnames": False, "enableNetworkAddressUsageMetrics": False}
    exc = refused(
        errors.InvalidParameterValue,
        lambda: r53.describe_vpc_attribute(w, caller=A, vpc_id=vpc.id, attribute="EnableDnsHostnames"),
    )
    assert exc.message == "Value (EnableDnsHostnames) for parameter attribute is invalid. Unknown attribute."
    refused(
        errors.InvalidVpcIDNotFound,
        lambda: r53.describe_vpc_attribute(w, caller=B, vpc_id=vpc.id, attribute="enableDnsSupport"),
    )


def modify(world: r53.World, vpc_id: str, *attributes: tuple[str, bool]) -> r53.World:
    request = r53.ModifyVpcAttributeRequest(caller=A, vpc_id=vpc_id, attributes=attributes)
    return r53.apply(world, request)[0]


def test_modify_one_attribute() -> None:
    w, vpc = make()
    exc = refused(
        errors.InvalidParameterCombination,
        lambda: modify(w, vpc.id, ("enableDnsHostnames", True), ("enableDnsSupport", True)),
    )
    assert (exc.code, exc.http_status) == ("InvalidParameterCombination", 400)
    assert exc.message == "Fields for multiple attribute types specified: enableDnsHostnames, enableDnsSupport"
    exc = refused(
        errors.InvalidParameterCombination,
        lambda: modify(w, vpc.id, ("enableDnsSupport", True), ("enableDnsHostnames", True)),
    )
    assert exc.message == "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames"
    exc = refused(errors.InvalidParameterCombination, lambda: modify(w, vpc.id))
    assert exc.message == "No attributes specified."


def test_hostnames_need_support() -> None:
    w, vpc = make()
    w = modify(w, vpc.id, ("enableDnsSupport", False))
    exc = refused(errors.InvalidParameterValue, lambda: modify(w, vpc.id, ("enableDnsHostnames", True)))
    assert exc.message == f"Cannot enable DNS hostnames for VPC {vpc.id} because DNS support is disabled."
    w = modify(w, vpc.id, ("enableDnsSupport", True))
    w = modify(w, vpc.id, ("enableDnsHostnames", True))
    w = modify(w, vpc.id, ("enableDnsSupport", False))  # the converse is allowed
    assert (w.vpcs[vpc.id].enable_dns_support, w.vpcs[vpc.id].enable_dns_hostnames) == (False, True)


def test_modify_idempotent() -> None:
    w, vpc = make()
    again = modify(w, vpc.id, ("enableDnsSupport", True))
    assert again.vpcs[vpc.id] == w.vpcs[vpc.id]
    assert again.check() == []


# -- default resources -------------------------------------------------------


def test_default_resource_describes() -> None:
    w, (one, two, _other) = three()
    assert one.defaults is not None and two.defaults is not None
    rtb = r53.describe_route_tables(w, caller=A, region=REGION, filters=[("association.main", ("true",)),
                                                                       ("vpc-id", (one.id,))])
    assert ids(rtb) == [one.defaults.route_table_id]
    acl = r53.describe_network_acls(w, caller=A, region=REGION, filters=[("default", ("true",)), ("vpc-id", (two.id,))])
    assert ids(acl) == [two.defaults.network_acl_id]
    sg = r53.describe_security_groups(w, caller=A, region=REGION, filters=[("group-name", ("default",)),
                                                                         ("vpc-id", (one.id,))])
    assert ids(sg) == [one.defaults.security_group_id]
    everything = r53.describe_security_groups(w, caller=A, region=REGION)
    assert ids(everything) == sorted([one.defaults.security_group_id, two.defaults.security_group_id])
    by_id = r53.describe_route_tables(w, caller=A, region=REGION, ids=[two.defaults.route_table_id])
    assert ids(by_id) == [two.defaults.route_table_id]


def test_default_resource_not_found() -> None:
    w, (_one, _two, other) = three()
    assert other.defaults is not None
    exc = refused(
        errors.InvalidRouteTableIDNotFound,
        lambda: r53.describe_route_tables(w, caller=A, region=REGION, ids=["rtb-0123abcd"]),
    )
    assert (exc.code, exc.message) == ("InvalidRouteTableID.NotFound", "The routeTable ID 'rtb-0123abcd' does not exist")
    exc = refused(
        errors.InvalidNetworkAclIDNotFound,
        lambda: r53.describe_network_acls(w, caller=A, region=REGION, ids=[other.defaults.network_acl_id]),
    )
    assert exc.code == "InvalidNetworkAclID.NotFound"
    assert exc.message == f"The networkAcl ID '{other.defaults.network_acl_id}' does not exist"
    exc = refused(
        errors.InvalidGroupNotFound,
        lambda: r53.describe_security_groups(w, caller=A, region=REGION, ids=["sg-0123abcd"]),
    )
    assert (exc.code, exc.message) == ("InvalidGroup.NotFound", "The security group 'sg-0123abcd' does not exist")


def test_default_resource_filters_unknown_and_unmodelled() -> None:
    w, _ = three()
    exc = refused(
        errors.InvalidParameterValue,
        lambda: r53.describe_route_tables(w, caller=A, region=REGION, filters=[("colour", ("x",))]),
    )
    assert exc.message == "The filter 'colour' is invalid"
    refused(
        errors.NotModelled,
        lambda: r53.describe_route_tables(w, caller=A, region=REGION, filters=[("route.nat-gateway-id", ("x",))]),
    )


def test_route_table_paging_range() -> None:
    request = r53.DescribeRouteTablesRequest(caller=A, region=REGION, max_results=101)
    exc = refused(errors.InvalidParameterValue, lambda: r53.apply(r53.World.empty(), request))
    assert exc.message == "Value ( 101 ) for parameter maxResults is invalid. Expecting a value less than 100."


def test_default_resource_shapes() -> None:
    backend = Backend()
    vpc = backend.answer("ec2", "CreateVpc", {"CidrBlock": "10.9.0.0/16"}, account=A, region=REGION)[1]["Vpc"]
    vid = vpc["VpcId"]
    f = {"Name": "vpc-id", "Values": [vid]}
    rtb = backend.answer("ec2", "DescribeRouteTables", {"Filters": [f]}, account=A, region=REGION)[1]["RouteTables"][0]
    assert rtb["Routes"] == [
        {"DestinationCidrBlock": "10.9.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}
    ]
    assert rtb["Associations"][0]["Main"] is True
    assert rtb["Associations"][0]["RouteTableAssociationId"].startswith("rtbassoc-")
    assert rtb["Associations"][0]["AssociationState"] == {"State": "associated"}
    acl = backend.answer("ec2", "DescribeNetworkAcls", {"Filters": [f]}, account=A, region=REGION)[1]["NetworkAcls"][0]
    assert acl["IsDefault"] is True and acl["Associations"] == []
    assert [(e["Egress"], e["RuleNumber"], e["RuleAction"]) for e in acl["Entries"]] == [
        (True, 100, "allow"),
        (True, 32767, "deny"),
        (False, 100, "allow"),
        (False, 32767, "deny"),
    ]
    sg = backend.answer("ec2", "DescribeSecurityGroups", {"Filters": [f]}, account=A, region=REGION)[1][
        "SecurityGroups"
    ][0]
    assert sg["GroupName"] == "default" and sg["Description"] == "default VPC security group"
    assert sg["IpPermissions"][0]["UserIdGroupPairs"] == [{"GroupId": sg["GroupId"], "UserId": A}]
    assert sg["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    assert sg["SecurityGroupArn"] == f"arn:aws:ec2:{REGION}:{A}:security-group/{sg['GroupId']}"


# -- tags --------------------------------------------------------------------


def test_create_tags_overwrite_and_limit() -> None:
    w, vpc = make()
    keys = {f"k{i}": "v" for i in range(50)}
    w = r53.create_tags(w, caller=A, resources=[vpc.id], tags=keys)
    w = r53.create_tags(w, caller=A, resources=[vpc.id], tags={"k0": "new"})  # overwrite: still 50
    assert w.tags_of(vpc.id)["k0"] == "new"
    exc = refused(errors.TagLimitExceeded, lambda: r53.create_tags(w, caller=A, resources=[vpc.id], tags={"x": ""}))
    assert (exc.code, exc.http_status) == ("TagLimitExceeded", 400)
    assert exc.message == "The maximum number of Tags for a resource has been reached."


def test_create_tags_errors_all_or_nothing() -> None:
    w, vpc = make()
    exc = refused(errors.InvalidID, lambda: r53.create_tags(w, caller=A, resources=[vpc.id, "i-bogus"], tags={"a": "b"}))
    assert (exc.code, exc.message) == ("InvalidID", "The ID 'i-bogus' is not valid")
    exc = refused(
        errors.InvalidVpcIDNotFound, lambda: r53.create_tags(w, caller=A, resources=[vpc.id, "vpc-0123abcd"], tags={"a": "b"})
    )
    assert exc.message == "The vpc ID 'vpc-0123abcd' does not exist"
    refused(
        errors.InvalidGroupNotFound, lambda: r53.create_tags(w, caller=A, resources=["sg-0123abcd"], tags={"a": "b"})
    )
    exc = refused(
        errors.InvalidParameterValue, lambda: r53.create_tags(w, caller=A, resources=[vpc.id], tags={"aws:x": "b"})
    )
    assert exc.message == "Tag keys starting with 'aws:' are reserved for internal use"
    assert vpc.id not in w.ec2_tags


def test_delete_tags_semantics() -> None:
    w, vpc = make(tags={"a": "1", "b": "2", "c": "", "d": "4"})
    w = r53.delete_tags(w, caller=A, resources=[vpc.id], tags=[("a", None), ("b", "other"), ("c", ""), ("zz", None)])
    assert dict(w.tags_of(vpc.id)) == {"b": "2", "d": "4"}
    w = r53.delete_tags(w, caller=A, resources=[vpc.id], tags=[("d", "")])
    assert dict(w.tags_of(vpc.id)) == {"b": "2", "d": "4"}
    w = r53.delete_tags(w, caller=A, resources=[vpc.id])
    assert vpc.id not in w.ec2_tags and w.check() == []


def test_describe_tags() -> None:
    w, vpc = make(tags={"Name": "main"})
    assert vpc.defaults is not None
    w = r53.create_tags(w, caller=A, resources=[vpc.defaults.route_table_id], tags={"Name": "rt", "x": "y"})
    page = r53.describe_tags(w, caller=A, region=REGION)
    got = [(t.resource_id, t.resource_type, t.key, t.value) for t in page.items]
    assert got == sorted(
        [
            (vpc.id, "vpc", "Name", "main"),
            (vpc.defaults.route_table_id, "route-table", "Name", "rt"),
            (vpc.defaults.route_table_id, "route-table", "x", "y"),
        ]
    )
    only_rt = r53.describe_tags(w, caller=A, region=REGION, filters=[("resource-type", ("route-table",)),
                                                                    ("key", ("Name",))])
    assert [(t.resource_id, t.value) for t in only_rt.items] == [(vpc.defaults.route_table_id, "rt")]
    by_value = r53.describe_tags(w, caller=A, region=REGION, filters=[("value", ("ma*",))])
    assert [t.resource_id for t in by_value.items] == [vpc.id]
    assert r53.describe_tags(w, caller=B, region=REGION).items == ()
    exc = refused(errors.InvalidParameterValue, lambda: r53.describe_tags(w, caller=A, region=REGION,
                                                                         filters=[("colour", ("x",))]))
    assert exc.message == "The filter 'colour' is invalid"


def test_world_check_catches_a_broken_index() -> None:
    w, _vpc = make()

    broken = attrs.evolve(w, ec2_resources=w.ec2_resources.delete(next(iter(w.ec2_resources))))
    assert "index ec2_resources differs from a recomputation" in broken.check()
    broken = attrs.evolve(w, vpcs_by_account_region=w.vpcs_by_account_region.set(("x", "y"), w.vpcs_of(A, REGION)))
    assert "index vpcs_by_account_region differs from a recomputation" in broken.check()


def test_dry_run_changes_nothing() -> None:
    w, vpc = make()
    for request in (
        r53.DeleteVpcRequest(caller=A, vpc_id=vpc.id, dry_run=True),
        r53.ModifyVpcAttributeRequest(caller=A, vpc_id=vpc.id, attributes=(("enableDnsHostnames", True),), dry_run=True),
        r53.CreateTagsRequest(caller=A, resources=(vpc.id,), tags=(("a", "b"),), dry_run=True),
        r53.DescribeVpcsRequest(caller=A, region=REGION, dry_run=True),
    ):
        exc = refused(errors.DryRunOperation, lambda request=request: r53.apply(w, request))
        assert exc.http_status == 412
    assert w.vpcs[vpc.id].enable_dns_hostnames is False and vpc.id not in w.ec2_tags


def test_describe_tags_paging() -> None:
    w, _vpc = make(tags={f"k{i:02d}": str(i) for i in range(12)})
    request = r53.DescribeTagsRequest(caller=A, region=REGION, max_results=5)
    keys: list[str] = []
    token = None
    while True:
        page = r53.apply(w, attrs.evolve(request, next_token=token))[1]
        keys += [t.key for t in page.items]
        token = page.next_token
        if token is None:
            break
    assert keys == [f"k{i:02d}" for i in range(12)]


def test_a_world_built_from_outside_gets_its_ec2_indexes() -> None:
    w, vpc = make()
    rebuilt = r53.World(accounts=w.accounts, vpcs=w.vpcs, sequence=w.sequence)
    assert rebuilt.check() == []
    assert set(rebuilt.vpcs_of(A, REGION)) == {vpc.id}
    assert dict(rebuilt.ec2_resources) == dict(w.ec2_resources)

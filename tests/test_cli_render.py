"""What ``explain`` prints, unit by unit: operation names, results in words, traces fitted to a width."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import route53_assoc as r53
from route53_assoc import _registry
from route53_assoc._render import describe_result, plural, render_trace, wrap
from route53_assoc._resolve import ResolveStatus

from .conftest import A, B, Story

T0 = datetime(2026, 1, 1, tzinfo=UTC)
ZONE = "Z0123456789ABCDEFGHIJ"


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", r53.OPERATIONS, ids=lambda op: op.name)
def test_every_operation_answers_to_its_names_in_any_case(op: r53.Operation[object, object, object]) -> None:
    names = [op.name, *([_registry.aws_name(op)] if _registry.aws_name(op) else [])]
    for name in names:
        assert name is not None
        for spelt in (name, name.upper(), name.lower()):
            assert _registry.operation(spelt) is op


def test_aws_names() -> None:
    assert _registry.operation("AssociateVPCWithHostedZone") is r53.ASSOCIATE
    assert _registry.aws_name(r53.ASSOCIATE) == "AssociateVPCWithHostedZone"
    assert _registry.operation("CreateVpc").name == "create-vpc"
    assert _registry.operation("ListHostedZonesByVPC").name == "list-hosted-zones-by-vpc"
    no_aws_name = [op.name for op in r53.OPERATIONS if _registry.aws_name(op) is None]
    assert sorted(no_aws_name) == sorted(
        ["add-account", "advance", "set-zone-vpc-limit", "create-service-zone", "link-zone", "resolve"]
    )


@pytest.mark.parametrize("label", ["(clock)", "(world fact)", "CreateVpc (EC2)", "clock", ""])
def test_labels_are_not_names(label: str) -> None:
    with pytest.raises(r53.InvalidInput, match=r"^no operation "):
        _registry.operation(label)


def test_unknown_operation_suggests_the_closest() -> None:
    with pytest.raises(r53.InvalidInput) as caught:
        _registry.operation("DisassociateVPCFromHostedZon")
    assert caught.value.message.startswith(
        "no operation 'DisassociateVPCFromHostedZon' (did you mean 'DisassociateVPCFromHostedZone'?); "
        "the operations are: associate, disassociate, "
    )
    with pytest.raises(r53.InvalidInput) as caught:
        _registry.operation("zzzz")
    assert caught.value.message.startswith("no operation 'zzzz'; the operations are: associate, ")


# -- results -------------------------------------------------------------------------------------


def zone(**changes: object) -> r53.HostedZone:
    fields: dict[str, object] = dict(
        id=ZONE, name="corp.example.com", owner=A, partition="aws", private=True, caller_reference="r",
        associations={"vpc-0000000b": "eu-west-1", "vpc-0000000a": "us-east-1"},
    )
    fields.update(changes)
    return r53.HostedZone(**fields)  # type: ignore[arg-type]


CHANGE = r53.ChangeInfo(id="C1", status="PENDING", submitted_at=T0, comment="hi")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (zone(), f"private zone corp.example.com. ({ZONE}), owner {A}, 2 VPCs: vpc-0000000a (us-east-1), "
                 "vpc-0000000b (eu-west-1)"),
        (zone(private=False, associations={}), f"public zone corp.example.com. ({ZONE}), owner {A}"),
        (zone(associations={}, vpc_limit=3), f"private zone corp.example.com. ({ZONE}), owner {A}, 0 VPCs, VPC limit 3"),
        (zone(owner=None, owning_service="servicediscovery.amazonaws.com", associations={"vpc-0000000a": "us-east-1"}),
         f"private zone corp.example.com. ({ZONE}), owned by service servicediscovery.amazonaws.com, "
         "1 VPC: vpc-0000000a (us-east-1)"),
        (CHANGE, "change C1: PENDING, submitted 2026-01-01T00:00:00.000Z, comment 'hi'"),
        (r53.ZoneCreated(zone=zone(associations={}, private=False), change=CHANGE),
         f"public zone corp.example.com. ({ZONE}), owner {A}; change C1: PENDING, submitted "
         "2026-01-01T00:00:00.000Z, comment 'hi'"),
        (r53.VPC(id="vpc-0000000a", region="us-east-1", owner=B),
         f"VPC vpc-0000000a in us-east-1, owner {B}, CIDR 10.0.0.0/16, DNS support on, DNS hostnames off"),
        (r53.Authorization(hosted_zone_id=ZONE, vpc_id="vpc-0000000a", vpc_region="us-east-1"),
         f"authorization: VPC vpc-0000000a (us-east-1) may be associated with zone {ZONE}"),
        (r53.AuthorizationPage(hosted_zone_id=ZONE, vpcs=(("vpc-0000000a", "us-east-1"),), next_token="t1"),
         f"zone {ZONE} authorizes 1 VPC: vpc-0000000a (us-east-1); more: next_token=t1"),
        (r53.ZonesByVpcPage(zones=(r53.ZoneSummary(hosted_zone_id=ZONE, name="corp.example.com.", owning_account=A,
                                                   owning_service=None),), max_items=100, next_token=None),
         f"1 zone: corp.example.com. ({ZONE}, owner {A})"),
        (r53.HostedZonePage(zones=(zone(), zone(private=False, associations={})), max_items="100", is_truncated=True,
                            marker=None, next_marker="Z2"),
         f"2 zones: corp.example.com. ({ZONE}, private), corp.example.com. ({ZONE}, public); more: next_marker=Z2"),
        (r53.RecordSetPage(record_sets=(r53.RecordSet(name="a.corp.example.com.", type="A", ttl=60,
                                                      values=("10.0.0.1", "10.0.0.2")),),
                           is_truncated=False, max_items="300", next_record_name=None, next_record_type=None),
         "1 record set: a.corp.example.com. 60 A 10.0.0.1 10.0.0.2"),
        (r53.Resolution(status=ResolveStatus.NOERROR, zone=ZONE,
                        answers=(r53.RecordSet(name="a.corp.example.com.", type="A", ttl=60, values=("10.0.0.1",)),),
                        notes=("answered by private zone corp.example.com.",)),
         f"NOERROR from zone {ZONE}: a.corp.example.com. 60 A 10.0.0.1 — answered by private zone corp.example.com."),
        (r53.VpcAttribute(vpc_id="vpc-0000000a", attribute="enableDnsHostnames", value=True),
         "vpc-0000000a: enableDnsHostnames = true"),
        (r53.HostedZoneLimit(type="MAX_VPCS_ASSOCIATED_BY_ZONE", value=300, count=2),
         "MAX_VPCS_ASSOCIATED_BY_ZONE: 2 used of 300"),
        (r53.ResourceTagSet(resource_type="hostedzone", resource_id=ZONE, tags=(("team", "dns"),)),
         f"hostedzone {ZONE}: team=dns"),
        (r53.ResourceTagSet(resource_type="hostedzone", resource_id=ZONE), f"hostedzone {ZONE}: no tags"),
        (r53.DnssecStatus(serve_signature="NOT_SIGNING"), "DNSSEC NOT_SIGNING, 0 key-signing keys"),
        (r53.Page(items=(r53.TagDescription(resource_id="vpc-0000000a", resource_type="vpc", key="k", value="v"),),
                  next_token=None),
         "1 item: vpc vpc-0000000a: k=v"),
        (T0, "the clock now reads 2026-01-01T00:00:00.000Z"),
        (("vpc-0000000a",), "1 item: vpc-0000000a"),
        (tuple(f"i-{n}" for n in range(10)), "10 items: i-0, i-1, i-2, i-3, i-4, i-5, i-6, i-7, … and 2 more"),
        (5, "5"),
        (A, A),
    ],
)
def test_results_in_words(value: object, text: str) -> None:
    assert describe_result(value) == text


def test_no_result_prints_a_repr(story: Story) -> None:
    world, _ = r53.create_authorization(story.world, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id,
                                        vpc_region="eu-west-1")
    for request in (
        r53.GetHostedZoneRequest(caller=A, hosted_zone_id=story.zone),
        r53.ListAuthorizationsRequest(caller=A, hosted_zone_id=story.zone),
        r53.ListHostedZonesByVpcRequest(caller=A, vpc_id=story.vpc_a.id, vpc_region="us-east-1"),
        r53.ListHostedZonesRequest(caller=A),
        r53.ListResourceRecordSetsRequest(caller=A, hosted_zone_id=story.zone),
        r53.DescribeVpcsRequest(caller=A, region="us-east-1"),
    ):
        trace = r53.explain(world, request)
        assert trace.ok, trace
        text = describe_result(trace.result)
        assert "(" not in text.split(" ", 1)[0] and "Map(" not in text and "=" not in text.split(":")[0], text


# -- layout --------------------------------------------------------------------------------------


def test_plural_and_wrap() -> None:
    assert plural(1, "step") == "1 step" and plural(3, "step") == "3 steps"
    words = "a " * 40 + "unbreakable-" * 10
    lines = wrap(words, 30, "  => ", "     ")
    assert " ".join(" ".join(lines).split()) == "=> " + " ".join(words.split())
    assert all(len(line) <= 30 for line in lines[:-1]) and lines[-1] == "     " + "unbreakable-" * 10
    assert wrap("x " * 50, None, "> ") == ["> " + "x " * 50]


def test_trace_render_fits_the_width_and_shows_each_confidence(story: Story) -> None:
    trace = r53.explain(story.world, r53.AssociateRequest(caller=B, hosted_zone_id=story.zone,
                                                          vpc_id=story.vpc_b.id, vpc_region="eu-west-1"))
    plain = trace.render()
    assert str(trace) == plain and "\n  => NotAuthorizedException (HTTP 401): " in plain
    for width in (120, 72, 50, 40, 20):
        text = trace.render(width=width)
        if width >= 40:  # wide enough for every rule id and word: no line is longer
            assert max(len(line) for line in text.splitlines()) <= width, text
        assert text.split() == plain.split()  # the same words, only the line breaks differ
    for step in trace.steps:
        assert f"[{step.rule.confidence}]" in plain
    coloured = trace.render(color=True, width=72)
    assert "\033[31;1mFAIL\033[0m" in coloured and "\033[31;1mNotAuthorizedException\033[0m" in coloured


def test_render_trace_takes_the_labels_it_is_given(story: Story) -> None:
    trace = r53.explain(story.world, r53.GetHostedZoneRequest(caller=A, hosted_zone_id=story.zone))
    text = render_trace(trace, ["<x>"] * len(trace.steps))
    assert text.count("<x>") == len(trace.steps) and "[inferred]" not in text

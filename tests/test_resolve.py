"""DNS resolution from a VPC (spec §S7): one example per rule, a property against an
independent reference written here from the spec, and the command and scenario op.

Expected statuses, codes and messages are written from the spec's text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc import errors, snapshot

from .test_cli import run

A = "111111111111"
B = "222222222222"
EAST = "us-east-1"

PRIVATE_NS = ("ns-1536.awsdns-00.co.uk.", "ns-0.awsdns-00.com.", "ns-1024.awsdns-00.org.", "ns-512.awsdns-00.net.")
PRIVATE_SOA = "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"


# -- building worlds -------------------------------------------------------------------


def new_vpc(w: r53.World, *, hostnames: bool = True, support: bool = True, owner: str = A) -> tuple[r53.World, str]:
    w, vpc = r53.create_vpc(w, owner=owner, region=EAST)
    if hostnames:
        w = r53.modify_vpc_attribute(w, caller=owner, vpc_id=vpc.id, attribute="enableDnsHostnames", value=True)
    if not support:
        w = r53.modify_vpc_attribute(w, caller=owner, vpc_id=vpc.id, attribute="enableDnsSupport", value=False)
    return w, vpc.id


def new_zone(w: r53.World, name: str, vpc: str | None = None, owner: str = A) -> tuple[r53.World, str]:
    w, made = r53.create_hosted_zone(
        w, caller=owner, name=name, caller_reference=f"ref-{name}-{vpc}-{w.sequence}",
        vpc_id=vpc, vpc_region=EAST if vpc else None,
    )
    return w, made.zone.id


def put(w: r53.World, zone: str, *sets: tuple[str, str, str], owner: str = A, ttl: int = 60) -> r53.World:
    """Create record sets ``(name, type, value)``."""
    changes = [
        r53.RecordChange(action="CREATE", name=name, type=kind, ttl=ttl, values=(value,)) for name, kind, value in sets
    ]
    return r53.change_resource_record_sets(w, caller=owner, hosted_zone_id=zone, changes=changes)[0]


def ask(w: r53.World, vpc: str, name: str, kind: str = "A") -> r53.Resolution:
    return r53.resolve(w, vpc_id=vpc, name=name, type=kind)


def shown(answer: r53.Resolution) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(record.name, record.type, record.values) for record in answer.answers]


@pytest.fixture
def corp() -> tuple[r53.World, str, str]:
    """A VPC with DNS support and hostnames on, and a private zone corp.example associated with it."""
    w, vpc = new_vpc(r53.World.empty())
    w, zone = new_zone(w, "corp.example", vpc)
    return w, vpc, zone


# -- RES-DNS-SUPPORT and RES-HOSTNAMES ----------------------------------------------------


def test_dns_support_off_no_resolver(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("app.corp.example", "A", "10.0.0.1"))
    # hostnames are on; turning support off is allowed (VA-HOSTNAMES-NEED-SUPPORT) and silences the resolver
    w = r53.modify_vpc_attribute(w, caller=A, vpc_id=vpc, attribute="enableDnsSupport", value=False)
    answer = ask(w, vpc, "app.corp.example")
    assert answer.status == r53.ResolveStatus.NO_RESOLVER and answer.status.value == "NO_RESOLVER"
    assert answer.zone is None and answer.answers == ()
    assert any("enableDnsSupport" in note for note in answer.notes)


def test_hostnames_off_consults_no_private_zone() -> None:
    w, vpc = new_vpc(r53.World.empty(), hostnames=False)  # a new VPC: support on, hostnames off
    assert w.vpcs[vpc].enable_dns_support and not w.vpcs[vpc].enable_dns_hostnames
    w, zone = new_zone(w, "corp.example", vpc)  # the association itself is allowed
    w = put(w, zone, ("app.corp.example", "A", "10.0.0.1"))
    answer = ask(w, vpc, "app.corp.example")
    assert answer.status == r53.ResolveStatus.FORWARDED_PUBLIC
    assert answer.zone is None and answer.answers == ()
    assert any("enableDnsHostnames" in note for note in answer.notes)


# -- RES-CANDIDATES, RES-MOST-SPECIFIC, RES-PRIVATE-OVER-PUBLIC, RES-NO-FALLBACK --------------


def test_most_specific_zone_wins() -> None:
    w, vpc = new_vpc(r53.World.empty())
    w, parent = new_zone(w, "example.com", vpc)
    w, child = new_zone(w, "accounting.example.com", vpc)
    w = put(w, parent, ("www.example.com", "A", "10.0.0.1"), ("seattle.accounting.example.com", "A", "10.0.0.9"))
    w = put(w, child, ("seattle.accounting.example.com", "A", "10.0.0.2"))
    answer = ask(w, vpc, "seattle.accounting.example.com")
    assert answer.status == r53.ResolveStatus.NOERROR and answer.zone == child
    assert shown(answer) == [("seattle.accounting.example.com.", "A", ("10.0.0.2",))]
    # a name only the parent zone covers
    assert ask(w, vpc, "www.example.com").zone == parent


def test_no_fallback_to_a_less_specific_zone() -> None:
    w, vpc = new_vpc(r53.World.empty())
    w, parent = new_zone(w, "example.com", vpc)
    w, child = new_zone(w, "accounting.example.com", vpc)
    w = put(w, parent, ("boston.accounting.example.com", "A", "10.0.0.9"))
    answer = ask(w, vpc, "boston.accounting.example.com")
    assert answer.status == r53.ResolveStatus.NXDOMAIN and answer.zone == child and answer.answers == ()


def test_shadowing_private_zone_makes_public_name_nxdomain() -> None:
    w, vpc = new_vpc(r53.World.empty())
    w, public = new_zone(w, "example.com")
    w = put(w, public, ("www.example.com", "A", "192.0.2.1"))
    assert ask(w, vpc, "www.example.com").status == r53.ResolveStatus.FORWARDED_PUBLIC
    w, private = new_zone(w, "example.com", vpc)
    answer = ask(w, vpc, "www.example.com")
    assert answer.status == r53.ResolveStatus.NXDOMAIN and answer.zone == private and answer.answers == ()


def test_no_private_zone_goes_public() -> None:
    w, vpc = new_vpc(r53.World.empty())
    w, other_vpc = new_vpc(w)
    w, _ = new_zone(w, "corp.example", other_vpc)  # associated with another VPC only
    w, _ = new_zone(w, "ample.com", vpc)  # not a parent of example.com on a label boundary
    for name in ("app.corp.example", "www.example.com", "example.com"):
        answer = ask(w, vpc, name)
        assert answer.status == r53.ResolveStatus.FORWARDED_PUBLIC, name
        assert answer.zone is None and answer.answers == ()


def test_candidates_any_owner_and_case_insensitive() -> None:
    w, vpc = new_vpc(r53.World.empty(), owner=B)
    w, first = new_vpc(w)
    w, zone = new_zone(w, "corp.example", first)  # A's zone
    w = put(w, zone, ("app.corp.example", "A", "10.0.0.1"))
    w, _ = r53.create_authorization(w, caller=A, hosted_zone_id=zone, vpc_id=vpc, vpc_region=EAST)
    w, _ = r53.associate(w, caller=B, hosted_zone_id=zone, vpc_id=vpc, vpc_region=EAST)
    answer = ask(w, vpc, "APP.Corp.Example.", "a")
    assert answer.status == r53.ResolveStatus.NOERROR and answer.zone == zone
    assert shown(answer) == [("app.corp.example.", "A", ("10.0.0.1",))]


def test_service_owned_zone_answers_too() -> None:
    w, vpc = new_vpc(r53.World.empty())
    w, zone = r53.create_service_zone(w, service="efs.amazonaws.com", name="efs.internal", vpc_id=vpc, vpc_region=EAST)
    answer = ask(w, vpc, "efs.internal", "SOA")
    assert answer.status == r53.ResolveStatus.NOERROR and answer.zone == zone.id


# -- RES-EXACT, RES-NODATA ---------------------------------------------------------------


def test_exact_values_and_ttl(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = r53.change_resource_record_sets(w, caller=A, hosted_zone_id=zone, changes=[
        r53.RecordChange(action="CREATE", name="app.corp.example", type="A", ttl=42, values=("10.0.0.2", "10.0.0.1"))
    ])[0]
    answer = ask(w, vpc, "app.corp.example")
    assert answer.status == r53.ResolveStatus.NOERROR
    assert [(r.name, r.type, r.ttl, r.values) for r in answer.answers] == [
        ("app.corp.example.", "A", 42, ("10.0.0.2", "10.0.0.1"))
    ]
    assert answer.values == ("10.0.0.2", "10.0.0.1")


def test_apex_soa_and_ns_answer_like_any_set(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, _ = corp
    ns = ask(w, vpc, "corp.example", "NS")
    assert ns.status == r53.ResolveStatus.NOERROR
    assert [(r.ttl, r.values) for r in ns.answers] == [(172800, PRIVATE_NS)]
    soa = ask(w, vpc, "corp.example", "SOA")
    assert [(r.ttl, r.values) for r in soa.answers] == [(900, (PRIVATE_SOA,))]


def test_nodata_for_another_type(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("app.corp.example", "A", "10.0.0.1"))
    answer = ask(w, vpc, "app.corp.example", "TXT")
    assert answer.status == r53.ResolveStatus.NODATA and answer.zone == zone and answer.answers == ()
    assert ask(w, vpc, "corp.example", "A").status == r53.ResolveStatus.NODATA  # the apex has SOA and NS


def test_nodata_for_an_empty_non_terminal(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("a.b.corp.example", "A", "10.0.0.1"), ("*.corp.example", "A", "10.9.9.9"))
    assert ask(w, vpc, "b.corp.example").status == r53.ResolveStatus.NODATA
    # a sibling that does not exist is answered by the wildcard, and a name below the ENT too
    assert ask(w, vpc, "c.corp.example").values == ("10.9.9.9",)
    assert ask(w, vpc, "x.b.corp.example").values == ("10.9.9.9",)


# -- RES-WILDCARD -------------------------------------------------------------------------


def test_wildcard_answers_any_depth_under_the_queried_name(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("*.corp.example", "A", "10.9.9.9"))
    for name in ("x.corp.example", "a.b.c.corp.example"):
        answer = ask(w, vpc, name)
        assert answer.status == r53.ResolveStatus.NOERROR and answer.zone == zone
        assert shown(answer) == [(name + ".", "A", ("10.9.9.9",))]
    # another type at the wildcard only: NODATA
    assert ask(w, vpc, "x.corp.example", "TXT").status == r53.ResolveStatus.NODATA


def test_wildcard_does_not_answer_its_own_parent(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("*.corp.example", "A", "10.9.9.9"), ("*.b.corp.example", "TXT", '"t"'))
    assert ask(w, vpc, "corp.example").status == r53.ResolveStatus.NODATA  # SOA/NS only, no A
    # b.corp.example has no sets of its own but *.b.corp.example below it: not the wildcard's A
    assert ask(w, vpc, "b.corp.example").status == r53.ResolveStatus.NODATA


def test_specific_name_wins_over_wildcard(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("*.corp.example", "A", "10.9.9.9"), ("www.corp.example", "TXT", '"here"'),
             ("api.corp.example", "A", "10.0.0.5"))
    assert ask(w, vpc, "api.corp.example").values == ("10.0.0.5",)
    assert ask(w, vpc, "www.corp.example").status == r53.ResolveStatus.NODATA  # exists, no A


def test_closest_wildcard_first_and_existing_ancestors_do_not_block(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("*.corp.example", "A", "10.9.9.9"), ("*.b.corp.example", "A", "10.8.8.8"),
             ("zenith.corp.example", "TXT", '"z"'))
    assert ask(w, vpc, "x.b.corp.example").values == ("10.8.8.8",)
    assert ask(w, vpc, "y.x.b.corp.example").values == ("10.8.8.8",)
    # the DG's reading (spec §S9 q9): *.corp.example answers below an existing zenith
    assert ask(w, vpc, "a.zenith.corp.example").values == ("10.9.9.9",)


# -- RES-CNAME -----------------------------------------------------------------------------


def test_cname_within_a_zone(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("www.corp.example", "CNAME", "app.corp.example"), ("app.corp.example", "A", "10.0.0.1"))
    answer = ask(w, vpc, "www.corp.example")
    assert answer.status == r53.ResolveStatus.NOERROR and answer.zone == zone
    assert shown(answer) == [
        ("www.corp.example.", "CNAME", ("app.corp.example",)),
        ("app.corp.example.", "A", ("10.0.0.1",)),
    ]
    # asking for the CNAME itself does not follow it
    assert shown(ask(w, vpc, "www.corp.example", "CNAME")) == [("www.corp.example.", "CNAME", ("app.corp.example",))]
    # the target without the type asked: NODATA, the CNAME still in the answer
    nodata = ask(w, vpc, "www.corp.example", "TXT")
    assert nodata.status == r53.ResolveStatus.NODATA and [r.type for r in nodata.answers] == ["CNAME"]


def test_cname_to_a_missing_name_is_nxdomain_with_the_cname(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("www.corp.example", "CNAME", "gone.corp.example"))
    answer = ask(w, vpc, "www.corp.example")
    assert answer.status == r53.ResolveStatus.NXDOMAIN and [r.type for r in answer.answers] == ["CNAME"]


def test_cname_into_another_associated_zone(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w, other = new_zone(w, "svc.internal", vpc)
    w = put(w, zone, ("db.corp.example", "CNAME", "primary.svc.internal."))
    w = put(w, other, ("primary.svc.internal", "A", "10.1.0.1"))
    answer = ask(w, vpc, "db.corp.example")
    assert answer.status == r53.ResolveStatus.NOERROR and answer.zone == zone  # the zone chosen for the name asked
    assert shown(answer) == [
        ("db.corp.example.", "CNAME", ("primary.svc.internal.",)),
        ("primary.svc.internal.", "A", ("10.1.0.1",)),
    ]
    assert any(other in note for note in answer.notes)


def test_cname_going_public(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("cdn.corp.example", "CNAME", "d111111abcdef8.cloudfront.net"))
    answer = ask(w, vpc, "cdn.corp.example")
    assert answer.status == r53.ResolveStatus.FORWARDED_PUBLIC and answer.zone == zone
    assert shown(answer) == [("cdn.corp.example.", "CNAME", ("d111111abcdef8.cloudfront.net",))]


def test_wildcard_cname(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("*.corp.example", "CNAME", "app.corp.example"), ("app.corp.example", "A", "10.0.0.1"))
    answer = ask(w, vpc, "x.corp.example")
    assert shown(answer) == [("x.corp.example.", "CNAME", ("app.corp.example",)), ("app.corp.example.", "A", ("10.0.0.1",))]


def test_cname_loop_is_servfail(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    w = put(w, zone, ("a.corp.example", "CNAME", "b.corp.example"), ("b.corp.example", "CNAME", "A.corp.example"),
             ("self.corp.example", "CNAME", "self.corp.example"))
    for name in ("a.corp.example", "self.corp.example"):
        answer = ask(w, vpc, name)
        assert answer.status == r53.ResolveStatus.SERVFAIL and answer.answers == () and answer.zone == zone


def test_cname_chain_of_eight_resolves_nine_is_servfail(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    assert r53.MAX_CNAME_CHAIN == 8
    chain = [(f"c{i}.corp.example", "CNAME", f"c{i + 1}.corp.example") for i in range(9)]
    w = put(w, zone, *chain, ("c9.corp.example", "A", "10.0.0.9"))
    eight = ask(w, vpc, "c1.corp.example")  # c1 → … → c9: eight CNAMEs
    assert eight.status == r53.ResolveStatus.NOERROR and len(eight.answers) == 9
    nine = ask(w, vpc, "c0.corp.example")  # nine CNAMEs
    assert nine.status == r53.ResolveStatus.SERVFAIL and nine.answers == ()


# -- RES-NO-DELEGATION, RES-STATE, RES-OUT-OF-SCOPE ----------------------------------------


def test_no_delegation_below_a_private_apex(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    with pytest.raises(errors.InvalidChangeBatch):  # REC-PRIVATE-NS: refused, so never followed
        put(w, zone, ("sub.corp.example", "NS", "ns1.elsewhere.example."))
    assert ask(w, vpc, "x.sub.corp.example").status == r53.ResolveStatus.NXDOMAIN


def test_pending_changes_are_read() -> None:
    w, vpc = new_vpc(r53.World.empty(propagation_seconds=60))
    w, zone = new_zone(w, "corp.example", vpc)
    w, info = r53.change_resource_record_sets(w, caller=A, hosted_zone_id=zone, changes=[
        r53.RecordChange(action="CREATE", name="new.corp.example", type="A", ttl=60, values=("10.0.0.3",))])
    assert info.status == r53.ChangeStatus.PENDING
    answer = ask(w, vpc, "new.corp.example")
    assert answer.values == ("10.0.0.3",)
    assert any("PENDING" in note for note in answer.notes)
    later = r53.advance(w, seconds=61)
    assert not any("PENDING" in note for note in ask(later, vpc, "new.corp.example").notes)


def test_disassociation_is_read_at_once(corp: tuple[r53.World, str, str]) -> None:
    w, _, zone = corp
    w, other = new_vpc(w)
    w, _ = r53.associate(w, caller=A, hosted_zone_id=zone, vpc_id=other, vpc_region=EAST)
    w = put(w, zone, ("app.corp.example", "A", "10.0.0.1"))
    assert ask(w, other, "app.corp.example").status == r53.ResolveStatus.NOERROR
    w, _ = r53.disassociate(w, caller=A, hosted_zone_id=zone, vpc_id=other, vpc_region=EAST)
    assert ask(w, other, "app.corp.example").status == r53.ResolveStatus.FORWARDED_PUBLIC


def test_out_of_scope_features_cannot_be_declared(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, zone = corp
    with pytest.raises(errors.NotModelled):  # non-simple routing never enters the world
        r53.change_resource_record_sets(w, caller=A, hosted_zone_id=zone, changes=[{
            "Action": "CREATE",
            "ResourceRecordSet": {"Name": "w.corp.example", "Type": "A", "SetIdentifier": "x", "Weight": 1,
                                  "TTL": 60, "ResourceRecords": [{"Value": "10.0.0.1"}]}}])
    trace = r53.explain(w, r53.ResolveRequest(vpc_id=vpc, name="corp.example", type="SOA"))
    step = next(s for s in trace.steps if s.rule.id == "resolve.out-of-scope")
    assert step.verdict == r53.Verdict.PASSED and step.rule.errors == ()


# -- input, the VPC, the table, the trace -------------------------------------------------


def refused(w: r53.World, **request: Any) -> errors.Route53Error:
    with pytest.raises(errors.Route53Error) as info:
        r53.resolve(w, **{"vpc_id": "vpc-0000dead", "name": "example.com", "type": "A", **request})
    return info.value


def test_unknown_and_malformed_vpc(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, _ = corp
    error = refused(w, vpc_id="vpc-0000dead")
    assert (error.code, error.http_status, error.message) == (
        "InvalidVpcID.NotFound", 400, "The vpc ID 'vpc-0000dead' does not exist")
    error = refused(w, vpc_id="vpc-XYZ")
    assert (error.code, error.message) == ("InvalidVpcID.Malformed", 'Invalid id: "vpc-XYZ" (expecting "vpc-...")')
    deleted, _ = r53.delete_vpc(w, caller=A, vpc_id=vpc)
    assert refused(deleted, vpc_id=vpc).code == "InvalidVpcID.NotFound"


@pytest.mark.parametrize(
    ("member", "fragment"),
    [
        ({"name": "a..example.com"}, "Value 'a..example.com' at 'name' failed to satisfy constraint"),
        ({"name": "x" * 64 + ".example.com"}, "DomainLabelTooLong"),
        ({"name": 5}, "name"),
        ({"type": "ANY"}, "Value 'ANY' at 'type' failed to satisfy constraint: Member must satisfy enum value set"),
        ({"vpc_id": ""}, "vpc_id"),
    ],
)
def test_bad_input(corp: tuple[r53.World, str, str], member: dict[str, Any], fragment: str) -> None:
    w, vpc, _ = corp
    error = refused(w, **{"vpc_id": vpc, **member})
    assert error.code == "InvalidInput" and error.http_status == 400
    assert error.message.startswith("1 validation error detected: ") and fragment in error.message


def test_the_table_names_the_spec_rules() -> None:
    op = r53.operation("resolve")
    assert op is r53.RESOLVE and r53.ResolveRequest in {o.request_type for o in r53.OPERATIONS}
    ids = [rule.id for rule in op.rules]
    assert ids == [
        "resolve.input", "resolve.vpc-exists", "resolve.out-of-scope", "resolve.dns-support",
        "resolve.hostnames", "resolve.candidates", "resolve.most-specific", "resolve.private-over-public",
        "resolve.exact", "resolve.cname", "resolve.nodata", "resolve.wildcard", "resolve.no-fallback",
        "resolve.no-delegation", "resolve.state",
    ]
    spec_ids = {
        "resolve.out-of-scope": "RES-OUT-OF-SCOPE", "resolve.dns-support": "RES-DNS-SUPPORT",
        "resolve.hostnames": "RES-HOSTNAMES", "resolve.candidates": "RES-CANDIDATES",
        "resolve.most-specific": "RES-MOST-SPECIFIC", "resolve.private-over-public": "RES-PRIVATE-OVER-PUBLIC",
        "resolve.exact": "RES-EXACT", "resolve.cname": "RES-CNAME", "resolve.nodata": "RES-NODATA",
        "resolve.wildcard": "RES-WILDCARD", "resolve.no-fallback": "RES-NO-FALLBACK",
        "resolve.no-delegation": "RES-NO-DELEGATION", "resolve.state": "RES-STATE",
    }
    confidence = {rule.id: rule.confidence.value for rule in op.rules}
    for rule_id, spec_id in spec_ids.items():
        assert spec_id in next(r.source for r in op.rules if r.id == rule_id)
    # the spec's confidence per rule
    assert {k: confidence[k] for k in ("resolve.dns-support", "resolve.candidates", "resolve.most-specific",
                                       "resolve.private-over-public", "resolve.no-fallback", "resolve.exact",
                                       "resolve.wildcard", "resolve.no-delegation")} == dict.fromkeys(
        ("resolve.dns-support", "resolve.candidates", "resolve.most-specific", "resolve.private-over-public",
         "resolve.no-fallback", "resolve.exact", "resolve.wildcard", "resolve.no-delegation"), "documented")
    assert confidence["resolve.nodata"] == confidence["resolve.cname"] == confidence["resolve.state"] == "inferred"


def test_explain_shows_candidates_choice_and_confidence() -> None:
    w, vpc = new_vpc(r53.World.empty())
    w, parent = new_zone(w, "example.com", vpc)
    w, child = new_zone(w, "accounting.example.com", vpc)
    trace = r53.explain(w, r53.ResolveRequest(vpc_id=vpc, name="www.accounting.example.com", type="A"))
    assert trace.ok and trace.world is w
    reasons = {step.rule.id: step.reason for step in trace.steps}
    assert parent in reasons["resolve.candidates"] and child in reasons["resolve.candidates"]
    assert child in reasons["resolve.most-specific"] and "most labels" in reasons["resolve.most-specific"]
    assert "NXDOMAIN" in reasons["resolve.no-fallback"]
    text = trace.render()
    assert "[documented]" in text and "[inferred]" in text and "NXDOMAIN" in text
    assert all(step.verdict == r53.Verdict.PASSED for step in trace.steps)


def test_resolve_changes_nothing(corp: tuple[r53.World, str, str]) -> None:
    w, vpc, _ = corp
    assert r53.RESOLVE.run(w, r53.ResolveRequest(vpc_id=vpc, name="corp.example", type="NS"))[0] is w


# -- the property: agreement with an independent reference ------------------------------------

# The reference, written from §S7 with plain dicts: names without the trailing dot, lower case.

REF_NS = list(PRIVATE_NS)


def ref_resolve(vpcs: dict[str, dict[str, Any]], zones: list[dict[str, Any]], vpc: str, name: str, kind: str
                ) -> tuple[str, str | None, list[tuple[str, str, int, list[str]]]]:
    if not vpcs[vpc]["support"]:
        return "NO_RESOLVER", None, []
    if not vpcs[vpc]["hostnames"]:
        return "FORWARDED_PUBLIC", None, []
    answers: list[tuple[str, str, int, list[str]]] = []
    seen = {name}
    first: str | None = None
    followed = 0
    while True:
        cands = [z for z in zones if vpc in z["vpcs"] and (name == z["name"] or name.endswith("." + z["name"]))]
        if not cands:
            return "FORWARDED_PUBLIC", first, answers
        zone = max(cands, key=lambda z: z["name"].count("."))
        first = first or zone["id"]
        records: dict[str, dict[str, tuple[int, list[str]]]] = {
            zone["name"]: {"NS": (172800, REF_NS), "SOA": (900, [PRIVATE_SOA])}
        }
        for (rname, rtype), ttl_values in zone["records"].items():
            records.setdefault(rname, {})[rtype] = ttl_values
        sets = records.get(name)
        if sets is None and not any(other.endswith("." + name) for other in records):
            labels = name.split(".")
            for i in range(1, len(labels) - zone["name"].count(".")):
                wildcard = "*." + ".".join(labels[i:])
                if wildcard in records:
                    sets = records[wildcard]
                    break
            else:
                return "NXDOMAIN", first, answers
        if sets is None:
            return "NODATA", first, answers  # an empty non-terminal
        if kind in sets:
            ttl, values = sets[kind]
            answers.append((name, kind, ttl, list(values)))
            return "NOERROR", first, answers
        if "CNAME" not in sets:
            return "NODATA", first, answers
        ttl, values = sets["CNAME"]
        answers.append((name, "CNAME", ttl, list(values)))
        followed += 1
        target = values[0].lower().rstrip(".")
        if target in seen or followed > 8:
            return "SERVFAIL", first, []
        seen.add(target)
        name = target


ZONE_NAMES = ["ex.com", "b.ex.com", "a.b.ex.com", "ex.org"]
PREFIXES = ["", "a.", "b.", "c.", "a.b.", "b.a.", "*.", "*.a.", "*.b."]
TARGETS = ["ex.com", "a.ex.com", "b.ex.com", "c.b.ex.com", "a.b.ex.com", "x.a.b.ex.com", "ex.org", "a.ex.org",
           "out.net", "c.ex.com"]
QUERIES = [*TARGETS, "a.a.b.ex.com", "b.a.ex.com", "z.b.a.ex.com", "zz.ex.org", "www.out.net"]


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    vpc_attrs = [draw(st.sampled_from([(True, True), (True, True), (True, False), (False, True)])) for _ in range(2)]
    zones = []
    for _ in range(draw(st.integers(1, 4))):
        zname = draw(st.sampled_from(ZONE_NAMES))
        vpcs = draw(st.sets(st.sampled_from([0, 1]), min_size=1))
        names: dict[str, Any] = {}
        for prefix in draw(st.lists(st.sampled_from(PREFIXES[1:]), max_size=5, unique=True)):
            rname = prefix + zname
            if draw(st.booleans()) and draw(st.booleans()):
                names[rname] = ("CNAME", draw(st.sampled_from(TARGETS)))
            else:
                names[rname] = tuple(sorted(draw(st.sets(st.sampled_from(["A", "TXT"]), min_size=1))))
        zones.append({"name": zname, "vpcs": vpcs, "names": names})
    public = draw(st.sampled_from([None, *ZONE_NAMES]))
    return {"vpc_attrs": vpc_attrs, "zones": zones, "public": public}


def build(spec: dict[str, Any]) -> tuple[r53.World, list[str], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The library's world from *spec*, and the reference's plain dicts for it."""
    w = r53.World.empty()
    vpc_ids: list[str] = []
    ref_vpcs: dict[str, dict[str, Any]] = {}
    for support, hostnames in spec["vpc_attrs"]:
        w, vpc = new_vpc(w, hostnames=hostnames, support=support)
        vpc_ids.append(vpc)
        ref_vpcs[vpc] = {"support": support, "hostnames": hostnames}
    taken: set[tuple[int, str]] = set()
    ref_zones: list[dict[str, Any]] = []
    for index, z in enumerate(spec["zones"]):
        vpcs = sorted(v for v in z["vpcs"] if (v, z["name"]) not in taken)  # ConflictingDomainExists otherwise
        if not vpcs:
            continue
        taken |= {(v, z["name"]) for v in vpcs}
        w, made = r53.create_hosted_zone(w, caller=A, name=z["name"], caller_reference=f"z{index}",
                                         vpc_id=vpc_ids[vpcs[0]], vpc_region=EAST)
        zone_id = made.zone.id
        for v in vpcs[1:]:
            w, _ = r53.associate(w, caller=A, hosted_zone_id=zone_id, vpc_id=vpc_ids[v], vpc_region=EAST)
        changes = []
        records: dict[tuple[str, str], tuple[int, list[str]]] = {}
        for rname, content in z["names"].items():
            if content[0] == "CNAME":
                changes.append(r53.RecordChange(action="CREATE", name=rname, type="CNAME", ttl=30, values=(content[1],)))
                records[(rname, "CNAME")] = (30, [content[1]])
            else:
                for kind in content:
                    value = "10.0.0.1" if kind == "A" else f'"{rname}"'
                    changes.append(r53.RecordChange(action="CREATE", name=rname, type=kind, ttl=60, values=(value,)))
                    records[(rname, kind)] = (60, [value])
        if changes:
            w = r53.change_resource_record_sets(w, caller=A, hosted_zone_id=zone_id, changes=changes)[0]
        ref_zones.append({"id": zone_id, "name": z["name"], "vpcs": {vpc_ids[v] for v in vpcs}, "records": records})
    if spec["public"] is not None:  # a public zone of some name, holding the names the queries ask
        w, _ = r53.create_hosted_zone(w, caller=A, name=spec["public"], caller_reference="public")
    return w, vpc_ids, ref_vpcs, ref_zones


@given(worlds(), st.lists(st.tuples(st.integers(0, 1), st.sampled_from(QUERIES),
                                    st.sampled_from(["A", "TXT", "CNAME", "NS", "SOA", "MX"])), min_size=1, max_size=8))
def test_resolution_agrees_with_the_reference(spec: dict[str, Any], queries: list[tuple[int, str, str]]) -> None:
    w, vpc_ids, ref_vpcs, ref_zones = build(spec)
    for vpc_index, name, kind in queries:
        vpc = vpc_ids[vpc_index]
        got = ask(w, vpc, name, kind)
        status, zone, answers = ref_resolve(ref_vpcs, ref_zones, vpc, name, kind)
        assert (got.status.value, got.zone) == (status, zone), (name, kind, got)
        assert [(r.name.rstrip("."), r.type, r.ttl, list(r.values)) for r in got.answers] == answers, (name, kind)


# -- the command and the scenario op -------------------------------------------------------------

SCENARIO = """
[accounts]
alice = { id = "111111111111" }

[[vpcs]]
name = "v"
owner = "alice"
region = "us-east-1"

[[zones]]
name = "public"
domain = "example.com"
owner = "alice"

[[steps]]
op = "modify-vpc-attribute"
caller = "alice"
vpc = "v"
attributes = { enableDnsHostnames = true }
expect = "ok"

[[steps]]
op = "change-resource-record-sets"
caller = "alice"
zone = "public"
changes = [{ Action = "CREATE", ResourceRecordSet = { Name = "www.example.com", Type = "A", TTL = 300, ResourceRecords = ["192.0.2.1"] } }]
expect = "ok"

[[steps]]
op = "resolve"
vpc = "v"
name = "www.example.com"
type = "A"
expect = "FORWARDED_PUBLIC"

[[steps]]
op = "create-hosted-zone"
as = "private"
caller = "alice"
name = "example.com"
caller_reference = "p"
vpc = "v"
expect = "ok"

[[steps]]
op = "change-resource-record-sets"
caller = "alice"
zone = "private"
changes = [{ Action = "CREATE", ResourceRecordSet = { Name = "app.example.com", Type = "A", TTL = 60, ResourceRecords = ["10.0.0.1", "10.0.0.2"] } }]
expect = "ok"

[[steps]]
op = "resolve"
vpc = "v"
name = "app.example.com"
type = "A"
expect = "NOERROR"
answers = ["10.0.0.1", "10.0.0.2"]
"""


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "dns.toml"
    path.write_text(SCENARIO)
    return path


def test_scenario_resolve_steps_meet_their_expectations(scenario_file: Path) -> None:
    result = run("explain", str(scenario_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 of 6 steps as expected" in result.stdout
    assert "=> OK: FORWARDED_PUBLIC" in result.stdout and "=> OK: NOERROR from zone" in result.stdout


def test_scenario_resolve_unmet_answers(tmp_path: Path) -> None:
    path = tmp_path / "wrong.toml"
    path.write_text(SCENARIO.replace('answers = ["10.0.0.1", "10.0.0.2"]', 'answers = ["10.0.0.1"]')
                    .replace('expect = "FORWARDED_PUBLIC"', 'expect = "NXDOMAIN"'))
    result = run("explain", str(path), "--width", "0")
    assert result.returncode == 1
    assert "expected: NOERROR [10.0.0.1]" in result.stdout and "got:      NOERROR [10.0.0.1, 10.0.0.2]" in result.stdout
    assert "expected: NXDOMAIN" in result.stdout and "got:      FORWARDED_PUBLIC" in result.stdout
    assert "4 of 6 steps as expected; 2 steps did not meet their expectation: step 3 (line 29), step 6 (line 52)" in result.stdout


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ('op = "advance"\nseconds = 1\nexpect = "ok"\nanswers = ["x"]', "step 1 (line 7): answers: only a resolve step"),
        ('op = "resolve"\nvpc = "v"\nname = "a.example"\ntype = "A"\nanswers = ["x"]', "give the expected status"),
        ('op = "resolve"\nvpc = "v"\nname = "a.example"\ntype = "A"\nexpect = "NOERROR"\nanswers = "x"',
         "step 1 (line 7): answers: expected a list of values"),
        ('op = "resolve"\nvpc = "nope"\nname = "a.example"\ntype = "A"', "step 1 (line 7): vpc: no VPC named 'nope'"),
    ],
)
def test_scenario_resolve_bad_steps(tmp_path: Path, step: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[accounts]\nalice = { id = "111111111111" }\n[[vpcs]]\nname = "v"\nowner = "alice"\n'
                    'region = "us-east-1"\n[[steps]]\n' + step + "\n")
    result = run("explain", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def test_command_resolve_shadowing(scenario_file: Path) -> None:
    result = run("resolve", str(scenario_file), "--vpc", "v", "--name", "www.example.com", "--type", "A")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "status: NXDOMAIN" in out and "(example.com.)" in out
    assert "resolve.most-specific" in out and "[documented]" in out and "[inferred]" in out
    assert "does not exist in private zone example.com." in out


def test_command_resolve_answer_section_and_default_type(scenario_file: Path) -> None:
    result = run("resolve", str(scenario_file), "--vpc", "v", "--name", "APP.example.com")
    assert result.returncode == 0, result.stderr
    assert "status: NOERROR" in result.stdout
    out = result.stdout.splitlines()
    section = out[out.index("answer:") + 1 : out.index("notes:")]
    lines = [line.split() for line in section]
    assert lines == [["app.example.com.", "60", "A", "10.0.0.1"], ["app.example.com.", "60", "A", "10.0.0.2"]]


def test_command_resolve_json(scenario_file: Path) -> None:
    result = run("resolve", str(scenario_file), "--vpc", "v", "--name", "app.example.com", "--type", "TXT", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["operation"] == "resolve" and data["outcome"]["ok"] is True
    assert data["outcome"]["result"]["status"] == "NODATA"
    assert [r["id"] for r in data["rules"]][:3] == ["resolve.input", "resolve.vpc-exists", "resolve.out-of-scope"]


def test_command_resolve_from_a_snapshot(tmp_path: Path) -> None:
    w, vpc = new_vpc(r53.World.empty(), support=False)
    w, _ = new_zone(w, "corp.example", vpc)
    path = tmp_path / "world.json"
    path.write_text(snapshot.to_json(w))
    result = run("resolve", str(path), "--vpc", vpc, "--name", "corp.example", "--type", "SOA")
    assert result.returncode == 0, result.stderr
    assert "status: NO_RESOLVER" in result.stdout and "enableDnsSupport" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vpc", "vpc-0000dead"], "InvalidVpcID.NotFound: The vpc ID 'vpc-0000dead' does not exist"),
        (["--vpc", "nope"], "no VPC named 'nope'"),
        (["--vpc", "v", "--type", "ANY"], "InvalidInput"),
    ],
)
def test_command_resolve_bad_queries(scenario_file: Path, args: list[str], message: str) -> None:
    result = run("resolve", str(scenario_file), "--name", "www.example.com", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def test_command_resolve_help() -> None:
    result = run("resolve", "--help")
    assert result.returncode == 0 and "usage: route53-assoc resolve" in result.stdout


def test_tour_has_the_dns_chapter() -> None:
    result = run("tour")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    for status in ("FORWARDED_PUBLIC", "NXDOMAIN", "NOERROR", "NO_RESOLVER"):
        assert f"=> OK: {status}" in out
    assert "shadows the public one" in out and "enableDnsHostnames" in out


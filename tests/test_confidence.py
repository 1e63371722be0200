"""Confidence belongs to each outcome of a rule (holding, or each refusal), not to the rule.

Every expected label below is read from the spec's own words, quoted next to the test
(rules.md and surface.md); none is copied from the library's output.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc import Confidence, Verdict
from route53_assoc._catalogue import render_markdown, render_text
from route53_assoc._rules import Outcome, Rule, holds, refuses
from route53_assoc.errors import AccessDenied, InvalidVPCId, Route53Error
from route53_assoc.testing import requests, worlds

DOCUMENTED = Confidence.DOCUMENTED
OBSERVED = Confidence.OBSERVED
INFERRED = Confidence.INFERRED

ALICE, BOB, CAROL, CHEN = "111111111111", "222222222222", "333333333333", "444444444444"


@pytest.fixture
def world() -> Any:
    """Alice's private zone on her VPC; Bob's and Carol's VPCs; Chen's VPC in aws-cn."""
    w = r53.World.empty()
    w, alice = r53.create_vpc(w, owner=ALICE, region="us-east-1")
    w, alice2 = r53.create_vpc(w, owner=ALICE, region="us-west-2")
    w, bob = r53.create_vpc(w, owner=BOB, region="eu-west-1")
    w, carol = r53.create_vpc(w, owner=CAROL, region="us-east-2")
    w, chen = r53.create_vpc(w, owner=CHEN, region="cn-north-1")
    w, made = r53.create_hosted_zone(
        w, caller=ALICE, name="corp.example.com", caller_reference="c", vpc_id=alice.id, vpc_region="us-east-1"
    )
    w, _ = r53.associate(w, caller=ALICE, hosted_zone_id=made.zone.id, vpc_id=alice2.id, vpc_region="us-west-2")
    return {"w": w, "zone": made.zone.id, "alice": alice, "bob": bob, "carol": carol, "chen": chen}


def step_of(trace: r53.Trace, rule_id: str) -> r53.Step:
    return next(step for step in trace.steps if step.rule.id == rule_id)


def failed(trace: r53.Trace) -> r53.Step:
    (step,) = [step for step in trace.steps if step.verdict is Verdict.FAILED]
    return step


def associate(s: Any, caller: str, vpc: Any, region: str | None = None) -> r53.Trace:
    return r53.explain(
        s["w"],
        r53.AssociateRequest(caller=caller, hosted_zone_id=s["zone"], vpc_id=vpc.id, vpc_region=region or vpc.region),
    )


# -- the cases the issue names ---------------------------------------------------------


class TestSamePartition:
    """rules.md §3.5: "Same partition as the zone — InvalidVPCId 400 (documented rule,
    inferred code and message)." """

    def test_the_refusal_is_inferred(self, world: Any) -> None:
        trace = associate(world, ALICE, world["chen"])
        step = failed(trace)
        assert step.rule.id == "associate.same-partition"
        assert type(trace.error) is InvalidVPCId
        assert step.outcome is not None
        assert (step.outcome.code, step.outcome.message) == (INFERRED, INFERRED)
        assert step.confidence is INFERRED
        # the rule itself is documented: its holding outcome says so
        assert step.rule.holding.confidence is DOCUMENTED

    def test_explain_prints_inferred_on_the_refusing_line(self, world: Any) -> None:
        line = next(line for line in associate(world, ALICE, world["chen"]).render().splitlines()
                    if "associate.same-partition" in line)
        assert "FAIL" in line and "[inferred]" in line and "[documented]" not in line

    def test_a_passing_request_shows_the_documented_rule(self, world: Any) -> None:
        step = step_of(associate(world, BOB, world["bob"]), "associate.same-partition")
        assert step.verdict is Verdict.PASSED and step.confidence is DOCUMENTED


class TestDisassociateServiceOwned:
    """rules.md §4: "service-owned zone (OwningService): accounts may not disassociate
    (documented rule; inferred code AccessDenied 403)"; "caller is zone owner or VPC owner
    (else InvalidVPCId, inferred)"; "Either the zone owner or the VPC owner may call
    (documented)". """

    def test_access_denied_is_inferred(self) -> None:
        w, vpc = r53.create_vpc(r53.World.empty(), owner=ALICE, region="us-east-1")
        w, zone = r53.create_service_zone(w, service="efs.amazonaws.com", name="efs.internal",
                                          vpc_id=vpc.id, vpc_region="us-east-1")
        trace = r53.explain(w, r53.DisassociateRequest(caller=ALICE, hosted_zone_id=zone.id, vpc_id=vpc.id))
        step = failed(trace)
        assert step.rule.id == "disassociate.not-service-owned" and trace.error is not None
        assert (trace.error.code, trace.error.http_status) == ("AccessDenied", 403)
        assert step.outcome is not None and (step.outcome.code, step.outcome.message) == (INFERRED, INFERRED)
        assert step.confidence is INFERRED
        assert step.rule.holding.confidence is DOCUMENTED
        assert "[inferred]" in next(line for line in trace.render().splitlines() if "not-service-owned" in line)
        # the caller owns the VPC: that rule held, documented
        assert step_of(trace, "disassociate.caller-may").confidence is DOCUMENTED

    def test_neither_owner_is_inferred(self, world: Any) -> None:
        trace = r53.explain(world["w"], r53.DisassociateRequest(
            caller=CAROL, hosted_zone_id=world["zone"], vpc_id=world["alice"].id))
        step = failed(trace)
        assert step.rule.id == "disassociate.caller-may" and type(trace.error) is InvalidVPCId
        assert step.confidence is INFERRED


class TestCallerAuthorizedBranches:
    """rules.md §3.6 "Caller may associate (documented flow; observed messages)":
    - the VPC's owner without an authorization: NotAuthorizedException 401 "(model text;
      the live text for this case is not public)" — code documented, message inferred;
    - the zone's owner, not the VPC's: NotAuthorizedException 401 "(observed)";
    - owns neither: InvalidVPCId 400 "(inferred)"."""

    def test_vpc_owner_without_authorization(self, world: Any) -> None:
        trace = associate(world, BOB, world["bob"])
        step = failed(trace)
        assert step.rule.id == "associate.caller-authorized" and trace.error is not None
        assert (trace.error.code, trace.error.http_status) == ("NotAuthorizedException", 401)
        assert step.outcome is not None
        assert (step.outcome.code, step.outcome.message) == (DOCUMENTED, INFERRED)
        assert step.confidence is INFERRED  # the weaker of the two
        assert step.outcome.label == "code documented, message inferred"

    def test_zone_owner_naming_another_accounts_vpc(self, world: Any) -> None:
        w, _ = r53.create_authorization(world["w"], caller=ALICE, hosted_zone_id=world["zone"],
                                        vpc_id=world["bob"].id, vpc_region="eu-west-1")
        trace = associate({**world, "w": w}, ALICE, world["bob"])  # even with an authorization
        step = failed(trace)
        assert step.rule.id == "associate.caller-authorized"
        assert trace.error is not None and trace.error.code == "NotAuthorizedException"
        assert step.outcome is not None and (step.outcome.code, step.outcome.message) == (OBSERVED, OBSERVED)
        assert "[observed]" in next(line for line in trace.render().splitlines() if "FAIL" in line)

    def test_owner_of_neither(self, world: Any) -> None:
        trace = associate(world, CAROL, world["bob"])
        step = failed(trace)
        assert step.rule.id == "associate.caller-authorized" and type(trace.error) is InvalidVPCId
        assert step.confidence is INFERRED
        assert "[inferred]" in next(line for line in trace.render().splitlines() if "FAIL" in line)

    def test_the_flow_itself_is_documented(self, world: Any) -> None:
        w, _ = r53.create_authorization(world["w"], caller=ALICE, hosted_zone_id=world["zone"],
                                        vpc_id=world["bob"].id, vpc_region="eu-west-1")
        step = step_of(associate({**world, "w": w}, BOB, world["bob"]), "associate.caller-authorized")
        assert step.verdict is Verdict.PASSED and step.confidence is DOCUMENTED


class TestAuthorizationCallers:
    """rules.md §5: "CreateVPCAssociationAuthorization — zone owner only (others:
    AccessDenied 403, inferred)"; DeleteVPCAssociationAuthorization "zone owner only" (the
    API Reference: "You must use the account that created the hosted zone");
    ListVPCAssociationAuthorizations "zone owner only" — the spec gives no label, so inferred."""

    @pytest.mark.parametrize("kind", ["create", "delete", "list"])
    def test_another_account_is_refused_with_an_inferred_error(self, world: Any, kind: str) -> None:
        request: object
        if kind == "list":
            request = r53.ListAuthorizationsRequest(caller=BOB, hosted_zone_id=world["zone"])
        else:
            cls = r53.CreateAuthorizationRequest if kind == "create" else r53.DeleteAuthorizationRequest
            request = cls(caller=BOB, hosted_zone_id=world["zone"], vpc_id=world["bob"].id, vpc_region="eu-west-1")
        trace = r53.explain(world["w"], request)
        step = failed(trace)
        assert step.rule.id == f"{kind}-authorization{'s' if kind == 'list' else ''}.caller-owns-zone"
        assert type(trace.error) is AccessDenied and trace.error.http_status == 403
        assert step.outcome is not None and (step.outcome.code, step.outcome.message) == (INFERRED, INFERRED)
        assert "[inferred]" in next(line for line in trace.render().splitlines() if "FAIL" in line)

    @pytest.mark.parametrize(("kind", "label"), [("create", DOCUMENTED), ("delete", DOCUMENTED)])
    def test_the_zone_owner_passes_with_the_documented_rule(self, world: Any, kind: str, label: Confidence) -> None:
        cls = r53.CreateAuthorizationRequest if kind == "create" else r53.DeleteAuthorizationRequest
        request = cls(caller=ALICE, hosted_zone_id=world["zone"], vpc_id=world["bob"].id, vpc_region="eu-west-1")
        step = step_of(r53.explain(world["w"], request), f"{kind}-authorization.caller-owns-zone")
        assert step.verdict is Verdict.PASSED and step.confidence is label

    def test_listing_by_the_owner_is_inferred(self, world: Any) -> None:
        step = step_of(r53.explain(world["w"], r53.ListAuthorizationsRequest(caller=ALICE, hosted_zone_id=world["zone"])),
                       "list-authorizations.caller-owns-zone")
        assert step.verdict is Verdict.PASSED and step.confidence is INFERRED


# -- more branches the spec tells apart ------------------------------------------------


def test_a_zone_of_another_partition_is_an_inferred_no_such_hosted_zone(world: Any) -> None:
    """rules.md §3.2: "`No hosted zone found with ID: {zone_id}` (observed). Zones of another
    partition are invisible (each partition has its own endpoint; inferred)." """
    other = associate(world, CHEN, world["chen"])
    unknown = r53.explain(world["w"], r53.AssociateRequest(
        caller=ALICE, hosted_zone_id="ZNOSUCHZONE123", vpc_id=world["alice"].id, vpc_region="us-east-1"))
    assert failed(other).rule.id == failed(unknown).rule.id == "associate.zone-exists"
    assert other.error is not None and unknown.error is not None
    assert other.error.code == unknown.error.code == "NoSuchHostedZone"
    assert failed(other).confidence is INFERRED
    assert failed(unknown).confidence is OBSERVED


def test_a_long_zone_id_alone_is_observed_other_input_problems_inferred(world: Any) -> None:
    """rules.md §2: the zone id over 32 characters (observed); a VPCRegion outside the enum
    "InvalidInput (inferred code)"."""
    long_id = r53.explain(world["w"], r53.AssociateRequest(
        caller=ALICE, hosted_zone_id="Z" * 33, vpc_id=world["alice"].id, vpc_region="us-east-1"))
    bad_region = r53.explain(world["w"], r53.AssociateRequest(
        caller=ALICE, hosted_zone_id=world["zone"], vpc_id=world["alice"].id, vpc_region="mars-1"))
    assert failed(long_id).rule.id == failed(bad_region).rule.id == "associate.input"
    assert failed(long_id).confidence is OBSERVED
    assert failed(bad_region).confidence is INFERRED


def test_record_change_messages_observed_or_inferred(world: Any) -> None:
    """surface.md REC-CREATE-EXISTS (observed); REC-CNAME-ONE: "documented (rule ...);
    message inferred"."""

    def change(w: r53.World, kind: str, values: list[str]) -> r53.Trace:
        return r53.explain(w, r53.ChangeResourceRecordSetsRequest(
            caller=ALICE, hosted_zone_id=world["zone"], changes=({
                "Action": "CREATE",
                "ResourceRecordSet": {"Name": "www.corp.example.com", "Type": kind, "TTL": 60,
                                      "ResourceRecords": [{"Value": v} for v in values]},
            },)))

    w, _ = r53.apply(world["w"], change(world["w"], "A", ["10.0.0.1"]).request)
    again = change(w, "A", ["10.0.0.1"])
    two_cname_values = change(world["w"], "CNAME", ["a.example.com", "b.example.com"])
    assert failed(again).rule.id == failed(two_cname_values).rule.id == "change-resource-record-sets.changes-valid"
    assert failed(again).confidence is OBSERVED
    assert failed(two_cname_values).confidence is INFERRED


# -- every rule, every outcome -----------------------------------------------------------


ALL_RULES = [rule for op in r53.OPERATIONS for rule in op.rules]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[rule.id for rule in ALL_RULES])
def test_every_outcome_has_a_confidence_and_every_error_an_outcome(rule: Rule) -> None:
    assert rule.outcomes[0].error is None  # holding comes first
    assert [o for o in rule.outcomes if o.error is None] == [rule.holding]
    for outcome in rule.outcomes:
        assert isinstance(outcome, Outcome)
        assert isinstance(outcome.code, Confidence) and isinstance(outcome.message, Confidence)
        assert outcome.confidence in (outcome.code, outcome.message)
    declared = {o.error for o in rule.refusals}
    assert declared == set(rule.errors), "each error class the rule declares has an outcome, and only those"
    keys = [(o.error, o.branch) for o in rule.refusals]
    assert len(keys) == len(set(keys)), "one outcome per error and branch"


def test_an_outcome_for_an_undeclared_error_is_refused() -> None:
    with pytest.raises(ValueError, match="does not declare"):
        Rule("x.y", "statement", (InvalidVPCId,), DOCUMENTED, "source", lambda w, r: None,
             outcomes=(holds(DOCUMENTED), refuses(AccessDenied, INFERRED)))


@given(st.data())
def test_every_refusal_explain_meets_is_a_declared_outcome(data: st.DataObject) -> None:
    world = data.draw(worlds())
    request = data.draw(requests(world))
    trace = r53.explain(world, request)
    for step in trace.steps:
        if step.verdict is Verdict.PASSED:
            assert step.outcome is step.rule.holding
        elif step.verdict is Verdict.FAILED:
            error = step.error
            assert isinstance(error, Route53Error)
            assert step.outcome in step.rule.refusals
            assert step.outcome is not None and step.outcome.error is type(error)
            branches = {o.branch for o in step.rule.refusals if o.error is type(error)}
            if error.branch in branches:  # the branch the check named, when the rule tells it apart
                assert step.outcome.branch == error.branch
            else:  # else the error's plain outcome
                assert step.outcome.branch is None or None not in branches
        else:
            assert step.outcome is None and step.confidence is step.rule.confidence


# -- the catalogue ------------------------------------------------------------------------


def test_the_catalogue_shows_an_inferred_outcome_of_a_documented_rule() -> None:
    """disassociate.not-service-owned: rules.md §4 "(documented rule; inferred code
    AccessDenied 403)"."""
    text = render_text("disassociate")
    block = text.split("disassociate.not-service-owned")[1].split("source:")[0]
    assert "holds: documented" in block
    assert "AccessDenied (403): inferred" in block
    row = next(line for line in render_markdown().splitlines() if "`disassociate.not-service-owned`" in line)
    assert "holds: documented" in row and "AccessDenied (403): inferred" in row


def test_the_catalogue_splits_code_and_message() -> None:
    """rules.md §3.6: NotAuthorizedException for the VPC owner without authorization —
    "model text; the live text for this case is not public"."""
    block = render_text("associate").split("associate.caller-authorized")[1].split("source:")[0]
    assert "NotAuthorizedException (401), no-authorization: code documented, message inferred" in block
    assert "NotAuthorizedException (401), zone-owner: observed" in block
    assert "InvalidVPCId (400), owns-neither: inferred" in block

"""AssociateVPCWithHostedZone, rule by rule, in the spec's order (spec §3)."""

from __future__ import annotations

import pickle

import pytest

import route53_assoc as r53
from route53_assoc import errors

from .conftest import CN, A, B, C, Story, build_story


def associate(story_world: r53.World, **kw: object) -> tuple[r53.World, r53.ChangeInfo]:
    return r53.associate(story_world, **kw)  # type: ignore[arg-type]


def test_rule_order_matches_the_spec() -> None:
    assert [rule.id for rule in r53.ASSOCIATE.rules] == [
        "associate.input",
        "associate.zone-exists",
        "associate.zone-private",
        "associate.vpc-exists",
        "associate.same-partition",
        "associate.not-service-owned",
        "associate.caller-authorized",
        "associate.no-same-name",
        "associate.quota",
        "associate.no-prior-request",
    ]


def test_the_cross_account_story() -> None:
    """The whole story of the issue, each refusal its own error, in the spec's order."""
    s = build_story()
    w = s.world
    zone = s.zone

    # B associates B's VPC without an authorization.
    with pytest.raises(errors.NotAuthorizedException) as info:
        r53.associate(w, caller=B, hosted_zone_id=zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1")
    assert info.value.http_status == 401
    assert info.value.message == (
        "Associating the specified VPC with the specified hosted zone has not been authorized."
    )

    # A authorizes; B associates.
    w, auth = r53.create_authorization(
        w, caller=A, hosted_zone_id=f"/hostedzone/{zone}", vpc_id=s.vpc_b.id, vpc_region="eu-west-1"
    )
    assert auth.hosted_zone_id == zone
    w, change = r53.associate(w, caller=B, hosted_zone_id=zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1")
    assert change.status == "INSYNC"
    assert w.zones[zone].vpcs == tuple(sorted([(s.vpc_a.id, "us-east-1"), (s.vpc_b.id, "eu-west-1")]))

    # B re-associates: not idempotent, ConflictingDomainExists naming that same zone.
    with pytest.raises(errors.ConflictingDomainExists) as conflict:
        r53.associate(w, caller=B, hosted_zone_id=zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1")
    assert conflict.value.message == (
        f"The VPC {s.vpc_b.id} in region eu-west-1 has already been associated with the hosted zone "
        f"{zone} with the same domain name."
    )
    assert conflict.value.hosted_zone_id == zone

    # A associates B's VPC (in a fresh zone of A's, with the authorization in place).
    w, other = r53.create_hosted_zone(
        w, caller=A, name="other.example", caller_reference="a-3", vpc_id=s.vpc_a.id, vpc_region="us-east-1"
    )
    w, _ = r53.create_authorization(
        w, caller=A, hosted_zone_id=other.zone.id, vpc_id=s.vpc_b.id, vpc_region="eu-west-1"
    )
    with pytest.raises(errors.NotAuthorizedException) as observed:
        r53.associate(w, caller=A, hosted_zone_id=other.zone.id, vpc_id=s.vpc_b.id, vpc_region="eu-west-1")
    assert (
        observed.value.message
        == f"The VPC: {s.vpc_b.id} has not authorized to associate with your hosted zone."
    )

    # The classic mistakes, each its own error.
    w, vpc_a2 = r53.create_vpc(w, owner=A, region="us-west-2")
    cases: list[tuple[dict[str, str], type[errors.Route53Error]]] = [
        (
            {"caller": A, "hosted_zone_id": s.public_zone, "vpc_id": vpc_a2.id, "vpc_region": "us-west-2"},
            errors.PublicZoneVPCAssociation,
        ),
        (
            {
                "caller": A,
                "hosted_zone_id": zone,
                "vpc_id": "vpc-0000000000000000f",
                "vpc_region": "us-west-2",
            },
            errors.InvalidVPCId,
        ),
        (
            {"caller": A, "hosted_zone_id": zone, "vpc_id": vpc_a2.id, "vpc_region": "eu-west-1"},
            errors.InvalidVPCId,
        ),
        (
            {"caller": CN, "hosted_zone_id": zone, "vpc_id": s.vpc_cn.id, "vpc_region": "cn-north-1"},
            errors.NoSuchHostedZone,
        ),
    ]
    for request, error in cases:
        with pytest.raises(error):
            r53.associate(w, **request)
    # Wrong partition: A's aws zone, a VPC of aws-cn, refused by its own rule.
    trace = r53.explain(
        w, r53.AssociateRequest(caller=A, hosted_zone_id=zone, vpc_id=s.vpc_cn.id, vpc_region="cn-north-1")
    )
    assert isinstance(trace.error, errors.InvalidVPCId)
    failed = [step.rule.id for step in trace.steps if step.verdict == r53.Verdict.FAILED]
    assert failed == ["associate.same-partition"]
    # A request breaking several rules gets the error of the earliest (public zone before unknown VPC).
    with pytest.raises(errors.PublicZoneVPCAssociation):
        r53.associate(
            w, caller=B, hosted_zone_id=s.public_zone, vpc_id="vpc-0000000000000000f", vpc_region="eu-west-1"
        )
    quota_world = r53.set_zone_vpc_limit(w, hosted_zone_id=zone, limit=2)
    with pytest.raises(errors.LimitsExceeded):
        r53.associate(quota_world, caller=A, hosted_zone_id=zone, vpc_id=vpc_a2.id, vpc_region="us-west-2")


class TestInput:
    """Spec §2: checked first, before any lookup."""

    def test_long_zone_id(self, story: Story) -> None:
        long_id = "Z" * 33
        with pytest.raises(errors.InvalidInput) as info:
            r53.associate(
                story.world, caller=A, hosted_zone_id=long_id, vpc_id=story.vpc_a.id, vpc_region="us-east-1"
            )
        assert info.value.message == (
            f"1 validation error detected: Value '{long_id}' at 'resourceId' failed to satisfy constraint: "
            "Member must have length less than or equal to 32"
        )

    def test_several_violations_reported_together(self, story: Story) -> None:
        with pytest.raises(errors.InvalidInput) as info:
            r53.associate(
                story.world, caller=A, hosted_zone_id="Z" * 40, vpc_id="v" * 1025, vpc_region="mars-1"
            )
        assert info.value.message.startswith("3 validation errors detected: Value ")
        assert (
            "at 'VPC.VPCRegion' failed to satisfy constraint: Member must satisfy enum value set: ["
            in info.value.message
        )

    @pytest.mark.parametrize("bad", [None, 42, 4.2, b"Z1", ["Z1"], ""])
    def test_wrong_types_are_invalid_input(self, story: Story, bad: object) -> None:
        for field in ("caller", "hosted_zone_id", "vpc_id", "vpc_region"):
            kw: dict[str, object] = {
                "caller": A,
                "hosted_zone_id": story.zone,
                "vpc_id": story.vpc_a.id,
                "vpc_region": "us-east-1",
            }
            kw[field] = bad
            with pytest.raises(errors.InvalidInput):
                r53.associate(story.world, **kw)  # type: ignore[arg-type]

    def test_input_comes_before_lookup(self, story: Story) -> None:
        with pytest.raises(errors.InvalidInput):
            r53.associate(
                story.world, caller=A, hosted_zone_id="ZNOPE", vpc_id=story.vpc_a.id, vpc_region="moon"
            )


class TestZoneExists:
    """Spec §3.2: 'No hosted zone found with ID: {zone_id}' (observed)."""

    def test_unknown_zone(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchHostedZone) as info:
            r53.associate(
                story.world,
                caller=A,
                hosted_zone_id="ZUNKNOWN",
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
            )
        assert info.value.message == "No hosted zone found with ID: ZUNKNOWN"
        assert info.value.http_status == 404

    def test_prefixed_id_accepted(self, story: Story) -> None:
        w, vpc = r53.create_vpc(story.world, owner=A, region="us-west-2")
        w, _ = r53.associate(
            w, caller=A, hosted_zone_id=f"/hostedzone/{story.zone}", vpc_id=vpc.id, vpc_region="us-west-2"
        )
        assert vpc.id in w.zones[story.zone].associations

    def test_zone_of_another_partition_is_invisible(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchHostedZone):
            r53.associate(
                story.world,
                caller=CN,
                hosted_zone_id=story.zone,
                vpc_id=story.vpc_cn.id,
                vpc_region="cn-north-1",
            )


class TestZonePrivate:
    """Spec §3.3: 'Attempting to associate public zone: {zone_id} with vpc: {vpc_id}'."""

    def test_public_zone(self, story: Story) -> None:
        with pytest.raises(errors.PublicZoneVPCAssociation) as info:
            r53.associate(
                story.world,
                caller=A,
                hosted_zone_id=story.public_zone,
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
            )
        assert (
            info.value.message
            == f"Attempting to associate public zone: {story.public_zone} with vpc: {story.vpc_a.id}"
        )

    def test_public_before_vpc(self, story: Story) -> None:
        with pytest.raises(errors.PublicZoneVPCAssociation):
            r53.associate(
                story.world,
                caller=A,
                hosted_zone_id=story.public_zone,
                vpc_id="vpc-nope",
                vpc_region="us-east-1",
            )


class TestVpcExists:
    """Spec §3.4: 'The VPC ID is invalid.'; another region: 'not authorized to make the association.'"""

    def test_unknown_vpc(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId) as info:
            r53.associate(
                story.world,
                caller=A,
                hosted_zone_id=story.zone,
                vpc_id="vpc-0123abcd",
                vpc_region="us-east-1",
            )
        assert info.value.message == "The VPC ID is invalid."

    def test_wrong_region(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId) as info:
            r53.associate(
                story.world,
                caller=B,
                hosted_zone_id=story.zone,
                vpc_id=story.vpc_b.id,
                vpc_region="us-east-2",
            )
        assert info.value.message == (
            f"The VPC: {story.vpc_b.id} in region us-east-2 that you provided is not authorized to make the association."
        )

    def test_deleted_vpc_does_not_exist(self, story: Story) -> None:
        w, _ = r53.delete_vpc(story.world, caller=B, vpc_id=story.vpc_b.id)
        with pytest.raises(errors.InvalidVPCId, match=r"^The VPC ID is invalid\.$"):
            r53.associate(
                w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
            )


class TestSamePartition:
    """Spec §3.5: a VPC of another partition (documented rule, inferred message)."""

    def test_other_partition(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId) as info:
            r53.associate(
                story.world,
                caller=A,
                hosted_zone_id=story.zone,
                vpc_id=story.vpc_cn.id,
                vpc_region="cn-north-1",
            )
        assert "aws-cn" in info.value.message and story.zone in info.value.message
        trace = r53.explain(
            story.world,
            r53.AssociateRequest(
                caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_cn.id, vpc_region="cn-north-1"
            ),
        )
        assert trace.steps[4].rule.id == "associate.same-partition"
        assert trace.steps[4].verdict == r53.Verdict.FAILED


class TestCallerAuthorized:
    """Spec §3.6: the four cases of who owns what."""

    def test_owner_of_both(self, story: Story) -> None:
        w, vpc = r53.create_vpc(story.world, owner=A, region="eu-west-1")
        w, change = r53.associate(
            w, caller=A, hosted_zone_id=story.zone, vpc_id=vpc.id, vpc_region="eu-west-1"
        )
        assert change.status == r53.ChangeStatus.INSYNC

    def test_vpc_owner_without_authorization(self, story: Story) -> None:
        with pytest.raises(errors.NotAuthorizedException) as info:
            r53.associate(
                story.world,
                caller=B,
                hosted_zone_id=story.zone,
                vpc_id=story.vpc_b.id,
                vpc_region="eu-west-1",
            )
        assert (
            info.value.message
            == "Associating the specified VPC with the specified hosted zone has not been authorized."
        )

    def test_zone_owner_with_authorization_still_refused(self, story: Story) -> None:
        w, _ = r53.create_authorization(
            story.world, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        with pytest.raises(errors.NotAuthorizedException) as info:
            r53.associate(
                w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
            )
        assert (
            info.value.message
            == f"The VPC: {story.vpc_b.id} has not authorized to associate with your hosted zone."
        )

    def test_owner_of_neither(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId) as info:
            r53.associate(
                story.world,
                caller=C,
                hosted_zone_id=story.zone,
                vpc_id=story.vpc_b.id,
                vpc_region="eu-west-1",
            )
        assert info.value.message == (
            f"The VPC: {story.vpc_b.id} in region eu-west-1 that you provided is not authorized to make the association."
        )

    def test_authorization_for_other_region_does_not_count(self, story: Story) -> None:
        w, _ = r53.create_authorization(
            story.world, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-2"
        )
        with pytest.raises(errors.NotAuthorizedException):
            r53.associate(
                w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
            )


class TestNoSameName:
    """Spec §3.7: only identical names conflict; re-association is not idempotent."""

    def test_same_name_other_zone(self, story: Story) -> None:
        w, vpc = r53.create_vpc(story.world, owner=A, region="us-west-2")
        w, twin = r53.create_hosted_zone(
            w,
            caller=A,
            name="CORP.example.com.",
            caller_reference="twin",
            vpc_id=vpc.id,
            vpc_region="us-west-2",
        )
        with pytest.raises(errors.ConflictingDomainExists) as info:
            r53.associate(
                w, caller=A, hosted_zone_id=twin.zone.id, vpc_id=story.vpc_a.id, vpc_region="us-east-1"
            )
        assert info.value.hosted_zone_id == story.zone
        assert info.value.message.endswith(f"hosted zone {story.zone} with the same domain name.")

    def test_parent_and_child_may_share(self, story: Story) -> None:
        w, vpc = r53.create_vpc(story.world, owner=A, region="us-west-2")
        w, child = r53.create_hosted_zone(
            w,
            caller=A,
            name="a.corp.example.com",
            caller_reference="child",
            vpc_id=vpc.id,
            vpc_region="us-west-2",
        )
        w, _ = r53.associate(
            w, caller=A, hosted_zone_id=child.zone.id, vpc_id=story.vpc_a.id, vpc_region="us-east-1"
        )
        assert set(w.zones_of_vpc(story.vpc_a.id)) == {"corp.example.com.", "a.corp.example.com."}


class TestQuota:
    """Spec §3.8: 'Limits Exceeded: Cannot associate more VPCs to hosted zone.' (observed)."""

    def test_default_quota(self) -> None:
        s = build_story(quotas=r53.Quotas(vpcs_per_zone=2))
        w, vpc = r53.create_vpc(s.world, owner=A, region="us-west-2")
        w, _ = r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2")
        w, vpc3 = r53.create_vpc(w, owner=A, region="us-west-1")
        with pytest.raises(errors.LimitsExceeded) as info:
            r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc3.id, vpc_region="us-west-1")
        assert info.value.message == "Limits Exceeded: Cannot associate more VPCs to hosted zone."

    def test_per_zone_override(self, story: Story) -> None:
        w = r53.set_zone_vpc_limit(story.world, hosted_zone_id=story.zone, limit=1)
        w, vpc = r53.create_vpc(w, owner=A, region="us-west-2")
        with pytest.raises(errors.LimitsExceeded):
            r53.associate(w, caller=A, hosted_zone_id=story.zone, vpc_id=vpc.id, vpc_region="us-west-2")
        w = r53.set_zone_vpc_limit(w, hosted_zone_id=story.zone, limit=None)
        w, _ = r53.associate(w, caller=A, hosted_zone_id=story.zone, vpc_id=vpc.id, vpc_region="us-west-2")

    def test_conflict_comes_before_quota(self, story: Story) -> None:
        w = r53.set_zone_vpc_limit(story.world, hosted_zone_id=story.zone, limit=1)
        with pytest.raises(errors.ConflictingDomainExists):
            r53.associate(
                w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_a.id, vpc_region="us-east-1"
            )


class TestNoPriorRequest:
    """Spec §3.9: a change submitted less than the processing time ago blocks the next."""

    def test_blocked_then_allowed(self) -> None:
        s = build_story(processing_seconds=30)
        w, vpc = r53.create_vpc(s.world, owner=A, region="us-west-2")
        with pytest.raises(errors.PriorRequestNotComplete) as info:
            r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2")
        assert (
            info.value.message
            == "The request was rejected because Route 53 was still processing a prior request."
        )
        w = r53.advance(w, seconds=29)
        with pytest.raises(errors.PriorRequestNotComplete):
            r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2")
        w = r53.advance(w, seconds=1)
        w, _ = r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2")

    def test_default_never_blocks(self, story: Story) -> None:
        w, v1 = r53.create_vpc(story.world, owner=A, region="us-west-2")
        w, v2 = r53.create_vpc(w, owner=A, region="us-west-1")
        w, _ = r53.associate(w, caller=A, hosted_zone_id=story.zone, vpc_id=v1.id, vpc_region="us-west-2")
        w, _ = r53.associate(w, caller=A, hosted_zone_id=story.zone, vpc_id=v2.id, vpc_region="us-west-1")


class TestEffect:
    """Spec §3.10: add the association, record a change, return ChangeInfo."""

    def test_pending_until_propagated(self) -> None:
        s = build_story(propagation_seconds=60)
        w, vpc = r53.create_vpc(s.world, owner=A, region="us-west-2")
        w, change = r53.associate(
            w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2", comment="hi"
        )
        assert change.status == r53.ChangeStatus.PENDING
        assert change.comment == "hi"
        assert change.submitted_at == w.now
        assert change.id.startswith("/change/C")
        assert w.change_info(w.changes[change.bare_id]).status == "PENDING"
        later = r53.advance(w, seconds=60)
        assert later.change_info(later.changes[change.bare_id]).status == "INSYNC"

    def test_refusal_leaves_world_untouched(self, story: Story) -> None:
        """Rule 4 of the house: a refused request leaves the world it was given as it was.

        Judged against an independent deep copy taken before the request (not the same
        object), field by field, and by behaviour: the request the refused one would have
        allowed, had it leaked, is still refused, and the next id is the same on both.
        """
        before = story.world
        copy = pickle.loads(pickle.dumps(before))
        assert copy is not before and copy == before
        with pytest.raises(errors.NotAuthorizedException) as refused:
            r53.associate(
                before, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
            )
        # rules.md §3.6: the VPC's owner without an authorization (model text).
        assert refused.value.message == (
            "Associating the specified VPC with the specified hosted zone has not been authorized."
        )
        assert before == copy and hash(before) == hash(copy)
        assert dict(before.zones[story.zone].associations) == {story.vpc_a.id: "us-east-1"}
        assert r53.get_hosted_zone(before, caller=A, hosted_zone_id=story.zone).vpcs == (
            (story.vpc_a.id, "us-east-1"),
        )
        with pytest.raises(errors.NotAuthorizedException):
            r53.associate(
                before, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
            )
        assert (
            r53.create_vpc(before, owner=A, region="us-west-2")[1]
            == r53.create_vpc(copy, owner=A, region="us-west-2")[1]
        )


def test_the_hot_path_records_the_change_as_commit_does() -> None:
    """``associate``'s effect builds the zone, the change and the world directly:
    the values ``World.change_info`` and the id functions give, and a sound world."""
    from route53_assoc._ids import change_id

    for propagation in (0, 30):
        s = build_story(propagation_seconds=propagation)
        w, vpc = r53.create_vpc(s.world, owner=A, region="us-east-1")
        new, change = r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-east-1")
        key = change_id(w.sequence + 1)
        assert new.sequence == w.sequence + 1
        assert change == new.change_info(new.changes[key])
        assert change.id == f"/change/{key}"
        assert change.status == ("PENDING" if propagation else "INSYNC")
        zone = new.zones[s.zone]
        assert zone.associations[vpc.id] == "us-east-1"
        assert zone.last_change_at == w.now
        assert new.zones_of_vpc(vpc.id)[zone.name] == s.zone
        assert new.check() == []
        # the world it was given is unchanged
        assert vpc.id not in w.zones[s.zone].associations
        assert key not in w.changes


def test_associate_answers_as_the_table_run_on_a_request_does() -> None:
    """``associate`` does the input rule's common case on its arguments (no request
    built) and then runs the table's later rules: it answers every request, good or
    refused by any rule, exactly as ``ASSOCIATE.run`` on the request made of them."""
    from route53_assoc._associate import ASSOCIATE, AssociateRequest

    s = build_story()
    w, vpc = r53.create_vpc(s.world, owner=A, region="us-east-1")
    w, other = r53.create_vpc(w, owner=A, region="us-west-2")
    cases: list[dict[str, object]] = [
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": vpc.id, "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": f"/hostedzone/{s.zone}", "vpc_id": vpc.id, "vpc_region": "us-east-1",
         "comment": "c"},
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": s.vpc_a.id, "vpc_region": "us-east-1"},  # same name
        {"caller": A, "hosted_zone_id": s.public_zone, "vpc_id": vpc.id, "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": "ZNOSUCHZONE", "vpc_id": vpc.id, "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": other.id, "vpc_region": "us-east-1"},  # other region
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": s.vpc_cn.id, "vpc_region": "cn-north-1"},
        {"caller": B, "hosted_zone_id": s.zone, "vpc_id": s.vpc_b.id, "vpc_region": "eu-west-1"},
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": "vpc-0nosuch", "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": vpc.id, "vpc_region": "mars-1"},
        {"caller": "not-an-account", "hosted_zone_id": s.zone, "vpc_id": vpc.id, "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": "Z" * 40, "vpc_id": vpc.id, "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": "", "vpc_id": "", "vpc_region": "us-east-1"},
        {"caller": A, "hosted_zone_id": s.zone, "vpc_id": 7, "vpc_region": None, "comment": 3},
    ]
    for case in cases:
        try:
            expected: object = ASSOCIATE.run(w, AssociateRequest(**case))  # type: ignore[arg-type]
        except r53.Route53Error as error:
            expected = (type(error), error.message)
        try:
            answer: object = r53.associate(w, **case)  # type: ignore[arg-type]
        except r53.Route53Error as error:
            answer = (type(error), error.message)
        assert answer == expected, case

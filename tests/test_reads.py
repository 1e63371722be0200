"""GetHostedZone, ListHostedZonesByVPC, GetHostedZoneLimit, GetChange, and time (spec §6, §7)."""

from __future__ import annotations

import pytest

import route53_assoc as r53
from route53_assoc import errors

from .conftest import CN, A, B, Story, build_story
from .test_lifecycle import with_b


class TestGetHostedZone:
    def test_owner_sees_every_accounts_vpcs(self, story: Story) -> None:
        zone = r53.get_hosted_zone(with_b(story), caller=A, hosted_zone_id=f"/hostedzone/{story.zone}")
        assert zone.vpcs == tuple(sorted([(story.vpc_a.id, "us-east-1"), (story.vpc_b.id, "eu-west-1")]))

    def test_other_account_denied(self, story: Story) -> None:
        with pytest.raises(errors.AccessDenied):
            r53.get_hosted_zone(with_b(story), caller=B, hosted_zone_id=story.zone)

    def test_other_partition_not_found(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchHostedZone):
            r53.get_hosted_zone(story.world, caller=CN, hosted_zone_id=story.zone)


class TestListHostedZonesByVpc:
    def test_every_zone_whatever_its_owner(self, story: Story) -> None:
        w = with_b(story)
        w, own = r53.create_hosted_zone(
            w,
            caller=B,
            name="b.internal",
            caller_reference="b-1",
            vpc_id=story.vpc_b.id,
            vpc_region="eu-west-1",
        )
        w, svc = r53.create_service_zone(
            w, service="efs.amazonaws.com", name="efs.internal", vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        page = r53.list_hosted_zones_by_vpc(w, caller=B, vpc_id=story.vpc_b.id, vpc_region="eu-west-1")
        owners = {(z.hosted_zone_id, z.name, z.owning_account, z.owning_service) for z in page.zones}
        assert owners == {
            (story.zone, "corp.example.com.", A, None),
            (own.zone.id, "b.internal.", B, None),
            (svc.id, "efs.internal.", None, "efs.amazonaws.com"),
        }
        assert page.max_items == 100 and page.next_token is None

    def test_paging(self, story: Story) -> None:
        w = story.world
        names = [f"z{i}.example" for i in range(5)]
        for i, name in enumerate(names):
            w, _ = r53.create_hosted_zone(
                w,
                caller=A,
                name=name,
                caller_reference=f"p{i}",
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
            )
        seen: list[str] = []
        token = None
        while True:
            page = r53.list_hosted_zones_by_vpc(
                w, caller=A, vpc_id=story.vpc_a.id, vpc_region="us-east-1", max_items="2", next_token=token
            )
            assert page.max_items == 2 and len(page.zones) <= 2
            seen += [z.name for z in page.zones]
            token = page.next_token
            if token is None:
                break
        assert sorted(seen) == sorted([f"{n}." for n in names] + ["corp.example.com."])
        assert len(seen) == len(set(seen))

    def test_bad_token(self, story: Story) -> None:
        with pytest.raises(errors.InvalidPaginationToken):
            r53.list_hosted_zones_by_vpc(
                story.world, caller=A, vpc_id=story.vpc_a.id, vpc_region="us-east-1", next_token="not-a-token"
            )

    def test_not_owner(self, story: Story) -> None:
        with pytest.raises(errors.AccessDenied, match="is not owned by you"):
            r53.list_hosted_zones_by_vpc(story.world, caller=B, vpc_id=story.vpc_a.id, vpc_region="us-east-1")


class TestGetHostedZoneLimit:
    def test_count_and_default(self, story: Story) -> None:
        limit = r53.get_hosted_zone_limit(with_b(story), caller=A, hosted_zone_id=story.zone)
        assert (limit.type, limit.value, limit.count) == ("MAX_VPCS_ASSOCIATED_BY_ZONE", 300, 2)

    def test_override(self, story: Story) -> None:
        w = r53.set_zone_vpc_limit(story.world, hosted_zone_id=story.zone, limit=1000)
        assert r53.get_hosted_zone_limit(w, caller=A, hosted_zone_id=story.zone).value == 1000

    def test_public_zone(self, story: Story) -> None:
        with pytest.raises(errors.HostedZoneNotPrivate):
            r53.get_hosted_zone_limit(story.world, caller=A, hosted_zone_id=story.public_zone)

    def test_other_type_not_modelled(self, story: Story) -> None:
        with pytest.raises(errors.InvalidInput, match="not modelled"):
            r53.get_hosted_zone_limit(
                story.world, caller=A, hosted_zone_id=story.zone, type="MAX_WIDGETS_BY_ZONE"
            )


class TestGetChange:
    def test_unknown(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchChange) as info:
            r53.get_change(story.world, caller=A, change_id="/change/CNOPE")
        assert info.value.message == "Could not find resource with ID: CNOPE"
        assert info.value.http_status == 404

    def test_vpc_owner_denied(self, story: Story) -> None:
        w, _ = r53.create_authorization(
            story.world, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        w, change = r53.associate(
            w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        with pytest.raises(errors.AccessDenied):
            r53.get_change(w, caller=B, change_id=change.id)
        assert r53.get_change(w, caller=A, change_id=change.id) == change


class TestTime:
    """Spec §7: PENDING → INSYNC once the propagation delay has passed."""

    def test_pending_to_insync(self) -> None:
        s = build_story(propagation_seconds=45)
        w, vpc = r53.create_vpc(s.world, owner=A, region="us-west-2")
        w, change = r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2")
        assert change.status == "PENDING"
        assert (
            r53.get_change(r53.advance(w, seconds=44.999), caller=A, change_id=change.id).status == "PENDING"
        )
        done = r53.get_change(r53.advance(w, seconds=45), caller=A, change_id=change.id)
        assert done.status == "INSYNC" and done.submitted_at == change.submitted_at

    def test_time_only_moves_forward(self) -> None:
        with pytest.raises(errors.InvalidInput):
            r53.advance(r53.World.empty(), seconds=-1)
        with pytest.raises(errors.InvalidInput):
            r53.advance(r53.World.empty(), seconds="10")  # type: ignore[arg-type]

    def test_processing_blocks_only_the_same_zone(self) -> None:
        s = build_story(processing_seconds=30)
        w, vpc = r53.create_vpc(s.world, owner=A, region="us-west-2")
        w, other = r53.create_hosted_zone(
            r53.advance(w, seconds=30),
            caller=A,
            name="other.example",
            caller_reference="o",
            vpc_id=s.vpc_a.id,
            vpc_region="us-east-1",
        )
        # `other` was just changed; the story's zone was not.
        w, _ = r53.associate(w, caller=A, hosted_zone_id=s.zone, vpc_id=vpc.id, vpc_region="us-west-2")
        with pytest.raises(errors.PriorRequestNotComplete):
            r53.associate(w, caller=A, hosted_zone_id=other.zone.id, vpc_id=vpc.id, vpc_region="us-west-2")

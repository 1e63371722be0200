"""Disassociate, delete zones, service-owned and linked zones, VPC deletion (spec §4, §6, §8)."""

from __future__ import annotations

import pytest

import route53_assoc as r53
from route53_assoc import errors

from .conftest import A, B, C, Story


def with_b(story: Story) -> r53.World:
    """The story world with B's VPC associated cross-account."""
    w, _ = r53.create_authorization(
        story.world, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
    )
    w, _ = r53.associate(
        w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
    )
    return w


class TestDisassociate:
    """Spec §4: input → zone → caller → service-owned → associated → not the last."""

    def test_rule_order(self) -> None:
        assert [rule.id for rule in r53.DISASSOCIATE.rules] == [
            "disassociate.input",
            "disassociate.zone-exists",
            "disassociate.caller-may",
            "disassociate.not-service-owned",
            "disassociate.associated",
            "disassociate.not-last",
        ]

    @pytest.mark.parametrize("caller", [A, B])
    def test_either_owner_may(self, story: Story, caller: str) -> None:
        w = with_b(story)
        w, change = r53.disassociate(w, caller=caller, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id)
        assert story.vpc_b.id not in w.zones[story.zone].associations
        assert story.zone not in w.zones_of_vpc(story.vpc_b.id).values()
        assert change.id.startswith("/change/")
        assert w.check() == []

    def test_third_account_refused(self, story: Story) -> None:
        w = with_b(story)
        with pytest.raises(errors.InvalidVPCId):
            r53.disassociate(w, caller=C, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id)

    def test_not_associated(self, story: Story) -> None:
        with pytest.raises(errors.VPCAssociationNotFound) as info:
            r53.disassociate(story.world, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id)
        assert info.value.message == "The specified VPC and hosted zone are not currently associated."
        assert info.value.http_status == 404

    def test_region_must_match_when_given(self, story: Story) -> None:
        w = with_b(story)
        with pytest.raises(errors.VPCAssociationNotFound):
            r53.disassociate(
                w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-2"
            )
        w, _ = r53.disassociate(
            w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )

    def test_public_zone_is_not_found_never_last(self, story: Story) -> None:
        with pytest.raises(errors.VPCAssociationNotFound):
            r53.disassociate(story.world, caller=A, hosted_zone_id=story.public_zone, vpc_id=story.vpc_a.id)

    def test_last_vpc(self, story: Story) -> None:
        with pytest.raises(errors.LastVPCAssociation) as info:
            r53.disassociate(story.world, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_a.id)
        assert info.value.message == (
            "The VPC that you're trying to disassociate from the private hosted zone is the last VPC that is "
            "associated with the hosted zone. Amazon Route 53 doesn't support disassociating the last VPC from "
            "a hosted zone."
        )

    def test_never_prior_request_not_complete(self) -> None:
        from .conftest import build_story

        s = build_story(processing_seconds=60)
        w = r53.advance(s.world, seconds=60)
        w = with_b(Story(w, s.zone, s.vpc_a, s.vpc_b, s.vpc_cn, s.public_zone))
        # The associate just now makes the zone busy; disassociate still goes through.
        w, _ = r53.disassociate(w, caller=A, hosted_zone_id=s.zone, vpc_id=s.vpc_b.id)
        assert "PriorRequestNotComplete" not in {
            e.code for rule in r53.DISASSOCIATE.rules for e in rule.errors
        }

    def test_service_owned_zone(self, story: Story) -> None:
        w, zone = r53.create_service_zone(
            story.world,
            service="efs.amazonaws.com",
            name="efs.internal",
            vpc_id=story.vpc_a.id,
            vpc_region="us-east-1",
        )
        with pytest.raises(errors.AccessDenied) as info:
            r53.disassociate(w, caller=A, hosted_zone_id=zone.id, vpc_id=story.vpc_a.id)
        assert info.value.http_status == 403


class TestDeleteHostedZone:
    def test_removes_associations_and_authorizations(self, story: Story) -> None:
        w = with_b(story)
        w, _ = r53.create_authorization(
            w, caller=A, hosted_zone_id=story.zone, vpc_id="vpc-0123abcd", vpc_region="us-east-1"
        )
        w, change = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=story.zone)
        assert story.zone not in w.zones
        assert story.zone not in w.authorizations
        assert w.zones_of_vpc(story.vpc_b.id) == r53.World.empty().zones_of_vpc(story.vpc_b.id)
        assert w.check() == []
        assert r53.get_change(w, caller=A, change_id=change.id).status == "INSYNC"

    def test_caller_reference_stays_used(self, story: Story) -> None:
        w, _ = r53.delete_hosted_zone(story.world, caller=A, hosted_zone_id=story.public_zone)
        with pytest.raises(errors.HostedZoneAlreadyExists):
            r53.create_hosted_zone(w, caller=A, name="example.com", caller_reference="a-2")

    def test_owner_only(self, story: Story) -> None:
        with pytest.raises(errors.AccessDenied):
            r53.delete_hosted_zone(story.world, caller=B, hosted_zone_id=story.zone)

    def test_unknown(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchHostedZone, match="No hosted zone found with ID: ZGONE"):
            r53.delete_hosted_zone(story.world, caller=A, hosted_zone_id="/hostedzone/ZGONE")

    def test_linked_to_cloud_map(self, story: Story) -> None:
        w = r53.link_zone(
            story.world, hosted_zone_id=story.zone, service="servicediscovery.amazonaws.com"
        )
        with pytest.raises(errors.AccessDenied) as info:
            r53.delete_hosted_zone(w, caller=A, hosted_zone_id=story.zone)
        assert info.value.message == (
            f"The resource hostedzone/{story.zone} can only be managed through servicediscovery.amazonaws.com"
        )

    def test_prior_request_not_complete(self) -> None:
        from .conftest import build_story

        s = build_story(processing_seconds=10)
        with pytest.raises(errors.PriorRequestNotComplete):
            r53.delete_hosted_zone(s.world, caller=A, hosted_zone_id=s.zone)
        w = r53.advance(s.world, seconds=10)
        w, _ = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=s.zone)

    def test_quota_slot_is_freed(self) -> None:
        w = r53.World.empty(quotas=r53.Quotas(zones_per_account=1))
        w, created = r53.create_hosted_zone(w, caller=A, name="a.example", caller_reference="1")
        w, _ = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=created.zone.id)
        w, _ = r53.create_hosted_zone(w, caller=A, name="b.example", caller_reference="2")


class TestVpcDeletion:
    """Spec §8: deleting a VPC leaves its associations; the zone owner can still disassociate."""

    def test_association_stays_listed(self, story: Story) -> None:
        w = with_b(story)
        w, _ = r53.delete_vpc(w, caller=B, vpc_id=story.vpc_b.id)
        zone = r53.get_hosted_zone(w, caller=A, hosted_zone_id=story.zone)
        assert (story.vpc_b.id, "eu-west-1") in zone.vpcs

    def test_list_by_deleted_vpc_is_access_denied(self, story: Story) -> None:
        w = with_b(story)
        w, _ = r53.delete_vpc(w, caller=B, vpc_id=story.vpc_b.id)
        with pytest.raises(errors.AccessDenied, match="is not owned by you"):
            r53.list_hosted_zones_by_vpc(w, caller=B, vpc_id=story.vpc_b.id, vpc_region="eu-west-1")

    def test_zone_owner_still_disassociates(self, story: Story) -> None:
        w = with_b(story)
        w, _ = r53.delete_vpc(w, caller=B, vpc_id=story.vpc_b.id)
        w, _ = r53.disassociate(w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id)
        assert w.check() == []

    def test_last_vpc_still_holds(self, story: Story) -> None:
        w, _ = r53.delete_vpc(story.world, caller=A, vpc_id=story.vpc_a.id)
        with pytest.raises(errors.LastVPCAssociation):
            r53.disassociate(w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_a.id)
        assert len(w.zones[story.zone].associations) == 1

    def test_only_owner_deletes_vpc(self, story: Story) -> None:
        # EC2 answers another account's VPC as not found (VPC-REGION), in its own error.
        with pytest.raises(errors.InvalidVpcIDNotFound):
            r53.delete_vpc(story.world, caller=B, vpc_id=story.vpc_a.id)
        with pytest.raises(errors.InvalidVpcIDNotFound):
            r53.delete_vpc(story.world, caller=A, vpc_id="vpc-0123abcd")

    def test_deleted_vpc_id_is_never_reused(self, story: Story) -> None:
        w, _ = r53.delete_vpc(story.world, caller=A, vpc_id=story.vpc_a.id)
        with pytest.raises(errors.InvalidInput, match="already in use"):
            r53.create_vpc(w, owner=A, region="us-east-1", vpc_id=story.vpc_a.id)

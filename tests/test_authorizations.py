"""Create, delete and list VPC association authorizations (spec §5)."""

from __future__ import annotations

import attrs
import pytest

import route53_assoc as r53
from route53_assoc import errors

from .conftest import A, B, Story


def authorize(world: r53.World, zone: str, vpc: str, region: str = "eu-west-1", caller: str = A) -> r53.World:
    return r53.create_authorization(
        world, caller=caller, hosted_zone_id=zone, vpc_id=vpc, vpc_region=region
    )[0]


class TestCreate:
    def test_rule_order(self) -> None:
        assert [rule.id for rule in r53.CREATE_AUTHORIZATION.rules] == [
            "create-authorization.input",
            "create-authorization.zone-exists",
            "create-authorization.caller-owns-zone",
            "create-authorization.vpc-well-formed",
            "create-authorization.zone-private",
            "create-authorization.quota",
        ]

    def test_unknown_zone(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchHostedZone, match="No hosted zone found with ID: ZNOPE"):
            authorize(story.world, "ZNOPE", story.vpc_b.id)

    def test_only_the_zone_owner(self, story: Story) -> None:
        with pytest.raises(errors.AccessDenied) as info:
            authorize(story.world, story.zone, story.vpc_b.id, caller=B)
        assert info.value.http_status == 403

    def test_vpc_existence_not_checked(self, story: Story) -> None:
        w = authorize(story.world, story.zone, "vpc-0123abcd")
        assert ("vpc-0123abcd", "eu-west-1") in w.authorizations_of(story.zone)

    @pytest.mark.parametrize("bad", ["vpc-nothex", "subnet-0123abcd", "vpc-0123ABCD"])
    def test_malformed_vpc_id(self, story: Story, bad: str) -> None:
        with pytest.raises(errors.InvalidVPCId):
            authorize(story.world, story.zone, bad)

    def test_region_of_other_partition(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId, match="cannot cross partitions"):
            authorize(story.world, story.zone, story.vpc_cn.id, region="cn-north-1")

    def test_public_zone(self, story: Story) -> None:
        with pytest.raises(errors.InvalidInput, match="public zone"):
            authorize(story.world, story.public_zone, story.vpc_b.id)

    def test_repeat_is_harmless(self, story: Story) -> None:
        once = authorize(story.world, story.zone, story.vpc_b.id)
        twice = authorize(once, story.zone, story.vpc_b.id)
        assert once == twice

    def test_quota(self, story: Story) -> None:
        w = attrs.evolve(story.world, quotas=r53.Quotas(authorizations_per_zone=2))
        w = authorize(w, story.zone, "vpc-0000000a")
        w = authorize(w, story.zone, "vpc-0000000b")
        with pytest.raises(errors.TooManyVPCAssociationAuthorizations):
            authorize(w, story.zone, "vpc-0000000c")
        assert authorize(w, story.zone, "vpc-0000000b") == w  # an existing one still succeeds


class TestDelete:
    def test_missing(self, story: Story) -> None:
        with pytest.raises(errors.VPCAssociationAuthorizationNotFound) as info:
            r53.delete_authorization(
                story.world,
                caller=A,
                hosted_zone_id=story.zone,
                vpc_id=story.vpc_b.id,
                vpc_region="eu-west-1",
            )
        assert (
            info.value.message
            == "The VPC that you specified is not authorized to be associated with the hosted zone."
        )
        assert info.value.http_status == 404

    def test_never_removes_association(self, story: Story) -> None:
        w = authorize(story.world, story.zone, story.vpc_b.id)
        w, _ = r53.associate(
            w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        w, _ = r53.delete_authorization(
            w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        assert story.vpc_b.id in w.zones[story.zone].associations
        assert len(w.authorizations_of(story.zone)) == 0
        assert w.check() == []

    def test_only_the_zone_owner(self, story: Story) -> None:
        w = authorize(story.world, story.zone, story.vpc_b.id)
        with pytest.raises(errors.AccessDenied):
            r53.delete_authorization(
                w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
            )


class TestList:
    def test_empty_list(self, story: Story) -> None:
        page = r53.list_authorizations(story.world, caller=A, hosted_zone_id=story.zone)
        assert page.vpcs == () and page.next_token is None and page.hosted_zone_id == story.zone

    def test_paging_visits_everything_once(self, story: Story) -> None:
        w = story.world
        wanted = sorted((f"vpc-{i:08x}", "us-east-1") for i in range(7))
        for vpc, region in wanted:
            w = authorize(w, story.zone, vpc, region)
        seen: list[tuple[str, str]] = []
        token = None
        pages = 0
        while True:
            page = r53.list_authorizations(
                w, caller=A, hosted_zone_id=story.zone, max_results="3", next_token=token
            )
            seen.extend(page.vpcs)
            pages += 1
            token = page.next_token
            if token is None:
                break
        assert seen == wanted and pages == 3

    def test_default_page_is_50(self, story: Story) -> None:
        w = story.world
        for i in range(51):
            w = authorize(w, story.zone, f"vpc-{i:08x}", "us-east-1")
        page = r53.list_authorizations(w, caller=A, hosted_zone_id=story.zone)
        assert len(page.vpcs) == 50 and page.next_token is not None

    @pytest.mark.parametrize("token", ["garbage!", "", "Zm9v"])
    def test_bad_token(self, story: Story, token: str) -> None:
        with pytest.raises((errors.InvalidPaginationToken, errors.InvalidInput)):
            r53.list_authorizations(
                story.world, caller=A, hosted_zone_id=story.zone, next_token=token
            )

    def test_token_of_another_zone(self, story: Story) -> None:
        w = story.world
        for i in range(3):
            w = authorize(w, story.zone, f"vpc-{i:08x}", "us-east-1")
        token = r53.list_authorizations(
            w, caller=A, hosted_zone_id=story.zone, max_results=1
        ).next_token
        assert token is not None
        w, other = r53.create_hosted_zone(
            w, caller=A, name="z.example", caller_reference="z", vpc_id=story.vpc_a.id, vpc_region="us-east-1"
        )
        with pytest.raises(errors.InvalidPaginationToken):
            r53.list_authorizations(
                w, caller=A, hosted_zone_id=other.zone.id, next_token=token
            )

    def test_only_the_zone_owner(self, story: Story) -> None:
        with pytest.raises(errors.AccessDenied):
            r53.list_authorizations(story.world, caller=B, hosted_zone_id=story.zone)


class TestPageMembers:
    """Spec §5 and §6: a token the listing never handed out, an empty one included, is
    InvalidPaginationToken; a page size is a whole number from 1 up written in ASCII digits."""

    def test_an_empty_next_token_is_an_invalid_pagination_token(self, story: Story) -> None:
        with pytest.raises(errors.InvalidPaginationToken):
            r53.list_authorizations(story.world, caller=A, hosted_zone_id=story.zone, next_token="")
        with pytest.raises(errors.InvalidPaginationToken):
            r53.list_hosted_zones_by_vpc(
                story.world, caller=A, vpc_id=story.vpc_a.id, vpc_region="us-east-1", next_token=""
            )

    @pytest.mark.parametrize(
        "size",
        ["²", "٣", "9" * 5000, 10**5000, 2**31, 0, -1, "1.5", [], True],
        ids=["superscript", "arabic-indic", "5000-digits", "10**5000", "2**31", "0", "-1", "1.5", "list", "bool"],
    )
    def test_page_sizes_that_are_not_whole_numbers_from_1_up(self, story: Story, size: object) -> None:
        with pytest.raises(errors.InvalidInput, match="must be a whole number from 1 up"):
            r53.list_authorizations(
                story.world,
                caller=A,
                hosted_zone_id=story.zone,
                max_results=size,  # type: ignore[arg-type]
            )
        with pytest.raises(errors.InvalidInput, match="must be a whole number from 1 up"):
            r53.list_hosted_zones_by_vpc(
                story.world,
                caller=A,
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
                max_items=size,  # type: ignore[arg-type]
            )

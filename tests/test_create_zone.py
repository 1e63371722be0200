"""CreateHostedZone, rule by rule (spec §6)."""

from __future__ import annotations

import pytest

import route53_assoc as r53
from route53_assoc import errors

from .conftest import A, B, Story


def test_rule_order() -> None:
    assert [rule.id for rule in r53.CREATE_HOSTED_ZONE.rules] == [
        "create-hosted-zone.input",
        "create-hosted-zone.new-members-default",
        "create-hosted-zone.delegation-set-not-private",
        "create-hosted-zone.name-valid",
        "create-hosted-zone.caller-reference-unused",
        "create-hosted-zone.vpc-exists",
        "create-hosted-zone.vpc-owned",
        "create-hosted-zone.no-same-name",
        "create-hosted-zone.delegation-set-exists",
        "create-hosted-zone.quota",
    ]


class TestInput:
    def test_private_flag_without_vpc(self) -> None:
        with pytest.raises(errors.InvalidInput, match="PrivateZone"):
            r53.create_hosted_zone(
                r53.World.empty(), caller=A, name="x.example", caller_reference="r", private_zone=True
            )

    def test_delegation_set_with_vpc(self, story: Story) -> None:
        with pytest.raises(errors.InvalidInput, match="A private hosted zone cannot use a reusable delegation set"):
            r53.create_hosted_zone(
                story.world,
                caller=A,
                name="x.example",
                caller_reference="r",
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
                delegation_set_id="N1",
            )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("caller_reference", ""),
            ("caller_reference", "r" * 129),
            ("comment", "c" * 257),
            ("name", "n" * 1025),
            ("name", None),
            ("caller_reference", 7),
        ],
    )
    def test_limits(self, field: str, value: object) -> None:
        kw: dict[str, object] = {"caller": A, "name": "x.example", "caller_reference": "r"}
        kw[field] = value
        with pytest.raises(errors.InvalidInput):
            r53.create_hosted_zone(r53.World.empty(), **kw)  # type: ignore[arg-type]

    def test_comment_of_256_is_fine(self) -> None:
        _, created = r53.create_hosted_zone(
            r53.World.empty(), caller=A, name="x.example", caller_reference="r", comment="c" * 256
        )
        assert created.zone.comment == "c" * 256

    def test_vpc_half_given(self, story: Story) -> None:
        with pytest.raises(errors.InvalidInput, match=r"VPC\.VPCRegion"):
            r53.create_hosted_zone(
                story.world, caller=A, name="x.example", caller_reference="r", vpc_id=story.vpc_a.id
            )


class TestNameValid:
    def test_tld_public_zone_refused(self) -> None:
        with pytest.raises(errors.InvalidDomainName) as info:
            r53.create_hosted_zone(r53.World.empty(), caller=A, name="com", caller_reference="r")
        assert info.value.message == "com"

    def test_single_label_private_zone_allowed(self, story: Story) -> None:
        _, created = r53.create_hosted_zone(
            story.world,
            caller=A,
            name="corp",
            caller_reference="r",
            vpc_id=story.vpc_a.id,
            vpc_region="us-east-1",
        )
        assert created.zone.name == "corp."

    def test_stored_normalised(self) -> None:
        _, created = r53.create_hosted_zone(
            r53.World.empty(), caller=A, name="Mixed*Case.Example.com", caller_reference="r"
        )
        assert created.zone.name == "mixed\\052case.example.com."


class TestCallerReference:
    def test_reused_reference(self, story: Story) -> None:
        with pytest.raises(errors.HostedZoneAlreadyExists) as info:
            r53.create_hosted_zone(story.world, caller=A, name="y.example", caller_reference="a-1")
        assert (
            info.value.message
            == "A hosted zone has already been created with the specified caller reference."
        )
        assert info.value.http_status == 409

    def test_reference_is_per_account(self, story: Story) -> None:
        _w, created = r53.create_hosted_zone(story.world, caller=B, name="y.example", caller_reference="a-1")
        assert created.zone.owner == B


class TestVpc:
    def test_unknown_vpc(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId, match=r"^The VPC ID is invalid\.$"):
            r53.create_hosted_zone(
                story.world,
                caller=A,
                name="y.example",
                caller_reference="r",
                vpc_id="vpc-0123abcd",
                vpc_region="us-east-1",
            )

    def test_wrong_region(self, story: Story) -> None:
        with pytest.raises(
            errors.InvalidVPCId, match="in region eu-west-1 that you provided is not authorized"
        ):
            r53.create_hosted_zone(
                story.world,
                caller=A,
                name="y.example",
                caller_reference="r",
                vpc_id=story.vpc_a.id,
                vpc_region="eu-west-1",
            )

    def test_other_accounts_vpc(self, story: Story) -> None:
        with pytest.raises(errors.InvalidVPCId) as info:
            r53.create_hosted_zone(
                story.world,
                caller=A,
                name="y.example",
                caller_reference="r",
                vpc_id=story.vpc_b.id,
                vpc_region="eu-west-1",
            )
        assert info.value.message == (
            f"The VPC: {story.vpc_b.id} in region eu-west-1 that you provided is not authorized to make the association."
        )

    def test_vpc_alone_makes_private(self, story: Story) -> None:
        _, created = r53.create_hosted_zone(
            story.world,
            caller=A,
            name="y.example",
            caller_reference="r",
            vpc_id=story.vpc_a.id,
            vpc_region="us-east-1",
            private_zone=False,
        )
        assert created.zone.private
        assert created.zone.vpcs == ((story.vpc_a.id, "us-east-1"),)

    def test_same_name_on_vpc(self, story: Story) -> None:
        with pytest.raises(errors.ConflictingDomainExists) as info:
            r53.create_hosted_zone(
                story.world,
                caller=A,
                name="corp.example.com.",
                caller_reference="r",
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
            )
        assert info.value.hosted_zone_id == story.zone


class TestQuota:
    def test_too_many_zones(self) -> None:
        w = r53.World.empty(quotas=r53.Quotas(zones_per_account=2))
        w, _ = r53.create_hosted_zone(w, caller=A, name="a.example", caller_reference="1")
        w, _ = r53.create_hosted_zone(w, caller=A, name="b.example", caller_reference="2")
        with pytest.raises(errors.TooManyHostedZones) as info:
            r53.create_hosted_zone(w, caller=A, name="c.example", caller_reference="3")
        assert (
            info.value.message
            == "Limits Exceeded: MAX_HOSTED_ZONES_BY_OWNER - Cannot create more hosted zones."
        )
        w, _ = r53.create_hosted_zone(w, caller=B, name="c.example", caller_reference="3")


class TestEffect:
    def test_zone_in_owner_partition(self) -> None:
        w, vpc = r53.create_vpc(r53.World.empty(), owner=A, region="cn-north-1")
        w, created = r53.create_hosted_zone(
            w, caller=A, name="x.example", caller_reference="r", vpc_id=vpc.id, vpc_region="cn-north-1"
        )
        assert created.zone.partition == "aws-cn"
        w, public = r53.create_hosted_zone(w, caller=A, name="y.example", caller_reference="s")
        assert public.zone.partition == "aws-cn"

    def test_ids_are_deterministic(self, story: Story) -> None:
        first = r53.create_hosted_zone(story.world, caller=A, name="d.example", caller_reference="d")
        second = r53.create_hosted_zone(story.world, caller=A, name="d.example", caller_reference="d")
        assert first == second
        other = r53.create_hosted_zone(first[0], caller=A, name="e.example", caller_reference="e")
        assert other[1].zone.id != first[1].zone.id

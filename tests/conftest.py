"""Shared fixtures: the accounts of the cross-account story, and a world with them."""

from __future__ import annotations

import os

import attrs
import pytest
from hypothesis import HealthCheck, settings

import route53_assoc as r53

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

A = "111111111111"
B = "222222222222"
C = "333333333333"
CN = "444444444444"


@attrs.frozen
class Story:
    """A's private zone with A's VPC; B's VPC; a VPC of an aws-cn account."""

    world: r53.World
    zone: str
    vpc_a: r53.VPC
    vpc_b: r53.VPC
    vpc_cn: r53.VPC
    public_zone: str


def build_story(**empty: object) -> Story:
    world = r53.World.empty(**empty)  # type: ignore[arg-type]
    world, vpc_a = r53.create_vpc(world, owner=A, region="us-east-1")
    world, vpc_b = r53.create_vpc(world, owner=B, region="eu-west-1")
    world, vpc_cn = r53.create_vpc(world, owner=CN, region="cn-north-1")
    world, created = r53.create_hosted_zone(
        world,
        caller=A,
        name="corp.example.com",
        caller_reference="a-1",
        vpc_id=vpc_a.id,
        vpc_region="us-east-1",
    )
    world, public = r53.create_hosted_zone(world, caller=A, name="example.com", caller_reference="a-2")
    return Story(world, created.zone.id, vpc_a, vpc_b, vpc_cn, public.zone.id)


@pytest.fixture
def story() -> Story:
    return build_story()

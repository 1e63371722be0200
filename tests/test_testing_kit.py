"""The property-testing kit: strategies, registration, the differential checker, fixtures."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc import errors
from route53_assoc.sandbox import Sandbox
from route53_assoc.testing import (
    account_ids,
    hosted_zone_ids,
    partitions,
    regions,
    requests,
    vpc_ids,
    vpcs,
    worlds,
)
from route53_assoc.testing.differential import (
    Divergence,
    differential_machine,
    model_adapter,
    sandbox_adapter,
)

#: Codes no core operation raises, so no request can reach them:
#: ConcurrentModification: a pure, sequential model never meets a concurrent modification (spec §5);
#: InvalidClientTokenId: the AWS face raises it (STS signed for another partition), no core operation;
#: UnauthorizedOperation: declared for EC2, but no rule of any operation lists it (the model has no IAM);
#: DependencyViolation: delete-vpc.no-dependencies declares it, but the model has no blocking dependency.
UNREACHABLE = {
    "ConcurrentModification",
    "InvalidClientTokenId",
    "UnauthorizedOperation",
    "DependencyViolation",
}


@given(worlds(small_quotas=True))
def test_generated_worlds_are_valid(world: r53.World) -> None:
    assert world.check() == []


@given(st.data())
def test_value_strategies(data: st.DataObject) -> None:
    partition = data.draw(partitions())
    region = data.draw(regions(partition=partition.name))
    assert r53.partition_of(region) == partition.name
    assert len(data.draw(account_ids(pool=False))) == 12
    r53.VPC(id=data.draw(vpc_ids()), region="us-east-1", owner="111111111111")
    r53.Authorization(
        hosted_zone_id=data.draw(hosted_zone_ids()), vpc_id="vpc-0123abcd", vpc_region="us-east-1"
    )
    vpc = data.draw(vpcs(partition="aws-cn"))
    assert vpc.partition.name == "aws-cn"


@given(st.from_type(r53.VPC), st.from_type(r53.Partition), st.from_type(r53.World))
def test_registered_with_hypothesis(vpc: r53.VPC, partition: r53.Partition, world: r53.World) -> None:
    assert isinstance(vpc, r53.VPC) and isinstance(partition, r53.Partition)
    assert world.check() == []


def test_every_error_code_is_reached() -> None:
    seen: Counter[str] = Counter()

    @settings(max_examples=250, derandomize=True, database=None, deadline=None)
    @given(st.data())
    def explore(data: st.DataObject) -> None:
        world = data.draw(worlds(max_steps=12, small_quotas=data.draw(st.booleans())))
        for _ in range(30):
            request = data.draw(requests(world))
            try:
                world, _ = r53.apply(world, request)
            except errors.Route53Error as exc:
                seen[exc.code] += 1

    explore()
    missing = set(errors.ERRORS) - UNREACHABLE - set(seen)
    assert not missing, f"never reached: {sorted(missing)}; reached: {dict(seen)}"


def test_differential_checker_passes_against_the_model() -> None:
    machine = differential_machine(model_adapter, max_examples=40)
    machine.TestCase().runTest()


def test_differential_checker_passes_against_the_sandbox() -> None:
    """The model through real boto3 clients (botocore, the AWS face) agrees with the model."""
    sb = Sandbox()
    adapter = sandbox_adapter(sb)
    machine = differential_machine(lambda: adapter, max_examples=40)
    machine.TestCase().runTest()
    assert sb.world == r53.World.empty()  # every example put the sandbox back


class _ReassociateIsIdempotent:
    """A deliberately wrong system: re-associating quietly succeeds, as moto does.

    (Only that: the model is asked first, and only its refusal of a VPC already
    associated with that very zone is swallowed.)
    """

    def __init__(self) -> None:
        self.inner = model_adapter()

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def associate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        try:
            self.inner.associate(account, zone_id, vpc_id, vpc_region)
        except errors.ConflictingDomainExists:
            if vpc_id not in self.inner.world.zones[zone_id].associations:  # type: ignore[attr-defined]
                raise


def test_differential_checker_finds_a_planted_divergence() -> None:
    machine = differential_machine(_ReassociateIsIdempotent, max_examples=200)  # type: ignore[arg-type]
    with pytest.raises(Divergence) as info:
        machine.TestCase().runTest()
    assert "associate(" in str(info.value) and "ConflictingDomainExists" in str(info.value)
    steps = "\n".join(getattr(info.value, "__notes__", []))
    assert "state.create_hosted_zone(" in steps and "state.associate(" in steps


def test_unknown_operation_knob() -> None:
    with pytest.raises(ValueError, match="unknown operation 'fly'"):
        differential_machine(model_adapter, operations=["fly"])


def test_fixtures(route53_world: r53.World) -> None:
    assert route53_world == r53.World.empty()

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
    # The steps are printed as the calls they made, each a method of the machine: run as
    # printed, they make the same divergence again.
    program = [line for line in steps.splitlines() if line.startswith(("state", "vpcs_", "zones_"))]
    assert program[0] == "state = DifferentialMachine()" and program[-1] == "state.teardown()"
    with pytest.raises(Divergence) as again:
        exec("\n".join(program), {"DifferentialMachine": machine})
    assert str(again.value) == str(info.value)


#: (call, outcome) pairs the checker must reach, model against model, in one run of 200
#: examples: every one the checker with a rule per call reached (in five runs at its
#: defaults), and a call about a zone already deleted (which that one never made).  The
#: rarest come up about ten times in 100 examples.
REACHED = {
    ("associate", "ok"),
    ("associate", "ConflictingDomainExists"),
    ("associate", "InvalidVPCId"),
    ("associate", "NotAuthorizedException"),
    ("associate", "PublicZoneVPCAssociation"),
    ("create_authorization", "ok"),
    ("create_authorization", "AccessDenied"),
    ("create_authorization", "InvalidInput"),
    ("create_hosted_zone", "ok"),
    ("create_hosted_zone", "ConflictingDomainExists"),
    ("create_hosted_zone", "InvalidVPCId"),
    ("create_vpc", "ok"),
    ("create_vpc", "VpcLimitExceeded"),
    ("delete_authorization", "ok"),
    ("delete_authorization", "AccessDenied"),
    ("delete_authorization", "VPCAssociationAuthorizationNotFound"),
    ("delete_hosted_zone", "ok"),
    ("delete_hosted_zone", "AccessDenied"),
    ("delete_hosted_zone", "NoSuchHostedZone"),
    ("disassociate", "InvalidVPCId"),
    ("disassociate", "LastVPCAssociation"),
    ("disassociate", "VPCAssociationNotFound"),
    ("get_hosted_zone_vpcs", "ok"),
    ("get_hosted_zone_vpcs", "AccessDenied"),
    ("get_hosted_zone_vpcs", "NoSuchHostedZone"),
    ("list_hosted_zones_by_vpc", "ok"),
    ("list_hosted_zones_by_vpc", "AccessDenied"),
}


def test_differential_checker_reaches_every_outcome() -> None:
    seen: Counter[tuple[str, str]] = Counter()

    class Recorded:
        """The model, noting each call's outcome."""

        def __init__(self) -> None:
            self.inner = model_adapter()

        def __getattr__(self, name: str) -> object:
            method = getattr(self.inner, name)

            def recorded(*args: object) -> object:
                try:
                    result = method(*args)
                except errors.Route53Error as exc:
                    seen[name, exc.code] += 1
                    raise
                seen[name, "ok"] += 1
                return result

            return recorded

    machine = differential_machine(Recorded, max_examples=200)  # type: ignore[arg-type]
    machine.TestCase.settings = settings(machine.TestCase.settings, derandomize=True, database=None)
    machine.TestCase().runTest()
    assert not REACHED - set(seen), f"never reached: {sorted(REACHED - set(seen))}; reached: {dict(seen)}"


def test_operations_knob_limits_the_calls() -> None:
    made: set[str] = set()

    class Recorded:
        def __init__(self) -> None:
            self.inner = model_adapter()

        def __getattr__(self, name: str) -> object:
            made.add(name)
            return getattr(self.inner, name)

    machine = differential_machine(Recorded, operations=["associate"], max_examples=10)  # type: ignore[arg-type]
    machine.TestCase().runTest()
    # the two creations always, and the reads that check both sides after each call
    # (and ``close``, looked up at the end of each example)
    assert made - {"close"} == {
        "create_vpc",
        "create_hosted_zone",
        "associate",
        "get_hosted_zone_vpcs",
        "list_hosted_zones_by_vpc",
    }


def test_unknown_operation_knob() -> None:
    with pytest.raises(ValueError, match="unknown operation 'fly'"):
        differential_machine(model_adapter, operations=["fly"])


def test_fixtures(route53_world: r53.World) -> None:
    assert route53_world == r53.World.empty()

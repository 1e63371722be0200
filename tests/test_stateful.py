"""The library against the independent reference model, step by step (Hypothesis state machine).

Each step runs one operation on both; the outcomes (success, or the same error code)
must agree, and so must what the reads return.  Invariants after every step: the
library's indexes equal a recomputation; a private zone has at least one VPC; every
association was justified when it was made (same owner, or an authorization).
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import route53_assoc as r53
from route53_assoc.errors import Route53Error

from .reference_model import PARTITION_OF, Model

ACCOUNTS = {"111111111111": "aws", "222222222222": "aws", "333333333333": "aws", "444444444444": "aws-cn"}
CALLERS = st.sampled_from(sorted(ACCOUNTS))
REGIONS = st.sampled_from(sorted(PARTITION_OF))
NAMES = st.sampled_from(["example.com", "corp.example.com", "a.corp.example.com", "internal", "Example.COM."])
SECONDS = st.sampled_from([1, 10, 30, 60])


class AssociationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world: r53.World | None = None
        self.model: Model | None = None
        self.justified: set[tuple[str, str]] = set()
        self.change_ids: list[str] = []

    @initialize(
        propagation=st.sampled_from([0, 30]),
        processing=st.sampled_from([0, 0, 20]),
        vpc_limit=st.sampled_from([300, 2]),
        auth_limit=st.sampled_from([1000, 2]),
        zone_limit=st.sampled_from([500, 2]),
    )
    def start(
        self, propagation: int, processing: int, vpc_limit: int, auth_limit: int, zone_limit: int
    ) -> None:
        world = r53.World.empty(
            propagation_seconds=propagation,
            processing_seconds=processing,
            quotas=r53.Quotas(
                vpcs_per_zone=vpc_limit, authorizations_per_zone=auth_limit, zones_per_account=zone_limit
            ),
        )
        for account, partition in ACCOUNTS.items():
            world = r53.add_account(world, account=account, partition=partition)
        self.world = world
        self.model = Model(
            accounts=ACCOUNTS,
            propagation=propagation,
            processing=processing,
            vpcs_per_zone=vpc_limit,
            auths_per_zone=auth_limit,
            zones_per_account=zone_limit,
        )
        # A starting point with something to associate: two VPCs and a private zone per account.
        seed_names = ["corp.example.com", "corp.example.com", "internal.example.com", "corp.example.com"]
        for (account, partition), name in zip(ACCOUNTS.items(), seed_names, strict=True):
            regions = [r for r, p in PARTITION_OF.items() if p == partition][:2]
            vpcs = []
            for region in regions:
                world, vpc = r53.create_vpc(self.world, owner=account, region=region)
                assert self.model.create_vpc(account, region, vpc.id)[0] == "ok"
                self.world = world
                vpcs.append(vpc)
            world, created = r53.create_hosted_zone(
                self.world,
                caller=account,
                name=name,
                caller_reference="seed",
                vpc_id=vpcs[0].id,
                vpc_region=vpcs[0].region,
            )
            expected = self.model.create_zone(
                account, name, "seed", vpcs[0].id, vpcs[0].region, created.zone.id, created.change.bare_id
            )
            assert expected[0] == "ok"
            self.world = world
            self.justified.add((created.zone.id, vpcs[0].id))
            self.change_ids.append(created.change.bare_id)

    # -- helpers -------------------------------------------------------------

    def run(self, call: Any) -> tuple[str, Any]:
        try:
            world, result = call()
        except Route53Error as exc:
            return ("error", exc.code)
        return ("ok", (world, result))

    def pick(self, data: st.DataObject, pool: list[str], fallback: str) -> str:
        """Mostly a known id; now and then one that does not exist."""
        if not pool or data.draw(st.integers(0, 9)) == 0:
            return fallback
        return data.draw(st.sampled_from(pool))

    def owner_or_other(self, data: st.DataObject, owner: str | None) -> str:
        """Mostly *owner*; now and then any account."""
        if owner is None or data.draw(st.integers(0, 3)) == 0:
            return data.draw(CALLERS)
        return owner

    def vpc_ids(self) -> list[str]:
        assert self.world is not None
        known = set(self.world.vpcs) | set(self.world.deleted_vpcs)
        return sorted(known)

    def zone_ids(self) -> list[str]:
        assert self.world is not None
        return sorted(self.world.zones)

    def compare(self, actual: tuple[str, Any], expected: tuple[str, Any], what: str) -> None:
        assert actual[0] == expected[0], f"{what}: library {actual}, model {expected}"
        if actual[0] == "error":
            assert actual[1] == expected[1], f"{what}: library raised {actual[1]}, model {expected[1]}"

    # -- rules ---------------------------------------------------------------

    @precondition(lambda self: self.world is not None)
    @rule(owner=CALLERS, data=st.data())
    def create_vpc(self, owner: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        home = [r for r, p in PARTITION_OF.items() if p == ACCOUNTS[owner]]
        region = data.draw(REGIONS if data.draw(st.integers(0, 7)) == 0 else st.sampled_from(home))
        actual = self.run(lambda: r53.create_vpc(self.world, owner=owner, region=region))  # type: ignore[arg-type]
        new_id = actual[1][1].id if actual[0] == "ok" else "vpc-00000000"
        expected = self.model.create_vpc(owner, region, new_id)
        self.compare(actual, expected, f"create_vpc({owner}, {region})")
        if actual[0] == "ok":
            self.world = actual[1][0]

    @precondition(lambda self: self.world is not None)
    @rule(caller=CALLERS, data=st.data())
    def delete_vpc(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        vpc = self.pick(data, self.vpc_ids(), "vpc-0123abcd")
        actual = self.run(lambda: r53.delete_vpc(self.world, caller=caller, vpc_id=vpc))  # type: ignore[arg-type]
        self.compare(actual, self.model.delete_vpc(caller, vpc), "delete_vpc")
        if actual[0] == "ok":
            self.world = actual[1][0]

    @precondition(lambda self: self.world is not None)
    @rule(caller=CALLERS, name=NAMES, reuse=st.integers(0, 5), private=st.booleans(), data=st.data())
    def create_zone(self, caller: str, name: str, reuse: int, private: bool, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        # Mostly a fresh caller reference; now and then one that may have been used.
        ref = "r1" if reuse == 0 else f"ref-{self.world.sequence}"
        vpc_id = region = None
        if private:
            vpc_id = self.pick(data, sorted(self.world.vpcs), "vpc-0123abcd")
            known = self.world.vpcs.get(vpc_id)
            region = known.region if known and data.draw(st.integers(0, 5)) else data.draw(REGIONS)
            caller = self.owner_or_other(data, known.owner if known else None)
        actual = self.run(
            lambda: r53.create_hosted_zone(  # type: ignore[arg-type]
                self.world, caller=caller, name=name, caller_reference=ref, vpc_id=vpc_id, vpc_region=region
            )
        )
        ok = actual[0] == "ok"
        new_id = actual[1][1].zone.id if ok else "ZNONE"
        change = actual[1][1].change.bare_id if ok else "CNONE"
        expected = self.model.create_zone(caller, name, ref, vpc_id, region, new_id, change)
        self.compare(actual, expected, f"create_zone({caller}, {name}, {vpc_id})")
        if ok:
            self.world = actual[1][0]
            self.change_ids.append(change)
            if vpc_id is not None:
                self.justified.add((new_id, vpc_id))

    @precondition(
        lambda self: (
            self.world is not None
            and len(self.world.vpcs) > 0
            and sum(z.owner is None for z in self.world.zones.values()) < 2
        )
    )
    @rule(name=NAMES, data=st.data())
    def create_service_zone(self, name: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        vpc_id = self.pick(data, self.vpc_ids(), "vpc-0123abcd")
        known = self.world.vpcs.get(vpc_id)
        region = known.region if known else "us-east-1"
        actual = self.run(
            lambda: r53.create_service_zone(  # type: ignore[arg-type]
                self.world, service="efs.amazonaws.com", name=name, vpc_id=vpc_id, vpc_region=region
            )
        )
        new_id = actual[1][1].id if actual[0] == "ok" else "ZNONE"
        self.compare(
            actual,
            self.model.create_service_zone("efs.amazonaws.com", name, vpc_id, region, new_id),
            "service zone",
        )
        if actual[0] == "ok":
            self.world = actual[1][0]
            self.justified.add((new_id, vpc_id))

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data())
    def delete_zone(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        actual = self.run(lambda: r53.delete_hosted_zone(self.world, caller=caller, hosted_zone_id=zone))  # type: ignore[arg-type]
        change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
        self.compare(actual, self.model.delete_zone(caller, zone, change), "delete_zone")
        if actual[0] == "ok":
            self.world = actual[1][0]
            self.change_ids.append(change)

    def _association_target(self, data: st.DataObject) -> tuple[str, str, str]:
        """A zone, VPC and region that stand a fair chance of being associable."""
        assert self.world is not None
        private = sorted(z.id for z in self.world.zones.values() if z.private and z.owner is not None)
        zone = self.pick(
            data, private if private and data.draw(st.integers(0, 4)) else self.zone_ids(), "ZNOPE"
        )
        z = self.world.zones.get(zone)
        choice = data.draw(st.integers(0, 3))
        auths = sorted(self.world.authorizations_of(zone)) if z else []
        same_owner = sorted((v.id, v.region) for v in self.world.vpcs.values() if z and v.owner == z.owner)
        same_partition = sorted(
            (v.id, v.region) for v in self.world.vpcs.values() if z and v.partition.name == z.partition
        )
        if choice == 0 and auths:
            vpc_id, region = data.draw(st.sampled_from(auths))
        elif choice == 1 and same_owner:
            vpc_id, region = data.draw(st.sampled_from(same_owner))
        elif choice == 2 and same_partition:
            vpc_id, region = data.draw(st.sampled_from(same_partition))
        else:
            vpc_id, region = self._vpc_and_region(data)
        return zone, vpc_id, region

    def _vpc_and_region(self, data: st.DataObject) -> tuple[str, str]:
        assert self.world is not None
        vpc_id = self.pick(data, self.vpc_ids(), "vpc-0123abcd")
        known = self.world.vpcs.get(vpc_id) or self.world.deleted_vpcs.get(vpc_id)
        region = known.region if known and data.draw(st.integers(0, 6)) else data.draw(REGIONS)
        return vpc_id, region

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data())
    def associate(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        zone, vpc_id, region = self._association_target(data)
        known = self.world.vpcs.get(vpc_id)
        caller = self.owner_or_other(data, known.owner if known else None)
        before_auths = set(self.model.auths.get(zone, set()))
        actual = self.run(
            lambda: r53.associate(  # type: ignore[arg-type]
                self.world, caller=caller, hosted_zone_id=zone, vpc_id=vpc_id, vpc_region=region
            )
        )
        change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
        self.compare(
            actual,
            self.model.associate(caller, zone, vpc_id, region, change),
            f"associate({caller}, {zone}, {vpc_id}, {region})",
        )
        if actual[0] == "ok":
            z = self.world.zones[zone]
            vpc = self.world.vpcs[vpc_id]
            assert vpc.owner == caller and (z.owner == caller or (vpc_id, region) in before_auths)
            self.world = actual[1][0]
            self.justified.add((zone, vpc_id))
            self.change_ids.append(change)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, with_region=st.booleans(), data=st.data())
    def disassociate(self, caller: str, with_region: bool, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        vpc_id, region = self._vpc_and_region(data)
        z = self.world.zones.get(zone)
        if z is not None and z.associations and data.draw(st.booleans()):
            vpc_id, region = data.draw(st.sampled_from(sorted(z.associations.items())))
        caller = self.owner_or_other(data, z.owner if z else None)
        given = region if with_region else None
        actual = self.run(
            lambda: r53.disassociate(  # type: ignore[arg-type]
                self.world, caller=caller, hosted_zone_id=zone, vpc_id=vpc_id, vpc_region=given
            )
        )
        change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
        self.compare(actual, self.model.disassociate(caller, zone, vpc_id, given, change), "disassociate")
        if actual[0] == "ok":
            self.world = actual[1][0]
            self.change_ids.append(change)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, delete=st.booleans(), data=st.data())
    def authorization(self, caller: str, delete: bool, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        zone, vpc_id, region = self._association_target(data)
        if data.draw(st.integers(0, 9)) == 0:
            vpc_id = "vpc-XYZ"
        z = self.world.zones.get(zone)
        caller = self.owner_or_other(data, z.owner if z else None)
        op = r53.delete_vpc_association_authorization if delete else r53.create_vpc_association_authorization
        actual = self.run(
            lambda: op(self.world, caller=caller, hosted_zone_id=zone, vpc_id=vpc_id, vpc_region=region)
        )  # type: ignore[arg-type]
        ref = self.model.delete_auth if delete else self.model.create_auth
        self.compare(
            actual, ref(caller, zone, vpc_id, region), f"{'delete' if delete else 'create'} authorization"
        )
        if actual[0] == "ok":
            self.world = actual[1][0]

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data(), page=st.integers(1, 3))
    def list_authorizations(self, caller: str, data: st.DataObject, page: int) -> None:
        assert self.world is not None and self.model is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        expected = self.model.list_auths(caller, zone)
        try:
            seen: list[tuple[str, str]] = []
            token = None
            while True:
                result = r53.list_vpc_association_authorizations(
                    self.world, caller=caller, hosted_zone_id=zone, max_results=page, next_token=token
                )
                seen.extend(result.vpcs)
                token = result.next_token
                if token is None:
                    break
            actual: tuple[str, Any] = ("ok", seen)
        except Route53Error as exc:
            actual = ("error", exc.code)
        assert actual == expected

    @precondition(lambda self: self.world is not None)
    @rule(caller=CALLERS, data=st.data())
    def reads(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        try:
            actual: tuple[str, Any] = (
                "ok",
                list(r53.get_hosted_zone(self.world, caller=caller, hosted_zone_id=zone).vpcs),
            )
        except Route53Error as exc:
            actual = ("error", exc.code)
        assert actual == self.model.get_zone(caller, zone)
        try:
            limit = r53.get_hosted_zone_limit(self.world, caller=caller, hosted_zone_id=zone)
            actual = ("ok", (limit.value, limit.count))
        except Route53Error as exc:
            actual = ("error", exc.code)
        assert actual == self.model.get_limit(caller, zone)
        vpc_id, region = self._vpc_and_region(data)
        try:
            listed = r53.list_hosted_zones_by_vpc(self.world, caller=caller, vpc_id=vpc_id, vpc_region=region)
            actual = (
                "ok",
                sorted((z.hosted_zone_id, z.name, z.owning_account, z.owning_service) for z in listed.zones),
            )
        except Route53Error as exc:
            actual = ("error", exc.code)
        assert actual == self.model.list_by_vpc(caller, vpc_id, region)
        change = self.pick(data, self.change_ids, "CNOPE")
        try:
            actual = ("ok", r53.get_change(self.world, caller=caller, change_id=change).status.value)
        except Route53Error as exc:
            actual = ("error", exc.code)
        assert actual == self.model.get_change(caller, change)

    @precondition(lambda self: self.world is not None)
    @rule(seconds=SECONDS)
    def advance(self, seconds: int) -> None:
        assert self.world is not None and self.model is not None
        self.world = r53.advance(self.world, seconds=seconds)
        self.model.advance(seconds)

    # -- invariants -----------------------------------------------------------

    @invariant()
    def indexes_equal_recomputation(self) -> None:
        if self.world is not None:
            assert self.world.check() == []

    @invariant()
    def private_zones_keep_a_vpc(self) -> None:
        if self.world is not None:
            for zone in self.world.zones.values():
                assert zone.associations if zone.private else not zone.associations

    @invariant()
    def every_association_was_justified(self) -> None:
        if self.world is not None:
            for zone in self.world.zones.values():
                for vpc_id in zone.associations:
                    assert (zone.id, vpc_id) in self.justified

    @invariant()
    def same_associations_as_the_model(self) -> None:
        if self.world is not None and self.model is not None:
            assert {z: dict(zone.associations) for z, zone in self.world.zones.items()} == {
                z: zone["vpcs"] for z, zone in self.model.zones.items()
            }


# max_examples comes from the profile chosen in conftest (HYPOTHESIS_PROFILE).
AssociationMachine.TestCase.settings = settings(stateful_step_count=40)
TestAssociationMachine = AssociationMachine.TestCase

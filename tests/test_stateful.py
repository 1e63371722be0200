"""The library against the independent reference model, step by step (Hypothesis state machine).

Each step runs one operation on both; the outcomes must agree: success, or the same error
code, HTTP status and message (the spec's words where it fixes them, the objects involved
where it does not: see reference_model).  Reads agree as wholes: GetHostedZone with its VPC
list, and every page of ListHostedZonesByVPC and ListVPCAssociationAuthorizations (items,
MaxItems, whether a NextToken follows; tokens never repeat, a replayed token gives the same
page, a bad one is InvalidPaginationToken).

The accounts: three share a home partition, a fourth lives in another; both partitions are
drawn from all eight, and regions from all 46.  Invariants after every step: the library's
indexes equal a recomputation; a private zone has at least one VPC; every association was
justified when it was made (same owner, or an authorization); the associations equal the
model's; every zone's authorizations, listed a page of one at a time, equal the model's.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import route53_assoc as r53
from route53_assoc.errors import Route53Error

from .reference_model import PARTITION_OF, PARTITIONS, PRIVATE_NS, Mentions, Model, normalise, status_of

HOME = ["111111111111", "222222222222", "333333333333"]
ABROAD = "444444444444"
CALLERS = st.sampled_from([*HOME, ABROAD])
REGIONS = st.sampled_from(sorted(PARTITION_OF))
NAMES = st.sampled_from(["example.com", "corp.example.com", "a.corp.example.com", "internal", "Example.COM."])
SECONDS = st.sampled_from([1, 10, 30, 60])
PAGE_SIZES = st.sampled_from([1, 1, 2, 3, None])


def refused(exc: Route53Error) -> tuple[Any, ...]:
    return ("error", exc.code, exc.message, exc.http_status)


class AssociationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world: r53.World | None = None
        self.model: Model | None = None
        self.justified: set[tuple[str, str]] = set()
        self.change_ids: list[str] = []
        self.surface_ready = False
        self.seen_zones: set[str] = set()
        self.checked: dict[str, r53.World] = {}  # invariant → the last world it judged

    @initialize(
        propagation=st.sampled_from([0, 30]),
        processing=st.sampled_from([0, 0, 20]),
        vpc_limit=st.sampled_from([300, 2]),
        auth_limit=st.sampled_from([1000, 2]),
        zone_limit=st.sampled_from([500, 2]),
        home=st.sampled_from(sorted(PARTITIONS)),
        data=st.data(),
    )
    def start(
        self,
        propagation: int,
        processing: int,
        vpc_limit: int,
        auth_limit: int,
        zone_limit: int,
        home: str,
        data: st.DataObject,
    ) -> None:
        abroad = data.draw(st.sampled_from(sorted(p for p in PARTITIONS if p != home)), label="abroad")
        accounts = {**dict.fromkeys(HOME, home), ABROAD: abroad}
        world = r53.World.empty(
            propagation_seconds=propagation,
            processing_seconds=processing,
            quotas=r53.Quotas(
                vpcs_per_zone=vpc_limit, authorizations_per_zone=auth_limit, zones_per_account=zone_limit
            ),
        )
        for account, partition in accounts.items():
            world = r53.add_account(world, account=account, partition=partition)
        self.world = world
        self.model = Model(
            accounts=accounts,
            propagation=propagation,
            processing=processing,
            vpcs_per_zone=vpc_limit,
            auths_per_zone=auth_limit,
            zones_per_account=zone_limit,
        )
        # A starting point with something to associate: a VPC in two regions of its partition
        # (one where the partition has one region) and a private zone, per account.
        seed_names = ["corp.example.com", "corp.example.com", "internal.example.com", "corp.example.com"]
        for (account, partition), name in zip(accounts.items(), seed_names, strict=True):
            regions = list(PARTITIONS[partition])
            first = data.draw(st.sampled_from(regions), label="seed region")
            second = data.draw(
                st.sampled_from([r for r in regions if r != first] or regions), label="seed region"
            )
            vpcs = []
            for region in dict.fromkeys([first, second]):
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

    def run(self, call: Any) -> tuple[Any, ...]:
        try:
            world, result = call()
        except Route53Error as exc:
            return refused(exc)
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

    def compare(self, actual: tuple[Any, ...], expected: tuple[Any, ...], what: str) -> None:
        """Same outcome; for an error the same code, the spec's status and the spec's message."""
        assert actual[0] == expected[0], f"{what}: library {actual}, model {expected}"
        if actual[0] != "error":
            return
        code = expected[1]
        assert actual[1] == code, f"{what}: library raised {actual[1]} {actual[2:]}, model {expected[1:]}"
        if len(actual) > 3:
            assert actual[3] == status_of(code), (
                f"{what}: {code} with HTTP {actual[3]}, spec {status_of(code)}"
            )
        message = expected[2] if len(expected) > 2 else None
        if isinstance(message, Mentions):
            assert message.matches(actual[2]), f"{what}: library said {actual[2]!r}, spec wants {message}"
        elif message is not None:  # the spec fixes the words
            assert actual[2] == message, f"{what}: library said {actual[2]!r}, spec says {message!r}"

    # -- rules ---------------------------------------------------------------

    @precondition(lambda self: self.world is not None)
    @rule(owner=CALLERS, data=st.data())
    def create_vpc(self, owner: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        home = PARTITIONS[self.model.partition(owner)]
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
    @rule(
        changes=st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "enableDnsSupport",
                        "enableDnsHostnames",
                        "enableNetworkAddressUsageMetrics",
                        "EnableDnsHostnames",
                    ]
                ),
                st.booleans(),
            ),
            min_size=1,
            max_size=3,
        ),
        support_off_first=st.booleans(),
        data=st.data(),
    )
    def vpc_attributes(
        self, changes: list[tuple[str, bool]], support_off_first: bool, data: st.DataObject
    ) -> None:
        """Modify DNS attributes of one VPC, one per call (a real name only), reading each back.

        Half the time DNS support is switched off first, so that hostnames meet VA-HOSTNAMES-NEED-SUPPORT.
        """
        assert self.world is not None and self.model is not None
        if support_off_first:
            changes = [("enableDnsSupport", False), *changes]
        vpc_id = self.pick(data, self.vpc_ids(), "vpc-0123abcd")
        known = self.world.vpcs.get(vpc_id) or self.world.deleted_vpcs.get(vpc_id)
        caller = self.owner_or_other(data, known.owner if known is not None else None)
        for attribute, value in changes:
            if attribute != "EnableDnsHostnames":
                actual = self.run(
                    lambda attribute=attribute, value=value: (
                        r53.modify_vpc_attribute(
                            self.world,  # type: ignore[arg-type]
                            caller=caller,
                            vpc_id=vpc_id,
                            attribute=attribute,
                            value=value,
                        ),
                        None,
                    )
                )
                expected = self.model.modify_vpc_attribute(caller, vpc_id, attribute, value)
                self.compare(actual, expected, f"modify_vpc_attribute({vpc_id}, {attribute}={value})")
                if actual[0] == "ok":
                    self.world = actual[1][0]
            read = self.run(
                lambda attribute=attribute: (
                    self.world,
                    r53.describe_vpc_attribute(
                        self.world,  # type: ignore[arg-type]
                        caller=caller,
                        vpc_id=vpc_id,
                        attribute=attribute,
                    ).value,
                )
            )
            expected = self.model.describe_vpc_attribute(caller, vpc_id, attribute)
            self.compare(read, expected, f"describe_vpc_attribute({vpc_id}, {attribute})")
            if read[0] == "ok":
                assert read[1][1] == expected[1], (
                    f"{attribute} of {vpc_id}: library {read[1][1]}, model {expected[1]}"
                )

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
        assert self.world is not None and self.model is not None
        private = sorted(z.id for z in self.world.zones.values() if z.private and z.owner is not None)
        zone = self.pick(
            data, private if private and data.draw(st.integers(0, 4)) else self.zone_ids(), "ZNOPE"
        )
        z = self.model.zones.get(zone)
        choice = data.draw(st.integers(0, 4))
        auths = self.model.authorizations(zone) if z else []
        vpcs = sorted((v, m["region"], m["owner"]) for v, m in self.model.vpcs.items())
        same_owner = [(v, r) for v, r, owner in vpcs if z and owner == z["owner"]]
        same_partition = [(v, r) for v, r, _ in vpcs if z and PARTITION_OF[r] == z["partition"]]
        if choice == 0 and auths:
            vpc_id, region = data.draw(st.sampled_from(auths))
        elif choice == 1 and same_owner:
            vpc_id, region = data.draw(st.sampled_from(same_owner))
        elif choice == 2 and same_partition:
            vpc_id, region = data.draw(st.sampled_from(same_partition))
        elif choice == 3 and same_partition:
            # A known VPC named with another region of the zone's partition: the authorization
            # and the association are of the pair (VPC id, region), never of the id alone.
            vpc_id, region = data.draw(st.sampled_from(same_partition))
            region = self._other_region(data, region)
        else:
            vpc_id, region = self._vpc_and_region(data)
        return zone, vpc_id, region

    def _other_region(self, data: st.DataObject, region: str) -> str:
        """Another region of *region*'s partition (itself where the partition has one)."""
        others = [r for r in PARTITIONS[PARTITION_OF[region]] if r != region]
        return data.draw(st.sampled_from(others)) if others else region

    def _vpc_and_region(self, data: st.DataObject) -> tuple[str, str]:
        assert self.world is not None
        vpc_id = self.pick(data, self.vpc_ids(), "vpc-0123abcd")
        known = self.world.vpcs.get(vpc_id) or self.world.deleted_vpcs.get(vpc_id)
        region = known.region if known and data.draw(st.integers(0, 6)) else data.draw(REGIONS)
        return vpc_id, region

    def _associate(self, caller: str, zone: str, vpc_id: str, region: str) -> bool:
        assert self.world is not None and self.model is not None
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
        if actual[0] != "ok":
            return False
        # rules.md §3.10: PENDING while a propagation delay is configured and not yet elapsed.
        assert actual[1][1].status.value == ("PENDING" if self.model.propagation else "INSYNC")
        z = self.world.zones[zone]
        vpc = self.world.vpcs[vpc_id]
        assert vpc.owner == caller and (z.owner == caller or (vpc_id, region) in before_auths)
        self.world = actual[1][0]
        self.justified.add((zone, vpc_id))
        self.change_ids.append(change)
        return True

    def _authorize(self, caller: str, zone: str, vpc_id: str, region: str, delete: bool) -> None:
        assert self.world is not None and self.model is not None
        op = r53.delete_authorization if delete else r53.create_authorization
        actual = self.run(
            lambda: op(self.world, caller=caller, hosted_zone_id=zone, vpc_id=vpc_id, vpc_region=region)  # type: ignore[arg-type]
        )
        ref = self.model.delete_auth if delete else self.model.create_auth
        expected = ref(caller, zone, vpc_id, region)
        what = f"{'delete' if delete else 'create'}_authorization({caller}, {zone}, {vpc_id}, {region})"
        self.compare(actual, expected, what)
        if actual[0] == "ok":
            auth = actual[1][1]
            assert (auth.hosted_zone_id, auth.vpc_id, auth.vpc_region) == expected[1], what
            self.world = actual[1][0]

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data())
    def associate(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None
        zone, vpc_id, region = self._association_target(data)
        known = self.world.vpcs.get(vpc_id)
        caller = self.owner_or_other(data, known.owner if known else None)
        self._associate(caller, zone, vpc_id, region)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, with_region=st.booleans(), data=st.data())
    def disassociate(self, caller: str, with_region: bool, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        vpc_id, region = self._vpc_and_region(data)
        z = self.world.zones.get(zone)
        if z is not None and z.associations and data.draw(st.booleans()):
            vpc_id, region = data.draw(st.sampled_from(sorted(z.associations.items())))
            if data.draw(st.integers(0, 3)) == 0:  # the right VPC, named in another region
                region = self._other_region(data, region)
        caller = self.owner_or_other(data, z.owner if z else None)
        given = region if with_region else None
        actual = self.run(
            lambda: r53.disassociate(  # type: ignore[arg-type]
                self.world, caller=caller, hosted_zone_id=zone, vpc_id=vpc_id, vpc_region=given
            )
        )
        change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
        expected = self.model.disassociate(caller, zone, vpc_id, given, change)
        self.compare(actual, expected, f"disassociate({caller}, {zone}, {vpc_id}, {given})")
        if actual[0] == "ok":
            assert actual[1][1].status.value == ("PENDING" if self.model.propagation else "INSYNC")
            self.world = actual[1][0]
            self.change_ids.append(change)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, delete=st.booleans(), data=st.data())
    def authorization(self, caller: str, delete: bool, data: st.DataObject) -> None:
        assert self.world is not None
        zone, vpc_id, region = self._association_target(data)
        if data.draw(st.integers(0, 9)) == 0:
            vpc_id = "vpc-XYZ"
        z = self.world.zones.get(zone)
        caller = self.owner_or_other(data, z.owner if z else None)
        self._authorize(caller, zone, vpc_id, region, delete)

    @precondition(lambda self: self.world is not None and len(self.world.vpcs) > 0)
    @rule(data=st.data())
    def cross_account(self, data: st.DataObject) -> None:
        """The documented cross-account flow, with its variations.

        A zone's owner authorizes another account's VPC (now and then in another region of
        the partition: an authorization names the pair); the VPC's owner associates it with
        the region the VPC is in; the authorization stays behind (or is deleted first);
        the owner then associates the same VPC again (ConflictingDomainExists) or another
        of its VPCs (whose authorization is missing), and the owners list and read.
        """
        assert self.world is not None and self.model is not None
        vpc_id = data.draw(st.sampled_from(sorted(self.model.vpcs)))
        vpc = self.model.vpcs[vpc_id]
        zones = sorted(
            zid
            for zid, z in self.model.zones.items()
            if z["private"] and z["owner"] is not None and z["partition"] == PARTITION_OF[vpc["region"]]
        )
        if not zones:
            return
        zone = data.draw(st.sampled_from(zones))
        owner = self.model.zones[zone]["owner"]
        region = vpc["region"]
        authorized = self._other_region(data, region) if data.draw(st.integers(0, 2)) == 0 else region
        self._authorize(owner, zone, vpc_id, authorized, delete=False)
        if data.draw(st.integers(0, 4)) == 0:
            self._authorize(owner, zone, vpc_id, authorized, delete=True)
        self._associate(vpc["owner"], zone, vpc_id, region)
        self._list_authorizations(owner, zone, data.draw(PAGE_SIZES))
        again = data.draw(st.sampled_from(["same", "other", "withdraw", "none"]))
        if again == "same":
            self._associate(vpc["owner"], zone, vpc_id, region)
        elif again == "other":
            mine = sorted(v for v, m in self.model.vpcs.items() if m["owner"] == vpc["owner"] and v != vpc_id)
            if mine:
                other = data.draw(st.sampled_from(mine))
                self._associate(vpc["owner"], zone, other, self.model.vpcs[other]["region"])
        elif again == "withdraw":
            self._authorize(owner, zone, vpc_id, authorized, delete=True)
        self._get_zone(owner, zone)
        self._list_by_vpc(vpc["owner"], vpc_id, region, data.draw(PAGE_SIZES))

    def _list_authorizations(self, caller: str, zone: str, size: int | None, odd: int = 0) -> None:
        """Every page of the zone's authorizations, following NextToken to the end.

        *odd*: 1 replays each token a second time (the same page again); 2 ends with a token
        no listing handed out; 3 ends with a token of another zone's listing.
        """
        assert self.world is not None and self.model is not None
        token: str | None = None
        tokens: list[str] = []
        for number in range(200):
            what = f"list_authorizations({caller}, {zone}, max_results={size}, page {number})"
            try:
                page = r53.list_authorizations(
                    self.world, caller=caller, hosted_zone_id=zone, max_results=size, next_token=token
                )
                actual: tuple[Any, ...] = ("ok", (tuple(page.vpcs), page.next_token is not None))
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_auths(caller, zone, size, number)
            self.compare(actual, expected, what)
            if actual[0] != "ok":
                return
            assert actual == expected, f"{what}: library {actual}, model {expected}"
            assert page.hosted_zone_id == zone, what
            if odd == 1 and token is not None:
                replay = r53.list_authorizations(
                    self.world, caller=caller, hosted_zone_id=zone, max_results=size, next_token=token
                )
                assert replay == page, f"{what}: replaying the token gave {replay}, first {page}"
            if page.next_token is None:
                break
            assert page.next_token not in tokens, f"{what}: NextToken {page.next_token!r} came before"
            token = page.next_token
            tokens.append(token)
        else:
            raise AssertionError(f"list_authorizations({caller}, {zone}): no last page")
        if odd in (2, 3):
            if odd == 2:
                bad = "bogus-token"
            else:
                bad = self._foreign_token(zone)
                if bad is None:
                    return
            try:
                r53.list_authorizations(
                    self.world, caller=caller, hosted_zone_id=zone, max_results=size, next_token=bad
                )
                actual = ("ok", None)
            except Route53Error as exc:
                actual = refused(exc)
            self.compare(actual, self.model.list_auths(caller, zone, size, None), f"token {bad!r} for {zone}")

    def _foreign_token(self, zone: str) -> str | None:
        """A NextToken handed out by the listing of another zone, if one has two authorizations."""
        assert self.world is not None and self.model is not None
        for other, auths in sorted(self.model.auths.items()):
            if other != zone and len(auths) > 1:
                owner = self.model.zones[other]["owner"]
                page = r53.list_authorizations(self.world, caller=owner, hosted_zone_id=other, max_results=1)
                return page.next_token
        return None

    def _get_zone(self, caller: str, zone: str) -> None:
        assert self.world is not None and self.model is not None
        try:
            got = r53.get_hosted_zone(self.world, caller=caller, hosted_zone_id=zone)
            actual: tuple[Any, ...] = ("ok", (*zone_entry(got), tuple(got.vpcs)))
        except Route53Error as exc:
            actual = refused(exc)
        expected = self.model.get_zone(caller, zone)
        self.compare(actual, expected, f"get_hosted_zone({caller}, {zone})")
        assert actual[0] != "ok" or actual == expected, (
            f"get_hosted_zone({caller}, {zone}): {actual}, {expected}"
        )

    def _list_by_vpc(self, caller: str, vpc_id: str, region: str, size: int | None, odd: int = 0) -> None:
        """Every page of ListHostedZonesByVPC, following NextToken to the end."""
        assert self.world is not None and self.model is not None
        token: str | None = None
        tokens: list[str] = []
        for number in range(200):
            what = f"list_hosted_zones_by_vpc({caller}, {vpc_id}, {region}, max_items={size}, page {number})"
            try:
                page = r53.list_hosted_zones_by_vpc(
                    self.world,
                    caller=caller,
                    vpc_id=vpc_id,
                    vpc_region=region,
                    max_items=size,
                    next_token=token,
                )
                zones = tuple(
                    (z.hosted_zone_id, z.name, z.owning_account, z.owning_service) for z in page.zones
                )
                actual: tuple[Any, ...] = ("ok", (zones, page.max_items, page.next_token is not None))
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_by_vpc(caller, vpc_id, region, size, number)
            self.compare(actual, expected, what)
            if actual[0] != "ok":
                return
            assert actual == expected, f"{what}: library {actual}, model {expected}"
            if odd == 1 and token is not None:
                replay = r53.list_hosted_zones_by_vpc(
                    self.world,
                    caller=caller,
                    vpc_id=vpc_id,
                    vpc_region=region,
                    max_items=size,
                    next_token=token,
                )
                assert replay == page, f"{what}: replaying the token gave {replay}, first {page}"
            if page.next_token is None:
                break
            assert page.next_token not in tokens, f"{what}: NextToken {page.next_token!r} came before"
            token = page.next_token
            tokens.append(token)
        else:
            raise AssertionError(f"list_hosted_zones_by_vpc({caller}, {vpc_id}): no last page")
        if odd == 2:
            try:
                r53.list_hosted_zones_by_vpc(
                    self.world, caller=caller, vpc_id=vpc_id, vpc_region=region, next_token="bogus-token"
                )
                actual = ("ok", None)
            except Route53Error as exc:
                actual = refused(exc)
            self.compare(actual, self.model.list_by_vpc(caller, vpc_id, region, size, None), "bogus token")

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data(), size=PAGE_SIZES, odd=st.integers(0, 5))
    def list_authorizations(self, caller: str, data: st.DataObject, size: int | None, odd: int) -> None:
        assert self.world is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        z = self.world.zones.get(zone)
        caller = self.owner_or_other(data, z.owner if z else None)
        self._list_authorizations(caller, zone, size, odd)

    @precondition(lambda self: self.world is not None)
    @rule(caller=CALLERS, data=st.data(), size=PAGE_SIZES, odd=st.integers(0, 4))
    def reads(self, caller: str, data: st.DataObject, size: int | None, odd: int) -> None:
        assert self.world is not None and self.model is not None
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        self._get_zone(caller, zone)
        try:
            limit = r53.get_hosted_zone_limit(self.world, caller=caller, hosted_zone_id=zone)
            actual: tuple[Any, ...] = ("ok", (limit.value, limit.count))
        except Route53Error as exc:
            actual = refused(exc)
        expected = self.model.get_limit(caller, zone)
        self.compare(actual, expected, f"get_hosted_zone_limit({caller}, {zone})")
        assert actual[0] != "ok" or actual == expected
        vpc_id, region = self._vpc_and_region(data)
        known = self.world.vpcs.get(vpc_id)
        if known is not None and data.draw(st.integers(0, 3)):
            caller = known.owner
        self._list_by_vpc(caller, vpc_id, region, size, odd)
        change = self.pick(data, self.change_ids, "CNOPE")
        try:
            actual = ("ok", r53.get_change(self.world, caller=caller, change_id=change).status.value)
        except Route53Error as exc:
            actual = refused(exc)
        expected = self.model.get_change(caller, change)
        self.compare(actual, expected, f"get_change({caller}, {change})")
        assert actual == expected or actual[0] == "error"

    @precondition(lambda self: self.world is not None)
    @rule(seconds=SECONDS)
    def advance(self, seconds: int) -> None:
        assert self.world is not None and self.model is not None
        self.world = r53.advance(self.world, seconds=seconds)
        self.model.advance(seconds)

    # -- records, tags, zone listings and metadata (surface.md §S1–§S4) ----------

    def _surface(self, data: st.DataObject) -> None:
        """First use: draw the record quota and maybe start a zone near the tag limit; adopt new zones."""
        assert self.world is not None and self.model is not None
        if not self.surface_ready:
            self.surface_ready = True
            quota = data.draw(st.sampled_from([10000, 10000, 4]), label="rrsets_per_zone")
            self.world = attrs.evolve(
                self.world, quotas=attrs.evolve(self.world.quotas, rrsets_per_zone=quota)
            )
            self.model.rrsets_per_zone = quota
            owned = self.model.owned(SEED_TAGGED)
            if owned and data.draw(st.integers(0, 2), label="near_tag_limit") == 0:
                for block in range(4):  # 40 tags: a few more and TAG-LIMITS' 50 is reached
                    tags = [(f"s{block}{i}", "seed") for i in range(10)]
                    self._change_tags(SEED_TAGGED, owned[0], tags, None)
        self._adopt_new_zones()

    def _adopt_new_zones(self) -> None:
        """Zones the model has not seen: check their default records; a public zone's name servers
        are drawn by the library, so the model takes them (like ids) after checking their shape."""
        assert self.world is not None and self.model is not None
        for zone_id, zone in self.world.zones.items():
            if zone_id in self.seen_zones:
                continue
            self.seen_zones.add(zone_id)
            if zone.owner is None:
                continue  # a service's zone: no account may list its records
            page = r53.list_resource_record_sets(self.world, caller=zone.owner, hosted_zone_id=zone_id)
            if not zone.private:
                ns = [s for s in page.record_sets if s.type == "NS"]
                assert len(ns) == 1, page
                check_public_name_servers(ns[0].values)
                self.model.name_servers[zone_id] = tuple(ns[0].values)
            expected = self.model.list_records(zone.owner, zone_id, None, None, None)
            assert ("ok", record_page(page)) == expected, f"default records of {zone_id}"

    def _change_tags(
        self, caller: str, resource_id: str, add: list[tuple[str, str]] | None, remove: list[str] | None
    ) -> None:
        assert self.model is not None
        actual = self.run(
            lambda: (
                r53.change_tags_for_resource(
                    self.world,  # type: ignore[arg-type]
                    caller=caller,
                    resource_id=resource_id,
                    add_tags=None if add is None else [{"Key": k, "Value": v} for k, v in add],
                    remove_tag_keys=remove,
                ),
                None,
            )
        )
        expected = self.model.change_tags(caller, resource_id, add, remove)
        self.compare(actual, expected, f"change_tags({caller}, {resource_id}, add={add}, remove={remove})")
        if actual[0] == "ok":
            self.world = actual[1][0]

    def _draw_change(self, data: st.DataObject, zone_id: str, style: str) -> dict[str, Any]:
        """One change of a batch.

        ``tame``: below the apex, common types, valid values, actions that suit what is stored
        (so batches often succeed); DELETE values sometimes match the stored set and sometimes not.
        ``odd``: one deliberate oddity (a name outside the zone, a type in the wrong place, a bad
        value, the apex SOA/NS, two CNAME values, a missing TTL), so its message is the spec's.
        ``wild``: anything from the pools at once.
        """
        assert self.model is not None
        known = self.model.zones.get(zone_id)
        apex = known["name"] if known else "example.com."
        names = record_names(apex)
        stored_sets = self.model.zone_records(zone_id) if known else {}
        oddity = data.draw(st.sampled_from(ODDITIES)) if style == "odd" else None
        if style == "wild":
            name = data.draw(st.sampled_from(names))
            kind = data.draw(st.sampled_from(RECORD_TYPES))
        elif oddity == "outside":
            name, kind = data.draw(st.sampled_from(names[7:])), data.draw(st.sampled_from(TAME_TYPES))
        elif oddity == "misplaced":
            name, kind = data.draw(
                st.sampled_from(
                    [
                        (names[0], "CNAME"),
                        (names[1], "CNAME"),
                        (names[2], "SOA"),
                        (names[6], "NS"),
                        (names[5], "NS"),
                    ]
                )
            )
        elif oddity == "apex":
            name, kind = data.draw(st.sampled_from(names[:2])), data.draw(st.sampled_from(["SOA", "NS"]))
        else:
            below = [(n, t) for n, t in sorted(stored_sets) if n != apex]
            if below and oddity != "bad value" and data.draw(st.booleans()):
                name, kind = data.draw(st.sampled_from(below))
                name = name.replace("\\052", "*")
                if data.draw(st.booleans()):
                    name = name[:-1].upper()
            else:
                name = data.draw(st.sampled_from(names[2:7]))
                kind = data.draw(
                    st.sampled_from(TAME_TYPES if oddity != "bad value" else sorted(INVALID_VALUES))
                )
        stored = stored_sets.get((normalise(name), kind))
        if style == "wild" or oddity in ("outside", "misplaced"):
            action = data.draw(st.sampled_from(["CREATE", "DELETE", "UPSERT"]))
        elif stored is None:
            action = data.draw(st.sampled_from(["CREATE", "CREATE", "UPSERT"]))
        else:
            action = data.draw(st.sampled_from(["DELETE", "DELETE", "UPSERT", "CREATE"]))
        if oddity == "shape" or (style == "wild" and data.draw(st.integers(0, 30)) == 0):
            return {"action": action, "name": name, "type": kind, "ttl": None, "values": None}
        if action == "DELETE" and stored is not None and data.draw(st.integers(0, 2)):
            ttl, values = stored
            if data.draw(st.booleans()):
                values = tuple(reversed(values))  # order does not matter to a DELETE
            return {"action": action, "name": name, "type": kind, "ttl": ttl, "values": list(values)}
        ttl = data.draw(st.sampled_from([60, 300]))
        pool = VALID_VALUES[kind]
        if oddity == "bad value":  # one bad value, now and then beside a good one
            values = [data.draw(st.sampled_from(INVALID_VALUES[kind]))]
            if kind != "CNAME" and data.draw(st.booleans()):
                values.insert(data.draw(st.integers(0, 1)), data.draw(st.sampled_from(pool)))
            return {"action": action, "name": name, "type": kind, "ttl": ttl, "values": values}
        if style == "wild" and kind in INVALID_VALUES and data.draw(st.booleans()):
            pool = pool + INVALID_VALUES[kind]
        if kind == "SOA" or (kind == "CNAME" and oddity != "two values" and style != "wild"):
            count = 1
        elif oddity == "two values":
            count = 2
        else:
            count = data.draw(st.integers(1, 2))
        values = data.draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count, unique=True))
        return {"action": action, "name": name, "type": kind, "ttl": ttl, "values": values}

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(size=st.integers(1, 3), data=st.data())
    def change_records(self, size: int, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        style = data.draw(st.sampled_from(["tame", "tame", "tame", "odd", "odd", "wild"]))
        owned = sorted(
            z
            for z, zone in self.world.zones.items()
            if zone.owner is not None and not self.model.busy(self.model.zones[z])
        )
        if owned and (style != "wild" or data.draw(st.booleans())):  # mostly the owner, its zone
            zone = data.draw(st.sampled_from(owned))
            caller = self.world.zones[zone].owner  # type: ignore[assignment]
        else:
            zone = self.pick(data, self.zone_ids(), "ZNOPE")
            z = self.world.zones.get(zone)
            caller = self.owner_or_other(data, z.owner if z else None)
        styles = [style if style != "odd" or data.draw(st.booleans()) else "tame" for _ in range(size)]
        changes = [self._draw_change(data, zone, one) for one in styles]
        actual = self.run(
            lambda: r53.change_resource_record_sets(
                self.world,  # type: ignore[arg-type]
                caller=caller,
                hosted_zone_id=zone,
                changes=[r53.RecordChange(**c) for c in changes],
            )
        )
        change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
        expected = self.model.change_records(caller, zone, changes, change)
        self.compare(actual, expected, f"change_records({caller}, {zone}, {changes})")
        if actual[0] == "ok":
            self.world = actual[1][0]
            self.change_ids.append(change)

    @precondition(
        lambda self: self.model is not None and any(len(sets) > 2 for sets in self.model.records.values())
    )
    @rule(empty_first=st.booleans(), data=st.data())
    def delete_zone_with_records(self, empty_first: bool, data: st.DataObject) -> None:
        """DHZ-NOT-EMPTY, and a zone emptied by one batch deletes, its records gone with it."""
        assert self.world is not None and self.model is not None
        self._surface(data)
        zone = data.draw(
            st.sampled_from(sorted(z for z, sets in self.model.records.items() if len(sets) > 2))
        )
        caller = self.owner_or_other(data, self.model.zones[zone]["owner"])
        if empty_first:
            apex = self.model.zones[zone]["name"]
            changes = [
                {"action": "DELETE", "name": name, "type": kind, "ttl": ttl, "values": list(values)}
                for (name, kind), (ttl, values) in sorted(self.model.records[zone].items())
                if (name, kind) not in ((apex, "SOA"), (apex, "NS"))
            ]
            actual = self.run(
                lambda: r53.change_resource_record_sets(
                    self.world,  # type: ignore[arg-type]
                    caller=caller,
                    hosted_zone_id=zone,
                    changes=[r53.RecordChange(**c) for c in changes],
                )
            )
            change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
            expected = self.model.change_records(caller, zone, changes, change)
            self.compare(actual, expected, f"emptying {zone}: {changes}")
            if actual[0] == "ok":
                self.world = actual[1][0]
                self.change_ids.append(change)
        actual = self.run(lambda: r53.delete_hosted_zone(self.world, caller=caller, hosted_zone_id=zone))  # type: ignore[arg-type]
        change = actual[1][1].bare_id if actual[0] == "ok" else "CNONE"
        self.compare(actual, self.model.delete_zone(caller, zone, change), f"delete_zone({caller}, {zone})")
        if actual[0] == "ok":
            self.world = actual[1][0]
            self.change_ids.append(change)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data())
    def list_records(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        z = self.world.zones.get(zone)
        caller = self.owner_or_other(data, z.owner if z else None)
        known = self.model.zones.get(zone)
        names = record_names(known["name"] if known else "example.com.")
        mode = data.draw(st.integers(0, 12))
        name = data.draw(st.sampled_from(names)) if 0 < mode < 12 else None
        kind = data.draw(st.sampled_from(RECORD_TYPES)) if mode >= 6 else None
        max_items = data.draw(st.sampled_from([None, 1, 1, 2, 3, "2", 500]))
        if data.draw(st.integers(0, 20)) == 0:
            max_items = data.draw(st.sampled_from([0, "-1", "many"]))
        for _ in range(30):
            try:
                page = r53.list_resource_record_sets(
                    self.world,
                    caller=caller,
                    hosted_zone_id=zone,
                    start_record_name=name,
                    start_record_type=kind,
                    max_items=max_items,
                )
                actual: tuple[Any, ...] = ("ok", record_page(page))
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_records(caller, zone, name, kind, max_items)
            self.compare(actual, expected, f"list_records({caller}, {zone}, {name}, {kind}, {max_items})")
            if actual[0] != "ok":
                break
            what = f"list_records({caller}, {zone}, {name}, {kind}, {max_items})"
            assert actual == expected, f"{what}: library {actual}, model {expected}"
            if not page.is_truncated:
                break
            name, kind = page.next_record_name, page.next_record_type
        try:
            limit = r53.get_hosted_zone_limit(
                self.world, caller=caller, hosted_zone_id=zone, type="MAX_RRSETS_BY_ZONE"
            )
            actual = ("ok", (limit.value, limit.count))
        except Route53Error as exc:
            actual = refused(exc)
        self.compare(actual, self.model.record_limit(caller, zone), "MAX_RRSETS_BY_ZONE")
        assert actual[0] != "ok" or actual == self.model.record_limit(caller, zone)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(data=st.data())
    def change_tags(self, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        z = self.world.zones.get(zone)
        caller = self.owner_or_other(data, z.owner if z else None)
        mode = data.draw(st.integers(0, 11))
        keys = st.sampled_from(TAG_KEYS)
        add: list[tuple[str, str]] | None = None
        remove: list[str] | None = None
        if mode <= 5:  # an ordinary change: add and/or remove a few keys (absent ones too)
            add_keys = data.draw(st.lists(keys, max_size=3, unique=True))
            remove_keys = [k for k in data.draw(st.lists(keys, max_size=2, unique=True)) if k not in add_keys]
            add = [(k, data.draw(st.sampled_from(["", "a", "b"]))) for k in add_keys] or None
            remove = remove_keys or None
            if add is None and remove is None:
                add = [("env", "a")]
        elif mode <= 7:  # ten new keys on the caller's most tagged zone: TAG-LIMITS in a few steps
            caller = data.draw(CALLERS)
            owned = self.model.owned(caller)
            if owned:
                zone = max(owned, key=lambda zid: len(self.model.tags.get(zid, {})))  # type: ignore[union-attr]
            block = data.draw(st.integers(0, 5))
            add = [(f"f{block}{i}", "fill") for i in range(10)]
        elif mode == 8:
            add = [(f"k{i}", "") for i in range(11)] if data.draw(st.booleans()) else None
            remove = None if add else [f"k{i}" for i in range(11)]
        elif mode == 9:
            pass  # neither list
        elif mode == 10:
            add, remove = [("env", "a")], ["env"]
        else:
            zone, add = "Z" + "0" * 32, [("env", "a")]
        self._change_tags(caller, zone, add, remove)

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(caller=CALLERS, data=st.data())
    def list_tags(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        if data.draw(st.booleans()):
            zone = self.pick(data, self.zone_ids(), "ZNOPE")
            z = self.world.zones.get(zone)
            caller = self.owner_or_other(data, z.owner if z else None)
            if data.draw(st.integers(0, 15)) == 0:
                zone = "Z" + "1" * 32
            try:
                found = r53.list_tags_for_resource(self.world, caller=caller, resource_id=zone)
                actual: tuple[Any, ...] = ("ok", tag_set(found))
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_tags(caller, zone)
        else:
            owned = self.model.owned(caller)
            ids = data.draw(st.lists(st.sampled_from(owned), min_size=1, max_size=3)) if owned else ["ZNOPE"]
            odd = data.draw(st.integers(0, 7))
            if odd == 0:  # one id that is unknown or another account's, somewhere in the list
                ids.insert(data.draw(st.integers(0, len(ids))), self.pick(data, self.zone_ids(), "ZNOPE"))
            elif odd == 1:
                ids = (ids * 11)[:11]
            try:
                many = r53.list_tags_for_resources(self.world, caller=caller, resource_ids=ids)
                actual = ("ok", tuple(tag_set(one) for one in many))
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_tags_many(caller, ids)
        self.compare(actual, expected, "list_tags")
        assert actual[0] != "ok" or actual == expected

    @precondition(lambda self: self.world is not None)
    @rule(caller=CALLERS, data=st.data())
    def list_zones(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        mode = data.draw(st.integers(0, 9))
        max_items = data.draw(st.sampled_from([None, 1, 1, 2, 3, "2", 500]))
        marker = zone_type = delegation = None
        if mode == 0:
            max_items = data.draw(st.sampled_from([0, "-1", "many"]))
        elif mode == 1:
            zone_type = data.draw(st.sampled_from(["PublicHostedZone", "private"]))
        elif mode == 2:
            delegation = "N1PA6795SAMPLE"
        elif mode <= 4:
            marker = self.pick(data, self.zone_ids(), "ZNOPE")
        elif mode == 5:
            zone_type = "PrivateHostedZone"
        for _ in range(30):
            try:
                page = r53.list_hosted_zones(
                    self.world,
                    caller=caller,
                    marker=marker,
                    max_items=max_items,
                    hosted_zone_type=zone_type,
                    delegation_set_id=delegation,
                )
                actual: tuple[Any, ...] = (
                    "ok",
                    (
                        tuple(zone_entry(z) for z in page.zones),
                        page.max_items,
                        page.is_truncated,
                        page.marker,
                        page.next_marker,
                    ),
                )
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_zones(caller, marker, max_items, zone_type, delegation)
            what = f"list_hosted_zones({caller}, {marker}, {max_items}, {zone_type}, {delegation})"
            self.compare(actual, expected, what)
            if actual[0] != "ok":
                break
            assert actual == expected, f"{what}: library {actual}, model {expected}"
            if not page.is_truncated:
                break
            marker = page.next_marker
        count = r53.get_hosted_zone_count(self.world, caller=caller)
        assert ("ok", count) == self.model.zone_count(caller)

    @precondition(lambda self: self.world is not None)
    @rule(caller=CALLERS, data=st.data())
    def list_zones_by_name(self, caller: str, data: st.DataObject) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        mode = data.draw(st.integers(0, 9))
        max_items = data.draw(st.sampled_from([None, 1, 1, 2, 3, "2", 500]))
        dns_name: str | None = None
        zone_id: str | None = None
        if mode <= 4:
            dns_name = data.draw(NAMES | st.sampled_from(["zzz.example", "a", "COM", "corp.example.com."]))
        elif mode == 5:
            zone_id = self.pick(data, self.zone_ids(), "ZNOPE")
        elif mode == 6:
            dns_name = data.draw(st.sampled_from(["a..b", "x" * 64 + ".example"]))
        elif mode == 7:
            max_items = data.draw(st.sampled_from([0, "-1", "many"]))
        for _ in range(30):
            try:
                page = r53.list_hosted_zones_by_name(
                    self.world, caller=caller, dns_name=dns_name, hosted_zone_id=zone_id, max_items=max_items
                )
                actual: tuple[Any, ...] = (
                    "ok",
                    (
                        tuple(zone_entry(z) for z in page.zones),
                        page.max_items,
                        page.is_truncated,
                        page.dns_name,
                        page.hosted_zone_id,
                        page.next_dns_name,
                        page.next_hosted_zone_id,
                    ),
                )
            except Route53Error as exc:
                actual = refused(exc)
            expected = self.model.list_zones_by_name(caller, dns_name, zone_id, max_items)
            what = f"list_hosted_zones_by_name({caller}, {dns_name}, {zone_id}, {max_items})"
            self.compare(actual, expected, what)
            if actual[0] != "ok":
                break
            assert actual == expected, f"{what}: library {actual}, model {expected}"
            if not page.is_truncated:
                break
            dns_name, zone_id = page.next_dns_name, page.next_hosted_zone_id

    @precondition(lambda self: self.world is not None and len(self.world.zones) > 0)
    @rule(data=st.data(), comment=st.sampled_from([None, "", "hello", "Hello again", "x" * 257]))
    def zone_metadata(self, data: st.DataObject, comment: str | None) -> None:
        assert self.world is not None and self.model is not None
        self._surface(data)
        zone = self.pick(data, self.zone_ids(), "ZNOPE")
        z = self.world.zones.get(zone)
        caller = self.owner_or_other(data, z.owner if z else None)
        try:
            status = r53.get_dnssec(self.world, caller=caller, hosted_zone_id=zone)
            actual: tuple[Any, ...] = ("ok", (status.serve_signature, tuple(status.key_signing_keys)))
        except Route53Error as exc:
            actual = refused(exc)
        expected = self.model.get_dnssec(caller, zone)
        self.compare(actual, expected, f"get_dnssec({caller}, {zone})")
        assert actual[0] != "ok" or actual == expected
        actual = self.run(
            lambda: r53.update_hosted_zone_comment(
                self.world,  # type: ignore[arg-type]
                caller=caller,
                hosted_zone_id=zone,
                comment=comment,
            )
        )
        expected = self.model.update_comment(caller, zone, comment)
        self.compare(actual, expected, f"update_hosted_zone_comment({caller}, {zone}, {comment!r})")
        if actual[0] == "ok":
            assert zone_entry(actual[1][1]) == expected[1]
            self.world = actual[1][0]

    # -- invariants -----------------------------------------------------------

    @invariant()
    def indexes_equal_recomputation(self) -> None:
        # World.check recomputes everything: judge each world once (a read leaves it as it was).
        if self.world is not None and self.world is not self.checked.get("indexes"):
            assert self.world.check() == []
            self.checked["indexes"] = self.world

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

    @invariant()
    def same_authorizations_as_the_model(self) -> None:
        """Each zone's authorizations, through the public listing a page of one at a time."""
        if self.world is not None and self.model is not None and self.world is not self.checked.get("auths"):
            self.checked["auths"] = self.world
            for zone_id, zone in self.model.zones.items():
                if zone["owner"] is None or not zone["private"]:
                    continue
                seen: list[tuple[str, str]] = []
                token: str | None = None
                for _ in range(len(self.model.auths.get(zone_id, ())) + 1):
                    page = r53.list_authorizations(
                        self.world,
                        caller=zone["owner"],
                        hosted_zone_id=zone_id,
                        max_results=1,
                        next_token=token,
                    )
                    seen.extend(page.vpcs)
                    token = page.next_token
                    if token is None:
                        break
                assert token is None and seen == self.model.authorizations(zone_id), (zone_id, seen)

    @invariant()
    def same_record_counts_as_the_model(self) -> None:
        """Each account-owned zone's record count, read through GetHostedZoneLimit (MAX_RRSETS_BY_ZONE)."""
        if (
            self.world is not None
            and self.model is not None
            and self.world is not self.checked.get("records")
        ):
            self.checked["records"] = self.world
            self._adopt_new_zones()
            for zone_id, zone in self.world.zones.items():
                if zone.owner is None:
                    continue  # a service's zone: no account reads it
                limit = r53.get_hosted_zone_limit(
                    self.world, caller=zone.owner, hosted_zone_id=zone_id, type="MAX_RRSETS_BY_ZONE"
                )
                assert limit.count == len(self.model.zone_records(zone_id)), zone_id

    @invariant()
    def same_tags_as_the_model(self) -> None:
        if self.world is not None and self.model is not None:
            assert {z: tags for z, tags in self.world.zone_tags.items() if tags} == {
                z: tuple(tags.items()) for z, tags in self.model.tags.items() if tags
            }


# -- records, tags and zone listings: the pools the surface rules draw from ----------

SEED_TAGGED = "111111111111"
RECORD_TYPES = ["A", "A", "TXT", "CNAME", "MX", "NS", "SOA"]
TAME_TYPES = ["A", "A", "TXT", "CNAME", "MX"]
ODDITIES = ["outside", "misplaced", "apex", "bad value", "two values", "shape"]
TAG_KEYS = ["env", "team", "owner", "cost", "app"]
VALID_VALUES = {
    "A": ["192.0.2.1", "192.0.2.2", "198.51.100.7"],
    "TXT": ['"hello"', '"v=spf1 -all"', '"a" "b"'],
    "CNAME": ["target.example.net", "other.example.net."],
    "MX": ["10 mail.example.com", "20 mx.example.net."],
    "NS": ["ns1.example.net.", "ns2.example.net"],
    "SOA": [
        "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
        "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 2 7200 900 1209600 86400",
    ],
}
INVALID_VALUES = {
    "A": ["192.0.2.300", "192.0.2.1 192.0.2.2", "host"],
    "TXT": ["hello"],
    "CNAME": ["bad..example.net"],
    "NS": ["bad..example.net"],
}
PUBLIC_NS = re.compile(r"ns-(\d+)\.awsdns-\d\d\.(com|net|org|co\.uk)\.")
PUBLIC_NS_RANGES = {"com": (0, 511), "net": (512, 1023), "org": (1024, 1535), "co.uk": (1536, 2047)}


def record_names(apex: str) -> list[str]:
    """Names in the zone (apex, below it, a wildcard, other spellings) and outside it."""
    base = apex[:-1]
    parent = base.split(".", 1)[1] if "." in base else "org"
    return [
        base,
        base.upper() + ".",
        f"www.{base}",
        f"WWW.{base}.",
        f"mail.{base}",
        f"*.{base}",
        f"deep.www.{base}",
        "other.example.org",
        f"x{base}",
        parent,
    ]


def check_public_name_servers(values: Any) -> None:
    """REC-DEFAULT-PUBLIC: four names of the observed shape and ranges, none of the private set."""
    assert len(values) == 4 and len(set(values)) == 4, values
    for value in values:
        assert value not in PRIVATE_NS, value
        match = PUBLIC_NS.fullmatch(value)
        assert match is not None, value
        low, high = PUBLIC_NS_RANGES[match.group(2)]
        assert low <= int(match.group(1)) <= high, value


def record_page(page: r53.RecordSetPage) -> tuple[Any, ...]:
    sets = tuple((s.name, s.type, s.ttl, tuple(s.values)) for s in page.record_sets)
    return (sets, page.is_truncated, page.max_items, page.next_record_name, page.next_record_type)


def zone_entry(zone: r53.HostedZone) -> tuple[Any, ...]:
    return (zone.id, zone.name, zone.private, zone.caller_reference, zone.comment)


def tag_set(found: r53.ResourceTagSet) -> tuple[Any, ...]:
    return (found.resource_type, found.resource_id, tuple(tuple(t) for t in found.tags))


def test_the_model_covers_every_partition_and_region_the_library_models() -> None:
    """The model's table (copied from rules.md §1) is the library's: the machine draws from all of it."""
    assert tuple(PARTITIONS) == r53.PARTITIONS
    assert {name: r53.Partition(name).regions for name in r53.PARTITIONS} == PARTITIONS
    assert sorted(PARTITION_OF) == list(r53.REGIONS)
    assert all(r53.partition_of(region) == partition for region, partition in PARTITION_OF.items())


# max_examples comes from the profile chosen in conftest (HYPOTHESIS_PROFILE).
AssociationMachine.TestCase.settings = settings(stateful_step_count=40)
TestAssociationMachine = AssociationMachine.TestCase

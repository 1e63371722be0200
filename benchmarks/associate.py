"""associate() cost against the world's size: µs per call at 1k, 10k and 100k associations.

Run: python benchmarks/associate.py [--sizes 1000 10000 100000] [--calls 2000]

Each world has zones of 100 VPCs each (every VPC its own account-owned VPC), built
through the public operations.  The timed calls each associate a fresh VPC with a
zone picked round-robin; each call starts from the same big world, so the size does
not drift during the measurement.

For comparison, the same run times the effect alone on the same requests (the new
world and the change, with no rule checked): ``associate`` / effect is what the
nine checks and the request cost on top of the transition itself (the effect is
given the requests as the input rule returns them, made outside the timing).  Times are of
this process's CPU (``time.process_time``), best of five rounds, so that other work
on a shared machine counts as little as possible.  Goals: at most 5 µs at 1k and 7
µs at 100k associations; the 100k / 1k ratio at most 3.

``--floor`` also times the parts on the same requests: the input rule alone, the nine
checks alone, and the persistent updates alone (the zone's VPCs, the zones map, the
VPC's zones by name and the map of those, the change log), without the new values
or the rules: what no design keeping these structures can go below.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import route53_assoc as r53
from route53_assoc._associate import ASSOCIATE, AssociateRequest
from route53_assoc._ids import change_id

OWNER = "111111111111"
PER_ZONE = 100


def build(associations: int) -> tuple[r53.World, list[str]]:
    world = r53.World.empty(quotas=r53.Quotas(zones_per_account=10**6, vpcs_per_region=10**9))
    zones: list[str] = []
    count = 0
    while count < associations:
        world, vpc = r53.create_vpc(world, owner=OWNER, region="us-east-1")
        world, created = r53.create_hosted_zone(
            world,
            caller=OWNER,
            name=f"z{len(zones)}.example",
            caller_reference=f"r{len(zones)}",
            vpc_id=vpc.id,
            vpc_region="us-east-1",
        )
        zones.append(created.zone.id)
        count += 1
        for _ in range(min(PER_ZONE - 1, associations - count)):
            world, vpc = r53.create_vpc(world, owner=OWNER, region="us-east-1")
            world, _ = r53.associate(
                world, caller=OWNER, hosted_zone_id=created.zone.id, vpc_id=vpc.id, vpc_region="us-east-1"
            )
            count += 1
    return world, zones


def measure(world: r53.World, zones: list[str], calls: int, *, floor: bool = False) -> dict[str, float]:
    """µs per call: ``associate``, and the effect alone on the same requests.

    With *floor*, also the parts: the input rule alone (from the request as given), the
    nine checks alone (on the checked requests), and the persistent updates alone.
    """
    fresh = []
    for _ in range(calls):
        world, vpc = r53.create_vpc(world, owner=OWNER, region="us-east-1")
        fresh.append(vpc.id)
    effect = ASSOCIATE.effect
    # The effect takes the request as the input rule returns it (checked, with what
    # the later rules read looked up); that is done here, outside the timing.
    check_input = ASSOCIATE.rules[0].check
    given = [
        AssociateRequest(caller=OWNER, hosted_zone_id=zones[i % len(zones)], vpc_id=vpc_id, vpc_region="us-east-1")
        for i, vpc_id in enumerate(fresh)
    ]
    requests = [check_input(world, request) for request in given]

    def run_associate() -> None:
        for i, vpc_id in enumerate(fresh):
            r53.associate(
                world,
                caller=OWNER,
                hosted_zone_id=zones[i % len(zones)],
                vpc_id=vpc_id,
                vpc_region="us-east-1",
            )

    def run_effect() -> None:
        for request in requests:
            effect(world, request)

    timed = {"associate": run_associate, "effect": run_effect}
    if floor:
        checks = [rule.check for rule in ASSOCIATE.rules[1:]]

        def run_input() -> None:
            for request in given:
                check_input(world, request)

        def run_checks() -> None:
            for request in requests:
                for check in checks:
                    check(world, request)

        timed |= {"input rule": run_input, "nine checks": run_checks, "updates": _updates(world, requests)}
    best = dict.fromkeys(timed, float("inf"))
    for _ in range(5):
        for name, run in timed.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], (time.process_time() - start) / calls * 1e6)
    return best


def _updates(world: r53.World, requests: list[Any]) -> Callable[[], None]:
    """The persistent updates an association makes, and nothing else (the floor).

    The zone's VPCs, the zones map (the zone is a new value), the VPC's zones by name
    and the map of VPCs to those, and the change log: what any design keeping every
    operation O(log n) with these structures must do, without the values (new zone,
    new world, change, result) or the rules.
    """
    zones, vpc_names, changes = world.zones, world.vpc_names, world.changes
    number = world.sequence + 1
    record = (number, change_id(number), "Z", OWNER, world.now, None)

    def run() -> None:
        for r in requests:
            zone = r.zone
            zone.associations.set(r.vpc_id, r.vpc_region)
            zones.set(zone.id, zone)
            vpc_names.set(r.vpc_id, r.names.set(zone.name, zone.id))
            changes.appended(record)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--calls", type=int, default=5_000)
    parser.add_argument(
        "--floor", action="store_true", help="also time the input rule, the nine checks and the persistent updates alone"
    )
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        start = time.perf_counter()
        world, zones = build(size)
        built = time.perf_counter() - start
        figures = measure(world, zones, args.calls, floor=args.floor)
        results[size], effect = figures["associate"], figures["effect"]
        print(
            f"{size:>8} associations: associate {results[size]:6.2f} µs/op, the effect alone "
            f"{effect:5.2f} µs/op: {results[size] / effect:.2f}x   (world built in {built:.1f} s)"
        )
        if args.floor:
            print(
                f"{'':>8} parts: input rule {figures['input rule']:5.2f}, nine checks {figures['nine checks']:5.2f}, "
                f"persistent updates alone {figures['updates']:5.2f} µs/op"
            )
    small, large = min(results), max(results)
    print(f"ratio {large} / {small}: {results[large] / results[small]:.2f}x (goal: at most 3x)")


if __name__ == "__main__":
    main()

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
"""

from __future__ import annotations

import argparse
import time

import route53_assoc as r53
from route53_assoc._associate import ASSOCIATE, AssociateRequest

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


def measure(world: r53.World, zones: list[str], calls: int) -> tuple[float, float]:
    """µs per call: ``associate``, and the effect alone on the same requests."""
    fresh = []
    for _ in range(calls):
        world, vpc = r53.create_vpc(world, owner=OWNER, region="us-east-1")
        fresh.append(vpc.id)
    effect = ASSOCIATE.effect
    # The effect takes the request as the input rule returns it (checked, with what
    # the later rules read looked up); that is done here, outside the timing.
    check_input = ASSOCIATE.rules[0].check
    requests = [
        check_input(
            world,
            AssociateRequest(
                caller=OWNER, hosted_zone_id=zones[i % len(zones)], vpc_id=vpc_id, vpc_region="us-east-1"
            ),
        )
        for i, vpc_id in enumerate(fresh)
    ]
    best = best_effect = float("inf")
    for _ in range(5):
        start = time.process_time()
        for i, vpc_id in enumerate(fresh):
            r53.associate(
                world,
                caller=OWNER,
                hosted_zone_id=zones[i % len(zones)],
                vpc_id=vpc_id,
                vpc_region="us-east-1",
            )
        best = min(best, (time.process_time() - start) / calls * 1e6)
        start = time.process_time()
        for request in requests:
            effect(world, request)
        best_effect = min(best_effect, (time.process_time() - start) / calls * 1e6)
    return best, best_effect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--calls", type=int, default=5_000)
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        start = time.perf_counter()
        world, zones = build(size)
        built = time.perf_counter() - start
        results[size], effect = measure(world, zones, args.calls)
        print(
            f"{size:>8} associations: associate {results[size]:6.2f} µs/op, the effect alone "
            f"{effect:5.2f} µs/op: {results[size] / effect:.2f}x   (world built in {built:.1f} s)"
        )
    small, large = min(results), max(results)
    print(f"ratio {large} / {small}: {results[large] / results[small]:.2f}x (goal: at most 3x)")


if __name__ == "__main__":
    main()

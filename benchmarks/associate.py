"""associate() cost against the world's size: µs per call at 1k, 10k and 100k associations.

Run: python benchmarks/associate.py [--sizes 1000 10000 100000] [--calls 2000]

Each world has zones of 100 VPCs each (every VPC its own account-owned VPC), built
through the public operations.  The timed calls each associate a fresh VPC with a
zone picked round-robin; each call starts from the same big world, so the size does
not drift during the measurement.  The last line prints the 100k / 1k ratio (the
goal: at most 3).
"""

from __future__ import annotations

import argparse
import time

import route53_assoc as r53

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


def measure(world: r53.World, zones: list[str], calls: int) -> float:
    fresh = []
    for _ in range(calls):
        world, vpc = r53.create_vpc(world, owner=OWNER, region="us-east-1")
        fresh.append(vpc.id)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i, vpc_id in enumerate(fresh):
            r53.associate(
                world,
                caller=OWNER,
                hosted_zone_id=zones[i % len(zones)],
                vpc_id=vpc_id,
                vpc_region="us-east-1",
            )
        best = min(best, (time.perf_counter() - start) / calls * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--calls", type=int, default=2_000)
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        start = time.perf_counter()
        world, zones = build(size)
        built = time.perf_counter() - start
        results[size] = measure(world, zones, args.calls)
        print(
            f"{size:>8} associations: associate {results[size]:7.1f} µs/op   (world built in {built:.1f} s)"
        )
    small, large = min(results), max(results)
    print(f"ratio {large} / {small}: {results[large] / results[small]:.2f}x (goal: at most 3x)")


if __name__ == "__main__":
    main()

"""Record-set costs against a zone's size: µs per call at 1k, 10k and 100k record sets.

Run: python benchmarks/records.py [--sizes 1000 10000 100000] [--calls 2000]

One public zone is filled through ChangeResourceRecordSets (batches of 500 CREATEs,
the zone's record-set quota raised), then two operations are timed, each call on
the same big world so the size does not drift:

- ChangeResourceRecordSets with one CREATE of a new A record;
- ListResourceRecordSets, one page of 100 items starting from the middle of the zone.

The last lines print the 100k / 1k ratio of each (O(log n): close to 1).
"""

from __future__ import annotations

import argparse
import time

import route53_assoc as r53

OWNER = "111111111111"
BATCH = 500


def build(size: int) -> tuple[r53.World, str]:
    world = r53.World.empty(quotas=r53.Quotas(rrsets_per_zone=size + 10**6))
    world, created = r53.create_hosted_zone(world, caller=OWNER, name="example.com", caller_reference="bench")
    zone = created.zone.id
    for start in range(0, size - 2, BATCH):
        changes = [
            r53.RecordChange(
                action="CREATE", name=f"h{i:07d}.example.com", type="A", ttl=60, values=("192.0.2.1",)
            )
            for i in range(start, min(start + BATCH, size - 2))
        ]
        world, _ = r53.change_resource_record_sets(world, caller=OWNER, hosted_zone_id=zone, changes=changes)
    return world, zone


def time_change(world: r53.World, zone: str, calls: int) -> float:
    changes = [
        [
            r53.RecordChange(
                action="CREATE", name=f"new{i}.example.com", type="A", ttl=60, values=("192.0.2.9",)
            )
        ]
        for i in range(calls)
    ]
    began = time.perf_counter()
    for batch in changes:
        r53.change_resource_record_sets(world, caller=OWNER, hosted_zone_id=zone, changes=batch)
    return (time.perf_counter() - began) / calls * 1e6


def time_list(world: r53.World, zone: str, size: int, calls: int) -> float:
    middle = f"h{size // 2:07d}.example.com"
    began = time.perf_counter()
    for _ in range(calls):
        page = r53.list_resource_record_sets(
            world, caller=OWNER, hosted_zone_id=zone, start_record_name=middle, max_items=100
        )
    elapsed = time.perf_counter() - began
    assert len(page.record_sets) == 100
    return elapsed / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    results: dict[int, tuple[float, float]] = {}
    for size in args.sizes:
        began = time.perf_counter()
        world, zone = build(size)
        built = time.perf_counter() - began
        count = len(world.records[zone])
        assert count == size, (count, size)
        change = min(time_change(world, zone, args.calls) for _ in range(3))
        listing = min(time_list(world, zone, size, args.calls) for _ in range(3))
        results[size] = (change, listing)
        print(
            f"{size:>7} record sets (built in {built:.1f}s): ChangeResourceRecordSets (1 CREATE) "
            f"{change:8.1f} µs/op   ListResourceRecordSets (100 from the middle) {listing:8.1f} µs/op"
        )
    low, high = min(results), max(results)
    if low != high:
        print(
            f"ratio {high}/{low}: change {results[high][0] / results[low][0]:.2f}, "
            f"list {results[high][1] / results[low][1]:.2f}"
        )


if __name__ == "__main__":
    main()

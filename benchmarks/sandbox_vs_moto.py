"""AssociateVPCWithHostedZone calls per second through real boto3 clients, three ways, in one run.

Run: python benchmarks/sandbox_vs_moto.py [--calls 2000] [--rounds 5]

- sandbox: route53-assoc's Sandbox answering the client (every rule checked);
- every step: the same, with the sandbox's shortcut off (``Sandbox._shortcut = False``):
           the client runs every botocore step, serialisation and endpoint resolution
           included, as a plain boto3 client answered by ``Sandbox.mock()`` does;
- moto:    moto's ``mock_aws`` (needs ``pip install moto``; skipped if missing);
- floor:   the same boto3 client with a ``before-call`` hook returning a constant
           response: what any in-process answer costs at least.

Every call associates a fresh VPC with one private zone (its VPC limit raised), so
each is a real success.  Each way is timed over the same number of calls; the best
of several rounds is kept; the rounds interleave the three ways so that machine
noise hits them alike.  Times are of this process's CPU (``time.process_time``), so
that other work on a shared machine counts as little as possible.  Each way's setup
(2000 fresh VPCs for the sandbox and moto) leaves garbage behind: every way collects
it (``gc.collect()``) just before its timing starts, so that a collection the setup
owes does not land inside the timed calls; the collections the calls themselves cause
(the world grows by one association a call) are timed.  Goals: sandbox
≥ 12× moto, and sandbox/floor time ≤ 1.2.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import boto3

import route53_assoc as r53
from route53_assoc.sandbox import Sandbox

ACCOUNT = "111111111111"


def sandbox_way(calls: int, *, shortcut: bool = True) -> Callable[[], float]:
    sb = Sandbox(world=r53.World.empty(quotas=r53.Quotas(vpcs_per_region=10**9)))  # many VPCs in one region
    sb._shortcut = shortcut
    ec2 = sb.client("ec2", account=ACCOUNT, region_name="us-east-1")
    client = sb.client("route53", account=ACCOUNT)
    first = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    zone = client.create_hosted_zone(
        Name="bench.example", CallerReference="bench", VPC={"VPCRegion": "us-east-1", "VPCId": first}
    )["HostedZone"]["Id"]
    world = r53.set_zone_vpc_limit(sb.world, hosted_zone_id=zone, limit=10**9)
    sb_state = {"world": world}

    def run() -> float:
        # Every round starts from the same world with `calls` fresh VPCs.
        w = sb_state["world"]
        vpcs = []
        for _ in range(calls):
            w, vpc = r53.create_vpc(w, owner=ACCOUNT, region="us-east-1")
            vpcs.append(vpc.id)
        sb.backend.reset(w)  # every round starts from the world with the fresh VPCs
        gc.collect()  # the setup's garbage is collected before the timing, as for every way
        start = time.process_time()
        for vpc_id in vpcs:
            client.associate_vpc_with_hosted_zone(
                HostedZoneId=zone, VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id}
            )
        return time.process_time() - start

    return run


def moto_way(calls: int) -> Callable[[], float] | None:
    try:
        from moto import mock_aws
    except ImportError:
        return None
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

    def run() -> float:
        with mock_aws():
            ec2 = boto3.client("ec2", region_name="us-east-1")
            client = boto3.client("route53", region_name="us-east-1")
            first = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            zone = client.create_hosted_zone(
                Name="bench.example",
                CallerReference="bench",
                VPC={"VPCRegion": "us-east-1", "VPCId": first},
                HostedZoneConfig={"PrivateZone": True},
            )["HostedZone"]["Id"]
            vpcs = [ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"] for _ in range(calls)]
            gc.collect()
            start = time.process_time()
            for vpc_id in vpcs:
                client.associate_vpc_with_hosted_zone(
                    HostedZoneId=zone, VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id}
                )
            return time.process_time() - start

    return run


class _Http:
    status_code = 200
    headers: ClassVar[dict[str, str]] = {}


def floor_way(calls: int) -> Callable[[], float]:
    session = boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    client = session.client("route53")
    response = {
        "ChangeInfo": {
            "Id": "/change/C1",
            "Status": "INSYNC",
            "SubmittedAt": datetime(2026, 1, 1, tzinfo=UTC),
        },
        "ResponseMetadata": {"RequestId": "1", "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0},
    }

    def constant(**_: Any) -> Any:
        return _Http(), dict(response)

    client.meta.events.register("before-call.route53", constant)
    vpcs = [f"vpc-{i:017x}" for i in range(calls)]

    def run() -> float:
        gc.collect()
        start = time.process_time()
        for vpc_id in vpcs:
            client.associate_vpc_with_hosted_zone(
                HostedZoneId="ZBENCH", VPC={"VPCRegion": "us-east-1", "VPCId": vpc_id}
            )
        return time.process_time() - start

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    ways: dict[str, tuple[Callable[[], float] | None, int]] = {
        "floor": (floor_way(args.calls), args.calls),
        "sandbox": (sandbox_way(args.calls), args.calls),
        "every step": (sandbox_way(args.calls, shortcut=False), args.calls),
        "moto": (moto_way(args.calls), args.calls),
    }
    best: dict[str, float] = {}
    for round_number in range(args.rounds):
        for name, (run, calls) in ways.items():
            if run is None:
                continue
            per_call = run() / calls
            best[name] = min(best.get(name, float("inf")), per_call)
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    print()
    for name in ("sandbox", "every step", "moto", "floor"):
        if name in best:
            print(f"{name:>10}: {1 / best[name]:9.0f} associate calls/s   ({best[name] * 1e6:7.1f} µs/call)")
        else:
            print(f"{name:>10}: not measured (moto is not installed)")
    if "moto" in best:
        print(f"sandbox vs moto:  {best['moto'] / best['sandbox']:.1f}x faster (goal: at least 12x)")
    print(
        f"sandbox vs floor: {best['sandbox'] / best['floor']:.3f}x the floor's time per call (goal: at most 1.2x)"
    )
    print(f"every step vs sandbox: {best['every step'] / best['sandbox']:.2f}x the sandbox's time per call")


if __name__ == "__main__":
    main()

"""What a sandbox client costs to make, against boto3's own, and the checker over a sandbox.

Run: python benchmarks/clients.py [--clients 20] [--rounds 5] [--examples 40]

- sandbox: ``Sandbox.client(service, account=...)``, several clients of one sandbox
           (different accounts, as a cross-account test makes them);
- boto3:   ``session.client(service, ...)`` on one shared boto3 session, the same
           number of clients: what boto3 costs at best;
- first:   the first client of a fresh sandbox (one made after others in the process);
- checker: the differential checker driving a sandbox through ``sandbox_adapter``
           (real boto3 clients) against the model, examples per second.

Medians of several rounds, in CPU time of this process (``time.process_time``).
Goals: a sandbox client at most 1.5x a boto3 client; the checker at least 20
examples/s.
"""

from __future__ import annotations

import argparse
import statistics
import time

import boto3

from route53_assoc.sandbox import Sandbox
from route53_assoc.testing.differential import differential_machine, sandbox_adapter

ACCOUNTS = [f"{n:012d}" for n in range(111111111111, 999999999999, 111111111111)]


def sandbox_clients(service: str, count: int) -> float:
    sb = Sandbox()
    sb.client(service)  # the sandbox's first client is measured separately
    start = time.process_time()
    for i in range(count):
        sb.client(service, account=ACCOUNTS[i % len(ACCOUNTS)], region_name="us-east-1")
    return (time.process_time() - start) / count


def first_client(service: str) -> float:
    start = time.process_time()
    Sandbox().client(service)
    return time.process_time() - start


def boto3_clients(service: str, count: int, session: boto3.session.Session) -> float:
    start = time.process_time()
    for i in range(count):
        session.client(
            service,
            region_name="us-east-1",
            aws_access_key_id=f"KEY{i}",
            aws_secret_access_key="secret",
        )
    return (time.process_time() - start) / count


def checker_rate(examples: int) -> float:
    adapter = sandbox_adapter(Sandbox())
    machine = differential_machine(lambda: adapter, max_examples=examples)
    start = time.process_time()
    machine.TestCase().runTest()
    return examples / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--examples", type=int, default=40)
    args = parser.parse_args()
    session = boto3.session.Session(region_name="us-east-1")
    for service in ("route53", "ec2"):  # warm both: the loaders' caches, imports
        session.client(service, aws_access_key_id="k", aws_secret_access_key="s")
        Sandbox().client(service)
    times: dict[str, list[float]] = {}
    for round_number in range(args.rounds):
        for service in ("route53", "ec2"):
            times.setdefault(f"sandbox {service}", []).append(sandbox_clients(service, args.clients))
            times.setdefault(f"boto3 {service}", []).append(boto3_clients(service, args.clients, session))
            times.setdefault(f"first {service}", []).append(first_client(service))
        times.setdefault("checker", []).append(checker_rate(args.examples))
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    median = {name: statistics.median(values) for name, values in times.items()}
    print()
    for service in ("route53", "ec2"):
        sandbox, plain, first = (median[f"{way} {service}"] for way in ("sandbox", "boto3", "first"))
        print(
            f"{service:>8}: sandbox client {sandbox * 1e3:6.2f} ms, boto3 client {plain * 1e3:6.2f} ms: "
            f"{sandbox / plain:.2f}x (goal: at most 1.5x); a fresh sandbox's first {first * 1e3:6.2f} ms"
        )
    print(f" checker: {median['checker']:.1f} examples/s over a sandbox (goal: at least 20)")


if __name__ == "__main__":
    main()

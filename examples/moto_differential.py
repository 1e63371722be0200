"""Point route53-assoc's differential checker at moto.

Run:  pip install route53-assoc[testing] moto && python examples/moto_differential.py

moto is installed only for this example.  Each Hypothesis example starts a fresh
``mock_aws``; boto3 clients are made inside it.  moto has one account here (its
default), so the checker uses one account too.  The checker stops at the first
divergence and prints the shortest sequence of calls it found that shows it.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from typing import Any

import boto3
from moto import mock_aws
from moto.backends import get_backend

from route53_assoc.testing.differential import Divergence, boto3_adapter, differential_machine

ACCOUNT = "123456789012"  # moto's default account


class MotoSystem:
    """moto behind the boto3 adapter; each example starts from moto's reset state.

    One ``mock_aws`` serves the whole run, and the boto3 clients are made once;
    between examples only moto's Route 53 backend is wiped.  Starting moto, making
    clients or re-creating its EC2 backend for every example would make the run, and
    above all Hypothesis's shrinking, many times slower.  EC2 keeps the VPCs of
    earlier examples, which no later example names.
    """

    def __init__(self, *, private_zone_flag: bool) -> None:
        self._mock = mock_aws()
        self._clients: dict[tuple[str, str], Any] = {}
        self.private_zone_flag = private_zone_flag

    def __enter__(self) -> MotoSystem:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "example")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "example")
        self._mock.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._mock.stop()

    def _client(self, service: str, account: str, region: str) -> Any:
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = boto3.client(service, region_name=region)
        return self._clients[key]

    def fresh(self) -> Any:
        """The adapter for one example: moto's Route 53 state wiped first."""
        get_backend("route53").reset()
        return boto3_adapter(self._client, private_zone_flag=self.private_zone_flag)


def check(private_zone_flag: bool, operations: tuple[str, ...] | None = None) -> str | None:
    """Run the checker; the divergence report, or None when none was found."""
    with MotoSystem(private_zone_flag=private_zone_flag) as moto:
        machine = differential_machine(
            moto.fresh, accounts=(ACCOUNT,), max_examples=100, step_count=10, operations=operations
        )
        try:
            machine.TestCase().runTest()
        except Divergence as exc:
            # Hypothesis attaches the shrunk sequence of calls as notes on the exception.
            steps = "\n".join(getattr(exc, "__notes__", []))
            return f"{exc}\n{steps}"
    return None


# Each run after the first leaves out the calls whose divergence an earlier run found,
# to look past it.
ASSOCIATIONS_ONLY = ("associate", "list_hosted_zones_by_vpc", "get_hosted_zone")

RUNS = (
    (True, None, "all calls; zones created with PrivateZone=True, as the console does"),
    (True, ASSOCIATIONS_ONLY, "associations and reads only; PrivateZone=True"),
    (False, ASSOCIATIONS_ONLY, "associations and reads only; zones private by their VPC alone, as Terraform does"),
)


def main() -> int:
    found = False
    for flag, operations, how in RUNS:
        print(f"== moto: {how}", flush=True)
        started = time.perf_counter()
        try:
            report = check(flag, operations)
        except Exception:
            traceback.print_exc()
            return 2
        if report is None:
            print("no divergence found")
        else:
            found = True
            print(f"first divergence: {report}")
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
        print()
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())

"""The testing kit's speed: worlds() examples/s and the differential checker's steps/s, in one run.

Run: python benchmarks/strategies.py [--examples 300] [--rounds 3]

- worlds:   ``@given(worlds())`` at its defaults, examples per second;
- floor:    Hypothesis itself on fifty-step examples (a composite drawing fifty small
            integers and doing nothing with them): what any fifty-step example costs;
- checker:  the differential state machine, the model against the model (its
            defaults: 25 steps an example), calls per second on the system under test
            — each rule's call, and the reads that check both sides after every change
            (about 1.7 calls a rule; the machine figure below is Hypothesis's own rate
            of rule firings, which bounds the checker's rule rate);
- machine:  Hypothesis itself on a state machine of the checker's shape (the same
            nine rules, bundles and arguments; the rules do nothing): what any
            such step costs.

Each is run several rounds; the median is printed.  Rates are per second of this
process's CPU time (``time.process_time``), so that other work on a shared machine
does not count against them.  Goals: worlds() at least 100
examples/s, the checker at least 2,500 steps/s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, rule

from route53_assoc.testing import worlds
from route53_assoc.testing.differential import differential_machine, model_adapter


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )


def worlds_rate(examples: int) -> float:
    count = [0]

    @_settings(examples)
    @given(worlds())
    def test(world: Any) -> None:
        count[0] += 1

    start = time.process_time()
    test()
    return count[0] / (time.process_time() - start)


@st.composite
def _fifty_steps(draw: st.DrawFn) -> int:
    return sum(draw(st.integers(0, 9)) for _ in range(50))


def floor_rate(examples: int) -> float:
    count = [0]

    @_settings(examples)
    @given(_fifty_steps())
    def test(total: int) -> None:
        count[0] += 1

    start = time.process_time()
    test()
    return count[0] / (time.process_time() - start)


class _Counting:
    """The model adapter, counting the calls the checker makes on it."""

    calls = 0

    def __init__(self) -> None:
        self.inner = model_adapter()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.inner, name)

        def counted(*args: Any) -> Any:
            _Counting.calls += 1
            return method(*args)

        return counted


def checker_rate(examples: int) -> float:
    machine = differential_machine(_Counting, max_examples=examples)  # type: ignore[arg-type]
    _Counting.calls = 0
    start = time.process_time()
    machine.TestCase().runTest()
    return _Counting.calls / (time.process_time() - start)


_CALLER = st.sampled_from(["owner", "111111111111", "222222222222"])
_NAME = st.sampled_from(["example.com", "corp.example.com", "a.corp.example.com"])
_REGION = st.sampled_from(["us-east-1", "eu-west-1"])


class _Shape(RuleBasedStateMachine):
    """The checker's rules, bundles and arguments, doing nothing."""

    steps = 0
    vpcs = Bundle("vpcs")
    zones = Bundle("zones")

    def _step(self) -> int:
        _Shape.steps += 1
        return _Shape.steps

    @rule(target=vpcs, owner=_CALLER, region=_REGION)
    def create_vpc(self, owner: str, region: str) -> int:
        return self._step()

    @rule(target=zones, caller=_CALLER, name=_NAME, vpc=st.none() | vpcs)
    def create_hosted_zone(self, caller: str, name: str, vpc: int | None) -> int:
        return self._step()

    @rule(caller=_CALLER, zone=zones, vpc=vpcs)
    def associate(self, caller: str, zone: int, vpc: int) -> None:
        self._step()

    @rule(caller=_CALLER, zone=zones, vpc=vpcs)
    def disassociate(self, caller: str, zone: int, vpc: int) -> None:
        self._step()

    @rule(caller=_CALLER, zone=zones, vpc=vpcs)
    def create_authorization(self, caller: str, zone: int, vpc: int) -> None:
        self._step()

    @rule(caller=_CALLER, zone=zones, vpc=vpcs)
    def delete_authorization(self, caller: str, zone: int, vpc: int) -> None:
        self._step()

    @rule(caller=_CALLER, zone=consumes(zones))
    def delete_hosted_zone(self, caller: str, zone: int) -> None:
        self._step()

    @rule(caller=_CALLER, vpc=vpcs)
    def list_hosted_zones_by_vpc(self, caller: str, vpc: int) -> None:
        self._step()

    @rule(caller=_CALLER, zone=zones)
    def get_hosted_zone(self, caller: str, zone: int) -> None:
        self._step()


def machine_rate(examples: int) -> float:
    _Shape.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=25, deadline=None, report_multiple_bugs=False
    )
    _Shape.steps = 0
    start = time.process_time()
    _Shape.TestCase().runTest()
    return _Shape.steps / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {"worlds": [], "floor": [], "checker": [], "machine": []}
    for round_number in range(args.rounds):
        rates["worlds"].append(worlds_rate(args.examples))
        rates["floor"].append(floor_rate(args.examples))
        rates["checker"].append(checker_rate(args.examples // 3))
        rates["machine"].append(machine_rate(args.examples // 3))
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    median = {name: statistics.median(values) for name, values in rates.items()}
    print()
    print(f"  worlds(): {median['worlds']:8.1f} examples/s  (goal: at least 100)")
    print(f"     floor: {median['floor']:8.1f} fifty-step examples/s (Hypothesis alone)")
    print(f"   checker: {median['checker']:8.0f} steps/s, model against model (goal: at least 2,500)")
    print(f"   machine: {median['machine']:8.0f} steps/s, Hypothesis alone on the checker's shape")
    print(f"worlds() vs floor: {median['worlds'] / median['floor']:.2f}x the floor's rate")
    print(f"checker vs machine: {median['checker'] / median['machine']:.2f}x the machine's rate")


if __name__ == "__main__":
    main()

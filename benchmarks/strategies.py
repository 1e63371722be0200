"""The testing kit's speed: worlds() examples/s and the differential checker's steps/s, in one run.

Run: python benchmarks/strategies.py [--examples 300] [--rounds 3]

- worlds:   ``@given(worlds())`` at its defaults, examples per second;
- floor:    Hypothesis itself on fifty-step examples (a composite drawing fifty small
            integers and doing nothing with them): what any fifty-step example costs;
- checker:  the differential state machine, the model against the model, at its
            defaults (25 steps an example), in *steps* per second.  A step is one
            firing of a state-machine rule: the checker's machine has one rule,
            ``step``, and each firing makes one call of :data:`OPERATIONS` on both
            sides, compares the outcomes and, after a call that is not a read, reads
            back the call's zone and VPC on both.  Beside it, calls per second on the
            system under test (each step's call and its read-backs, about 2.2 a step);
- machine:  Hypothesis itself on the checker's shape: the checker's own machine with
            calls that do nothing (one rule, its step drawn directly as one integer
            and decoded into a call, which is then not made): what any such step
            costs, the checker's ceiling;
- nine rules: the same for the shape the checker had before (a rule per operation,
            Bundles of VPCs and zones, ``consumes``, a draw per argument), for
            comparison: Hypothesis alone could not fire 2,500 of those a second here.

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


def checker_rates(examples: int) -> tuple[float, float]:
    """Steps (rule firings) and calls on the system under test, per second."""
    steps = [0]
    machine = differential_machine(_Counting, max_examples=examples)

    class Counted(machine):  # type: ignore[valid-type, misc]
        def teardown(self) -> None:
            steps[0] += self.steps
            super().teardown()

    _Counting.calls = 0
    start = time.process_time()
    Counted.TestCase().runTest()
    elapsed = time.process_time() - start
    return steps[0] / elapsed, _Counting.calls / elapsed


def _floor_machine(examples: int) -> Any:
    """The checker's machine with calls that do nothing: Hypothesis and the step's decoding alone."""
    machine = differential_machine(object, max_examples=examples)  # type: ignore[arg-type]

    class Floor(machine):  # type: ignore[valid-type, misc]
        steps = 0

        def _nothing(self, *_: Any) -> None:
            Floor.steps += 1

        create_vpc = create_hosted_zone = delete_hosted_zone = _nothing
        associate = disassociate = create_authorization = delete_authorization = _nothing
        list_hosted_zones_by_vpc = get_hosted_zone = _nothing

    return Floor


_CALLER = st.sampled_from(["owner", "111111111111", "222222222222"])
_NAME = st.sampled_from(["example.com", "corp.example.com", "a.corp.example.com"])
_REGION = st.sampled_from(["us-east-1", "eu-west-1"])


class _Shape(RuleBasedStateMachine):
    """The checker's former shape (a rule per operation, bundles, an argument per draw), doing nothing."""

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


def machine_rate(machine: Any, examples: int) -> float:
    machine.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=25, deadline=None, report_multiple_bugs=False
    )
    machine.steps = 0
    start = time.process_time()
    machine.TestCase().runTest()
    return float(machine.steps) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {
        name: [] for name in ("worlds", "floor", "steps", "calls", "machine", "nine")
    }
    for round_number in range(args.rounds):
        rates["worlds"].append(worlds_rate(args.examples))
        rates["floor"].append(floor_rate(args.examples))
        steps, calls = checker_rates(args.examples // 3)
        rates["steps"].append(steps)
        rates["calls"].append(calls)
        rates["machine"].append(machine_rate(_floor_machine(args.examples // 3), args.examples // 3))
        rates["nine"].append(machine_rate(_Shape, args.examples // 3))
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    median = {name: statistics.median(values) for name, values in rates.items()}
    print()
    print(f"  worlds(): {median['worlds']:8.1f} examples/s  (goal: at least 100)")
    print(f"     floor: {median['floor']:8.1f} fifty-step examples/s (Hypothesis alone)")
    print(
        f"   checker: {median['steps']:8.0f} steps/s, model against model (goal: at least 2,500);"
        f" {median['calls']:.0f} calls/s"
    )
    print(f"   machine: {median['machine']:8.0f} steps/s, Hypothesis alone on the checker's shape")
    print(
        f"nine rules: {median['nine']:8.0f} steps/s, Hypothesis alone on the former shape (a rule per call)"
    )
    print(f"worlds() vs floor: {median['worlds'] / median['floor']:.2f}x the floor's rate")
    print(f"checker vs machine: {median['steps'] / median['machine']:.2f}x the machine's rate")


if __name__ == "__main__":
    main()

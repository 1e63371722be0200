"""The testing kit's speed: worlds() examples/s and the differential checker's steps/s, in one run.

Run: python benchmarks/strategies.py [--examples 300] [--rounds 3]

- worlds:   ``@given(worlds())`` at its defaults, examples per second;
- floor:    Hypothesis itself on fifty-step examples (a composite drawing fifty small
            integers and doing nothing with them): what any fifty-step example costs;
- checker:  the differential state machine, the model against the model (its
            defaults: 25 steps an example), steps per second — a step is one call
            made on the system under test.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {"worlds": [], "floor": [], "checker": []}
    for round_number in range(args.rounds):
        rates["worlds"].append(worlds_rate(args.examples))
        rates["floor"].append(floor_rate(args.examples))
        rates["checker"].append(checker_rate(args.examples // 3))
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    median = {name: statistics.median(values) for name, values in rates.items()}
    print()
    print(f"  worlds(): {median['worlds']:8.1f} examples/s  (goal: at least 100)")
    print(f"     floor: {median['floor']:8.1f} fifty-step examples/s (Hypothesis alone)")
    print(f"   checker: {median['checker']:8.0f} steps/s, model against model (goal: at least 2,500)")
    print(f"worlds() vs floor: {median['worlds'] / median['floor']:.2f}x the floor's rate")


if __name__ == "__main__":
    main()

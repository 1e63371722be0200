"""Mutation check of the stateful test: does the suite notice four plausible bugs?

Run on demand (not part of the suite)::

    python benchmarks/mutants.py                 # the four mutants, tests/test_stateful.py
    python benchmarks/mutants.py --control       # first check the unmutated copy passes
    python benchmarks/mutants.py --only b d      # some mutants
    python benchmarks/mutants.py --also tests/test_authorizations.py   # more test files
    python benchmarks/mutants.py --seed 1        # a fixed Hypothesis seed
    python benchmarks/mutants.py --sanity        # three mutants that three property tests must kill

Each mutant is a textual patch of one library module.  For each, the package, the tests
and pyproject.toml are copied into a fresh temporary directory, the patch is applied
there (the worktree is never touched), and pytest runs the named tests in that directory
under the suite's CI profile (``HYPOTHESIS_PROFILE=ci``: the same examples and steps as
the suite).  The copy is imported ahead of the installed package (the test directory
comes first on ``sys.path``; the editable install's finder comes last).  Two things
differ from the suite, neither of which decides whether a mutant dies: the copy's
Hypothesis database starts empty (no example remembered from earlier runs helps), and
shrinking is switched off in the copy (a killed mutant is reported in seconds, not
after minutes of shrinking).

A mutant is *killed* when a test fails; the report names the failing tests and the
first line of the failure.  A mutant whose patch no longer applies (the code moved) is
reported as such, never as survived.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    key: str
    description: str
    path: str
    old: str
    new: str
    #: The tests that must kill it; empty: tests/test_stateful.py (and --also).
    tests: tuple[str, ...] = ()


MUTANTS = (
    Mutant(
        "a",
        "ListVPCAssociationAuthorizations: a page after the first skips an item",
        "route53_assoc/_authorizations.py",
        "    page, token = paginate(keys, r.hosted_zone_id, r.max_results, r.next_token)\n",
        "    page, token = paginate(keys, r.hosted_zone_id, r.max_results, r.next_token)\n"
        "    if r.next_token is not None:\n"
        "        page = page[1:]\n",
    ),
    Mutant(
        "b",
        "AssociateVPCWithHostedZone consumes (deletes) the authorization that allowed it",
        "route53_assoc/_associate.py",
        "    return world.commit(zone, r.comment, vpc_names=world.vpc_names_with(zone, vpc_id))\n",
        "    auths = world.authorizations_of(r.hosted_zone_id)\n"
        "    if (vpc_id, r.vpc_region) in auths:\n"
        "        rest = auths.delete((vpc_id, r.vpc_region))\n"
        "        table = world.authorizations\n"
        "        table = table.set(r.hosted_zone_id, rest) if rest else table.delete(r.hosted_zone_id)\n"
        "        world = attrs.evolve(world, authorizations=table)\n"
        "    return world.commit(zone, r.comment, vpc_names=world.vpc_names_with(zone, vpc_id))\n",
    ),
    Mutant(
        "c",
        "DisassociateVPCFromHostedZone ignores VPCRegion",
        "route53_assoc/_lifecycle.py",
        "    if region is None or (r.vpc_region is not None and r.vpc_region != region):\n",
        "    if region is None:\n",
    ),
    Mutant(
        "d",
        "an authorization is matched on the VPC id alone (its region ignored)",
        "route53_assoc/_associate.py",
        "        if (r.vpc_id, r.vpc_region) in world.authorizations_of(zone.id):\n",
        "        if any(v == r.vpc_id for v, _ in world.authorizations_of(zone.id)):\n",
    ),
)

#: Mutants that show three property tests can fail (``--sanity``); each names its test.
SANITY = (
    Mutant(
        "e",
        "a refused association leaks into the zone, in place (the world object itself changes)",
        "route53_assoc/_associate.py",
        "        raise NotAuthorizedException(hosted_zone_id=zone.id, vpc_id=r.vpc_id, account=r.caller)\n",
        '        object.__setattr__(zone, "associations", zone.associations.set(r.vpc_id, r.vpc_region))\n'
        "        raise NotAuthorizedException(hosted_zone_id=zone.id, vpc_id=r.vpc_id, account=r.caller)\n",
        ("tests/test_associate.py::TestEffect::test_refusal_leaves_world_untouched",),
    ),
    Mutant(
        "f",
        "Operation.run never refuses: a failing rule's error is swallowed, the world returned as it was",
        "route53_assoc/_rules.py",
        "        parsed: ParsedT = self._parse(world, request)\n"
        "        for check in self._checks:\n"
        "            check(world, parsed)\n",
        "        try:\n"
        "            parsed: ParsedT = self._parse(world, request)\n"
        "            for check in self._checks:\n"
        "                check(world, parsed)\n"
        "        except Route53Error:\n"
        "            return world, None  # type: ignore[return-value]\n",
        ("tests/test_properties.py::test_a_refused_request_changes_nothing",),
    ),
    Mutant(
        "g",
        "AssociateVPCWithHostedZone ignores the zone's VPC quota (LimitsExceeded never raised)",
        "route53_assoc/_associate.py",
        "    if len(zone.associations) >= limit:\n",
        "    if False:\n",
        ("tests/test_properties.py::test_generated_worlds_are_sound",),
    ),
)

NO_SHRINK = """

# Added by benchmarks/mutants.py in its temporary copy: the CI profile without shrinking.
from hypothesis import Phase as _Phase  # noqa: E402

settings.register_profile(
    "ci",
    parent=settings.get_profile("ci"),
    phases=[_Phase.explicit, _Phase.reuse, _Phase.generate, _Phase.target],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
"""


def make_copy(target: Path) -> None:
    shutil.copytree(
        ROOT / "route53_assoc", target / "route53_assoc", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "tests", target / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    with open(target / "tests" / "conftest.py", "a", encoding="utf-8") as conftest:
        conftest.write(NO_SHRINK)


def apply(mutant: Mutant, target: Path) -> bool:
    path = target / mutant.path
    text = path.read_text(encoding="utf-8")
    if text.count(mutant.old) != 1:
        return False
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    return True


def run_tests(target: Path, tests: list[str], seed: str | None) -> tuple[int, str, float]:
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:randomly", "-p", "no:cacheprovider"]
    command += ["-o", "addopts=", "--tb=short", *tests]
    if seed is not None:
        command.append(f"--hypothesis-seed={seed}")
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci"}
    env.pop("PYTHONPATH", None)
    started = time.monotonic()
    done = subprocess.run(command, cwd=target, env=env, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def failure_summary(output: str) -> tuple[list[str], str]:
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.MULTILINE)
    reason = ""
    for line in output.splitlines():
        if line.startswith("E ") and line[1:].strip():
            reason = line[1:].strip()
            break
    return failed, reason[:300]


def check_imports_copy(target: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import route53_assoc; print(route53_assoc.__file__)"],
        cwd=target,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found.startswith(str(target)):
        raise SystemExit(f"the copy at {target} is not the package imported there ({found})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="*", default=None, help="mutant keys (a b c d)")
    parser.add_argument("--also", nargs="*", default=[], help="more test files or node ids")
    parser.add_argument("--control", action="store_true", help="run the unmutated copy first")
    parser.add_argument("--seed", default=None, help="a fixed --hypothesis-seed")
    parser.add_argument("--sanity", action="store_true", help="the mutants of three property tests (e f g)")
    args = parser.parse_args()
    tests = ["tests/test_stateful.py", *args.also]
    pool = SANITY if args.sanity else MUTANTS
    chosen = [m for m in (*MUTANTS, *SANITY) if m.key in args.only] if args.only else list(pool)
    results: list[str] = []
    if args.control:
        with tempfile.TemporaryDirectory(prefix="mutant-control-") as tmp:
            make_copy(Path(tmp))
            check_imports_copy(Path(tmp))
            code, output, seconds = run_tests(Path(tmp), tests, args.seed)
            verdict = "passes" if code == 0 else f"FAILS ({failure_summary(output)})"
            print(f"control (no mutant): {verdict} in {seconds:.1f} s", flush=True)
            if code != 0:
                return 2
    for mutant in chosen:
        with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.key}-") as tmp:
            target = Path(tmp)
            make_copy(target)
            if not apply(mutant, target):
                line = f"({mutant.key}) {mutant.description}: PATCH DOES NOT APPLY (the code moved)"
                print(line, flush=True)
                results.append(line)
                continue
            check_imports_copy(target)
            code, output, seconds = run_tests(target, list(mutant.tests) or tests, args.seed)
            if code == 0:
                line = f"({mutant.key}) {mutant.description}: SURVIVED ({seconds:.1f} s)"
            else:
                failed, reason = failure_summary(output)
                line = (
                    f"({mutant.key}) {mutant.description}: killed in {seconds:.1f} s by "
                    f"{', '.join(failed) or 'pytest exit ' + str(code)}\n      {reason}"
                )
            print(line, flush=True)
            results.append(line)
    survived = [line for line in results if "SURVIVED" in line or "DOES NOT APPLY" in line]
    print(f"{len(results) - len(survived)} of {len(results)} mutants killed")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())

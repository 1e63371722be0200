"""The route53-assoc command, through its real entry point in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.toml"))
#: A step that runs anywhere: for files whose point is elsewhere (a scenario needs a step).
STEP = '[[steps]]\nop = "advance"\nseconds = 1\n'


def command() -> list[str]:
    script = Path(sys.executable).parent / "route53-assoc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "route53_assoc"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command(), *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False)


def test_tour_runs_with_no_arguments() -> None:
    result = run("tour")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\033[" not in out  # not a terminal: plain text
    assert "26 of 26 steps as expected" in out
    for code in ("NotAuthorizedException", "ConflictingDomainExists", "PublicZoneVPCAssociation",
                 "LastVPCAssociation", "LimitsExceeded", "InvalidVPCId"):
        assert f"=> {code}" in out
    assert "[observed]" in out and "[inferred]" in out and "[documented]" in out
    assert "now has 3 VPCs" in out


def test_tour_in_colour_when_asked() -> None:
    result = run("tour", "--color", "always")
    assert result.returncode == 0 and "\033[" in result.stdout


def test_module_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "route53_assoc", "rules", "associate"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0
    assert "associate.no-same-name" in result.stdout and "ConflictingDomainExists (400)" in result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_runs_green(example: Path) -> None:
    result = run("explain", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "did not meet" not in result.stdout


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 3


def test_json_output() -> None:
    result = run("explain", str(EXAMPLES[0]), "--json")
    assert result.returncode == 0
    steps = json.loads(result.stdout)
    assert steps and all({"step", "operation", "request", "rules", "outcome", "met"} <= set(s) for s in steps)
    refused = [s for s in steps if not s["outcome"]["ok"]]
    assert refused and {"code", "http_status", "message"} <= set(refused[0]["outcome"]["error"])


def test_failing_expectation(tmp_path: Path) -> None:
    scenario = tmp_path / "wrong.toml"
    scenario.write_text(
        '[accounts]\nalice = { id = "111111111111" }\n'
        '[[vpcs]]\nname = "v"\nowner = "alice"\nregion = "us-east-1"\n'
        '[[zones]]\nname = "z"\ndomain = "z.example"\nowner = "alice"\nvpc = "v"\n'
        '[[steps]]\nop = "disassociate"\ncaller = "alice"\nzone = "z"\nvpc = "v"\nexpect = "ok"\n'
    )
    result = run("explain", str(scenario))
    assert result.returncode == 1
    assert "expected: ok" in result.stdout and "got:      LastVPCAssociation" in result.stdout
    assert result.stdout.endswith(
        "\n0 of 1 step as expected; 1 step did not meet its expectation: step 1 (line 12)\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[steps]\nop = 1", "not valid TOML"),
        ('[[steps]]\nop = "fly"', "step 1 (line 1): op: no operation 'fly'"),
        ('[[steps]]\nop = "associate"\ncaller = "nobody"\nhosted_zone_id = "Z1"\nvpc_id = "v"\nvpc_region = "us-east-1"',
         "step 1 (line 1): caller: no account named 'nobody'"),
        ('[[steps]]\nop = "associate"\nzonee = "z"', "step 1 (line 1): unknown key 'zonee' (did you mean 'zone'?)"),
        ('[[steps]]\nop = "associate"\nzone = "z"', "step 1 (line 1): zone: no zone named 'z'"),
        ('[[steps]]\nop = "get-change"', "step 1 (line 1): operation get-change needs caller, change_id"),
        ('[accounts]\nalice = 5', "accounts.alice: expected"),
        ('[[vpcs]]\nname = "v"\n' + STEP, "vpcs[0]: expected name, owner and region"),
        ('[accounts]\nalice = { id = "111111111111" }\n[[vpcs]]\nname = "v"\nowner = "alice"\nregion = "mars-1"\n'
         + STEP, "vpcs[0]: InvalidInput"),
        ("surprise = 1", "unknown top-level key 'surprise'"),
        ('[settings]\npropagation_seconds = -5\n' + STEP, "settings"),
    ],
)
def test_bad_files_get_a_message_not_a_traceback(tmp_path: Path, text: str, message: str) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text(text)
    result = run("explain", str(scenario))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(scenario) in result.stderr and message in result.stderr, result.stderr


def test_missing_file(tmp_path: Path) -> None:
    result = run("explain", str(tmp_path / "nope.toml"))
    assert result.returncode == 2 and "cannot read" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["tour", "--help"], ["explain", "--help"], ["rules", "--help"]])
def test_help(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0 and "usage: route53-assoc" in result.stdout


def test_rules_markdown_matches_the_committed_catalogue() -> None:
    result = run("rules", "--markdown")
    assert result.returncode == 0
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.stdout == committed, "docs/rules.md is stale: run `route53-assoc rules --markdown > docs/rules.md`"


def test_unknown_operation_for_rules() -> None:
    result = run("rules", "asociate")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(
        "route53-assoc: rules: no operation 'asociate' (did you mean 'associate'?); the operations are: associate, "
    )

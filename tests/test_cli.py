"""The route53-assoc command: its entry points in a subprocess, the rest through the same ``main``.

The installed script and ``python -m route53_assoc`` are run as subprocesses (test_module_entry_point,
test_the_installed_script_and_main_answer_alike); every other test runs the command's ``main`` in this
process, as the script does (``sys.exit(main())``), with its own stdin, stdout and stderr (none a
terminal, as through a pipe) and its own environment: a fresh interpreter per test proved nothing more,
for ~0.4 s of CPU each.  test_the_installed_script_and_main_answer_alike checks that both ways give the
same exit status, stdout and stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from route53_assoc import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.toml"))
#: A step that runs anywhere: for files whose point is elsewhere (a scenario needs a step).
STEP = '[[steps]]\nop = "advance"\nseconds = 1\n'


def command() -> list[str]:
    script = Path(sys.executable).parent / "route53-assoc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "route53_assoc"]


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def in_process(
    args: Sequence[str], *, cwd: Path | None = None, stdin: str | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``route53-assoc ARGS`` as :func:`cli.main`, the way the script runs it: the exit status (a
    ``SystemExit`` from argparse as the interpreter would turn it into one), stdout and stderr.

    stdin is *stdin* (empty if ``None``); stdout is not a terminal (so no colour unless asked, and the
    width from ``$COLUMNS`` or 80, as through a pipe); *env*, if given, is the whole environment meanwhile.
    An exception ``main`` lets out fails the test (a subprocess would print a traceback and exit 1)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr, sys.__stdout__
    code: int
    try:
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin or ""), out, err
        sys.__stdout__ = out  # shutil.get_terminal_size asks it for a terminal: there is none
        with _environment(env), contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # --help, usage errors
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
                    code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.__stdout__ = saved
    return subprocess.CompletedProcess([*command(), *args], code, out.getvalue(), err.getvalue())


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return in_process(args, cwd=cwd)


def run_installed(*args: str, stdin: str | None = None, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command in a subprocess."""
    return subprocess.run(
        [*command(), *args], input=stdin, capture_output=True, text=True, timeout=120, check=False, env=env
    )


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


def test_the_installed_script_and_main_answer_alike(tmp_path: Path) -> None:
    """The in-process runs stand for the installed command: same exit status, stdout and stderr."""
    unmet = tmp_path / "unmet.toml"
    unmet.write_text(
        '[accounts]\nalice = { id = "111111111111" }\n'
        '[[vpcs]]\nname = "v"\nowner = "alice"\nregion = "us-east-1"\n'
        '[[zones]]\nname = "z"\ndomain = "z.example"\nowner = "alice"\nvpc = "v"\n'
        '[[steps]]\nop = "disassociate"\ncaller = "alice"\nzone = "z"\nvpc = "v"\nexpect = "ok"\n'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[[steps]]\nop = "fly"')
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    cases: list[tuple[list[str], str | None, dict[str, str]]] = [
        (["tour"], None, env),
        (["explain", str(unmet), "--json"], None, env),
        (["explain", "-"], unmet.read_text(), env),
        (["explain", str(bad)], None, env),
        (["rules", "--help"], None, {**env, "COLUMNS": "200"}),
        (["explain", "--width"], None, env),  # a usage error: argparse exits with 2
    ]
    for args, stdin, case_env in cases:
        theirs = run_installed(*args, stdin=stdin, env=case_env)
        ours = in_process(args, stdin=stdin, env=case_env)
        assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr), args
    assert [run_installed(*args, env=env).returncode for args, _, _ in cases[:2]] == [0, 1]


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

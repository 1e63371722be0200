"""``route53-assoc explain`` and ``rules`` for a newcomer (issue 13), through the command's ``main`` (test_cli.in_process).

AWS's operation names, readable results, output fitted to the width, ``--failures-only``,
standard input, several files, steps numbered with their line, "did you mean", expectations
checked against the rules, ``rules --json`` and ``rules --markdown OP``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

import route53_assoc as r53
from route53_assoc import scenario

from .test_cli import ROOT, in_process

#: The spec's text (rules.md §4, model text) for refusing to remove a zone's last VPC.
LAST_VPC = (
    "The VPC that you're trying to disassociate from the private hosted zone is the last VPC that is "
    "associated with the hosted zone. Amazon Route 53 doesn't support disassociating the last VPC from "
    "a hosted zone."
)

WORLD = """\
title = "Two VPCs"

[accounts]
alice = { id = "111111111111" }

[[vpcs]]
name = "east"
owner = "alice"
region = "us-east-1"
id = "vpc-0000000000000000e"

[[vpcs]]
name = "west"
owner = "alice"
region = "us-west-2"
id = "vpc-0000000000000000f"

[[zones]]
name = "corp"
domain = "corp.example.com"
owner = "alice"
vpc = "east"
"""

#: Three steps (headers on lines 24, 31 and 37): an AWS-named association, a read, an unmet expectation.
STEPS = """
[[steps]]
op = "AssociateVPCWithHostedZone"
caller = "alice"
zone = "corp"
vpc = "west"
expect = "ok"

[[steps]]
op = "gethostedzone"
caller = "alice"
zone = "corp"
expect = "ok"

[[steps]]
title = "Wrongly expects the change to be refused"
op = "get-hosted-zone"
caller = "alice"
zone = "corp"
expect = "NoSuchHostedZone"
"""


def run(*args: str, stdin: str | None = None, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command's ``main`` in this process (test_cli.in_process: the same as the installed command)."""
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return in_process(args, stdin=stdin, env=env)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_step_lines_are_where_the_headers_are() -> None:
    lines = (WORLD + STEPS).splitlines()
    assert [n for n, line in enumerate(lines, 1) if line == "[[steps]]"] == [24, 31, 37]


# -- AWS's names ---------------------------------------------------------------------------------


def test_a_step_may_name_its_operation_as_aws_does(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD + STEPS)
    result = run("explain", str(path), "--width", "0")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Step 1 (line 24)\nassociate: caller=111111111111 hosted_zone_id=" in out
    assert "Step 2 (line 31)\nget-hosted-zone: caller=111111111111" in out


def test_rules_accepts_aws_names_in_any_case() -> None:
    ours = run("rules", "associate")
    assert ours.returncode == 0
    for name in ("AssociateVPCWithHostedZone", "associatevpcwithhostedzone", "ASSOCIATE"):
        theirs = run("rules", name)
        assert theirs.returncode == 0, theirs.stderr
        assert theirs.stdout == ours.stdout
    ec2 = run("rules", "CreateVpc")
    assert ec2.returncode == 0 and ec2.stdout.startswith("create-vpc — CreateVpc (EC2): ")


def test_an_operation_with_no_aws_name_keeps_only_its_own() -> None:
    assert run("rules", "advance").returncode == 0
    result = run("rules", "(clock)")
    assert result.returncode == 2 and result.stderr.startswith("route53-assoc: rules: no operation '(clock)';")


# -- readable results ----------------------------------------------------------------------------


def test_results_read_as_text_not_reprs(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD + STEPS)
    out = run("explain", str(path), "--width", "0").stdout
    change = re.search(r"  => OK: change (C[0-9A-Z]+): INSYNC, submitted 2026-01-01T00:00:00\.000Z\n", out)
    assert change, out
    zone = re.search(r"Step 2 \(line 31\)\n.*?\n  => OK: ([^\n]*)\n", out, re.DOTALL)
    assert zone is not None
    assert re.fullmatch(
        r"private zone corp\.example\.com\. \(Z[0-9A-Z]+\), owner 111111111111, "
        r"2 VPCs: vpc-0000000000000000e \(us-east-1\), vpc-0000000000000000f \(us-west-2\)",
        zone.group(1),
    ), zone.group(1)
    assert "now has 2 VPCs: vpc-0000000000000000e (us-east-1), vpc-0000000000000000f (us-west-2)" in out


def test_the_tour_shows_no_reprs() -> None:
    out = run("tour", "--width", "0").stdout
    assert "immutables.Map" not in out and "Request(" not in out and "ChangeInfo(" not in out
    assert "HostedZone(" not in out and "Resolution(" not in out


# -- width ---------------------------------------------------------------------------------------

DISASSOCIATE_LAST = WORLD + """
[[steps]]
op = "DisassociateVPCFromHostedZone"
caller = "alice"
zone = "corp"
vpc = "east"
expect = "LastVPCAssociation"
"""


@pytest.mark.parametrize("columns", [100, 60, 40])
def test_output_fits_the_terminal_and_never_cuts_a_message(tmp_path: Path, columns: int) -> None:
    path = write(tmp_path, "s.toml", DISASSOCIATE_LAST)
    result = run("explain", str(path), columns=columns)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns, result.stdout
    start = next(i for i, line in enumerate(lines) if line.startswith("  => LastVPCAssociation (HTTP 400): "))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("     "))
    told = " ".join(line.strip() for line in lines[start:end])
    assert told == "=> LastVPCAssociation (HTTP 400): " + LAST_VPC
    failed = next(i for i, line in enumerate(lines) if line.startswith("  FAIL "))
    after = next(i for i in range(failed + 1, len(lines)) if lines[i].startswith(("  ----", "  =>")))
    reason = " ".join(lines[failed:after]).split()
    assert " ".join(reason).endswith(LAST_VPC)


def test_narrow_output_puts_reasons_under_their_rules(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", DISASSOCIATE_LAST)
    lines = run("explain", str(path), "--width", "50").stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  PASS disassociate.input "))
    assert lines[first].split() == ["PASS", "disassociate.input", "[inferred]"]
    assert lines[first + 1] == "         every member is present and well-formed"


def test_width_zero_does_not_wrap(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", DISASSOCIATE_LAST)
    out = run("explain", str(path), "--width", "0", columns=40).stdout
    assert f"  => LastVPCAssociation (HTTP 400): {LAST_VPC}\n" in out


# -- --failures-only -----------------------------------------------------------------------------


def test_failures_only_shows_the_unmet_steps_and_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD + STEPS)
    result = run("explain", str(path), "--failures-only", "--width", "0")
    assert result.returncode == 1
    out = result.stdout
    assert "Step 1" not in out and "Step 2" not in out
    assert "Step 3 (line 37): Wrongly expects the change to be refused\nget-hosted-zone: " in out
    assert "  expected: NoSuchHostedZone\n  got:      ok\n" in out
    assert out.endswith("\n2 of 3 steps as expected; 1 step did not meet its expectation: step 3 (line 37)\n")


def test_failures_only_with_nothing_failing(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", DISASSOCIATE_LAST)
    result = run("explain", str(path), "--failures-only")
    assert result.returncode == 0
    assert result.stdout == "Two VPCs\n========\n\n1 of 1 step as expected\n"


def test_failures_only_in_json(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD + STEPS)
    result = run("explain", str(path), "--failures-only", "--json")
    assert result.returncode == 1
    steps = json.loads(result.stdout)
    assert [(s["file"], s["step"], s["line"], s["met"]) for s in steps] == [(str(path), 3, 37, False)]


# -- standard input, several files ---------------------------------------------------------------


def test_standard_input(tmp_path: Path) -> None:
    result = run("explain", "-", stdin=DISASSOCIATE_LAST)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Two VPCs\n========\n\nStep 1 (line 24)\ndisassociate: ")
    bad = run("explain", "-", stdin='[[steps]]\nop = "associat"\n')
    assert bad.returncode == 2
    assert bad.stderr == (
        "route53-assoc: <stdin>: step 1 (line 1): op: no operation 'associat' (did you mean 'associate'?)\n"
    )


def test_several_files_each_with_its_header_and_the_worst_status(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml", DISASSOCIATE_LAST)
    unmet = write(tmp_path, "unmet.toml", WORLD + STEPS)
    bad = write(tmp_path, "bad.toml", WORLD)  # no steps
    result = run("explain", str(good), str(bad), str(unmet), "--width", "0")
    assert result.returncode == 2
    out = result.stdout
    assert out.startswith(f"==> {good} <==\nTwo VPCs\n")
    assert f"\n==> {bad} <==\n\n==> {unmet} <==\nTwo VPCs\n" in out
    assert out.count("1 of 1 step as expected\n") == 1 and "2 of 3 steps as expected" in out
    assert result.stderr.startswith(f"route53-assoc: {bad}: no steps: a scenario needs at least one [[steps]] table")
    assert run("explain", str(good), str(unmet)).returncode == 1
    assert run("explain", str(good), str(good)).returncode == 0


def test_several_files_in_json(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml", DISASSOCIATE_LAST)
    unmet = write(tmp_path, "unmet.toml", WORLD + STEPS)
    result = run("explain", str(good), str(unmet), "--json")
    assert result.returncode == 1
    steps = json.loads(result.stdout)
    assert [(s["file"], s["step"], s["line"]) for s in steps] == [
        (str(good), 1, 24), (str(unmet), 1, 24), (str(unmet), 2, 31), (str(unmet), 3, 37),
    ]


# -- the file's mistakes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ('op = "AssociateVPCWithHostedZon"',
         "op: no operation 'AssociateVPCWithHostedZon' (did you mean 'AssociateVPCWithHostedZone'?)"),
        ('op = "associate"\ncaller = "alice"\nzone = "corp"\nvpc = "west"\nexpected = "ok"',
         "unknown key 'expected' (did you mean 'expect'?); expected one of: as, caller, comment, expect, "
         "hosted_zone_id, op, title, vpc, vpc_id, vpc_region, zone"),
        ('op = "associate"\ncaller = "alice"\nzone = "corp"\nvpc = "west"\nexpect = "ConflictingDomainExist"',
         "expect: unknown outcome 'ConflictingDomainExist' (did you mean 'ConflictingDomainExists'?); expected one "
         "of: ok, "),
        ('op = "associate"\ncaller = "alice"\nzone = "corp"\nvpc = "west"\nexpect = "NoSuchChange"',
         "expect: associate never raises NoSuchChange; it may raise "),
        ('op = "resolve"\nvpc = "west"\nname = "a.corp.example.com"\ntype = "A"\nexpect = "NoSuchHostedZone"',
         "expect: resolve never raises NoSuchHostedZone; it may raise NOERROR, NODATA, NXDOMAIN, FORWARDED_PUBLIC, "
         "NO_RESOLVER, SERVFAIL, InvalidInput, "),
        ('op = "get-hosted-zone"\ncaller = "alice"\nzone = "corp"\nexpect = 200',
         'expect: expected "ok" or an error code, found 200'),
    ],
)
def test_mistakes_name_the_step_and_its_line(tmp_path: Path, step: str, message: str) -> None:
    path = write(tmp_path, "s.toml", WORLD + '\n[[steps]]\nop = "advance"\nseconds = 1\n\n[[steps]]\n' + step + "\n")
    result = run("explain", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"route53-assoc: {path}: step 2 (line 28): {message}"), result.stderr


def test_an_expected_code_is_one_the_operation_can_raise() -> None:
    for op in r53.OPERATIONS:
        for rule in op.rules:
            for code in rule.error_codes:
                text = f'[[steps]]\nop = "{op.name}"\nexpect = "{code}"\n'
                assert scenario.loads(text).steps[0]["expect"] == code


def test_resolve_expectations_take_its_statuses(tmp_path: Path) -> None:
    text = WORLD + '\n[[steps]]\nop = "resolve"\nvpc = "east"\nname = "nope.corp.example.com"\ntype = "A"\nexpect = "FORWARDED_PUBLIC"\n'
    result = run("explain", write(tmp_path, "s.toml", text).as_posix())
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_empty_scenario_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD)
    result = run("explain", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"route53-assoc: {path}: no steps: a scenario needs at least one [[steps]] table, like\n"
        '    [[steps]]\n    op = "associate"\n    caller = "alice"\n    zone = "corp"\n    vpc = "alice-east"\n'
    )


def test_one_step_not_one_steps(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD + '\n[[steps]]\nop = "advance"\nseconds = 1\n')
    result = run("explain", str(path))
    assert result.returncode == 0 and result.stdout.endswith("\n1 step\n")


def test_run_time_mistakes_name_the_step_and_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", WORLD + '\n[[steps]]\nop = "associate"\ncaller = "alice"\nzone = "corp"\nvpc = "north"\n')
    result = run("explain", str(path))
    assert result.returncode == 2
    assert result.stderr == (
        f"route53-assoc: {path}: step 1 (line 24): vpc: no VPC named 'north' (VPCs: east, west)\n"
    )


# -- rules --markdown OP, rules --json -------------------------------------------------------------


def test_rules_markdown_for_one_operation_is_its_section_of_the_page() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in ("associate", "AssociateVPCWithHostedZone"):
        result = run("rules", "--markdown", name)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("## associate — AssociateVPCWithHostedZone\n\n")
        assert "## disassociate" not in result.stdout
        assert result.stdout in page
        assert result.stdout.count("\n| ") == 1 + len(r53.ASSOCIATE.rules)  # the header, then a row per rule


def test_rules_json_has_every_operation_rule_and_error() -> None:
    result = run("rules", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"schema", "confidence", "operations"}
    assert data["schema"] == "route53-assoc/rules/1"
    assert set(data["confidence"]) == {"documented", "observed", "inferred"}
    assert [op["name"] for op in data["operations"]] == [op.name for op in r53.OPERATIONS]
    for op, entry in zip(r53.OPERATIONS, data["operations"], strict=True):
        assert set(entry) == {"name", "aws_name", "aws_label", "service", "summary", "request", "rules"}
        assert entry["aws_label"] == op.aws_name and entry["request"] == op.request_type.__name__
        assert [r["id"] for r in entry["rules"]] == [rule.id for rule in op.rules]
        for position, (rule, item) in enumerate(zip(op.rules, entry["rules"], strict=True), 1):
            assert item == {
                "position": position,
                "id": rule.id,
                "statement": rule.statement,
                "confidence": rule.confidence.value,
                "source": rule.source,
                "errors": [{"code": e.code, "http_status": e.http_status} for e in rule.errors],
                "outcomes": [
                    {
                        "outcome": o.name,
                        "code": None if o.error is None else o.error.code,
                        "code_confidence": o.code.value,
                        "message_confidence": o.message.value,
                        "note": o.note,
                    }
                    for o in rule.outcomes
                ],
            }
    by_name = {entry["name"]: entry for entry in data["operations"]}
    assert (by_name["associate"]["aws_name"], by_name["associate"]["service"]) == ("AssociateVPCWithHostedZone", "route53")
    assert (by_name["create-vpc"]["aws_name"], by_name["create-vpc"]["service"]) == ("CreateVpc", "ec2")
    assert (by_name["advance"]["aws_name"], by_name["advance"]["service"]) == (None, None)
    quota = next(r for r in by_name["associate"]["rules"] if r["id"] == "associate.quota")
    assert quota["errors"] == [{"code": "LimitsExceeded", "http_status": 400}]
    # Confidence per outcome: rules.md §3 rule 5, "Same partition as the zone — InvalidVPCId 400
    # (documented rule, inferred code and message)".
    partition = next(r for r in by_name["associate"]["rules"] if r["id"] == "associate.same-partition")
    assert partition["confidence"] == "documented"
    assert [(o["outcome"], o["code_confidence"], o["message_confidence"]) for o in partition["outcomes"]][1:] == [
        ("InvalidVPCId", "inferred", "inferred")
    ]


def test_rules_json_for_one_operation() -> None:
    result = run("rules", "--json", "CreateVPCAssociationAuthorization")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [op["name"] for op in data["operations"]] == ["create-authorization"]


def test_rules_help_documents_the_json_schema() -> None:
    result = run("rules", "--help", columns=200)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert '"schema": "route53-assoc/rules/1"' in text and '"errors": [{"code", "http_status"}]' in text


def test_explain_help_documents_failures_only_and_stdin() -> None:
    text = " ".join(run("explain", "--help", columns=200).stdout.split())
    assert "--failures-only" in text and "- for standard input" in text and "the worst status wins" in text


# -- resolve still reads a world with no steps ----------------------------------------------------


def test_resolve_reads_a_world_without_steps(tmp_path: Path) -> None:
    path = write(tmp_path, "w.toml", WORLD)
    result = run("resolve", str(path), "--vpc", "east", "--name", "corp.example.com", "--type", "SOA", "--width", "0")
    assert result.returncode == 0, result.stderr
    assert "status: FORWARDED_PUBLIC" in result.stdout

"""Scenario files checked before they run: names, keys, expectations, line numbers."""

from __future__ import annotations

import pytest

import route53_assoc as r53
from route53_assoc import scenario
from route53_assoc.scenario import ScenarioError, expected_outcomes, loads

ADVANCE = 'op = "advance"\nseconds = 1\n'


def test_lines_of_step_headers_however_spaced() -> None:
    text = f'title = "t"\n\n[[steps]]\n{ADVANCE}\n  [[ steps ]]\n{ADVANCE}[["steps"]]\n{ADVANCE}'
    parsed = loads(text)
    assert parsed.lines == (3, 7, 10)
    assert [scenario.step_label(i, parsed.line(i)) for i in range(3)] == [
        "step 1 (line 3)", "step 2 (line 7)", "step 3 (line 10)"
    ]


def test_steps_written_inline_have_no_line() -> None:
    parsed = loads('steps = [{ op = "advance", seconds = 1 }]\n', "s.toml")
    assert parsed.lines == () and parsed.label(0) == "s.toml: step 1"
    with pytest.raises(ScenarioError, match=r"^s\.toml: step 1: op: no operation 'fly'$"):
        loads('steps = [{ op = "fly" }]\n', "s.toml")


def test_aws_names_become_the_models() -> None:
    parsed = loads('[[steps]]\nop = "CreateVPC"\nowner = "111111111111"\nregion = "us-east-1"\n'
                   '[[steps]]\nop = "GETHOSTEDZONECOUNT"\ncaller = "111111111111"\n')
    assert [step["op"] for step in parsed.steps] == ["create-vpc", "get-hosted-zone-count"]
    _, results = scenario.run(parsed)
    assert [r.trace.operation for r in results] == ["create-vpc", "get-hosted-zone-count"]
    assert [r.outcome for r in results] == ["ok", "ok"]


def test_every_operation_may_be_a_step() -> None:
    assert set(scenario.STEP_OPERATIONS) == {op.name for op in r53.OPERATIONS}


def test_expected_outcomes_are_the_rules_codes() -> None:
    for op in r53.OPERATIONS:
        codes = {code for rule in op.rules for code in rule.error_codes}
        outcomes = expected_outcomes(op)
        assert outcomes[0] == "ok" and codes <= set(outcomes)
        statuses = set(outcomes) - codes - {"ok"}
        assert statuses == ({"NOERROR", "NODATA", "NXDOMAIN", "FORWARDED_PUBLIC", "NO_RESOLVER", "SERVFAIL"}
                            if op is r53.RESOLVE else set())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "s.toml: no steps: "),
        ("[[steps]]\nseconds = 1\n", 's.toml: step 1 (line 1): op: missing; say which operation, like op = "associate"'),
        ("[[steps]]\nop = 5\n", 's.toml: step 1 (line 1): op: expected an operation\'s name, like "associate", found 5'),
        ("[[steps]]\nop = \"(clock)\"\n", "s.toml: step 1 (line 1): op: no operation '(clock)'"),
        (f"[[steps]]\n{ADVANCE}expect = \"Ok\"\n",
         "s.toml: step 1 (line 1): expect: unknown outcome 'Ok' (did you mean 'ok'?); expected one of: ok, "),
        (f"[[steps]]\n{ADVANCE}expect = \"NoSuchHostedZone\"\n",
         "s.toml: step 1 (line 1): expect: advance never raises NoSuchHostedZone; it may raise InvalidInput"),
        (f"[[steps]]\n{ADVANCE}answers = []\n", "s.toml: step 1 (line 1): answers: only a resolve step expects answers"),
        ("stepz = 1\n", "s.toml: unknown top-level key 'stepz' (did you mean 'steps'?); expected one of: "),
    ],
)
def test_mistakes(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(text, "s.toml")
    assert str(caught.value).startswith(message), str(caught.value)


def test_settings_keys_suggest_the_closest() -> None:
    parsed = loads(f"[settings]\npropagation_second = 1\n[[steps]]\n{ADVANCE}", "s.toml")
    with pytest.raises(ScenarioError) as caught:
        scenario.run(parsed)
    assert str(caught.value).startswith(
        "s.toml: settings: unknown key 'propagation_second' (did you mean 'propagation_seconds'?); expected one of: "
    )


def test_a_world_alone_loads_when_steps_are_not_required() -> None:
    assert loads('[accounts]\nalice = "111111111111"\n', require_steps=False).steps == ()


WORLD = (
    '[accounts]\nalice = "111111111111"\n[[vpcs]]\nname = "east"\nowner = "alice"\nregion = "us-east-1"\n'
    '[[zones]]\nname = "corp"\ndomain = "corp.example"\nowner = "alice"\nvpc = "east"\n'
)


@pytest.mark.parametrize(
    ("handles", "message"),
    [
        ('caller = "alice"\nzone = "crop"\nvpc = "east"', "zone: no zone named 'crop' (did you mean 'corp'?) (zones: corp)"),
        ('caller = "alice"\nzone = "corp"\nvpc = "eats"', "vpc: no VPC named 'eats' (did you mean 'east'?) (VPCs: east)"),
        ('caller = "alise"\nzone = "corp"\nvpc = "east"',
         "caller: no account named 'alise' (did you mean 'alice'?) (accounts: alice)"),
        ('caller = "bob"\nzone = "corp"\nvpc = "east"', "caller: no account named 'bob' (accounts: alice)"),
    ],
)
def test_unknown_handles_suggest_the_closest(handles: str, message: str) -> None:
    parsed = loads(WORLD + '[[steps]]\nop = "associate"\n' + handles + "\n", "s.toml")
    with pytest.raises(ScenarioError) as caught:
        scenario.run(parsed)
    assert str(caught.value) == "s.toml: step 1 (line 12): " + message

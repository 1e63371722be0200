"""The corpus: one case per (rule, outcome), replayed through the model, botocore and ``route53-assoc serve``."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import botocore.session
import jsonschema
import pytest
from botocore.validate import ParamValidator

from route53_assoc import cli, corpus, vectors
from route53_assoc._registry import OPERATIONS
from route53_assoc.corpus import ACCOUNTS, Call, Case, Expect, cases, replay, unreached
from route53_assoc.errors import ERRORS

from . import vector_runner

#: Every (rule, outcome) without a case.  A new rule whose outcome the generator cannot
#: reach lands here and fails this test: give the generator what it needs (a setup
#: fragment, a member's alternative) or say why in corpus._WHY_UNREACHED.
UNREACHED = [
    "associate.not-service-owned/AccessDenied",
    "disassociate.not-service-owned/AccessDenied",
    "create-hosted-zone.new-members-default/NotModelled",
    "delete-hosted-zone.not-linked/AccessDenied",
    "create-vpc.input/InvalidInput",
    "create-vpc.unmodelled/NotModelled",
    "create-vpc.owner-partition/InvalidInput",
    "create-vpc.id-unused/InvalidInput",
    "delete-vpc.input/InvalidInput",
    "delete-vpc.no-dependencies/DependencyViolation",
    "change-resource-record-sets.simple-only/NotModelled",
    "change-resource-record-sets.not-linked/AccessDenied",
    "get-hosted-zone-count.input/InvalidInput",
    "change-tags-for-resource.hosted-zone-only/NotModelled",
    "list-tags-for-resource.hosted-zone-only/NotModelled",
    "list-tags-for-resources.hosted-zone-only/NotModelled",
    "describe-vpcs.input/InvalidInput",
    "describe-vpcs.filters/NotModelled",
    "describe-vpc-attribute.input/InvalidInput",
    "modify-vpc-attribute.input/InvalidInput",
    "modify-vpc-attribute.dry-run/DryRunOperation",
    "describe-route-tables.input/InvalidInput",
    "describe-route-tables.filters/NotModelled",
    "describe-network-acls.input/InvalidInput",
    "describe-network-acls.filters/NotModelled",
    "describe-security-groups.input/InvalidInput",
    "describe-security-groups.filters/NotModelled",
    "create-tags.input/InvalidInput",
    "delete-tags.input/InvalidInput",
    "describe-tags.input/InvalidInput",
    "describe-tags.filters/NotModelled",
]

#: Operations of the model that no AWS endpoint serves (world facts): no cases.
WORLD_FACTS = {"add-account", "advance", "set-zone-vpc-limit", "create-service-zone", "link-zone", "resolve"}


def test_every_rule_outcome_of_a_served_operation_has_a_case_or_a_reason() -> None:
    ids = [case.id for case in cases()]
    assert len(ids) == len(set(ids))
    assert [item.id for item in unreached()] == UNREACHED
    assert all(item.reason for item in unreached())
    served = [op for op in OPERATIONS if op.name not in WORLD_FACTS]
    expected = {
        f"{rule.id}/{outcome}" for op in served for rule in op.rules for outcome in ("holds", *rule.error_codes)
    }
    assert set(ids) | set(UNREACHED) == expected
    assert not set(ids) & set(UNREACHED)
    assert {case.operation for case in cases()} == {op.name for op in served}


def test_cases_name_their_rule_and_expect_its_error() -> None:
    rules = {rule.id: rule for op in OPERATIONS for rule in op.rules}
    for case in cases():
        rule = rules[case.rule]
        assert case.id == f"{case.rule}/{case.outcome}"
        assert (case.confidence, case.statement) == (str(rule.confidence), rule.statement)
        assert case.request.operation == case.aws_operation
        if case.outcome == "holds":
            assert case.expect.ok and case.expect.code is None
        else:
            assert not case.expect.ok and case.expect.code == case.outcome
            assert case.expect.http_status == ERRORS[case.outcome].http_status


def test_the_first_cases_are_the_spec_s() -> None:
    """Three cases checked against the spec's text (not the model's output)."""
    by_id = {case.id: case for case in cases()}
    missing = by_id["associate.zone-exists/NoSuchHostedZone"]
    assert missing.expect == Expect(
        ok=False, code="NoSuchHostedZone", http_status=404, message="No hosted zone found with ID: Z0000000000000000000A"
    )
    assert missing.needs == ()
    cross = by_id["associate.caller-authorized/NotAuthorizedException"]
    assert (cross.expect.code, cross.expect.http_status) == ("NotAuthorizedException", 401)
    assert "accounts>=2" in cross.needs
    assert {call.account for call in (*cross.setup, cross.request)} == {"A", "B"}
    holds = by_id["associate.caller-authorized/holds"]
    assert holds.expect.ok and holds.expect.http_status == 200
    # A change's status depends on the endpoint's propagation delay, and its id is the endpoint's own.
    assert "ChangeInfo.Status" not in holds.expect.fields and "ChangeInfo.Id" not in holds.expect.fields
    created = by_id["create-vpc.cidr-range/holds"].expect.fields
    assert created["Vpc.CidrBlock"] == "10.20.0.0/16" and created["Vpc.OwnerId"] == "{{account.A}}"
    assert "Vpc.VpcId" not in created and "Vpc.DhcpOptionsId" not in created
    conflict = by_id["associate.no-same-name/ConflictingDomainExists"]
    assert conflict.expect.message == (
        "The VPC {{vpc1}} in region us-east-1 has already been associated with the hosted zone {{zone}} "
        "with the same domain name."
    )
    quota = by_id["associate.quota/LimitsExceeded"]
    assert quota.needs == ("quota:vpcs_per_zone=1",)
    assert quota.expect.message == "Limits Exceeded: Cannot associate more VPCs to hosted zone."


def test_every_case_replays_through_the_model() -> None:
    failures = {case.id: problems for case in cases() if (problems := replay(case))}
    assert failures == {}


def test_every_call_passes_botocore_s_parameter_validation() -> None:
    session = botocore.session.get_session()
    validator = ParamValidator()
    for case in cases():
        for call in (*case.setup, case.request):
            shape = session.get_service_model(call.service).operation_model(call.operation).input_shape
            report = validator.validate(call.params, shape)
            assert not report.has_errors(), (case.id, report.generate_report())


def test_cases_are_json_round_trippable_and_fixed() -> None:
    for case in cases():
        data = json.loads(json.dumps(case.to_json()))
        assert Case.from_json(data) == case
    again = corpus._corpus.__wrapped__()  # a second generation, not the cached one
    assert again == (cases(), unreached())


def test_placeholders_stand_for_saved_ids_and_accounts() -> None:
    for case in cases():
        names = {f"account.{role}" for role in ACCOUNTS}
        for call in case.setup:
            assert corpus._placeholders(call.params) <= names, case.id
            names |= call.save.keys()
        assert corpus._placeholders(case.request.params) <= names, case.id
        assert corpus._placeholders(case.expect.message or "") <= names, case.id
        assert corpus._placeholders(case.expect.fields) <= names, case.id
        text = json.dumps(case.expect.to_json())
        assert not any(account in text for account in ACCOUNTS.values()), case.id


def test_a_case_that_does_not_match_says_how() -> None:
    case = next(c for c in cases() if c.id == "associate.zone-exists/NoSuchHostedZone")
    wrong = Case.from_json({**case.to_json(), "expect": Expect(ok=False, code="NoSuchHostedZone", http_status=400).to_json()})
    assert replay(wrong) == ["HTTP status: expected 400, got 404"]
    ok = Case.from_json({**case.to_json(), "expect": Expect(ok=True).to_json()})
    assert replay(ok) == ["expected success, got NoSuchHostedZone: No hosted zone found with ID: Z0000000000000000000A"]
    broken = Case.from_json({**case.to_json(), "setup": [Call("ec2", "CreateVpc", {"CidrBlock": "nope"}).to_json()]})
    assert replay(broken)[0].startswith("setup call 0 (CreateVpc) failed: InvalidParameterValue")


# -- the vectors -------------------------------------------------------------------------------


def test_the_vectors_validate_against_their_schema(tmp_path: Path) -> None:
    assert cli.main(["vectors", "--out", str(tmp_path / "out")]) == 0
    document = json.loads((tmp_path / "out" / "vectors.json").read_text())
    schema = json.loads((tmp_path / "out" / "vectors.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert len(document["cases"]) == len(cases())
    assert [f"{u['rule']}/{u['outcome']}" for u in document["unreached"]] == UNREACHED
    broken = {**document, "cases": [{**document["cases"][0], "needs": ["a pony"]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_docs_hold_the_current_schema() -> None:
    shipped = Path(__file__).parent.parent / "docs" / "vectors.schema.json"
    assert json.loads(shipped.read_text()) == vectors.SCHEMA, (
        "regenerate it: route53-assoc vectors --out /tmp/v && cp /tmp/v/vectors.schema.json docs/"
    )


def test_vectors_refuses_an_unwritable_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.main(["vectors", "--out", str(blocker)]) == 2
    assert "cannot write" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``route53-assoc serve --clock manual`` in a subprocess on a free loopback port."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    port = _free_port()
    with open(log, "ab") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "route53_assoc", "serve", "--port", str(port), "--clock", "manual"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while "listening on" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_runner_written_from_the_schema_passes_every_vector_against_serve(served: str, tmp_path: Path) -> None:
    vectors.write(str(tmp_path))
    document = json.loads((tmp_path / "vectors.json").read_text())
    runner = vector_runner.Runner(served, document["accounts"], vector_runner.serve_reset(served))
    failures = {case["id"]: problems for case in document["cases"] if (problems := runner.run(case))}
    assert failures == {}


def test_the_runner_sees_a_wrong_expectation(served: str) -> None:
    case = next(c for c in cases() if c.id == "associate.no-same-name/ConflictingDomainExists").to_json()
    runner = vector_runner.Runner(served, ACCOUNTS, vector_runner.serve_reset(served))
    assert runner.run(case) == []
    wrong = {**case, "expect": {**case["expect"], "message": "The VPC {{vpc1}} is busy."}}
    (problem,) = runner.run(wrong)
    assert problem.startswith("message 'The VPC vpc-") and problem.endswith("is busy.'")
    assert "expected 'The VPC vpc-" in problem


def test_serve_s_reset_takes_quotas(served: str) -> None:
    import urllib.error
    import urllib.request

    def reset(body: bytes) -> int:
        request = urllib.request.Request(f"{served}/_route53_assoc/reset", data=body, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            with exc:
                return int(exc.code)

    assert reset(b'{"quotas": {"vpcs_per_region": 1}}') == 200
    runner = vector_runner.Runner(served, ACCOUNTS, lambda options: None)
    assert runner.call({"service": "ec2", "operation": "CreateVpc", "params": {"CidrBlock": "10.0.0.0/16"},
                        "account": "A", "region": "us-east-1"}, {})[2] is None
    assert runner.call({"service": "ec2", "operation": "CreateVpc", "params": {"CidrBlock": "10.0.0.0/16"},
                        "account": "A", "region": "us-east-1"}, {})[2] == "VpcLimitExceeded"
    assert reset(b'{"quotas": {"no_such_quota": 1}}') == 400
    assert reset(b'{"quotas": {"vpcs_per_region": "one"}}') == 400
    assert reset(b'{"quotas": []}') == 400
    assert reset(b"{}") == 200

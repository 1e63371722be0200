"""``route53-assoc check``: scorecards against route53-assoc serve, moto_server and a planted divergence;
docs/moto.md's table generated from a real run against moto_server."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from route53_assoc import check
from route53_assoc.cli import main
from route53_assoc.corpus import replay
from route53_assoc.server import Server

ROOT = Path(__file__).resolve().parent.parent
MOTO_PAGE = ROOT / "docs" / "moto.md"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            response.read()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@contextlib.contextmanager
def _process(args: list[str], probe: str, env: dict[str, str] | None = None, *, kill: bool = False) -> Iterator[None]:
    """Run *args* until the block ends; ready once *probe* answers over HTTP."""
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(probe):
            if process.poll() is not None:
                raise AssertionError(f"{args} exited: {process.stderr.read().decode() if process.stderr else ''}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{args} did not answer {probe} within 60 s")
            time.sleep(0.1)
        yield
    finally:
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture(scope="module")
def serve_url() -> Iterator[str]:
    """``route53-assoc serve`` in a process of its own, on a free loopback port."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with _process([sys.executable, "-m", "route53_assoc", "serve", "--port", str(port)], f"{url}/_route53_assoc/health"):
        yield url


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """moto_server in a process of its own (without EC2's default images: its reset is then quick)."""
    pytest.importorskip("moto.server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with _process(
        [sys.executable, "-m", "moto.server", "-p", str(port)],
        f"{url}/moto-api/data.json",
        env={"MOTO_EC2_LOAD_DEFAULT_AMIS": "false"},
        kill=True,  # moto_server does not stop on SIGTERM while a keep-alive connection is open
    ):
        yield url


@pytest.fixture(scope="module")
def moto_report(moto_url: str) -> check.Report:
    """One check of moto: the association rules' cases, and a few differential examples of associations
    (not shrunk: shrinking replays every example, a reset of moto each time, for tens of seconds)."""
    return check.run(
        moto_url,
        only=check.MOTO_PAGE_CASES,
        examples=5,
        steps=5,
        derandomize=True,
        operations=("associate",),
        shrink=False,
    )


def _rule(report: check.Report, rule: str) -> check.RuleScore:
    return next(score for score in report.rules if score.rule == rule)


def _result(report: check.Report, case_id: str) -> check.CaseResult:
    return next(result for result in report.results if result.case.id == case_id)


# -- route53-assoc serve scores 100% ---------------------------------------------------------------


def test_serve_scores_every_rule(serve_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", "--endpoint", serve_url, "--examples", "4", "--steps", "6", "--derandomize", "--json"])
    output = capsys.readouterr()
    report = json.loads(output.out)
    assert report["kind"] == "route53-assoc serve"
    assert report["score"]["rules"]["diverges"] == 0, [r for r in report["rules"] if r["verdict"] != "agrees"]
    assert report["score"]["rules"]["skipped"] == 0
    assert report["score"]["percent"] == 100.0
    assert report["differential"]["divergences"] == []
    assert status == 0
    # Progress a person can read, on stderr.
    assert "check: [1/" in output.err and "agrees" in output.err


# -- moto_server: its known divergences, against the right rules ----------------------------------


def test_moto_runs_to_the_end_with_an_account_per_role(moto_report: check.Report) -> None:
    assert moto_report.kind == "moto"
    # moto tells accounts apart by its x-moto-account-id header, which check sends.
    assert [moto_report.accounts[role] for role in ("A", "B", "C")] == ["111111111111", "222222222222", "333333333333"]
    assert moto_report.examples == 5
    assert moto_report.differential_operations == ("create_vpc", "create_hosted_zone", "associate")
    [found] = moto_report.differential
    # the first divergence the checker meets: moto creates a zone with another account's VPC, or associates one
    assert found.operation in ("associate", "create_hosted_zone") and found.rules and found.steps
    assert found.model.split(" ")[0] != found.endpoint.split(" ")[0]
    # Each account has a Route 53 of its own in moto: another account's zone does not exist.
    cross = _result(moto_report, "associate.caller-authorized/InvalidVPCId")
    assert cross.verdict == check.DIVERGES
    assert cross.actual == "NoSuchHostedZone (404): No hosted zone found with ID: {{zone}}"
    # Nothing moto cannot be asked is failed: a lowered quota is skipped.
    quota = _result(moto_report, "associate.quota/LimitsExceeded")
    assert (quota.verdict, quota.reason) == (check.SKIPPED, "needs quota:vpcs_per_zone=1, which only route53-assoc serve's reset sets")


def test_moto_accepts_a_reassociation(moto_report: check.Report) -> None:
    score = _rule(moto_report, "associate.no-same-name")
    assert score.verdict == check.DIVERGES
    result = _result(moto_report, "associate.no-same-name/ConflictingDomainExists")
    assert result.verdict == check.DIVERGES
    assert result.expected.startswith("ConflictingDomainExists (400): The VPC {{vpc1}} in region us-east-1")
    assert result.actual == "ok"


def test_moto_makes_a_zone_created_with_a_vpc_public(moto_report: check.Report) -> None:
    created = _result(moto_report, "create-hosted-zone.input/holds+vpc-without-private-flag")
    assert created.verdict == check.DIVERGES
    assert "HostedZone.Config.PrivateZone: expected True, got False" in created.differences
    associated = _result(moto_report, "associate.zone-private/holds+zone-made-without-private-flag")
    assert associated.verdict == check.DIVERGES
    assert associated.actual is not None and associated.actual.startswith("PublicZoneVPCAssociation (400)")


def test_moto_has_no_authorization_operations(moto_report: check.Report) -> None:
    for rule in ("create-authorization.zone-exists", "delete-authorization.zone-exists", "list-authorizations.zone-exists"):
        score = _rule(moto_report, rule)
        assert score.verdict == check.DIVERGES, rule
        assert score.shortest is not None and score.shortest.actual == "404 (404): Not Found", rule


def test_moto_accepts_a_vpc_that_does_not_exist(moto_report: check.Report) -> None:
    result = _result(moto_report, "create-hosted-zone.vpc-exists/InvalidVPCId")
    assert (result.verdict, result.actual) == (check.DIVERGES, "ok")
    region = _result(moto_report, "associate.vpc-exists/InvalidVPCId")
    assert (region.verdict, region.actual) == (check.DIVERGES, "ok")


def test_moto_page_is_generated_from_a_real_run(moto_report: check.Report) -> None:
    page = MOTO_PAGE.read_text(encoding="utf-8")
    fresh = check.replace_generated(page, check.markdown_table(moto_report, "moto"))
    from importlib.metadata import version

    assert page == fresh, (
        f"docs/moto.md is stale (moto {version('moto')} installed; the page names the version it was "
        "generated with): regenerate it against moto_server with the command the page shows"
    )


# -- a planted divergence is reported against its rule ---------------------------------------------


class _Planted:
    """A WSGI proxy in front of the server: one message reworded, one refusal turned into a success."""

    def __init__(self, inner: Server) -> None:
        self.inner = inner

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured["status"], captured["headers"] = status, headers

        body = b"".join(self.inner(environ, capture))
        path = environ.get("PATH_INFO", "")
        status, headers = captured["status"], captured["headers"]
        if path.endswith("/associatevpc") and b"ConflictingDomainExists" in body:
            body = body.replace(b"has already been associated with", b"is already associated with")
        if path.endswith("/disassociatevpc") and b"LastVPCAssociation" in body:
            status = "200 OK"
            body = (
                b'<?xml version="1.0" encoding="UTF-8"?>\n<DisassociateVPCFromHostedZoneResponse '
                b'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C0PLANTED</Id>'
                b"<Status>INSYNC</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo>"
                b"</DisassociateVPCFromHostedZoneResponse>"
            )
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]


@pytest.fixture(scope="module")
def planted_url() -> Iterator[str]:
    import waitress

    listener = waitress.create_server(_Planted(Server(clock="manual")), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.effective_port}"
    finally:
        listener.close()


def test_planted_divergences_are_reported_against_their_rules(planted_url: str) -> None:
    report = check.run(planted_url, only=("associate.", "disassociate."), examples=0)
    diverging = {score.rule for score in report.rules if score.verdict == check.DIVERGES}
    assert diverging == {"associate.no-same-name", "disassociate.not-last"}
    reworded = _rule(report, "associate.no-same-name").shortest
    assert reworded is not None
    assert [d.partition(":")[0] for d in reworded.differences] == ["message"]
    assert reworded.actual is not None and "is already associated with the hosted zone {{zone}}" in reworded.actual
    accepted = _rule(report, "disassociate.not-last").shortest
    assert accepted is not None
    assert accepted.expected.startswith("LastVPCAssociation (400)")
    assert accepted.actual == "ok"
    text = check.render_text(report)
    assert "DIVERGES  disassociate.not-last" in text and "agrees    associate.zone-exists" in text


# -- smaller promises -------------------------------------------------------------------------------


def test_a_differential_divergence_is_put_against_the_rules_raising_its_code() -> None:
    assert check._rules_for("disassociate", "LastVPCAssociation (The VPC ...)", "ok") == ("disassociate.not-last",)
    assert check._rules_for("associate", "ok", "ConflictingDomainExists (...)") == ("associate.no-same-name",)
    assert check._rules_for("associate", "ok", "404 (Not Found)") == ()


def test_check_cases_hold_in_the_model() -> None:
    for case in check.pitfalls():
        assert replay(case) == [], case.id


def test_single_account_skips_cases_needing_two(serve_url: str) -> None:
    report = check.run(serve_url, only=("associate.caller-authorized/",), single_account=True, examples=0)
    verdicts = {result.case.id: (result.verdict, result.reason) for result in report.results}
    assert verdicts["associate.caller-authorized/NotAuthorizedException"] == (
        check.SKIPPED,
        "needs 2 accounts; the endpoint tells 1 apart",
    )
    assert verdicts["associate.caller-authorized/holds"] == (check.AGREES, None)
    assert not report.divergent


def test_account_keys_and_unreachable_endpoints(capsys: pytest.CaptureFixture[str]) -> None:
    assert check.parse_account_keys(["B=AKIAB:s"]) == {"B": check.Key("AKIAB", "s")}
    with pytest.raises(check.CheckError, match="ROLE=KEY"):
        check.parse_account_keys(["B"])
    with pytest.raises(check.CheckError, match="unknown role 'Z'"):
        check.parse_account_keys(["Z=AKIA"])
    url = f"http://127.0.0.1:{_free_port()}"
    assert main(["check", "--endpoint", url, "--quiet"]) == 2
    assert "cannot reach" in capsys.readouterr().err


def test_replace_generated_keeps_the_prose() -> None:
    page = f"intro\n{check.BEGIN}\nold\n{check.END}\noutro\n"
    assert check.replace_generated(page, "new\n") == f"intro\n{check.BEGIN}\nnew\n{check.END}\noutro\n"
    with pytest.raises(check.CheckError, match="markers"):
        check.replace_generated("no markers", "x")


def test_without_resets_each_case_cleans_up_after_itself(serve_url: str) -> None:
    """Reset once: caller references made unique per case (and taken off the answers), what a case
    made deleted after it, and cases needing world settings skipped."""
    report = check.run(
        serve_url,
        only=(
            "create-hosted-zone.caller-reference-unused/",  # the same reference twice in one case
            "create-hosted-zone.input/holds",  # the reference in the answer
            "create-hosted-zone.quota/",  # needs a quota
            "list-hosted-zones.input/holds",  # no zone left by the cases before
        ),
        reset_once=True,
        examples=0,
    )
    assert {r.verdict for r in report.results} == {check.AGREES, check.SKIPPED}, check.render_text(report)
    skipped = [r for r in report.results if r.verdict == check.SKIPPED]
    assert [r.case.id for r in skipped] == ["create-hosted-zone.quota/TooManyHostedZones"]


def test_markdown_update_page_writes_the_table_between_the_markers(planted_url: str, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"# Title\n\n{check.BEGIN}\nold\n{check.END}\n\nprose\n", encoding="utf-8")
    argv = ["check", "--endpoint", planted_url, "--only", "associate.no-same-name/", "--examples", "0", "--quiet"]
    assert main([*argv, "--markdown", "planted", "--update-page", str(page)]) == 1
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# Title\n\n{check.BEGIN}\nRules: 0 agree, 1 diverge, 0 skipped.")
    assert "| rule | case | AWS (route53-assoc) | planted |" in text
    assert "| `associate.no-same-name` | `associate.no-same-name/ConflictingDomainExists` |" in text
    assert text.endswith(f"{check.END}\n\nprose\n")

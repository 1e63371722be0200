"""Shared fixtures: the accounts of the cross-account story, and a world with them."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, settings

import route53_assoc as r53

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

A = "111111111111"
B = "222222222222"
C = "333333333333"
CN = "444444444444"


@attrs.frozen
class Story:
    """A's private zone with A's VPC; B's VPC; a VPC of an aws-cn account."""

    world: r53.World
    zone: str
    vpc_a: r53.VPC
    vpc_b: r53.VPC
    vpc_cn: r53.VPC
    public_zone: str


def build_story(**empty: object) -> Story:
    world = r53.World.empty(**empty)  # type: ignore[arg-type]
    world, vpc_a = r53.create_vpc(world, owner=A, region="us-east-1")
    world, vpc_b = r53.create_vpc(world, owner=B, region="eu-west-1")
    world, vpc_cn = r53.create_vpc(world, owner=CN, region="cn-north-1")
    world, created = r53.create_hosted_zone(
        world,
        caller=A,
        name="corp.example.com",
        caller_reference="a-1",
        vpc_id=vpc_a.id,
        vpc_region="us-east-1",
    )
    world, public = r53.create_hosted_zone(world, caller=A, name="example.com", caller_reference="a-2")
    return Story(world, created.zone.id, vpc_a, vpc_b, vpc_cn, public.zone.id)


@pytest.fixture
def story() -> Story:
    return build_story()


# -- the Terraform story, in the background ----------------------------------------------------------
# tests/test_terraform_serve.py spends minutes in hashicorp/aws's fixed sleeps and start-ups: its story
# is started as soon as the test is collected (by the xdist controller under -n, else by pytest itself),
# the rest of the suite runs meanwhile, and the test, put last, waits for the story's result file.

_TERRAFORM_FILE = "test_terraform_serve.py"
_TERRAFORM_ID = "tests/test_terraform_serve.py::test_terraform_applies_plans_refuses_a_duplicate_and_destroys"
_story: dict[str, Any] = {}


def _result_path(run: str) -> Path:
    return Path(tempfile.gettempdir()) / f"route53-assoc-terraform-{run}.json"


def _start_story(result: Path) -> None:
    from tests import test_terraform_serve

    if "process" in _story or not test_terraform_serve.available():
        return
    result.unlink(missing_ok=True)
    _story["process"] = test_terraform_serve.start(result)
    _story["files"] = (result, result.with_suffix(".started"))
    result.with_suffix(".started").touch()


#: The longest tests (seconds each, where most take milliseconds), started first: under xdist a long
#: test started last is a tail with one core idle.
_LONGEST_FIRST = (
    "tests/test_stateful.py::TestAssociationMachine::runTest",
    "tests/test_server.py::test_the_aws_cli_runs_the_cross_account_story",
    "docs/testing.md::testing.md",
    "tests/test_testing_kit.py::test_every_error_code_is_reached",
    "tests/test_resolve.py::test_resolution_agrees_with_the_reference",
    "tests/test_server.py::test_sixteen_concurrent_clients_leave_a_consistent_world",
    "tests/test_testing_kit.py::test_differential_checker_finds_a_planted_divergence",
    "tests/test_server.py::test_sigterm_while_changes_are_saved_loses_none_and_leaves_no_temporary_file",
    "tests/test_server.py::test_a_killed_server_loses_no_acknowledged_change",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first = {nodeid: rank for rank, nodeid in enumerate(_LONGEST_FIRST)}
    # stable: the longest first, then collection order, the Terraform test (which only waits) last
    items.sort(key=lambda item: (item.path.name == _TERRAFORM_FILE, first.get(item.nodeid, len(first))))


def pytest_collection_finish(session: pytest.Session) -> None:
    # What collection imported (pytest, Hypothesis, boto3, the library, every test module) lives until
    # the end: frozen out of the garbage collector's reach, its full collections no longer walk it
    # again and again (Hypothesis's examples make the garbage that triggers them).  Measured on 20 of
    # test_hostile.py's tests: 0.73 s -> 0.53 s in the collector, the same tests run.
    gc.collect()
    gc.freeze()
    config = session.config
    if hasattr(config, "workerinput") or config.option.collectonly:
        return  # an xdist worker: the controller starts the story
    if any(item.nodeid == _TERRAFORM_ID for item in session.items):
        _story["result"] = _result_path(f"{os.getpid()}-{id(session)}")
        _start_story(_story["result"])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    if node.config.option.collectonly or _TERRAFORM_ID not in ids:
        return
    _start_story(_result_path(node.workerinput["testrunuid"]))


def pytest_unconfigure(config: pytest.Config) -> None:
    process = _story.pop("process", None)
    if process is not None and process.poll() is None:  # not waited for: deselected, -x, interrupted
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for leftover in _story.pop("files", ()):  # the test removes them when it reads the result
        leftover.unlink(missing_ok=True)


@pytest.fixture
def terraform_result(request: pytest.FixtureRequest) -> Path:
    """Where the background Terraform story writes its outcome (started here if nobody did)."""
    workerinput = getattr(request.config, "workerinput", None)
    result = _story.get("result") or _result_path(
        workerinput["testrunuid"] if workerinput else f"{os.getpid()}-alone"
    )
    if not result.with_suffix(".started").exists():
        _start_story(result)
    return result

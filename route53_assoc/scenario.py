"""Scenario files: a world and a list of steps in TOML, run through ``explain``.

A scenario names things instead of spelling out ids::

    [accounts]
    alice = { id = "111111111111" }             # partition defaults to "aws"
    chen = { id = "444444444444", partition = "aws-cn" }

    [[vpcs]]
    name = "alice-east"
    owner = "alice"
    region = "us-east-1"

    [[zones]]
    name = "corp"                               # the handle steps use
    domain = "corp.example.com"
    owner = "alice"
    vpc = "alice-east"                          # optional: makes the zone private

    [[steps]]
    title = "Alice associates..."               # optional
    op = "associate"
    caller = "alice"
    zone = "corp"
    vpc = "alice-east"                          # gives vpc_id and vpc_region
    expect = "ConflictingDomainExists"          # optional: "ok" or an error code

A ``create-vpc`` or ``create-hosted-zone`` step may say ``as = "handle"`` to name
what it creates for later steps.

A ``resolve`` step asks what the resolver inside a VPC answers (spec §S7); its
``expect`` is a status (``NOERROR``, ``NODATA``, ``NXDOMAIN``, ``FORWARDED_PUBLIC``,
``NO_RESOLVER``, ``SERVFAIL``) or an error code, and ``answers`` (optional) the
answer's values in order::

    [[steps]]
    op = "resolve"
    vpc = "alice-east"
    name = "www.example.com"
    type = "A"
    expect = "NOERROR"
    answers = ["192.0.2.10"]

Steps may also give raw members (``hosted_zone_id``, ``vpc_id``, ``vpc_region``,
``comment``, ...) to make a request the handles cannot express.  ``op`` names any
operation of the rule catalogue, by the model's name (``associate``) or by AWS's
(``AssociateVPCWithHostedZone``; ``CreateVpc`` for EC2's), in any case — see
:func:`route53_assoc.operation`.

A step's ``expect`` is checked before anything runs: ``"ok"``, or an error code the
operation can raise (its rules' codes, as ``route53-assoc rules OP`` lists them), or
for ``resolve`` a status.  A code the operation never raises is an error in the file.

Steps are numbered from 1, in messages and in ``explain``'s output alike, with the
line of their ``[[steps]]`` header: ``step 2 (line 31)``.  Every problem in a file is
reported as a :class:`ScenarioError` naming the file, the step or key (and the line,
for TOML syntax), what is wrong and, for a misspelt name, the closest right one::

    >>> loads("[[steps]]\\nop = 'asociate'", "s.toml")
    Traceback (most recent call last):
    ...
    route53_assoc.scenario.ScenarioError: s.toml: step 1 (line 1): op: no operation 'asociate' (did you mean 'associate'?)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from . import _registry
from ._resolve import RESOLVE, Resolution, ResolveStatus
from ._rules import Trace
from ._world import World
from .errors import InvalidInput

__all__ = ["STEP_OPERATIONS", "Scenario", "ScenarioError", "StepResult", "expected_outcomes", "load", "loads", "run"]


class ScenarioError(Exception):
    """A scenario file that cannot be read or run; the message says where and why."""


#: The ``op`` values a step may use (the model's names; AWS's are accepted too), with the request type each builds.
STEP_OPERATIONS: Final[Mapping[str, type]] = {op.name: op.request_type for op in _registry.OPERATIONS}

_HANDLE_KEYS: Final = {"zone", "vpc", "title", "op", "expect", "as"}
_ACCOUNT_FIELDS: Final = {"caller", "owner", "account"}


@attrs.frozen
class StepResult:
    """One step's trace, the world after it (unchanged if refused), and whether it met its expectation."""

    index: int
    title: str | None
    trace: Trace
    expect: str | None
    world: World = attrs.field(repr=False, eq=False)
    #: A resolve step's expected answer values (``None``: answers not checked).
    answers: tuple[str, ...] | None = None
    #: The line of the step's ``[[steps]]`` header in its file (``None``: not known).
    line: int | None = None

    @property
    def label(self) -> str:
        """``step 2 (line 31)``: how messages and the output name the step (numbered from 1)."""
        return step_label(self.index, self.line)

    @property
    def outcome(self) -> str:
        """``"ok"``, or the error code; a resolve step's status (and answers, when expected)."""
        if self.trace.error is not None:
            return self.trace.error.code
        result = self.trace.result
        if isinstance(result, Resolution):
            status = result.status.value
            return status if self.answers is None else f"{status} {answers_text(result.values)}"
        return "ok"

    @property
    def met(self) -> bool:
        """Whether the outcome is the expected one (true when nothing was expected)."""
        if self.expect == "ok" and self.trace.error is None:
            return True
        return self.expect is None or self.expect == self.outcome


def answers_text(values: tuple[str, ...]) -> str:
    """A resolve step's answer values as ``expect`` and the outcome show them."""
    return "[" + ", ".join(values) + "]"


def _expected_answers(step: Mapping[str, Any], expect: str | None, where: str) -> tuple[str, ...] | None:
    """A resolve step's ``answers``, checked (``None`` when the step has none)."""
    answers = step.get("answers")
    if answers is None:
        return None
    if step["op"] != "resolve":
        raise ScenarioError(f"{where}: answers: only a resolve step expects answers")
    if not isinstance(answers, list) or not all(isinstance(v, str) for v in answers):
        raise ScenarioError(f'{where}: answers: expected a list of values, like ["192.0.2.10"], found {answers!r}')
    if expect is None:
        raise ScenarioError(f'{where}: answers: give the expected status too, like expect = "NOERROR"')
    return tuple(answers)


@attrs.frozen
class Scenario:
    """A parsed scenario: where it came from, its setup, and its raw steps."""

    source: str
    title: str | None
    settings: Mapping[str, Any]
    accounts: Mapping[str, tuple[str, str]]
    vpcs: tuple[Mapping[str, Any], ...]
    zones: tuple[Mapping[str, Any], ...]
    #: The steps, each ``op`` the operation's model name (whatever name the file used).
    steps: tuple[Mapping[str, Any], ...]
    #: The line of each step's ``[[steps]]`` header (empty when the file spells its steps otherwise).
    lines: tuple[int, ...] = ()

    def line(self, index: int) -> int | None:
        """The line of step *index*'s header (counted from 0), if known."""
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def label(self, index: int) -> str:
        """``source: step 2 (line 31)``, for messages about step *index* (counted from 0)."""
        return f"{self.source}: {step_label(index, self.line(index))}"


def _table(data: Mapping[str, Any], key: str, source: str, kind: type) -> Any:
    value = data.get(key, kind())
    if not isinstance(value, kind):
        expected = "a table" if kind is dict else "an array of tables"
        raise ScenarioError(f"{source}: {key}: expected {expected}, found {type(value).__name__}")
    return value


def step_label(index: int, line: int | None) -> str:
    """Step *index* (counted from 0) as messages and the output name it.

    >>> step_label(0, 12), step_label(4, None)
    ('step 1 (line 12)', 'step 5')
    """
    return f"step {index + 1}" + (f" (line {line})" if line is not None else "")


_STEP_HEADER: Final = re.compile(r"""^[ \t]*\[\[[ \t]*(?:steps|"steps"|'steps')[ \t]*\]\]""", re.MULTILINE)


def _step_lines(text: str, count: int) -> tuple[int, ...]:
    """The line of each ``[[steps]]`` header (tomllib gives no positions, so the text is scanned).

    Empty unless there is one header per step (steps written as an inline array have none).
    """
    lines = tuple(text.count("\n", 0, match.start()) + 1 for match in _STEP_HEADER.finditer(text))
    return lines if len(lines) == count else ()


def _unknown(what: str, key: str, allowed: Any) -> str:
    """``unknown key 'zonee' (did you mean 'zone'?); expected one of: ...``."""
    names = sorted(allowed)
    guess = _registry.suggest(key, names)
    hint = f" (did you mean {guess!r}?)" if guess else ""
    return f"unknown {what} {key!r}{hint}; expected one of: {', '.join(names)}"


def expected_outcomes(op: Any) -> tuple[str, ...]:
    """What a step of operation *op* may ``expect``: ``"ok"``, the codes its rules raise, and
    for ``resolve`` the statuses.

    >>> outcomes = expected_outcomes(_registry.operation("get-change"))
    >>> outcomes[0], "NoSuchChange" in outcomes, "NoSuchHostedZone" in outcomes
    ('ok', True, False)
    """
    codes = sorted({code for rule in op.rules for code in rule.error_codes})
    statuses = [status.value for status in ResolveStatus] if op is RESOLVE else []
    return ("ok", *statuses, *codes)


def _every_code() -> set[str]:
    return {code for op in _registry.OPERATIONS for rule in op.rules for code in rule.error_codes}


def _check_expect(op: Any, expect: Any, where: str) -> None:
    if expect is None:
        return
    if not isinstance(expect, str):
        raise ScenarioError(f'{where}: expect: expected "ok" or an error code, found {expect!r}')
    allowed = expected_outcomes(op)
    if expect in allowed:
        return
    if expect in _every_code():
        raise ScenarioError(
            f"{where}: expect: {op.name} never raises {expect}; it may raise {', '.join(allowed[1:])}"
        )
    guess = _registry.suggest(expect, allowed)
    hint = f" (did you mean {guess!r}?)" if guess else ""
    raise ScenarioError(f"{where}: expect: unknown outcome {expect!r}{hint}; expected one of: {', '.join(allowed)}")


def _check_step(step: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A step checked without running anything: its ``op`` (made the model's name), keys and ``expect``."""
    name = step.get("op")
    if name is None:
        raise ScenarioError(f'{where}: op: missing; say which operation, like op = "associate"')
    try:
        op = _registry.operation(name) if isinstance(name, str) else None
    except InvalidInput as exc:
        raise ScenarioError(f"{where}: op: {exc.message.split(';')[0]}") from None
    if op is None:
        raise ScenarioError(f"{where}: op: expected an operation's name, like \"associate\", found {name!r}")
    checked = {**step, "op": op.name}
    _check_expect(op, step.get("expect"), where)
    _expected_answers(checked, step.get("expect"), where)
    allowed = set(_fields(op.request_type)) | _HANDLE_KEYS | ({"answers"} if op is RESOLVE else set())
    unknown = sorted(set(step) - allowed)
    if unknown:
        raise ScenarioError(f"{where}: {_unknown('key', unknown[0], allowed)}")
    return checked


_TOP_LEVEL: Final = {"title", "settings", "accounts", "vpcs", "zones", "steps"}


def loads(text: str, source: str = "<scenario>", *, require_steps: bool = True) -> Scenario:
    """Parse a scenario from TOML text; *source* names it in messages.

    Everything that can be checked without running is checked here: each step's
    ``op``, keys and ``expect``.  A scenario with no steps is an error, unless
    *require_steps* is false (a world to query, as ``route53-assoc resolve`` reads).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - _TOP_LEVEL)
    if unknown:
        raise ScenarioError(f"{source}: {_unknown('top-level key', unknown[0], _TOP_LEVEL)}")
    accounts: dict[str, tuple[str, str]] = {}
    for alias, spec in _table(data, "accounts", source, dict).items():
        if isinstance(spec, str):
            spec = {"id": spec}
        if not isinstance(spec, dict) or "id" not in spec or set(spec) - {"id", "partition"}:
            raise ScenarioError(
                f'{source}: accounts.{alias}: expected {{ id = "123456789012", partition = "aws" }} '
                f"(partition optional), found {spec!r}"
            )
        accounts[alias] = (spec["id"], spec.get("partition", "aws"))
    raw = _table(data, "steps", source, list)
    if require_steps and not raw:
        raise ScenarioError(
            f'{source}: no steps: a scenario needs at least one [[steps]] table, like\n'
            f'    [[steps]]\n    op = "associate"\n    caller = "alice"\n    zone = "corp"\n    vpc = "alice-east"'
        )
    lines = _step_lines(text, len(raw))
    steps = []
    for index, step in enumerate(raw):
        where = f"{source}: {step_label(index, lines[index] if lines else None)}"
        if not isinstance(step, dict):
            raise ScenarioError(f"{where}: expected a table, found {type(step).__name__}")
        steps.append(_check_step(step, where))
    return Scenario(
        source=source,
        title=data.get("title"),
        settings=_table(data, "settings", source, dict),
        accounts=accounts,
        vpcs=tuple(_table(data, "vpcs", source, list)),
        zones=tuple(_table(data, "zones", source, list)),
        steps=tuple(steps),
        lines=lines,
    )


def load(path: str | Path, *, require_steps: bool = True) -> Scenario:
    """Read and parse a scenario file (see :func:`loads`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text") from None
    return loads(text, str(path), require_steps=require_steps)


def _guess(value: Any, names: Any) -> str:
    """`` (did you mean 'corp'?)`` when a handle is close to *value*."""
    guess = _registry.suggest(value, names) if isinstance(value, str) else None
    return f" (did you mean {guess!r}?)" if guess else ""


class _Names:
    """The scenario's handles: account aliases, VPC names, zone names."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.accounts = {alias: account for alias, (account, _) in scenario.accounts.items()}
        self.vpcs: dict[str, tuple[str, str]] = {}
        self.zones: dict[str, str] = {}

    def account(self, value: Any, where: str) -> Any:
        if isinstance(value, str) and value in self.accounts:
            return self.accounts[value]
        if isinstance(value, str) and value.isdigit():
            return value
        names = ", ".join(self.accounts) or "none"
        raise ScenarioError(f"{where}: no account named {value!r}{_guess(value, self.accounts)} (accounts: {names})")

    def vpc(self, value: Any, where: str) -> tuple[str, str]:
        if value in self.vpcs:
            return self.vpcs[value]
        raise ScenarioError(
            f"{where}: no VPC named {value!r}{_guess(value, self.vpcs)} (VPCs: {', '.join(self.vpcs) or 'none'})"
        )

    def zone(self, value: Any, where: str) -> str:
        if value in self.zones:
            return self.zones[value]
        raise ScenarioError(
            f"{where}: no zone named {value!r}{_guess(value, self.zones)} (zones: {', '.join(self.zones) or 'none'})"
        )


def _fields(kind: type) -> list[str]:
    return [field.name for field in attrs.fields(kind)]


def _request(names: _Names, step: Mapping[str, Any], where: str) -> Any:
    kind = STEP_OPERATIONS[step["op"]]
    fields = _fields(kind)
    members: dict[str, Any] = {}
    if "zone" in step:
        if "hosted_zone_id" not in fields:
            raise ScenarioError(f"{where}: zone: operation {step['op']} takes no zone")
        members["hosted_zone_id"] = names.zone(step["zone"], f"{where}: zone")
    if "vpc" in step:
        if "vpc_id" not in fields:
            raise ScenarioError(f"{where}: vpc: operation {step['op']} takes no VPC")
        vpc_id, region = names.vpc(step["vpc"], f"{where}: vpc")
        members["vpc_id"] = vpc_id
        if "vpc_region" in fields:
            members["vpc_region"] = region
    for key, value in step.items():
        if key in _HANDLE_KEYS:
            continue
        members[key] = names.account(value, f"{where}: {key}") if key in _ACCOUNT_FIELDS else value
    missing = [f.name for f in attrs.fields(kind) if f.default is attrs.NOTHING and f.name not in members]
    if missing:
        raise ScenarioError(f"{where}: operation {step['op']} needs {', '.join(missing)}")
    return kind(**members)


def _setup(scenario: Scenario, names: _Names) -> World:
    from . import add_account, create_hosted_zone, create_vpc
    from .errors import Route53Error

    settings = dict(scenario.settings)
    allowed = {
        "propagation_seconds",
        "processing_seconds",
        "vpcs_per_zone",
        "authorizations_per_zone",
        "zones_per_account",
    }
    unknown = sorted(set(settings) - allowed)
    if unknown:
        raise ScenarioError(f"{scenario.source}: settings: {_unknown('key', unknown[0], allowed)}")
    from ._values import Quotas

    try:
        quotas = Quotas(
            **{
                k: settings[k]
                for k in ("vpcs_per_zone", "authorizations_per_zone", "zones_per_account")
                if k in settings
            }
        )
        world = World.empty(
            propagation_seconds=settings.get("propagation_seconds", 0),
            processing_seconds=settings.get("processing_seconds", 0),
            quotas=quotas,
        )
    except Route53Error as exc:
        raise ScenarioError(f"{scenario.source}: settings: {exc.message}") from None

    def attempt(where: str, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return action(*args, **kwargs)
        except Route53Error as exc:
            raise ScenarioError(f"{where}: {exc.code}: {exc.message}") from None
        except TypeError as exc:
            raise ScenarioError(f"{where}: {exc}") from None

    for alias, (account, partition) in scenario.accounts.items():
        world = attempt(
            f"{scenario.source}: accounts.{alias}", add_account, world, account=account, partition=partition
        )
    for index, spec in enumerate(scenario.vpcs):
        where = f"{scenario.source}: vpcs[{index}]"
        if (
            not isinstance(spec, dict)
            or set(spec) - {"name", "owner", "region", "id"}
            or not {"name", "owner", "region"} <= set(spec)
        ):
            raise ScenarioError(
                f"{where}: expected name, owner and region (and optionally id), found {spec!r}"
            )
        owner = names.account(spec["owner"], f"{where}.owner")
        world, vpc = attempt(
            where, create_vpc, world, owner=owner, region=spec["region"], vpc_id=spec.get("id")
        )
        names.vpcs[spec["name"]] = (vpc.id, vpc.region)
    for index, spec in enumerate(scenario.zones):
        where = f"{scenario.source}: zones[{index}]"
        if (
            not isinstance(spec, dict)
            or set(spec) - {"name", "domain", "owner", "vpc", "comment"}
            or not {"name", "domain", "owner"} <= set(spec)
        ):
            raise ScenarioError(
                f"{where}: expected name, domain and owner (and optionally vpc, comment), found {spec!r}"
            )
        owner = names.account(spec["owner"], f"{where}.owner")
        vpc_id = region = None
        if "vpc" in spec:
            vpc_id, region = names.vpc(spec["vpc"], f"{where}.vpc")
        world, created = attempt(
            where,
            create_hosted_zone,
            world,
            caller=owner,
            name=spec["domain"],
            caller_reference=f"scenario-{spec['name']}",
            vpc_id=vpc_id,
            vpc_region=region,
            comment=spec.get("comment"),
        )
        names.zones[spec["name"]] = created.zone.id
    return world


def run(scenario: Scenario) -> tuple[World, list[StepResult]]:
    """Build the scenario's world, then explain and apply each step in turn.

    A refused step leaves the world as it was, and the run goes on.
    """
    names = _Names(scenario)
    world = _setup(scenario, names)
    results = []
    for index, step in enumerate(scenario.steps):
        where = scenario.label(index)
        step = _check_step(step, where)  # again: a Scenario may be made by hand
        expect = step.get("expect")
        answers = _expected_answers(step, expect, where)
        if answers is not None:
            expect = f"{expect} {answers_text(answers)}"
            step = {key: value for key, value in step.items() if key != "answers"}
        request = _request(names, step, where)
        trace = _registry.explain(world, request)
        if trace.world is not None:
            world = trace.world
            handle = step.get("as")
            if isinstance(handle, str) and step["op"] == "create-vpc":
                names.vpcs[handle] = (trace.result.id, trace.result.region)  # type: ignore[attr-defined]
            if isinstance(handle, str) and step["op"] == "create-hosted-zone":
                names.zones[handle] = trace.result.zone.id  # type: ignore[attr-defined]
        results.append(StepResult(index, step.get("title"), trace, expect, world, answers, scenario.line(index)))
    return world, results

"""A fixed corpus of AWS calls and their expected answers, one case per (rule, outcome).

Each :class:`Case` names one rule of one operation that an AWS endpoint serves and
one outcome of it — the rule holds, or the rule refuses with one of its error codes —
with the setup calls that make the world it needs, the request, and what the
answer must be.  Every value is plain data (JSON-round-trippable), so a runner in any
language can replay a case against any endpoint: ids the endpoint makes are saved
by the setup calls (``save``) and put into later calls and expectations wherever a
string holds ``{{name}}``.

Accounts are roles (``"A"``, ``"B"``, ``"C"``; ``"CN"`` lives in the aws-cn
partition); :data:`ACCOUNTS` gives the account ids the model uses for them.

>>> case = next(c for c in cases() if c.id == "associate.zone-exists/NoSuchHostedZone")
>>> case.expect.code, case.expect.http_status
('NoSuchHostedZone', 404)
>>> Case.from_json(case.to_json()) == case
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

__all__ = ["ACCOUNTS", "Answer", "Call", "Case", "Expect", "cases", "fill", "lookup", "mismatches", "replay"]

#: Account roles and the 12-digit accounts the model uses for them.
ACCOUNTS: Final[dict[str, str]] = {
    "A": "111111111111",
    "B": "222222222222",
    "C": "333333333333",
    "CN": "444444444444",
}

_PLACEHOLDER: Final = re.compile(r"\{\{([A-Za-z0-9_.-]+)\}\}")


def _frozen_dict(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


@attrs.frozen
class Call:
    """One AWS call: service, botocore operation name, parameters, who makes it and where.

    ``save`` maps a name to a dotted path into the response (``"HostedZone.Id"``,
    ``"Vpc.VpcId"``); later calls and expectations of the same case use the saved
    value wherever a string holds ``{{name}}``.
    """

    service: str
    operation: str
    params: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_dict)
    account: str = "A"
    region: str = "us-east-1"
    save: dict[str, str] = attrs.field(factory=dict, converter=_frozen_dict)

    def to_json(self) -> dict[str, Any]:
        """The call as JSON data."""
        return {
            "service": self.service,
            "operation": self.operation,
            "params": self.params,
            "account": self.account,
            "region": self.region,
            "save": self.save,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Call:
        """The call :meth:`to_json` gave."""
        return cls(
            service=data["service"],
            operation=data["operation"],
            params=data.get("params") or {},
            account=data.get("account", "A"),
            region=data.get("region", "us-east-1"),
            save=data.get("save") or {},
        )


@attrs.frozen
class Expect:
    """What the answer must be: an error (code, HTTP status, message) or a success.

    For a success, ``fields`` maps dotted paths into the response to the values
    expected there (placeholders allowed).  ``message`` may hold placeholders too;
    ``None`` means the message is not checked.
    """

    ok: bool
    code: str | None = None
    http_status: int | None = None
    message: str | None = None
    fields: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_dict)

    def to_json(self) -> dict[str, Any]:
        """The expectation as JSON data."""
        return {
            "ok": self.ok,
            "code": self.code,
            "http_status": self.http_status,
            "message": self.message,
            "fields": self.fields,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Expect:
        """The expectation :meth:`to_json` gave."""
        return cls(
            ok=data["ok"],
            code=data.get("code"),
            http_status=data.get("http_status"),
            message=data.get("message"),
            fields=data.get("fields") or {},
        )


@attrs.frozen
class Case:
    """One (rule, outcome) of one operation, with its setup, request and expectation."""

    id: str
    operation: str
    aws_operation: str
    rule: str
    confidence: str
    statement: str
    setup: tuple[Call, ...]
    request: Call
    expect: Expect
    needs: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """``"holds"`` or the error code the case expects."""
        return self.id.rpartition("/")[2]

    def to_json(self) -> dict[str, Any]:
        """The case as JSON data."""
        return {
            "id": self.id,
            "operation": self.operation,
            "aws_operation": self.aws_operation,
            "rule": self.rule,
            "confidence": self.confidence,
            "statement": self.statement,
            "setup": [call.to_json() for call in self.setup],
            "request": self.request.to_json(),
            "expect": self.expect.to_json(),
            "needs": list(self.needs),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Case:
        """The case :meth:`to_json` gave."""
        return cls(
            id=data["id"],
            operation=data["operation"],
            aws_operation=data["aws_operation"],
            rule=data["rule"],
            confidence=data["confidence"],
            statement=data["statement"],
            setup=tuple(Call.from_json(c) for c in data.get("setup") or ()),
            request=Call.from_json(data["request"]),
            expect=Expect.from_json(data["expect"]),
            needs=tuple(data.get("needs") or ()),
        )


def fill(value: Any, saved: Mapping[str, str]) -> Any:
    """*value* with every ``{{name}}`` replaced by ``saved[name]`` (recursively).

    >>> fill({"Id": "{{zone}}", "L": ["x-{{zone}}"]}, {"zone": "Z1"})
    {'Id': 'Z1', 'L': ['x-Z1']}
    """
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: str(saved[m.group(1)]), value)
    if isinstance(value, dict):
        return {k: fill(v, saved) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [fill(v, saved) for v in value]
    return value


# -- the corpus --------------------------------------------------------------------------------


def _vpc(name: str, account: str = "A", region: str = "us-east-1", cidr: str = "10.0.0.0/16") -> Call:
    return Call("ec2", "CreateVpc", {"CidrBlock": cidr}, account, region, {name: "Vpc.VpcId"})


def _private_zone(name: str, domain: str, vpc: str, account: str = "A", region: str = "us-east-1") -> Call:
    return Call(
        "route53",
        "CreateHostedZone",
        {
            "Name": domain,
            "CallerReference": f"ref-{name}",
            "VPC": {"VPCRegion": region, "VPCId": "{{" + vpc + "}}"},
            "HostedZoneConfig": {"PrivateZone": True},
        },
        account,
        "us-east-1",
        {name: "HostedZone.Id|basename"},
    )


def _hand_made() -> tuple[Case, ...]:
    """The first cases, written by hand."""
    associate = {
        "operation": "associate",
        "aws_operation": "AssociateVPCWithHostedZone",
    }
    return (
        Case(
            id="associate.caller-authorized/holds",
            rule="associate.caller-authorized",
            confidence="documented",
            statement="The caller owns the VPC, and either owns the zone too or holds the zone owner's "
            "authorization for this VPC.",
            setup=(_vpc("vpc1"), _vpc("vpc2", region="eu-west-1"), _private_zone("zone", "corp.example.com.", "vpc1")),
            request=Call(
                "route53",
                "AssociateVPCWithHostedZone",
                {"HostedZoneId": "{{zone}}", "VPC": {"VPCRegion": "eu-west-1", "VPCId": "{{vpc2}}"}},
            ),
            expect=Expect(ok=True, fields={"ChangeInfo.Status": "INSYNC"}),
            **associate,
        ),
        Case(
            id="associate.zone-exists/NoSuchHostedZone",
            rule="associate.zone-exists",
            confidence="observed",
            statement="The hosted zone exists in the caller's partition.",
            setup=(_vpc("vpc1"),),
            request=Call(
                "route53",
                "AssociateVPCWithHostedZone",
                {"HostedZoneId": "Z0000000000000000000A", "VPC": {"VPCRegion": "us-east-1", "VPCId": "{{vpc1}}"}},
            ),
            expect=Expect(
                ok=False,
                code="NoSuchHostedZone",
                http_status=404,
                message="No hosted zone found with ID: Z0000000000000000000A",
            ),
            **associate,
        ),
        Case(
            id="associate.caller-authorized/NotAuthorizedException",
            rule="associate.caller-authorized",
            confidence="documented",
            statement="The caller owns the VPC, and either owns the zone too or holds the zone owner's "
            "authorization for this VPC.",
            setup=(
                _vpc("vpc1"),
                _vpc("vpc2", account="B"),
                _private_zone("zone", "corp.example.com.", "vpc1"),
            ),
            request=Call(
                "route53",
                "AssociateVPCWithHostedZone",
                {"HostedZoneId": "{{zone}}", "VPC": {"VPCRegion": "us-east-1", "VPCId": "{{vpc2}}"}},
                account="B",
            ),
            expect=Expect(
                ok=False,
                code="NotAuthorizedException",
                http_status=401,
                message="Associating the specified VPC with the specified hosted zone has not been authorized.",
            ),
            needs=("accounts>=2",),
            **associate,
        ),
    )


@functools.cache
def cases() -> tuple[Case, ...]:
    """The whole corpus, in a fixed order (made once per process)."""
    return _hand_made()


# -- replaying a case against the model ----------------------------------------------------------


def lookup(body: Any, path: str) -> Any:
    """The value at dotted *path* in a response body (list items by index); ``KeyError`` if absent.

    A path may end in ``|basename``: the text after the value's last ``/``.

    >>> lookup({"VPCs": [{"VPCId": "vpc-1"}]}, "VPCs.0.VPCId")
    'vpc-1'
    >>> lookup({"HostedZone": {"Id": "/hostedzone/Z1"}}, "HostedZone.Id|basename")
    'Z1'
    """
    path, _, transform = path.partition("|")
    if transform == "basename":
        return str(lookup(body, path)).rpartition("/")[2]
    if transform:
        raise KeyError(f"{path}|{transform}")
    value = body
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(path)
    return value


@attrs.frozen
class Answer:
    """What an endpoint said to one call: the HTTP status, and the body or the error."""

    status: int
    body: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_dict)
    code: str | None = None
    message: str | None = None


def mismatches(case: Case, answer: Answer, saved: Mapping[str, str]) -> list[str]:
    """How *answer* differs from what *case* expects (empty when it matches)."""
    want = case.expect
    problems: list[str] = []
    if not want.ok:
        if answer.code != want.code:
            problems.append(f"code: expected {want.code}, got {answer.code or 'success'}")
        if want.http_status is not None and answer.status != want.http_status:
            problems.append(f"HTTP status: expected {want.http_status}, got {answer.status}")
        if want.message is not None and answer.code == want.code:
            message = fill(want.message, saved)
            if answer.message != message:
                problems.append(f"message: expected {message!r}, got {answer.message!r}")
        return problems
    if answer.code is not None:
        return [f"expected success, got {answer.code}: {answer.message}"]
    for path, expected in want.fields.items():
        try:
            got = lookup(answer.body, path)
        except KeyError:
            problems.append(f"{path}: absent")
            continue
        if got != fill(expected, saved):
            problems.append(f"{path}: expected {fill(expected, saved)!r}, got {got!r}")
    return problems


def _model_answer(backend: Any, call: Call, saved: Mapping[str, str]) -> Answer:
    from .errors import Route53Error

    account = backend.join(ACCOUNTS[call.account], call.region)
    try:
        status, body = backend.answer(
            call.service, call.operation, fill(call.params, saved), account=account, region=call.region
        )
    except Route53Error as exc:
        return Answer(exc.http_status, code=exc.code, message=exc.message)
    return Answer(status, body)


def replay(case: Case, backend: Any = None) -> list[str]:
    """Run *case* against the model's AWS face (a fresh :class:`~route53_assoc.aws.Backend`).

    Returns the mismatches (empty when the model answers as the case expects).

    >>> replay(cases()[0])
    []
    """
    if backend is None:
        from .aws import Backend

        backend = Backend()
    saved: dict[str, str] = {}
    for number, call in enumerate(case.setup):
        answer = _model_answer(backend, call, saved)
        if answer.code is not None:
            return [f"setup call {number} ({call.operation}) failed: {answer.code}: {answer.message}"]
        for name, path in call.save.items():
            saved[name] = str(lookup(answer.body, path))
    return mismatches(case, _model_answer(backend, case.request, saved), saved)

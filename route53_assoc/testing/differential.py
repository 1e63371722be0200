"""A differential checker: drive your system and the model with the same random calls.

Point it at your own implementation of the association rules — a simulator, a
wrapper, a mock — through an *adapter*, and get a Hypothesis state machine.  It
makes the same calls on both, compares the outcomes (success, or the same error
code) and what the reads return, and reports the first divergence; Hypothesis
shrinks it to a short, readable sequence of calls that reproduces it.  After every
call other than a read (whether it succeeded or was refused) it also reads back, on
both, the VPCs of the zone and the zones of the VPC it concerned, as their owners
see them, and compares them id for id: a system that answers "ok" but records
something else, or changes associations when it authorizes or refuses, is caught at
the step that did it.

An adapter is any object with these methods (see :class:`Adapter`); ids are your
system's own, the checker keeps the correspondence.  Errors are recognised by
``error_code(exc)``, which by default reads ``exc.code`` or a botocore
``ClientError``'s code.  :func:`boto3_adapter` builds one from a boto3 client
factory.

>>> from route53_assoc.testing.differential import differential_machine, model_adapter
>>> Machine = differential_machine(model_adapter)
>>> Machine.TestCase.settings = Machine.TestCase.settings.__class__(max_examples=5, deadline=None)
>>> Machine.TestCase().runTest()   # the model against itself: no divergence
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import attrs
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, multiple, precondition, rule

from .. import _registry
from .._associate import AssociateRequest
from .._authorizations import CreateAuthorizationRequest, DeleteAuthorizationRequest
from .._ec2 import AddAccountRequest, CreateVpcRequest
from .._lifecycle import DeleteHostedZoneRequest, DisassociateRequest
from .._reads import GetHostedZoneRequest, ListHostedZonesByVpcRequest
from .._world import World
from .._zones import CreateHostedZoneRequest
from ..errors import Route53Error

if TYPE_CHECKING:
    from ..sandbox import Sandbox

#: The calls the checker makes.
OPERATIONS = (
    "create_vpc",
    "create_hosted_zone",
    "delete_hosted_zone",
    "associate",
    "disassociate",
    "create_authorization",
    "delete_authorization",
    "list_hosted_zones_by_vpc",
    "get_hosted_zone",
)

__all__ = [
    "OPERATIONS",
    "Adapter",
    "Divergence",
    "boto3_adapter",
    "default_error_code",
    "differential_machine",
    "model_adapter",
    "sandbox_adapter",
]


@runtime_checkable
class Adapter(Protocol):
    """What the checker calls on your system.  Each method raises on refusal."""

    def create_vpc(self, account: str, region: str) -> str: ...
    def create_hosted_zone(
        self, account: str, name: str, caller_reference: str, vpc_id: str | None, vpc_region: str | None
    ) -> str: ...
    def delete_hosted_zone(self, account: str, zone_id: str) -> None: ...
    def associate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None: ...
    def disassociate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None: ...
    def create_authorization(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None: ...
    def delete_authorization(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None: ...
    def list_hosted_zones_by_vpc(self, account: str, vpc_id: str, vpc_region: str) -> Sequence[str]: ...
    def get_hosted_zone_vpcs(self, account: str, zone_id: str) -> Sequence[str]: ...


class Divergence(AssertionError):
    """Your system and the model disagreed on one call."""


def default_error_code(exc: BaseException) -> str | None:
    """The AWS error code an exception carries: ``.code``, or a botocore ClientError's."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if isinstance(code, str):
            return code
    code = getattr(exc, "code", None)
    return code if isinstance(code, str) else None


@attrs.define
class _Handle:
    """A VPC or zone as the steps name it: ``vpc1``, ``zone2``."""

    label: str
    model_id: str
    system_id: str
    owner: str
    region: str | None = None

    def __repr__(self) -> str:
        return self.label


class _ModelAdapter:
    """The library itself behind the adapter interface (useful as a baseline)."""

    def __init__(self) -> None:
        self.world = World.empty()

    def _run(self, request: object) -> Any:
        self.world, result = _registry.apply(self.world, request)
        return result

    def create_vpc(self, account: str, region: str) -> str:
        return str(self._run(CreateVpcRequest(owner=account, region=region)).id)

    def create_hosted_zone(
        self, account: str, name: str, caller_reference: str, vpc_id: str | None, vpc_region: str | None
    ) -> str:
        request = CreateHostedZoneRequest(
            caller=account, name=name, caller_reference=caller_reference, vpc_id=vpc_id, vpc_region=vpc_region
        )
        return str(self._run(request).zone.id)

    def delete_hosted_zone(self, account: str, zone_id: str) -> None:
        self._run(DeleteHostedZoneRequest(caller=account, hosted_zone_id=zone_id))

    def associate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._run(
            AssociateRequest(caller=account, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=vpc_region)
        )

    def disassociate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._run(
            DisassociateRequest(caller=account, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=vpc_region)
        )

    def create_authorization(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._run(
            CreateAuthorizationRequest(
                caller=account, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=vpc_region
            )
        )

    def delete_authorization(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._run(
            DeleteAuthorizationRequest(
                caller=account, hosted_zone_id=zone_id, vpc_id=vpc_id, vpc_region=vpc_region
            )
        )

    def list_hosted_zones_by_vpc(self, account: str, vpc_id: str, vpc_region: str) -> Sequence[str]:
        page = self._run(ListHostedZonesByVpcRequest(caller=account, vpc_id=vpc_id, vpc_region=vpc_region))
        return [z.hosted_zone_id for z in page.zones]

    def get_hosted_zone_vpcs(self, account: str, zone_id: str) -> Sequence[str]:
        zone = self._run(GetHostedZoneRequest(caller=account, hosted_zone_id=zone_id))
        return [vpc for vpc, _ in zone.vpcs]


def model_adapter() -> Adapter:
    """A fresh adapter backed by the library itself: the checker's baseline."""
    return _ModelAdapter()


class _Boto3Adapter:
    def __init__(
        self, client: Callable[[str, str, str], Any], *, private_zone_flag: bool, home_region: str
    ) -> None:
        self._client = client
        self._private_zone_flag = private_zone_flag
        self._home = home_region

    def create_vpc(self, account: str, region: str) -> str:
        return str(self._client("ec2", account, region).create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"])

    def create_hosted_zone(
        self, account: str, name: str, caller_reference: str, vpc_id: str | None, vpc_region: str | None
    ) -> str:
        kwargs: dict[str, Any] = {"Name": name, "CallerReference": caller_reference}
        if vpc_id is not None:
            kwargs["VPC"] = {"VPCId": vpc_id, "VPCRegion": vpc_region}
            if self._private_zone_flag:
                kwargs["HostedZoneConfig"] = {"PrivateZone": True}
        zone_id = self._client("route53", account, self._home).create_hosted_zone(**kwargs)["HostedZone"][
            "Id"
        ]
        return str(zone_id).rsplit("/", 1)[-1]

    def delete_hosted_zone(self, account: str, zone_id: str) -> None:
        self._client("route53", account, self._home).delete_hosted_zone(Id=zone_id)

    def _vpc_call(self, method: str, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        client = self._client("route53", account, self._home)
        getattr(client, method)(HostedZoneId=zone_id, VPC={"VPCId": vpc_id, "VPCRegion": vpc_region})

    def associate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._vpc_call("associate_vpc_with_hosted_zone", account, zone_id, vpc_id, vpc_region)

    def disassociate(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._vpc_call("disassociate_vpc_from_hosted_zone", account, zone_id, vpc_id, vpc_region)

    def create_authorization(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._vpc_call("create_vpc_association_authorization", account, zone_id, vpc_id, vpc_region)

    def delete_authorization(self, account: str, zone_id: str, vpc_id: str, vpc_region: str) -> None:
        self._vpc_call("delete_vpc_association_authorization", account, zone_id, vpc_id, vpc_region)

    def list_hosted_zones_by_vpc(self, account: str, vpc_id: str, vpc_region: str) -> Sequence[str]:
        client = self._client("route53", account, self._home)
        page = client.list_hosted_zones_by_vpc(VPCId=vpc_id, VPCRegion=vpc_region)
        return [str(s["HostedZoneId"]).rsplit("/", 1)[-1] for s in page["HostedZoneSummaries"]]

    def get_hosted_zone_vpcs(self, account: str, zone_id: str) -> Sequence[str]:
        zone = self._client("route53", account, self._home).get_hosted_zone(Id=zone_id)
        return [str(v["VPCId"]) for v in zone.get("VPCs", [])]


def boto3_adapter(
    client: Callable[[str, str, str], Any], *, private_zone_flag: bool = True, home_region: str = "us-east-1"
) -> Adapter:
    """An adapter that makes real boto3 calls through ``client(service, account, region)``.

    With ``private_zone_flag`` a zone created with a VPC also says
    ``HostedZoneConfig={"PrivateZone": True}`` (as the console and the CLI do);
    without it, only the VPC makes the zone private (as Terraform does).
    """
    return _Boto3Adapter(client, private_zone_flag=private_zone_flag, home_region=home_region)


class _SandboxAdapter(_Boto3Adapter):
    """Real boto3 clients of a sandbox, one per (service, account, region), kept."""

    def __init__(self, sandbox: Sandbox, *, private_zone_flag: bool, home_region: str) -> None:
        self._sandbox = sandbox
        self._start = sandbox.world
        self._clients: dict[tuple[str, str, str], Any] = {}
        super().__init__(self._cached, private_zone_flag=private_zone_flag, home_region=home_region)

    def _cached(self, service: str, account: str, region: str) -> Any:
        key = (service, account, region)
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = self._sandbox.client(service, account=account, region_name=region)
        else:
            self._sandbox._join(account, region)  # the account again, after a reset
        return client

    def close(self) -> None:
        """Put the sandbox back to the world it had when the adapter was made."""
        self._sandbox.backend.reset(self._start)


def sandbox_adapter(
    sandbox: Sandbox | None = None, *, private_zone_flag: bool = True, home_region: str = "us-east-1"
) -> Adapter:
    """An adapter over a :class:`~route53_assoc.sandbox.Sandbox`'s real boto3 clients.

    The checker against the library through boto3: botocore's parameter validation,
    the AWS face's parsing and shaping, and the model.  Clients are made once per
    (service, account, region) and kept; ``close()`` (called by the checker at the
    end of each example) puts the sandbox back to the world it had when the adapter
    was made, so one sandbox serves every example::

        sb = Sandbox()
        adapter = sandbox_adapter(sb)
        Machine = differential_machine(lambda: adapter)

    Without *sandbox*, a new one is made.
    """
    if sandbox is None:
        from ..sandbox import Sandbox

        sandbox = Sandbox()
    return _SandboxAdapter(sandbox, private_zone_flag=private_zone_flag, home_region=home_region)


def _outcome(call: Callable[[], Any], error_code: Callable[[BaseException], str | None]) -> tuple[str, Any]:
    try:
        return ("ok", call())
    except Route53Error as exc:
        return (exc.code, exc.message)
    except Exception as exc:
        code = error_code(exc)
        if code is None:
            return (f"crash: {type(exc).__name__}", str(exc))
        return (code, str(exc))


def differential_machine(
    new_system: Callable[[], Adapter],
    *,
    accounts: Sequence[str] = ("111111111111", "222222222222"),
    regions: Sequence[str] = ("us-east-1", "eu-west-1"),
    names: Sequence[str] = ("example.com", "corp.example.com", "a.corp.example.com"),
    error_code: Callable[[BaseException], str | None] = default_error_code,
    operations: Collection[str] | None = None,
    max_examples: int = 100,
    step_count: int = 25,
) -> type[RuleBasedStateMachine]:
    """A state machine class comparing ``new_system()`` with the model, call by call.

    By default a run is ``max_examples`` examples of ``step_count`` rules each (100 x 25;
    every example costs Hypothesis a fixed start-up, so fewer, longer examples make the
    same number of calls sooner and reach deeper states, at the price of slower ones).

    ``new_system`` is called once per example and returns a fresh adapter (if it has
    a ``close()`` method, that is called at the end of the example).  Run it with
    ``Machine.TestCase().runTest()`` or collect ``Machine.TestCase`` with pytest.
    ``operations`` limits the calls to those named (:data:`OPERATIONS`), for
    looking past a divergence already known.
    """
    chosen = set(OPERATIONS if operations is None else operations)
    unknown = sorted(chosen - set(OPERATIONS))
    if unknown:
        raise ValueError(f"unknown operation {unknown[0]!r}; the operations are: {', '.join(OPERATIONS)}")
    for needed in ("create_vpc", "create_hosted_zone"):
        chosen.add(needed)

    def enabled(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """A rule's precondition, only when the calls are limited: Hypothesis pays for every
        precondition on every step (it checks each rule's, and words it for its statistics)."""
        if chosen == set(OPERATIONS):
            return lambda function: function
        return precondition(lambda _machine: name in chosen)

    account_st = st.sampled_from(list(accounts))
    # "owner": the owner of the VPC or zone the call is about, so that most calls are plausible.
    caller_st = st.sampled_from(["owner", *accounts])
    region_st = st.sampled_from(list(regions))
    name_st = st.sampled_from(list(names))

    class DifferentialMachine(RuleBasedStateMachine):
        vpcs = Bundle("vpcs")
        zones = Bundle("zones")

        def __init__(self) -> None:
            super().__init__()
            self.world = World.empty()
            for account in accounts:
                self.world = _registry.apply(self.world, AddAccountRequest(account=account))[0]
            self.system = new_system()
            self.counter = 0
            # model id -> the system's id, and the system's id -> the step's label (vpc1, zone2)
            self.system_ids: dict[str, str] = {}
            self.labels: dict[str, str] = {}

        def _handle(
            self, label: str, model_id: str, system_id: Any, owner: str, region: str | None
        ) -> _Handle:
            self.system_ids[model_id] = system_id
            self.labels[system_id] = label
            return _Handle(label, model_id, system_id, owner, region)

        def _named(self, system_ids: Sequence[Any]) -> str:
            return "[" + ", ".join(sorted(self.labels.get(i, repr(i)) for i in system_ids)) + "]"

        def _compare(
            self, what: _What, noun: str, model: Callable[[], Any], system: Callable[[], Any]
        ) -> None:
            """A read on both: the same outcome and, when it succeeds, the same ids (as the system names them)."""
            expected, actual = self._both(what, model, system)
            if expected[0] != "ok":
                return
            mapped = sorted(self.system_ids.get(i, i) for i in expected[1])
            got = list(actual[1])
            if mapped != sorted(got):
                raise Divergence(
                    f"{_text(what)}: the model lists {len(mapped)} {noun}(s) {self._named(mapped)}; "
                    f"your system lists {len(got)}: {self._named(got)}"
                )

        def _zone_vpcs(self, account: str, zone: _Handle, what: _What) -> None:
            self._compare(
                what,
                "VPC",
                lambda: [
                    vpc
                    for vpc, _ in self._model(
                        GetHostedZoneRequest(caller=account, hosted_zone_id=zone.model_id)
                    ).vpcs
                ],
                lambda: self.system.get_hosted_zone_vpcs(account, zone.system_id),
            )

        def _vpc_zones(self, account: str, vpc: _Handle, what: _What) -> None:
            region = vpc.region or ""
            self._compare(
                what,
                "zone",
                lambda: [
                    z.hosted_zone_id
                    for z in self._model(
                        ListHostedZonesByVpcRequest(caller=account, vpc_id=vpc.model_id, vpc_region=region)
                    ).zones
                ],
                lambda: self.system.list_hosted_zones_by_vpc(account, vpc.system_id, region),
            )

        def _read_back(self, step: _What, zone: _Handle | None = None, vpc: _Handle | None = None) -> None:
            """After a step that is not a read: what the owners of its zone and VPC now read, on both.

            (The descriptions are only worded when there is a divergence to report.)
            """
            if zone is not None:
                self._zone_vpcs(
                    zone.owner,
                    zone,
                    lambda: f"after {_text(step)}: get_hosted_zone(caller={zone.owner!r}, zone={zone!r})",
                )
            if vpc is not None:
                self._vpc_zones(
                    vpc.owner,
                    vpc,
                    lambda: (
                        f"after {_text(step)}: list_hosted_zones_by_vpc(caller={vpc.owner!r}, vpc={vpc!r})"
                    ),
                )

        def teardown(self) -> None:
            close = getattr(self.system, "close", None)
            if callable(close):
                close()

        def _both(self, what: _What, model: Callable[[], Any], system: Callable[[], Any]) -> tuple[Any, Any]:
            expected = _outcome(model, error_code)
            actual = _outcome(system, error_code)
            if expected[0] != actual[0]:
                raise Divergence(
                    f"{_text(what)}: the model says {_say(expected)}; your system says {_say(actual)}"
                )
            return expected, actual

        def _model(self, request: object) -> Any:
            self.world, result = _registry.apply(self.world, request)
            return result

        @rule(target=vpcs, owner=account_st, region=region_st)
        def create_vpc(self, owner: str, region: str) -> Any:
            expected, actual = self._both(
                f"create_vpc(owner={owner!r}, region={region!r})",
                lambda: self._model(CreateVpcRequest(owner=owner, region=region)),
                lambda: self.system.create_vpc(owner, region),
            )
            if expected[0] != "ok":
                return multiple()
            self.counter += 1
            vpc = self._handle(f"vpc{self.counter}", expected[1].id, actual[1], owner, region)
            self._read_back(lambda: f"create_vpc(owner={owner!r}, region={region!r}) -> {vpc!r}", vpc=vpc)
            return vpc

        @rule(target=zones, caller=caller_st, name=name_st, vpc=st.none() | vpcs)
        def create_hosted_zone(self, caller: str, name: str, vpc: _Handle | None) -> Any:
            account = _who(caller, vpc, accounts[0])
            self.counter += 1
            reference = f"ref-{self.counter}"
            vpc_id, region = (vpc.model_id, vpc.region) if vpc else (None, None)

            def step() -> str:
                return f"create_hosted_zone(caller={account!r}, name={name!r}, vpc={vpc!r})"

            expected, actual = self._both(
                step,
                lambda: self._model(
                    CreateHostedZoneRequest(
                        caller=account,
                        name=name,
                        caller_reference=reference,
                        vpc_id=vpc_id,
                        vpc_region=region,
                    )
                ),
                lambda: self.system.create_hosted_zone(
                    account, name, reference, vpc.system_id if vpc else None, region
                ),
            )
            if expected[0] != "ok":
                self._read_back(step, vpc=vpc)  # a refused zone associated nothing
                return multiple()
            zone = self._handle(f"zone{self.counter}", expected[1].zone.id, actual[1], account, None)
            self._read_back(lambda: f"{step()} -> {zone!r}", zone=zone, vpc=vpc)
            return zone

        def _pair(self, name: str, kind: type, account: str, zone: _Handle, vpc: _Handle) -> _What:
            method = getattr(self.system, name)

            def step() -> str:
                return f"{name}(caller={account!r}, zone={zone!r}, vpc={vpc!r})"

            self._both(
                step,
                lambda: self._model(
                    kind(
                        caller=account,
                        hosted_zone_id=zone.model_id,
                        vpc_id=vpc.model_id,
                        vpc_region=vpc.region,
                    )
                ),
                lambda: method(account, zone.system_id, vpc.system_id, vpc.region),
            )
            return step

        @enabled("associate")
        @rule(caller=caller_st, zone=zones, vpc=vpcs)
        def associate(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._read_back(
                self._pair("associate", AssociateRequest, _who(caller, vpc), zone, vpc), zone, vpc
            )

        @enabled("disassociate")
        @rule(caller=caller_st, zone=zones, vpc=vpcs)
        def disassociate(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._read_back(
                self._pair("disassociate", DisassociateRequest, _who(caller, zone), zone, vpc), zone, vpc
            )

        @enabled("create_authorization")
        @rule(caller=caller_st, zone=zones, vpc=vpcs)
        def create_authorization(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._read_back(
                self._pair("create_authorization", CreateAuthorizationRequest, _who(caller, zone), zone, vpc),
                zone,
                vpc,
            )

        @enabled("delete_authorization")
        @rule(caller=caller_st, zone=zones, vpc=vpcs)
        def delete_authorization(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._read_back(
                self._pair("delete_authorization", DeleteAuthorizationRequest, _who(caller, zone), zone, vpc),
                zone,
                vpc,
            )

        @enabled("delete_hosted_zone")
        @rule(caller=caller_st, zone=consumes(zones))
        def delete_hosted_zone(self, caller: str, zone: _Handle) -> None:
            account = _who(caller, zone)
            step = f"delete_hosted_zone(caller={account!r}, zone={zone!r})"
            self._both(
                step,
                lambda: self._model(DeleteHostedZoneRequest(caller=account, hosted_zone_id=zone.model_id)),
                lambda: self.system.delete_hosted_zone(account, zone.system_id),
            )
            self._read_back(step, zone=zone)

        @enabled("list_hosted_zones_by_vpc")
        @rule(caller=caller_st, vpc=vpcs)
        def list_hosted_zones_by_vpc(self, caller: str, vpc: _Handle) -> None:
            account = _who(caller, vpc)
            self._vpc_zones(account, vpc, f"list_hosted_zones_by_vpc(caller={account!r}, vpc={vpc!r})")

        @enabled("get_hosted_zone")
        @rule(caller=caller_st, zone=zones)
        def get_hosted_zone(self, caller: str, zone: _Handle) -> None:
            account = _who(caller, zone)
            self._zone_vpcs(account, zone, f"get_hosted_zone(caller={account!r}, zone={zone!r})")

    DifferentialMachine.TestCase.settings = settings(
        max_examples=max_examples,
        stateful_step_count=step_count,
        deadline=None,
        report_multiple_bugs=False,
        # No explain phase: it traces every line of every replay while shrinking (about
        # two thirds of the time to report a divergence), only to say which lines ran
        # in failing runs — here always the line raising the Divergence.
        phases=_PHASES,
    )
    return DifferentialMachine


_PHASES: Final = tuple(phase for phase in Phase if phase is not Phase.explain)

#: A step's description, or a function wording it (called only to report a divergence).
_What = str | Callable[[], str]


def _text(what: _What) -> str:
    return what if isinstance(what, str) else what()


def _who(caller: str, handle: _Handle | None, default: str = "") -> str:
    """The account a step calls as: ``"owner"`` is the handle's owner."""
    if caller != "owner":
        return caller
    return handle.owner if handle is not None else default


def _say(outcome: tuple[str, Any]) -> str:
    kind, detail = outcome
    if kind == "ok":
        return "ok"
    return f"{kind} ({detail})" if detail else kind

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

import threading
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import attrs
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from hypothesis.strategies import SearchStrategy

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


#: The calls that need a zone, a VPC, or both, to be about (a step drawn before there
#: is one creates one instead).
_NEEDS_ZONE: Final = frozenset(
    {
        "delete_hosted_zone",
        "associate",
        "disassociate",
        "create_authorization",
        "delete_authorization",
        "get_hosted_zone",
    }
)
_NEEDS_VPC: Final = frozenset(
    {"associate", "disassociate", "create_authorization", "delete_authorization", "list_hosted_zones_by_vpc"}
)
#: The calls made as the VPC's owner when a step draws "the owner" (the others: the zone's;
#: a zone is created by its VPC's owner, a VPC by the first account).
_AS_VPC_OWNER: Final = frozenset({"associate", "list_hosted_zones_by_vpc"})
#: The calls in the order a step's lowest digit draws them.  Digit 0 is the one Hypothesis
#: draws most (a step that is all zeros: a VPC of the first account in the first region)
#: and shrinks towards: a VPC, so that the examples that make many reach the VPC quota.
_DRAW_ORDER: Final = (
    "create_vpc",
    "get_hosted_zone",
    "list_hosted_zones_by_vpc",
    "create_hosted_zone",
    "associate",
    "disassociate",
    "create_authorization",
    "delete_authorization",
    "delete_hosted_zone",
)
#: How many of the most recent zones (VPCs) a step's index reaches; fewer when fewer exist.
_REACH: Final = 8


class _Call:
    """One step: a call of the checker's, its arguments resolved (accounts, names, handles).

    Its ``repr`` is the call as the failure report prints it:
    ``associate(caller='111111111111', zone=zones_0, vpc=vpcs_1)``.
    """

    __slots__ = ("arguments", "made", "name")

    def __init__(self, name: str, arguments: tuple[tuple[str, Any], ...]) -> None:
        self.name = name
        self.arguments = arguments
        #: The VPC or zone the call created, once it has run.
        self.made: _Handle | None = None

    def __repr__(self) -> str:
        return f"{self.name}({', '.join(f'{key}={value!r}' for key, value in self.arguments)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


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

    By default a run is ``max_examples`` examples of ``step_count`` steps each (100 x 25;
    every example costs Hypothesis a fixed start-up, so fewer, longer examples make the
    same number of calls sooner and reach deeper states, at the price of slower ones).

    A *step* is one firing of the machine's single rule, ``step``: it draws one call —
    which of :data:`OPERATIONS`, as which account, about which of the example's zones
    and VPCs (by their recency: the newest first), with which name or region — makes
    it on both, compares the outcomes and, after any call that is not a read, the
    read-backs.  The whole call is one integer for Hypothesis, drawn directly (a rule
    per operation with bundles cost it a rule choice, swarm flags and a draw per
    argument, about half a step's time); a call about a zone or a VPC drawn before the
    example has one creates one instead, and now and then a call is about a zone
    already deleted.  The model's answers to the read-backs are kept until its world
    changes.  The failure report prints the shrunk steps as the calls they made::

        vpcs_0 = state.create_vpc(owner='111111111111', region='us-east-1')
        zones_0 = state.create_hosted_zone(caller='111111111111', name='example.com', vpc=vpcs_0)
        state.associate(caller='111111111111', zone=zones_0, vpc=vpcs_0)

    and each of those is a method of the machine that can be called as printed.

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
    calls = tuple(name for name in _DRAW_ORDER if name in chosen)
    accounts = tuple(accounts)
    regions = tuple(regions)
    names = tuple(names)
    # One integer a step, in mixed radix: the call (lowest digit: Hypothesis favours small
    # integers, so the low digits come out nearly uniform and the high ones near zero),
    # then who calls (0: the owner of the VPC or zone the call is about, so that most
    # calls are plausible), then two indices: a zone (or a name, a region), a VPC.
    callers = len(accounts) + 1
    running = threading.local()  # the machine drawing the step, to resolve indices into its handles

    def decode(number: int) -> _Call:
        number, call = divmod(number, len(calls))
        number, who = divmod(number, callers)
        second, first = divmod(number, _REACH)
        machine: DifferentialMachine = running.machine
        return machine._resolve(calls[call], who, first, second)

    numbers = st.integers(0, len(calls) * callers * _REACH * _REACH - 1)
    steps_st = numbers.map(decode)
    # The machine's own choice of rule and its arguments, made in one draw (see __init__).
    direct: dict[Callable[..., Any], SearchStrategy[tuple[Any, dict[str, _Call]]]] = {}

    class DifferentialMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.world = World.empty()
            for account in accounts:
                self.world = _registry.apply(self.world, AddAccountRequest(account=account))[0]
            self.system = new_system()
            #: The steps this example has run.
            self.steps = 0
            self.counter = 0
            # The VPCs and zones the example has created, oldest first; a deleted zone moves
            # to ``gone``, where a step reaches the newest one now and then (asking both sides
            # about a zone that is no more).
            self.vpcs: list[_Handle] = []
            self.zones: list[_Handle] = []
            self.gone: list[_Handle] = []
            # model id -> the system's id, and the system's id -> the step's label (vpcs_0, zones_1)
            self.system_ids: dict[str, str] = {}
            self.labels: dict[str, str] = {}
            self._call: _Call | None = None
            # The model's answers to reads, for the world they were read in.
            self._reads_of: World | None = None
            self._reads: dict[tuple[str, ...], tuple[str, Any]] = {}
            running.machine = self
            # Hypothesis chooses a rule each step (a swarm flag per rule, each rule's
            # preconditions and bundles, then the arguments: several draws).  With one rule,
            # and no precondition, there is nothing to choose: the step is drawn directly, one
            # integer, the same choices Hypothesis would make for the argument.  Only while
            # the class has that one rule (a subclass adding rules keeps Hypothesis's choice).
            rules = getattr(self, "rules", None)
            if isinstance(rules, list) and len(rules) == 1 and rules[0].function.__name__ == "step":
                rule_of_step = rules[0]
                strategy = direct.get(rule_of_step.function)
                if strategy is None:
                    strategy = direct[rule_of_step.function] = numbers.map(
                        lambda number: (rule_of_step, {"call": decode(number)})
                    )
                self._rules_strategy = strategy  # type: ignore[assignment]

        def _resolve(self, name: str, who: int, first: int, second: int) -> _Call:
            """The call a step's digits stand for, in this example's state."""
            vpcs, zones = self.vpcs, self.zones
            if name in _NEEDS_VPC and not vpcs:
                name = "create_vpc"
            elif name in _NEEDS_ZONE and not zones:
                name = "create_hosted_zone"
            if name == "create_vpc":
                owner = accounts[who - 1] if who else accounts[0]
                return _Call(name, (("owner", owner), ("region", regions[first % len(regions)])))
            if name == "create_hosted_zone":
                vpc = vpcs[-1 - (second - 1) % len(vpcs)] if second and vpcs else None
                caller = accounts[who - 1] if who else vpc.owner if vpc else accounts[0]
                return _Call(name, (("caller", caller), ("name", names[first % len(names)]), ("vpc", vpc)))
            zone = None
            if name in _NEEDS_ZONE:
                zone = self.gone[-1] if first == _REACH - 1 and self.gone else zones[-1 - first % len(zones)]
            vpc = vpcs[-1 - second % len(vpcs)] if name in _NEEDS_VPC else None
            if who:
                caller = accounts[who - 1]
            else:
                subject = vpc if name in _AS_VPC_OWNER else zone
                assert subject is not None
                caller = subject.owner
            arguments: tuple[tuple[str, Any], ...] = (("caller", caller),)
            if zone is not None:
                arguments += (("zone", zone),)
            if vpc is not None:
                arguments += (("vpc", vpc),)
            return _Call(name, arguments)

        @rule(call=steps_st)
        def step(self, call: _Call) -> None:
            """Make the call on both and compare (see :func:`differential_machine`)."""
            self.steps += 1
            self._call = call
            call.made = getattr(self, call.name)(*[value for _, value in call.arguments])

        def _repr_step(self, rule: Any, data: Any, result: Any) -> str:
            """A step as the call it made (Hypothesis's own form, ``state.step(call=...)``, otherwise)."""
            call = self._call
            if call is None or rule.function.__name__ != "step":
                return str(super()._repr_step(rule, data, result))  # pragma: no cover
            return f"{call.made!r} = state.{call!r}" if call.made is not None else f"state.{call!r}"

        def _handle(
            self, kind: str, model_id: str, system_id: Any, owner: str, region: str | None
        ) -> _Handle:
            made = self.vpcs if kind == "vpcs" else self.zones
            label = f"{kind}_{len(made)}"
            self.system_ids[model_id] = system_id
            self.labels[system_id] = label
            handle = _Handle(label, model_id, system_id, owner, region)
            made.append(handle)
            return handle

        def _named(self, system_ids: Sequence[Any]) -> str:
            return "[" + ", ".join(sorted(self.labels.get(i, repr(i)) for i in system_ids)) + "]"

        def _compare(
            self,
            what: _What,
            noun: str,
            key: tuple[str, ...],
            model: Callable[[], Any],
            system: Callable[[], Any],
        ) -> None:
            """A read on both: the same outcome and, when it succeeds, the same ids (as the system names them).

            The model's answer is kept until its world changes (reads change nothing, and
            the model is pure): the read-backs after a refused call, and reads of what was
            just read back, ask the model once.
            """
            if self._reads_of is not self.world:
                self._reads_of = self.world
                self._reads = {}
            expected = self._reads.get(key)
            if expected is None:
                expected = _outcome(model, error_code)
                if expected[0] == "ok":
                    expected = ("ok", sorted(self.system_ids.get(i, i) for i in expected[1]))
                self._reads[key] = expected
            actual = _outcome(system, error_code)
            if expected[0] != actual[0]:
                raise Divergence(
                    f"{_text(what)}: the model says {_say(expected)}; your system says {_say(actual)}"
                )
            if expected[0] != "ok":
                return
            mapped = expected[1]
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
                ("get_hosted_zone", account, zone.model_id),
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
                ("list_hosted_zones_by_vpc", account, vpc.model_id),
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

        # -- the calls: each makes one call on both, compares, reads back --------------------

        def create_vpc(self, owner: str, region: str) -> _Handle | None:
            expected, actual = self._both(
                f"create_vpc(owner={owner!r}, region={region!r})",
                lambda: self._model(CreateVpcRequest(owner=owner, region=region)),
                lambda: self.system.create_vpc(owner, region),
            )
            if expected[0] != "ok":
                return None
            vpc = self._handle("vpcs", expected[1].id, actual[1], owner, region)
            self._read_back(lambda: f"create_vpc(owner={owner!r}, region={region!r}) -> {vpc!r}", vpc=vpc)
            return vpc

        def create_hosted_zone(self, caller: str, name: str, vpc: _Handle | None) -> _Handle | None:
            self.counter += 1
            reference = f"ref-{self.counter}"
            vpc_id, region = (vpc.model_id, vpc.region) if vpc else (None, None)

            def step() -> str:
                return f"create_hosted_zone(caller={caller!r}, name={name!r}, vpc={vpc!r})"

            expected, actual = self._both(
                step,
                lambda: self._model(
                    CreateHostedZoneRequest(
                        caller=caller,
                        name=name,
                        caller_reference=reference,
                        vpc_id=vpc_id,
                        vpc_region=region,
                    )
                ),
                lambda: self.system.create_hosted_zone(
                    caller, name, reference, vpc.system_id if vpc else None, region
                ),
            )
            if expected[0] != "ok":
                self._read_back(step, vpc=vpc)  # a refused zone associated nothing
                return None
            zone = self._handle("zones", expected[1].zone.id, actual[1], caller, None)
            self._read_back(lambda: f"{step()} -> {zone!r}", zone=zone, vpc=vpc)
            return zone

        def _pair(self, name: str, kind: type, caller: str, zone: _Handle, vpc: _Handle) -> None:
            method = getattr(self.system, name)

            def step() -> str:
                return f"{name}(caller={caller!r}, zone={zone!r}, vpc={vpc!r})"

            self._both(
                step,
                lambda: self._model(
                    kind(
                        caller=caller,
                        hosted_zone_id=zone.model_id,
                        vpc_id=vpc.model_id,
                        vpc_region=vpc.region,
                    )
                ),
                lambda: method(caller, zone.system_id, vpc.system_id, vpc.region),
            )
            self._read_back(step, zone, vpc)

        def associate(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._pair("associate", AssociateRequest, caller, zone, vpc)

        def disassociate(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._pair("disassociate", DisassociateRequest, caller, zone, vpc)

        def create_authorization(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._pair("create_authorization", CreateAuthorizationRequest, caller, zone, vpc)

        def delete_authorization(self, caller: str, zone: _Handle, vpc: _Handle) -> None:
            self._pair("delete_authorization", DeleteAuthorizationRequest, caller, zone, vpc)

        def delete_hosted_zone(self, caller: str, zone: _Handle) -> None:
            step = f"delete_hosted_zone(caller={caller!r}, zone={zone!r})"
            expected, _ = self._both(
                step,
                lambda: self._model(DeleteHostedZoneRequest(caller=caller, hosted_zone_id=zone.model_id)),
                lambda: self.system.delete_hosted_zone(caller, zone.system_id),
            )
            if expected[0] == "ok":
                self.zones.remove(zone)
                self.gone.append(zone)
            self._read_back(step, zone=zone)

        def list_hosted_zones_by_vpc(self, caller: str, vpc: _Handle) -> None:
            self._vpc_zones(caller, vpc, f"list_hosted_zones_by_vpc(caller={caller!r}, vpc={vpc!r})")

        def get_hosted_zone(self, caller: str, zone: _Handle) -> None:
            self._zone_vpcs(caller, zone, f"get_hosted_zone(caller={caller!r}, zone={zone!r})")

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


def _say(outcome: tuple[str, Any]) -> str:
    kind, detail = outcome
    if kind == "ok":
        return "ok"
    return f"{kind} ({detail})" if detail else kind

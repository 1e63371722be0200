"""Totality: hostile inputs to every public operation, constructor and helper.

Whatever a caller passes — wrong types, unhashable values, huge and non-finite
numbers, exotic digits, objects whose ``repr`` raises, ints too long to print,
huge strings, something that is not a world — only the library's own errors
(:class:`~route53_assoc.errors.Route53Error`) come out.
"""

from __future__ import annotations

import inspect
import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

import route53_assoc as r53
from route53_assoc import snapshot
from route53_assoc.errors import Route53Error

A = "111111111111"
B = "222222222222"


class BadRepr:
    """An object whose ``repr`` and ``str`` both raise."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr for you")

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        raise RuntimeError("no format for you")


class BadEq(BadRepr):
    """Raises on comparison and hashing too."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no eq")

    def __hash__(self) -> int:
        raise RuntimeError("no hash")


class StrSub(str):
    """A ``str`` subclass whose ``repr`` raises."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


HUGE_INT = 10**5000  # repr() refuses ints over 4,300 digits

HOSTILE: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**64,
    -(2**200),
    HUGE_INT,
    -HUGE_INT,
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    3e11,
    1e13,
    -0.0,
    Decimal("NaN"),
    Decimal("1e999999"),
    complex(1, 1),
    "",
    " ",
    "²",
    "٣",
    "１２",
    "9" * 5000,
    "a" * 100_000,
    "\x00",
    "\udcff",
    "mars-1",
    "garbage",
    StrSub("111111111111"),
    b"111111111111",
    [],
    [[]],
    {},
    {"a": []},
    set(),
    frozenset({1}),
    (),
    ((1, 2),),
    [BadRepr()],
    {"Key": BadRepr(), "Value": HUGE_INT},
    BadRepr(),
    object(),
    timedelta(0),
    timedelta.max,
    datetime.max.replace(tzinfo=UTC),
    datetime(2026, 1, 1),
    r53.World,
    print,
]



def _pick(index: int) -> Any:
    return HOSTILE[index]


hostile = st.integers(0, len(HOSTILE) - 1).map(_pick)
nested = st.recursive(
    hostile,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["Key", "Value", "Name", "Values", "Action", "ResourceRecordSet"]), inner, max_size=3),
    max_leaves=6,
)


def _base_world() -> tuple[r53.World, dict[str, list[Any]]]:
    w = r53.World.empty(propagation_seconds=60, processing_seconds=0)
    w, vpc = r53.create_vpc(w, owner=A, region="us-east-1", tags={"Name": "a"})
    w, vpc_b = r53.create_vpc(w, owner=B, region="eu-west-1")
    w, created = r53.create_hosted_zone(
        w, caller=A, name="corp.example", caller_reference="r1", vpc_id=vpc.id, vpc_region="us-east-1"
    )
    w, public = r53.create_hosted_zone(w, caller=A, name="pub.example", caller_reference="r2")
    zone = created.zone.id
    w, _ = r53.create_authorization(
        w, caller=A, hosted_zone_id=zone, vpc_id=vpc_b.id, vpc_region="eu-west-1"
    )
    w, _ = r53.change_resource_record_sets(
        w,
        caller=A,
        hosted_zone_id=zone,
        changes=[{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.corp.example", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.0.1"}]}}],
    )
    w = r53.change_tags_for_resource(w, caller=A, resource_id=zone, add_tags=[{"Key": "k", "Value": "v"}])
    plausible = {
        "caller": [A, B],
        "owner": [A, B],
        "account": [A, B],
        "hosted_zone_id": [zone, public.zone.id, "Z1"],
        "resource_id": [zone, vpc.id],
        "vpc_id": [vpc.id, vpc_b.id],
        "vpc_region": ["us-east-1", "eu-west-1"],
        "region": ["us-east-1", "eu-west-1"],
        "name": ["corp.example", "new.example"],
        "caller_reference": ["r1", "r9"],
        "change_id": [created.change.id],
        "partition": ["aws", "aws-cn"],
        "service": ["servicediscovery.amazonaws.com"],
        "seconds": [1, 0.5],
        "limit": [1, None],
        "resources": [[vpc.id]],
        "resource_ids": [[zone]],
        "attribute": ["enableDnsSupport"],
        "value": [True],
    }
    return w, plausible


WORLD, PLAUSIBLE = _base_world()
_PLAUSIBLE_DRAWS = {name: st.sampled_from(choices) for name, choices in PLAUSIBLE.items() if choices}

WORLD_FUNCTIONS = sorted(
    name
    for name in r53.__all__
    if inspect.isfunction(getattr(r53, name))
    and next(iter(inspect.signature(getattr(r53, name)).parameters), None) == "world"
    and name not in {"apply", "explain"}
)


def _only_library_errors(call: Any) -> Any:
    try:
        result = call()
    except Route53Error as exc:
        # The error itself must be usable: printable and describable.
        assert isinstance(str(exc), str)
        assert isinstance(repr(exc), str)
        return exc
    return result


@st.composite
def _arguments(draw: Any, parameters: tuple[inspect.Parameter, ...]) -> dict[str, Any]:
    """Keyword arguments for *parameters*: each omitted (where it has a default), plausible, or hostile.

    One strategy (drawn once through ``st.data()``) rather than a ``data.draw`` per choice: the same
    choices from the same strategies, without the per-draw bookkeeping of ``st.data()`` (a fifth
    or so of these tests' CPU); a failure prints the whole set of arguments as one draw."""
    kwargs: dict[str, Any] = {}
    for p in parameters:
        choices = _PLAUSIBLE_DRAWS.get(p.name)
        if p.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue
        if choices is not None and draw(st.booleans()):
            kwargs[p.name] = draw(choices)
        else:
            kwargs[p.name] = draw(nested)
    return kwargs


def test_every_public_world_function_is_exercised() -> None:
    # Every operation has a public function taking the world first.
    assert len(WORLD_FUNCTIONS) >= len(r53.OPERATIONS)


@pytest.mark.parametrize("name", WORLD_FUNCTIONS)
@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
def test_public_functions_raise_only_library_errors(name: str, data: st.DataObject) -> None:
    function = getattr(r53, name)
    parameters = list(inspect.signature(function).parameters.values())[1:]
    world: Any = WORLD if data.draw(st.integers(0, 9), label="world kind") else data.draw(hostile, label="world")
    kwargs = data.draw(_arguments(tuple(parameters)), label="arguments")
    _only_library_errors(lambda: function(world, **kwargs))


@pytest.mark.parametrize("op", r53.OPERATIONS, ids=lambda op: op.name)
@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
def test_apply_and_explain_raise_only_library_errors(op: r53.Operation[Any, Any, Any], data: st.DataObject) -> None:
    fields = attrs.fields(op.request_type)
    params = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if f.default is attrs.NOTHING else f.default,
        )
        for f in fields
        if f.init
    ]
    kwargs = data.draw(_arguments(tuple(params)), label="arguments")
    request = _only_library_errors(lambda: op.request_type(**kwargs))
    if isinstance(request, Route53Error):
        return
    world: Any = WORLD if data.draw(st.integers(0, 9), label="world kind") else data.draw(hostile, label="world")
    _only_library_errors(lambda: r53.apply(world, request))
    _only_library_errors(lambda: r53.explain(world, request).render())  # the trace prints, hostile members too


@given(world=hostile, request=nested)
def test_apply_and_explain_with_anything(world: Any, request: Any) -> None:
    _only_library_errors(lambda: r53.apply(world, request))
    _only_library_errors(lambda: r53.explain(world, request))


CONSTRUCTORS: dict[str, Any] = {
    "VPC": r53.VPC,
    "HostedZone": r53.HostedZone,
    "Authorization": r53.Authorization,
    "ChangeInfo": r53.ChangeInfo,
    "Quotas": r53.Quotas,
    "Timing": r53.Timing,
    "World.empty": r53.World.empty,
    "Partition": r53.Partition,
    "Partition.of": r53.Partition.of,
    "operation": r53.operation,
    "partition_of": r53.partition_of,
    "snapshot.from_json": snapshot.from_json,
    "snapshot.from_dict": snapshot.from_dict,
}

PLAUSIBLE_FIELDS: dict[str, list[Any]] = {
    "id": ["vpc-0123abcd", "Z1ABC", "C1"],
    "hosted_zone_id": ["Z1ABC"],
    "vpc_id": ["vpc-0123abcd"],
    "region": ["us-east-1"],
    "vpc_region": ["us-east-1"],
    "owner": [A],
    "name": ["example.com", "aws", "associate"],
    "partition": ["aws"],
    "private": [True],
    "caller_reference": ["r"],
    "status": ["INSYNC"],
    "submitted_at": [datetime(2026, 1, 1, tzinfo=UTC)],
    "now": [datetime(2026, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, tzinfo=UTC)],
    "propagation": [1, timedelta(seconds=1)],
    "processing": [1],
    "propagation_seconds": [1, 1e6],
    "processing_seconds": [1],
    "quotas": [r53.Quotas()],
    "vpcs_per_zone": [3],
    "associations": [{"vpc-0123abcd": "us-east-1"}],
    "key": ["associate", r53.AssociateRequest],
    "region_": ["us-east-1"],
}


def _constructor_params(make: Any) -> list[inspect.Parameter]:
    try:
        return list(inspect.signature(make).parameters.values())
    except (TypeError, ValueError):  # pragma: no cover - every constructor here has one
        return []


_PLAUSIBLE_FIELD_DRAWS = {name: st.sampled_from(choices) for name, choices in PLAUSIBLE_FIELDS.items() if choices}


@st.composite
def _constructor_arguments(draw: Any, name: str, params: tuple[inspect.Parameter, ...]) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments for a constructor (as :func:`_arguments`, one strategy)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in params:
        if p.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue
        choices = _PLAUSIBLE_FIELD_DRAWS.get(p.name)
        if choices is not None and draw(st.booleans()):
            value = draw(choices)
        else:
            value = draw(nested)
        if p.kind is p.POSITIONAL_ONLY or (p.kind is p.POSITIONAL_OR_KEYWORD and p.default is inspect.Parameter.empty and name != "HostedZone"):
            args.append(value)
        else:
            kwargs[p.name] = value
    return args, kwargs


@pytest.mark.parametrize("name", sorted(CONSTRUCTORS))
@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
def test_constructors_and_helpers_raise_only_library_errors(name: str, data: st.DataObject) -> None:
    make = CONSTRUCTORS[name]
    params = tuple(p for p in _constructor_params(make) if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL))
    args, kwargs = data.draw(_constructor_arguments(name, params), label="arguments")
    value = _only_library_errors(lambda: make(*args, **kwargs))
    # What a constructor accepted must then work: a world built so runs an operation.
    if isinstance(value, r53.World):
        _only_library_errors(
            lambda: r53.create_hosted_zone(value, caller=A, name="x.example", caller_reference="r")
        )
        _only_library_errors(lambda: r53.advance(value, seconds=3600))
    if isinstance(value, (r53.Quotas, r53.Timing)):
        key = "quotas" if isinstance(value, r53.Quotas) else "timing"
        world = attrs.evolve(WORLD, **{key: value})
        _only_library_errors(
            lambda: r53.associate(world, caller=B, hosted_zone_id=PLAUSIBLE["hosted_zone_id"][0],
                                  vpc_id=PLAUSIBLE["vpc_id"][1], vpc_region="eu-west-1")
        )
        _only_library_errors(lambda: r53.create_hosted_zone(world, caller=A, name="x.example", caller_reference="r"))


# -- the issue's cases, one by one ---------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: r53.advance(r53.World.empty(), seconds=3e11),
        lambda: r53.advance(r53.World.empty(now=datetime(9999, 12, 31, 23, tzinfo=UTC)), seconds=3600),
        lambda: r53.World.empty(propagation_seconds=float("nan")),
        lambda: r53.World.empty(processing_seconds=float("inf")),
        lambda: r53.World.empty(propagation_seconds=1e13),
        lambda: r53.World.empty(quotas={"zones_per_account": 5}),  # type: ignore[arg-type]
        lambda: r53.Quotas(vpcs_per_zone=timedelta(0)),  # type: ignore[arg-type]
        lambda: r53.operation([]),  # type: ignore[arg-type]
        lambda: r53.partition_of([]),  # type: ignore[arg-type]
        lambda: r53.partition_of("mars-1"),
        lambda: r53.operation(BadRepr()),  # type: ignore[arg-type]
        lambda: r53.get_hosted_zone_count({}, caller=A),  # type: ignore[arg-type]
        lambda: r53.associate(None, caller=A, hosted_zone_id="Z1", vpc_id="vpc-0123abcd", vpc_region="us-east-1"),  # type: ignore[arg-type]
        lambda: r53.associate(WORLD, caller=HUGE_INT, hosted_zone_id="Z1", vpc_id="vpc-0123abcd", vpc_region="us-east-1"),  # type: ignore[arg-type]
        lambda: r53.associate(WORLD, caller=BadRepr(), hosted_zone_id="Z1", vpc_id="vpc-0123abcd", vpc_region="us-east-1"),  # type: ignore[arg-type]
        lambda: r53.list_authorizations(WORLD, caller=A, hosted_zone_id="Z1", max_results="²"),
    ],
)
def test_the_issues_cases_are_library_errors(call: Any) -> None:
    with pytest.raises(Route53Error):
        call()


def test_durations_and_clocks_have_stated_bounds() -> None:
    from route53_assoc._values import MAX_DURATION, MAX_INSTANT

    world = r53.World.empty(propagation_seconds=MAX_DURATION.total_seconds(), processing_seconds=MAX_DURATION.total_seconds())
    # The furthest clock still leaves room for the longest duration.
    world = attrs.evolve(world, now=MAX_INSTANT)
    world, vpc = r53.create_vpc(world, owner=A, region="us-east-1")
    world, created = r53.create_hosted_zone(world, caller=A, name="a.example", caller_reference="r", vpc_id=vpc.id, vpc_region="us-east-1")
    assert created.change.status == "PENDING"
    with pytest.raises(r53.errors.InvalidInput):
        r53.advance(world, seconds=1)
    with pytest.raises(r53.errors.InvalidInput):
        r53.World.empty(now=MAX_INSTANT + timedelta(seconds=1))
    with pytest.raises(r53.errors.InvalidInput):
        r53.Timing(propagation=MAX_DURATION + timedelta(seconds=1))
    assert math.isfinite(MAX_DURATION.total_seconds())

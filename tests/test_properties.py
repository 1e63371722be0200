"""Properties over generated worlds and requests: totality, explain = run, refusals change nothing."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc.errors import Route53Error
from route53_assoc.testing import requests, worlds


def outcome(world: r53.World, request: object) -> tuple[str, object]:
    try:
        new_world, result = r53.apply(world, request)
    except Route53Error as exc:
        return ("error", (type(exc), exc.message, exc.ids()))
    return ("ok", (new_world, result))


@given(st.data())
def test_totality(data: st.DataObject) -> None:
    """Every operation on every world returns a world or raises the root error — nothing else."""
    world = data.draw(worlds())
    request = data.draw(requests(world))
    try:
        new_world, _ = r53.apply(world, request)
    except Route53Error:
        return
    assert isinstance(new_world, r53.World)
    assert new_world.check() == []


@given(st.data())
def test_explain_and_the_operation_agree(data: st.DataObject) -> None:
    world = data.draw(worlds())
    request = data.draw(requests(world))
    trace = r53.explain(world, request)
    kind, detail = outcome(world, request)
    if kind == "error":
        assert trace.error is not None
        assert (type(trace.error), trace.error.message, trace.error.ids()) == detail
        failed = [step for step in trace.steps if step.verdict == r53.Verdict.FAILED]
        assert len(failed) == 1 and type(trace.error) in failed[0].rule.errors
        after = trace.steps[trace.steps.index(failed[0]) + 1 :]
        assert all(step.verdict == r53.Verdict.NOT_REACHED for step in after)
    else:
        assert trace.error is None
        assert (trace.world, trace.result) == detail
        assert all(step.verdict == r53.Verdict.PASSED for step in trace.steps)
    assert len(trace.steps) == len(r53.operation(type(request)).rules)
    assert str(trace)


@given(st.data())
def test_a_refused_request_changes_nothing(data: st.DataObject) -> None:
    world = data.draw(worlds())
    request = data.draw(requests(world))
    before_hash = hash(world)
    before_copy = pickle.loads(pickle.dumps(world))  # an independent deep copy
    try:
        r53.apply(world, request)
    except Route53Error:
        pass
    # The world is immutable: equal, with the same hash, whatever happened.
    assert world == before_copy and hash(world) == before_hash


@given(st.data())
def test_determinism(data: st.DataObject) -> None:
    world = data.draw(worlds())
    request = data.draw(requests(world, invalid=False))
    assert outcome(world, request) == outcome(world, request)


@given(worlds())
def test_generated_worlds_are_sound(world: r53.World) -> None:
    assert world.check() == []
    for zone in world.zones.values():
        if zone.private:
            assert zone.associations


@given(st.data())
def test_every_error_raised_is_declared_by_its_rule(data: st.DataObject) -> None:
    world = data.draw(worlds())
    request = data.draw(requests(world))
    trace = r53.explain(world, request)
    for step in trace.steps:
        if step.error is not None:
            assert isinstance(step.error, step.rule.errors)


def test_reasons_may_be_sentences_functions_or_nothing() -> None:
    """Checks written before reasons were lazy (returning f-strings) keep working."""
    from route53_assoc._common import INFERRED, rule
    from route53_assoc._rules import Operation

    calls: list[str] = []

    @rule("t.input", "The request is taken as is.", (), INFERRED, "test")
    def parse(world: r53.World, request: object) -> object:
        return request

    @rule("t.eager", "An eager reason.", (), INFERRED, "test")
    def eager(world: r53.World, request: object) -> str:
        return f"eager {request}"

    @rule("t.lazy", "A lazy reason.", (), INFERRED, "test")
    def lazy(world: r53.World, request: object) -> object:
        def reason() -> str:
            calls.append("formatted")
            return f"lazy {request}"

        return reason

    @rule("t.silent", "The statement stands for the reason.", (), INFERRED, "test")
    def silent(world: r53.World, request: object) -> None:
        return None

    op: Operation[object, object, str] = Operation(
        name="t",
        aws_name="T",
        summary="A test operation.",
        request_type=object,
        rules=(parse, eager, lazy, silent),
        effect=lambda world, request: (world, "done"),
    )
    world = r53.World.empty()
    assert op.run(world, "x") == (world, "done")
    assert calls == []  # run never formats a lazy reason
    trace = op.explain(world, "x")
    assert [step.reason for step in trace.steps[1:]] == [
        "eager x",
        "lazy x",
        "The statement stands for the reason.",
    ]
    assert calls == ["formatted"]

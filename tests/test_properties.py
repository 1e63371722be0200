"""Properties over generated worlds and requests: totality, explain = run, refusals change nothing."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import event, given, reject
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc.errors import Route53Error
from route53_assoc.testing import requests, worlds

from .reference_model import Model


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
    """A refused request leaves its world as it was: equal to a deep copy taken before, and
    behaving like it (the same refusal again; the same outcome for the next request).

    Only refused requests are this test's business: a request that succeeds is rejected
    (not counted), so a library that refused nothing would fail it as unsatisfiable.
    """
    world = data.draw(worlds())
    request = data.draw(requests(world))
    before_copy = pickle.loads(pickle.dumps(world))  # an independent deep copy
    try:
        r53.apply(world, request)
    except Route53Error as exc:
        refusal = exc
    else:
        reject()
    event(refusal.code)
    assert world == before_copy and hash(world) == hash(before_copy)
    for same in (world, before_copy):
        with pytest.raises(Route53Error) as again:
            r53.apply(same, request)
        assert type(again.value) is type(refusal) and again.value == refusal
    follow = data.draw(requests(world, invalid=False), label="next request")
    assert outcome(world, follow) == outcome(before_copy, follow)


@given(st.data())
def test_determinism(data: st.DataObject) -> None:
    world = data.draw(worlds())
    request = data.draw(requests(world, invalid=False))
    assert outcome(world, request) == outcome(world, request)


@given(st.one_of(worlds(), worlds(small_quotas=True)))
def test_generated_worlds_are_sound(world: r53.World) -> None:
    """Judged without the library's own ``World.check``: the world's public facts are read
    into the reference model, whose invariants come from the spec (reference_model.problems),
    and the public reads must agree with those facts.  Half the worlds have small quotas,
    so that the quotas are among what is judged."""
    assert soundness_problems(world) == []


def model_of(world: r53.World) -> Model:
    """The reference model holding the world's public facts (accounts, VPCs, zones,
    associations, authorizations, quotas)."""
    quotas = world.quotas
    model = Model(
        accounts=dict(world.accounts),
        propagation=0,
        processing=0,
        vpcs_per_zone=quotas.vpcs_per_zone,
        auths_per_zone=quotas.authorizations_per_zone,
        zones_per_account=quotas.zones_per_account,
    )
    for vpc in world.vpcs.values():
        model.vpcs[vpc.id] = {"region": vpc.region, "owner": vpc.owner}
    for vpc in world.deleted_vpcs.values():
        model.deleted.add(vpc.id)
    for zone in world.zones.values():
        model.zones[zone.id] = {
            "name": zone.name,
            "ref": zone.caller_reference,
            "owner": zone.owner,
            "service": zone.owning_service,
            "linked": None,
            "partition": zone.partition,
            "private": zone.private,
            "vpcs": dict(zone.associations),
            "limit": zone.vpc_limit,
            "last": None,
        }
        auths = set(world.authorizations_of(zone.id))
        if auths:
            model.auths[zone.id] = auths
    for zone_id, auths in world.authorizations.items():
        if zone_id not in world.zones:
            model.auths[zone_id] = set(auths)
    return model


def soundness_problems(world: r53.World) -> list[str]:
    model = model_of(world)
    problems = model.problems()
    for zone_id, zone in model.zones.items():
        if zone["owner"] is None:
            continue
        got = r53.get_hosted_zone(world, caller=zone["owner"], hosted_zone_id=zone_id)
        if tuple(got.vpcs) != tuple(sorted(zone["vpcs"].items())):
            problems.append(f"GetHostedZone({zone_id}) lists {got.vpcs}, its associations are {zone['vpcs']}")
        if zone["private"]:
            listed: list[tuple[str, str]] = []
            token = None
            while True:
                page = r53.list_authorizations(
                    world, caller=zone["owner"], hosted_zone_id=zone_id, max_results=2, next_token=token
                )
                listed.extend(page.vpcs)
                token = page.next_token
                if token is None or len(listed) > len(model.authorizations(zone_id)):
                    break
            if listed != model.authorizations(zone_id):
                problems.append(f"ListVPCAssociationAuthorizations({zone_id}) gives {listed}")
    for vpc_id, vpc in model.vpcs.items():
        page = r53.list_hosted_zones_by_vpc(
            world, caller=vpc["owner"], vpc_id=vpc_id, vpc_region=vpc["region"]
        )
        listed_zones = [(z.hosted_zone_id, z.name, z.owning_account, z.owning_service) for z in page.zones]
        if page.next_token is not None or listed_zones != model.zones_of_vpc(vpc_id):
            problems.append(f"ListHostedZonesByVPC({vpc_id}) gives {listed_zones}")
    return problems


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

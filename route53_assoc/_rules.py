"""Rules as data: the machinery every operation runs, and ``explain`` reads.

An operation is an ordered table.  Its first rule reads the request's members and
turns them into checked values (or refuses with ``InvalidInput``); each later rule
either returns a sentence saying why it holds or raises the error it names.  The
operation runs the rules in order and then applies its effect.  ``explain`` runs the
very same table, but records every verdict instead of stopping at the first
refusal, so the two can never disagree.

Each rule carries its confidence: *documented* (AWS states it), *observed* (a real
AWS response was quoted in public) or *inferred* (our chosen behaviour where AWS says
nothing public).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from ._world import World
from .errors import Route53Error

__all__ = ["Confidence", "Operation", "Reason", "Rule", "Step", "Trace", "Verdict", "Why"]


@attrs.frozen
class Why:
    """A passing check's reason made from the world and the checked request, by ``explain`` only.

    A check on the hot path returns one made once (a module constant), so that passing
    costs no allocation at all: ``explain`` calls ``text(world, request)`` with the
    world and the checked request the check itself was given.

    >>> Why(lambda world, r: f"{r} holds").text(None, "it")
    'it holds'
    """

    text: Callable[[Any, Any], str]


#: What a passing check returns: the sentence saying why the rule holds, or a function
#: of no arguments making it, or a :class:`Why` (so that only ``explain`` pays for the
#: formatting), or ``None`` (the rule's statement stands for the reason).
Reason = str | Callable[[], str] | Why | None

RequestT = TypeVar("RequestT")
ParsedT = TypeVar("ParsedT")
ResultT = TypeVar("ResultT")


class Confidence(enum.StrEnum):
    """How sure we are that AWS behaves as a rule says."""

    DOCUMENTED = "documented"
    OBSERVED = "observed"
    INFERRED = "inferred"

    @property
    def meaning(self) -> str:
        """One sentence saying what the level means."""
        return _MEANINGS[self]


_MEANINGS = {
    Confidence.DOCUMENTED: "AWS states it (API Reference, Developer Guide or service model).",
    Confidence.OBSERVED: "a real AWS response showing it was quoted in public.",
    Confidence.INFERRED: "AWS says nothing public; this is the library's chosen behaviour.",
}


@attrs.frozen
class Rule:
    """One named rule of an operation's table.

    ``check(world, request)`` raises one of ``errors``, or says why the rule holds:
    a sentence, or — better on the hot path — a function of no arguments returning
    the sentence, or a :class:`Why` made once, which only ``explain`` calls (``None``
    stands for the rule's statement).  For a table's first rule, it returns the checked request instead.
    """

    id: str
    statement: str
    errors: tuple[type[Route53Error], ...]
    confidence: Confidence
    source: str
    check: Callable[[World, Any], Any] = attrs.field(eq=False, repr=False)

    @property
    def error_codes(self) -> tuple[str, ...]:
        """The AWS error codes the rule may raise."""
        return tuple(error.code for error in self.errors)


class Verdict(enum.StrEnum):
    """What one rule said about one request."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_REACHED = "not reached"


@attrs.frozen
class Step:
    """One rule's verdict in a :class:`Trace`, with the reason."""

    rule: Rule
    verdict: Verdict
    reason: str
    error: Route53Error | None = None


@attrs.frozen
class Trace:
    """Every rule's verdict for one request, then the outcome.

    ``result`` is what the operation returns on success (``None`` on refusal);
    ``error`` the error it raises on refusal (``None`` on success).
    """

    operation: str
    request: object
    steps: tuple[Step, ...]
    result: object = None
    error: Route53Error | None = None
    world: World | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def ok(self) -> bool:
        """Whether the request succeeds."""
        return self.error is None

    def __str__(self) -> str:
        return self.render()

    def render(self, *, color: bool = False, width: int | None = None) -> str:
        """A readable account of the trace; ANSI colours when *color* is true.

        Lines are wrapped to *width* columns (``None``: not wrapped); the layout and
        the way results read are :func:`route53_assoc._render.render_trace`'s.
        """
        from ._render import render_trace

        confidences = [f"[{step.rule.confidence}]" for step in self.steps]
        return render_trace(self, confidences, color=color, width=width)


@attrs.frozen
class Operation(Generic[RequestT, ParsedT, ResultT]):
    """An operation: its request type, its ordered rule table, and its effect."""

    name: str
    aws_name: str
    summary: str
    request_type: type[RequestT]
    rules: tuple[Rule, ...]
    effect: Callable[[World, ParsedT], tuple[World, ResultT]] = attrs.field(repr=False)

    _parse: Callable[[World, Any], Any] = attrs.field(init=False, repr=False, eq=False)
    _checks: tuple[Callable[[World, Any], Any], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # The hot path reads the checks from one tuple, made once.
        object.__setattr__(self, "_parse", self.rules[0].check)
        object.__setattr__(self, "_checks", tuple(rule.check for rule in self.rules[1:]))

    def run(self, world: World, request: RequestT) -> tuple[World, ResultT]:
        """Check every rule in order, then apply the effect.

        What a check returns on success (its reason) is not looked at here: only
        :meth:`explain` reads it.
        """
        parsed: ParsedT = self._parse(world, request)
        for check in self._checks:
            check(world, parsed)
        return self.effect(world, parsed)

    def explain(self, world: World, request: RequestT) -> Trace:
        """Run the same table, recording every rule's verdict."""
        steps: list[Step] = []
        parsed: Any = request
        error: Route53Error | None = None
        for index, rule in enumerate(self.rules):
            if error is not None:
                steps.append(Step(rule, Verdict.NOT_REACHED, "an earlier rule refused the request"))
                continue
            try:
                outcome = rule.check(world, parsed)
            except Route53Error as exc:
                error = exc
                steps.append(Step(rule, Verdict.FAILED, exc.message, exc))
                continue
            if index == 0:
                parsed = outcome
                reason = "every member is present and well-formed"
            else:
                reason = _reason(rule, outcome, world, parsed)
            steps.append(Step(rule, Verdict.PASSED, reason))
        if error is not None:
            return Trace(self.name, request, tuple(steps), error=error, world=world)
        new_world, result = self.effect(world, parsed)
        return Trace(self.name, request, tuple(steps), result=result, world=new_world)


def _reason(rule: Rule, outcome: object, world: World, parsed: object) -> str:
    """The sentence a passing check gave: a string, a function making it, a :class:`Why`, or ``None``."""
    if outcome is None:
        return rule.statement
    if isinstance(outcome, Why):
        return outcome.text(world, parsed)
    if callable(outcome):
        outcome = outcome()
    return outcome if isinstance(outcome, str) else str(outcome)

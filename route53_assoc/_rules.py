"""Rules as data: the machinery every operation runs, and ``explain`` reads.

An operation is an ordered table.  Its first rule reads the request's members and
turns them into checked values (or refuses with ``InvalidInput``); each later rule
either returns a sentence saying why it holds or raises the error it names.  The
operation runs the rules in order and then applies its effect.  ``explain`` runs the
very same table, but records every verdict instead of stopping at the first
refusal, so the two can never disagree.

Confidence belongs to each *outcome* of a rule, not to the rule as a whole: a rule
holds, or refuses with one of its errors (sometimes in one of several branches), and
each of these outcomes (:class:`Outcome`) carries its own label — *documented* (AWS states it),
*observed* (a real AWS response was quoted in public) or *inferred* (our chosen
behaviour where AWS says nothing public) — for the error's code and HTTP status and,
separately, for its message.  A documented rule may well refuse with an inferred code
and message (``associate.same-partition``).  :attr:`Step.confidence` is the label of
what happened to one request.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from ._world import World
from .errors import Route53Error

__all__ = [
    "Confidence",
    "Operation",
    "Outcome",
    "Reason",
    "Rule",
    "Step",
    "Trace",
    "Verdict",
    "Why",
    "holds",
    "in_branch",
    "refuses",
]


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

    @property
    def strength(self) -> int:
        """2 for documented, 1 for observed, 0 for inferred: ``min`` by it picks the weakest."""
        return _STRENGTH[self]


_STRENGTH = {Confidence.DOCUMENTED: 2, Confidence.OBSERVED: 1, Confidence.INFERRED: 0}

_MEANINGS = {
    Confidence.DOCUMENTED: "AWS states it (API Reference, Developer Guide or service model).",
    Confidence.OBSERVED: "a real AWS response showing it was quoted in public.",
    Confidence.INFERRED: "AWS says nothing public; this is the library's chosen behaviour.",
}


E = TypeVar("E", bound=Route53Error)


@attrs.frozen
class Outcome:
    """One thing a rule can do to a request — hold, or refuse with one error — and how sure we are.

    ``error`` is ``None`` for the rule holding.  ``code`` is the confidence of the
    error's code and HTTP status (for a holding rule: of the rule's statement);
    ``message`` that of the message text.  ``branch`` tells apart outcomes raising the
    same error class for different reasons: the rule raises the error through
    :func:`in_branch`, and :meth:`Rule.outcome_of` finds the outcome by it.

    >>> from route53_assoc.errors import InvalidVPCId
    >>> refusal = refuses(InvalidVPCId, Confidence.OBSERVED, Confidence.INFERRED, branch="region")
    >>> refusal.name, refusal.confidence.value, refusal.label
    ('InvalidVPCId/region', 'inferred', 'code observed, message inferred')
    >>> holds(Confidence.DOCUMENTED).label
    'documented'
    """

    error: type[Route53Error] | None
    code: Confidence
    message: Confidence
    branch: str | None = None
    note: str = ""

    @property
    def name(self) -> str:
        """``holds``, the error's code, or ``code/branch``."""
        if self.error is None:
            return "holds"
        return self.error.code if self.branch is None else f"{self.error.code}/{self.branch}"

    @property
    def confidence(self) -> Confidence:
        """The outcome's one label: the weaker of its code's and its message's."""
        return min(self.code, self.message, key=lambda c: c.strength)

    @property
    def label(self) -> str:
        """``documented``, or ``code documented, message inferred`` when the two differ."""
        if self.code is self.message:
            return self.code.value
        return f"code {self.code.value}, message {self.message.value}"


def holds(confidence: Confidence, note: str = "") -> Outcome:
    """The outcome "the rule holds", with the confidence of the rule's statement."""
    return Outcome(None, confidence, confidence, note=note)


def refuses(
    error: type[Route53Error],
    code: Confidence,
    message: Confidence | None = None,
    *,
    branch: str | None = None,
    note: str = "",
) -> Outcome:
    """The outcome "the rule refuses with *error*": *code* for its code and status, *message* (default: *code*) for its text."""
    return Outcome(error, code, code if message is None else message, branch, note)


def in_branch(error: E, branch: str) -> E:
    """*error*, marked as raised in the rule's *branch* (see :attr:`Outcome.branch`).

    >>> from route53_assoc.errors import InvalidVPCId
    >>> in_branch(InvalidVPCId(vpc_id="vpc-1"), "neither").branch
    'neither'
    """
    error.branch = branch
    return error


@attrs.frozen
class Rule:
    """One named rule of an operation's table.

    ``check(world, request)`` raises one of ``errors``, or says why the rule holds:
    a sentence, or — better on the hot path — a function of no arguments returning
    the sentence, or a :class:`Why` made once, which only ``explain`` calls (``None``
    stands for the rule's statement).  For a table's first rule, it returns the checked request instead.

    ``outcomes`` gives each thing the rule can do its own confidence: first the rule
    holding, then each refusal (one per error class, or per branch).  ``confidence`` is
    the label of the rule's *statement* — that AWS enforces this rule at all — which is
    exactly its holding outcome's; a refusal the rule does not declare takes it too, so
    a rule whose every part is equally sure declares nothing.  ``confidence`` is not the
    label of the rule's errors: a documented rule may refuse with an inferred code.

    >>> from route53_assoc import ASSOCIATE
    >>> same_partition = ASSOCIATE.rules[4]
    >>> same_partition.confidence.value, [o.confidence.value for o in same_partition.refusals]
    ('documented', ['inferred'])
    """

    id: str
    statement: str
    errors: tuple[type[Route53Error], ...]
    confidence: Confidence
    source: str
    check: Callable[[World, Any], Any] = attrs.field(eq=False, repr=False)
    outcomes: tuple[Outcome, ...] = attrs.field(default=(), kw_only=True, repr=False)

    def __attrs_post_init__(self) -> None:
        given = self.outcomes
        stray = [o.name for o in given if o.error is not None and o.error not in self.errors]
        if stray:
            raise ValueError(f"rule {self.id}: outcomes for errors it does not declare: {stray}")
        hold = [o for o in given if o.error is None]
        if any(o.code is not self.confidence or o.message is not self.confidence for o in hold):
            raise ValueError(f"rule {self.id}: its holding outcome is the rule's own confidence, {self.confidence}")
        complete = [hold[0] if hold else holds(self.confidence)]
        for error in self.errors:
            mine = [o for o in given if o.error is error]
            complete += mine or [refuses(error, self.confidence)]
        object.__setattr__(self, "outcomes", tuple(complete))

    @property
    def error_codes(self) -> tuple[str, ...]:
        """The AWS error codes the rule may raise."""
        return tuple(error.code for error in self.errors)

    @property
    def holding(self) -> Outcome:
        """The outcome "the rule holds"."""
        return self.outcomes[0]

    @property
    def refusals(self) -> tuple[Outcome, ...]:
        """The outcomes refusing the request, in declaration order."""
        return self.outcomes[1:]

    def outcome_of(self, error: Route53Error) -> Outcome:
        """The outcome *error* (raised by this rule's check) stands for.

        The outcome of the error's class and branch; else of its class without a
        branch (or its first); an error the rule does not declare is inferred.
        """
        found: Outcome | None = None
        for outcome in self.outcomes[1:]:
            if outcome.error is type(error):
                if outcome.branch == error.branch:
                    return outcome
                if found is None or (outcome.branch is None and found.branch is not None):
                    found = outcome
        if found is not None:
            return found
        return refuses(type(error), Confidence.INFERRED, note="an error the rule does not declare")


class Verdict(enum.StrEnum):
    """What one rule said about one request."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_REACHED = "not reached"


@attrs.frozen
class Step:
    """One rule's verdict in a :class:`Trace`, with the reason.

    ``outcome`` is what happened — the rule's holding outcome, or the refusal the error
    stands for (``None`` when the rule was not reached) — and ``confidence`` its label.
    """

    rule: Rule
    verdict: Verdict
    reason: str
    error: Route53Error | None = None

    @property
    def outcome(self) -> Outcome | None:
        """The rule's outcome for this request; ``None`` when not reached."""
        if self.error is not None:
            return self.rule.outcome_of(self.error)
        if self.verdict is Verdict.PASSED:
            return self.rule.holding
        return None

    @property
    def confidence(self) -> Confidence:
        """The confidence of what happened; the rule's headline when it was not reached."""
        outcome = self.outcome
        return self.rule.confidence if outcome is None else outcome.confidence


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

        confidences = [f"[{step.confidence}]" for step in self.steps]
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
        return self.run_checked(world, self._parse(world, request))

    def run_checked(self, world: World, parsed: ParsedT) -> tuple[World, ResultT]:
        """:meth:`run` from what the input rule returned: every later rule in order, then the effect.

        For a public function that does the input rule's work on its arguments itself
        (calling the rule's own code), so that it need not build a request first.
        """
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

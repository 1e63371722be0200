"""The rule catalogue, rendered from the operations' rule tables (one source of truth).

Confidence belongs to each outcome of a rule — the rule holding, or each refusal it can
make — so the catalogue lists a rule's outcomes, each with its own label (and, where the
code and the message differ, both).
"""

from __future__ import annotations

from typing import Any

from ._registry import OPERATIONS, operation
from ._rules import Confidence, Operation, Outcome

__all__ = ["describe_outcome", "render_markdown", "render_text"]


def describe_outcome(outcome: Outcome) -> str:
    """One outcome and its confidence, in a line.

    >>> from route53_assoc import ASSOCIATE
    >>> same_partition = ASSOCIATE.rules[4]
    >>> [describe_outcome(o) for o in same_partition.outcomes]
    ['holds: documented', 'InvalidVPCId (400): inferred — the code and the message are ours']
    """
    if outcome.error is None:
        head = "holds"
    else:
        head = f"{outcome.error.code} ({outcome.error.http_status})"
        if outcome.branch is not None:
            head += f", {outcome.branch}"
    text = f"{head}: {outcome.label}"
    return f"{text} — {outcome.note}" if outcome.note else text


def render_text(name: str | None = None) -> str:
    """The catalogue as plain text, for one operation or all.

    >>> print(render_text("associate").splitlines()[0])
    associate — AssociateVPCWithHostedZone: Associate a VPC with a private hosted zone.
    >>> rule_five = render_text("associate").split("   5. ")[1].splitlines()
    >>> print("\\n".join(rule_five[:4]))
    associate.same-partition
          The VPC's region lies in the hosted zone's partition.
          holds: documented
          raises InvalidVPCId (400): inferred — the code and the message are ours
    """
    ops: tuple[Operation[Any, Any, Any], ...] = (operation(name),) if name else OPERATIONS
    blocks = []
    for op in ops:
        lines = [f"{op.name} — {op.aws_name}: {op.summary}"]
        for number, rule in enumerate(op.rules, 1):
            lines.append(f"  {number:>2}. {rule.id}")
            lines.append(f"      {rule.statement}")
            lines.append(f"      {describe_outcome(rule.holding)}")
            lines += [f"      raises {describe_outcome(outcome)}" for outcome in rule.refusals]
            lines.append(f"      source: {rule.source}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _outcomes_cell(outcomes: tuple[Outcome, ...]) -> str:
    return "<br>".join(_cell(describe_outcome(outcome)) for outcome in outcomes)


def render_markdown() -> str:
    """The catalogue as the Markdown page ``docs/rules.md``."""
    out = [
        "# Rule catalogue",
        "",
        "Generated from the rule tables by `route53-assoc rules --markdown`; a test fails when",
        "this file is stale. Each operation checks its rules in this order and raises the",
        "error of the first that refuses.",
        "",
        "Confidence: " + "; ".join(f"**{c.value}** — {c.meaning}" for c in Confidence),
        "",
        "Confidence belongs to each outcome, not to the rule as a whole: *holds* is the label of",
        "the rule's statement; each error it can raise (per branch, where the branches differ)",
        "has its own, given as `code …, message …` where the code and HTTP status are surer than",
        "the message text. See [confidence.md](confidence.md).",
        "",
    ]
    for op in OPERATIONS:
        out += [f"## {op.name} — {op.aws_name}", "", op.summary, ""]
        out += ["| # | rule | statement | outcomes and their confidence | source |", "|---|---|---|---|---|"]
        for number, rule in enumerate(op.rules, 1):
            out.append(
                f"| {number} | `{rule.id}` | {_cell(rule.statement)} | {_outcomes_cell(rule.outcomes)} | "
                f"{_cell(rule.source)} |"
            )
        out.append("")
    return "\n".join(out)

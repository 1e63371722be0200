"""The rule catalogue, rendered from the operations' rule tables (one source of truth)."""

from __future__ import annotations

from typing import Any

from ._registry import OPERATIONS, operation
from ._rules import Confidence, Operation

__all__ = ["render_markdown", "render_text"]


def _errors(rule: Any) -> str:
    return ", ".join(f"{e.code} ({e.http_status})" for e in rule.errors)


def render_text(name: str | None = None) -> str:
    """The catalogue as plain text, for one operation or all.

    >>> print(render_text("associate").splitlines()[0])
    associate — AssociateVPCWithHostedZone: Associate a VPC with a private hosted zone.
    """
    ops: tuple[Operation[Any, Any, Any], ...] = (operation(name),) if name else OPERATIONS
    blocks = []
    for op in ops:
        lines = [f"{op.name} — {op.aws_name}: {op.summary}"]
        for number, rule in enumerate(op.rules, 1):
            lines.append(f"  {number:>2}. {rule.id}  [{rule.confidence}]")
            lines.append(f"      {rule.statement}")
            lines.append(f"      raises: {_errors(rule)}")
            lines.append(f"      source: {rule.source}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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
    ]
    for op in OPERATIONS:
        out += [f"## {op.name} — {op.aws_name}", "", op.summary, ""]
        out += ["| # | rule | statement | error (HTTP) | confidence | source |", "|---|---|---|---|---|---|"]
        for number, rule in enumerate(op.rules, 1):
            out.append(
                f"| {number} | `{rule.id}` | {_cell(rule.statement)} | {_cell(_errors(rule))} | "
                f"{rule.confidence} | {_cell(rule.source)} |"
            )
        out.append("")
    return "\n".join(out)

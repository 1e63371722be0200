"""``route53-assoc vectors --out DIR``: the corpus as JSON test vectors, and their JSON Schema.

The document (``DIR/vectors.json``) holds every case of :func:`route53_assoc.corpus.cases`
— setup calls, the request, the expected answer, the rule and its confidence — and
the (rule, outcome) pairs without a case, with the reason.  ``DIR/vectors.schema.json``
is :data:`SCHEMA`, the JSON Schema (draft 2020-12) the document follows; each
property's ``description`` says how a runner uses it (see ``docs/vectors.md``).

>>> doc = document()
>>> doc["format"], doc["version"], doc["accounts"]["A"]
('route53-assoc-vectors', 1, '111111111111')
>>> len(doc["cases"]) == len(cases())
True
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Final

from .corpus import ACCOUNTS, cases, unreached

__all__ = ["SCHEMA", "document", "main", "write"]

_CALL: Final[dict[str, Any]] = {
    "type": "object",
    "description": "One AWS call. Before sending it, replace every {{name}} in every string of "
    "params by the value saved under that name (see save; account.ROLE is preset to the account "
    "id the runner uses for ROLE).",
    "required": ["service", "operation", "params", "account", "region", "save"],
    "additionalProperties": False,
    "properties": {
        "service": {"enum": ["route53", "ec2", "sts"], "description": "the botocore service name"},
        "operation": {
            "type": "string",
            "pattern": "^[A-Z][A-Za-z0-9]+$",
            "description": "the botocore operation name, e.g. AssociateVPCWithHostedZone",
        },
        "params": {
            "type": "object",
            "description": "the operation's parameters, shaped as botocore takes them (they pass "
            "botocore's parameter validation)",
        },
        "account": {
            "type": "string",
            "description": "the caller's account role: a key of the document's accounts",
        },
        "region": {
            "type": "string",
            "description": "the client's region (cn-north-1 for the aws-cn account); Route 53 calls "
            "use us-east-1 or cn-north-1",
        },
        "save": {
            "type": "object",
            "description": "name -> dotted path into the response (list items by index). A path may "
            "end in |basename: the text after the value's last '/' (HostedZone.Id|basename turns "
            "/hostedzone/Z1 into Z1)",
            "additionalProperties": {"type": "string"},
        },
    },
}

_EXPECT: Final[dict[str, Any]] = {
    "type": "object",
    "description": "The answer the request must get.",
    "required": ["ok", "code", "http_status", "message", "fields"],
    "additionalProperties": False,
    "properties": {
        "ok": {"type": "boolean", "description": "true: the call succeeds; false: it fails with code"},
        "code": {
            "type": ["string", "null"],
            "description": "the AWS error code (null when ok)",
        },
        "http_status": {
            "type": ["integer", "null"],
            "description": "the HTTP status of the response (null: not checked)",
        },
        "message": {
            "type": ["string", "null"],
            "description": "the exact error message after placeholders are filled (null: not checked, "
            "e.g. when it names an id the endpoint chose and no call saved)",
        },
        "fields": {
            "type": "object",
            "description": "for ok: dotted path into the response -> the exact expected value "
            "(strings after placeholders are filled). Values the endpoint chooses itself (fresh ids, "
            "timestamps) are left out; other response members are not checked",
        },
    },
}

#: The JSON Schema of ``vectors.json``.
SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://route53-assoc.invalid/vectors.schema.json",
    "title": "route53-assoc test vectors",
    "description": "A fixed corpus of AWS calls and expected answers, one case per (rule, outcome) of "
    "each modelled Route 53 and EC2 operation. To run a case against an endpoint: give the endpoint "
    "the settings its needs ask for and an empty state; preset saved[account.ROLE] for every role; "
    "send each setup call in order (each must succeed) and record its save paths; send the request; "
    "compare the answer with expect.",
    "type": "object",
    "required": ["format", "version", "accounts", "cases", "unreached"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "route53-assoc-vectors"},
        "version": {"const": 1},
        "accounts": {
            "type": "object",
            "description": "account role -> the 12-digit account id the model used. A runner may use "
            "other accounts (one per role; CN must be an aws-cn account) and presets account.ROLE "
            "to the id it uses",
            "additionalProperties": {"type": "string", "pattern": "^[0-9]{12}$"},
        },
        "cases": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "operation",
                    "aws_operation",
                    "rule",
                    "confidence",
                    "statement",
                    "setup",
                    "request",
                    "expect",
                    "needs",
                ],
                "additionalProperties": False,
                "properties": {
                    "id": {
                        "type": "string",
                        "pattern": "^[a-z0-9-]+\\.[a-z0-9-]+/[A-Za-z0-9.]+$",
                        "description": "RULE/OUTCOME: OUTCOME is holds or the error code",
                    },
                    "operation": {"type": "string", "description": "the model's operation name"},
                    "aws_operation": {"type": "string", "description": "the AWS operation the request calls"},
                    "rule": {"type": "string", "description": "the rule's id (route53-assoc rules)"},
                    "confidence": {
                        "enum": ["documented", "observed", "inferred"],
                        "description": "documented: AWS states it; observed: a real AWS response was "
                        "quoted in public; inferred: the library's choice where AWS says nothing public",
                    },
                    "statement": {"type": "string", "description": "what the rule says"},
                    "setup": {"type": "array", "items": _CALL},
                    "request": _CALL,
                    "expect": _EXPECT,
                    "needs": {
                        "type": "array",
                        "description": "what the endpoint must offer beyond plain calls: accounts>=N "
                        "(N roles), partition:aws-cn (the CN role in cn-north-1), processing_seconds=N "
                        "(a zone refuses a next change for N seconds after one), quota:NAME=N (a quota "
                        "lowered to N: vpcs_per_zone, authorizations_per_zone, zones_per_account, "
                        "vpcs_per_region, rrsets_per_zone)",
                        "items": {
                            "type": "string",
                            "pattern": "^(accounts>=[0-9]+|partition:[a-z-]+|processing_seconds=[0-9]+"
                            "|quota:[a-z_]+=[0-9]+)$",
                        },
                    },
                },
            },
        },
        "unreached": {
            "type": "array",
            "description": "(rule, outcome) pairs the corpus has no case for, and why",
            "items": {
                "type": "object",
                "required": ["rule", "outcome", "reason"],
                "additionalProperties": False,
                "properties": {
                    "rule": {"type": "string"},
                    "outcome": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}


def document() -> dict[str, Any]:
    """The vectors as one JSON document (see :data:`SCHEMA`)."""
    return {
        "format": "route53-assoc-vectors",
        "version": 1,
        "accounts": dict(ACCOUNTS),
        "cases": [case.to_json() for case in cases()],
        "unreached": [item.to_json() for item in unreached()],
    }


def _dump(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def write(out: str) -> list[str]:
    """Write ``vectors.json`` and ``vectors.schema.json`` into the directory *out*; their paths."""
    os.makedirs(out, exist_ok=True)
    paths = [os.path.join(out, "vectors.json"), os.path.join(out, "vectors.schema.json")]
    for path, value in zip(paths, (document(), SCHEMA), strict=True):
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(_dump(value))
    return paths


def add_parser(sub: Any) -> None:
    """The ``vectors`` sub-command, for ``cli.py``."""
    parser = sub.add_parser(
        "vectors",
        help="write the corpus as JSON test vectors, with their JSON Schema",
        description="Write DIR/vectors.json (one case per rule and outcome of every modelled AWS "
        "operation: setup calls, request, expected answer) and DIR/vectors.schema.json. "
        "See docs/vectors.md.",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="directory to write into (made if absent)")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Run ``route53-assoc vectors``."""
    try:
        paths = write(args.out)
    except OSError as exc:
        print(f"route53-assoc vectors: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    count = len(cases())
    print(f"wrote {count} cases to {paths[0]} and the schema to {paths[1]}")
    return 0

"""The ``route53-assoc`` command: ``tour``, ``explain SCENARIO...``, ``rules [OPERATION]``, ``resolve FILE``, ``serve``.

Output for people is fitted to the terminal's width (``--width`` overrides it; ``0``
turns wrapping off); how traces and results read is :mod:`route53_assoc._render`'s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from importlib import resources
from typing import Any, TextIO

import attrs

from . import _catalogue, _registry, scenario
from ._render import catalogue, markdown_section, plural, wrap, zone_line
from .errors import InvalidInput, Route53Error

__all__ = ["main"]


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _width(args: argparse.Namespace) -> int:
    """The columns to fit the output to: ``--width``, else the terminal's (0: no wrapping)."""
    width = getattr(args, "width", None)
    return shutil.get_terminal_size().columns if width is None else max(width, 0)


def _print_results(
    source: scenario.Scenario,
    results: list[scenario.StepResult],
    *,
    color: bool,
    width: int,
    failures_only: bool = False,
) -> int:
    out = sys.stdout
    if source.title:
        print(_paint(source.title, "1", color), file=out)
        print("=" * len(source.title), file=out)
    failed = [result for result in results if not result.met]
    for result in failed if failures_only else results:
        heading = result.label.capitalize() + (f": {result.title}" if result.title else "")
        print("", file=out)
        print("\n".join(_paint(line, "1;34", color) for line in wrap(heading, width, "", "  ")), file=out)
        print(result.trace.render(color=color, width=width), file=out)
        line = zone_line(result.world, result.trace)
        if line is not None:
            print("\n".join(wrap(line, width, "  ", "    ")), file=out)
        if not result.met:
            print(_paint(f"  expected: {result.expect}", "31;1", color), file=out)
            print(_paint(f"  got:      {result.outcome}", "31;1", color), file=out)
    total = len(results)
    print("", file=out)
    summary = (
        f"{total - len(failed)} of {plural(total, 'step')} as expected"
        if any(r.expect for r in results)
        else plural(total, "step")
    )
    if failed:
        which = ", ".join(result.label for result in failed)
        their = "its" if len(failed) == 1 else "their"
        summary += f"; {plural(len(failed), 'step')} did not meet {their} expectation: {which}"
        print("\n".join(_paint(line, "31;1", color) for line in wrap(summary, width, "", "  ")), file=out)
    else:
        print(_paint(summary, "32;1", color), file=out)
    return 1 if failed else 0


def _jsonable(value: Any) -> Any:
    if attrs.has(type(value)):
        return {k: _jsonable(v) for k, v in attrs.asdict(value, recurse=False).items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "items"):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def trace_to_json(result: scenario.StepResult) -> dict[str, Any]:
    """One step as machine-readable data."""
    trace = result.trace
    outcome: dict[str, Any]
    if trace.error is None:
        outcome = {"ok": True, "result": _jsonable(trace.result)}
    else:
        outcome = {
            "ok": False,
            "error": {
                "code": trace.error.code,
                "http_status": trace.error.http_status,
                "message": trace.error.message,
                **trace.error.ids(),
            },
        }
    return {
        "step": result.index + 1,
        "line": result.line,
        "title": result.title,
        "operation": trace.operation,
        "request": _jsonable(trace.request),
        "rules": [
            {
                "id": s.rule.id,
                "verdict": s.verdict.value,
                "confidence": s.confidence.value,
                "outcome": None if s.outcome is None else s.outcome.label,
                "reason": s.reason,
            }
            for s in trace.steps
        ],
        "outcome": outcome,
        "expect": result.expect,
        "met": result.met,
    }


def _run_scenario(parsed: scenario.Scenario, args: argparse.Namespace) -> int:
    _, results = scenario.run(parsed)
    failures_only = getattr(args, "failures_only", False)
    if args.json:
        shown = [r for r in results if not r.met] if failures_only else results
        json.dump([{"file": parsed.source, **trace_to_json(r)} for r in shown], sys.stdout, indent=2)
        print()
        return 0 if all(r.met for r in results) else 1
    return _print_results(
        parsed, results, color=_use_color(args.color, sys.stdout), width=_width(args), failures_only=failures_only
    )


def _tour(args: argparse.Namespace) -> int:
    text = resources.files("route53_assoc").joinpath("scenarios/tour.toml").read_text(encoding="utf-8")
    return _run_scenario(scenario.loads(text, "tour"), args)


def _read_scenario(name: str) -> scenario.Scenario:
    """The scenario in file *name*, or on standard input for ``-``."""
    if name != "-":
        return scenario.load(name)
    try:
        text = sys.stdin.read()
    except UnicodeDecodeError:
        raise scenario.ScenarioError("<stdin>: not UTF-8 text") from None
    return scenario.loads(text, "<stdin>")


def _explain(args: argparse.Namespace) -> int:
    """Every file in turn; the worst status wins (2: a bad file, 1: an unmet expectation)."""
    status = 0
    many = len(args.scenario) > 1
    if args.json and many:
        return _explain_json(args)
    for number, name in enumerate(args.scenario):
        if many:
            print(("" if number == 0 else "\n") + f"==> {'<stdin>' if name == '-' else name} <==", flush=True)
        try:
            code = _run_scenario(_read_scenario(name), args)
        except scenario.ScenarioError as exc:
            sys.stdout.flush()
            print(f"route53-assoc: {exc}", file=sys.stderr, flush=True)
            code = 2
        status = max(status, code)
    return status


def _explain_json(args: argparse.Namespace) -> int:
    """``--json`` for several files: one list of steps, each naming its file."""
    status = 0
    steps: list[dict[str, Any]] = []
    for name in args.scenario:
        try:
            parsed = _read_scenario(name)
            _, results = scenario.run(parsed)
        except scenario.ScenarioError as exc:
            print(f"route53-assoc: {exc}", file=sys.stderr)
            status = 2
            continue
        shown = [r for r in results if not r.met] if args.failures_only else results
        steps += [{"file": parsed.source, **trace_to_json(r)} for r in shown]
        status = max(status, 0 if all(r.met for r in results) else 1)
    json.dump(steps, sys.stdout, indent=2)
    print()
    return status


def _rules(args: argparse.Namespace) -> int:
    ops = _registry.OPERATIONS
    if args.operation is not None:
        try:
            ops = (_registry.operation(args.operation),)
        except InvalidInput as exc:
            print(f"route53-assoc: rules: {exc.message}", file=sys.stderr)
            return 2
    if args.json:
        json.dump(catalogue(ops), sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.markdown:
        page = _catalogue.render_markdown()
        sys.stdout.write(page if args.operation is None else markdown_section(page, ops[0].name))
    else:
        sys.stdout.write(_catalogue.render_text(None if args.operation is None else ops[0].name))
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        import granian  # noqa: F401  (the HTTP server: the server extra)

        from . import server
        from .aws import identity
    except ImportError as exc:
        print(
            f"route53-assoc: serve needs the [server] extra (from a checkout: pip install '.[server]'): {exc}",
            file=sys.stderr,
        )
        return 2
    try:
        accounts = server.parse_accounts(args.account)
        credentials = identity.load_credentials(args.credentials) if args.credentials else None
        app = server.Server(
            identity=identity.Identity(
                accounts=accounts, credentials=credentials, default_account=args.default_account
            ),
            state=server.StateFile(args.state) if args.state else None,
            clock=args.clock,
            propagation_seconds=args.propagation_seconds,
            processing_seconds=args.processing_seconds,
            max_body=args.max_body,
        )
    except (ValueError, server.StateError) as exc:
        print(f"route53-assoc: {exc}", file=sys.stderr)
        return 2

    def ready(url: str) -> None:
        print(f"route53-assoc serve: listening on {url}", file=sys.stderr, flush=True)

    try:
        server.run(app, host=args.host, port=args.port, threads=args.threads, ready=ready)
    except OSError as exc:
        print(f"route53-assoc: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 2
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="route53-assoc",
        description="Route 53 private-hosted-zone ↔ VPC association rules, as AWS enforces them.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def output_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print machine-readable traces")
        p.add_argument(
            "--color",
            choices=["auto", "always", "never"],
            default="auto",
            help="colour the output (default: on a terminal, unless NO_COLOR is set)",
        )
        p.add_argument(
            "--width",
            type=int,
            metavar="COLUMNS",
            help="fit the output to this many columns (default: the terminal's width, or $COLUMNS; "
            "0: no wrapping). Reasons and messages wrap; words are never cut",
        )

    tour = sub.add_parser(
        "tour",
        help="walk through the rules with an embedded scenario",
        description="Run the embedded scenario: same-account and cross-account associations, "
        "then the classic mistakes, each with every rule's verdict.",
    )
    output_options(tour)
    tour.set_defaults(func=_tour)

    explain = sub.add_parser(
        "explain",
        help="run scenario files and explain every step",
        description="Run TOML scenarios (accounts, vpcs, zones, steps) and show, for each "
        "step, every rule's verdict and the outcome. A step's op is an operation's name, the "
        "model's or AWS's (associate or AssociateVPCWithHostedZone), in any case. Steps are "
        "numbered from 1 with the line of their [[steps]] header, in errors and output alike. "
        "Exit status: 0 when every step meets its 'expect', 1 when one does not, 2 when a file "
        "is bad (each file is still run; the worst status wins). See docs/command.md.",
    )
    explain.add_argument(
        "scenario", nargs="+", metavar="SCENARIO", help="a .toml scenario file, or - for standard input; several run in turn"
    )
    explain.add_argument(
        "--failures-only",
        action="store_true",
        help="show only the steps whose outcome is not their 'expect' (each in full), then the "
        "summary; steps with no 'expect' never fail",
    )
    output_options(explain)
    explain.set_defaults(func=_explain)

    rules = sub.add_parser(
        "rules",
        help="print the rule catalogue",
        description="Print each operation's rules in order: id, statement, error, HTTP "
        "status, confidence and source. OPERATION is the model's name or AWS's "
        "(AssociateVPCWithHostedZone, CreateVpc), in any case. --json prints "
        '{"schema": "route53-assoc/rules/1", "confidence": {level: meaning}, "operations": '
        '[{"name", "aws_name" (null for the model\'s own operations), "aws_label", "service" '
        '("route53", "ec2" or null), "summary", "request", "rules": [{"position" (from 1), '
        '"id", "statement", "confidence", "source", "errors": [{"code", "http_status"}], "outcomes": [{"outcome", "code", "code_confidence", "message_confidence", "note"}]}]}]}. '
        "See docs/command.md.",
    )
    names = [op.name for op in _registry.OPERATIONS]
    rules.add_argument("operation", nargs="?", metavar="OPERATION", help=f"one operation ({', '.join(names)})")
    formats = rules.add_mutually_exclusive_group()
    formats.add_argument("--markdown", action="store_true", help="print the catalogue page docs/rules.md (or OPERATION's section)")
    formats.add_argument("--json", action="store_true", help="print the catalogue as JSON (schema above)")
    rules.set_defaults(func=_rules)
    _resolve_parser(sub, output_options)
    from . import _pages  # the `pages` sub-command (its code is in _pages.py)

    _pages.add_parser(sub)

    serve = sub.add_parser(
        "serve",
        help="answer the AWS CLI, Terraform and SDKs over HTTP",
        description="Serve Route 53, EC2 and STS over HTTP from the model, for any AWS client "
        "pointed at it (endpoint URL http://HOST:PORT). The caller's account comes from the "
        "SigV4 access key id: a 12-digit key is the account; --account maps others; the rest "
        "get --default-account. Needs the server extra (from a checkout: pip install '.[server]').",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=8053, help="port to listen on (default: 8053; 0 picks a free one)")
    serve.add_argument(
        "--account", action="append", default=[], metavar="KEY=ACCOUNT", help="map an access key id to an account"
    )
    serve.add_argument("--default-account", default="123456789012", help="account of unmapped keys")
    serve.add_argument(
        "--credentials",
        metavar="FILE",
        help="verify every signature: an AWS-style credentials file, one [section] per key with "
        "aws_access_key_id, aws_secret_access_key and aws_account_id; other keys are refused",
    )
    serve.add_argument(
        "--state",
        metavar="FILE",
        help="load the world from this snapshot at start, save every change to it (atomically, "
        "before answering); a corrupt file stops the start and is left untouched",
    )
    serve.add_argument(
        "--clock",
        choices=["real", "manual"],
        default="real",
        help="world time: the wall clock (default), or manual (moved by POST /_route53_assoc/advance)",
    )
    serve.add_argument("--propagation-seconds", type=float, default=0, help="PENDING → INSYNC delay of a change")
    serve.add_argument(
        "--processing-seconds", type=float, default=0, help="how long a zone refuses a next change (PriorRequestNotComplete)"
    )
    serve.add_argument("--max-body", type=int, default=1 << 20, help="largest request body, in bytes (default 1 MiB)")
    serve.add_argument(
        "--threads", type=int, default=1, help="Python threads answering requests in granian's worker (default 1)"
    )
    serve.set_defaults(func=_serve)
    from . import vectors

    vectors.add_parser(sub)  # route53-assoc vectors --out DIR (its code: vectors.py)
    from . import check

    check.add_parser(sub)  # route53-assoc check --endpoint URL (its code: check.py)
    return parser


def _resolve_world(args: argparse.Namespace) -> scenario.StepResult:
    """The ``resolve`` query explained in the world *args.file* describes, as a step result."""
    from . import snapshot
    from ._registry import explain
    from ._resolve import ResolveRequest

    if args.file.endswith(".json"):
        try:
            with open(args.file, encoding="utf-8") as stream:
                world = snapshot.from_json(stream.read())
        except OSError as exc:
            raise scenario.ScenarioError(f"{args.file}: cannot read: {exc.strerror or exc}") from None
        trace = explain(world, ResolveRequest(vpc_id=args.vpc, name=args.name, type=args.type))
        return scenario.StepResult(0, None, trace, None, trace.world or world)
    parsed = scenario.load(args.file, require_steps=False)
    query: dict[str, Any] = {"op": "resolve", "name": args.name, "type": args.type}
    handles = {spec.get("name") for spec in parsed.vpcs if isinstance(spec, dict)}
    handles |= {step.get("as") for step in parsed.steps if step.get("op") == "create-vpc"}
    if args.vpc in handles or not args.vpc.startswith("vpc-"):
        query["vpc"] = args.vpc
    else:
        query["vpc_id"] = args.vpc
    _, results = scenario.run(attrs.evolve(parsed, steps=(*parsed.steps, query)))
    return results[-1]


def _print_resolution(result: scenario.StepResult, color: bool, width: int) -> None:
    from ._resolve import Resolution

    print(result.trace.render(color=color, width=width))
    answer = result.trace.result
    if not isinstance(answer, Resolution):
        return
    zone = ""
    if answer.zone is not None:
        found = result.world.zones.get(answer.zone)
        zone = f"   zone: {answer.zone}" + (f" ({found.name})" if found is not None else "")
    print("")
    print(_paint(f"status: {answer.status.value}", "1", color) + zone)
    if answer.answers:
        print("answer:")
        width = max(len(record.name) for record in answer.answers)
        for record in answer.answers:
            for value in record.values:
                print(f"  {record.name:<{width}}  {record.ttl:>6}  {record.type:<5}  {value}")
    if answer.notes:
        print("notes:")
        for note in answer.notes:
            print(f"  - {note}")


def _resolve(args: argparse.Namespace) -> int:
    result = _resolve_world(args)
    if args.json:
        json.dump(trace_to_json(result), sys.stdout, indent=2)
        print()
    else:
        _print_resolution(result, _use_color(args.color, sys.stdout), _width(args))
    error = result.trace.error
    if error is not None:
        print(f"route53-assoc: {error.code}: {error.message}", file=sys.stderr)
        return 2
    return 0


def _resolve_parser(sub: Any, output_options: Any) -> None:
    """The ``resolve`` subcommand (spec §S7)."""
    resolve = sub.add_parser(
        "resolve",
        help="what the resolver inside a VPC answers for a name",
        description="Build the world a scenario file describes (a .toml scenario, every step "
        "run; or a .json snapshot), then ask what the Amazon-provided resolver in a VPC answers "
        "for a name and type: every resolution rule's verdict, the status (NOERROR, NODATA, "
        "NXDOMAIN, FORWARDED_PUBLIC, NO_RESOLVER, SERVFAIL), the answer and notes. Exits 2 "
        "when the file or the query is bad.",
    )
    resolve.add_argument("file", help="a .toml scenario or a .json snapshot")
    resolve.add_argument("--vpc", required=True, help="the VPC: a scenario handle or a VPC id")
    resolve.add_argument("--name", required=True, help="the name asked, e.g. www.example.com")
    resolve.add_argument("--type", default="A", help="the record type asked (default: A)")
    output_options(resolve)
    resolve.set_defaults(func=_resolve)


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except scenario.ScenarioError as exc:
        print(f"route53-assoc: {exc}", file=sys.stderr)
        return 2
    except Route53Error as exc:
        print(f"route53-assoc: {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())

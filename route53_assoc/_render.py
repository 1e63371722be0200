"""How ``explain`` shows things: traces fitted to a width, and results as short readable text.

Pure formatting — no I/O, no clock: the command measures the terminal and passes its
width in.  :func:`render_trace` lays a :class:`~route53_assoc.Trace` out in columns
(verdict, rule id, confidence, reason) and wraps the reason column, and any error
message, to the width: words are never cut, and nothing is left out, so an error
message can always be read in full.  :func:`describe_result` says what an operation
returned in a line a newcomer can read:

>>> from datetime import UTC, datetime
>>> from route53_assoc import ChangeInfo, HostedZone
>>> print(describe_result(ChangeInfo(id="C2682N5HXP0BZ4", status="INSYNC",
...                                  submitted_at=datetime(2017, 3, 27, tzinfo=UTC))))
change C2682N5HXP0BZ4: INSYNC, submitted 2017-03-27T00:00:00.000Z
>>> print(describe_result(HostedZone(id="Z0123456789ABCDEFGHIJ", name="corp.example", owner="111111111111",
...                                  partition="aws", private=True, caller_reference="r1",
...                                  associations={"vpc-0123abcd": "us-east-1"})))
private zone corp.example. (Z0123456789ABCDEFGHIJ), owner 111111111111, 1 VPC: vpc-0123abcd (us-east-1)
"""

from __future__ import annotations

import enum
import textwrap
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from ._show import shown
from ._values import VPC, Authorization, ChangeInfo, HostedZone, format_timestamp

if TYPE_CHECKING:
    from ._rules import Trace
    from ._world import World

__all__ = [
    "catalogue",
    "describe",
    "describe_result",
    "markdown_section",
    "plural",
    "render_trace",
    "wrap",
    "zone_line",
]

#: At most this many items of a list appear in a result's description; the rest are counted.
MAX_ITEMS = 8

#: Below this many columns for the reason, it goes on lines of its own under the rule.
MIN_REASON = 30


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``"1 step"``, ``"2 steps"``.

    >>> plural(1, "step"), plural(2, "step"), plural(0, "VPC"), plural(2, "entry", "entries")
    ('1 step', '2 steps', '0 VPCs', '2 entries')
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def wrap(text: str, width: int | None, first: str = "", rest: str | None = None) -> list[str]:
    """*text* after *first*, wrapped to *width* with later lines indented by *rest*.

    Words are never broken and nothing is dropped (a word longer than the line stays
    whole); *width* ``None`` or ``0`` means no wrapping.

    >>> wrap("The VPC vpc-0123abcd has already been associated", 24, "  => ", "     ")
    ['  => The VPC', '     vpc-0123abcd has', '     already been', '     associated']
    """
    rest = " " * len(first) if rest is None else rest
    if not width or len(first) + len(text) <= width:
        return [first + text]
    words = text.split(maxsplit=1)
    if first.strip() and words and len(first) + len(words[0]) > width >= len(rest) + len(words[0]):
        return [first.rstrip(), *wrap(text, width, rest, rest)]  # the text starts on the next line
    lines = textwrap.wrap(
        text,
        width=max(width, len(first) + 1, len(rest) + 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


# -- requests: every member, shown safely (a caller's values may be hostile) -------------------


def describe(value: object) -> str:
    """A compact one-line description of a request (or any value), safe for a caller's objects."""
    if attrs.has(type(value)):
        fields = attrs.asdict(value, recurse=False)  # type: ignore[arg-type]
        inner = ", ".join(f"{k}={_short(v)}" for k, v in fields.items() if v is not None)
        return f"{type(value).__name__}({inner})"
    return _short(value)


def _short(value: object) -> str:
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if type(value) is str:
        return value if value and value.isprintable() and " " not in value else shown(value)
    if type(value) is tuple:
        return "[" + ", ".join(_short(v) for v in value) + "]"
    if attrs.has(type(value)):
        return describe(value)
    return shown(value)  # a caller's object: its repr may raise or be huge


def _members(request: object) -> str:
    """A request's members as ``name=value`` pairs, the ``None`` ones left out."""
    if not attrs.has(type(request)):
        return _short(request)
    fields = attrs.asdict(request, recurse=False)  # type: ignore[arg-type]
    return " ".join(f"{k}={_short(v)}" for k, v in fields.items() if v is not None)


# -- results: what each operation returns, in words ------------------------------------------


def _listing(items: Sequence[Any], noun: str, show: Any, nouns: str | None = None) -> str:
    shown_items = [show(item) for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        shown_items.append(f"… and {len(items) - MAX_ITEMS} more")
    text = plural(len(items), noun, nouns)
    return f"{text}: {', '.join(shown_items)}" if items else text


def _vpcs(pairs: Iterable[tuple[str, str]]) -> str:
    return _listing(list(pairs), "VPC", lambda pair: f"{pair[0]} ({pair[1]})")


def _zone(zone: HostedZone) -> str:
    kind = "private" if zone.private else "public"
    owner = f"owner {zone.owner}" if zone.owner is not None else f"owned by service {zone.owning_service}"
    text = f"{kind} zone {zone.name} ({zone.id}), {owner}"
    if zone.private:
        text += ", " + _vpcs(zone.vpcs)
    if zone.vpc_limit is not None:
        text += f", VPC limit {zone.vpc_limit}"
    if zone.linked_service is not None:
        text += f", linked to {zone.linked_service}"
    if zone.comment:
        text += f", comment {shown(zone.comment)}"
    return text


def _change(info: ChangeInfo) -> str:
    text = f"change {info.bare_id}: {info.status.value}, submitted {format_timestamp(info.submitted_at)}"
    return text + (f", comment {shown(info.comment)}" if info.comment else "")


def _vpc(vpc: VPC) -> str:
    def on(flag: bool) -> str:
        return "on" if flag else "off"

    return (
        f"VPC {vpc.id} in {vpc.region}, owner {vpc.owner}, CIDR {vpc.cidr_block}, "
        f"DNS support {on(vpc.enable_dns_support)}, DNS hostnames {on(vpc.enable_dns_hostnames)}"
    )


def _more(**markers: Any) -> str:
    """``; more after marker=…`` for a page that has more, else nothing."""
    given = [f"{name}={value}" for name, value in markers.items() if value is not None]
    return f"; more: {', '.join(given)}" if given else ""


def _record(record: Any) -> str:
    return f"{record.name} {record.ttl} {record.type} {' '.join(record.values)}"


def _result(value: Any) -> str | None:
    from ._authorizations import AuthorizationPage
    from ._ec2 import VpcAttribute
    from ._ec2_common import Page, Tagged
    from ._ec2_tags import TagDescription
    from ._listings import DnssecStatus, HostedZonePage, HostedZonesByNamePage
    from ._reads import HostedZoneLimit, ZonesByVpcPage, ZoneSummary
    from ._records import RecordSet, RecordSetPage
    from ._resolve import Resolution
    from ._tags import ResourceTagSet
    from ._vpc_resources import DefaultResource
    from ._zones import ZoneCreated

    if isinstance(value, HostedZone):
        return _zone(value)
    if isinstance(value, ChangeInfo):
        return _change(value)
    if isinstance(value, ZoneCreated):
        return f"{_zone(value.zone)}; {_change(value.change)}"
    if isinstance(value, VPC):
        return _vpc(value)
    if isinstance(value, Authorization):
        return (
            f"authorization: VPC {value.vpc_id} ({value.vpc_region}) may be associated "
            f"with zone {value.hosted_zone_id}"
        )
    if isinstance(value, AuthorizationPage):
        return f"zone {value.hosted_zone_id} authorizes {_vpcs(value.vpcs)}{_more(next_token=value.next_token)}"
    if isinstance(value, ZonesByVpcPage):
        return _listing(value.zones, "zone", describe_result) + _more(next_token=value.next_token)
    if isinstance(value, ZoneSummary):
        owner = value.owning_account if value.owning_account is not None else f"service {value.owning_service}"
        return f"{value.name} ({value.hosted_zone_id}, owner {owner})"
    if isinstance(value, (HostedZonePage, HostedZonesByNamePage)):
        listing = _listing(value.zones, "zone", lambda z: f"{z.name} ({z.id}, {'private' if z.private else 'public'})")
        if isinstance(value, HostedZonePage):
            return listing + _more(next_marker=value.next_marker)
        return listing + _more(next_dns_name=value.next_dns_name, next_hosted_zone_id=value.next_hosted_zone_id)
    if isinstance(value, HostedZoneLimit):
        return f"{value.type}: {value.count} used of {value.value}"
    if isinstance(value, RecordSet):
        return _record(value)
    if isinstance(value, RecordSetPage):
        more = _more(next_record_name=value.next_record_name, next_record_type=value.next_record_type)
        return _listing(value.record_sets, "record set", _record) + more
    if isinstance(value, Resolution):
        text = value.status.value + (f" from zone {value.zone}" if value.zone else "")
        if value.answers:
            text += ": " + "; ".join(_record(r) for r in value.answers)
        return text + "".join(f" — {note}" for note in value.notes)
    if isinstance(value, VpcAttribute):
        return f"{value.vpc_id}: {value.attribute} = {'true' if value.value else 'false'}"
    if isinstance(value, ResourceTagSet):
        tags = ", ".join(f"{k}={v}" for k, v in value.tags) or "no tags"
        return f"{value.resource_type} {value.resource_id}: {tags}"
    if isinstance(value, DnssecStatus):
        return f"DNSSEC {value.serve_signature}, {plural(len(value.key_signing_keys), 'key-signing key')}"
    if isinstance(value, Page):
        return _listing(value.items, "item", describe_result) + _more(next_token=value.next_token)
    if isinstance(value, Tagged):
        inner = describe_result(value.item)
        return inner + (f" [{', '.join(f'{k}={v}' for k, v in value.tags)}]" if value.tags else "")
    if isinstance(value, TagDescription):
        return f"{value.resource_type} {value.resource_id}: {value.key}={value.value}"
    if isinstance(value, DefaultResource):
        return f"default {value.kind} {value.id} of {value.vpc.id}"
    if isinstance(value, datetime):
        return f"the clock now reads {format_timestamp(value)}"
    if type(value) is tuple:
        return _listing(value, "item", describe_result)
    return None


def describe_result(value: object) -> str:
    """What an operation returned, as one line of readable text.

    >>> describe_result(("vpc-0123abcd", "vpc-0456cdef"))
    '2 items: vpc-0123abcd, vpc-0456cdef'
    >>> describe_result(3)
    '3'
    """
    try:
        text = _result(value)
    except Exception:  # a world built by hand may hold anything: fall back to the plain form
        text = None
    return describe(value) if text is None else text


def zone_line(world: World, trace: Trace) -> str | None:
    """The zone a request named, after it: ``zone … now has 2 VPCs: …`` (``still has``, if refused)."""
    zone_id = getattr(trace.request, "hosted_zone_id", None)
    if type(zone_id) is not str:
        return None
    zone = world.zones.get(zone_id.rsplit("/", 1)[-1])
    if zone is None:
        return f"zone {zone_id}: (none)"
    if not zone.private:
        return f"zone {zone.id} ({zone.name}) is public: no VPCs"
    verb = "now has" if trace.error is None else "still has"
    return f"zone {zone.id} ({zone.name}) {verb} {_vpcs(zone.vpcs)}"


# -- the trace --------------------------------------------------------------------------------


def render_trace(trace: Trace, confidences: Sequence[str], *, color: bool = False, width: int | None = None) -> str:
    """*trace* as text: the request, one line per rule, the outcome; wrapped to *width*.

    *confidences* are the labels of the steps' confidence, one per step, in order
    (``Trace.render`` makes them).  The reason column wraps under itself; when the
    width leaves it fewer than :data:`MIN_REASON` columns, reasons go on lines of their
    own below their rule (with the confidence, when even the columns do not fit).
    ``width=None`` (the library's default) wraps nothing.
    """
    from ._rules import Verdict

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    marks = {
        Verdict.PASSED: paint("PASS", "32"),
        Verdict.FAILED: paint("FAIL", "31;1"),
        Verdict.NOT_REACHED: paint("----", "2"),
    }
    lines = wrap(_members(trace.request), width, f"{trace.operation}: ", "    ")
    id_width = max((len(step.rule.id) for step in trace.steps), default=0)
    label_width = max((len(label) for label in confidences), default=0)
    indent = 2 + 4 + 1 + id_width + 1 + label_width + 1
    beside = not width or width - indent >= MIN_REASON
    for step, label in zip(trace.steps, confidences, strict=True):
        if beside:
            head = f"       {step.rule.id:<{id_width}} {label:<{label_width}} "
            reason = wrap(step.reason, width, head, " " * indent)
        elif width is None or indent - 1 <= width:
            head = f"       {step.rule.id:<{id_width}} {label}"
            reason = [head, *wrap(step.reason, width, " " * 9)]
        else:  # too narrow even for the columns: the confidence goes with the reason
            reason = [f"       {step.rule.id}", *wrap(f"{label} {step.reason}", width, " " * 9)]
        reason[0] = f"  {marks[step.verdict]}" + reason[0][6:]
        lines += reason
    if trace.error is None:
        lines += _painted(wrap(describe_result(trace.result), width, "  => OK: ", "     "), "  => ", "OK", paint, "32;1")
    else:
        error = trace.error
        first = f"  => {error.code} (HTTP {error.http_status}): "
        lines += _painted(wrap(error.message, width, first, "     "), "  => ", error.code, paint, "31;1")
    return "\n".join(lines)


def _painted(lines: list[str], prefix: str, word: str, paint: Any, code: str) -> list[str]:
    """*lines* with *word*, right after *prefix* on the first line, painted."""
    lines[0] = prefix + paint(word, code) + lines[0][len(prefix) + len(word) :]
    return lines


# -- the rule catalogue as data ---------------------------------------------------------------

#: Names the shape of ``route53-assoc rules --json``; it changes only if the shape does.
CATALOGUE_SCHEMA = "route53-assoc/rules/1"


def catalogue(ops: Sequence[Any]) -> dict[str, Any]:
    """The rule catalogue of *ops* as JSON-ready data (``route53-assoc rules --json``).

    ``{"schema": "route53-assoc/rules/1", "confidence": {level: meaning},
    "operations": [{"name", "aws_name", "aws_label", "service", "summary", "request",
    "rules": [{"position", "id", "statement", "confidence", "source",
    "errors": [{"code", "http_status"}], "outcomes": [{"outcome", "code",
    "code_confidence", "message_confidence", "note"}]}]}]}``: each rule's outcomes
    (``holds`` first, then each error, by branch) with the confidence of the code and
    of the message apart; a rule's ``confidence`` is that of its statement (its
    ``holds``).  ``aws_name`` is AWS's operation name
    (``null`` for the model's own operations, such as ``advance``); ``aws_label`` the
    catalogue's label (``"CreateVpc (EC2)"``, ``"(clock)"``); ``service`` is
    ``"route53"``, ``"ec2"`` or ``null``; ``position`` counts from 1, in checking order.

    >>> from route53_assoc import operation
    >>> data = catalogue([operation("get-change")])
    >>> data["schema"], [op["aws_name"] for op in data["operations"]]
    ('route53-assoc/rules/1', ['GetChange'])
    >>> data["operations"][0]["rules"][0]["id"], data["operations"][0]["rules"][0]["position"]
    ('get-change.input', 1)
    """
    from ._registry import aws_name
    from ._rules import Confidence

    def service(op: Any) -> str | None:
        if aws_name(op) is None:
            return None
        return "ec2" if op.aws_name.endswith("(EC2)") else "route53"

    return {
        "schema": CATALOGUE_SCHEMA,
        "confidence": {level.value: level.meaning for level in Confidence},
        "operations": [
            {
                "name": op.name,
                "aws_name": aws_name(op),
                "aws_label": op.aws_name,
                "service": service(op),
                "summary": op.summary,
                "request": op.request_type.__name__,
                "rules": [
                    {
                        "position": position,
                        "id": rule.id,
                        "statement": rule.statement,
                        "confidence": str(rule.confidence),
                        "source": rule.source,
                        "errors": [{"code": e.code, "http_status": e.http_status} for e in rule.errors],
                        "outcomes": [
                            {
                                "outcome": outcome.name,
                                "code": None if outcome.error is None else outcome.error.code,
                                "code_confidence": outcome.code.value,
                                "message_confidence": outcome.message.value,
                                "note": outcome.note,
                            }
                            for outcome in rule.outcomes
                        ],
                    }
                    for position, rule in enumerate(op.rules, 1)
                ],
            }
            for op in ops
        ],
    }


def markdown_section(page: str, name: str) -> str:
    """Operation *name*'s section (``## name — …`` to the next ``##``) of the catalogue page.

    >>> markdown_section("# T\\n\\n## a — A\\n\\nx\\n\\n## b — B\\n\\ny\\n", "a")
    '## a — A\\n\\nx\\n'
    """
    lines = page.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"## {name} — ")), None)
    if start is None:
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "".join(lines[start:end]).rstrip("\n") + "\n"

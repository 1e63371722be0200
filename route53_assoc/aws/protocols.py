"""AWS's wire protocols, server side: HTTP requests in, operation and parameters out; bodies back.

This is the inverse of botocore's ``serialize.py`` (which turns parameters into a
request) and ``parsers.py`` (which turns a response into a dict).  One class per
protocol — :class:`RestXml` (Route 53), :class:`Query` (STS) and :class:`Ec2` — each
walks botocore's *service model*: the shapes, their locations (``uri``,
``querystring``, ``header``, body), XML names, flattening and timestamp formats.
No operation is known by name here; an operation added to the backend's tables is
served without a line of protocol code.

Everything is sans-IO: :class:`HttpRequest` and :class:`HttpResponse` are plain
values, so the same code serves the WSGI application and the tests.

What each request needs from the model is worked out once per shape or operation
and kept: routes by method and path shape, input and output plans, and functions
compiled from the shapes — each structure's writer as generated source (its scalar
members written in line), and for XML bodies a regular expression that reads the
documents botocore writes (members in the model's order, plain character data), the
XML parser reading every other document.  A protocol made with ``fast=False`` keeps
the reference forms (closure writers, the parser only); ``tests/test_wire_fast.py``
compares the two.

>>> route53 = protocol("route53")
>>> request = HttpRequest("POST", "/2013-04-01/hostedzone/Z1/associatevpc", "", {},
...     b'<AssociateVPCWithHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
...     b'<VPC><VPCId>vpc-1</VPCId><VPCRegion>us-east-1</VPCRegion></VPC>'
...     b'</AssociateVPCWithHostedZoneRequest>')
>>> route53.parse(request)
('AssociateVPCWithHostedZone', {'HostedZoneId': 'Z1', 'VPC': {'VPCRegion': 'us-east-1', 'VPCId': 'vpc-1'}})
>>> print(route53.serialize("DeleteVPCAssociationAuthorization", 200, {}, "r-1").body.decode())
<?xml version="1.0" encoding="UTF-8"?>
<DeleteVPCAssociationAuthorizationResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"/>
"""

from __future__ import annotations

import base64
import contextlib
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Final, Protocol, TypeVar
from urllib.parse import parse_qsl, unquote
from xml.etree.ElementTree import Element, ParseError, fromstring
from xml.sax.saxutils import escape

import attrs
import botocore.session
from dateutil import parser as dateparser

from ..errors import InvalidInput, InvalidParameterValue, MissingParameter

__all__ = [
    "Ec2",
    "HttpRequest",
    "HttpResponse",
    "Query",
    "RestXml",
    "WireError",
    "WireProtocol",
    "protocol",
]


class AwsError(Protocol):
    """What an error needs to be served: AWS's code, message, HTTP status and fault."""

    @property
    def code(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def http_status(self) -> int: ...

    @property
    def fault(self) -> str: ...


class WireError(Exception):
    """An AWS error raised by the protocol or authentication layer, not by the model.

    Same attributes as :class:`~route53_assoc.errors.Route53Error`, so both are served
    alike; kept apart so that the model's error catalogue (``errors.ERRORS``) holds only
    what the rules raise.
    """

    def __init__(self, code: str, message: str, http_status: int = 400, fault: str = "Sender") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.fault = fault

    def __repr__(self) -> str:
        return f"WireError({self.code!r}, {self.message!r}, {self.http_status})"


@attrs.frozen
class HttpRequest:
    """One HTTP request: method, decoded path, raw query string, lower-case headers, body."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes


@attrs.frozen
class HttpResponse:
    """One HTTP response: status, headers, body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


_XML_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>\n'
_REASONS: Final = {
    200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
    403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    412: "Precondition Failed", 413: "Payload Too Large", 500: "Internal Server Error",
    501: "Not Implemented", 503: "Service Unavailable",
}


def reason(status: int) -> str:
    """The HTTP status line for *status* (``"404 Not Found"``)."""
    return f"{status} {_REASONS.get(status, 'Unknown')}"


@functools.cache
def _session() -> Any:
    return botocore.session.get_session()


@functools.cache
def service_model(service: str) -> Any:
    """botocore's service model for *service* (loaded once)."""
    return _session().get_service_model(service)


# -- values ---------------------------------------------------------------------


def _timestamp_text(value: Any, fmt: str) -> str:
    if fmt == "iso8601" and type(value) is datetime and value.tzinfo is not None:
        value = value.astimezone(UTC)
        if value.year >= 1000:  # strftime's own text, without its cost (%-formatting: cheaper than format specs)
            return "%d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (  # noqa: UP031
                value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond // 1000
            )
    if isinstance(value, str):
        value = dateparser.isoparse(value)
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if fmt == "unixTimestamp":
        return str(value.timestamp())
    if fmt == "rfc822":
        return str(value.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    return str(value.strftime("%Y-%m-%dT%H:%M:%S.")) + f"{value.microsecond // 1000:03d}Z"


def _scalar_text(shape: Any, value: Any, default_timestamp: str = "iso8601") -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        return _timestamp_text(value, shape.serialization.get("timestampFormat", default_timestamp))
    if kind == "blob":
        raw = value.encode() if isinstance(value, str) else bytes(value)
        return base64.b64encode(raw).decode()
    return str(value)


def _scalar_value(shape: Any, text: str, where: str, bad: Callable[[str], Exception]) -> Any:
    """*text* as a value of *shape*'s type, or *bad*'s error naming the member."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
        if kind == "boolean":
            lowered = text.strip().lower()
            if lowered not in ("true", "false"):
                raise ValueError(text)
            return lowered == "true"
        if kind == "timestamp":
            stamp = text.strip()
            if re.fullmatch(r"\d+(\.\d+)?", stamp):
                return datetime.fromtimestamp(float(stamp), UTC)
            return dateparser.isoparse(stamp)
        if kind == "blob":
            return base64.b64decode(text, validate=True)
    except (ValueError, OverflowError):
        raise bad(f"Value '{text}' at '{where}' failed to satisfy constraint: Member must be of type {kind}") from None
    return text


def _missing(shape: Any, params: Mapping[str, Any]) -> list[str]:
    return [name for name in shape.required_members if params.get(name) is None]


# -- shapes, read once ---------------------------------------------------------------

#: A structure's members as (name, shape, wire name, location, flattened, type), by shape.
_PLANS: dict[int, tuple[tuple[str, Any, str, str | None, bool, str], ...]] = {}


def _plan(shape: Any) -> tuple[tuple[str, Any, str, str | None, bool, str], ...]:
    """*shape*'s members with what the walks need, computed once per shape."""
    plan = _PLANS.get(id(shape))
    if plan is None:
        plan = _PLANS[id(shape)] = tuple(
            (
                name,
                member,
                member.serialization.get("name", name),
                member.serialization.get("location"),
                bool(member.serialization.get("flattened")),
                member.type_name,
            )
            for name, member in shape.members.items()
        )
    return plan


F = TypeVar("F", bound=Callable[..., Any])
#: Functions compiled from the service models (XML writers and readers, checks), by shape and use.
_COMPILED: dict[tuple[Any, ...], Callable[..., Any]] = {}
#: Whether what is compiled now uses the fast forms (generated writers, the XML reader by
#: pattern); the plain forms are their reference, kept for the tests that compare the two.
#: Set only while a protocol builds a plan (:func:`_mode`); served protocols are all fast.
_FAST: list[bool] = [True]


@contextlib.contextmanager
def _mode(fast: bool) -> Iterator[None]:
    """Compile in the fast (the default) or the reference form while the block runs."""
    before, _FAST[0] = _FAST[0], fast
    try:
        yield
    finally:
        _FAST[0] = before


#: Held while a function is compiled: a thread asking for one being built waits for it.
_COMPILING: Final = threading.RLock()
#: Stand-ins for the functions being built, seen only by the thread building them.
_BUILDING: dict[tuple[Any, ...], Callable[..., Any]] = {}


def _compiled(key: tuple[Any, ...], build: Callable[[], F]) -> F:
    """The function *build* makes for *key*, made once; a shape that contains itself gets its own."""
    key = (_FAST[0], *key)
    found = _COMPILED.get(key)
    if found is None:
        with _COMPILING:
            found = _COMPILED.get(key) or _BUILDING.get(key)
            if found is None:
                # A recursive shape meets this stand-in while it is built; it calls the finished function.
                _BUILDING[key] = lambda *args: _COMPILED[key](*args)
                try:
                    found = _COMPILED[key] = build()
                finally:
                    del _BUILDING[key]
    return found  # type: ignore[return-value]


# -- XML out ----------------------------------------------------------------------
#
# Each shape is compiled once into a function from a value to its XML text (the
# inverse of botocore's XML parsers): no walk of the model per response.


def _xml_name(member_name: str, member: Any) -> str:
    name: str = member.serialization.get("name", member_name)
    return name


def _writer(shape: Any, name: str) -> Callable[[Any], str]:
    """The function writing a value of *shape* as the element *name*."""
    return _compiled(("write", id(shape), name), lambda: _build_writer(shape, name))


def _build_writer(shape: Any, name: str) -> Callable[[Any], str]:
    kind = shape.type_name
    opening, closing, empty = f"<{name}>", f"</{name}>", f"<{name}/>"
    if kind == "structure":
        inner = _inner_writer(shape)
        return lambda value: f"{opening}{text}{closing}" if (text := inner(value)) else empty
    if kind == "list":
        item = _writer(shape.member, shape.member.serialization.get("name", "member"))
        return lambda value: f"{opening}{text}{closing}" if (text := "".join(map(item, value))) else empty
    if kind == "map":
        entries = _entries_writer(shape, "entry")
        return lambda value: f"{opening}{entries(value)}{closing}"
    if kind == "string":
        return lambda value: f"{opening}{escape(str(value))}{closing}"
    return lambda value: f"{opening}{escape(_scalar_text(shape, value))}{closing}"


def _entries_writer(shape: Any, entry: str) -> Callable[[Mapping[str, Any]], str]:
    key = _writer(shape.key, shape.key.serialization.get("name", "key"))
    item = _writer(shape.value, shape.value.serialization.get("name", "value"))
    return lambda value: "".join(f"<{entry}>{key(k)}{item(v)}</{entry}>" for k, v in value.items())


def _member_writer(member_name: str, member: Any) -> Callable[[Any], str]:
    """A structure's member; flattened lists and maps repeat in place, unwrapped."""
    flattened = member.serialization.get("flattened")
    if member.type_name == "list" and flattened:
        item = _writer(member.member, member.member.serialization.get("name", _xml_name(member_name, member)))
        return lambda value: "".join(map(item, value))
    if member.type_name == "map" and flattened:
        return _entries_writer(member, _xml_name(member_name, member))
    return _writer(member, _xml_name(member_name, member))


def _inner_writer(shape: Any) -> Callable[[Mapping[str, Any]], str]:
    """The function writing a structure's members (those in the body), without its own element."""

    def build() -> Callable[[Mapping[str, Any]], str]:
        if _FAST[0]:
            return _generated_inner(shape)
        members = tuple(
            (member_name, _member_writer(member_name, member))
            for member_name, member, _, location, _, _ in _plan(shape)
            if not location
        )
        return lambda value: "".join(
            [write(item) for member_name, write in members if (item := value.get(member_name)) is not None]
        )

    return _compiled(("inner", id(shape)), build)


def _generated_inner(shape: Any) -> Callable[[Mapping[str, Any]], str]:
    """:func:`_inner_writer`'s function as generated source: one function per structure, its
    scalar members written in line (text escaped only when it holds ``&``, ``<`` or ``>``),
    the others through their compiled writers."""
    namespace: dict[str, Any] = {"escape": escape, "_timestamp_text": _timestamp_text, "_scalar_text": _scalar_text}
    lines = ["def write(value):", "    get = value.get", "    out = ''"]
    for index, (member_name, member, name, location, _, kind) in enumerate(_plan(shape)):
        if location:
            continue
        lines += [f"    v = get({member_name!r})", "    if v is not None:"]
        opening, closing = f"<{name}>", f"</{name}>"
        if kind in ("structure", "list", "map"):
            namespace[f"w{index}"] = _member_writer(member_name, member)
            lines.append(f"        out += w{index}(v)")
            continue
        if kind == "boolean":
            lines.append(f"        out += {opening + 'true' + closing!r} if v else {opening + 'false' + closing!r}")
            continue
        if kind == "timestamp":
            fmt = member.serialization.get("timestampFormat", "iso8601")
            lines.append(f"        t = _timestamp_text(v, {fmt!r})")
        elif kind == "blob":
            namespace[f"s{index}"] = member
            lines.append(f"        t = _scalar_text(s{index}, v)")
        else:  # strings, numbers: str(value), as _scalar_text writes them
            lines.append("        t = v if type(v) is str else str(v)")
        lines += [
            "        if '&' in t or '<' in t or '>' in t:",
            "            t = escape(t)",
            f"        out += {opening!r} + t + {closing!r}",
        ]
    lines.append("    return out")
    exec("\n".join(lines), namespace)  # the source is made above from the service model's names
    write: Callable[[Mapping[str, Any]], str] = namespace["write"]
    return write


def _no_members(body: Mapping[str, Any]) -> str:
    return ""


# -- XML in -----------------------------------------------------------------------
#
# Likewise each input shape is compiled once into a function from an element to
# botocore's input value; *where* (the member path in error messages) is fixed per use.

Bad = Callable[[str], Exception]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for child in element:
        found.setdefault(_local(child.tag), []).append(child)
    return found


def _reader(shape: Any, where: str, bad: Bad) -> Callable[[Element], Any]:
    """The function reading an element as a value of *shape*."""
    return _compiled(("read", id(shape), where, bad), lambda: _build_reader(shape, where, bad))


def _build_reader(shape: Any, where: str, bad: Bad) -> Callable[[Element], Any]:
    kind = shape.type_name
    if kind == "structure":
        return _members_reader(shape, where, bad)
    if kind == "list":
        item = _reader(shape.member, f"{where}.member", bad)
        return lambda element: [item(child) for child in element]
    if kind == "map":
        entries = _entries_reader(shape, where, bad)
        return lambda element: entries(list(element))
    if kind == "string":
        return lambda element: element.text or ""
    return lambda element: _scalar_value(shape, element.text or "", where, bad)


def _entries_reader(shape: Any, where: str, bad: Bad) -> Callable[[Iterable[Element]], dict[Any, Any]]:
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    read_key, read_value = _reader(shape.key, where, bad), _reader(shape.value, where, bad)

    def read(entries: Iterable[Element]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for entry in entries:
            parts = _children(entry)
            if key_name in parts and value_name in parts:
                result[read_key(parts[key_name][0])] = read_value(parts[value_name][0])
        return result

    return read


def _members_reader(shape: Any, where: str, bad: Bad) -> Callable[[Element], dict[str, Any]]:
    """A structure's members from an element's children (flattened lists and maps in place)."""
    members: list[tuple[str, str, Callable[[list[Element]], Any]]] = []
    for member_name, member, name, location, flattened, kind in _plan(shape):
        if location:
            continue
        if kind == "list" and flattened:
            item = _reader(member.member, f"{where}.{member_name}", bad)
            members.append((member_name, member.member.serialization.get("name", name), _every(item)))
        elif kind == "map" and flattened:
            members.append((member_name, name, _entries_reader(member, where, bad)))
        else:
            members.append((member_name, name, _first(_reader(member, f"{where}.{member_name}", bad))))

    def read(element: Element) -> dict[str, Any]:
        children = _children(element)
        return {
            member_name: read_found(found)
            for member_name, name, read_found in members
            if (found := children.get(name)) is not None
        }

    return read


def _every(item: Callable[[Element], Any]) -> Callable[[list[Element]], list[Any]]:
    return lambda found: [item(child) for child in found]


def _first(item: Callable[[Element], Any]) -> Callable[[list[Element]], Any]:
    return lambda found: item(found[0])


def _complete(shape: Any) -> Callable[[Mapping[str, Any]], bool]:
    """Whether parameters hold every required member, nested ones included (:func:`_problems`' quick yes)."""

    def build() -> Callable[[Mapping[str, Any]], bool]:
        required = tuple(shape.required_members)
        nested = tuple((name, _complete(member)) for name, member, *_, kind in _plan(shape) if kind == "structure")

        def complete(params: Mapping[str, Any]) -> bool:
            for name in required:
                if params.get(name) is None:
                    return False
            for name, check in nested:
                value = params.get(name)
                if isinstance(value, Mapping) and not check(value):
                    return False
            return True

        return complete

    return _compiled(("complete", id(shape)), build)


#: Character data the pattern reader takes as is: no markup, no reference, no carriage return
#: (which XML normalises) and only characters XML allows; anything else goes to the parser.
_PLAIN_TEXT: Final = r"([^<>&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*)"
_DECLARATION: Final = r'(?:<\?xml version="1\.0" encoding="UTF-8"\?>\n?)?'
#: A structure's members for the pattern reader: (name, group, convert or None, nested members or None).
_Fields = tuple[tuple[str, int, Callable[[str], Any] | None, "_Fields | None"], ...]


def _pattern_reader(shape: Any, root: str, namespace: str, where: str, bad: Bad) -> Callable[[bytes], Any] | None:
    """A reader of the documents botocore writes for *shape* (root element *root*): one regular
    expression, members in the model's order, each at most once, no attributes but the service's
    namespace, plain character data.  It answers ``None`` for any other document, which then
    goes to the XML parser; what it accepts is well formed and reads as the parser's reader
    (:func:`_members_reader`) would read it.  ``None`` for shapes with lists or maps.
    """
    groups = [0]

    def members(shape: Any, where: str, depth: int) -> tuple[str, _Fields] | None:
        pieces: list[str] = []
        fields: list[tuple[str, int, Callable[[str], Any] | None, _Fields | None]] = []
        names = [name for _, _, name, location, _, _ in _plan(shape) if not location]
        if depth > 4 or len(set(names)) != len(names):
            return None
        for member_name, member, name, location, _, kind in _plan(shape):
            if location:
                continue
            groups[0] += 1
            group = groups[0]
            here = f"{where}.{member_name}"
            if kind == "structure":
                nested = members(member, here, depth + 1)
                if nested is None:
                    return None
                pieces.append(f"(<{re.escape(name)}>{nested[0]}</{re.escape(name)}>)?")
                fields.append((member_name, group, None, nested[1]))
            elif kind in ("list", "map"):
                return None
            else:
                pieces.append(f"(?:<{re.escape(name)}>{_PLAIN_TEXT}</{re.escape(name)}>)?")
                convert = None if kind == "string" else functools.partial(_convert, member, here, bad)
                fields.append((member_name, group, convert, None))
        return "".join(pieces), tuple(fields)

    found = members(shape, where, 0)
    if found is None:
        return None
    opening = f'<{re.escape(root)}(?: xmlns="{re.escape(namespace)}")?>'
    pattern = re.compile(f"{_DECLARATION}{opening}{found[0]}</{re.escape(root)}>")
    fields = found[1]

    def read(body: bytes) -> Any:
        try:
            match = pattern.fullmatch(body.decode("utf-8"))
        except UnicodeDecodeError:
            return None
        return None if match is None else _built(match.groups(), fields)

    return read


def _convert(shape: Any, where: str, bad: Bad, text: str) -> Any:
    return _scalar_value(shape, text, where, bad)


def _built(groups: tuple[str | None, ...], fields: _Fields) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for member_name, group, convert, nested in fields:
        text = groups[group - 1]
        if text is not None:
            if nested is not None:
                value[member_name] = _built(groups, nested)
            else:
                value[member_name] = text if convert is None else convert(text)
    return value


_DTD: Final = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parse_xml(body: bytes, bad: Callable[[str], Exception]) -> Element:
    """*body* as XML, refusing any document type declaration.

    Entity expansion (the "billion laughs") and external entities both need a DTD
    to declare the entities; a body that is UTF-8 and holds no ``<!DOCTYPE`` has
    none, so the C parser can be used as is and expands nothing but XML's five
    predefined entities.  (AWS's request bodies are UTF-8; others are refused.)
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise bad("The request body is not UTF-8") from None
    if _DTD.search(text):
        raise bad("Document type declarations and entities are not allowed in a request body")
    try:
        root: Element = fromstring(text)
    except ParseError as exc:
        raise bad(f"The XML document is not well formed: {exc}") from None
    return root


# -- the protocols -----------------------------------------------------------------


class WireProtocol:
    """What the server asks of a protocol: parse a request, serialise a body or an error."""

    service: str

    def __init__(self, service: str, *, fast: bool = True) -> None:
        self.service = service
        self.model = service_model(service)
        #: Whether this protocol's plans use the compiled fast forms (``False``: the reference forms).
        self.fast = fast

    def parse(self, request: HttpRequest) -> tuple[str, dict[str, Any]]:
        """The operation's name and its parameters, shaped as botocore's input."""
        raise NotImplementedError

    def serialize(self, operation: str, status: int, body: Mapping[str, Any], request_id: str) -> HttpResponse:
        """The HTTP response for a successful answer."""
        raise NotImplementedError

    def error(self, error: AwsError, request_id: str) -> HttpResponse:
        """The HTTP response for an AWS error, in this protocol's envelope."""
        raise NotImplementedError

    def _xml(self, status: int, document: str, request_id: str, **headers: str) -> HttpResponse:
        return HttpResponse(
            status,
            [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id), *headers.items()],
            (_XML_DECLARATION + document).encode(),
        )


@attrs.frozen
class _Route:
    operation: str
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    fixed_query: tuple[tuple[str, str], ...]
    weight: int
    segments: int
    last: str


def _route(operation: Any) -> _Route:
    """A regular expression for the operation's ``requestUri`` template."""
    uri: str = operation.http["requestUri"]
    path, _, query = uri.partition("?")
    pattern, labels, literal = "", [], 0
    for piece in re.split(r"(\{[^}]+\})", path.rstrip("/")):
        if piece.startswith("{"):
            label = piece[1:-1]
            greedy = label.endswith("+")
            labels.append(label.rstrip("+"))
            pattern += "(.+)" if greedy else "([^/]+)"
        else:
            pattern += re.escape(piece)
            literal += len(piece)
    fixed = tuple((k, v) for k, v in parse_qsl(query, keep_blank_values=True))
    return _Route(
        operation.name,
        operation.http["method"],
        re.compile(pattern + "/?"),
        tuple(labels),
        fixed,
        literal,
        path.rstrip("/").count("/"),
        "" if path.rstrip("/").endswith("}") else path.rstrip("/").rsplit("/", 1)[-1],
    )


@attrs.frozen
class _Input:
    """An operation's input, for :meth:`RestXml.parse`: its located members, its body's root and reader."""

    shape: Any
    located: tuple[tuple[str, Any, str, str, str], ...]  # (name, shape, wire name, location, type)
    payload: str | None
    payload_kind: str | None
    root: str
    read: Callable[[Element], Any]
    has_body: bool
    body_required: bool
    complete: Callable[[Mapping[str, Any]], bool]
    fast: Callable[[bytes], Any] | None = None  # the pattern reader of the body, when there is one


@attrs.frozen
class _Output:
    """An operation's output, for :meth:`RestXml.serialize`: header members, the body's writer."""

    headers: tuple[tuple[str, str, Any], ...]  # (name, header, shape)
    payload: str | None
    write: Callable[[Any], str]
    opening: str
    closing: str


class RestXml(WireProtocol):
    """Route 53's REST-XML: routed by method and ``requestUri``; XML bodies in and out."""

    def __init__(self, service: str, *, fast: bool = True) -> None:
        super().__init__(service, fast=fast)
        routes = [_route(self.model.operation_model(name)) for name in self.model.operation_names]
        self.routes = sorted(routes, key=lambda r: (-len(r.fixed_query), -r.weight))
        # An index by method and segment count; routes with greedy labels are tried for every path.
        self._index: dict[tuple[Any, ...], list[_Route]] = {}
        for route in self.routes:
            key = (route.method, -1 if "(.+)" in route.pattern.pattern else route.segments)
            self._index.setdefault(key, []).append(route)
            if key[1] >= 0 and route.last:
                self._index.setdefault((*key, route.last), []).append(route)
        self.namespace: str = next(
            (
                shape.serialization["xmlNamespace"]["uri"]
                for shape in (self.model.operation_model(n).input_shape for n in self.model.operation_names)
                if shape is not None and "xmlNamespace" in shape.serialization
            ),
            "",
        )
        self._inputs: dict[str, _Input] = {}
        self._outputs: dict[str, _Output] = {}
        self._candidates: dict[tuple[Any, ...], tuple[_Route, ...]] = {}

    @staticmethod
    def bad(message: str) -> Exception:
        return InvalidInput(message)

    def _match(self, request: HttpRequest) -> tuple[_Route, re.Match[str]]:
        path = request.path.rstrip("/")
        segments = path.count("/")
        method = request.method
        key = (method, segments, path[path.rfind("/") + 1 :])
        candidates = self._candidates.get(key)
        if candidates is None:
            candidates = self._candidates_of(key)
        query: dict[str, str] | None = None
        for route in candidates:
            match = route.pattern.fullmatch(request.path)
            if match is None:
                continue
            if route.fixed_query:
                if query is None:
                    query = dict(parse_qsl(request.query, keep_blank_values=True)) if request.query else {}
                if not all(query.get(k) == v for k, v in route.fixed_query):
                    continue
            return route, match
        raise WireError(
            "UnknownOperationException",
            f"No operation is served at {request.method} {request.path}",
            404,
        )

    def _candidates_of(self, key: tuple[str, int, str]) -> tuple[_Route, ...]:
        """The routes to try for (method, segments, last segment), in order; kept only under
        keys the index has (so the cache never holds more keys than the index)."""
        method, segments, _ = key
        if key not in self._index:
            found = self._candidates.get((method, segments))
            if found is not None:
                return found
        candidates = (
            *self._index.get(key, ()),
            *self._index.get((method, segments), ()),
            *self._index.get((method, -1), ()),
        )
        if key in self._index:
            self._candidates[key] = candidates
        elif (method, segments) in self._index:
            self._candidates[(method, segments)] = candidates
        return candidates

    def parse(self, request: HttpRequest) -> tuple[str, dict[str, Any]]:
        route, match = self._match(request)
        plan = self._inputs.get(route.operation) or self._input(route.operation)
        shape = plan.shape
        params: dict[str, Any] = {}
        if shape is None:
            return route.operation, params
        if plan.located:
            labels = dict(zip(route.labels, map(unquote, match.groups()), strict=True))
            query = _multi(parse_qsl(request.query, keep_blank_values=True)) if request.query else {}
            for name, member, wire, location, kind in plan.located:
                if location == "uri" and wire in labels:
                    text = labels[wire]
                    params[name] = text if kind == "string" else _scalar_value(member, text, name, self.bad)
                elif location == "querystring" and kind == "list" and wire in query:
                    params[name] = [_scalar_value(member.member, v, name, self.bad) for v in query[wire]]
                elif location == "querystring" and kind == "map":
                    params[name] = {k: v[-1] for k, v in query.items()}
                elif location == "querystring" and wire in query:
                    params[name] = _scalar_value(member, query[wire][-1], name, self.bad)
                elif location == "header" and wire.lower() in request.headers:
                    params[name] = _scalar_value(member, request.headers[wire.lower()], name, self.bad)
        if plan.payload is not None:
            if plan.payload_kind in ("blob", "string"):
                params[plan.payload] = request.body if plan.payload_kind == "blob" else request.body.decode()
            elif (read := self._body(plan, request.body, route.operation)) is not None:
                params[plan.payload] = read
        elif plan.has_body:
            if (read := self._body(plan, request.body, route.operation)) is not None:
                params.update(read)
            elif plan.body_required:
                raise WireError("MalformedInput", f"{route.operation} is not valid, expected {plan.root}")
        if not plan.complete(params):
            problems = _problems(shape, params, "")
            noun = "validation error" if len(problems) == 1 else "validation errors"
            raise InvalidInput(f"{len(problems)} {noun} detected: " + "; ".join(problems))
        return route.operation, params

    def _input(self, operation: str) -> _Input:
        """What parsing *operation*'s requests needs from its input shape, worked out once."""
        with _mode(self.fast):
            return self._input_planned(operation)

    def _input_planned(self, operation: str) -> _Input:
        shape = self.model.operation_model(operation).input_shape
        if shape is None:
            plan = _Input(None, (), None, None, "", lambda element: None, False, False, lambda params: True)
        else:
            payload = shape.serialization.get("payload")
            located = tuple((n, m, w, loc, k) for n, m, w, loc, _, k in _plan(shape) if loc is not None)
            fast = None
            if payload is not None:
                member = shape.members[payload]
                root = _xml_name(payload, member)
                read = _reader(member, payload, self.bad)
                if self.fast and member.type_name == "structure":
                    fast = _pattern_reader(member, root, self.namespace, payload, self.bad)
            else:
                member, root = None, shape.serialization.get("name", shape.name)
                read = _members_reader(shape, "", self.bad)
                if self.fast:
                    fast = _pattern_reader(shape, root, self.namespace, "", self.bad)
            plan = _Input(
                shape,
                located,
                payload,
                None if member is None else member.type_name,
                root,
                read,
                any(loc is None for *_, loc, _, _ in _plan(shape)),
                any(not shape.members[n].serialization.get("location") for n in shape.required_members),
                _complete(shape),
                fast,
            )
        self._inputs[operation] = plan
        return plan

    def _body(self, plan: _Input, body: bytes, operation: str) -> Any:
        """The XML body read as *plan* says (the pattern reader first, then the parser); ``None`` when blank."""
        if plan.fast is not None and body and (read := plan.fast(body)) is not None:
            return read
        if body.strip():
            return plan.read(self._root(body, plan.root, operation))
        return None

    def _root(self, body: bytes, expected: str, operation: str) -> Element:
        def malformed(message: str) -> Exception:
            return WireError("MalformedInput", message)

        root = _parse_xml(body, malformed)
        if _local(root.tag) != expected:
            raise WireError("MalformedInput", f"{operation} is not valid, expected {expected}")
        return root

    def serialize(self, operation: str, status: int, body: Mapping[str, Any], request_id: str) -> HttpResponse:
        plan = self._outputs.get(operation) or self._output(operation)
        headers = {
            header: _scalar_text(member, body[name], "rfc822")
            for name, header, member in plan.headers
            if body.get(name) is not None
        }
        if plan.payload is not None:
            value = body.get(plan.payload)
            document = "" if value is None else plan.write(value).replace(">", f' xmlns="{self.namespace}">', 1)
        else:
            inner = plan.write(body)
            document = f"{plan.opening}>{inner}{plan.closing}" if inner else f"{plan.opening}/>"
        return self._xml(status, document, request_id, **headers)

    def _output(self, operation: str) -> _Output:
        """What serialising *operation*'s answers needs from its output shape, worked out once."""
        with _mode(self.fast):
            return self._output_planned(operation)

    def _output_planned(self, operation: str) -> _Output:
        shape = self.model.operation_model(operation).output_shape
        root = f"{operation}Response"
        payload = None if shape is None else shape.serialization.get("payload")
        if payload is not None:
            member = shape.members[payload]
            write = _writer(member, _xml_name(payload, member))
        else:
            write = _no_members if shape is None else _inner_writer(shape)
        plan = _Output(
            tuple(
                (name, _xml_name(name, member), member)
                for name, member in ({} if shape is None else shape.members).items()
                if member.serialization.get("location") == "header"
            ),
            payload,
            write,
            f'<{root} xmlns="{self.namespace}"',
            f"</{root}>",
        )
        self._outputs[operation] = plan
        return plan

    def error(self, error: AwsError, request_id: str) -> HttpResponse:
        document = (
            f'<ErrorResponse xmlns="{self.namespace}"><Error><Type>{escape(error.fault)}</Type>'
            f"<Code>{escape(error.code)}</Code><Message>{escape(error.message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return self._xml(error.http_status, document, request_id)


def _problems(shape: Any, params: Mapping[str, Any], where: str) -> list[str]:
    """Every required member that is missing, nested ones included, in AWS's validation wording."""
    problems = []
    for name in _missing(shape, params):
        wire = _xml_name(name, shape.members[name])
        path = f"{where}.{wire}" if where else wire[:1].lower() + wire[1:]
        problems.append(f"Value null at '{path}' failed to satisfy constraint: Member must not be null")
    for name, member, _, _, _, kind in _plan(shape):
        value = params.get(name)
        if kind == "structure" and isinstance(value, Mapping):
            problems += _problems(member, value, f"{where}.{name}" if where else name[:1].lower() + name[1:])
    return problems


def _multi(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


# -- query and ec2 -------------------------------------------------------------------


def _tree(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """``a.1.b=x`` pairs as nested dicts; a node's own value sits under ``""``."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        node = root
        for part in key.split("."):
            node = node.setdefault(part, {})
        node[""] = value
    return root


class Query(WireProtocol):
    """The query protocol (STS): a form of ``Action``, ``Version`` and dotted members."""

    flattened_lists: ClassVar[bool] = False

    def __init__(self, service: str, *, fast: bool = True) -> None:
        super().__init__(service, fast=fast)
        self.namespace: str = self.model.metadata.get("xmlNamespace", "")
        self.version: str = self.model.api_version
        self._keys: dict[int, dict[str, tuple[str, Any]]] = {}
        self._writers: dict[str, tuple[Callable[[Mapping[str, Any]], str] | None, str, str]] = {}

    def bad(self, message: str) -> Exception:
        return WireError("InvalidParameterValue", message)

    def missing(self, name: str) -> Exception:
        return WireError("MissingParameter", f"The request must contain the parameter {name}")

    def key(self, name: str, member: Any) -> str:
        return _xml_name(name, member)

    def form(self, request: HttpRequest) -> list[tuple[str, str]]:
        """The request's parameters: the query string, then a form body."""
        pairs = parse_qsl(request.query, keep_blank_values=True)
        if request.body:
            try:
                pairs += parse_qsl(request.body.decode(), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise self.bad("The request body is not a UTF-8 form") from None
        return pairs

    def parse(self, request: HttpRequest) -> tuple[str, dict[str, Any]]:
        pairs = self.form(request)
        values = dict(pairs)
        action = values.get("Action")
        if not action:
            raise self.missing("Action")
        if action not in self.model.operation_names:
            raise WireError("InvalidAction", f"The action {action} is not valid for this web service.")
        shape = self.model.operation_model(action).input_shape
        if shape is None:
            return action, {}
        params = self._members(_tree(pairs), shape, "")
        return action, params

    def _members(self, node: Mapping[str, Any], shape: Any, where: str) -> dict[str, Any]:
        # In the order the members came on the wire: botocore sends a query form in the
        # order the caller gave the parameters, and the backend sees them in that order.
        by_key = self._keys.get(id(shape))
        if by_key is None:
            by_key = self._keys[id(shape)] = {self.key(n, m): (n, m) for n, m in shape.members.items()}
        params: dict[str, Any] = {}
        for key, child in node.items():
            if key in by_key:
                name, member = by_key[key]
                params[name] = self._value(child, member, f"{where}{key}")
        for name in _missing(shape, params):
            raise self.missing(f"{where}{self.key(name, shape.members[name])}")
        return params

    def _value(self, node: Mapping[str, Any], shape: Any, where: str) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self._members(node, shape, f"{where}.")
        if kind == "list":
            flattened = self.flattened_lists or shape.serialization.get("flattened")
            items = node if flattened else node.get("member", {})
            indices = sorted(int(k) for k in items if k.isdigit())
            return [self._value(items[str(i)], shape.member, f"{where}.{i}") for i in indices]
        if kind == "map":
            entries = node if shape.serialization.get("flattened") else node.get("entry", {})
            key_name = shape.key.serialization.get("name", "key")
            value_name = shape.value.serialization.get("name", "value")
            result: dict[str, Any] = {}
            for index in sorted((k for k in entries if k.isdigit()), key=int):
                entry = entries[index]
                if key_name in entry and value_name in entry:
                    key = self._value(entry[key_name], shape.key, where)
                    result[key] = self._value(entry[value_name], shape.value, where)
            return result
        return _scalar_value(shape, node.get("", ""), where, self.bad)

    def _writer(self, operation: str) -> tuple[Callable[[Mapping[str, Any]], str] | None, str, str]:
        """*operation*'s output writer (its members, no element of its own; ``None`` without an
        output shape), result wrapper and opening tag, worked out once."""
        found = self._writers.get(operation)
        if found is None:
            shape = self.model.operation_model(operation).output_shape
            with _mode(self.fast):
                write = None if shape is None else _inner_writer(shape)
            wrapper = shape.serialization.get("resultWrapper") if shape else None
            found = self._writers[operation] = (write, wrapper or "", f'<{operation}Response xmlns="{self.namespace}">')
        return found

    def serialize(self, operation: str, status: int, body: Mapping[str, Any], request_id: str) -> HttpResponse:
        write, wrapper, opening = self._writer(operation)
        inner = "" if write is None else write(body)
        if wrapper:
            inner = f"<{wrapper}>{inner}</{wrapper}>" if inner else f"<{wrapper}/>"
        document = (
            f"{opening}{inner}"
            f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{operation}Response>"
        )
        return self._xml(status, document, request_id)

    def error(self, error: AwsError, request_id: str) -> HttpResponse:
        document = (
            f'<ErrorResponse xmlns="{self.namespace}"><Error><Type>{escape(error.fault)}</Type>'
            f"<Code>{escape(error.code)}</Code><Message>{escape(error.message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return self._xml(error.http_status, document, request_id)


class Ec2(Query):
    """EC2's query dialect: numbered lists without ``member``, ``queryName``, lower-camel output."""

    flattened_lists = True

    def __init__(self, service: str, *, fast: bool = True) -> None:
        super().__init__(service, fast=fast)
        self.namespace = self.namespace.rstrip("/") + "/"

    def bad(self, message: str) -> Exception:
        return InvalidParameterValue(message)

    def missing(self, name: str) -> Exception:
        return MissingParameter(f"The request must contain the parameter {name}")

    def key(self, name: str, member: Any) -> str:
        """botocore's EC2 rule: ``queryName``, else ``locationName`` capitalised, else the name."""
        serialization = member.serialization
        if "queryName" in serialization:
            return str(serialization["queryName"])
        if "name" in serialization:
            wire: str = serialization["name"]
            return wire[:1].upper() + wire[1:]
        return name

    def serialize(self, operation: str, status: int, body: Mapping[str, Any], request_id: str) -> HttpResponse:
        write, _, opening = self._writer(operation)
        inner = "<return>true</return>" if write is None else write(body)
        document = f"{opening}<requestId>{request_id}</requestId>{inner}</{operation}Response>"
        return self._xml(status, document, request_id)

    def error(self, error: AwsError, request_id: str) -> HttpResponse:
        document = (
            f"<Response><Errors><Error><Code>{escape(error.code)}</Code><Message>{escape(error.message)}"
            f"</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>"
        )
        return self._xml(error.http_status, document, request_id)


_CLASSES: Final[dict[str, type[WireProtocol]]] = {"rest-xml": RestXml, "query": Query, "ec2": Ec2}


@functools.cache
def protocol(service: str) -> WireProtocol:
    """The protocol object for *service*, chosen by its model's ``protocol``."""
    model = service_model(service)
    return _CLASSES[model.protocol](service)

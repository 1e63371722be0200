"""The server's fast request path answers exactly as the reference path does.

The fast path is four things, each checked here against the code it stands in for
(never against strings taken from its own output):

- WSGI headers read from the environ by name (:class:`~route53_assoc.server._EnvironHeaders`)
  against the mapping the WSGI convention defines (every ``HTTP_*`` key, then
  ``CONTENT_TYPE`` and ``CONTENT_LENGTH``);
- the ``Authorization`` header read once for the service and the caller, against
  :func:`~route53_assoc.aws.identity.scope_service` and a second reading;
- output writers generated as source, against the closure writers they replace
  (``fast=False`` protocols keep them), for bodies drawn from every output shape;
- the XML pattern reader, against the XML parser's reader, for bodies botocore's own
  serializer writes from parameters drawn from every input shape, and for those bodies
  bent (whitespace, references, comments, reordering, other namespaces, bad characters).

Then whole requests of every operation of the three services go through
``Server.__call__`` with the fast protocols and through ``Server.handle`` with the
reference protocols and a plain header dict, and every response must be the same bytes.
"""

from __future__ import annotations

import io
import itertools
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from botocore.serialize import create_serializer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import route53_assoc.server as server_module
from route53_assoc.aws import operations
from route53_assoc.aws.identity import Credential, Identity, scope_service, usual_authorization
from route53_assoc.aws.protocols import (
    _CLASSES,
    HttpRequest,
    WireError,
    WireProtocol,
    protocol,
    reason,
    service_model,
)
from route53_assoc.errors import Route53Error
from route53_assoc.server import Server, _EnvironHeaders, _service_of

SERVICES = ("route53", "ec2", "sts")
FAST_ENOUGH = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def reference() -> dict[str, WireProtocol]:
    """Each service's protocol with the reference forms (closure writers, the XML parser only)."""
    return {service: _CLASSES[service_model(service).protocol](service, fast=False) for service in SERVICES}


# -- values drawn from the service models ----------------------------------------------------

#: Text with what XML and the protocols treat specially: markup, references, CR, controls, non-ASCII.
TEXT = st.text(
    alphabet=st.sampled_from([*"aZ09-_./: &<>\"'\r\n\t]é\x01\x7f\u2028", "\U0001f600", "\ufffe"]),
    max_size=12,
)
PLAIN = st.text(alphabet=st.sampled_from(list("abcXYZ019-_./:")), min_size=1, max_size=10)


def _times() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
        st.datetimes(timezones=st.sampled_from([timezone(timedelta(hours=5)), UTC])),
        st.datetimes(min_value=datetime(1970, 1, 2)),
    )


def values(shape: Any, *, output: bool, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of *shape*, as a handler returns them (*output*) or a caller gives them."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 3:
            return st.just({})
        members = {name: values(member, output=output, depth=depth + 1) for name, member in shape.members.items()}
        return st.fixed_dictionaries({}, optional=members)
    if kind == "list":
        return st.lists(values(shape.member, output=output, depth=depth + 1), max_size=3)
    if kind == "map":
        return st.dictionaries(PLAIN, values(shape.value, output=output, depth=depth + 1), max_size=2)
    if kind in ("integer", "long"):
        return st.integers(-(10**12), 10**12)
    if kind in ("float", "double"):
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return _times()
    if kind == "blob":
        return st.binary(max_size=6)
    strings = st.sampled_from(shape.enum) | TEXT if getattr(shape, "enum", None) else TEXT | PLAIN
    return strings | st.integers(0, 1000) if output else strings


def _operations(service: str, *, output: bool) -> list[str]:
    model = service_model(service)
    return [
        name
        for name in model.operation_names
        if (model.operation_model(name).output_shape if output else model.operation_model(name).input_shape)
        is not None
    ]


# -- headers from the environ -----------------------------------------------------------------


def cgi_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The headers of a WSGI environ by the convention: ``HTTP_X_Y`` is ``x-y``, then the two CGI keys."""
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    for name, key in (("content-type", "CONTENT_TYPE"), ("content-length", "CONTENT_LENGTH")):
        if environ.get(key):
            headers[name] = environ[key]
    return headers


HEADER_NAMES = st.sampled_from(
    ["authorization", "x-amz-date", "content-type", "content-length", "host", "x-amz-content-sha256",
     "x_amz_date", "X-Amz-Date", "proxy", "a", "ß", "1", "", "x--y"]
)
CGI_KEYS = st.sampled_from(
    ["HTTP_AUTHORIZATION", "HTTP_X_AMZ_DATE", "HTTP_HOST", "HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH",
     "HTTP_PROXY", "HTTP_A", "HTTP_1", "HTTP_X__Y", "HTTP_SS", "CONTENT_TYPE", "CONTENT_LENGTH", "PATH", "HOME"]
)


@given(environ=st.dictionaries(CGI_KEYS, st.sampled_from(["", "v", "text/xml", "12"]), max_size=8), names=st.lists(HEADER_NAMES, max_size=6))
def test_environ_headers_read_by_name_as_the_convention_defines(environ: dict[str, Any], names: list[str]) -> None:
    expected = cgi_headers(environ)
    headers = _EnvironHeaders(environ)
    for name in names:
        assert headers.get(name) == expected.get(name)
        assert headers.get(name, "default") == expected.get(name, "default")
        assert (name in headers) == (name in expected)
        if name in expected:
            assert headers[name] == expected[name]
        else:
            with pytest.raises(KeyError):
                headers[name]
    assert dict(headers) == expected and len(headers) == len(expected)


# -- the Authorization header read once -------------------------------------------------------

PART = st.text(alphabet=st.sampled_from(list("aA1-_./,= \t\u2028\xa0;")), max_size=6)


@given(
    parts=st.tuples(PART, PART, PART, st.sampled_from(["route53", "ec2", "sts", "s3"]) | PART, PART, PART),
    spaces=st.tuples(st.sampled_from(["", " ", "  "]), st.sampled_from(["", " "])),
    path=st.sampled_from(["/", "/2013-04-01/hostedzone", "/x"]),
    body=st.sampled_from([b"", b"Action=GetCallerIdentity&Version=2011-06-15", b"Version=2016-11-15"]),
)
def test_the_usual_header_gives_the_service_and_caller_a_second_reading_would(
    parts: tuple[str, ...], spaces: tuple[str, str], path: str, body: bytes
) -> None:
    key, date, region, service, signed, signature = parts
    header = (
        f"AWS4-HMAC-SHA256 Credential={key}/{date}/{region}/{service}/aws4_request,{spaces[0]}"
        f"SignedHeaders={signed},{spaces[1]}Signature={signature}"
    )
    usual = usual_authorization(header)
    request = HttpRequest("POST", path, "", {"authorization": header}, body)
    if usual is not None:
        assert usual.service == scope_service(header)
        assert _service_of(request, usual.service) == _service_of(request)
        for identity in IDENTITIES:
            for wire_service in SERVICES:
                once = _answer_of(identity.who, request, wire_service, usual)
                assert once == _answer_of(identity.who, request, wire_service)


#: The usual header's pattern as the protocol spells it (``\s``: Unicode whitespace), the reference
#: for the ASCII-only table the identity layer matches ASCII headers with.
USUAL = re.compile(
    r"AWS4-HMAC-SHA256 Credential=([^/,\s=]+)/([^/,\s=]+)/([^/,\s=]+)/([^/,\s=]+)/aws4_request,"
    r" ?SignedHeaders=([^,\s=]+), ?Signature=([^,\s=]+)"
)


def test_the_ascii_table_is_whitespace_for_ascii_text() -> None:
    for code in range(128):
        char = f"a{chr(code)}b"
        header = f"AWS4-HMAC-SHA256 Credential={char}/d/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0"
        read = usual_authorization(header)
        expected = USUAL.fullmatch(header)
        assert (read is None) == (expected is None), code
        if read is not None and expected is not None:
            assert read.access_key == expected.group(1)


@given(text=st.text(alphabet=st.sampled_from([*"aA1-_./,=; \t\r\n\x0b\x0c\x1c\x1f", "\xa0", "\u2028", "\x85"]), max_size=8))
def test_the_usual_header_reads_as_the_unicode_pattern(text: str) -> None:
    for header in (
        f"AWS4-HMAC-SHA256 Credential={text}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00",
        f"AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/sts/aws4_request,SignedHeaders={text}, Signature={text}",
    ):
        read, expected = usual_authorization(header), USUAL.fullmatch(header)
        assert (read is None) == (expected is None)
        if read is not None and expected is not None:
            groups = expected.groups()
            assert read == (*groups[:4], tuple(groups[4].split(";")), groups[5])


IDENTITIES = (
    Identity(accounts={"a": "333333333333"}),
    Identity(credentials={"aA1": Credential("aA1", "secret", "111111111111")}),
)


def _answer_of(call: Any, *args: Any) -> Any:
    try:
        return call(*args)
    except (WireError, Route53Error) as exc:
        return type(exc).__name__, exc.code, exc.message, exc.http_status


# -- output writers -----------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
@FAST_ENOUGH
@given(data=st.data())
def test_generated_writers_write_what_the_closure_writers_write(
    service: str, data: st.DataObject, reference: dict[str, WireProtocol]
) -> None:
    model = service_model(service)
    name = data.draw(st.sampled_from(_operations(service, output=True)), label="operation")
    body = data.draw(values(model.operation_model(name).output_shape, output=True), label="body")
    fast = protocol(service).serialize(name, 200, body, "request-1")
    slow = reference[service].serialize(name, 200, body, "request-1")
    assert (fast.status, fast.headers, fast.body) == (slow.status, slow.headers, slow.body)


def test_a_writer_escapes_markup_and_writes_every_scalar_kind(reference: dict[str, WireProtocol]) -> None:
    """A hand-checked body (the expected text written from the XML rules, not from a run)."""
    body = {"ChangeInfo": {"Id": "/change/C1", "Status": "PENDING", "SubmittedAt": datetime(2026, 1, 2, 3, 4, 5, 678900, tzinfo=UTC), "Comment": "a&b<c>d"}}
    expected = (
        "<ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status><SubmittedAt>2026-01-02T03:04:05.678Z</SubmittedAt>"
        "<Comment>a&amp;b&lt;c&gt;d</Comment></ChangeInfo>"
    )
    for wire in (protocol("route53"), reference["route53"]):
        assert expected in wire.serialize("AssociateVPCWithHostedZone", 200, body, "r").body.decode()


# -- the XML pattern reader --------------------------------------------------------------------

ROUTE53 = service_model("route53")
ROUTE53_SERIALIZER = create_serializer("rest-xml", include_validation=False)
BODY_OPERATIONS = [
    name
    for name in _operations("route53", output=False)
    if any(
        not member.serialization.get("location")
        for member in ROUTE53.operation_model(name).input_shape.members.values()
    )
]


def _bent(body: bytes, how: str) -> bytes:
    """*body* changed in a way XML may or may not allow; the reader must agree with the parser."""
    text = body.decode("utf-8")
    changes = {
        "as is": lambda t: t,
        "declared": lambda t: '<?xml version="1.0" encoding="UTF-8"?>\n' + t,
        "declared latin-1": lambda t: "<?xml version='1.0' encoding='ISO-8859-1'?>" + t,
        "spaced": lambda t: t.replace("><", ">\n  <"),
        "trailing": lambda t: t + "\n",
        "reference": lambda t: t.replace("</", "&amp;</", 1),
        "char reference": lambda t: t.replace("</", "&#65;</", 1),
        "comment": lambda t: t.replace("</", "<!-- c --></", 1),
        "cdata": lambda t: t.replace("</", "<![CDATA[x<y]]></", 1),
        "carriage return": lambda t: t.replace("</", "a\r\nb</", 1),
        "control": lambda t: t.replace("</", "\x01</", 1),
        "close-bracket": lambda t: t.replace("</", "]]></", 1),
        "other namespace": lambda t: t.replace('xmlns="https://route53.amazonaws.com/doc/2013-04-01/"', 'xmlns="urn:x"'),
        "no namespace": lambda t: t.replace(' xmlns="https://route53.amazonaws.com/doc/2013-04-01/"', ""),
        "prefixed": lambda t: t.replace("<", "<p:").replace("<p:/", "</p:").replace(' xmlns="', ' xmlns:p="', 1),
        "attribute": lambda t: t.replace(">", ' a="1">', 2),
        "empty element": lambda t: t.replace("></", "/><x></", 1),
        "doubled": lambda t: t.replace("<", "<X/><", 2).replace("<X/>", "", 1),
        "truncated": lambda t: t[: len(t) // 2],
        "doctype": lambda t: '<!DOCTYPE x [<!ENTITY e "y">]>' + t,
    }
    return changes[how](text).encode("utf-8")


def _parsed(wire: WireProtocol, request: HttpRequest) -> Any:
    try:
        return "ok", wire.parse(request)
    except (WireError, Route53Error) as exc:
        return type(exc).__name__, exc.code, exc.message, exc.http_status


BENDS = [
    "as is", "declared", "declared latin-1", "spaced", "trailing", "reference", "char reference", "comment", "cdata",
    "carriage return", "control", "close-bracket", "other namespace", "no namespace", "prefixed", "attribute",
    "empty element", "doubled", "truncated", "doctype",
]
#: The operations whose bodies the pattern reader takes (the others always go to the parser).
PATTERN_OPERATIONS = [name for name in BODY_OPERATIONS if protocol("route53")._input(name).fast is not None]


@pytest.mark.parametrize("how", BENDS)
@FAST_ENOUGH
@given(data=st.data())
def test_the_pattern_reader_reads_what_the_parser_reads(how: str, data: st.DataObject, reference: dict[str, WireProtocol]) -> None:
    name = data.draw(st.sampled_from(PATTERN_OPERATIONS) | st.sampled_from(BODY_OPERATIONS), label="operation")
    operation = ROUTE53.operation_model(name)
    params = data.draw(values(operation.input_shape, output=False), label="params")
    for member_name, member in operation.input_shape.members.items():
        if member.serialization.get("location") == "uri":
            params[member_name] = data.draw(PLAIN, label=member_name)
    try:
        serialized = ROUTE53_SERIALIZER.serialize_to_request(params, operation)
    except Exception:  # botocore refuses some drawn values (that is not what is tested here)
        return
    body = serialized["body"] or b""
    if isinstance(body, str):
        body = body.encode()
    if body:
        try:
            body = _bent(body, how)
        except UnicodeDecodeError:
            pass
    query = urlencode(serialized["query_string"], doseq=True) if serialized["query_string"] else ""
    request = HttpRequest(serialized["method"], unquote(serialized["url_path"]), query, {}, body)
    assert _parsed(protocol("route53"), request) == _parsed(reference["route53"], request)


def test_the_pattern_reader_refuses_nothing_the_parser_accepts_for_associate(reference: dict[str, WireProtocol]) -> None:
    """A hand-written body botocore's form: both readers give the same parameters, spelled out here."""
    body = (
        b'<AssociateVPCWithHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
        b"<VPC><VPCRegion>eu-west-1</VPCRegion><VPCId>vpc-1</VPCId></VPC><Comment>\xc3\xa9 &amp; x</Comment>"
        b"</AssociateVPCWithHostedZoneRequest>"
    )
    expected = ("AssociateVPCWithHostedZone", {"HostedZoneId": "Z1", "VPC": {"VPCRegion": "eu-west-1", "VPCId": "vpc-1"}, "Comment": "é & x"})
    request = HttpRequest("POST", "/2013-04-01/hostedzone/Z1/associatevpc", "", {}, body)
    assert protocol("route53").parse(request) == reference["route53"].parse(request) == expected
    plain = HttpRequest("POST", request.path, "", {}, body.replace(b" &amp; x", b""))
    assert protocol("route53").parse(plain)[1]["Comment"] == "é"
    read = protocol("route53")._input("AssociateVPCWithHostedZone").fast
    assert read is not None and read(plain.body) == {"VPC": {"VPCRegion": "eu-west-1", "VPCId": "vpc-1"}, "Comment": "é"}
    assert read(body) is None  # a reference: the parser's to read


# -- whole requests: __call__ with the fast path against handle with the reference path ------

SERIALIZERS = {service: create_serializer(service_model(service).protocol, include_validation=False) for service in SERVICES}
KEYS = st.sampled_from(["111111111111", "222222222222", "AKIAOTHER"])
REGIONS = st.sampled_from(["us-east-1", "eu-west-1", "aws-global", "cn-north-1", "mars-1"])


def _fixed(server: Server) -> Server:
    server._request_prefix = "00000000-0000-4000-8000-"
    server._requests = itertools.count(1)
    return server


def _request(service: str, name: str, params: dict[str, Any], key: str, region: str, signed: bool) -> tuple[str, str, str, dict[str, str], bytes] | None:
    model = service_model(service)
    try:
        serialized = SERIALIZERS[service].serialize_to_request(params, model.operation_model(name))
    except Exception:  # botocore refuses some drawn values
        return None
    body = serialized["body"] or b""
    if isinstance(body, str):
        body = body.encode()
    elif isinstance(body, dict):
        body = urlencode(body, doseq=True).encode()
    headers = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in serialized["headers"].items()}
    if signed:
        headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={key}/20260101/{region}/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=00"
        )
        headers["X-Amz-Date"] = "20260101T000000Z"
    query = urlencode(serialized["query_string"], doseq=True) if serialized["query_string"] else ""
    return serialized["method"], unquote(serialized["url_path"]), query, headers, body


def _environ(method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "1",
        "HTTP_HOST": "127.0.0.1:1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "PATH": "/usr/bin",
    }
    for name, value in headers.items():
        if name.lower() == "content-type":
            environ["CONTENT_TYPE"] = value
        else:
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


IDS = re.compile(r"(vpc-[0-9a-f]{17}|(?<=/hostedzone/)Z[0-9A-Z]+|(?<=/change/)C[0-9A-Z]+)")
ID_MEMBERS = {"VPCId", "VpcId", "HostedZoneId", "Id", "ResourceId"}


def _with_known_ids(data: st.DataObject, value: Any, known: list[str]) -> Any:
    """*value* with some id members replaced by ids the server made (so that calls also succeed)."""
    if isinstance(value, dict):
        return {
            key: data.draw(st.sampled_from(known), label=key)
            if key in ID_MEMBERS and known and data.draw(st.booleans(), label=f"known {key}")
            else _with_known_ids(data, item, known)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_with_known_ids(data, item, known) for item in value]
    return value


SETUP = [
    ("ec2", "CreateVpc", {"CidrBlock": "10.0.0.0/16"}, "111111111111", "us-east-1"),
    ("ec2", "CreateVpc", {"CidrBlock": "10.1.0.0/16"}, "111111111111", "us-east-1"),
    ("ec2", "CreateVpc", {"CidrBlock": "10.1.0.0/16"}, "222222222222", "eu-west-1"),
    ("route53", "CreateHostedZone", {"Name": "a.example", "CallerReference": "r1"}, "111111111111", "us-east-1"),
]


@settings(FAST_ENOUGH, max_examples=80)
@given(data=st.data())
def test_every_operation_answers_the_same_bytes_through_both_paths(
    data: st.DataObject, reference: dict[str, WireProtocol]
) -> None:
    fast_app, reference_app = _fixed(Server(clock="manual")), _fixed(Server(clock="manual"))
    known: list[str] = []
    calls = list(SETUP)
    while calls or data.draw(st.integers(0, 9), label="more") > 0:
        if calls:
            service, name, params, key, region = calls.pop(0)
            signed = True
        else:
            service = data.draw(st.sampled_from(SERVICES), label="service")
            name = data.draw(st.sampled_from(sorted(operations()[service])), label="operation")
            shape = service_model(service).operation_model(name).input_shape
            params = {} if shape is None else data.draw(values(shape, output=False), label="params")
            params = _with_known_ids(data, params, known)
            key, region = data.draw(KEYS, label="key"), data.draw(REGIONS, label="region")
            signed = data.draw(st.integers(0, 9), label="signed") > 0
        request = _request(service, name, params, key, region, signed)
        if request is None:
            continue
        method, path, query, headers, body = request
        got: dict[str, Any] = {}
        chunks = fast_app(_environ(*request), lambda status, headers, got=got: got.update(status=status, headers=headers))
        fast = (got["status"], got["headers"], b"".join(chunks))
        plain_headers = {"host": "127.0.0.1:1", "content-length": str(len(body))}
        plain_headers.update({name.lower(): value for name, value in headers.items()})
        fast_protocol = server_module.protocol
        server_module.protocol = reference.__getitem__  # type: ignore[assignment]
        try:
            answer = reference_app.handle(HttpRequest(method, path, query, plain_headers, body))
        finally:
            server_module.protocol = fast_protocol
        slow = (reason(answer.status), [*answer.headers, ("Content-Length", str(len(answer.body)))], answer.body)
        assert fast == slow, (service, name, params)
        known += [found for found in IDS.findall(fast[2].decode()) if found not in known]


@pytest.mark.parametrize("key", ["HTTP_X-FOO", "HTTP_x_foo", "HTTP_X_AMZ_\u212aEY", "HTTP_"])
def test_environ_keys_no_wsgi_server_writes_are_not_headers(key: str) -> None:
    """Iterating and looking up agree: a key no WSGI server writes for a header is neither."""
    headers = _EnvironHeaders({key: "v", "HTTP_HOST": "h", "CONTENT_LENGTH": "3"})
    assert dict(headers) == {"host": "h", "content-length": "3"}
    assert all(headers[name] == value for name, value in headers.items())


def test_threads_asking_for_a_function_being_compiled_wait_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """First use from many threads at once: each gets the finished writer, none the stand-in
    a recursive shape uses while it is built (which, called early, recursed without end)."""
    import sys
    import threading

    from route53_assoc.aws import protocols

    body = {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "k", "Value": "<v>"}]}]}
    expected = _CLASSES["ec2"]("ec2").serialize("DescribeVpcs", 200, body, "r").body
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(5):
            monkeypatch.setattr(protocols, "_COMPILED", {})
            wire = _CLASSES["ec2"]("ec2")
            barrier, answers = threading.Barrier(16), []

            def first_call(wire: Any = wire, barrier: threading.Barrier = barrier, answers: list[Any] = answers) -> None:
                barrier.wait()
                try:
                    answers.append(wire.serialize("DescribeVpcs", 200, body, "r").body)
                except RecursionError as exc:  # the failure this test is for
                    answers.append(exc)

            threads = [threading.Thread(target=first_call) for _ in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert answers == [expected] * 16
    finally:
        sys.setswitchinterval(before)


@pytest.mark.parametrize("announced", ["-1", "+5", " 7", "1_0", "٣", "many"])
def test_a_content_length_that_is_not_plain_digits_never_lifts_the_body_limit(announced: str) -> None:
    """Only plain digits are a length; otherwise at most the limit is read, and a longer body is refused."""
    app = Server(clock="manual", max_body=64)
    header = "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00"
    statuses: list[str] = []
    for body in (b"Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16" + b"&x=" * 40,
                 b"Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"):
        environ = _environ("POST", "/", "", {"authorization": header}, body) | {"CONTENT_LENGTH": announced}
        answer = b"".join(app(environ, lambda status, headers: statuses.append(status)))
        assert environ["wsgi.input"].tell() <= 65
        if len(body) > 64:
            assert b"<Code>RequestEntityTooLarge</Code>" in answer
    assert [status.split()[0] for status in statuses] == ["413", "200"]

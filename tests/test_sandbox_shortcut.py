"""A sandbox's own clients skip serialisation and re-resolving the endpoint: nothing a user sees changes.

Every call here runs twice, on two sandboxes fed the same calls: one whose clients take the
shortcut (the default) and one whose clients run every botocore step (``_shortcut = False``,
as a plain boto3 client answered by ``mock()`` does).  Responses, errors (class, response
dict, message), ParamValidationErrors and what hooks see must be identical.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.serialize
import botocore.validate
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import Stubber
from hypothesis import given, settings
from hypothesis import strategies as st

from route53_assoc import sandbox as sandbox_module
from route53_assoc.sandbox import DEFAULT_ACCOUNT, NotModelled, Sandbox

A = "111111111111"
B = "222222222222"
OWN_KEYS = {"route53_assoc.params", "route53_assoc.own"}


class Twins:
    """Two sandboxes given the same calls: ``fast`` (the shortcut) and ``full`` (every step)."""

    def __init__(self) -> None:
        self.fast = Sandbox()
        self.full = Sandbox()
        self.full._shortcut = False
        self.clients: dict[tuple[bool, str, str, str], Any] = {}

    def client(self, fast: bool, service: str, account: str = A, region: str = "us-east-1") -> Any:
        key = (fast, service, account, region)
        if key not in self.clients:
            sb = self.fast if fast else self.full
            self.clients[key] = sb.client(service, account=account, region_name=region)
        return self.clients[key]

    def both(
        self, service: str, method: str, account: str = A, region: str = "us-east-1", **kwargs: Any
    ) -> Any:
        """Call both; assert identical outcomes; return the fast one's (re-raising its error)."""
        fast = outcome(lambda: getattr(self.client(True, service, account, region), method)(**kwargs))
        full = outcome(lambda: getattr(self.client(False, service, account, region), method)(**kwargs))
        assert fast[:-1] == full[:-1], (method, kwargs)
        if fast[0] == "ok":
            return fast[1]
        raise fast[-1]


def outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    """What a caller can see of a call: the response, or the error's class, message and response."""
    try:
        return ("ok", call(), None)
    except ClientError as exc:
        return ("error", type(exc).__name__, exc.operation_name, exc.response, str(exc), exc)
    except ParamValidationError as exc:
        return ("invalid", str(exc), exc.kwargs, exc)
    except Exception as exc:
        return ("raised", type(exc), str(exc), exc)


class CountingValidator(botocore.validate.ParamValidator):  # type: ignore[misc]
    """The shortcut's validator, counting: how many calls took the shortcut."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def validate(self, params: Any, shape: Any) -> Any:
        self.calls.append(shape.name)
        return super().validate(params, shape)


@pytest.fixture
def shortcuts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The input shapes of the calls that took the shortcut."""
    validator = CountingValidator()
    monkeypatch.setattr(sandbox_module, "_VALIDATOR", validator)
    return validator.calls


@pytest.fixture
def twins(shortcuts: list[str]) -> Twins:
    return Twins()


@pytest.fixture
def serialised(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The operations botocore serialised, for Route 53 (REST-XML) and EC2 (query)."""
    seen: list[str] = []
    for cls in (botocore.serialize.RestXMLSerializer, botocore.serialize.EC2Serializer):
        original = cls.serialize_to_request

        def counting(self: Any, parameters: Any, operation_model: Any, original: Any = original) -> Any:
            seen.append(operation_model.name)
            return original(self, parameters, operation_model)

        monkeypatch.setattr(cls, "serialize_to_request", counting)
    return seen


def vpc(twins: Twins, account: str = A, region: str = "us-east-1") -> dict[str, str]:
    vpc_id = twins.both("ec2", "create_vpc", account, region, CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    return {"VPCRegion": region, "VPCId": vpc_id}


def expect(twins: Twins, error: str, service: str, method: str, account: str = A, **kwargs: Any) -> None:
    with pytest.raises(ClientError) as info:
        twins.both(service, method, account, **kwargs)
    assert info.value.response["Error"]["Code"] == error


def test_successes_and_every_kind_of_refusal_are_identical(twins: Twins, shortcuts: list[str]) -> None:
    home, other = vpc(twins), vpc(twins, B, "eu-west-1")
    zone = twins.both("route53", "create_hosted_zone", Name="corp.example", CallerReference="r1", VPC=home)[
        "HostedZone"
    ]["Id"]
    for _ in range(2):  # the second time round, the calls take the shortcut
        twins.both("route53", "get_hosted_zone", Id=zone)
        twins.both("route53", "list_hosted_zones_by_vpc", VPCId=home["VPCId"], VPCRegion="us-east-1")
        twins.both("ec2", "describe_vpcs", VpcIds=[home["VPCId"]])
        twins.both("sts", "get_caller_identity", B)
        expect(
            twins,
            "NotAuthorizedException",
            "route53",
            "associate_vpc_with_hosted_zone",
            B,
            HostedZoneId=zone,
            VPC=other,
        )
        expect(
            twins,
            "LastVPCAssociation",
            "route53",
            "disassociate_vpc_from_hosted_zone",
            HostedZoneId=zone,
            VPC=home,
        )
        expect(twins, "NoSuchHostedZone", "route53", "get_hosted_zone", Id="Z00000000000000000000")
        expect(twins, "InvalidInput", "route53", "get_hosted_zone", Id="Z" * 33)
        expect(twins, "NoSuchChange", "route53", "get_change", Id="C0000")
        expect(twins, "InvalidVpcID.NotFound", "ec2", "describe_vpcs", VpcIds=["vpc-0000000000000000f"])
        expect(
            twins,
            "ConflictingDomainExists",
            "route53",
            "create_hosted_zone",
            Name="corp.example",
            CallerReference=f"again{_}",
            VPC=home,
        )
    twins.both("route53", "create_vpc_association_authorization", HostedZoneId=zone, VPC=other)
    twins.both("route53", "associate_vpc_with_hosted_zone", B, HostedZoneId=zone, VPC=other)
    twins.both("route53", "disassociate_vpc_from_hosted_zone", B, HostedZoneId=zone, VPC=other)
    with pytest.raises(NotModelled) as info:
        twins.both("route53", "create_reusable_delegation_set", CallerReference="ds")
    assert "CreateReusableDelegationSet" in str(info.value)
    assert twins.fast.world == twins.full.world
    assert {
        "GetHostedZoneRequest",
        "ListHostedZonesByVPCRequest",
        "DescribeVpcsRequest",
        "GetCallerIdentityRequest",
        "AssociateVPCWithHostedZoneRequest",
        "GetChangeRequest",
        "DisassociateVPCFromHostedZoneRequest",
        "CreateHostedZoneRequest",
    } <= set(shortcuts)


def test_parameter_errors_are_botocores_own(twins: Twins, shortcuts: list[str]) -> None:
    # A call that reaches before-call first: until then, the client doesn't know who answers.
    for service, method, kwargs in (
        ("route53", "get_hosted_zone", {"Id": "Z1"}),
        (
            "route53",
            "associate_vpc_with_hosted_zone",
            {"HostedZoneId": "Z1", "VPC": {"VPCId": "vpc-1", "VPCRegion": "us-east-1"}},
        ),
        ("ec2", "describe_vpcs", {"VpcIds": ["vpc-1"]}),
    ):
        with pytest.raises(ClientError):
            twins.both(service, method, **kwargs)
    shortcuts.clear()
    cases: list[tuple[dict[str, Any], type[Exception]]] = [
        ({}, ParamValidationError),
        ({"Id": "Z1", "Extra": 1}, ParamValidationError),
        ({"Id": ""}, ClientError),  # botocore leaves lengths to the service: the model says InvalidInput
        ({"Id": 5}, AttributeError),  # botocore's own fix_route53_ids handler trips on it
    ]
    for kwargs, error in cases:
        for _ in range(2):
            with pytest.raises(error):
                twins.both("route53", "get_hosted_zone", **kwargs)
    for _ in range(2):
        with pytest.raises(ParamValidationError):
            twins.both("route53", "associate_vpc_with_hosted_zone", HostedZoneId="Z1", VPC={"VPCId": ["v"]})
        with pytest.raises(ParamValidationError):
            twins.both("ec2", "describe_vpcs", VpcIds="vpc-1")
    assert len(shortcuts) == 2 * 3 + 2 * 2  # every call but the four botocore's fix_route53_ids fails


def test_strings_that_do_not_serialise_fail_as_in_botocore(twins: Twins) -> None:
    # A lone surrogate can't be percent-encoded into the URL: botocore's serialiser raises.
    for _ in range(2):
        with pytest.raises(UnicodeEncodeError):
            twins.both("route53", "get_hosted_zone", Id="Z\ud800")
        twins.both(
            "ec2", "create_tags", Resources=[vpc(twins)["VPCId"]], Tags=[{"Key": "k", "Value": "\ud800é"}]
        )
        with pytest.raises(ClientError):
            twins.both("route53", "get_hosted_zone", Id="Zé")


def test_the_shortcut_serialises_nothing(twins: Twins, serialised: list[str]) -> None:
    home = vpc(twins)
    fast = twins.client(True, "route53")
    fast.create_hosted_zone(
        Name="a.example", CallerReference="a", VPC=home
    )  # an operation's first call: whole
    serialised.clear()
    fast.create_hosted_zone(Name="b.example", CallerReference="b", VPC=home)
    twins.client(True, "ec2").create_vpc(CidrBlock="10.0.0.0/16")
    assert serialised == []
    twins.client(False, "route53").create_hosted_zone(Name="b.example", CallerReference="b")
    assert serialised == ["CreateHostedZone"]


def test_user_hooks_fire_and_see_what_they_would(twins: Twins) -> None:
    home = vpc(twins)
    seen: dict[bool, list[Any]] = {True: [], False: []}
    for fast in (True, False):
        client = twins.client(fast, "route53")

        def provide(params: dict[str, Any], fast: bool = fast, **_: Any) -> dict[str, Any]:
            seen[fast].append(("provide", dict(params)))
            return {**params, "CallerReference": params["CallerReference"] + "-provided"}

        def build(params: dict[str, Any], fast: bool = fast, **_: Any) -> None:
            seen[fast].append(("build", dict(params)))
            params["Name"] = "hooked." + params["Name"]

        def after(parsed: Any, context: dict[str, Any], fast: bool = fast, **_: Any) -> None:
            public = {k: v for k, v in context.items() if k not in OWN_KEYS and k != "client_config"}
            seen[fast].append(("after", parsed["HostedZone"]["Name"], public))

        client.meta.events.register("provide-client-params.route53.CreateHostedZone", provide)
        client.meta.events.register("before-parameter-build.route53.CreateHostedZone", build)
        client.meta.events.register("after-call.route53.CreateHostedZone", after)
    for n in range(3):
        twins.both("route53", "create_hosted_zone", Name=f"z{n}.example", CallerReference=f"r{n}", VPC=home)
    assert seen[True] == seen[False]
    assert [what[1] for what in seen[True] if what[0] == "after"] == [
        f"hooked.z{n}.example." for n in range(3)
    ]
    assert seen[True][2][2]["signing"]["region"] == "us-east-1"


def test_a_handler_ahead_of_the_sandbox_sees_the_serialised_request(twins: Twins) -> None:
    home = vpc(twins)
    bodies: list[bytes] = []
    client = twins.client(True, "route53")
    client.meta.events.register(
        "before-call.route53.CreateHostedZone", lambda params, **_: bodies.append(params["body"])
    )
    for n in range(2):
        client.create_hosted_zone(Name=f"z{n}.example", CallerReference=f"r{n}", VPC=home)
    assert len(bodies) == 2 and all(b"<Name>z" in body for body in bodies)
    assert bodies[1].startswith(b"<CreateHostedZoneRequest")


def test_a_stubber_on_a_sandbox_client_answers_first(twins: Twins) -> None:
    client = twins.client(True, "route53")
    with pytest.raises(ClientError):
        client.get_change(Id="C1")
    with Stubber(client) as stubber:
        for _ in range(2):
            stubber.add_response(
                "get_change",
                {
                    "ChangeInfo": {
                        "Id": "/change/C1",
                        "Status": "INSYNC",
                        "SubmittedAt": "2020-01-01T00:00:00Z",
                    }
                },
                {"Id": "C1"},
            )
            assert client.get_change(Id="C1")["ChangeInfo"]["Status"] == "INSYNC"
    with pytest.raises(client.exceptions.NoSuchChange):
        client.get_change(Id="C1")


def test_debug_logging_of_endpoint_resolution_is_kept(twins: Twins, caplog: pytest.LogCaptureFixture) -> None:
    client = twins.client(True, "route53")
    client.list_hosted_zones()
    client.list_hosted_zones()
    with caplog.at_level(logging.DEBUG, logger="botocore.regions"):
        client.list_hosted_zones()
        client.list_hosted_zones()
    assert sum("Endpoint provider result" in r.getMessage() for r in caplog.records) == 2


def test_presigned_urls_are_botocores(twins: Twins) -> None:
    urls = []
    for fast in (True, False):
        client = twins.client(fast, "route53")
        urls.append(client.generate_presigned_url("get_hosted_zone", Params={"Id": "/hostedzone/Z1"}))
    for url in urls:
        assert url.startswith("https://route53.amazonaws.com/2013-04-01/hostedzone/Z1?")
        assert "X-Amz-Credential=SANDBOX111111111111" in url


def test_under_mock_plain_clients_and_own_clients_agree(twins: Twins) -> None:
    sb = Sandbox(access_keys={"AKIAALICE": A})
    own = sb.client("route53", account=A)
    with sb.mock():
        plain = boto3.client(
            "route53", region_name="us-east-1", aws_access_key_id="AKIAALICE", aws_secret_access_key="x"
        )
        anonymous = boto3.client("sts", region_name="us-east-1")
        assert anonymous.get_caller_identity()["Account"] == DEFAULT_ACCOUNT
        first = plain.create_hosted_zone(Name="m.example", CallerReference="m")["HostedZone"]["Id"]
        for _ in range(2):
            assert own.get_hosted_zone(Id=first)["HostedZone"]["Name"] == "m.example."
            with pytest.raises(own.exceptions.NoSuchHostedZone) as by_own:
                own.get_hosted_zone(Id="Z00000000000000000000")
            with pytest.raises(plain.exceptions.NoSuchHostedZone) as by_plain:
                plain.get_hosted_zone(Id="Z00000000000000000000")
            own_error, plain_error = (dict(i.value.response) for i in (by_own, by_plain))
            for error in (own_error, plain_error):
                del error["ResponseMetadata"]  # request ids differ: one call each
            assert own_error == plain_error


# -- a spread of drawn calls ---------------------------------------------------------------------

JUNK = st.one_of(
    st.sampled_from(["", "Z1", "vpc-1", "us-east-1", "eu-west-1", "é", "\ud800", "x" * 40]),
    st.integers(-2, 2),
    st.none(),
    st.lists(st.just("a"), max_size=1),
)


@st.composite
def calls(
    draw: st.DrawFn, zones: list[str], vpcs: list[dict[str, str]]
) -> tuple[str, str, str, dict[str, Any]]:
    account = draw(st.sampled_from([A, B]))
    zone = draw(st.one_of(st.sampled_from(zones), JUNK))
    chosen = draw(st.sampled_from(vpcs))
    the_vpc = draw(
        st.one_of(
            st.just(chosen),
            st.fixed_dictionaries(
                {"VPCId": st.one_of(st.just(chosen["VPCId"]), JUNK)},
                optional={"VPCRegion": st.one_of(st.just(chosen["VPCRegion"]), JUNK)},
            ),
        )
    )
    kind = draw(
        st.sampled_from(
            [
                "associate",
                "disassociate",
                "authorize",
                "deauthorize",
                "get",
                "list",
                "create",
                "tags",
                "describe",
            ]
        )
    )
    route53 = {
        "associate": "associate_vpc_with_hosted_zone",
        "disassociate": "disassociate_vpc_from_hosted_zone",
        "authorize": "create_vpc_association_authorization",
        "deauthorize": "delete_vpc_association_authorization",
    }
    if kind in route53:
        return ("route53", route53[kind], account, {"HostedZoneId": zone, "VPC": the_vpc})
    if kind == "get":
        return ("route53", "get_hosted_zone", account, {"Id": zone})
    if kind == "list":
        return (
            "route53",
            "list_hosted_zones_by_vpc",
            account,
            {"VPCId": the_vpc.get("VPCId"), "VPCRegion": the_vpc.get("VPCRegion")},
        )
    if kind == "create":
        return (
            "route53",
            "create_hosted_zone",
            account,
            {
                "Name": draw(st.sampled_from(["a.example", "é.example", "b.example"])),
                "CallerReference": draw(st.text("ab", max_size=2)),
                "VPC": the_vpc,
            },
        )
    if kind == "tags":
        return (
            "ec2",
            "create_tags",
            account,
            {"Resources": [the_vpc.get("VPCId")], "Tags": [{"Key": "k", "Value": draw(JUNK)}]},
        )
    return ("ec2", "describe_vpcs", account, {"VpcIds": [the_vpc.get("VPCId")]})


Drawn = tuple[Twins, list[str], list[dict[str, str]], Any]


@pytest.fixture(scope="module")
def drawn() -> Iterator[Drawn]:
    twins = Twins()
    vpcs = [vpc(twins), vpc(twins, B, "eu-west-1")]
    zone = twins.both("route53", "create_hosted_zone", Name="corp.example", CallerReference="r", VPC=vpcs[0])
    yield twins, [zone["HostedZone"]["Id"], "Z00000000000000000000"], vpcs, twins.fast.world


@settings(max_examples=150)
@given(data=st.data())
def test_drawn_calls_are_identical(drawn: Drawn, data: st.DataObject) -> None:
    twins, zones, vpcs, start = drawn
    for sb in (twins.fast, twins.full):
        sb.backend.reset(start)  # every example from the same world
    for service, method, account, kwargs in data.draw(st.lists(calls(zones, vpcs), min_size=1, max_size=4)):
        try:
            twins.both(service, method, account, **kwargs)
        except (ClientError, ParamValidationError, UnicodeEncodeError, NotModelled, AttributeError):
            pass
    assert twins.fast.world == twins.full.world


def test_endpoint_hooks_fire_on_every_call(twins: Twins) -> None:
    fired: dict[bool, list[str]] = {True: [], False: []}
    for fast in (True, False):
        client = twins.client(fast, "route53")
        client.list_hosted_zones()
        client.meta.events.register(
            "before-endpoint-resolution.route53",
            lambda builtins, fast=fast, **_: fired[fast].append(builtins["AWS::Region"]),
        )
    for _ in range(3):
        twins.both("route53", "list_hosted_zones")
    assert fired[True] == fired[False] == ["us-east-1"] * 3

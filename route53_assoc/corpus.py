"""A fixed corpus of AWS calls and their expected answers, one case per (rule, outcome).

Each :class:`Case` names one rule of one operation that an AWS endpoint serves and
one outcome of it — the rule holds, or the rule refuses with one of its error codes —
with the setup calls that make the world it needs, the request, and what the
answer must be.  Every value is plain data (JSON-round-trippable), so a runner in any
language can replay a case against any endpoint: ids the endpoint makes are saved
by the setup calls (``save``) and put into later calls and expectations wherever a
string holds ``{{name}}``.

Accounts are roles (``"A"``, ``"B"``, ``"C"``; ``"CN"`` lives in the aws-cn
partition); :data:`ACCOUNTS` gives the account ids the model uses for them.

>>> case = next(c for c in cases() if c.id == "associate.zone-exists/NoSuchHostedZone")
>>> case.expect.code, case.expect.http_status
('NoSuchHostedZone', 404)
>>> Case.from_json(case.to_json()) == case
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

__all__ = [
    "ACCOUNTS",
    "Answer",
    "Call",
    "Case",
    "Expect",
    "Unreached",
    "cases",
    "fill",
    "lookup",
    "mismatches",
    "replay",
    "settings_of",
    "unreached",
]

#: Account roles and the 12-digit accounts the model uses for them.
ACCOUNTS: Final[dict[str, str]] = {
    "A": "111111111111",
    "B": "222222222222",
    "C": "333333333333",
    "CN": "444444444444",
}

_PLACEHOLDER: Final = re.compile(r"\{\{([A-Za-z0-9_.-]+)\}\}")


def _frozen_dict(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


@attrs.frozen
class Call:
    """One AWS call: service, botocore operation name, parameters, who makes it and where.

    ``save`` maps a name to a dotted path into the response (``"HostedZone.Id"``,
    ``"Vpc.VpcId"``); later calls and expectations of the same case use the saved
    value wherever a string holds ``{{name}}``.
    """

    service: str
    operation: str
    params: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_dict)
    account: str = "A"
    region: str = "us-east-1"
    save: dict[str, str] = attrs.field(factory=dict, converter=_frozen_dict)

    def to_json(self) -> dict[str, Any]:
        """The call as JSON data."""
        return {
            "service": self.service,
            "operation": self.operation,
            "params": self.params,
            "account": self.account,
            "region": self.region,
            "save": self.save,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Call:
        """The call :meth:`to_json` gave."""
        return cls(
            service=data["service"],
            operation=data["operation"],
            params=data.get("params") or {},
            account=data.get("account", "A"),
            region=data.get("region", "us-east-1"),
            save=data.get("save") or {},
        )


@attrs.frozen
class Expect:
    """What the answer must be: an error (code, HTTP status, message) or a success.

    For a success, ``fields`` maps dotted paths into the response to the values
    expected there (placeholders allowed).  ``message`` may hold placeholders too;
    ``None`` means the message is not checked.
    """

    ok: bool
    code: str | None = None
    http_status: int | None = None
    message: str | None = None
    fields: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_dict)

    def to_json(self) -> dict[str, Any]:
        """The expectation as JSON data."""
        return {
            "ok": self.ok,
            "code": self.code,
            "http_status": self.http_status,
            "message": self.message,
            "fields": self.fields,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Expect:
        """The expectation :meth:`to_json` gave."""
        return cls(
            ok=data["ok"],
            code=data.get("code"),
            http_status=data.get("http_status"),
            message=data.get("message"),
            fields=data.get("fields") or {},
        )


@attrs.frozen
class Case:
    """One (rule, outcome) of one operation, with its setup, request and expectation."""

    id: str
    operation: str
    aws_operation: str
    rule: str
    confidence: str
    statement: str
    setup: tuple[Call, ...]
    request: Call
    expect: Expect
    needs: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """``"holds"`` or the error code the case expects."""
        return self.id.rpartition("/")[2]

    def to_json(self) -> dict[str, Any]:
        """The case as JSON data."""
        return {
            "id": self.id,
            "operation": self.operation,
            "aws_operation": self.aws_operation,
            "rule": self.rule,
            "confidence": self.confidence,
            "statement": self.statement,
            "setup": [call.to_json() for call in self.setup],
            "request": self.request.to_json(),
            "expect": self.expect.to_json(),
            "needs": list(self.needs),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Case:
        """The case :meth:`to_json` gave."""
        return cls(
            id=data["id"],
            operation=data["operation"],
            aws_operation=data["aws_operation"],
            rule=data["rule"],
            confidence=data["confidence"],
            statement=data["statement"],
            setup=tuple(Call.from_json(c) for c in data.get("setup") or ()),
            request=Call.from_json(data["request"]),
            expect=Expect.from_json(data["expect"]),
            needs=tuple(data.get("needs") or ()),
        )


def fill(value: Any, saved: Mapping[str, str]) -> Any:
    """*value* with every ``{{name}}`` replaced by ``saved[name]`` (recursively).

    >>> fill({"Id": "{{zone}}", "L": ["x-{{zone}}"]}, {"zone": "Z1"})
    {'Id': 'Z1', 'L': ['x-Z1']}
    """
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: str(saved[m.group(1)]), value)
    if isinstance(value, dict):
        return {k: fill(v, saved) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [fill(v, saved) for v in value]
    return value


# -- the setups: fragments of AWS calls, combined ----------------------------------------------


def _vpc_call(name: str, account: str, region: str, cidr: str = "10.0.0.0/16") -> Call:
    return Call("ec2", "CreateVpc", {"CidrBlock": cidr}, account, region, {name: "Vpc.VpcId"})


def _zone_call(name: str, domain: str, vpc: str | None, account: str = "A", region: str = "us-east-1") -> Call:
    params: dict[str, Any] = {"Name": domain, "CallerReference": f"ref-{name}"}
    if vpc is not None:
        params["VPC"] = {"VPCRegion": region, "VPCId": "{{" + vpc + "}}"}
        params["HostedZoneConfig"] = {"PrivateZone": True}
    home = "cn-north-1" if account == "CN" else "us-east-1"
    save = {name: "HostedZone.Id|basename", f"{name}_change": "ChangeInfo.Id|basename"}
    return Call("route53", "CreateHostedZone", params, account, home, save)


def _vpc_member(vpc: str, region: str) -> dict[str, str]:
    return {"VPCRegion": region, "VPCId": vpc}


def _tags(count: int, key: str = "k") -> list[dict[str, str]]:
    return [{"Key": f"{key}{n}" if count > 1 else key, "Value": "v"} for n in range(count)]


#: Named pieces of a setup, in the order their calls run; each with the pieces it needs.
_FRAGMENTS: Final[dict[str, tuple[tuple[str, ...], tuple[Call, ...]]]] = {
    "vpc1": ((), (_vpc_call("vpc1", "A", "us-east-1"),)),
    "vpc2": ((), (_vpc_call("vpc2", "A", "eu-west-1", "10.1.0.0/16"),)),
    "vpcB": ((), (_vpc_call("vpcB", "B", "us-east-1", "10.2.0.0/16"),)),
    "vpcC": ((), (_vpc_call("vpcC", "C", "us-east-1", "10.3.0.0/16"),)),
    "vpcCN": ((), (_vpc_call("vpcCN", "CN", "cn-north-1", "10.4.0.0/16"),)),
    "five": (
        ("vpc1",),
        tuple(_vpc_call(f"vpc1_{n}", "A", "us-east-1", f"10.{10 + n}.0.0/16") for n in range(4)),
    ),
    "defaults": (
        ("vpc1",),
        tuple(
            Call(
                "ec2",
                operation,
                {"Filters": [{"Name": "vpc-id", "Values": ["{{vpc1}}"]}]},
                save={name: f"{key}.0.{member}"},
            )
            for operation, key, member, name in (
                ("DescribeRouteTables", "RouteTables", "RouteTableId", "rtb1"),
                ("DescribeNetworkAcls", "NetworkAcls", "NetworkAclId", "acl1"),
                ("DescribeSecurityGroups", "SecurityGroups", "GroupId", "sg1"),
            )
        ),
    ),
    "nodns": (
        ("vpc1",),
        (Call("ec2", "ModifyVpcAttribute", {"VpcId": "{{vpc1}}", "EnableDnsSupport": {"Value": False}}),),
    ),
    "zone": (("vpc1",), (_zone_call("zone", "corp.example.com.", "vpc1"),)),
    "pub": ((), (_zone_call("pub", "example.com.", None),)),
    "zoneB": (("vpcB",), (_zone_call("zoneB", "corp.example.com.", "vpcB", "B"),)),
    "zoneCN": (("vpcCN",), (_zone_call("zoneCN", "corp.example.com.", "vpcCN", "CN", "cn-north-1"),)),
    "auth": (
        ("zone", "vpcB"),
        (
            Call(
                "route53",
                "CreateVPCAssociationAuthorization",
                {"HostedZoneId": "{{zone}}", "VPC": _vpc_member("{{vpcB}}", "us-east-1")},
            ),
        ),
    ),
    "assoc2": (
        ("zone", "vpc2"),
        (
            Call(
                "route53",
                "AssociateVPCWithHostedZone",
                {"HostedZoneId": "{{zone}}", "VPC": _vpc_member("{{vpc2}}", "eu-west-1")},
            ),
        ),
    ),
    "rec": (
        ("zone",),
        (
            Call(
                "route53",
                "ChangeResourceRecordSets",
                {
                    "HostedZoneId": "{{zone}}",
                    "ChangeBatch": {
                        "Changes": [
                            {
                                "Action": "CREATE",
                                "ResourceRecordSet": {
                                    "Name": "www.corp.example.com.",
                                    "Type": "A",
                                    "TTL": 300,
                                    "ResourceRecords": [{"Value": "10.0.0.1"}],
                                },
                            }
                        ]
                    },
                },
            ),
        ),
    ),
    "tags50": (
        ("zone",),
        tuple(
            Call(
                "route53",
                "ChangeTagsForResource",
                {"ResourceType": "hostedzone", "ResourceId": "{{zone}}", "AddTags": _tags(10, f"t{n}-")},
            )
            for n in range(5)
        ),
    ),
    "tags": (
        ("zone",),
        (
            Call(
                "route53",
                "ChangeTagsForResource",
                {"ResourceType": "hostedzone", "ResourceId": "{{zone}}", "AddTags": [{"Key": "team", "Value": "dns"}]},
            ),
            Call("ec2", "CreateTags", {"Resources": ["{{vpc1}}"], "Tags": [{"Key": "team", "Value": "net"}]}),
        ),
    ),
}


@attrs.frozen
class _Settings:
    """World settings an endpoint must offer beyond plain calls (each one a ``needs`` entry)."""

    processing_seconds: int = 0
    quotas: tuple[tuple[str, int], ...] = ()

    @property
    def needs(self) -> tuple[str, ...]:
        needs = [f"processing_seconds={self.processing_seconds}"] if self.processing_seconds else []
        return (*needs, *(f"quota:{name}={value}" for name, value in self.quotas))


_PLAIN = _Settings()

#: The setups tried, as fragment names (the fragments they need are added); the
#: generator keeps, for each (rule, outcome), the one with the fewest needs, then calls.
_SETUPS: Final[tuple[tuple[_Settings, tuple[str, ...]], ...]] = (
    (_PLAIN, ()),
    (_PLAIN, ("vpc1",)),
    (_PLAIN, ("pub",)),
    (_PLAIN, ("vpcB",)),
    (_PLAIN, ("vpc2",)),
    (_PLAIN, ("zone",)),
    (_PLAIN, ("zone", "vpc2")),
    (_PLAIN, ("zone", "vpcB")),
    (_PLAIN, ("zone", "pub")),
    (_PLAIN, ("zone", "vpcC")),
    (_PLAIN, ("zone", "vpcCN")),
    (_PLAIN, ("zoneCN",)),
    (_PLAIN, ("zone", "zoneB")),
    (_PLAIN, ("auth",)),
    (_PLAIN, ("auth", "vpcC")),
    (_PLAIN, ("auth", "zoneB")),
    (_PLAIN, ("assoc2",)),
    (_PLAIN, ("rec",)),
    (_PLAIN, ("tags",)),
    (_PLAIN, ("defaults",)),
    (_PLAIN, ("nodns",)),
    (_PLAIN, ("five",)),
    (_PLAIN, ("tags50",)),
    (_Settings(processing_seconds=60), ("zone", "vpc2")),
    (_Settings(processing_seconds=60), ("pub",)),
    (_Settings(processing_seconds=60), ("zone",)),
    (_Settings(quotas=(("vpcs_per_zone", 1),)), ("zone", "vpc2")),
    (_Settings(quotas=(("authorizations_per_zone", 1),)), ("auth", "vpcC")),
    (_Settings(quotas=(("zones_per_account", 1),)), ("zone",)),
    (_Settings(quotas=(("rrsets_per_zone", 2),)), ("zone",)),
)


def _setup_calls(names: tuple[str, ...]) -> tuple[Call, ...]:
    wanted: set[str] = set()

    def need(name: str) -> None:
        if name not in wanted:
            wanted.add(name)
            for dep in _FRAGMENTS[name][0]:
                need(dep)

    for name in names:
        need(name)
    return tuple(call for name, (_, calls) in _FRAGMENTS.items() if name in wanted for call in calls)


# -- the requests: a valid request per operation, and its members' alternatives ----------------

_ABSENT: Final = "<absent>"  # an alternative that leaves the member out

_UNKNOWN_ZONE: Final = "Z0000000000000000000A"
_UNKNOWN_VPC: Final = "vpc-0000000000000000a"
_ZONES: Final = ("{{zone}}", "{{pub}}", "{{zoneB}}", "{{zoneCN}}", _UNKNOWN_ZONE, "Z" + "X" * 40)
_VPCS: Final = (
    _vpc_member("{{vpc2}}", "eu-west-1"),
    _vpc_member("{{vpc1}}", "us-east-1"),
    _vpc_member("{{vpcB}}", "us-east-1"),
    _vpc_member("{{vpcC}}", "us-east-1"),
    _vpc_member("{{vpcCN}}", "cn-north-1"),
    _vpc_member("{{vpc1}}", "eu-west-1"),
    _vpc_member(_UNKNOWN_VPC, "us-east-1"),
    _vpc_member("not-a-vpc-id", "us-east-1"),
    _vpc_member("{{vpc1}}", "mars-west-1"),
    _vpc_member("vpc-" + "0" * 1021, "us-east-1"),
)
#: (account role, region) of the caller.
_CALLERS: Final = (("A", "us-east-1"), ("B", "us-east-1"), ("C", "us-east-1"), ("CN", "cn-north-1"))
_EC2_CALLERS: Final = (("A", "us-east-1"), ("B", "us-east-1"), ("A", "eu-west-1"), ("CN", "cn-north-1"))
_COMMENTS: Final = (_ABSENT, "a comment", "x" * 1025)
_COUNTS: Final = (_ABSENT, "1", "0", "many")
_TOKENS: Final = (_ABSENT, "not-a-token")


def _record_change(action: str, name: str = "api.corp.example.com.", rtype: str = "A", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"Name": name, "Type": rtype, "TTL": 300, "ResourceRecords": [{"Value": "10.0.0.2"}]}
    record.update(extra)
    return {"Action": action, "ResourceRecordSet": {k: v for k, v in record.items() if v != _ABSENT}}


def _batch(*changes: dict[str, Any]) -> dict[str, Any]:
    return {"Changes": list(changes)}


def _filters(name: str, *values: str) -> list[dict[str, Any]]:
    return [{"Name": name, "Values": list(values)}]


@attrs.frozen
class _Template:
    """An operation's valid request and, per member (``None``: several at once), its alternatives."""

    service: str
    operation: str
    params: dict[str, Any]
    slots: tuple[tuple[str | None, tuple[Any, ...]], ...]
    callers: tuple[tuple[str, str], ...] = _CALLERS


def _zone_slot(member: str, base: str = "{{zone}}") -> tuple[str, tuple[Any, ...]]:
    return member, (base, *(z for z in _ZONES if z != base))


_EC2_VPC_IDS: Final = ("{{vpc1}}", "{{vpcB}}", "{{vpc2}}", _UNKNOWN_VPC, "not-a-vpc-id")
_DRY_RUN: Final = ("DryRun", (_ABSENT, True))


def _ec2_describe(ids_member: str, ids: tuple[Any, ...], filter_name: str) -> tuple[tuple[str | None, tuple[Any, ...]], ...]:
    return (
        (ids_member, (_ABSENT, *ids)),
        ("Filters", (_ABSENT, _filters(filter_name, "{{vpc1}}"), _filters("no-such-filter", "x"), _filters("tag:team", "net"))),
        ("MaxResults", (_ABSENT, 5, 1001)),
        ("NextToken", _TOKENS),
        _DRY_RUN,
    )


_TEMPLATES: Final[tuple[_Template, ...]] = (
    _Template(
        "route53",
        "AssociateVPCWithHostedZone",
        {},
        (_zone_slot("HostedZoneId"), ("VPC", _VPCS), ("Comment", _COMMENTS)),
    ),
    _Template(
        "route53",
        "DisassociateVPCFromHostedZone",
        {},
        (_zone_slot("HostedZoneId"), ("VPC", _VPCS), ("Comment", _COMMENTS)),
    ),
    _Template(
        "route53",
        "CreateHostedZone",
        {},
        (
            ("Name", ("new.example.com.", "corp.example.com.", "bad..name.", "a" * 64 + ".example.com.")),
            ("CallerReference", ("ref-new", "ref-zone", "r" * 129)),
            ("VPC", (_vpc_member("{{vpc1}}", "us-east-1"), _ABSENT, *_VPCS[2:])),
            ("HostedZoneConfig", (_ABSENT, {"PrivateZone": True}, {"PrivateZone": False}, {"Comment": "x" * 1025})),
            ("DelegationSetId", (_ABSENT, "N0000000000000000000A")),
        ),
    ),
    _Template("route53", "DeleteHostedZone", {}, (_zone_slot("Id"),)),
    _Template("route53", "GetHostedZone", {}, (_zone_slot("Id"),)),
    _Template(
        "route53",
        "CreateVPCAssociationAuthorization",
        {},
        (_zone_slot("HostedZoneId"), ("VPC", (_vpc_member("{{vpcB}}", "us-east-1"), *_VPCS))),
    ),
    _Template(
        "route53",
        "DeleteVPCAssociationAuthorization",
        {},
        (_zone_slot("HostedZoneId"), ("VPC", (_vpc_member("{{vpcB}}", "us-east-1"), *_VPCS))),
    ),
    _Template(
        "route53",
        "ListVPCAssociationAuthorizations",
        {},
        (_zone_slot("HostedZoneId"), ("NextToken", _TOKENS), ("MaxResults", _COUNTS)),
    ),
    _Template(
        "route53",
        "ListHostedZonesByVPC",
        {},
        (
            (None, tuple({"VPCId": v["VPCId"], "VPCRegion": v["VPCRegion"]} for v in (_VPCS[1], *_VPCS[:1], *_VPCS[2:]))),
            ("MaxItems", _COUNTS),
            ("NextToken", _TOKENS),
        ),
    ),
    _Template(
        "route53",
        "GetHostedZoneLimit",
        {},
        (("Type", ("MAX_VPCS_ASSOCIATED_BY_ZONE", "MAX_RRSETS_BY_ZONE", "NO_SUCH_LIMIT")), _zone_slot("HostedZoneId")),
    ),
    _Template("route53", "GetChange", {}, (("Id", ("{{zone_change}}", "C0000000000000000000A", "C" * 40)),)),
    _Template(
        "route53",
        "ListResourceRecordSets",
        {},
        (
            _zone_slot("HostedZoneId"),
            ("StartRecordName", (_ABSENT, "corp.example.com.", "bad..name.")),
            ("StartRecordType", (_ABSENT, "SOA", "NOPE")),
            ("MaxItems", _COUNTS),
        ),
    ),
    _Template(
        "route53",
        "ChangeResourceRecordSets",
        {},
        (
            _zone_slot("HostedZoneId"),
            (
                "ChangeBatch",
                (
                    _batch(_record_change("CREATE")),
                    _batch(_record_change("CREATE", "www.corp.example.com.")),
                    _batch(_record_change("DELETE")),
                    _batch(_record_change("UPSERT", "www.corp.example.com.")),
                    _batch(_record_change("CREATE", "www.other.example.org.")),
                    _batch(_record_change("CREATE", rtype="NOPE")),
                    _batch(_record_change("CREATE", TTL=_ABSENT)),
                    _batch(_record_change("CREATE", ResourceRecords=[{"Value": "not-an-address"}])),
                    _batch(_record_change("CREATE", ResourceRecords=[{"Value": f"10.0.{n // 250}.{n % 250}"} for n in range(401)])),
                    _batch(_record_change("CREATE", SetIdentifier="one", Weight=10)),
                    {"Changes": [], "Comment": "empty"},
                ),
            ),
        ),
    ),
    _Template(
        "route53",
        "ListHostedZones",
        {},
        (
            ("MaxItems", _COUNTS),
            ("Marker", (_ABSENT, "{{zone}}", _UNKNOWN_ZONE)),
            ("DelegationSetId", (_ABSENT, "N0000000000000000000A")),
            ("HostedZoneType", (_ABSENT, "PrivateHostedZone")),
        ),
    ),
    _Template(
        "route53",
        "ListHostedZonesByName",
        {},
        (
            ("DNSName", (_ABSENT, "corp.example.com.", "bad..name.")),
            ("HostedZoneId", (_ABSENT, "{{zone}}", _UNKNOWN_ZONE)),
            ("MaxItems", _COUNTS),
        ),
    ),
    _Template("route53", "GetHostedZoneCount", {}, ()),
    _Template(
        "route53",
        "UpdateHostedZoneComment",
        {},
        (_zone_slot("Id"), ("Comment", ("new comment", _ABSENT, "x" * 1025))),
    ),
    _Template(
        "route53",
        "ChangeTagsForResource",
        {"ResourceType": "hostedzone"},
        (
            _zone_slot("ResourceId"),
            ("AddTags", (_tags(1, "owner"), _ABSENT, _tags(11), [{"Key": "", "Value": "v"}], _tags(10))),
            ("RemoveTagKeys", (_ABSENT, ["team"], ["k" + str(n) for n in range(11)])),
            ("ResourceType", ("hostedzone", "healthcheck")),
        ),
    ),
    _Template(
        "route53",
        "ListTagsForResource",
        {"ResourceType": "hostedzone"},
        (_zone_slot("ResourceId"), ("ResourceType", ("hostedzone", "healthcheck"))),
    ),
    _Template(
        "route53",
        "ListTagsForResources",
        {"ResourceType": "hostedzone"},
        (
            ("ResourceIds", (["{{zone}}"], ["{{zone}}", "{{pub}}"], [_UNKNOWN_ZONE], ["{{zoneB}}"], ["{{zone}}"] * 11)),
            ("ResourceType", ("hostedzone", "healthcheck")),
        ),
    ),
    _Template("route53", "GetDNSSEC", {}, (_zone_slot("HostedZoneId", "{{pub}}"),)),
    _Template(
        "ec2",
        "CreateVpc",
        {},
        (
            ("CidrBlock", ("10.20.0.0/16", _ABSENT, "10.0.0.0/8", "10.0.0.0/29", "not-a-cidr", "10.0.0.1/16")),
            ("InstanceTenancy", (_ABSENT, "dedicated", "no-such-tenancy")),
            (
                "TagSpecifications",
                (
                    _ABSENT,
                    [{"ResourceType": "vpc", "Tags": _tags(1, "Name")}],
                    [{"ResourceType": "subnet", "Tags": _tags(1, "Name")}],
                    [{"ResourceType": "vpc", "Tags": _tags(51)}],
                    [{"ResourceType": "vpc", "Tags": [{"Key": "aws:reserved", "Value": "v"}]}],
                ),
            ),
            _DRY_RUN,
        ),
        _EC2_CALLERS,
    ),
    _Template("ec2", "DeleteVpc", {}, (("VpcId", _EC2_VPC_IDS), _DRY_RUN), _EC2_CALLERS),
    _Template(
        "ec2",
        "DescribeVpcs",
        {},
        _ec2_describe("VpcIds", (["{{vpc1}}"], [_UNKNOWN_VPC], ["not-a-vpc-id"]), "vpc-id"),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "DescribeVpcAttribute",
        {},
        (("VpcId", _EC2_VPC_IDS), ("Attribute", ("enableDnsSupport", "enableDnsHostnames", "noSuchAttribute")), _DRY_RUN),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "ModifyVpcAttribute",
        {},
        (
            ("VpcId", _EC2_VPC_IDS),
            (
                None,
                (
                    {"EnableDnsSupport": {"Value": True}},
                    {"EnableDnsHostnames": {"Value": True}},
                    {"EnableDnsSupport": {"Value": True}, "EnableDnsHostnames": {"Value": True}},
                    {},
                ),
            ),
        ),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "DescribeRouteTables",
        {},
        _ec2_describe("RouteTableIds", (["{{rtb1}}"], ["rtb-0000000000000000a"]), "vpc-id"),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "DescribeNetworkAcls",
        {},
        _ec2_describe("NetworkAclIds", (["{{acl1}}"], ["acl-0000000000000000a"]), "vpc-id"),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "DescribeSecurityGroups",
        {},
        (
            *_ec2_describe("GroupIds", (["{{sg1}}"], ["sg-0000000000000000a"]), "vpc-id"),
            ("GroupNames", (_ABSENT, ["default"], ["no-such-group"])),
        ),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "CreateTags",
        {},
        (
            (
                "Resources",
                (
                    ["{{vpc1}}"],
                    [_UNKNOWN_VPC],
                    ["not-a-resource"],
                    ["i-0000000000000000a"],
                    ["{{rtb1}}"],
                    ["rtb-0000000000000000a"],
                    ["acl-0000000000000000a"],
                    ["sg-0000000000000000a"],
                    ["{{vpc1}}"] * 1001,
                ),
            ),
            ("Tags", (_tags(1, "owner"), _tags(51), [{"Key": "aws:reserved", "Value": "v"}], [{"Key": "", "Value": "v"}])),
            _DRY_RUN,
        ),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "DeleteTags",
        {},
        (
            (
                "Resources",
                (
                    ["{{vpc1}}"],
                    [_UNKNOWN_VPC],
                    ["not-a-resource"],
                    ["i-0000000000000000a"],
                    ["rtb-0000000000000000a"],
                    ["acl-0000000000000000a"],
                    ["sg-0000000000000000a"],
                    ["{{vpc1}}"] * 1001,
                ),
            ),
            ("Tags", (_ABSENT, [{"Key": "team"}], [{"Key": "aws:reserved"}])),
            _DRY_RUN,
        ),
        _EC2_CALLERS,
    ),
    _Template(
        "ec2",
        "DescribeTags",
        {},
        (
            ("Filters", (_ABSENT, _filters("resource-id", "{{vpc1}}"), _filters("no-such-filter", "x"))),
            ("MaxResults", (_ABSENT, 5, 4, 1001)),
            ("NextToken", _TOKENS),
            _DRY_RUN,
        ),
        _EC2_CALLERS,
    ),
)


def _with(params: dict[str, Any], member: str | None, value: Any) -> dict[str, Any]:
    """*params* with *member* set to *value* (``None``: *value*'s members merged in)."""
    if member is None:
        return {**params, **value}
    if value == _ABSENT:
        return {k: v for k, v in params.items() if k != member}
    return {**params, member: value}


def _requests(template: _Template) -> list[tuple[int, Call]]:
    """The candidate requests: the valid one, every single change, then every pair (with how many changed)."""
    slots = [*template.slots, ("@caller", template.callers)]

    def build(changes: dict[int, Any]) -> Call:
        params, caller = dict(template.params), template.callers[0]
        for index, (member, alternatives) in enumerate(slots):
            value = changes.get(index, alternatives[0])
            if member == "@caller":
                caller = value
            else:
                params = _with(params, member, value)
        return Call(template.service, template.operation, params, caller[0], caller[1])

    out = [(0, build({}))]
    for i, (_, alternatives) in enumerate(slots):
        out.extend((1, build({i: alt})) for alt in alternatives[1:])
    for i in range(len(slots)):
        for j in range(i + 1, len(slots)):
            out.extend((2, build({i: a, j: b})) for a in slots[i][1][1:] for b in slots[j][1][1:])
    return out


_NAMES_IN: Final = _PLACEHOLDER


def _placeholders(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(_NAMES_IN.findall(value))
    if isinstance(value, dict):
        return set().union(*(_placeholders(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_placeholders(v) for v in value)) if value else set()
    return set()


# -- the search: every candidate through the model's AWS face, traced ----------------------------


@functools.cache
def _tracing_class() -> Any:
    """A Backend that runs each core request through ``explain`` and keeps the traces."""
    from . import _registry
    from .aws import Backend

    class Tracing(Backend):
        traces: list[Any]

        def apply(self, request: object) -> Any:
            return self._traced(_registry.explain(self._world, request))

        def run(self, operation: Any, request: Any) -> Any:
            return self._traced(operation.explain(self._world, request))

        def _traced(self, trace: Any) -> Any:
            self.traces.append(trace)
            if trace.error is not None:
                raise trace.error
            self._world = trace.world
            return trace.result

    return Tracing


def _tracing_backend(world: Any) -> Any:
    backend = _tracing_class()(world=world)
    backend.traces = []
    return backend


@attrs.frozen
class _Built:
    world: Any
    saved: dict[str, str]


def _empty_world(settings: _Settings, propagation_seconds: int = 0) -> Any:
    from ._values import Quotas
    from ._world import World

    return World.empty(
        propagation_seconds=propagation_seconds,
        processing_seconds=settings.processing_seconds,
        quotas=Quotas(**dict(settings.quotas)),
    )


def settings_of(needs: tuple[str, ...]) -> _Settings:
    """The world settings a case's ``needs`` ask for (``processing_seconds=N``, ``quota:NAME=N``).

    >>> settings_of(("accounts>=2", "quota:vpcs_per_zone=1")).quotas
    (('vpcs_per_zone', 1),)
    """
    processing, quotas = 0, []
    for need in needs:
        if need.startswith("processing_seconds="):
            processing = int(need.partition("=")[2])
        elif need.startswith("quota:"):
            name, _, value = need[len("quota:") :].partition("=")
            quotas.append((name, int(value)))
    return _Settings(processing_seconds=processing, quotas=tuple(quotas))


def _build(settings: _Settings, calls: tuple[Call, ...], shift: int = 0) -> _Built | None:
    """The world after *calls* (``None`` if one fails).

    *shift* moves the id sequence and sets a propagation delay: what an endpoint
    chooses itself (ids) or what depends on its timing (a change's status) then differs.
    """
    from .aws import Backend

    world = _empty_world(settings, propagation_seconds=60 if shift else 0)
    if shift:
        world = attrs.evolve(world, sequence=world.sequence + shift)
    backend = Backend(world=world)
    saved = dict(_ACCOUNT_PLACEHOLDERS)
    for call in calls:
        answer = _model_answer(backend, call, saved)
        if answer.code is not None:
            return None
        for name, path in call.save.items():
            saved[name] = str(lookup(answer.body, path))
    return _Built(backend.world, saved)


_ACCOUNT_PLACEHOLDERS: Final = {f"account.{role}": account for role, account in ACCOUNTS.items()}


def _traced_answer(built: _Built, call: Call, operation: str) -> tuple[Answer, Any] | None:
    """The model's answer to *call* on *built*'s world, and the trace of *operation* (or ``None``)."""
    from .errors import Route53Error

    backend = _tracing_backend(built.world)
    try:
        account = backend.join(ACCOUNTS[call.account], call.region)
        status, body = backend.answer(
            call.service, call.operation, fill(call.params, built.saved), account=account, region=call.region
        )
        answer = Answer(status, body)
    except Route53Error as exc:
        answer = Answer(exc.http_status, code=exc.code, message=exc.message)
    except Exception:  # a candidate the AWS face cannot even read: not a case
        return None
    traces = [t for t in backend.traces if t.operation == operation]
    return (answer, traces[-1]) if traces else None


def _template(value: Any, saved: Mapping[str, str]) -> Any:
    """*value* with every saved value (longest first, as a whole word) replaced by its ``{{name}}``."""
    if isinstance(value, str):
        for name, text in sorted(saved.items(), key=lambda item: (-len(item[1]), item[0])):
            if text and text in value:
                value = re.sub(
                    rf"(?<![0-9A-Za-z]){re.escape(text)}(?![0-9A-Za-z])", "{{" + name + "}}", value
                )
        return value
    if isinstance(value, dict):
        return {k: _template(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [_template(v, saved) for v in value]
    return value


#: An EC2-style id the endpoint chose (``dopt-…``, ``vpc-…``) left in a value after templating.
_AWS_ID: Final = re.compile(r"\b[a-z]+(-[a-z]+)*-[0-9a-f]{8,17}\b")


def _leaves(body: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted path → value for every leaf of a response body (timestamps left out)."""
    from datetime import datetime

    out: dict[str, Any] = {}
    if not prefix and not body:
        return out
    if isinstance(body, dict) and body:
        for key, value in body.items():
            out.update(_leaves(value, f"{prefix}{key}."))
    elif isinstance(body, list) and body:
        for index, value in enumerate(body):
            out.update(_leaves(value, f"{prefix}{index}."))
    elif not isinstance(body, datetime):
        out[prefix[:-1]] = body
    return out


def _expect(
    answer: Answer, built: _Built, shifted: tuple[Answer, _Built] | None
) -> Expect:
    """The expectation: the model's answer with saved ids as placeholders; what an endpoint
    chooses itself (fresh ids, timestamps) is left out — found by running again with shifted ids."""
    if answer.code is not None:
        message: str | None = _template(answer.message, built.saved)
        if shifted is None or _template(shifted[0].message, shifted[1].saved) != message:
            message = None
        return Expect(ok=False, code=answer.code, http_status=answer.status, message=message)
    fields = {path: _template(value, built.saved) for path, value in _leaves(answer.body).items()}
    if shifted is not None:
        other = {path: _template(value, shifted[1].saved) for path, value in _leaves(shifted[0].body).items()}
        fields = {
            path: value
            for path, value in fields.items()
            if other.get(path, _ABSENT) == value and not (isinstance(value, str) and _AWS_ID.search(value))
        }
    else:
        fields = {}
    return Expect(ok=True, http_status=answer.status, fields=fields)


def _needs(settings: _Settings, calls: tuple[Call, ...]) -> tuple[str, ...]:
    roles = {call.account for call in calls}
    needs = []
    if len(roles) > 1:
        needs.append(f"accounts>={len(roles)}")
    if any(call.region.startswith("cn-") for call in calls):
        needs.append("partition:aws-cn")
    return (*needs, *settings.needs)


#: The AWS name of each modelled operation an endpoint serves, and the model's operation.
def _served() -> dict[str, Any]:
    from ._registry import OPERATIONS
    from .aws import operations

    answered = {name for names in operations().values() for name in names}
    served = {}
    for op in OPERATIONS:
        name = op.aws_name.removesuffix(" (EC2)")
        if name in answered:
            served[name] = op
    return served


_SERVICE_OWNED: Final = "needs a zone a service owns, made by a world fact (create-service-zone), not an AWS call"
_LINKED: Final = "needs a zone linked to a service, made by a world fact (link-zone), not an AWS call"
_NOT_AWS: Final = "NotModelled is the model's own refusal of what it does not model (HTTP 501), not AWS behaviour"
_TYPES: Final = (
    "the input rule refuses members of the wrong type or shape, which botocore's parameter validation never sends"
)

#: Every (rule, outcome) the generator cannot reach, and why.  The search stops for an
#: operation once every other outcome has a case; a new rule's outcome missing from
#: here is searched for in full, and listed by :func:`unreached` if no candidate reaches it.
_WHY_UNREACHED: Final[dict[str, str]] = {
    "associate.not-service-owned/AccessDenied": _SERVICE_OWNED,
    "disassociate.not-service-owned/AccessDenied": _SERVICE_OWNED,
    "create-hosted-zone.new-members-default/NotModelled": _NOT_AWS,
    "delete-hosted-zone.not-linked/AccessDenied": _LINKED,
    "create-vpc.input/InvalidInput": _TYPES,
    "create-vpc.unmodelled/NotModelled": _NOT_AWS,
    "create-vpc.owner-partition/InvalidInput": "an endpoint refuses a key of another partition before "
    "the operation runs (InvalidClientTokenId)",
    "create-vpc.id-unused/InvalidInput": "ids come from the endpoint: a request cannot choose one already used",
    "delete-vpc.input/InvalidInput": _TYPES,
    "delete-vpc.no-dependencies/DependencyViolation": "the model has no dependency that blocks a deletion: "
    "the rule always holds",
    "change-resource-record-sets.simple-only/NotModelled": _NOT_AWS,
    "change-resource-record-sets.not-linked/AccessDenied": _LINKED,
    "get-hosted-zone-count.input/InvalidInput": "the operation has no members: only a caller's object of "
    "the wrong type fails it",
    "change-tags-for-resource.hosted-zone-only/NotModelled": _NOT_AWS,
    "list-tags-for-resource.hosted-zone-only/NotModelled": _NOT_AWS,
    "list-tags-for-resources.hosted-zone-only/NotModelled": _NOT_AWS,
    "describe-vpcs.input/InvalidInput": _TYPES,
    "describe-vpcs.filters/NotModelled": _NOT_AWS,
    "describe-vpc-attribute.input/InvalidInput": _TYPES,
    "modify-vpc-attribute.input/InvalidInput": _TYPES,
    "modify-vpc-attribute.dry-run/DryRunOperation": "botocore's ModifyVpcAttribute has no DryRun member: "
    "an SDK cannot send one",
    "describe-route-tables.input/InvalidInput": _TYPES,
    "describe-route-tables.filters/NotModelled": _NOT_AWS,
    "describe-network-acls.input/InvalidInput": _TYPES,
    "describe-network-acls.filters/NotModelled": _NOT_AWS,
    "describe-security-groups.input/InvalidInput": _TYPES,
    "describe-security-groups.filters/NotModelled": _NOT_AWS,
    "create-tags.input/InvalidInput": _TYPES,
    "delete-tags.input/InvalidInput": _TYPES,
    "describe-tags.input/InvalidInput": _TYPES,
    "describe-tags.filters/NotModelled": _NOT_AWS,
}


def _reason(key: str, outcome: str) -> str:
    if key in _WHY_UNREACHED:
        return _WHY_UNREACHED[key]
    if outcome == "NotModelled":
        return _NOT_AWS
    return "no candidate setup and request of the generator reaches it"


@attrs.frozen
class Unreached:
    """A (rule, outcome) the corpus has no case for, and why."""

    rule: str
    outcome: str
    reason: str

    @property
    def id(self) -> str:
        """``rule/outcome``, as a case's id would be."""
        return f"{self.rule}/{self.outcome}"

    def to_json(self) -> dict[str, str]:
        """As JSON data."""
        return {"rule": self.rule, "outcome": self.outcome, "reason": self.reason}


@functools.cache
def _corpus() -> tuple[tuple[Case, ...], tuple[Unreached, ...]]:
    served = _served()
    templates = {t.operation: t for t in _TEMPLATES}
    setups = sorted(
        (
            (len(settings.needs), len(_setup_calls(names)), index, settings, _setup_calls(names))
            for index, (settings, names) in enumerate(_SETUPS)
        ),
        key=lambda entry: entry[:3],
    )
    built: list[tuple[_Settings, tuple[Call, ...], _Built]] = []
    for _, _, _, settings, calls in setups:
        world = _build(settings, calls)
        if world is not None:
            built.append((settings, calls, world))
    found: dict[str, Case] = {}
    shifted_built: dict[int, _Built | None] = {}
    for aws_name, op in served.items():
        template = templates.get(aws_name)
        if template is None:
            continue
        wanted = {f"{rule.id}/holds" for rule in op.rules} | {
            f"{rule.id}/{code}" for rule in op.rules for code in rule.error_codes
        }
        requests = [
            (_placeholders(request.params), request)
            for _, request in sorted(_requests(template), key=lambda entry: entry[0])
        ]
        for index, (settings, calls, world) in enumerate(built):
            if not wanted - found.keys() - _WHY_UNREACHED.keys():
                break
            names = set(world.saved)
            for placeholders, request in requests:
                if not placeholders <= names:
                    continue
                result = _traced_answer(world, request, op.name)
                if result is None:
                    continue
                answer, trace = result
                if trace.ok:
                    keys = [(rule, "holds") for rule in op.rules]
                else:
                    failed = next(step for step in trace.steps if step.error is not None)
                    keys = [(failed.rule, failed.error.code)]
                new = [(rule, outcome) for rule, outcome in keys if f"{rule.id}/{outcome}" not in found]
                new = [(rule, outcome) for rule, outcome in new if outcome != "NotModelled"]
                if not new:
                    continue
                if index not in shifted_built:
                    shifted_built[index] = _build(settings, calls, shift=7919)
                shifted_world = shifted_built[index]
                shifted = None
                if shifted_world is not None:
                    again = _traced_answer(shifted_world, request, op.name)
                    if again is not None:
                        shifted = (again[0], shifted_world)
                expect = _expect(answer, world, shifted)
                for rule, outcome in new:
                    found[f"{rule.id}/{outcome}"] = Case(
                        id=f"{rule.id}/{outcome}",
                        operation=op.name,
                        aws_operation=aws_name,
                        rule=rule.id,
                        confidence=str(rule.confidence),
                        statement=rule.statement,
                        setup=calls,
                        request=request,
                        expect=expect,
                        needs=_needs(settings, (*calls, request)),
                    )
    order = {aws: n for n, aws in enumerate(served)}
    rule_order = {rule.id: n for op in served.values() for n, rule in enumerate(op.rules)}
    corpus = sorted(
        found.values(),
        key=lambda c: (order[c.aws_operation], rule_order[c.rule], c.outcome != "holds", c.outcome),
    )
    unreached = []
    for op in served.values():
        for rule in op.rules:
            for outcome in ("holds", *rule.error_codes):
                key = f"{rule.id}/{outcome}"
                if key not in found:
                    unreached.append(Unreached(rule.id, outcome, _reason(key, outcome)))
    return tuple(corpus), tuple(dict.fromkeys(unreached))


def cases() -> tuple[Case, ...]:
    """The whole corpus, in a fixed order: by operation, then rule, ``holds`` first (made once per process)."""
    return _corpus()[0]


def unreached() -> tuple[Unreached, ...]:
    """Every (rule, outcome) of a served operation without a case, with the reason."""
    return _corpus()[1]


# -- replaying a case against the model ----------------------------------------------------------


def lookup(body: Any, path: str) -> Any:
    """The value at dotted *path* in a response body (list items by index); ``KeyError`` if absent.

    A path may end in ``|basename``: the text after the value's last ``/``.

    >>> lookup({"VPCs": [{"VPCId": "vpc-1"}]}, "VPCs.0.VPCId")
    'vpc-1'
    >>> lookup({"HostedZone": {"Id": "/hostedzone/Z1"}}, "HostedZone.Id|basename")
    'Z1'
    """
    path, _, transform = path.partition("|")
    if transform == "basename":
        return str(lookup(body, path)).rpartition("/")[2]
    if transform:
        raise KeyError(f"{path}|{transform}")
    value = body
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(path)
    return value


@attrs.frozen
class Answer:
    """What an endpoint said to one call: the HTTP status, and the body or the error."""

    status: int
    body: dict[str, Any] = attrs.field(factory=dict, converter=_frozen_dict)
    code: str | None = None
    message: str | None = None


def mismatches(case: Case, answer: Answer, saved: Mapping[str, str]) -> list[str]:
    """How *answer* differs from what *case* expects (empty when it matches)."""
    want = case.expect
    problems: list[str] = []
    if not want.ok:
        if answer.code != want.code:
            problems.append(f"code: expected {want.code}, got {answer.code or 'success'}")
        if want.http_status is not None and answer.status != want.http_status:
            problems.append(f"HTTP status: expected {want.http_status}, got {answer.status}")
        if want.message is not None and answer.code == want.code:
            message = fill(want.message, saved)
            if answer.message != message:
                problems.append(f"message: expected {message!r}, got {answer.message!r}")
        return problems
    if answer.code is not None:
        return [f"expected success, got {answer.code}: {answer.message}"]
    if want.http_status is not None and answer.status != want.http_status:
        problems.append(f"HTTP status: expected {want.http_status}, got {answer.status}")
    for path, expected in want.fields.items():
        try:
            got = lookup(answer.body, path)
        except KeyError:
            problems.append(f"{path}: absent")
            continue
        if got != fill(expected, saved):
            problems.append(f"{path}: expected {fill(expected, saved)!r}, got {got!r}")
    return problems


def _model_answer(backend: Any, call: Call, saved: Mapping[str, str]) -> Answer:
    from .errors import Route53Error

    account = backend.join(ACCOUNTS[call.account], call.region)
    try:
        status, body = backend.answer(
            call.service, call.operation, fill(call.params, saved), account=account, region=call.region
        )
    except Route53Error as exc:
        return Answer(exc.http_status, code=exc.code, message=exc.message)
    return Answer(status, body)


def replay(case: Case, backend: Any = None) -> list[str]:
    """Run *case* against the model's AWS face (a fresh :class:`~route53_assoc.aws.Backend`).

    Returns the mismatches (empty when the model answers as the case expects).

    >>> replay(cases()[0])
    []
    """
    if backend is None:
        from .aws import Backend

        settings = settings_of(case.needs)
        backend = Backend(world=_empty_world(settings))
    saved: dict[str, str] = dict(_ACCOUNT_PLACEHOLDERS)
    for number, call in enumerate(case.setup):
        answer = _model_answer(backend, call, saved)
        if answer.code is not None:
            return [f"setup call {number} ({call.operation}) failed: {answer.code}: {answer.message}"]
        for name, path in call.save.items():
            saved[name] = str(lookup(answer.body, path))
    return mismatches(case, _model_answer(backend, case.request, saved), saved)

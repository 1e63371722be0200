"""Record sets (spec §S2): defaults, names, ListResourceRecordSets, ChangeResourceRecordSets.

Expected codes, statuses and messages are written from the spec's text.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc import errors
from route53_assoc.aws import Backend

from .conftest import A, B, Story, build_story

PRIVATE_NS = [
    "ns-1536.awsdns-00.co.uk.",
    "ns-0.awsdns-00.com.",
    "ns-1024.awsdns-00.org.",
    "ns-512.awsdns-00.net.",
]
PRIVATE_SOA = "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
ZONE = "corp.example.com."  # the story's private zone
PUBLIC = "example.com."  # the story's public zone


def ch(action: str, name: str, type: str = "A", ttl: int | None = 300, *values: str) -> r53.RecordChange:
    return r53.RecordChange(action=action, name=name, type=type, ttl=ttl, values=values or ("192.0.2.1",))


def change(
    world: r53.World, zone: str, *changes: Any, caller: str = A, comment: str | None = None
) -> r53.World:
    return r53.change_resource_record_sets(
        world, caller=caller, hosted_zone_id=zone, changes=list(changes), comment=comment
    )[0]


def refused(world: r53.World, zone: str, *changes: Any, caller: str = A) -> errors.Route53Error:
    with pytest.raises(errors.Route53Error) as info:
        r53.change_resource_record_sets(world, caller=caller, hosted_zone_id=zone, changes=list(changes))
    return info.value


def batch_messages(world: r53.World, zone: str, *changes: Any) -> tuple[str, ...]:
    error = refused(world, zone, *changes)
    assert isinstance(error, errors.InvalidChangeBatch)
    assert error.code == "InvalidChangeBatch" and error.http_status == 400
    assert error.message == "[" + ", ".join(error.messages) + "]"
    return error.messages


def sets(world: r53.World, zone: str, **kw: Any) -> list[tuple[str, str, int, tuple[str, ...]]]:
    page = r53.list_resource_record_sets(world, caller=A, hosted_zone_id=zone, **kw)
    return [(s.name, s.type, s.ttl, tuple(s.values)) for s in page.record_sets]


# -- §S2.1 defaults ------------------------------------------------------------------


class TestDefaults:
    def test_private_zone(self, story: Story) -> None:
        assert sets(story.world, story.zone) == [
            (ZONE, "NS", 172800, tuple(PRIVATE_NS)),
            (ZONE, "SOA", 900, (PRIVATE_SOA,)),
        ]

    def test_public_zone(self, story: Story) -> None:
        (ns_name, ns, ns_ttl, servers), (soa_name, soa, soa_ttl, (soa_value,)) = sets(
            story.world, story.public_zone
        )
        assert (ns_name, ns, ns_ttl, soa_name, soa, soa_ttl) == (PUBLIC, "NS", 172800, PUBLIC, "SOA", 900)
        assert soa_value == f"{servers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
        ranges = {
            "com": range(0, 512),
            "net": range(512, 1024),
            "org": range(1024, 1536),
            "co.uk": range(1536, 2048),
        }
        assert len(servers) == 4
        for server in servers:
            match = re.fullmatch(r"ns-(\d+)\.awsdns-(\d\d)\.(com|net|org|co\.uk)\.", server)
            assert match is not None, server
            assert int(match.group(1)) in ranges[match.group(3)]
            assert server not in PRIVATE_NS

    def test_public_never_reserved_and_deterministic(self) -> None:
        w = r53.World.empty()
        seen = set()
        for i in range(200):
            w, made = r53.create_hosted_zone(w, caller=A, name=f"z{i}.example", caller_reference=f"r{i}")
            (_, _, _, servers), _ = sets(w, made.zone.id)
            assert not set(servers) & set(PRIVATE_NS)
            seen.add(servers)
        assert len(seen) > 150
        again = r53.create_hosted_zone(r53.World.empty(), caller=A, name="z0.example", caller_reference="r0")[
            0
        ]
        assert sets(again, next(iter(again.zones))) == sets(
            r53.create_hosted_zone(r53.World.empty(), caller=A, name="z0.example", caller_reference="r0")[0],
            next(iter(again.zones)),
        )

    def test_delegation_set_is_the_ns_without_dots(self) -> None:
        backend = Backend()
        _, body = backend.answer(
            "route53",
            "CreateHostedZone",
            {"Name": "example.com", "CallerReference": "x"},
            account=A,
            region="us-east-1",
        )
        zone = body["HostedZone"]["Id"]
        _, listing = backend.answer(
            "route53", "ListResourceRecordSets", {"HostedZoneId": zone}, account=A, region="us-east-1"
        )
        ns = listing["ResourceRecordSets"][0]
        assert ns["Type"] == "NS"
        assert body["DelegationSet"]["NameServers"] == [r["Value"][:-1] for r in ns["ResourceRecords"]]
        _, got = backend.answer("route53", "GetHostedZone", {"Id": zone}, account=A, region="us-east-1")
        assert got["DelegationSet"] == body["DelegationSet"]

    def test_zone_count(self) -> None:
        """ZONE-COUNT: 2 after creation, then every change counts."""
        backend = Backend()
        _, body = backend.answer(
            "route53",
            "CreateHostedZone",
            {"Name": "example.com", "CallerReference": "x"},
            account=A,
            region="us-east-1",
        )
        assert body["HostedZone"]["ResourceRecordSetCount"] == 2
        zone = body["HostedZone"]["Id"]
        backend.answer(
            "route53",
            "ChangeResourceRecordSets",
            {
                "HostedZoneId": zone,
                "ChangeBatch": {
                    "Changes": [
                        {
                            "Action": "CREATE",
                            "ResourceRecordSet": {
                                "Name": "www.example.com",
                                "Type": "A",
                                "TTL": 60,
                                "ResourceRecords": [{"Value": "192.0.2.1"}],
                            },
                        }
                    ]
                },
            },
            account=A,
            region="us-east-1",
        )
        _, got = backend.answer("route53", "GetHostedZone", {"Id": zone}, account=A, region="us-east-1")
        assert got["HostedZone"]["ResourceRecordSetCount"] == 3


# -- §S2.2 names ---------------------------------------------------------------------


class TestNames:
    def test_key_is_case_folded(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("CREATE", "WWW.Corp.Example.com"))
        assert batch_messages(w, story.zone, ch("CREATE", "www.corp.example.com.")) == (
            "Tried to create resource record set [name='www.corp.example.com.', type='A'] but it already exists",
        )

    def test_wildcard_and_literal_star(self, story: Story) -> None:
        w = change(
            story.world,
            story.zone,
            ch("CREATE", "*.corp.example.com"),
            ch("CREATE", "*prod.corp.example.com"),
        )
        names = [name for name, *_ in sets(w, story.zone)]
        assert "\\052.corp.example.com." in names and "\\052prod.corp.example.com." in names

    def test_empty_label(self, story: Story) -> None:
        assert batch_messages(story.world, story.zone, ch("CREATE", "a..corp.example.com")) == (
            "FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with 'a..corp.example.com'",
        )
        assert batch_messages(story.world, story.zone, ch("CREATE", "a.corp.example.com..")) == (
            "FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with 'a.corp.example.com..'",
        )

    def test_label_and_name_too_long(self, story: Story) -> None:
        long_label = "a" * 64 + ".corp.example.com"
        assert batch_messages(story.world, story.zone, ch("CREATE", long_label)) == (
            f"FATAL problem: DomainLabelTooLong (Domain label is too long) encountered with '{long_label}'",
        )
        long_name = ".".join(["a" * 60] * 4) + ".corp.example.com"
        assert batch_messages(story.world, story.zone, ch("CREATE", long_name)) == (
            f"FATAL problem: DomainNameTooLong (Domain name is too long) encountered with '{long_name}'",
        )

    def test_values_verbatim(self, story: Story) -> None:
        w = change(
            story.world,
            story.zone,
            ch("CREATE", "c.corp.example.com", "CNAME", 60, "Target.Example.NET"),
            ch("CREATE", "a.corp.example.com", "A", 60, "192.0.2.9", "192.0.2.1", "192.0.2.5"),
        )
        listed = {(n, t): v for n, t, _, v in sets(w, story.zone)}
        assert listed[("c.corp.example.com.", "CNAME")] == ("Target.Example.NET",)
        assert listed[("a.corp.example.com.", "A")] == ("192.0.2.9", "192.0.2.1", "192.0.2.5")


# -- §S2.3 ListResourceRecordSets --------------------------------------------------------


def populated(story: Story) -> r53.World:
    return change(
        story.world,
        story.public_zone,
        ch("CREATE", "example.com", "A"),
        ch("CREATE", "example.com", "MX", 300, "10 mail.example.com"),
        ch("CREATE", "example.com", "TXT", 300, '"v=spf1 -all"'),
        ch("CREATE", "b.example.com", "AAAA", 300, "2001:db8::1"),
        ch("CREATE", "a.b.example.com", "A"),
        ch("CREATE", "z.example.com", "A"),
        ch("CREATE", "a.example.com", "CNAME", 300, "z.example.com"),
        ch("CREATE", "b.example.com", "A"),
    )


class TestList:
    def test_order(self, story: Story) -> None:
        w = populated(story)
        assert [(n, t) for n, t, *_ in sets(w, story.public_zone)] == [
            ("example.com.", "A"),
            ("example.com.", "MX"),
            ("example.com.", "NS"),
            ("example.com.", "SOA"),
            ("example.com.", "TXT"),
            ("a.example.com.", "CNAME"),
            ("b.example.com.", "A"),
            ("b.example.com.", "AAAA"),
            ("a.b.example.com.", "A"),
            ("z.example.com.", "A"),
        ]

    def test_start_name_only_is_not_a_filter(self, story: Story) -> None:
        w = populated(story)
        got = [(n, t) for n, t, *_ in sets(w, story.public_zone, start_record_name="B.example.com")]
        assert got == [
            ("b.example.com.", "A"),
            ("b.example.com.", "AAAA"),
            ("a.b.example.com.", "A"),
            ("z.example.com.", "A"),
        ]
        got = [(n, t) for n, t, *_ in sets(w, story.public_zone, start_record_name="c.example.com")]
        assert got == [("z.example.com.", "A")]

    def test_start_name_and_type(self, story: Story) -> None:
        w = populated(story)
        got = [
            (n, t)
            for n, t, *_ in sets(
                w, story.public_zone, start_record_name="example.com", start_record_type="NS"
            )
        ]
        assert got[:3] == [("example.com.", "NS"), ("example.com.", "SOA"), ("example.com.", "TXT")]
        got = [
            (n, t)
            for n, t, *_ in sets(
                w, story.public_zone, start_record_name="b.example.com", start_record_type="CNAME"
            )
        ]
        assert got[0] == ("a.b.example.com.", "A")

    def test_identifier_with_name_and_type_is_accepted(self, story: Story) -> None:
        assert (
            sets(
                story.world,
                story.zone,
                start_record_name=ZONE,
                start_record_type="NS",
                start_record_identifier="x",
            )[0][1]
            == "NS"
        )

    def _input_error(self, story: Story, **kw: Any) -> errors.Route53Error:
        with pytest.raises(errors.InvalidInput) as info:
            r53.list_resource_record_sets(story.world, caller=A, hosted_zone_id=story.zone, **kw)
        assert info.value.http_status == 400
        return info.value

    def test_type_alone(self, story: Story) -> None:
        assert self._input_error(story, start_record_type="A").message == ""

    def test_identifier_alone(self, story: Story) -> None:
        assert self._input_error(story, start_record_identifier="x").message == ""
        assert self._input_error(story, start_record_name=ZONE, start_record_identifier="x").message == ""

    def test_bad_type(self, story: Story) -> None:
        assert self._input_error(story, start_record_name=ZONE, start_record_type="BOGUS").message == (
            "1 validation error detected: Value 'BOGUS' at 'type' failed to satisfy constraint: Member must "
            "satisfy enum value set: [SOA, A, TXT, NS, CNAME, MX, NAPTR, PTR, SRV, SPF, AAAA, CAA, DS, TLSA, "
            "SSHFP, SVCB, HTTPS]"
        )

    def test_bad_name(self, story: Story) -> None:
        assert "a..b" in self._input_error(story, start_record_name="a..b").message

    @pytest.mark.parametrize("bad", ["0", "-1", "abc", 0])
    def test_bad_maxitems(self, story: Story, bad: object) -> None:
        assert self._input_error(story, max_items=bad).message == (
            f"1 validation error detected: Value '{bad}' at 'maxItems' failed to satisfy constraint: "
            "Member must be a positive integer"
        )

    def test_paging(self, story: Story) -> None:
        w = populated(story)
        page = r53.list_resource_record_sets(w, caller=A, hosted_zone_id=story.public_zone)
        assert (page.max_items, page.is_truncated, page.next_record_name) == ("300", False, None)
        page = r53.list_resource_record_sets(w, caller=A, hosted_zone_id=story.public_zone, max_items="1000")
        assert page.max_items == "1000" and len(page.record_sets) == 10
        page = r53.list_resource_record_sets(w, caller=A, hosted_zone_id=story.public_zone, max_items="4")
        assert page.is_truncated and len(page.record_sets) == 4
        assert (page.next_record_name, page.next_record_type) == ("example.com.", "TXT")

    def test_cap_300(self, story: Story) -> None:
        changes = [ch("CREATE", f"h{i:03d}.example.com") for i in range(305)]
        w = change(story.world, story.public_zone, *changes)
        page = r53.list_resource_record_sets(w, caller=A, hosted_zone_id=story.public_zone, max_items=500)
        assert len(page.record_sets) == 300 and page.is_truncated and page.max_items == "500"

    def test_no_such_zone_and_not_owner(self, story: Story) -> None:
        with pytest.raises(errors.NoSuchHostedZone) as missing:
            r53.list_resource_record_sets(story.world, caller=A, hosted_zone_id="Z0000000000000000000A")
        assert missing.value.http_status == 404
        assert missing.value.message == "No hosted zone found with ID: Z0000000000000000000A"
        with pytest.raises(errors.AccessDenied) as denied:
            r53.list_resource_record_sets(story.world, caller=B, hosted_zone_id=story.zone)
        assert denied.value.http_status == 403


# -- §S2.4 ChangeResourceRecordSets: shape and refusal --------------------------------------


class TestShape:
    def test_rule_order(self) -> None:
        assert [rule.id for rule in r53.CHANGE_RECORD_SETS.rules] == [
            "change-resource-record-sets.input",
            "change-resource-record-sets.simple-only",
            "change-resource-record-sets.zone-exists",
            "change-resource-record-sets.caller-owns-zone",
            "change-resource-record-sets.not-linked",
            "change-resource-record-sets.no-prior-request",
            "change-resource-record-sets.request-limits",
            "change-resource-record-sets.changes-valid",
        ]

    def test_found_none(self, story: Story) -> None:
        error = refused(story.world, story.zone, ch("CREATE", "WWW.corp.example.com", "A", None))
        assert (error.code, error.http_status) == ("InvalidInput", 400)
        assert error.message == (
            "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or "
            "TrafficPolicyInstanceId], but found none in Change with [Action=CREATE, Name=WWW.corp.example.com, "
            "Type=A, SetIdentifier=null]"
        )
        mapping = {
            "Action": "UPSERT",
            "ResourceRecordSet": {"Name": "x.corp.example.com", "Type": "TXT", "TTL": 60},
        }
        assert refused(story.world, story.zone, mapping).message.endswith(
            "[Action=UPSERT, Name=x.corp.example.com, Type=TXT, SetIdentifier=null]"
        )

    def test_bad_action(self, story: Story) -> None:
        error = refused(story.world, story.zone, ch("REPLACE", "x.corp.example.com"))
        assert (error.code, error.message) == (
            "InvalidInput",
            "Invalid XML ; cvc-enumeration-valid: Value 'REPLACE' is not facet-valid with respect to enumeration "
            "'[CREATE, DELETE, UPSERT]'. It must be a value from the enumeration.",
        )

    def test_no_changes_and_long_comment(self, story: Story) -> None:
        assert refused(story.world, story.zone).code == "InvalidInput"
        with pytest.raises(errors.InvalidInput) as info:
            r53.change_resource_record_sets(
                story.world,
                caller=A,
                hosted_zone_id=story.zone,
                changes=[ch("CREATE", "x.corp.example.com")],
                comment="c" * 257,
            )
        assert "Member must have length less than or equal to 256" in info.value.message

    @pytest.mark.parametrize("ttl", [-1, 2147483648, "60", True])
    def test_ttl_out_of_range(self, story: Story, ttl: Any) -> None:
        error = refused(story.world, story.zone, ch("CREATE", "x.corp.example.com", "A", ttl))
        assert (error.code, error.http_status) == ("InvalidInput", 400)
        assert error.message.startswith("1 validation error detected: ")

    def test_ttl_bounds_accepted(self, story: Story) -> None:
        w = change(
            story.world,
            story.zone,
            ch("CREATE", "x.corp.example.com", "A", 0),
            ch("CREATE", "y.corp.example.com", "A", 2147483647),
        )
        assert w.check() == []

    def test_value_length(self, story: Story) -> None:
        value = '"' + "a" * 3999 + '"'
        error = refused(story.world, story.zone, ch("CREATE", "x.corp.example.com", "TXT", 60, value))
        assert error.code == "InvalidInput"
        assert "Member must have length less than or equal to 4000" in error.message

    @pytest.mark.parametrize(
        "member",
        [
            "SetIdentifier",
            "Weight",
            "Region",
            "GeoLocation",
            "Failover",
            "MultiValueAnswer",
            "HealthCheckId",
            "TrafficPolicyInstanceId",
            "AliasTarget",
            "CidrRoutingConfig",
            "GeoProximityLocation",
            "AZAffinity",
        ],
    )
    def test_not_simple_member(self, story: Story, member: str) -> None:
        good = ch("CREATE", "ok.corp.example.com")
        rrset = {
            "Name": "x.corp.example.com",
            "Type": "A",
            "TTL": 60,
            "ResourceRecords": [{"Value": "192.0.2.1"}],
            member: {"HostedZoneId": "Z1", "DNSName": "x", "EvaluateTargetHealth": False},
        }
        error = refused(story.world, story.zone, good, {"Action": "CREATE", "ResourceRecordSet": rrset})
        assert (error.code, error.http_status) == ("NotModelled", 501)
        assert error.message.startswith("route53-assoc does not model ") and member in error.message

    @pytest.mark.parametrize("kind", ["TLSA", "SSHFP", "SVCB", "HTTPS"])
    def test_not_simple_type(self, story: Story, kind: str) -> None:
        error = refused(story.world, story.zone, ch("CREATE", "x.corp.example.com", kind, 60, "1 1 1 ab"))
        assert error.code == "NotModelled" and kind in error.message

    def test_limits(self, story: Story) -> None:
        many = [f"192.0.2.{i % 250}" for i in range(400)]
        assert batch_messages(
            story.world,
            story.zone,
            ch("CREATE", "a.corp.example.com", "A", 60, *many),
            ch("CREATE", "b.corp.example.com", "A", 60, *many),
            ch("CREATE", "c.corp.example.com", "A", 60, *many[:201]),
        ) == ("Number of records limit of 1000 exceeded.",)
        upsert = [f"192.0.2.{i % 250}" for i in range(251)]
        assert batch_messages(
            story.world,
            story.zone,
            ch("UPSERT", "a.corp.example.com", "A", 60, *upsert),
            ch("UPSERT", "b.corp.example.com", "A", 60, *upsert),
        ) == ("Number of records limit of 1000 exceeded.",)
        value = " ".join(['"' + "a" * 250 + '"'] * 15)  # 3,764 characters
        assert (
            batch_messages(
                story.world,
                story.zone,
                ch("CREATE", "t.corp.example.com", "TXT", 60, *[value + str(i) for i in range(9)]),
            )[0]
            == "Total value length limit of 32000 exceeded."
        )
        assert batch_messages(
            story.world,
            story.zone,
            ch("CREATE", "a.corp.example.com", "A", 60, *[f"10.0.{i // 250}.{i % 250}" for i in range(401)]),
        ) == ("Cannot have more than 400 records in a RRSet.",)


# -- batch semantics ----------------------------------------------------------------------


class TestBatch:
    def test_atomic(self, story: Story) -> None:
        before = story.world
        batch_messages(
            before, story.zone, ch("CREATE", "ok.corp.example.com"), ch("DELETE", "missing.corp.example.com")
        )
        assert sets(before, story.zone) == sets(build_story().world, story.zone)
        with pytest.raises(errors.InvalidChangeBatch):
            r53.change_resource_record_sets(
                before,
                caller=A,
                hosted_zone_id=story.zone,
                changes=[ch("CREATE", "ok.corp.example.com"), ch("DELETE", "no.corp.example.com")],
            )
        assert before == build_story().world

    def test_delete_then_create(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("CREATE", "x.corp.example.com", "A", 60, "192.0.2.1"))
        w = change(
            w,
            story.zone,
            ch("DELETE", "x.corp.example.com", "A", 60, "192.0.2.1"),
            ch("CREATE", "x.corp.example.com", "A", 120, "192.0.2.2"),
        )
        assert ("x.corp.example.com.", "A", 120, ("192.0.2.2",)) in sets(w, story.zone)
        assert w.check() == []

    def test_all_errors_in_order(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("CREATE", "x.corp.example.com"))
        assert batch_messages(
            w,
            story.zone,
            ch("DELETE", "gone.corp.example.com"),
            ch("CREATE", "fine.corp.example.com"),
            ch("CREATE", "x.corp.example.com"),
        ) == (
            "Tried to delete resource record set [name='gone.corp.example.com.', type='A'] but it was not found",
            "Tried to create resource record set [name='x.corp.example.com.', type='A'] but it already exists",
        )

    @pytest.mark.parametrize("action", ["CREATE", "UPSERT"])
    def test_same_set_twice(self, story: Story, action: str) -> None:
        assert batch_messages(
            story.world, story.zone, ch(action, "x.corp.example.com"), ch(action, "X.corp.example.com")
        ) == (
            "The request contains an invalid set of changes for a resource record set 'A x.corp.example.com.'",
        )

    def test_delete_twice(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("CREATE", "x.corp.example.com"))
        assert batch_messages(
            w, story.zone, ch("DELETE", "x.corp.example.com"), ch("DELETE", "x.corp.example.com")
        ) == (
            "The request contains an invalid set of changes for a resource record set 'A x.corp.example.com.'",
        )


# -- per-change rules --------------------------------------------------------------------


class TestPerChange:
    def test_delete_mismatch(self, story: Story) -> None:
        w = change(
            story.world, story.zone, ch("CREATE", "x.corp.example.com", "A", 60, "192.0.2.1", "192.0.2.2")
        )
        expected = (
            "Tried to delete resource record set [name='x.corp.example.com.', type='A'] but the values provided "
            "do not match the current values",
        )
        assert (
            batch_messages(
                w, story.zone, ch("DELETE", "x.corp.example.com", "A", 61, "192.0.2.1", "192.0.2.2")
            )
            == expected
        )
        assert (
            batch_messages(w, story.zone, ch("DELETE", "x.corp.example.com", "A", 60, "192.0.2.1"))
            == expected
        )
        w = change(w, story.zone, ch("DELETE", "x.corp.example.com", "A", 60, "192.0.2.2", "192.0.2.1"))
        assert len(sets(w, story.zone)) == 2

    def test_upsert(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("UPSERT", "x.corp.example.com", "A", 60, "192.0.2.1"))
        w = change(w, story.zone, ch("UPSERT", "x.corp.example.com", "A", 90, "192.0.2.7"))
        assert ("x.corp.example.com.", "A", 90, ("192.0.2.7",)) in sets(w, story.zone)

    def test_in_zone(self, story: Story) -> None:
        assert batch_messages(
            story.world, story.zone, ch("CREATE", "www.example.org"), ch("CREATE", "xcorp.example.com")
        ) == (
            "RRSet with DNS name www.example.org. is not permitted in zone corp.example.com.",
            "RRSet with DNS name xcorp.example.com. is not permitted in zone corp.example.com.",
        )

    def test_cname_rules(self, story: Story) -> None:
        w = change(
            story.world,
            story.zone,
            ch("CREATE", "a.corp.example.com"),
            ch("CREATE", "c.corp.example.com", "CNAME", 60, "t.example"),
        )
        assert batch_messages(
            w, story.zone, ch("CREATE", "a.corp.example.com", "CNAME", 60, "t.example")
        ) == (
            "RRSet of type CNAME with DNS name a.corp.example.com. is not permitted as it conflicts with other "
            "records with the same DNS name in zone corp.example.com.",
        )
        assert batch_messages(w, story.zone, ch("UPSERT", "c.corp.example.com", "TXT", 60, '"x"')) == (
            "RRSet of type TXT with DNS name c.corp.example.com. is not permitted because a conflicting RRSet of "
            "type CNAME with the same DNS name already exists in zone corp.example.com.",
        )
        assert batch_messages(w, story.zone, ch("CREATE", "corp.example.com", "CNAME", 60, "t.example")) == (
            "RRSet of type CNAME with DNS name corp.example.com. is not permitted at apex in zone corp.example.com.",
        )
        assert batch_messages(
            w, story.zone, ch("CREATE", "d.corp.example.com", "CNAME", 60, "t.example", "u.example")
        ) == ("RRSet of type CNAME with DNS name d.corp.example.com. has more than one value",)
        w = change(w, story.zone, ch("UPSERT", "c.corp.example.com", "CNAME", 60, "other.example"))
        assert ("c.corp.example.com.", "CNAME", 60, ("other.example",)) in sets(w, story.zone)

    def test_apex_soa(self, story: Story) -> None:
        assert batch_messages(story.world, story.zone, ch("DELETE", ZONE, "SOA", 900, PRIVATE_SOA)) == (
            "A HostedZone must contain exactly one SOA record.",
        )
        assert batch_messages(story.world, story.zone, ch("CREATE", ZONE, "SOA", 900, PRIVATE_SOA)) == (
            f"Tried to create resource record set [name='{ZONE}', type='SOA'] but it already exists",
        )
        new_soa = "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60"
        w = change(story.world, story.zone, ch("UPSERT", ZONE, "SOA", 60, new_soa))
        assert (ZONE, "SOA", 60, (new_soa,)) in sets(w, story.zone)
        assert batch_messages(
            story.world, story.zone, ch("CREATE", "x.corp.example.com", "SOA", 60, new_soa)
        ) == (
            "RRSet of type SOA with DNS name x.corp.example.com. is not permitted because it is not at the apex "
            "of zone corp.example.com.",
        )

    def test_apex_ns(self, story: Story) -> None:
        assert batch_messages(story.world, story.zone, ch("DELETE", ZONE, "NS", 172800, *PRIVATE_NS)) == (
            "A HostedZone must contain at least one NS record for the zone itself.",
        )
        w = change(story.world, story.zone, ch("UPSERT", ZONE, "NS", 3600, *PRIVATE_NS[:2]))
        assert (ZONE, "NS", 3600, tuple(PRIVATE_NS[:2])) in sets(w, story.zone)

    def test_private_ns(self, story: Story) -> None:
        assert batch_messages(
            story.world, story.zone, ch("CREATE", "sub.corp.example.com", "NS", 60, "ns1.example.net")
        ) == (
            "RRSet of type NS with DNS name sub.corp.example.com. is not permitted in private zone corp.example.com.",
        )
        w = change(
            story.world, story.public_zone, ch("CREATE", "sub.example.com", "NS", 60, "ns1.example.net")
        )
        assert ("sub.example.com.", "NS", 60, ("ns1.example.net",)) in sets(w, story.public_zone)

    def test_wildcard_ns(self, story: Story) -> None:
        assert batch_messages(
            story.world, story.public_zone, ch("CREATE", "*.example.com", "NS", 60, "ns1.example.net")
        ) == (
            "RRSet of type NS with DNS name \\052.example.com. is not permitted because wildcard names cannot have "
            "NS records",
        )

    def test_linked(self, story: Story) -> None:
        w = r53.link_zone(
            story.world, hosted_zone_id=story.zone, service="servicediscovery.amazonaws.com"
        )
        error = refused(w, story.zone, ch("CREATE", "x.corp.example.com"))
        assert (error.code, error.http_status) == ("AccessDenied", 403)
        assert error.message.startswith(
            f"The resource hostedzone/{story.zone} can only be managed through servicediscovery.amazonaws.com"
        )

    def test_zone_exists_and_owner(self, story: Story) -> None:
        error = refused(story.world, "Z0000000000000000000A", ch("CREATE", "x.corp.example.com"))
        assert (error.code, error.http_status, error.message) == (
            "NoSuchHostedZone",
            404,
            "No hosted zone found with ID: Z0000000000000000000A",
        )
        error = refused(story.world, story.zone, ch("CREATE", "x.corp.example.com"), caller=B)
        assert (error.code, error.http_status) == ("AccessDenied", 403)

    def test_quota(self, story: Story) -> None:
        w = attrs.evolve(story.world, quotas=attrs.evolve(story.world.quotas, rrsets_per_zone=3))
        assert batch_messages(
            w, story.zone, ch("CREATE", "a.corp.example.com"), ch("CREATE", "b.corp.example.com")
        ) == (
            "The number of resource record sets in the hosted zone corp.example.com. would exceed the limit of 3.",
        )
        w = change(w, story.zone, ch("CREATE", "a.corp.example.com"))
        limit = r53.get_hosted_zone_limit(w, caller=A, hosted_zone_id=story.zone, type="MAX_RRSETS_BY_ZONE")
        assert (limit.type, limit.value, limit.count) == ("MAX_RRSETS_BY_ZONE", 3, 3)
        # a batch that does not grow the zone is not refused
        change(w, story.zone, ch("DELETE", "a.corp.example.com"), ch("CREATE", "b.corp.example.com"))

    def test_limit_type_on_public_zone(self, story: Story) -> None:
        limit = r53.get_hosted_zone_limit(
            story.world, caller=A, hosted_zone_id=story.public_zone, type="MAX_RRSETS_BY_ZONE"
        )
        assert (limit.type, limit.value, limit.count) == ("MAX_RRSETS_BY_ZONE", 10000, 2)

    def test_change_info_and_get_change(self) -> None:
        s = build_story(propagation_seconds=60)
        w, info = r53.change_resource_record_sets(
            s.world,
            caller=A,
            hosted_zone_id=s.zone,
            changes=[ch("CREATE", "x.corp.example.com")],
            comment="hello",
        )
        assert (info.status.value, info.comment) == ("PENDING", "hello")
        assert info.id.startswith("/change/C")
        assert r53.get_change(w, caller=A, change_id=info.id).status.value == "PENDING"
        w = r53.advance(w, seconds=60)
        assert r53.get_change(w, caller=A, change_id=info.id).status.value == "INSYNC"

    def test_prior_request(self) -> None:
        s = build_story(processing_seconds=10)
        w = r53.advance(s.world, seconds=10)
        w = change(w, s.zone, ch("CREATE", "x.corp.example.com"))
        error = refused(w, s.zone, ch("CREATE", "y.corp.example.com"))
        assert (error.code, error.http_status, error.message) == (
            "PriorRequestNotComplete",
            400,
            "The request was rejected because Route 53 was still processing a prior request.",
        )


# -- value validation --------------------------------------------------------------------

GOOD = [
    ("A", "192.0.2.1"),
    ("AAAA", "2001:db8::1"),
    ("CNAME", "target.example.net"),
    ("PTR", "host.example.net."),
    ("NS", "ns1.example.net"),
    ("MX", "10 mail.example.com"),
    ("SRV", "1 10 5269 xmpp.example.com"),
    ("TXT", '"hello world" "second \\" string"'),
    ("SPF", '"v=spf1 -all"'),
    ("CAA", '0 issue "amazon.com"'),
    ("NAPTR", '100 50 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .'),
    ("DS", "12345 13 2 ABCDEF0123456789"),
]

BAD = [
    ("A", "192.0.2.300", "ARRDATAIllegalIPv4Address", "Value is not a valid IPv4 address"),
    ("A", "example.com", "ARRDATAIllegalIPv4Address", "Value is not a valid IPv4 address"),
    ("A", "192.0.2.1 192.0.2.2", "ARRDATANotSingleField", "Value contains spaces"),
    ("A", "192.0.2.1,192.0.2.2", "ARRDATANotSingleField", "Value contains spaces"),
    ("AAAA", "2001:db8::g", "AAAARRDATAIllegalIPv6Address", "Value is not a valid IPv6 address"),
    ("CNAME", "a..example.com", "DomainLabelEmpty", "Domain label is empty"),
    ("PTR", "x" * 64 + ".example.com", "DomainLabelTooLong", "Domain label is too long"),
    ("NS", "ns..example.net", "DomainLabelEmpty", "Domain label is empty"),
    ("MX", "mail.example.com", "MXRRDATAIncorrectNumberOfFields", "Incorrect number of fields"),
    ("MX", "70000 mail.example.com", "MXRRDATAIllegalPriority", "Illegal priority"),
    ("SRV", "1 10 xmpp.example.com", "SRVRRDATAIncorrectNumberOfFields", "Incorrect number of fields"),
    ("SRV", "1 10 70000 xmpp.example.com", "SRVRRDATAIllegalNumber", "Illegal number"),
    ("TXT", "unquoted", "InvalidCharacterString", "Value should be enclosed in quotation marks"),
    ("SPF", '"open', "InvalidCharacterString", "Value should be enclosed in quotation marks"),
    ("TXT", '"' + "a" * 256 + '"', "TXTRDATATooLong", "Value is too long"),
    ("CAA", "0 issue amazon.com", "CAARRDATAIllegalFormat", "Illegal format"),
    ("CAA", '256 issue "amazon.com"', "CAARRDATAIllegalFormat", "Illegal format"),
    ("NAPTR", '100 50 "u" "E2U+sip"', "NAPTRRDATAIncorrectNumberOfFields", "Incorrect number of fields"),
    ("DS", "12345 13 2 not-hex", "DSRRDATAIllegalFormat", "Illegal format"),
]


class TestValues:
    @pytest.mark.parametrize(("kind", "value"), GOOD)
    def test_accepted(self, story: Story, kind: str, value: str) -> None:
        w = change(story.world, story.public_zone, ch("CREATE", "v.example.com", kind, 60, value))
        assert ("v.example.com.", kind, 60, (value,)) in sets(w, story.public_zone)

    @pytest.mark.parametrize(("kind", "value", "code", "description"), BAD)
    def test_refused(self, story: Story, kind: str, value: str, code: str, description: str) -> None:
        assert batch_messages(
            story.world, story.public_zone, ch("CREATE", "v.example.com", kind, 60, value)
        ) == (f"Invalid Resource Record: 'FATAL problem: {code} ({description}) encountered with '{value}''",)

    def test_one_message_per_bad_value(self, story: Story) -> None:
        assert batch_messages(
            story.world,
            story.public_zone,
            ch("CREATE", "v.example.com", "A", 60, "1.2.3.4", "x", "1.2.3.999"),
        ) == (
            "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with 'x''",
            "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '1.2.3.999''",
        )

    def test_soa_fields(self, story: Story) -> None:
        assert batch_messages(story.world, story.zone, ch("UPSERT", ZONE, "SOA", 60, "a. b. 1 2 3")) == (
            "Invalid Resource Record: 'FATAL problem: SOARRDATAIncorrectNumberOfFields (Incorrect number of fields) encountered with 'a. b. 1 2 3''",
        )


# -- §S2.6 DeleteHostedZone -----------------------------------------------------------------


class TestDeleteZone:
    def test_not_empty(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("CREATE", "x.corp.example.com", "A", 60, "192.0.2.1"))
        with pytest.raises(errors.HostedZoneNotEmpty) as info:
            r53.delete_hosted_zone(w, caller=A, hosted_zone_id=story.zone)
        assert (info.value.code, info.value.http_status, info.value.message) == (
            "HostedZoneNotEmpty",
            400,
            "The specified hosted zone contains non-required resource record sets and so cannot be deleted.",
        )
        w = change(w, story.zone, ch("DELETE", "x.corp.example.com", "A", 60, "192.0.2.1"))
        w, _ = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=story.zone)
        assert story.zone not in w.records and w.check() == []

    def test_edited_defaults_do_not_block(self, story: Story) -> None:
        w = change(story.world, story.public_zone, ch("UPSERT", PUBLIC, "NS", 60, "ns1.example.net"))
        w, _ = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=story.public_zone)
        assert story.public_zone not in w.zones and w.check() == []

    def test_order(self, story: Story) -> None:
        w = change(story.world, story.zone, ch("CREATE", "x.corp.example.com"))
        rules = [rule.id for rule in r53.DELETE_HOSTED_ZONE.rules]
        assert (
            rules.index("delete-hosted-zone.caller-owns-zone")
            < rules.index("delete-hosted-zone.not-empty")
            < rules.index("delete-hosted-zone.no-prior-request")
        )
        with pytest.raises(errors.AccessDenied):
            r53.delete_hosted_zone(w, caller=B, hosted_zone_id=story.zone)
        s = build_story(processing_seconds=10)
        w = change(r53.advance(s.world, seconds=10), s.zone, ch("CREATE", "x.corp.example.com"))
        with pytest.raises(errors.HostedZoneNotEmpty):
            r53.delete_hosted_zone(w, caller=A, hosted_zone_id=s.zone)


def test_world_check_sees_record_problems(story: Story) -> None:
    w = change(story.world, story.zone, ch("CREATE", "x.corp.example.com"))
    store = w.records[story.zone]
    broken = attrs.evolve(w, records=w.records.set(story.zone, store.delete(("com.example.corp.", "SOA"))))
    assert broken.check() == [f"zone {story.zone} has no apex SOA"]
    orphan = attrs.evolve(w, records=w.records.set("ZNOSUCHZONE", store))
    assert orphan.check() == ["record sets stored for missing zone ZNOSUCHZONE"]


def test_explain(story: Story) -> None:
    trace = r53.explain(
        story.world,
        r53.ChangeResourceRecordSetsRequest(
            caller=A, hosted_zone_id=story.zone, changes=[ch("DELETE", "x.corp.example.com")]
        ),
    )
    assert not trace.ok and trace.error is not None and trace.error.code == "InvalidChangeBatch"
    assert trace.steps[-1].rule.id == "change-resource-record-sets.changes-valid"


# -- a property: single-change batches against a dictionary model ---------------------------


_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["CREATE", "DELETE", "UPSERT"]),
        st.sampled_from(["a", "b", "x.a", "z", "*"]),
        st.sampled_from(["A", "TXT"]),
        st.sampled_from([60, 300]),
        st.sampled_from(["1", "2"]),
    ),
    max_size=25,
)


@given(_STEPS)
def test_changes_match_a_dictionary(steps: list[tuple[str, str, str, int, str]]) -> None:
    s = build_story()
    w = s.world
    model: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
    for action, label, kind, ttl, token in steps:
        value = f"192.0.2.{token}" if kind == "A" else f'"{token}"'
        name = f"{label}.example.com"
        stored = name.replace("*", "\\052") + "."
        key = (stored, kind)
        current = model.get(key)
        ok = (
            (action == "CREATE" and current is None)
            or (action == "DELETE" and current == (ttl, (value,)))
            or action == "UPSERT"
        )
        before = w
        try:
            w = change(w, s.public_zone, ch(action, name, kind, ttl, value))
        except errors.InvalidChangeBatch:
            assert not ok and w == before
            continue
        assert ok
        if action == "DELETE":
            del model[key]
        else:
            model[key] = (ttl, (value,))
    listed = {
        (n, t): (ttl_, v)
        for n, t, ttl_, v in sets(w, s.public_zone)
        if (n, t) != (PUBLIC, "NS") and (n, t) != (PUBLIC, "SOA")
    }
    assert listed == model
    assert (
        r53.get_hosted_zone_limit(w, caller=A, hosted_zone_id=s.public_zone, type="MAX_RRSETS_BY_ZONE").count
        == len(model) + 2
    )
    assert w.check() == []

"""The zone surface around the association rules, rule by rule (surface.md §S1, §S3, §S4).

Messages are the spec's text, written out here (never copied from the library).
"""

from __future__ import annotations

from typing import Any

import attrs
import immutables
import pytest
from hypothesis import given
from hypothesis import strategies as st

import route53_assoc as r53
from route53_assoc import errors
from route53_assoc._sorted import SortedKeys
from route53_assoc.aws import Backend

from .conftest import CN, A, B, Story

RESOURCE_ID_TOO_LONG = (
    "1 validation error detected: Value '{v}' at 'resourceId' failed to satisfy constraint: "
    "Member must have length less than or equal to 32"
)
MAXITEMS_BAD = (
    "1 validation error detected: Value '{v}' at 'maxItems' failed to satisfy constraint: "
    "Member must be a positive integer"
)


def zones_of(
    world: r53.World, caller: str, names: list[str], *, start: int = 0
) -> tuple[r53.World, list[str]]:
    """Public zones named *names* for *caller*, created in that order; their ids."""
    ids = []
    for n, name in enumerate(names):
        world, made = r53.create_hosted_zone(
            world, caller=caller, name=name, caller_reference=f"ref-{start + n}"
        )
        ids.append(made.zone.id)
    return world, ids


def all_pages(world: r53.World, caller: str, size: int, **kw: Any) -> list[r53.HostedZonePage]:
    pages = [r53.list_hosted_zones(world, caller=caller, max_items=size, **kw)]
    while pages[-1].is_truncated:
        assert pages[-1].next_marker is not None
        pages.append(
            r53.list_hosted_zones(world, caller=caller, max_items=size, marker=pages[-1].next_marker, **kw)
        )
    return pages


def refused(error: type[errors.Route53Error], status: int, message: str) -> Any:
    """A context asserting the exact code class, status and message."""

    class Check:
        def __enter__(self) -> None:
            self.ctx = pytest.raises(error)
            self.info = self.ctx.__enter__()

        def __exit__(self, *exc: Any) -> bool:
            handled = self.ctx.__exit__(*exc)
            assert self.info.value.http_status == status
            assert self.info.value.message == message
            return bool(handled)

    return Check()


# -- §S1.1 which zones an account sees ---------------------------------------------------------


class TestWhichZones:
    def test_owned_public_private_and_linked_but_not_foreign(self, story: Story) -> None:
        w = story.world
        w, b_ids = zones_of(w, B, ["b.example"])
        w, service_zone = r53.create_service_zone(
            w, service="efs.amazonaws.com", name="efs.internal", vpc_id=story.vpc_a.id, vpc_region="us-east-1"
        )
        w = r53.link_zone(
            w, hosted_zone_id=story.public_zone, service="servicediscovery.amazonaws.com"
        )
        listed = [z.id for z in r53.list_hosted_zones(w, caller=A).zones]
        assert listed == [story.zone, story.public_zone]
        assert service_zone.id not in listed and b_ids[0] not in listed
        assert [z.id for z in r53.list_hosted_zones(w, caller=B).zones] == b_ids
        assert [z.id for z in r53.list_hosted_zones_by_name(w, caller=A).zones] == [
            story.public_zone,
            story.zone,
        ]
        assert r53.get_hosted_zone_count(w, caller=A) == 2
        assert r53.get_hosted_zone_count(w, caller=B) == 1

    def test_partition(self, story: Story) -> None:
        w, cn_ids = zones_of(story.world, CN, ["cn.example"])
        assert cn_ids[0] not in [z.id for z in r53.list_hosted_zones(w, caller=A).zones]
        assert [z.id for z in r53.list_hosted_zones(w, caller=CN).zones] == cn_ids
        assert r53.get_hosted_zone_count(w, caller=CN) == 1

    def test_unknown_account_sees_nothing(self) -> None:
        page = r53.list_hosted_zones(r53.World.empty(), caller=A)
        assert page.zones == () and not page.is_truncated and page.next_marker is None
        assert r53.get_hosted_zone_count(r53.World.empty(), caller=A) == 0


# -- §S1.2 ListHostedZones ------------------------------------------------------------------------


class TestListHostedZones:
    def test_creation_order_not_name_or_id_order(self) -> None:
        names = ["m.example", "a.example", "z.example", "b.example"]
        w, ids = zones_of(r53.World.empty(), A, names)
        assert [z.name for z in r53.list_hosted_zones(w, caller=A).zones] == [n + "." for n in names]
        assert ids != sorted(ids) or names != sorted(names)
        # A deleted zone leaves the order; a new zone goes last.
        w, _ = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=ids[1])
        w, more = zones_of(w, A, ["0.example"], start=10)
        listed = [z.id for z in r53.list_hosted_zones(w, caller=A).zones]
        assert listed == [ids[0], ids[2], ids[3], more[0]]
        assert w.check() == []

    def test_default_page_is_100_and_a_larger_max_is_capped(self) -> None:
        w, ids = zones_of(r53.World.empty(), A, [f"z{i}.example" for i in range(103)])
        page = r53.list_hosted_zones(w, caller=A)
        assert page.max_items == "100" and len(page.zones) == 100 and page.is_truncated
        assert page.next_marker == ids[100] and page.marker is None
        capped = r53.list_hosted_zones(w, caller=A, max_items="250")
        assert capped.max_items == "250" and len(capped.zones) == 100
        rest = r53.list_hosted_zones(w, caller=A, marker=page.next_marker)
        assert [z.id for z in rest.zones] == ids[100:] and not rest.is_truncated
        assert rest.next_marker is None and rest.marker == ids[100]

    @pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "", 0, -3])
    def test_max_items_bad(self, value: object) -> None:
        with refused(errors.InvalidInput, 400, MAXITEMS_BAD.format(v=value)):
            r53.list_hosted_zones(r53.World.empty(), caller=A, max_items=value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
    def test_pages_never_skip_or_repeat(self, story: Story, size: int) -> None:
        w, mine = zones_of(story.world, A, [f"p{i}.example" for i in range(9)])
        w, _ = zones_of(w, B, [f"q{i}.example" for i in range(4)], start=50)
        w, _ = zones_of(w, CN, [f"r{i}.example" for i in range(3)], start=80)
        expected = [story.zone, story.public_zone, *mine]
        pages = all_pages(w, A, size)
        seen = [z.id for page in pages for z in page.zones]
        assert seen == expected
        assert all(len(page.zones) == size for page in pages[:-1])
        assert [page.marker for page in pages[1:]] == [page.next_marker for page in pages[:-1]]

    def test_private_only(self, story: Story) -> None:
        w, _ = zones_of(story.world, A, ["x.example"])
        page = r53.list_hosted_zones(w, caller=A, hosted_zone_type="PrivateHostedZone")
        assert [z.id for z in page.zones] == [story.zone]
        pages = all_pages(w, A, 1, hosted_zone_type="PrivateHostedZone")
        assert [z.id for p in pages for z in p.zones] == [story.zone]

    def test_bad_type(self) -> None:
        with refused(
            errors.InvalidInput,
            400,
            "1 validation error detected: Value 'PublicHostedZone' at 'hostedZoneType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [PrivateHostedZone]",
        ):
            r53.list_hosted_zones(r53.World.empty(), caller=A, hosted_zone_type="PublicHostedZone")

    def test_delegation_set(self, story: Story) -> None:
        with refused(errors.NoSuchDelegationSet, 400, "No delegation set found with ID: N1ABCDEF"):
            r53.list_hosted_zones(story.world, caller=A, delegation_set_id="N1ABCDEF")
        long_id = "N" * 33
        with refused(errors.InvalidInput, 400, RESOURCE_ID_TOO_LONG.format(v=long_id)):
            r53.list_hosted_zones(story.world, caller=A, delegation_set_id=long_id)

    def test_marker_naming_no_zone_of_the_caller(self, story: Story) -> None:
        w, b_ids = zones_of(story.world, B, ["b.example"])
        for marker in ("ZNOSUCHZONE", b_ids[0]):
            with refused(errors.InvalidInput, 400, f"Invalid marker: {marker}"):
                r53.list_hosted_zones(w, caller=A, marker=marker)

    def test_entry(self, story: Story) -> None:
        zones = r53.list_hosted_zones(story.world, caller=A).zones
        assert zones[0] == r53.get_hosted_zone(story.world, caller=A, hosted_zone_id=story.zone)


# -- §S1.3 ListHostedZonesByName -----------------------------------------------------------------


class TestByName:
    NAMES: tuple[str, ...] = (
        "example.com",
        "example-a.com",
        "www.example.com",
        "a.example.com",
        "example.net",
        "Dup.Example",
    )

    def world(self) -> tuple[r53.World, list[str]]:
        w, ids = zones_of(r53.World.empty(), A, list(self.NAMES))
        w, dup = zones_of(w, A, ["dup.example"], start=20)
        return w, ids + dup

    def test_reversed_label_order_with_trailing_dot(self) -> None:
        w, ids = self.world()
        listed = [(z.name, z.id) for z in r53.list_hosted_zones_by_name(w, caller=A).zones]
        dups = sorted([ids[5], ids[6]])
        # com.example-a. < com.example. (the trailing dot: '-' < '.'), then com.example.a., com.example.www.
        assert listed == [
            ("example-a.com.", ids[1]),
            ("example.com.", ids[0]),
            ("a.example.com.", ids[3]),
            ("www.example.com.", ids[2]),
            ("dup.example.", dups[0]),
            ("dup.example.", dups[1]),
            ("example.net.", ids[4]),
        ]

    def test_start_is_not_a_filter(self) -> None:
        w, _ = self.world()
        page = r53.list_hosted_zones_by_name(w, caller=A, dns_name="B.Example.COM")
        assert [z.name for z in page.zones] == [
            "www.example.com.",
            "dup.example.",
            "dup.example.",
            "example.net.",
        ]
        assert page.dns_name == "B.Example.COM" and page.hosted_zone_id is None and page.max_items == "100"

    @pytest.mark.parametrize("size", [1, 2, 3])
    def test_continue_by_hand_never_skips_or_repeats(self, size: int) -> None:
        w, _ = self.world()
        everything = [z.id for z in r53.list_hosted_zones_by_name(w, caller=A).zones]
        page = r53.list_hosted_zones_by_name(w, caller=A, max_items=size)
        seen = [z.id for z in page.zones]
        while page.is_truncated:
            assert page.next_dns_name is not None and page.next_hosted_zone_id is not None
            page = r53.list_hosted_zones_by_name(
                w,
                caller=A,
                dns_name=page.next_dns_name,
                hosted_zone_id=page.next_hosted_zone_id,
                max_items=size,
            )
            assert page.max_items == str(size)
            seen += [z.id for z in page.zones]
        assert seen == everything
        assert page.next_dns_name is None and page.next_hosted_zone_id is None

    def test_id_alone(self) -> None:
        with refused(
            errors.InvalidInput, 400, "The parameter hostedzoneid can only be used together with dnsname."
        ):
            r53.list_hosted_zones_by_name(r53.World.empty(), caller=A, hosted_zone_id="Z1")

    @pytest.mark.parametrize("name", ["a..example.com", "x" * 64 + ".example", ".".join(["abcdefgh"] * 30)])
    def test_bad_name(self, name: str) -> None:
        with refused(errors.InvalidDomainName, 400, name):
            r53.list_hosted_zones_by_name(r53.World.empty(), caller=A, dns_name=name)

    def test_max_items_bad(self) -> None:
        with refused(errors.InvalidInput, 400, MAXITEMS_BAD.format(v="none")):
            r53.list_hosted_zones_by_name(r53.World.empty(), caller=A, max_items="none")


# -- §S1.5 UpdateHostedZoneComment ------------------------------------------------------------------


class TestUpdateComment:
    def test_set_and_delete(self, story: Story) -> None:
        changes = len(story.world.changes)
        w, zone = r53.update_hosted_zone_comment(
            story.world, caller=A, hosted_zone_id=story.zone, comment="hello"
        )
        assert zone.comment == "hello" and zone.private and zone.id == story.zone
        assert len(w.changes) == changes
        w, zone = r53.update_hosted_zone_comment(w, caller=A, hosted_zone_id=story.zone)
        assert zone.comment is None and zone.private
        w, zone = r53.update_hosted_zone_comment(
            w, caller=A, hosted_zone_id="/hostedzone/" + story.zone, comment=""
        )
        assert zone.comment == ""
        assert r53.get_hosted_zone(w, caller=A, hosted_zone_id=story.zone).comment == ""
        assert w.check() == []

    def test_checks_in_order(self, story: Story) -> None:
        long_id = "Z" * 33
        # The id's length comes before the comment's.
        with refused(errors.InvalidInput, 400, RESOURCE_ID_TOO_LONG.format(v=long_id)):
            r53.update_hosted_zone_comment(story.world, caller=A, hosted_zone_id=long_id, comment="c" * 300)
        with refused(
            errors.InvalidInput,
            400,
            "1 validation error detected: Value '"
            + "c" * 257
            + "' at 'comment' failed to satisfy constraint: Member must have length less than or equal to 256",
        ):
            r53.update_hosted_zone_comment(story.world, caller=A, hosted_zone_id="ZNOSUCH", comment="c" * 257)
        with refused(errors.NoSuchHostedZone, 404, "No hosted zone found with ID: ZNOSUCH"):
            r53.update_hosted_zone_comment(story.world, caller=A, hosted_zone_id="ZNOSUCH", comment="c")
        with pytest.raises(errors.AccessDenied) as info:
            r53.update_hosted_zone_comment(story.world, caller=B, hosted_zone_id=story.zone, comment="c")
        assert info.value.http_status == 403

    def test_prior_request(self) -> None:
        w, ids = zones_of(r53.World.empty(processing_seconds=30), A, ["a.example"])
        with refused(
            errors.PriorRequestNotComplete,
            400,
            "The request was rejected because Route 53 was still processing a prior request.",
        ):
            r53.update_hosted_zone_comment(w, caller=A, hosted_zone_id=ids[0], comment="c")
        w = r53.advance(w, seconds=30)
        r53.update_hosted_zone_comment(w, caller=A, hosted_zone_id=ids[0], comment="c")


# -- §S3 tags ---------------------------------------------------------------------------------------


class TestTags:
    def test_round_trip_replace_and_remove(self, story: Story) -> None:
        w = r53.change_tags_for_resource(
            story.world, caller=A, resource_id=story.zone, add_tags=[{"Key": "a", "Value": "1"}, ("b", "2")]
        )
        w = r53.change_tags_for_resource(
            w,
            caller=A,
            resource_id=story.zone,
            add_tags=[{"Key": "a", "Value": "3"}, {"Key": "c"}],
            remove_tag_keys=["b", "never-there"],
        )
        tag_set = r53.list_tags_for_resource(w, caller=A, resource_id=story.zone)
        assert tag_set == r53.ResourceTagSet(
            resource_type="hostedzone", resource_id=story.zone, tags=(("a", "3"), ("c", ""))
        )
        assert w.check() == []
        w = r53.change_tags_for_resource(w, caller=A, resource_id=story.zone, remove_tag_keys=["a", "c"])
        assert r53.list_tags_for_resource(w, caller=A, resource_id=story.zone).tags == ()
        assert story.zone not in w.zone_tags

    def test_types(self, story: Story) -> None:
        for kind in ("healthcheck", "healthchecksource"):
            with pytest.raises(errors.NotModelled, match=kind) as info:
                r53.list_tags_for_resource(story.world, caller=A, resource_type=kind, resource_id="abc")
            assert info.value.http_status == 501
            assert info.value.message.startswith("route53-assoc does not model ")
        with refused(
            errors.InvalidInput,
            400,
            "1 validation error detected: Value 'zone' at 'resourceType' failed to satisfy constraint: "
            "Member must satisfy enum value set: [healthcheck, hostedzone, healthchecksource]",
        ):
            r53.list_tags_for_resource(story.world, caller=A, resource_type="zone", resource_id=story.zone)

    def test_ids_are_not_stripped(self, story: Story) -> None:
        prefixed = "/hostedzone/" + story.zone
        assert len(prefixed) > 32
        with refused(errors.InvalidInput, 400, RESOURCE_ID_TOO_LONG.format(v=prefixed)):
            r53.list_tags_for_resource(story.world, caller=A, resource_id=prefixed)
        with refused(errors.NoSuchHostedZone, 404, "No hosted zone found with ID: /hostedzone/Z1"):
            r53.list_tags_for_resource(story.world, caller=A, resource_id="/hostedzone/Z1")
        with refused(errors.NoSuchHostedZone, 404, "No hosted zone found with ID: ZNOSUCH"):
            r53.change_tags_for_resource(story.world, caller=A, resource_id="ZNOSUCH", add_tags=[("k", "v")])

    def test_limits(self, story: Story) -> None:
        eleven = [(f"k{i}", "v") for i in range(11)]
        with refused(
            errors.InvalidInput,
            400,
            "Invalid XML ; cvc-complex-type.2.4.f: 'Tag' can occur a maximum of '10' times in the current "
            "sequence. This limit was exceeded. No child element is expected at this point.",
        ):
            r53.change_tags_for_resource(story.world, caller=A, resource_id=story.zone, add_tags=eleven)
        with refused(
            errors.InvalidInput,
            400,
            "Invalid XML ; cvc-complex-type.2.4.f: 'Key' can occur a maximum of '10' times in the current "
            "sequence. This limit was exceeded. No child element is expected at this point.",
        ):
            r53.change_tags_for_resource(
                story.world, caller=A, resource_id=story.zone, remove_tag_keys=[k for k, _ in eleven]
            )
        w = story.world
        for batch in range(5):
            w = r53.change_tags_for_resource(
                w, caller=A, resource_id=story.zone, add_tags=[(f"k{batch}-{i}", "v") for i in range(10)]
            )
        assert len(r53.list_tags_for_resource(w, caller=A, resource_id=story.zone).tags) == 50
        with refused(
            errors.InvalidInput,
            400,
            f"The number of tags for resource {story.zone} would exceed the limit of 50.",
        ):
            r53.change_tags_for_resource(w, caller=A, resource_id=story.zone, add_tags=[("one-more", "v")])
        # Replacing a value or swapping a key stays within the limit.
        r53.change_tags_for_resource(
            w,
            caller=A,
            resource_id=story.zone,
            add_tags=[("k0-0", "new"), ("fresh", "v")],
            remove_tag_keys=["k1-1"],
        )

    @pytest.mark.parametrize(
        ("add", "remove"),
        [
            (None, None),
            ([("k", "v")], ["k"]),
            ([("k" * 129, "v")], None),
            ([("k", "v" * 257)], None),
            ([("", "v")], None),
            ([], None),
        ],
    )
    def test_bad_changes(self, story: Story, add: Any, remove: Any) -> None:
        with pytest.raises(errors.InvalidInput) as info:
            r53.change_tags_for_resource(
                story.world, caller=A, resource_id=story.zone, add_tags=add, remove_tag_keys=remove
            )
        assert info.value.http_status == 400

    def test_list_many(self, story: Story) -> None:
        w = r53.change_tags_for_resource(
            story.world, caller=A, resource_id=story.public_zone, add_tags=[("p", "1")]
        )
        sets = r53.list_tags_for_resources(w, caller=A, resource_ids=[story.public_zone, story.zone])
        assert [(s.resource_id, s.tags) for s in sets] == [
            (story.public_zone, (("p", "1"),)),
            (story.zone, ()),
        ]
        with refused(
            errors.InvalidInput,
            400,
            "Invalid XML ; cvc-complex-type.2.4.f: 'ResourceId' can occur a maximum of '10' times in the current "
            "sequence. This limit was exceeded. No child element is expected at this point.",
        ):
            r53.list_tags_for_resources(w, caller=A, resource_ids=[story.zone] * 11)
        with refused(errors.NoSuchHostedZone, 404, "No hosted zone found with ID: ZNOSUCH"):
            r53.list_tags_for_resources(w, caller=A, resource_ids=[story.zone, "ZNOSUCH", "ZOTHER"])

    def test_owner_only(self, story: Story) -> None:
        w = r53.change_tags_for_resource(story.world, caller=A, resource_id=story.zone, add_tags=[("k", "v")])
        calls = [
            lambda: r53.change_tags_for_resource(w, caller=B, resource_id=story.zone, add_tags=[("k", "x")]),
            lambda: r53.list_tags_for_resource(w, caller=B, resource_id=story.zone),
            lambda: r53.list_tags_for_resources(w, caller=B, resource_ids=[story.zone]),
        ]
        for call in calls:
            with pytest.raises(errors.AccessDenied) as info:
                call()
            assert info.value.http_status == 403

    def test_tags_vanish_with_the_zone(self, story: Story) -> None:
        w = r53.change_tags_for_resource(
            story.world, caller=A, resource_id=story.public_zone, add_tags=[("k", "v")]
        )
        w, _ = r53.delete_hosted_zone(w, caller=A, hosted_zone_id=story.public_zone)
        assert story.public_zone not in w.zone_tags and w.check() == []
        with refused(errors.NoSuchHostedZone, 404, f"No hosted zone found with ID: {story.public_zone}"):
            r53.list_tags_for_resource(w, caller=A, resource_id=story.public_zone)

    def test_tags_never_affect_associations(self, story: Story) -> None:
        w = r53.change_tags_for_resource(story.world, caller=A, resource_id=story.zone, add_tags=[("k", "v")])
        w, _ = r53.create_authorization(
            w, caller=A, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        w, _ = r53.associate(
            w, caller=B, hosted_zone_id=story.zone, vpc_id=story.vpc_b.id, vpc_region="eu-west-1"
        )
        assert r53.list_tags_for_resource(w, caller=A, resource_id=story.zone).tags == (("k", "v"),)


# -- §S4 delegation sets and DNSSEC ----------------------------------------------------------------


class TestDelegationSetsAndDnssec:
    def test_private_zone_with_delegation_set(self, story: Story) -> None:
        with refused(errors.InvalidInput, 400, "A private hosted zone cannot use a reusable delegation set."):
            r53.create_hosted_zone(
                story.world,
                caller=A,
                name="p.example",
                caller_reference="ds-1",
                vpc_id=story.vpc_a.id,
                vpc_region="us-east-1",
                delegation_set_id="NUNKNOWN",
            )

    def test_length_then_unknown(self, story: Story) -> None:
        long_id = "N" * 33
        with refused(errors.InvalidInput, 400, RESOURCE_ID_TOO_LONG.format(v=long_id)):
            r53.create_hosted_zone(
                story.world, caller=A, name="p.example", caller_reference="ds-2", delegation_set_id=long_id
            )
        with refused(errors.NoSuchDelegationSet, 400, "No delegation set found with ID: N0123"):
            r53.create_hosted_zone(
                story.world, caller=A, name="p.example", caller_reference="ds-3", delegation_set_id="N0123"
            )

    def test_dnssec(self, story: Story) -> None:
        status = r53.get_dnssec(story.world, caller=A, hosted_zone_id=story.public_zone)
        assert status.serve_signature == "NOT_SIGNING" and status.key_signing_keys == ()
        with refused(errors.InvalidArgument, 400, "Operation is unsupported for private hosted zones."):
            r53.get_dnssec(story.world, caller=A, hosted_zone_id=story.zone)
        with refused(errors.NoSuchHostedZone, 404, "No hosted zone found with ID: ZNOSUCH"):
            r53.get_dnssec(story.world, caller=A, hosted_zone_id="ZNOSUCH")

    @pytest.mark.parametrize(
        ("member", "value", "named"),
        [
            ("hosted_zone_tier", "ADVANCED", "HostedZoneTier"),
            ("enable_public_dns_fallback", True, "EnablePublicDNSFallback"),
            ("change_guardrails", [{"Name": "NS_FORMAT_CHECK", "Status": "ENABLED"}], "ChangeGuardrails"),
        ],
    )
    def test_new_members_refused(self, member: str, value: object, named: str) -> None:
        with pytest.raises(errors.NotModelled, match=named) as info:
            r53.create_hosted_zone(
                r53.World.empty(), caller=A, name="n.example", caller_reference="n", **{member: value}
            )
        assert info.value.http_status == 501

    def test_new_members_at_default(self) -> None:
        _, made = r53.create_hosted_zone(
            r53.World.empty(),
            caller=A,
            name="n.example",
            caller_reference="n",
            hosted_zone_tier="STANDARD",
            enable_public_dns_fallback=False,
        )
        assert made.zone.name == "n.example."


# -- the world: invariants, refusals change nothing, explain ---------------------------------------


class TestWorld:
    def test_check_covers_the_new_tables(self, story: Story) -> None:
        w = r53.change_tags_for_resource(story.world, caller=A, resource_id=story.zone, add_tags=[("k", "v")])
        assert w.check() == []
        broken = attrs.evolve(w, zone_order=w.zone_order.delete(A))
        assert any("zone_order" in p for p in broken.check())
        orphan = attrs.evolve(w, zone_tags=w.zone_tags.set("ZGONE", (("k", "v"),)))
        assert any("ZGONE" in p for p in orphan.check())
        repeated = attrs.evolve(w, zone_tags=w.zone_tags.set(story.zone, (("k", "v"), ("k", "w"))))
        assert repeated.check()
        stale = attrs.evolve(w, zones_by_name=w.zones_by_name.set(A, w.zones_by_name[A].add(("x.", "ZX"))))
        assert any("zones_by_name" in p for p in stale.check())
        stale = attrs.evolve(w, zones_by_creation=w.zones_by_creation.delete(A))
        assert any("zones_by_creation" in p for p in stale.check())

    def test_a_world_built_without_the_order_derives_it(self, story: Story) -> None:
        w, _ = zones_of(story.world, A, ["later.example", "earlier-name.example"])
        derived = {"zone_order", "zones_by_creation", "zones_by_name"}
        fields = {f.name: getattr(w, f.name) for f in attrs.fields(r53.World) if f.name not in derived}
        rebuilt = r53.World(**fields)
        assert rebuilt == w and hash(rebuilt) == hash(w)
        assert rebuilt.zone_order == w.zone_order and isinstance(rebuilt.zone_order, immutables.Map)
        assert rebuilt.zones_by_name == w.zones_by_name and rebuilt.zones_by_creation == w.zones_by_creation

    def test_refused_requests_change_nothing(self, story: Story) -> None:
        backend = Backend(world=story.world)
        requests: list[object] = [
            r53.ChangeTagsForResourceRequest(
                caller=A, resource_type="hostedzone", resource_id=story.zone, add_tags=[("k", "v")] * 11
            ),
            r53.ChangeTagsForResourceRequest(
                caller=B, resource_type="hostedzone", resource_id=story.zone, add_tags=[("k", "v")]
            ),
            r53.UpdateHostedZoneCommentRequest(caller=A, hosted_zone_id=story.zone, comment="c" * 257),
            r53.UpdateHostedZoneCommentRequest(caller=B, hosted_zone_id=story.zone, comment="c"),
            r53.CreateHostedZoneRequest(
                caller=A, name="d.example", caller_reference="d", delegation_set_id="N1"
            ),
            r53.CreateHostedZoneRequest(
                caller=A, name="d.example", caller_reference="d", hosted_zone_tier="ADVANCED"
            ),
            r53.ListHostedZonesRequest(caller=A, marker="ZNOSUCH"),
            r53.GetDnssecRequest(caller=A, hosted_zone_id=story.zone),
        ]
        for request in requests:
            before = backend.world
            with pytest.raises(errors.Route53Error):
                backend.apply(request)
            assert backend.world == before

    def test_explain_names_the_rule(self, story: Story) -> None:
        trace = r53.explain(story.world, r53.GetDnssecRequest(caller=A, hosted_zone_id=story.zone))
        failed = [s.rule.id for s in trace.steps if s.verdict is r53.Verdict.FAILED]
        assert failed == ["get-dnssec.zone-public"] and trace.error is not None
        trace = r53.explain(story.world, r53.ListHostedZonesRequest(caller=A, max_items="1"))
        assert trace.ok and trace.steps[0].rule.id == "list-hosted-zones.input"

    @pytest.mark.parametrize(
        "request_",
        [
            r53.ListHostedZonesRequest(caller=A, marker=7),  # type: ignore[arg-type]
            r53.ListHostedZonesByNameRequest(caller=A, dns_name=7),  # type: ignore[arg-type]
            r53.ChangeTagsForResourceRequest(caller=A, resource_type="hostedzone", resource_id=None, add_tags="k"),  # type: ignore[arg-type]
            r53.ChangeTagsForResourceRequest(
                caller=A, resource_type="hostedzone", resource_id="Z1", add_tags=[object()]
            ),
            r53.ListTagsForResourcesRequest(caller=A, resource_type="hostedzone", resource_ids=None),
            r53.UpdateHostedZoneCommentRequest(caller=A, hosted_zone_id="Z1", comment=5),  # type: ignore[arg-type]
            r53.GetHostedZoneCountRequest(caller="me"),
        ],
    )
    def test_bad_input_is_answered(self, story: Story, request_: object) -> None:
        with pytest.raises(errors.InvalidInput):
            r53.apply(story.world, request_)


# -- the persistent sorted index -------------------------------------------------------------------


@given(
    st.lists(st.tuples(st.booleans(), st.tuples(st.integers(0, 30), st.sampled_from("abc")))),
    st.tuples(st.integers(0, 30), st.sampled_from("abc")),
)
def test_sorted_keys_matches_a_sorted_list(
    steps: list[tuple[bool, tuple[int, str]]], start: tuple[int, str]
) -> None:
    keys = SortedKeys()
    model: set[tuple[int, str]] = set()
    versions = []
    for add, key in steps:
        versions.append((keys, sorted(model)))
        keys = keys.add(key) if add else keys.discard(key)
        model = model | {key} if add else model - {key}
        assert list(keys) == sorted(model) and len(keys) == len(model)
    assert list(keys.from_(start)) == [k for k in sorted(model) if k >= start]
    assert keys == SortedKeys(sorted(model, reverse=True)) and hash(keys) == hash(SortedKeys(model))
    for old, contents in versions:  # persistence: every earlier version is untouched
        assert list(old) == contents


@given(
    st.lists(
        st.tuples(
            st.sampled_from([A, B, CN]),
            st.booleans(),
            st.sampled_from(
                ["a.example", "a-b.example", "example.net", "b.a.example", "x.y", "a.example.com"]
            ),
        ),
        max_size=25,
    ),
    st.integers(1, 4),
)
def test_listings_page_through_every_owned_zone_once(steps: list[tuple[str, bool, str]], size: int) -> None:
    world = r53.World.empty()
    world, _ = r53.create_vpc(world, owner=CN, region="cn-north-1")
    created: dict[str, list[tuple[str, str]]] = {A: [], B: [], CN: []}
    for n, (account, create, name) in enumerate(steps):
        if create or not created[account]:
            world, made = r53.create_hosted_zone(world, caller=account, name=name, caller_reference=str(n))
            created[account].append((made.zone.id, made.zone.name))
        else:
            zone_id, _ = created[account].pop(n % len(created[account]))
            world, _ = r53.delete_hosted_zone(world, caller=account, hosted_zone_id=zone_id)
    assert world.check() == []
    for account, zones in created.items():
        pages = all_pages(world, account, size)
        assert [z.id for p in pages for z in p.zones] == [zone_id for zone_id, _ in zones]
        by_name = sorted(zones, key=lambda z: (".".join(reversed(z[1][:-1].split("."))) + ".", z[0]))
        seen: list[str] = []
        page = r53.list_hosted_zones_by_name(world, caller=account, max_items=size)
        seen += [z.id for z in page.zones]
        while page.is_truncated:
            page = r53.list_hosted_zones_by_name(
                world,
                caller=account,
                dns_name=page.next_dns_name,
                hosted_zone_id=page.next_hosted_zone_id,
                max_items=size,
            )
            seen += [z.id for z in page.zones]
        assert seen == [zone_id for zone_id, _ in by_name]
        assert r53.get_hosted_zone_count(world, caller=account) == len(zones)

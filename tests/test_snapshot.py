"""Snapshots: lossless round trips, and every corrupt document refused whole (spec §7, issue 3)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given

import route53_assoc as r53
from route53_assoc import snapshot
from route53_assoc.errors import SnapshotError
from route53_assoc.testing import worlds

from .conftest import A, B, build_story


@given(worlds())
def test_round_trip(world: r53.World) -> None:
    text = snapshot.to_json(world)
    again = snapshot.from_json(text)
    assert again == world
    assert hash(again) == hash(world)
    assert snapshot.to_json(again) == text


def test_round_trip_keeps_microseconds_and_timing() -> None:
    s = build_story(propagation_seconds=1.5, processing_seconds=30)
    w = r53.advance(s.world, seconds=0.000123)
    w = r53.set_zone_vpc_limit(w, hosted_zone_id=s.zone, limit=7)
    w = r53.link_zone(w, hosted_zone_id=s.public_zone, service="servicediscovery.amazonaws.com")
    w, _ = r53.create_authorization(
        w, caller=A, hosted_zone_id=s.zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1"
    )
    w, _ = r53.delete_vpc(w, caller=B, vpc_id=s.vpc_b.id)
    w, _ = r53.create_service_zone(
        w, service="efs.amazonaws.com", name="efs.internal", vpc_id=s.vpc_a.id, vpc_region="us-east-1"
    )
    again = snapshot.from_json(snapshot.to_json(w))
    assert again == w
    assert again.now.microsecond == w.now.microsecond != 0


def _story_document() -> dict[str, Any]:
    s = build_story(propagation_seconds=10)
    w, _ = r53.create_authorization(
        s.world, caller=A, hosted_zone_id=s.zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1"
    )
    w, _ = r53.associate(w, caller=B, hosted_zone_id=s.zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1")
    w, _ = r53.change_resource_record_sets(
        w,
        caller=A,
        hosted_zone_id=s.zone,
        changes=[
            {
                "Action": "CREATE",
                "ResourceRecordSet": {
                    "Name": "www.corp.example.com",
                    "Type": "A",
                    "TTL": 60,
                    "ResourceRecords": [{"Value": "10.0.0.1"}],
                },
            },
        ],
    )
    w = r53.change_tags_for_resource(w, caller=A, resource_id=s.zone, add_tags=[("team", "dns")])
    w = r53.create_tags(w, caller=B, region="eu-west-1", resources=[s.vpc_b.id], tags={"Name": "b"})
    w, _ = r53.delete_vpc(w, caller=A, vpc_id=s.vpc_a.id)
    return snapshot.to_dict(w)


def _version_1(document: dict[str, Any]) -> dict[str, Any]:
    """*document* as version 1 wrote it: none of version 2's additions."""
    old = copy.deepcopy(document)
    old["version"] = 1
    for key in ("records", "zone_tags", "ec2_tags"):
        del old[key]
    for key in ("vpcs_per_region", "rrsets_per_zone"):
        del old["quotas"][key]
    for vpc in old["vpcs"] + old["deleted_vpcs"]:
        for key in list(vpc):
            if key not in ("id", "region", "owner"):
                del vpc[key]
    for zone in old["zones"]:
        del zone["creation"]
    return old


def test_a_version_1_document_still_loads() -> None:
    doc = _story_document()
    world = snapshot.from_dict(_version_1(doc))
    assert world.check() == []
    assert world.quotas == r53.Quotas()
    assert not world.records and not world.zone_tags and not world.ec2_tags
    for vpc in world.vpcs.values():
        assert vpc.cidr_block == "10.0.0.0/16" and vpc.enable_dns_support and vpc.defaults is None
    again = snapshot.to_dict(world)
    assert again["version"] == 2
    assert [z["id"] for z in again["zones"]] == [z["id"] for z in doc["zones"]]


def test_version_2_keeps_what_lies_around_the_rules() -> None:
    doc = _story_document()
    world = snapshot.from_dict(doc)
    assert doc["records"] and doc["zone_tags"] and doc["ec2_tags"]
    assert snapshot.to_dict(world) == doc
    zone_id = doc["zone_tags"][0]["hosted_zone_id"]
    listed = r53.list_resource_record_sets(world, caller=A, hosted_zone_id=zone_id)
    assert [(r.name, r.type) for r in listed.record_sets][-1] == ("www.corp.example.com.", "A")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    document = copy.deepcopy(document)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def _corruptions() -> Iterator[tuple[str, Any]]:
    """Documents that must all be refused: (a label, the JSON text or data)."""
    doc = _story_document()
    text = json.dumps(doc)
    # Truncated anywhere: never a JSON document.
    step = max(1, len(text) // 60)
    for cut in range(0, len(text) - 1, step):
        yield f"truncated at {cut}", text[:cut]
    # Every value replaced by one of a type never accepted there.
    for path in _paths(doc):
        if not path:
            continue
        old = _get(doc, path)
        wrong = [] if isinstance(old, dict) else {"wrong": True}
        yield f"wrong type at {path}", _set(doc, path, wrong)
    # Versions and formats.
    for version in (0, 3, "2", None, 2.0, True):
        yield f"version {version!r}", _set(doc, ("version",), version)
    yield "foreign format", _set(doc, ("format",), "something-else/world")
    yield "not an object", [doc]
    yield "empty object", {}
    # Missing and unknown keys.
    for key in list(doc):
        broken = copy.deepcopy(doc)
        del broken[key]
        yield f"missing {key}", broken
    yield "unknown key", {**doc, "extra": 1}
    yield "unknown zone key", _set(doc, ("zones", 0), {**doc["zones"][0], "extra": 1})
    # Dangling references and duplicates.
    yield "authorization of a missing zone", _set(doc, ("authorizations", 0, "hosted_zone_id"), "ZMISSING")
    yield "duplicate VPC", _set(doc, ("vpcs",), doc["vpcs"] + doc["vpcs"][:1])
    yield "VPC both live and deleted", _set(doc, ("deleted_vpcs",), doc["deleted_vpcs"] + doc["vpcs"][:1])
    yield "duplicate zone", _set(doc, ("zones",), doc["zones"] + doc["zones"][:1])
    yield "duplicate change", _set(doc, ("changes",), doc["changes"] + doc["changes"][:1])
    yield "duplicate authorization", _set(doc, ("authorizations",), doc["authorizations"] * 2)
    yield "duplicate caller reference", _set(doc, ("caller_references",), doc["caller_references"] * 2)
    yield "VPC owner of no partition", _set(doc, ("accounts",), {})
    yield "VPC owner in another partition", _set(doc, ("accounts", B), "aws-cn")
    yield "bad partition", _set(doc, ("accounts", A), "aws-mars")
    yield "bad account id", _set(doc, ("accounts",), {**doc["accounts"], "12": "aws"})
    private = next(i for i, z in enumerate(doc["zones"]) if z["private"])
    public = next(i for i, z in enumerate(doc["zones"]) if not z["private"])
    yield "private zone with no VPC", _set(doc, ("zones", private, "vpcs"), [])
    yield "public zone with a VPC", _set(doc, ("zones", public, "vpcs"), doc["zones"][private]["vpcs"])
    yield "zone in a partition its owner is not", _set(doc, ("zones", public, "partition"), "aws-cn")
    yield "bad region", _set(doc, ("vpcs", 0, "region"), "mars-1")
    yield "bad timestamp", _set(doc, ("now",), "yesterday")
    yield "naive timestamp", _set(doc, ("now",), "2026-01-01T00:00:00")
    yield "negative seconds", _set(doc, ("timing", "propagation_seconds"), -1)
    yield "huge seconds", _set(doc, ("timing", "propagation_seconds"), 1e300)
    yield "negative sequence", _set(doc, ("sequence",), -1)
    yield "bad zone id", _set(doc, ("zones", 0, "id"), "not-a-zone")
    yield "bad zone name", _set(doc, ("zones", 0, "name"), "a..b")
    yield "zone with owner and service", _set(doc, ("zones", 0, "owning_service"), "efs.amazonaws.com")
    yield "bad change id", _set(doc, ("changes", 0, "id"), "X1")
    yield "duplicate VPC in a zone", _set(doc, ("zones", private, "vpcs"), doc["zones"][private]["vpcs"] * 2)
    yield (
        "same name twice on a VPC",
        _set(doc, ("zones",), doc["zones"] + [{**doc["zones"][private], "id": "ZCOPY1234567890"}]),
    )
    # What version 2 added.
    zone_of_records = doc["records"][0]["hosted_zone_id"]
    record = doc["records"][0]["record_sets"][-1]
    yield "records of a missing zone", _set(doc, ("records", 0, "hosted_zone_id"), "ZMISSING")
    yield "records of a zone twice", _set(doc, ("records",), doc["records"] * 2)
    yield (
        "a record set twice",
        _set(doc, ("records", 0, "record_sets"), doc["records"][0]["record_sets"] + [record]),
    )
    yield (
        "a record set outside its zone",
        _set(doc, ("records", 0, "record_sets", -1, "name"), "www.elsewhere."),
    )
    yield (
        "a record name not in stored form",
        _set(doc, ("records", 0, "record_sets", -1, "name"), "WWW.corp.example"),
    )
    yield "a record type not modelled", _set(doc, ("records", 0, "record_sets", -1, "type"), "TLSA")
    yield "a record type unknown", _set(doc, ("records", 0, "record_sets", -1, "type"), "BANANA")
    yield "a record set with no values", _set(doc, ("records", 0, "record_sets", -1, "values"), [])
    yield (
        "a store without its SOA",
        _set(
            doc,
            ("records", 0, "record_sets"),
            [r for r in doc["records"][0]["record_sets"] if r["type"] != "SOA"],
        ),
    )
    yield "tags of a missing zone", _set(doc, ("zone_tags", 0, "hosted_zone_id"), "ZMISSING")
    yield "no tags", _set(doc, ("zone_tags", 0, "tags"), [])
    yield "a zone tag key twice", _set(doc, ("zone_tags", 0, "tags"), doc["zone_tags"][0]["tags"] * 2)
    yield "EC2 tags of a missing resource", _set(doc, ("ec2_tags", 0, "resource_id"), "vpc-0000000000000000f")
    yield "an EC2 tag key twice", _set(doc, ("ec2_tags", 0, "tags"), doc["ec2_tags"][0]["tags"] * 2)
    owned = next(i for i, z in enumerate(doc["zones"]) if z["owner"] is not None)
    yield "an account's zone without a creation number", _set(doc, ("zones", owned, "creation"), None)
    yield (
        "a missing VPC fact",
        _set(doc, ("vpcs", 0), {k: v for k, v in doc["vpcs"][0].items() if k != "cidr_block"}),
    )
    yield "default resources half given", _set(doc, ("vpcs", 0, "defaults"), {"route_table_id": "rtb-1"})
    yield "a version 1 document with version 2's keys", {**_version_1(doc), "records": doc["records"]}
    assert zone_of_records
    yield "not JSON", "{'python': 'dict'}"
    yield "bytes not JSON", b"\xff\xfe"
    yield "deeply nested", "[" * 100_000 + "]" * 100_000


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


CORRUPTIONS = list(_corruptions())


def test_there_are_at_least_100_corruptions() -> None:
    assert len(CORRUPTIONS) >= 100


@pytest.mark.parametrize(("label", "document"), CORRUPTIONS, ids=[label for label, _ in CORRUPTIONS])
def test_corruption_is_refused(label: str, document: Any) -> None:
    with pytest.raises(SnapshotError) as info:
        if isinstance(document, (str, bytes)):
            snapshot.from_json(document)
        else:
            snapshot.from_dict(document)
    assert info.value.message.startswith("$"), info.value.message


def test_error_names_path_expected_and_found() -> None:
    doc = _story_document()
    with pytest.raises(SnapshotError) as info:
        snapshot.from_dict(_set(doc, ("vpcs", 0, "owner"), 42))
    assert info.value.message == "$.vpcs[0].owner: expected a string, found the number 42"


def test_from_json_refuses_non_text() -> None:
    with pytest.raises(SnapshotError, match="expected a JSON document"):
        snapshot.from_json(None)  # type: ignore[arg-type]

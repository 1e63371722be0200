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
    w = r53.link_zone_to_service(w, hosted_zone_id=s.public_zone, service="servicediscovery.amazonaws.com")
    w, _ = r53.create_vpc_association_authorization(
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
    w, _ = r53.create_vpc_association_authorization(
        s.world, caller=A, hosted_zone_id=s.zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1"
    )
    w, _ = r53.associate(w, caller=B, hosted_zone_id=s.zone, vpc_id=s.vpc_b.id, vpc_region="eu-west-1")
    w, _ = r53.delete_vpc(w, caller=A, vpc_id=s.vpc_a.id)
    return snapshot.to_dict(w)


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
    for version in (0, 2, "1", None, 1.0 + 1):
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

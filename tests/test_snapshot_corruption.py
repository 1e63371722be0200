"""Corrupt snapshots: refused with SnapshotError naming the JSON path, or loaded sound.

Real documents are built through the operations (zones, associations, an
authorization, records, zone tags, EC2 tags, a deleted VPC, changes), then damaged:
random byte edits, truncations, and JSON-valid semantic edits (a value anywhere
replaced by a hostile one, a list item dropped or duplicated).  Each damaged document
either raises :class:`SnapshotError` whose message starts with ``$``, or loads a
world that passes :meth:`World.check`.  Then one test per invariant the issue found
loading silently.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

import route53_assoc as r53
from route53_assoc import snapshot
from route53_assoc.errors import SnapshotError

A = "111111111111"
B = "222222222222"


def _world() -> r53.World:
    w = r53.World.empty(propagation_seconds=60)
    w, vpc_a = r53.create_vpc(w, owner=A, region="us-east-1", tags={"Name": "a"})
    w, vpc_b = r53.create_vpc(w, owner=B, region="eu-west-1")
    w, vpc_gone = r53.create_vpc(w, owner=A, region="us-west-2")
    w, created = r53.create_hosted_zone(
        w, caller=A, name="corp.example", caller_reference="first", vpc_id=vpc_a.id, vpc_region="us-east-1",
        comment="first",
    )
    zone = created.zone.id
    w, _ = r53.associate(w, caller=A, hosted_zone_id=zone, vpc_id=vpc_gone.id, vpc_region="us-west-2")
    w, _ = r53.disassociate(w, caller=A, hosted_zone_id=zone, vpc_id=vpc_gone.id, vpc_region="us-west-2")
    w, _ = r53.delete_vpc(w, caller=A, vpc_id=vpc_gone.id, region="us-west-2")
    w, _ = r53.create_hosted_zone(w, caller=A, name="pub.example", caller_reference="second")
    w, _ = r53.create_authorization(
        w, caller=A, hosted_zone_id=zone, vpc_id=vpc_b.id, vpc_region="eu-west-1"
    )
    w, _ = r53.change_resource_record_sets(
        w, caller=A, hosted_zone_id=zone,
        changes=[{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.corp.example", "Type": "A", "TTL": 60,
                                                            "ResourceRecords": [{"Value": "10.0.0.1"}]}}],
    )
    w = r53.change_tags_for_resource(w, caller=A, resource_id=zone, add_tags=[{"Key": "team", "Value": "core"}])
    w = r53.create_tags(w, caller=A, resources=[vpc_a.defaults.security_group_id], tags={"role": "db"})  # type: ignore[union-attr]
    return w


WORLD = _world()
DOC = snapshot.to_dict(WORLD)
TEXT = snapshot.to_json(WORLD)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_paths(item, (*path, index)))
    return out


PATHS = [p for p in _paths(DOC) if p]

REPLACEMENTS: list[Any] = [
    None, True, 0, -1, 1, 10**400, -(10**400), 1.5, 1e300, "", "garbage", "mars-1", "vpc-0123abcd",
    "Z1", "2026-01-01T00:00:00Z", "9999-12-31T23:59:59Z", [], {}, [None], {"a": 1}, "x" * 5000,
]


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _loads_sound_or_refuses(load: Any) -> None:
    try:
        world = load()
    except SnapshotError as exc:
        assert str(exc).startswith("$"), str(exc)
        return
    assert world.check() == []


@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_semantic_edits_are_refused_or_sound(data: st.DataObject) -> None:
    doc = copy.deepcopy(DOC)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        paths = [p for p in _paths(doc) if p]
        path = data.draw(st.sampled_from(paths), label="path")
        kind = data.draw(st.sampled_from(["replace", "drop", "duplicate", "copy"]), label="kind")
        parent = _get(doc, path[:-1])
        if kind == "replace":
            _set(doc, path, data.draw(st.sampled_from(REPLACEMENTS), label="value"))
        elif kind == "drop" and isinstance(parent, list):
            del parent[path[-1]]
        elif kind == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        else:  # copy another leaf of the same document here (a plausible but wrong value)
            other = data.draw(st.sampled_from(paths), label="source")
            _set(doc, path, copy.deepcopy(_get(doc, other)))
    _loads_sound_or_refuses(lambda: snapshot.from_dict(doc))
    _loads_sound_or_refuses(lambda: snapshot.from_json(json.dumps(doc)))


@given(data=st.data())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_byte_edits_and_truncations_are_refused_or_sound(data: st.DataObject) -> None:
    raw = bytearray(TEXT.encode())
    if data.draw(st.booleans(), label="truncate"):
        raw = raw[: data.draw(st.integers(0, len(raw)), label="length")]
    for _ in range(data.draw(st.integers(0, 4), label="edits")):
        if not raw:
            break
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        raw[at] = data.draw(st.sampled_from(list(b'0123456789"{}[],:.-eZa\\ \x00\xff')), label="byte")
    _loads_sound_or_refuses(lambda: snapshot.from_json(bytes(raw)))


def test_the_document_round_trips() -> None:
    assert snapshot.from_json(TEXT) == WORLD
    assert WORLD.check() == []


# -- one test per invariant ------------------------------------------------------------------


def _zone(doc: dict[str, Any], private: bool = True) -> dict[str, Any]:
    return next(z for z in doc["zones"] if z["private"] is private)


def _refused(doc: dict[str, Any], words: str) -> None:
    with pytest.raises(SnapshotError) as caught:
        snapshot.from_dict(doc)
    assert str(caught.value).startswith("$")
    assert words in str(caught.value), str(caught.value)


def test_an_association_with_a_vpc_that_never_existed() -> None:
    doc = copy.deepcopy(DOC)
    _zone(doc)["vpcs"].append({"vpc_id": "vpc-0fffffffffffffff0", "vpc_region": "us-east-1"})
    _refused(doc, "never existed")


def test_an_association_with_a_malformed_vpc_id() -> None:
    doc = copy.deepcopy(DOC)
    _zone(doc)["vpcs"].append({"vpc_id": "garbage", "vpc_region": "us-east-1"})
    _refused(doc, "malformed VPC id")


def test_an_association_outside_the_vpcs_home_region() -> None:
    doc = copy.deepcopy(DOC)
    _zone(doc)["vpcs"][0]["vpc_region"] = "us-east-2"
    _refused(doc, "not its home region")


def test_an_association_in_an_unknown_region() -> None:
    doc = copy.deepcopy(DOC)
    _zone(doc)["vpcs"][0]["vpc_region"] = "mars-1"
    _refused(doc, "")


def test_an_authorization_on_a_public_zone() -> None:
    doc = copy.deepcopy(DOC)
    doc["authorizations"][0]["hosted_zone_id"] = _zone(doc, private=False)["id"]
    _refused(doc, "public zone")


def test_an_authorization_for_a_vpc_of_another_partition() -> None:
    doc = copy.deepcopy(DOC)
    doc["authorizations"][0]["vpc_region"] = "cn-north-1"
    _refused(doc, "another partition")


def test_caller_references_emptied() -> None:
    doc = copy.deepcopy(DOC)
    doc["caller_references"] = []
    _refused(doc, "caller reference")


def test_sequence_rewound() -> None:
    doc = copy.deepcopy(DOC)
    doc["sequence"] = 0
    _refused(doc, "sequence")


def test_a_huge_timing_value() -> None:
    doc = copy.deepcopy(DOC)
    doc["timing"]["propagation_seconds"] = 10**400
    _refused(doc, "$.timing.propagation_seconds")


def test_a_huge_integer_as_a_comment() -> None:
    doc = copy.deepcopy(DOC)
    _zone(doc)["comment"] = 10**5000
    _refused(doc, "comment")


def test_a_clock_beyond_its_bound() -> None:
    doc = copy.deepcopy(DOC)
    doc["now"] = "9999-12-31T23:00:00Z"
    _refused(doc, "$.now")


def test_a_change_after_now() -> None:
    doc = copy.deepcopy(DOC)
    doc["changes"][0]["submitted_at"] = "2030-01-01T00:00:00Z"
    _refused(doc, "after now")


def test_a_default_resource_shared_by_two_vpcs() -> None:
    doc = copy.deepcopy(DOC)
    doc["deleted_vpcs"][0]["defaults"]["security_group_id"] = doc["vpcs"][0]["defaults"]["security_group_id"]
    _refused(doc, "more than one VPC")


def test_a_rewound_sequence_would_have_overwritten_a_change() -> None:
    # What the check prevents: from sequence 0 the next change id is one already recorded.
    from route53_assoc._ids import change_id

    assert any(change_id(n) in WORLD.changes for n in range(1, WORLD.sequence + 1))

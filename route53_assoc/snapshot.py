"""Snapshots: a world to JSON and back, losslessly, so a simulator can persist it.

The format is versioned (``"format": "route53-assoc/world"``, ``"version": 2``).
Timestamps are ISO 8601 UTC with microseconds; durations are seconds.  The indexes
are not stored: they are rebuilt on load, and the loaded world must pass
:meth:`World.check <route53_assoc.World.check>`.

Version 2 adds what lies around the association rules: every quota, each VPC's
EC2 facts (CIDR, tenancy, DNS attributes, default resources), each zone's creation
number, record sets, zone tags and EC2 tags.  A version-1 document still loads:
what it lacks takes its default (AWS's quotas, ``create_vpc``'s VPC facts, VPCs
without default resources, zones with only their default SOA and NS, no tags).

A corrupt or foreign document is refused as a whole with
:class:`~route53_assoc.errors.SnapshotError`, whose message names the path in the
document, what was expected and what was found.  There is never a partial load.

>>> from route53_assoc import World, create_vpc
>>> world, _ = create_vpc(World.empty(), owner="111111111111", region="us-east-1")
>>> from_json(to_json(world)) == world
True
>>> from_json('{"format": "route53-assoc/world", "version": 9}')
Traceback (most recent call last):
...
route53_assoc.errors.SnapshotError: $.version: expected 1 or 2, found 9
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

import attrs
import immutables

from ._records import RecordSet
from ._show import shown, shown_str
from ._sorted import SortedMap
from ._values import (
    MAX_DURATION,
    VPC,
    Authorization,
    Change,
    HostedZone,
    Quotas,
    Timing,
    VpcDefaults,
    parse_timestamp,
)
from ._world import World
from .errors import Route53Error, SnapshotError

__all__ = ["FORMAT", "VERSION", "from_dict", "from_json", "to_dict", "to_json"]

FORMAT: Final = "route53-assoc/world"
VERSION: Final = 2
#: The versions :func:`from_dict` reads.
READABLE: Final = (1, 2)

T = TypeVar("T")


def _time(instant: datetime) -> str:
    return instant.isoformat().replace("+00:00", "Z")


def _seconds(duration: timedelta) -> int | float:
    seconds = duration.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def to_dict(world: World) -> dict[str, Any]:
    """The world as plain JSON-ready data (sorted, so equal worlds give equal documents)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "now": _time(world.now),
        "timing": {
            "propagation_seconds": _seconds(world.timing.propagation),
            "processing_seconds": _seconds(world.timing.processing),
        },
        "quotas": attrs.asdict(world.quotas),
        "sequence": world.sequence,
        "accounts": dict(sorted(world.accounts.items())),
        "vpcs": [attrs.asdict(v) for _, v in sorted(world.vpcs.items())],
        "deleted_vpcs": [attrs.asdict(v) for _, v in sorted(world.deleted_vpcs.items())],
        "zones": [
            {
                "id": z.id,
                "name": z.name,
                "owner": z.owner,
                "owning_service": z.owning_service,
                "linked_service": z.linked_service,
                "partition": z.partition,
                "private": z.private,
                "caller_reference": z.caller_reference,
                "comment": z.comment,
                "vpcs": [{"vpc_id": vpc, "vpc_region": region} for vpc, region in z.vpcs],
                "vpc_limit": z.vpc_limit,
                "last_change_at": None if z.last_change_at is None else _time(z.last_change_at),
                "creation": None if z.owner is None else world.zones_owned_by(z.owner).get(z.id),
            }
            for _, z in sorted(world.zones.items())
        ],
        "authorizations": [
            attrs.asdict(a)
            for _, auths in sorted(world.authorizations.items())
            for _, a in sorted(auths.items())
        ],
        "changes": [
            {
                "id": c.id,
                "hosted_zone_id": c.hosted_zone_id,
                "owner": c.owner,
                "submitted_at": _time(c.submitted_at),
                "comment": c.comment,
            }
            for _, c in sorted(world.changes.items())
        ],
        "caller_references": [
            {"account": account, "caller_reference": ref, "hosted_zone_id": zone_id}
            for (account, ref), zone_id in sorted(world.caller_references.items())
        ],
        "records": [
            {
                "hosted_zone_id": zone_id,
                "record_sets": [
                    {"name": r.name, "type": r.type, "ttl": r.ttl, "values": list(r.values)} for r in store.values()
                ],
            }
            for zone_id, store in sorted(world.records.items())
        ],
        "zone_tags": [
            {"hosted_zone_id": zone_id, "tags": [{"key": k, "value": v} for k, v in pairs]}
            for zone_id, pairs in sorted(world.zone_tags.items())
        ],
        "ec2_tags": [
            {"resource_id": resource_id, "tags": [{"key": k, "value": v} for k, v in sorted(tags.items())]}
            for resource_id, tags in sorted(world.ec2_tags.items())
        ],
    }


def to_json(world: World, *, indent: int | None = 2) -> str:
    """The world as a JSON document."""
    return json.dumps(to_dict(world), indent=indent, sort_keys=False)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {shown(value)}"
    if isinstance(value, str):
        return f"the string {shown(value)}" if len(value) < 60 else "a long string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Reader:
    """Reads one JSON value at a path, refusing anything unexpected with the path."""

    def __init__(self, value: object, path: str) -> None:
        self.value = value
        self.path = path

    def fail(self, expected: str, found: object) -> SnapshotError:
        return SnapshotError(f"{self.path}: expected {expected}, found {found}")

    def obj(self, keys: set[str], optional: frozenset[str] = frozenset()) -> dict[str, _Reader]:
        if not isinstance(self.value, dict):
            raise self.fail("an object", _kind(self.value))
        missing = sorted(keys - set(self.value) - optional)
        if missing:
            raise SnapshotError(f"{self.path}: missing key {missing[0]!r}")
        unknown = sorted(set(self.value) - keys)
        if unknown:
            raise SnapshotError(f"{self.path}: unknown key {unknown[0]!r}")
        return {key: _Reader(self.value.get(key), f"{self.path}.{key}") for key in keys}

    def items(self) -> list[_Reader]:
        if not isinstance(self.value, list):
            raise self.fail("a list", _kind(self.value))
        return [_Reader(item, f"{self.path}[{i}]") for i, item in enumerate(self.value)]

    def text(self, nullable: bool = False) -> Any:
        if nullable and self.value is None:
            return None
        if not isinstance(self.value, str):
            raise self.fail("a string" + (" or null" if nullable else ""), _kind(self.value))
        return self.value

    def whole(self, nullable: bool = False) -> Any:
        if nullable and self.value is None:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise self.fail("a whole number from 0 up" + (" or null" if nullable else ""), _kind(self.value))
        return self.value

    def seconds(self) -> timedelta:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail("a number of seconds from 0 up", _kind(value))
        if not 0 <= value <= MAX_DURATION.total_seconds():  # NaN fails too
            raise self.fail(f"a number of seconds from 0 to {int(MAX_DURATION.total_seconds())}", _kind(value))
        return timedelta(seconds=value)

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail("true or false", _kind(self.value))
        return self.value

    def time(self, nullable: bool = False) -> Any:
        text = self.text(nullable)
        if text is None:
            return None
        try:
            return parse_timestamp(text)
        except Route53Error:
            raise self.fail("an ISO 8601 UTC timestamp", _kind(text)) from None

    def build(self, make: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call a value constructor, turning its refusal into an error at this path."""
        try:
            return make(*args, **kwargs)
        except SnapshotError:
            raise
        except Route53Error as exc:
            raise SnapshotError(f"{self.path}: {exc.message}") from None
        except (ValueError, TypeError, OverflowError) as exc:
            raise SnapshotError(f"{self.path}: {exc}") from None


_TOP_V2: Final = {"records", "zone_tags", "ec2_tags"}
_TOP: Final = {
    "format",
    "version",
    "now",
    "timing",
    "quotas",
    "sequence",
    "accounts",
    "vpcs",
    "deleted_vpcs",
    "zones",
    "authorizations",
    "changes",
    "caller_references",
}
_ZONE: Final = {
    "id",
    "name",
    "owner",
    "owning_service",
    "linked_service",
    "partition",
    "private",
    "caller_reference",
    "comment",
    "vpcs",
    "vpc_limit",
    "last_change_at",
}
_VPC: Final = {"id", "region", "owner"}
_VPC_V2: Final = {
    "cidr_block",
    "instance_tenancy",
    "is_default",
    "enable_dns_support",
    "enable_dns_hostnames",
    "enable_network_address_usage_metrics",
    "defaults",
}
_QUOTAS: Final = {"vpcs_per_zone", "authorizations_per_zone", "zones_per_account"}
_QUOTAS_V2: Final = {"vpcs_per_region", "rrsets_per_zone"}


def _unique(reader: _Reader, seen: dict[Any, str], key: Any, what: str) -> None:
    if key in seen:
        raise SnapshotError(f"{reader.path}: duplicate {what} {key!r} (first at {seen[key]})")
    seen[key] = reader.path


def from_dict(data: object) -> World:
    """Rebuild a world from :func:`to_dict`'s data; refuse anything else whole.

    Only :class:`~route53_assoc.errors.SnapshotError` comes out, its message starting
    with the JSON path (``$`` …) of what was refused.
    """
    try:
        return _from_dict(data)
    except SnapshotError:
        raise
    except Route53Error as exc:
        raise SnapshotError(f"$: {exc.message}") from None
    except (ValueError, TypeError, OverflowError, KeyError, AttributeError, RecursionError) as exc:
        raise SnapshotError(f"$: not a snapshot of a world ({type(exc).__name__}: {shown_str(_safe_str(exc))})") from None


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return type(exc).__name__


def _from_dict(data: object) -> World:
    root = _Reader(data, "$")
    if isinstance(data, dict):
        if data.get("format") != FORMAT:
            raise root.fail(f"'format': {FORMAT!r}", _kind(data.get("format")))
        version = data.get("version")
        if type(version) is not int or version not in READABLE:
            raise SnapshotError(f"$.version: expected 1 or 2, found {version!r}")
    v2 = isinstance(data, dict) and data.get("version") == VERSION
    top = root.obj(_TOP | _TOP_V2 if v2 else _TOP)
    timing_r = top["timing"].obj({"propagation_seconds", "processing_seconds"})
    quotas_r = top["quotas"].obj(_QUOTAS | _QUOTAS_V2 if v2 else _QUOTAS)
    timing = Timing(
        propagation=timing_r["propagation_seconds"].seconds(),
        processing=timing_r["processing_seconds"].seconds(),
    )
    quotas = top["quotas"].build(Quotas, **{k: r.whole() for k, r in quotas_r.items()})

    accounts_r = top["accounts"]
    if not isinstance(accounts_r.value, dict):
        raise accounts_r.fail("an object of account → partition", _kind(accounts_r.value))
    from ._ec2 import _partition_name
    from ._values import normalize_account_id

    accounts: dict[str, str] = {}
    for account, partition in accounts_r.value.items():
        item = _Reader(partition, f"$.accounts.{account}")
        item.build(normalize_account_id, account)
        accounts[account] = item.build(_partition_name, partition)

    def read_vpcs(reader: _Reader, seen: dict[Any, str]) -> dict[str, VPC]:
        out = {}
        for item in reader.items():
            fields = item.obj(_VPC | _VPC_V2 if v2 else _VPC)
            facts: dict[str, Any] = {}
            if v2:
                facts = {
                    "cidr_block": fields["cidr_block"].text(),
                    "instance_tenancy": fields["instance_tenancy"].text(),
                    "is_default": fields["is_default"].flag(),
                    "enable_dns_support": fields["enable_dns_support"].flag(),
                    "enable_dns_hostnames": fields["enable_dns_hostnames"].flag(),
                    "enable_network_address_usage_metrics": fields["enable_network_address_usage_metrics"].flag(),
                    "defaults": _read_defaults(fields["defaults"]),
                }
            vpc = item.build(
                VPC,
                id=fields["id"].text(),
                region=fields["region"].text(),
                owner=fields["owner"].text(),
                **facts,
            )
            _unique(item, seen, vpc.id, "VPC id")
            if accounts.get(vpc.owner) != vpc.partition.name:
                raise SnapshotError(
                    f"{item.path}: VPC {vpc.id} is in partition {vpc.partition.name}, but its owner "
                    f"{vpc.owner} is in {accounts.get(vpc.owner, 'no listed partition')}"
                )
            out[vpc.id] = vpc
        return out

    seen_vpcs: dict[Any, str] = {}
    vpcs = read_vpcs(top["vpcs"], seen_vpcs)
    deleted = read_vpcs(top["deleted_vpcs"], seen_vpcs)

    zones: dict[str, HostedZone] = {}
    creation: dict[str, dict[str, int]] = {}
    seen_zones: dict[Any, str] = {}
    for item in top["zones"].items():
        f = item.obj(_ZONE | {"creation"} if v2 else _ZONE)
        associations: dict[str, str] = {}
        for pair in f["vpcs"].items():
            p = pair.obj({"vpc_id", "vpc_region"})
            vpc_id = p["vpc_id"].text()
            if vpc_id in associations:
                raise SnapshotError(f"{pair.path}: duplicate VPC {vpc_id!r} in the zone")
            associations[vpc_id] = p["vpc_region"].text()
        zone = item.build(
            HostedZone,
            id=f["id"].text(),
            name=f["name"].text(),
            owner=f["owner"].text(nullable=True),
            owning_service=f["owning_service"].text(nullable=True),
            linked_service=f["linked_service"].text(nullable=True),
            partition=f["partition"].text(),
            private=f["private"].flag(),
            caller_reference=f["caller_reference"].text(),
            comment=f["comment"].text(nullable=True),
            associations=associations,
            vpc_limit=f["vpc_limit"].whole(nullable=True),
            last_change_at=f["last_change_at"].time(nullable=True),
        )
        _unique(item, seen_zones, zone.id, "zone id")
        zones[zone.id] = zone
        if v2:
            number = f["creation"].whole(nullable=True)
            if (number is None) != (zone.owner is None):
                raise f["creation"].fail(
                    "a creation number for a zone an account owns, null for a service's", _kind(number)
                )
            if zone.owner is not None:
                creation.setdefault(zone.owner, {})[zone.id] = number

    authorizations: dict[str, dict[tuple[str, str], Authorization]] = {}
    seen_auths: dict[Any, str] = {}
    for item in top["authorizations"].items():
        f = item.obj({"hosted_zone_id", "vpc_id", "vpc_region"})
        auth = item.build(
            Authorization,
            hosted_zone_id=f["hosted_zone_id"].text(),
            vpc_id=f["vpc_id"].text(),
            vpc_region=f["vpc_region"].text(),
        )
        _unique(item, seen_auths, (auth.hosted_zone_id, auth.vpc_id, auth.vpc_region), "authorization")
        if auth.hosted_zone_id not in zones:
            raise SnapshotError(
                f"{item.path}.hosted_zone_id: no zone {auth.hosted_zone_id!r} in the snapshot"
            )
        authorizations.setdefault(auth.hosted_zone_id, {})[(auth.vpc_id, auth.vpc_region)] = auth

    changes: dict[str, Change] = {}
    seen_changes: dict[Any, str] = {}
    for item in top["changes"].items():
        f = item.obj({"id", "hosted_zone_id", "owner", "submitted_at", "comment"})
        change = item.build(
            Change,
            id=f["id"].text(),
            hosted_zone_id=f["hosted_zone_id"].text(),
            owner=f["owner"].text(),
            submitted_at=f["submitted_at"].time(),
            comment=f["comment"].text(nullable=True),
        )
        _unique(item, seen_changes, change.id, "change id")
        changes[change.id] = change

    references: dict[tuple[str, str], str] = {}
    for item in top["caller_references"].items():
        f = item.obj({"account", "caller_reference", "hosted_zone_id"})
        key = (f["account"].text(), f["caller_reference"].text())
        if key in references:
            raise SnapshotError(f"{item.path}: duplicate caller reference {key[1]!r} of account {key[0]}")
        references[key] = f["hosted_zone_id"].text()

    records = _read_records(top["records"], zones) if v2 else {}
    zone_tags = _read_zone_tags(top["zone_tags"], zones) if v2 else {}
    ec2_tags = _read_ec2_tags(top["ec2_tags"]) if v2 else {}
    indexes: dict[str, Any] = {}
    if v2:
        indexes["zone_order"] = immutables.Map({a: immutables.Map(z) for a, z in creation.items()})

    vpc_names: dict[str, dict[str, str]] = {}
    zone_counts: dict[str, int] = {}
    for zone in zones.values():
        if zone.owner is not None:
            zone_counts[zone.owner] = zone_counts.get(zone.owner, 0) + 1
        for vpc_id in zone.associations:
            names = vpc_names.setdefault(vpc_id, {})
            if zone.name in names:
                raise SnapshotError(
                    f"$.zones: VPC {vpc_id} is associated with two zones named {zone.name} "
                    f"({names[zone.name]} and {zone.id})"
                )
            names[zone.name] = zone.id

    world = top["now"].build(
        World,
        now=top["now"].time(),
        timing=timing,
        quotas=quotas,
        sequence=top["sequence"].whole(),
        accounts=immutables.Map(accounts),
        vpcs=immutables.Map(vpcs),
        deleted_vpcs=immutables.Map(deleted),
        zones=immutables.Map(zones),
        authorizations=immutables.Map({z: immutables.Map(a.items()) for z, a in authorizations.items()}),
        changes=immutables.Map(changes),
        caller_references=immutables.Map(references),
        vpc_names=immutables.Map({v: immutables.Map(n) for v, n in vpc_names.items()}),
        zone_counts=immutables.Map(zone_counts),
        records=immutables.Map(records),
        zone_tags=immutables.Map(zone_tags),
        ec2_tags=immutables.Map(ec2_tags),
        **indexes,
    )
    try:
        problems = world.check()
    except Exception as exc:  # a world check() cannot even read is not a consistent one
        raise SnapshotError(f"$: the snapshot is not a consistent world ({type(exc).__name__})") from None
    if problems:
        raise SnapshotError(f"$: the snapshot is not a consistent world: {problems[0]}")
    return world


def _read_defaults(reader: _Reader) -> VpcDefaults | None:
    if reader.value is None:
        return None
    names = {f.name for f in attrs.fields(VpcDefaults)}
    fields = reader.obj(names)
    return reader.build(VpcDefaults, **{name: fields[name].text() for name in names})


def _tag_pairs(reader: _Reader, seen_what: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    keys: dict[Any, str] = {}
    for item in reader.items():
        f = item.obj({"key", "value"})
        key = f["key"].text()
        _unique(item, keys, key, f"tag key of {seen_what}")
        pairs.append((key, f["value"].text()))
    if not pairs:
        raise reader.fail("at least one tag", "an empty list")
    return pairs


def _read_zone_tags(reader: _Reader, zones: dict[str, HostedZone]) -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    seen: dict[Any, str] = {}
    for item in reader.items():
        f = item.obj({"hosted_zone_id", "tags"})
        zone_id = f["hosted_zone_id"].text()
        _unique(item, seen, zone_id, "zone's tags")
        if zone_id not in zones:
            raise SnapshotError(f"{item.path}.hosted_zone_id: no zone {zone_id!r} in the snapshot")
        out[zone_id] = tuple(_tag_pairs(f["tags"], zone_id))
    return out


def _read_ec2_tags(reader: _Reader) -> dict[str, immutables.Map[str, str]]:
    out: dict[str, immutables.Map[str, str]] = {}
    seen: dict[Any, str] = {}
    for item in reader.items():
        f = item.obj({"resource_id", "tags"})
        resource_id = f["resource_id"].text()
        _unique(item, seen, resource_id, "resource's tags")
        out[resource_id] = immutables.Map(_tag_pairs(f["tags"], resource_id))
    return out


def _read_records(
    reader: _Reader, zones: dict[str, HostedZone]
) -> dict[str, SortedMap[tuple[str, str], RecordSet]]:
    out: dict[str, SortedMap[tuple[str, str], RecordSet]] = {}
    seen: dict[Any, str] = {}
    for item in reader.items():
        f = item.obj({"hosted_zone_id", "record_sets"})
        zone_id = f["hosted_zone_id"].text()
        _unique(item, seen, zone_id, "zone's record sets")
        if zone_id not in zones:
            raise SnapshotError(f"{item.path}.hosted_zone_id: no zone {zone_id!r} in the snapshot")
        store: dict[tuple[str, str], RecordSet] = {}
        for entry in f["record_sets"].items():
            r = entry.obj({"name", "type", "ttl", "values"})
            values = tuple(v.text() for v in r["values"].items())
            record = entry.build(
                RecordSet, r["name"].text(), r["type"].text(), r["ttl"].whole(), values
            )
            if record.key in store:
                raise SnapshotError(f"{entry.path}: duplicate record set {record.type} {record.name}")
            store[record.key] = record
        out[zone_id] = SortedMap(store.items())
    return out


def from_json(text: str | bytes) -> World:
    """Rebuild a world from :func:`to_json`'s document; refuse anything else whole."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise SnapshotError(f"$: expected a JSON document (str or bytes), found {type(text).__name__}")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SnapshotError(f"$: not a JSON document: {exc}") from None
    return from_dict(data)

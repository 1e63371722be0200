"""The world: everything Route 53 and EC2 know that the association rules read.

A :class:`World` is immutable.  Operations return a new world that shares almost all
of its structure with the old one: every table is a persistent hash map
(``immutables.Map``), so an operation costs O(log n) in the world's size, and a
refused request cannot leak a partial change into the world it was given.

Alongside the facts (accounts, VPCs, zones, authorizations, changes, caller
references) the world keeps two indexes that the rules read on every request:

- ``vpc_names``: VPC id → zone name → zone id, the zones associated with each VPC
  (``ConflictingDomainExists``, ``ListHostedZonesByVPC``);
- ``zone_counts``: account → how many zones it owns (``TooManyHostedZones``);
- ``zone_order``: account → zone id → the world sequence number the zone was
  created at (its creation number), for every zone the account owns;
- ``zones_by_creation`` and ``zones_by_name``: account → a persistent sorted set
  (:class:`~route53_assoc._sorted.SortedKeys`) of ``(creation number, zone id)``
  and of ``(reversed-label name key, zone id)``, the orders of ``ListHostedZones``
  and ``ListHostedZonesByName``, so a page costs O(log n + page size).

A world built without these three (a snapshot, say) derives them from its zones.

Tags on hosted zones live in ``zone_tags``: zone id → ``(key, value)`` pairs in the order
they were first added (at most 50 a zone); they vanish with the zone.

and two for EC2 (spec §S5): ``vpcs_by_account_region`` ((account, region) → VPC
ids: listings and the VPC quota) and ``ec2_resources`` (default resource id → VPC).

:meth:`World.check` recomputes them from scratch and compares.
"""

from __future__ import annotations

from collections.abc import Sized
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
import immutables

from ._changes import ChangeLog, as_change_log
from ._ids import _CHANGE_MASK, _CHANGE_MULTIPLIER, change_sequence, ec2_sequence, zone_sequence
from ._partitions import _PARTITION_OF, PARTITIONS
from ._show import shown
from ._sorted import EMPTY_KEYS as _EMPTY_KEYS
from ._sorted import SortedKeys, SortedMap, reversed_label_key
from ._values import (
    UTC,
    VPC,
    Authorization,
    Change,
    ChangeInfo,
    ChangeStatus,
    HostedZone,
    Quotas,
    Timing,
    _combine,
    _instant,
    _new,
    _set_state,
    _to_utc,
    replace,
    trusted,
)
from .errors import InvalidInput

if TYPE_CHECKING:
    from ._records import RecordSet

__all__ = ["World", "DEFAULT_EPOCH", "require_world"]

#: The instant an empty world starts at, unless told otherwise.
DEFAULT_EPOCH: Final = datetime(2026, 1, 1, tzinfo=UTC)

Map = immutables.Map


def _timing(value: object) -> Timing:
    if isinstance(value, Timing):
        return value
    if isinstance(value, dict) and all(key in ("propagation", "processing") for key in value):
        return Timing(**value)
    raise InvalidInput(f"timing must be a Timing, not {shown(value)}")


def _quotas(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, Quotas):
        raise InvalidInput(f"quotas must be a Quotas, not {shown(value)}")


@attrs.frozen(kw_only=True, repr=False, slots=False)
class World:
    """The immutable state the operations read and return.

    Build one with :meth:`World.empty`; change it only through the operations.

    >>> world = World.empty()
    >>> world.now.isoformat(), len(world.zones)
    ('2026-01-01T00:00:00+00:00', 0)
    """

    now: datetime = attrs.field(default=DEFAULT_EPOCH, converter=_to_utc, validator=_instant)
    timing: Timing = attrs.field(factory=Timing, converter=_timing)
    quotas: Quotas = attrs.field(factory=Quotas, validator=_quotas)
    sequence: int = 0
    accounts: Map[str, str] = attrs.field(factory=Map)
    vpcs: Map[str, VPC] = attrs.field(factory=Map)
    deleted_vpcs: Map[str, VPC] = attrs.field(factory=Map)
    zones: Map[str, HostedZone] = attrs.field(factory=Map)
    authorizations: Map[str, Map[tuple[str, str], Authorization]] = attrs.field(factory=Map)
    #: Change id → change: a persistent log, cheap to append (see ``_changes``); a
    #: mapping of change id → :class:`Change` given here is converted.
    changes: ChangeLog = attrs.field(factory=ChangeLog.empty, converter=as_change_log)
    caller_references: Map[tuple[str, str], str] = attrs.field(factory=Map)
    vpc_names: Map[str, Map[str, str]] = attrs.field(factory=Map)
    zone_counts: Map[str, int] = attrs.field(factory=Map)
    #: Zone id → the zone's record sets keyed by ``(reversed-label name key, type)``;
    #: a zone without an entry holds only its default SOA and NS (see ``_records``).
    records: Map[str, SortedMap[tuple[str, str], RecordSet]] = attrs.field(factory=Map)
    zone_order: Map[str, Map[str, int]] = attrs.field(
        default=attrs.Factory(lambda world: _derived_zone_order(world.zones), takes_self=True)
    )
    zones_by_creation: Map[str, SortedKeys] = attrs.field(
        default=attrs.Factory(lambda world: _derived_by_creation(world.zone_order), takes_self=True)
    )
    zones_by_name: Map[str, SortedKeys] = attrs.field(
        default=attrs.Factory(lambda world: _derived_by_name(world.zones, world.zone_order), takes_self=True)
    )
    zone_tags: Map[str, tuple[tuple[str, str], ...]] = attrs.field(factory=Map)
    #: EC2 (spec §S5): tags by resource id (VPCs and their default resources), key → value.
    ec2_tags: Map[str, Map[str, str]] = attrs.field(factory=Map)
    #: Index: (owner account, region) → the ids of its VPCs there (values unused).
    vpcs_by_account_region: Map[tuple[str, str], Map[str, None]] = attrs.field(factory=Map)
    #: Index: default resource id (``rtb-``, ``acl-``, ``sg-``) → its VPC's id.
    ec2_resources: Map[str, str] = attrs.field(factory=Map)

    def __attrs_post_init__(self) -> None:
        _combine(self)
        # A world built from outside (a snapshot, a test) with VPCs but without the
        # EC2 indexes gets them computed once; the operations keep them afterwards.
        if self.vpcs and not self.vpcs_by_account_region:
            places, resources = _ec2_indexes(self.vpcs)
            object.__setattr__(self, "vpcs_by_account_region", places)
            if not self.ec2_resources:
                object.__setattr__(self, "ec2_resources", resources)

    @classmethod
    def empty(
        cls,
        *,
        now: datetime = DEFAULT_EPOCH,
        propagation_seconds: float = 0,
        processing_seconds: float = 0,
        quotas: Quotas | None = None,
    ) -> World:
        """A world with nothing in it.

        Bounds: ``now`` from 1970-01-01 to 9000-01-01 (UTC; ``advance`` never passes the
        upper one), each duration from 0 to 100 years; beyond them, NaN and infinities
        included, is ``InvalidInput``.

        >>> World.empty(propagation_seconds=30).timing.propagation.total_seconds()
        30.0
        >>> World.empty(propagation_seconds=float("nan"))
        Traceback (most recent call last):
        ...
        route53_assoc.errors.InvalidInput: a duration must be from 0 to 3155760000 seconds, not nan
        """
        return cls(
            now=now,
            timing=Timing(propagation=propagation_seconds, processing=processing_seconds),
            quotas=quotas if quotas is not None else Quotas(),
        )

    def __repr__(self) -> str:
        return (
            f"<World at {self.now.isoformat()}: {len(self.accounts)} accounts, "
            f"{len(self.vpcs)} VPCs, {len(self.zones)} zones, "
            f"{sum(len(z.associations) for z in self.zones.values())} associations, "
            f"{len(self.changes)} changes>"
        )

    # -- reading ---------------------------------------------------------------

    def partition_of_account(self, account: str) -> str:
        """The account's partition; an account the world has not seen is in ``aws``."""
        return self.accounts.get(account, "aws")

    def zone_partition_visible(self, zone_id: str, account: str) -> HostedZone | None:
        """The zone with *zone_id* if it lies in *account*'s partition, else ``None``."""
        zone = self.zones.get(zone_id)
        if zone is None or zone.partition != self.accounts.get(account, "aws"):  # partition_of_account
            return None
        return zone

    def zones_owned_by(self, account: str) -> Map[str, int]:
        """Zone id → creation number for every zone *account* owns."""
        return self.zone_order.get(account, _EMPTY_ORDER)

    def zone_tags_of(self, zone_id: str) -> tuple[tuple[str, str], ...]:
        """The zone's tags as ``(key, value)`` pairs, oldest key first."""
        return self.zone_tags.get(zone_id, ())

    def zones_of_vpc(self, vpc_id: str) -> Map[str, str]:
        """Zone name → zone id for every zone associated with *vpc_id*."""
        return self.vpc_names.get(vpc_id, _EMPTY)

    def authorizations_of(self, zone_id: str) -> Map[tuple[str, str], Authorization]:
        """The zone's authorizations, keyed by ``(vpc_id, vpc_region)``."""
        return self.authorizations.get(zone_id, _EMPTY_AUTH)

    def vpc_limit(self, zone: HostedZone) -> int:
        """How many VPCs *zone* may have: its own override, else the world's quota."""
        return zone.vpc_limit if zone.vpc_limit is not None else self.quotas.vpcs_per_zone

    def change_info(self, change: Change) -> ChangeInfo:
        """The change as AWS reports it now: ``PENDING`` until propagated."""
        propagation = self.timing.propagation
        done = change.submitted_at + propagation if propagation else change.submitted_at
        status = ChangeStatus.INSYNC if self.now >= done else ChangeStatus.PENDING
        return trusted(
            ChangeInfo,
            id="/change/" + change.id,
            status=status,
            submitted_at=change.submitted_at,
            comment=change.comment,
        )

    def busy_until(self, zone: HostedZone) -> datetime | None:
        """When the zone's last change stops blocking the next, if it still does."""
        if zone.last_change_at is None or not self.timing.processing:
            return None
        until = zone.last_change_at + self.timing.processing
        return until if self.now < until else None

    def vpcs_of(self, account: str, region: str) -> Map[str, None]:
        """The ids of *account*'s VPCs in *region* (an index read: no scan)."""
        return self.vpcs_by_account_region.get((account, region), _EMPTY_IDS)

    def tags_of(self, resource_id: str) -> Map[str, str]:
        """An EC2 resource's tags, key → value."""
        return self.ec2_tags.get(resource_id, _EMPTY)

    # -- writing (used by the operations) --------------------------------------

    def with_vpc(self, vpc: VPC) -> World:
        """The world with *vpc* stored (added or replaced) and the EC2 indexes kept."""
        place = (vpc.owner, vpc.region)
        resources = self.ec2_resources
        if vpc.defaults is not None:
            for resource_id in vpc.defaults.resource_ids():
                resources = resources.set(resource_id, vpc.id)
        return replace(
            self,
            vpcs=self.vpcs.set(vpc.id, vpc),
            vpcs_by_account_region=self.vpcs_by_account_region.set(place, self.vpcs_of(*place).set(vpc.id, None)),
            ec2_resources=resources,
        )

    def without_vpc(self, vpc: VPC) -> World:
        """The world with *vpc* deleted: kept in ``deleted_vpcs``, its resources and tags gone."""
        place = (vpc.owner, vpc.region)
        ids = self.vpcs_of(*place).delete(vpc.id)
        places = self.vpcs_by_account_region.set(place, ids) if ids else self.vpcs_by_account_region.delete(place)
        resources = self.ec2_resources
        tags = self.ec2_tags
        owned = (vpc.id, *(vpc.defaults.resource_ids() if vpc.defaults is not None else ()))
        for resource_id in owned:
            if resource_id in resources:
                resources = resources.delete(resource_id)
            if resource_id in tags:
                tags = tags.delete(resource_id)
        return replace(
            self,
            vpcs=self.vpcs.delete(vpc.id),
            deleted_vpcs=self.deleted_vpcs.set(vpc.id, vpc),
            vpcs_by_account_region=places,
            ec2_resources=resources,
            ec2_tags=tags,
        )

    def with_tags(self, resource_id: str, tags: Map[str, str]) -> World:
        """The world with *resource_id*'s tags replaced (none: the entry goes)."""
        if tags:
            return replace(self, ec2_tags=self.ec2_tags.set(resource_id, tags))
        if resource_id in self.ec2_tags:
            return replace(self, ec2_tags=self.ec2_tags.delete(resource_id))
        return self


    def next_sequence(self) -> tuple[World, int]:
        """A world whose sequence has moved on by one, and the new number."""
        number = self.sequence + 1
        return replace(self, sequence=number), number

    def with_account(self, account: str, partition: str) -> World:
        """The world knowing *account* in *partition* (it must not be elsewhere)."""
        if self.accounts.get(account) == partition:
            return self
        return replace(self, accounts=self.accounts.set(account, partition))

    def with_zone(self, zone: HostedZone) -> World:
        """The world with *zone* stored (added or replaced)."""
        return replace(self, zones=self.zones.set(zone.id, zone))

    def commit(self, zone: HostedZone, comment: str | None, **updates: Any) -> tuple[World, ChangeInfo]:
        """Store *zone*, record a change to it now, and apply *updates*, in one step.

        The zone is stored marked busy (``last_change_at``) for the processing time.
        """
        fields = self.__dict__.copy()
        fields.update(updates)
        return self.committed(fields, zone, comment)

    def committed(
        self, fields: dict[str, Any], zone: HostedZone, comment: str | None
    ) -> tuple[World, ChangeInfo]:
        """:meth:`commit` for the hot path: *fields* is a copy of this world's
        ``__dict__`` with the caller's updates made (it becomes the new world's)."""
        number = self.sequence + 1
        now = self.now
        # ``change_id(number)``, inlined (tests/test_associate.py checks that they agree).
        change_key = "C%019X" % (((number + 0x43) * _CHANGE_MULTIPLIER) & _CHANGE_MASK)
        zone_id = zone.id
        owner = zone.owner
        last = zone.last_change_at
        if last is not now and last != now:
            zone = replace(zone, last_change_at=now)
        fields["sequence"] = number
        fields["zones"] = self.zones.set(zone_id, zone)
        # The change as the log stores it (a record; ``Change`` objects are made when read).
        fields["changes"] = self.changes.appended(
            (number, change_key, zone_id, owner if owner is not None else zone.owner_label, now, comment)
        )
        world: World = _new(World)
        _set_state(world, "__dict__", fields)
        # What ``world.change_info(change)`` says, knowing that the change was
        # submitted now: in sync at once unless changes take time to propagate.
        info: ChangeInfo = _new(ChangeInfo)
        _set_state(
            info,
            "__dict__",
            {
                "id": "/change/" + change_key,
                "status": ChangeStatus.PENDING if self.timing.propagation else ChangeStatus.INSYNC,
                "submitted_at": now,
                "comment": comment,
            },
        )
        return world, info

    def with_owned_zone(self, zone: HostedZone, number: int) -> dict[str, Any]:
        """The ``zone_order``/``zones_by_*`` updates once the account's *zone* is created at *number*."""
        owner = zone.owner
        assert owner is not None
        return {
            "zone_order": self.zone_order.set(owner, self.zones_owned_by(owner).set(zone.id, number)),
            "zones_by_creation": self.zones_by_creation.set(
                owner, self.zones_by_creation.get(owner, _EMPTY_KEYS).add((number, zone.id))
            ),
            "zones_by_name": self.zones_by_name.set(
                owner, self.zones_by_name.get(owner, _EMPTY_KEYS).add((reversed_label_key(zone.name), zone.id))
            ),
        }

    def without_zone_facts(self, zone: HostedZone) -> dict[str, Any]:
        """The ``zone_order``, ``zones_by_*`` and ``zone_tags`` updates that forget a deleted *zone*."""
        updates: dict[str, Any] = {}
        owner = zone.owner
        owned = self.zones_owned_by(owner) if owner is not None else _EMPTY_ORDER
        if owner is not None and zone.id in owned:
            number = owned[zone.id]
            by_creation = self.zones_by_creation.get(owner, _EMPTY_KEYS).discard((number, zone.id))
            by_name = self.zones_by_name.get(owner, _EMPTY_KEYS).discard((reversed_label_key(zone.name), zone.id))
            updates["zone_order"] = _set_or_drop(self.zone_order, owner, owned.delete(zone.id))
            updates["zones_by_creation"] = _set_or_drop(self.zones_by_creation, owner, by_creation)
            updates["zones_by_name"] = _set_or_drop(self.zones_by_name, owner, by_name)
        if zone.id in self.zone_tags:
            updates["zone_tags"] = self.zone_tags.delete(zone.id)
        return updates

    def vpc_names_with(self, zone: HostedZone, vpc_id: str) -> Map[str, Map[str, str]]:
        """The ``vpc_names`` index once *zone* is associated with *vpc_id*."""
        return self.vpc_names.set(vpc_id, self.zones_of_vpc(vpc_id).set(zone.name, zone.id))

    def vpc_names_without(self, zone: HostedZone, vpc_id: str) -> Map[str, Map[str, str]]:
        """The ``vpc_names`` index once *zone* is no longer associated with *vpc_id*."""
        names = self.zones_of_vpc(vpc_id).delete(zone.name)
        return self.vpc_names.set(vpc_id, names) if names else self.vpc_names.delete(vpc_id)

    # -- consistency -----------------------------------------------------------

    def check(self) -> list[str]:
        """Every broken invariant, as sentences (an empty list for a sound world).

        Recomputes the indexes from scratch and compares them with the stored ones,
        and checks the cross-references between the tables.

        >>> World.empty().check()
        []
        """
        problems: list[str] = []
        vpc_names: dict[str, dict[str, str]] = {}
        zone_counts: dict[str, int] = {}
        for zone_id, zone in self.zones.items():
            if zone_id != zone.id:
                problems.append(f"zone stored under {zone_id} has id {zone.id}")
            if zone.owner is not None:
                zone_counts[zone.owner] = zone_counts.get(zone.owner, 0) + 1
                if self.accounts.get(zone.owner) != zone.partition:
                    problems.append(f"zone {zone.id} is in {zone.partition}, its owner is not")
            if zone.private and not zone.associations:
                problems.append(f"private zone {zone.id} has no VPC")
            if not zone.private and zone.associations:
                problems.append(f"public zone {zone.id} has VPCs")
            for vpc_id, region in zone.associations.items():
                if _PARTITION_OF.get(region) != zone.partition:
                    problems.append(f"zone {zone.id} has VPC {vpc_id} of another partition")
                names = vpc_names.setdefault(vpc_id, {})
                if zone.name in names:
                    problems.append(f"VPC {vpc_id} has two zones named {zone.name}")
                names[zone.name] = zone.id
        stored_names = {vpc: dict(names) for vpc, names in self.vpc_names.items()}
        if stored_names != vpc_names:
            problems.append("index vpc_names differs from a recomputation")
        if dict(self.zone_counts) != zone_counts:
            problems.append("index zone_counts differs from a recomputation")
        order = {owner: set(owned) for owner, owned in self.zone_order.items()}
        owned_zones: dict[str, set[str]] = {}
        for zone_id, zone in self.zones.items():
            if zone.owner is not None:
                owned_zones.setdefault(zone.owner, set()).add(zone_id)
        if order != owned_zones:
            problems.append("index zone_order differs from the zones each account owns")
        if self.zones_by_creation != _derived_by_creation(self.zone_order):
            problems.append("index zones_by_creation differs from a recomputation")
        if self.zones_by_name != _derived_by_name(self.zones, self.zone_order):
            problems.append("index zones_by_name differs from a recomputation")
        for zone_id, pairs in self.zone_tags.items():
            keys = [key for key, _ in pairs]
            if zone_id not in self.zones:
                problems.append(f"tags for missing zone {zone_id}")
            if not pairs or len(pairs) > MAX_TAGS_PER_ZONE or len(set(keys)) != len(keys):
                problems.append(f"tags of zone {zone_id} are empty, too many, or repeat a key")
        for vpc_id, vpc in self.vpcs.items():
            if vpc_id != vpc.id or vpc_id in self.deleted_vpcs:
                problems.append(f"VPC {vpc_id} is stored wrongly")
            if self.accounts.get(vpc.owner) != vpc.partition.name:
                problems.append(f"VPC {vpc_id} is not in its owner's partition")
        places, resources = _ec2_indexes(self.vpcs)
        stored_places = {place: set(ids) for place, ids in self.vpcs_by_account_region.items()}
        if stored_places != {place: set(ids) for place, ids in places.items()}:
            problems.append("index vpcs_by_account_region differs from a recomputation")
        if dict(self.ec2_resources) != dict(resources):
            problems.append("index ec2_resources differs from a recomputation")
        for resource_id, tags in self.ec2_tags.items():
            if resource_id not in self.vpcs and resource_id not in self.ec2_resources:
                problems.append(f"tags for missing EC2 resource {resource_id}")
            if not tags:
                problems.append(f"empty tag table for EC2 resource {resource_id}")
        for zone_id, auths in self.authorizations.items():
            if zone_id not in self.zones:
                problems.append(f"authorizations for missing zone {zone_id}")
            if not auths:
                problems.append(f"empty authorization table for zone {zone_id}")
        problems.extend(self.changes.check())
        for key, change in self.changes.items():
            if key != change.id:
                problems.append(f"change stored under {key} has id {change.id}")
        for (account, _ref), zone_id in self.caller_references.items():
            owner = self.zones[zone_id].owner if zone_id in self.zones else account
            if owner != account:
                problems.append(f"caller reference of zone {zone_id} names another account")
        from ._records import record_problems

        problems.extend(record_problems(self))
        problems.extend(_soundness_problems(self))
        return problems

    def advanced(self, by: timedelta) -> World:
        """The same world, *by* later."""
        return attrs.evolve(self, now=self.now + by)


def _ec2_indexes(vpcs: Map[str, VPC]) -> tuple[Map[tuple[str, str], Map[str, None]], Map[str, str]]:
    """The EC2 indexes recomputed from the VPCs (``World.check`` and outside-built worlds)."""
    places: dict[tuple[str, str], dict[str, None]] = {}
    resources: dict[str, str] = {}
    for vpc in vpcs.values():
        places.setdefault((vpc.owner, vpc.region), {})[vpc.id] = None
        if vpc.defaults is not None:
            for resource_id in vpc.defaults.resource_ids():
                resources[resource_id] = vpc.id
    return Map({place: Map(ids) for place, ids in places.items()}), Map(resources)


_EMPTY: Final[Map[str, str]] = Map()
_EMPTY_ORDER: Final[Map[str, int]] = Map()

#: At most this many tags on one hosted zone (spec TAG-LIMITS).
MAX_TAGS_PER_ZONE: Final = 50


def _derived_zone_order(zones: Map[str, HostedZone]) -> Map[str, Map[str, int]]:
    """``zone_order`` for a world built without one (a snapshot, say).

    Ids the model generated give back their sequence number, so a world rebuilt
    from its zones lists them in the order they were created; any other id counts
    as created at 0 (listings then order those by id).
    """
    owned: dict[str, dict[str, int]] = {}
    for zone_id, zone in zones.items():
        if zone.owner is not None:
            number = zone_sequence(zone_id)
            owned.setdefault(zone.owner, {})[zone_id] = 0 if number is None else number
    return Map({owner: Map(ids) for owner, ids in owned.items()})


SizedT = TypeVar("SizedT", bound=Sized)


def _set_or_drop(table: Map[str, SizedT], key: str, value: SizedT) -> Map[str, SizedT]:
    """*table* with *value* under *key*, or without *key* when *value* is empty."""
    return table.set(key, value) if len(value) else table.delete(key)


def _derived_by_creation(zone_order: Map[str, Map[str, int]]) -> Map[str, SortedKeys]:
    return Map(
        {owner: SortedKeys((number, zone_id) for zone_id, number in owned.items()) for owner, owned in zone_order.items()}
    )


def _derived_by_name(zones: Map[str, HostedZone], zone_order: Map[str, Map[str, int]]) -> Map[str, SortedKeys]:
    return Map(
        {
            owner: SortedKeys((reversed_label_key(zones[zone_id].name), zone_id) for zone_id in owned if zone_id in zones)
            for owner, owned in zone_order.items()
        }
    )


_EMPTY_IDS: Final[Map[str, None]] = Map()
_EMPTY_AUTH: Final[Map[tuple[str, str], Authorization]] = Map()


def require_world(world: object) -> World:
    """*world* if it is a :class:`World`, else ``InvalidInput`` saying what was given.

    Every public operation calls this on the world it receives, so a wrong argument
    is answered as a library error rather than an ``AttributeError`` deep inside.

    >>> require_world({})
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidInput: world must be a World (World.empty() or an operation's result), not a dict
    """
    if type(world) is World or isinstance(world, World):
        return world
    return _not_a_world(world)


def _not_a_world(world: object) -> World:
    from ._show import _type_name

    raise InvalidInput(f"world must be a World (World.empty() or an operation's result), not a {_type_name(world)}")


def _soundness_problems(world: World) -> list[str]:
    """The cross-table invariants beyond the indexes (see :meth:`World.check`).

    - every association names a VPC the world knows (live or deleted), with a
      well-formed id, in that VPC's home region;
    - every authorization is on a private zone, stored under its own key, for a
      well-formed VPC id in a region of the zone's partition;
    - every account-owned zone's ``(owner, caller reference)`` is in
      ``caller_references`` and names that zone (a used reference stays used);
    - ``sequence`` is at least every number an id of the world was generated from
      (zones, changes, VPCs, EC2 resources), so new ids never collide;
    - accounts are 12-digit ids in a known partition; VPCs are stored once, under
      their own id; default resource ids belong to one VPC each;
    - no change, and no zone's last change, lies after ``now``.
    """
    from ._values import MAX_INSTANT, MIN_INSTANT, is_well_formed_vpc_id

    problems: list[str] = []
    for account, partition in world.accounts.items():
        if not isinstance(account, str) or len(account) != 12 or not account.isdigit() or not account.isascii():
            problems.append(f"account {account} is not a 12-digit id")
        if partition not in PARTITIONS:
            problems.append(f"account {account} is in no known partition")
    for vpc_id, vpc in world.deleted_vpcs.items():
        if vpc_id != vpc.id:
            problems.append(f"deleted VPC stored under {vpc_id} has id {vpc.id}")
    if not MIN_INSTANT <= world.now <= MAX_INSTANT:
        problems.append("the clock is outside its bounds")
    highest = 0
    for zone_id, zone in world.zones.items():
        highest = max(highest, zone_sequence(zone_id) or 0)
        if zone.last_change_at is not None and zone.last_change_at > world.now:
            problems.append(f"zone {zone_id} changed after now")
        if zone.owner is not None and world.caller_references.get((zone.owner, zone.caller_reference)) != zone_id:
            problems.append(f"caller reference of zone {zone_id} is not recorded for it")
        for vpc_id, region in zone.associations.items():
            known = world.vpcs.get(vpc_id) or world.deleted_vpcs.get(vpc_id)
            if not is_well_formed_vpc_id(vpc_id):
                problems.append(f"zone {zone_id} is associated with a malformed VPC id")
            elif known is None:
                problems.append(f"zone {zone_id} is associated with VPC {vpc_id}, which never existed")
            elif known.region != region:
                problems.append(f"zone {zone_id} has VPC {vpc_id} in {region}, not its home region {known.region}")
    for zone_id, auths in world.authorizations.items():
        owner_zone = world.zones.get(zone_id)
        for key, auth in auths.items():
            if key != (auth.vpc_id, auth.vpc_region) or auth.hosted_zone_id != zone_id:
                problems.append(f"an authorization of zone {zone_id} is stored under another key")
            if owner_zone is not None and not owner_zone.private:
                problems.append(f"public zone {zone_id} has an authorization")
            if owner_zone is not None and _PARTITION_OF.get(auth.vpc_region) != owner_zone.partition:
                problems.append(f"zone {zone_id} authorizes a VPC of another partition")
            if not is_well_formed_vpc_id(auth.vpc_id):
                problems.append(f"zone {zone_id} authorizes a malformed VPC id")
    for change_key, change in world.changes.items():
        highest = max(highest, change_sequence(change_key) or 0)
        if change.submitted_at > world.now:
            problems.append(f"change {change_key} was submitted after now")
    resource_owner: dict[str, str] = {}
    for table in (world.vpcs, world.deleted_vpcs):
        for vpc_id, vpc in table.items():
            highest = max(highest, ec2_sequence(vpc_id) or 0)
            if vpc.defaults is not None:
                for resource_id in (
                    vpc.defaults.route_table_id,
                    vpc.defaults.route_table_association_id,
                    vpc.defaults.network_acl_id,
                    vpc.defaults.security_group_id,
                    vpc.defaults.cidr_association_id,
                ):
                    if not isinstance(resource_id, str):
                        problems.append(f"VPC {vpc_id} has a default resource id that is not a string")
                        continue
                    highest = max(highest, ec2_sequence(resource_id) or 0)
                    if resource_owner.setdefault(resource_id, vpc_id) != vpc_id or resource_id in world.vpcs:
                        problems.append(f"default resource {resource_id} belongs to more than one VPC")
    if type(world.sequence) is not int or world.sequence < highest:
        problems.append(f"sequence {world.sequence} is below a number an id was generated from ({highest})")
    return problems

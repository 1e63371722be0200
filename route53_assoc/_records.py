"""Record sets, simple routing only: defaults, names, ListResourceRecordSets, ChangeResourceRecordSets.

Spec §S2.  A zone's record sets live in a :class:`~route53_assoc._sorted.SortedMap`
keyed by ``(reversed-label name key, type)`` (LRRS-ORDER), stored in
``World.records`` under the zone id.  A zone with no entry there holds just its
default SOA and NS (REC-DEFAULT-*), so creating a zone costs nothing here and its
defaults are computed from the zone itself.

A change batch is evaluated change by change against a working copy of the zone's
store (the persistent map itself: no copying), every failing change contributes its
messages in change order, and the batch is applied whole or not at all
(CRRS-ATOMIC, CRRS-ALL-ERRORS).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from ._associate import no_prior_request
from ._common import (
    DOCUMENTED,
    ID_LENGTH,
    INFERRED,
    OBSERVED,
    Members,
    as_members,
    caller_owns_zone_rule,
    expect,
    id_length_outcomes,
    in_branch,
    refuses,
    rule,
    zone_exists_rule,
)
from ._rules import Operation
from ._show import shown, shown_str
from ._sorted import SortedMap, reversed_label_key
from ._values import (
    MAX_COMMENT_LENGTH,
    MAX_NAME_LENGTH,
    ChangeInfo,
    HostedZone,
    _decode_labels,
    normalize_account_id,
    normalize_hosted_zone_id,
    optional_comment,
    replace,
    require_length,
    require_str,
    validation_message,
)
from ._world import World, require_world
from .errors import (
    AccessDenied,
    InvalidChangeBatch,
    InvalidDomainName,
    InvalidInput,
    NotModelled,
    PriorRequestNotComplete,
    Route53Error,
)

__all__ = [
    "CHANGE_RECORD_SETS",
    "LIST_RECORD_SETS",
    "PRIVATE_NAME_SERVERS",
    "RECORD_TYPES",
    "ChangeResourceRecordSetsRequest",
    "ListResourceRecordSetsRequest",
    "RecordChange",
    "RecordSet",
    "RecordSetPage",
    "change_resource_record_sets",
    "default_records",
    "delegation_name_servers",
    "list_resource_record_sets",
    "name_key",
    "normalize_record_name",
    "record_count",
    "zone_records",
]

#: The RRType enum, in the service model's order.
RECORD_TYPES: Final = (
    "SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF",
    "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS",
)  # fmt: skip
_TYPE_SET: Final = frozenset(RECORD_TYPES)
#: Types the library does not model (CRRS-NOT-SIMPLE).
UNMODELLED_TYPES: Final = ("TLSA", "SSHFP", "SVCB", "HTTPS")
#: ResourceRecordSet members of routing policies and aliases the library does not model.
UNMODELLED_MEMBERS: Final = (
    "SetIdentifier", "Weight", "Region", "GeoLocation", "Failover", "MultiValueAnswer",
    "HealthCheckId", "TrafficPolicyInstanceId", "AliasTarget", "CidrRoutingConfig",
    "GeoProximityLocation", "AZAffinity",
)  # fmt: skip
ACTIONS: Final = ("CREATE", "DELETE", "UPSERT")

#: REC-DEFAULT-PRIVATE-NS: the name servers reserved for private zones, in AWS's order.
PRIVATE_NAME_SERVERS: Final = (
    "ns-1536.awsdns-00.co.uk.",
    "ns-0.awsdns-00.com.",
    "ns-1024.awsdns-00.org.",
    "ns-512.awsdns-00.net.",
)
NS_TTL: Final = 172800
SOA_TTL: Final = 900
_SOA_TAIL: Final = " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"

MAX_VALUE_LENGTH: Final = 4000
MAX_TTL: Final = 2147483647
MAX_RECORDS_PER_REQUEST: Final = 1000
MAX_VALUE_CHARS_PER_REQUEST: Final = 32000
MAX_VALUES_PER_SET: Final = 400
MAX_PAGE: Final = 300

Key = tuple[str, str]


# -- values -----------------------------------------------------------------------


@attrs.frozen
class RecordSet:
    """A simple record set: stored name, type, TTL and values (order kept, REC-VALUES-VERBATIM).

    >>> RecordSet("www.example.com.", "A", 300, ("192.0.2.1",)).key
    ('com.example.www.', 'A')
    """

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]

    @property
    def key(self) -> Key:
        """The record set's place in its zone: ``(name_key(name), type)``."""
        return (name_key(self.name), self.type)


#: The reversed-label key of a stored name (LHZBN-ORDER / LRRS-ORDER).
name_key = reversed_label_key


class _Fatal(Exception):
    """A value or name Route 53 refuses: ``code`` and its description."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(code)
        self.code = code
        self.description = description

    def text(self, what: str) -> str:
        return f"FATAL problem: {self.code} ({self.description}) encountered with '{what}'"


_LABEL_EMPTY: Final = ("DomainLabelEmpty", "Domain label is empty")
_LABEL_LONG: Final = ("DomainLabelTooLong", "Domain label is too long")
_NAME_LONG: Final = ("DomainNameTooLong", "Domain name is too long")
_PLAIN: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def _labels(text: str) -> list[str]:
    """The raw labels of a presentation-format name; ``_Fatal`` for a bad one."""
    body = text[:-1] if text.endswith(".") and not text.endswith("\\.") else text
    if not body:
        raise _Fatal(*_LABEL_EMPTY)
    try:
        labels = _decode_labels(body)
    except InvalidDomainName:
        raise _Fatal(*_LABEL_EMPTY) from None
    if any(not label for label in labels):
        raise _Fatal(*_LABEL_EMPTY)
    if any(len(label) > 63 for label in labels):
        raise _Fatal(*_LABEL_LONG)
    if sum(len(label) + 1 for label in labels) > 255:
        raise _Fatal(*_NAME_LONG)
    return labels


def _stored(text: str) -> str:
    """The stored form of a record name; ``_Fatal`` for a bad one (cached)."""
    stored = _stored_cached(text)
    if isinstance(stored, tuple):
        raise _Fatal(*stored)
    return stored


@functools.lru_cache(maxsize=8192)
def _stored_cached(text: str) -> str | tuple[str, str]:
    try:
        labels = _labels(text)
    except _Fatal as fatal:
        return (fatal.code, fatal.description)
    out = []
    for label in labels:
        out.append("".join(c if c in _PLAIN else f"\\{ord(c) % 256:03o}" for c in label.lower()))
    return ".".join(out) + "."


def normalize_record_name(value: object) -> str:
    """A record name as Route 53 stores it (REC-KEY, REC-WILDCARD-NAME).

    Like a zone name (lower-case, trailing dot, ``\\ooo`` escapes), but a leading
    ``*`` label is allowed: the wildcard, stored ``\\052``.  A bad name raises
    ``InvalidChangeBatch`` with the REC-NAME-INVALID message.

    >>> normalize_record_name("*.Example.COM")
    '\\\\052.example.com.'
    >>> normalize_record_name("a..example.com")
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidChangeBatch: [FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with 'a..example.com']
    """
    text = require_length(require_str(value, "Name"), "Name", MAX_NAME_LENGTH)
    try:
        return _stored(text)
    except _Fatal as fatal:
        raise InvalidChangeBatch((fatal.text(text),)) from None


# -- the default records ----------------------------------------------------------

_TLDS: Final = ((0, "com"), (512, "net"), (1024, "org"), (1536, "co.uk"))


def delegation_name_servers(zone_id: str) -> tuple[str, str, str, str]:
    """A public zone's four name servers (no trailing dots), drawn from its id (REC-DEFAULT-PUBLIC).

    ``ns-{n}.awsdns-{nn}.{tld}`` with n in 1–511 above the TLD's base (0 com, 512 net,
    1024 org, 1536 co.uk), so never one of the reserved private names.

    >>> servers = delegation_name_servers("Z0123456789ABCDEFGHIJ")
    >>> servers == delegation_name_servers("Z0123456789ABCDEFGHIJ"), [s.rsplit(".", 1)[-1] for s in servers]
    (True, ['com', 'net', 'org', 'uk'])
    """
    digits = zone_id[1:]
    number = int(digits, 36) if digits.isalnum() and digits.isascii() else sum(map(ord, zone_id))
    out = []
    for index, (base, tld) in enumerate(_TLDS):
        mixed = (((number ^ (0x5BD1E995 * (index + 1))) * 0x9E3779B97F4A7C15) >> 11) % (1 << 53)
        out.append(f"ns-{base + 1 + mixed % 511}.awsdns-{(mixed // 511) % 64:02d}.{tld}")
    return out[0], out[1], out[2], out[3]


def default_record_sets(zone: HostedZone) -> tuple[RecordSet, RecordSet]:
    """The zone's apex NS and SOA as created (REC-DEFAULT-PRIVATE-*, REC-DEFAULT-PUBLIC).

    >>> z = HostedZone(id="Z1", name="corp.", owner="111111111111", partition="aws",
    ...                private=True, caller_reference="r", associations={"vpc-0123abcd": "us-east-1"})
    >>> ns, soa = default_record_sets(z)
    >>> ns.values[0], soa.ttl, soa.values[0]
    ('ns-1536.awsdns-00.co.uk.', 900, 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400')
    """
    if zone.private:
        servers: tuple[str, ...] = PRIVATE_NAME_SERVERS
    else:
        servers = tuple(s + "." for s in delegation_name_servers(zone.id))
    ns = RecordSet(zone.name, "NS", NS_TTL, servers)
    soa = RecordSet(zone.name, "SOA", SOA_TTL, (servers[0] + _SOA_TAIL,))
    return ns, soa


def default_records(zone: HostedZone) -> SortedMap[Key, RecordSet]:
    """The store of a zone no record change has touched: its apex NS and SOA."""
    ns, soa = default_record_sets(zone)
    return SortedMap(((ns.key, ns), (soa.key, soa)))


def zone_records(world: World, zone: HostedZone) -> SortedMap[Key, RecordSet]:
    """The zone's record sets, in LRRS-ORDER."""
    stored = world.records.get(zone.id)
    return stored if stored is not None else default_records(zone)


def record_count(world: World, zone: HostedZone) -> int:
    """``ResourceRecordSetCount`` (ZONE-COUNT): 2 until the first record change; O(1)."""
    stored = world.records.get(zone.id)
    return 2 if stored is None else len(stored)


def record_problems(world: World) -> list[str]:
    """Broken record invariants (for :meth:`World.check`)."""
    problems: list[str] = []
    for zone_id, store in world.records.items():
        zone = world.zones.get(zone_id)
        if zone is None:
            problems.append(f"record sets stored for missing zone {zone_id}")
            continue
        problems.extend(f"records of {zone_id}: {p}" for p in store.check())
        apex = name_key(zone.name)
        for type_ in ("SOA", "NS"):
            if (apex, type_) not in store:
                problems.append(f"zone {zone_id} has no apex {type_}")
        for key, record in store.items():
            if key != record.key:
                problems.append(f"record set {record.name} {record.type} stored under {key}")
            if not _in_zone(record.name, zone.name):
                problems.append(f"record set {record.name} lies outside zone {zone.name}")
            if not record.values:
                problems.append(f"record set {record.name} {record.type} has no values")
            if record.type not in _TYPE_SET or record.type in UNMODELLED_TYPES:
                problems.append(f"record set {record.name} has a type the model does not hold: {shown(record.type)}")
            if not _stored_form(record.name):
                problems.append(f"record set name {shown(record.name)} is not in Route 53's stored form")
    return problems


def _stored_form(name: object) -> bool:
    try:
        return normalize_record_name(name) == name
    except Route53Error:
        return False


def _in_zone(name: str, zone_name: str) -> bool:
    return name == zone_name or name.endswith("." + zone_name)


# -- ListResourceRecordSets ----------------------------------------------------------


@attrs.frozen(kw_only=True)
class ListResourceRecordSetsRequest:
    """A ListResourceRecordSets request: start name/type/identifier and page size optional."""

    caller: str
    hosted_zone_id: str
    start_record_name: str | None = None
    start_record_type: str | None = None
    start_record_identifier: str | None = None
    max_items: int | str | None = None


@attrs.frozen(kw_only=True)
class _ListQuery:
    caller: str
    hosted_zone_id: str
    start: Key | None
    size: int
    max_items: str


@attrs.frozen(kw_only=True)
class RecordSetPage:
    """One page of record sets; ``next_record_*`` set only when truncated (LRRS-PAGE)."""

    record_sets: tuple[RecordSet, ...]
    is_truncated: bool
    max_items: str
    next_record_name: str | None = None
    next_record_type: str | None = None


def _max_items(value: object, maximum: int) -> tuple[int, str]:
    """The page size and its echo; LHZ-MAXITEMS-BAD for anything but a positive integer."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() <= 64:
        number, echo = value, str(value)
    elif isinstance(value, str) and value.isdigit() and value.isascii() and len(value) <= 4000:
        number, echo = int(value), value
    else:
        number, echo = 0, shown_str(value)
    if number < 1:
        raise InvalidInput(validation_message("maxItems", echo, "Member must be a positive integer"))
    return min(number, maximum), echo


def _enum_message(field: str, value: object, values: Sequence[str]) -> str:
    return validation_message(field, value, f"Member must satisfy enum value set: [{', '.join(values)}]")


_TYPE_ALONE = "type-alone"


@rule(
    "list-resource-record-sets.input",
    "The zone id is at most 32 characters; 'type' needs 'name' and is an RRType; "
    "'identifier' needs both; 'name' is a valid domain name; 'maxitems' a positive "
    "integer (capped at 300).",
    (InvalidInput,),
    INFERRED,
    "Spec §S2.3 LRRS-TYPE-ALONE (documented rule, observed empty message), LRRS-BAD-PARAMS "
    "(inferred), LRRS-PAGE (300 documented; echo inferred), LHZ-MAXITEMS-BAD (inferred).",
    *id_length_outcomes(),
    refuses(
        InvalidInput,
        DOCUMENTED,
        OBSERVED,
        branch=_TYPE_ALONE,
        note="LRRS-TYPE-ALONE: 'type' without 'name' (the empty message observed)",
    ),
)
def _list_input(world: World, request: object) -> _ListQuery:
    r = expect(request, ListResourceRecordSetsRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(r.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(r.hosted_zone_id, "Id"))
    m.done()
    name, kind = r.start_record_name, r.start_record_type
    if kind is not None and name is None:
        raise in_branch(InvalidInput(""), _TYPE_ALONE)
    if r.start_record_identifier is not None and (name is None or kind is None):
        raise InvalidInput("")
    if kind is not None and (not isinstance(kind, str) or kind not in _TYPE_SET):
        raise InvalidInput(_enum_message("type", kind, RECORD_TYPES))
    if r.start_record_identifier is not None and not isinstance(r.start_record_identifier, str):
        raise InvalidInput(f"identifier must be a string, not {shown(r.start_record_identifier)}")
    start: Key | None = None
    if name is not None:
        try:
            start = (name_key(_stored(require_str(name, "name"))), kind or "")
        except _Fatal as fatal:
            raise InvalidInput(fatal.text(str(name))) from None
    size, echo = (MAX_PAGE, str(MAX_PAGE)) if r.max_items is None else _max_items(r.max_items, MAX_PAGE)
    return _ListQuery(caller=caller, hosted_zone_id=zone_id, start=start, size=size, max_items=echo)


_list_exists = zone_exists_rule(
    "list-resource-record-sets", "Spec §S2.3 LRRS-ENTRY: NoSuchHostedZone 404 (documented).", DOCUMENTED
)
_list_owner = caller_owns_zone_rule(
    "list-resource-record-sets",
    "Only the zone's owner may list its record sets.",
    "list the resource record sets of",
    "Spec §S2.3 LRRS-ENTRY: AccessDenied 403 for another account's zone (inferred).",
)


def _page(store: SortedMap[Key, RecordSet], start: Key | None, size: int, echo: str) -> RecordSetPage:
    found: list[RecordSet] = []
    items: Iterator[tuple[Key, RecordSet]] = store.items(start)
    for _key, record in items:
        if len(found) == size:
            return RecordSetPage(
                record_sets=tuple(found),
                is_truncated=True,
                max_items=echo,
                next_record_name=record.name,
                next_record_type=record.type,
            )
        found.append(record)
    return RecordSetPage(record_sets=tuple(found), is_truncated=False, max_items=echo)


def _list_effect(world: World, q: _ListQuery) -> tuple[World, RecordSetPage]:
    store = zone_records(world, world.zones[q.hosted_zone_id])
    return world, _page(store, q.start, q.size, q.max_items)


LIST_RECORD_SETS: Operation[ListResourceRecordSetsRequest, _ListQuery, RecordSetPage] = Operation(
    name="list-resource-record-sets",
    aws_name="ListResourceRecordSets",
    summary="A page of a zone's record sets, in reversed-label name order, then type.",
    request_type=ListResourceRecordSetsRequest,
    rules=(_list_input, _list_exists, _list_owner),
    effect=_list_effect,
)


def list_resource_record_sets(
    world: World,
    *,
    caller: str,
    hosted_zone_id: str,
    start_record_name: str | None = None,
    start_record_type: str | None = None,
    start_record_identifier: str | None = None,
    max_items: int | str | None = None,
) -> RecordSetPage:
    """ListResourceRecordSets: from a start point (never a filter), at most 300 a page.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111",
    ...                              name="example.com", caller_reference="r")
    >>> page = list_resource_record_sets(w, caller="111111111111", hosted_zone_id=made.zone.id)
    >>> [(s.name, s.type, s.ttl) for s in page.record_sets], page.is_truncated
    ([('example.com.', 'NS', 172800), ('example.com.', 'SOA', 900)], False)
    """
    request = ListResourceRecordSetsRequest(
        caller=caller,
        hosted_zone_id=hosted_zone_id,
        start_record_name=start_record_name,
        start_record_type=start_record_type,
        start_record_identifier=start_record_identifier,
        max_items=max_items,
    )
    return LIST_RECORD_SETS.run(require_world(world), request)[1]


# -- ChangeResourceRecordSets ----------------------------------------------------------


@attrs.frozen(kw_only=True)
class RecordChange:
    """One change of a batch, in the library's own terms.

    The AWS face passes botocore-shaped ``Change`` mappings instead
    (``{"Action": ..., "ResourceRecordSet": {...}}``); both are accepted.
    """

    action: str
    name: str
    type: str
    ttl: int | None = None
    values: Sequence[str] | None = None


@attrs.frozen(kw_only=True)
class ChangeResourceRecordSetsRequest:
    """A ChangeResourceRecordSets request: ``changes`` are :class:`RecordChange`\\ s or mappings."""

    caller: str
    hosted_zone_id: str
    changes: Sequence[object]
    comment: str | None = None


@attrs.frozen(kw_only=True)
class _Change:
    action: str
    name: str  # as sent
    type: str
    ttl: int
    values: tuple[str, ...]
    unmodelled: str | None = None


@attrs.frozen(kw_only=True)
class _Batch:
    caller: str
    hosted_zone_id: str
    changes: tuple[_Change, ...]
    comment: str | None


_FOUND_NONE: Final = "found-none"
_NO_SHAPE: Final = (
    "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], "
    "or TrafficPolicyInstanceId], but found none in Change with [Action={action}, Name={name}, "
    "Type={type}, SetIdentifier=null]"
)


def _v(field: str, value: object, constraint: str) -> str:
    """A validation problem without the count prefix (``Members`` adds it)."""
    return f"Value '{shown_str(value)}' at '{field}' failed to satisfy constraint: {constraint}"


def _cvc(value: object, values: Sequence[str]) -> str:
    return (
        f"Invalid XML ; cvc-enumeration-valid: Value '{shown_str(value)}' is not facet-valid with respect to "
        f"enumeration '[{', '.join(values)}]'. It must be a value from the enumeration."
    )


def _value_reader(raw: object, field: str) -> Callable[[], str]:
    return lambda: require_length(require_str(raw, field), field, MAX_VALUE_LENGTH)


def _read_change(change: object, index: int, m: Members, xml: list[str]) -> _Change | None:
    """One change read member by member; problems go to *m* (validation) or *xml* (schema)."""
    at = f"ChangeBatch.Changes.{index}"
    unmodelled: str | None = None
    action: object
    name: object
    kind: object
    ttl: object
    records: object
    if isinstance(change, RecordChange):
        action, name, kind, ttl, values_in = (
            change.action,
            change.name,
            change.type,
            change.ttl,
            change.values,
        )
        if values_in is None or isinstance(values_in, str):
            records = values_in
        else:
            records = [{"Value": v} for v in values_in]
    elif isinstance(change, Mapping):
        action = change.get("Action")
        rrset = change.get("ResourceRecordSet")
        if not isinstance(rrset, Mapping):
            m.problem(_v(f"{at}.ResourceRecordSet", "null", "Member must not be null"))
            return None
        name, kind, ttl, records = (
            rrset.get("Name"),
            rrset.get("Type"),
            rrset.get("TTL"),
            rrset.get("ResourceRecords"),
        )
        unmodelled = next((member for member in UNMODELLED_MEMBERS if rrset.get(member) is not None), None)
    else:
        m.problem(f"{at} must be a RecordChange or a Change mapping, not {type(change).__name__}")
        return None
    if not isinstance(action, str) or action not in ACTIONS:
        if action is None:
            m.take(lambda: require_str(action, f"{at}.Action"))
        else:
            xml.append(_cvc(action, ACTIONS))
    name = m.take(
        lambda: require_length(
            require_str(name, f"{at}.ResourceRecordSet.Name"), f"{at}.ResourceRecordSet.Name", MAX_NAME_LENGTH
        )
    )
    if not isinstance(kind, str) or kind not in _TYPE_SET:
        if kind is None:
            m.take(lambda: require_str(kind, f"{at}.ResourceRecordSet.Type"))
        else:
            xml.append(_cvc(kind, RECORD_TYPES))
    if ttl is not None:
        if isinstance(ttl, bool) or not isinstance(ttl, int):
            m.problem(f"{at}.ResourceRecordSet.TTL must be an integer, not {shown(ttl)}")
            ttl = None
        elif ttl < 0:
            m.problem(
                _v(f"{at}.ResourceRecordSet.TTL", ttl, "Member must have value greater than or equal to 0")
            )
        elif ttl > MAX_TTL:
            m.problem(
                _v(
                    f"{at}.ResourceRecordSet.TTL",
                    ttl,
                    f"Member must have value less than or equal to {MAX_TTL}",
                )
            )
    values: list[str] | None = None
    if records is not None:
        if not isinstance(records, (list, tuple)):
            m.problem(f"{at}.ResourceRecordSet.ResourceRecords must be a list, not {type(records).__name__}")
        elif not records:
            m.problem(
                _v(
                    f"{at}.ResourceRecordSet.ResourceRecords",
                    "[]",
                    "Member must have length greater than or equal to 1",
                )
            )
        else:
            values = []
            for j, record in enumerate(records, 1):
                field = f"{at}.ResourceRecordSet.ResourceRecords.{j}.Value"
                raw = record.get("Value") if isinstance(record, Mapping) else record
                values.append(m.take(_value_reader(raw, field)))
    if unmodelled is None and isinstance(kind, str) and kind in UNMODELLED_TYPES:
        unmodelled = f"Type {kind}"
    if unmodelled is None and (ttl is None or records is None) and not m.problems and not xml:
        raise in_branch(InvalidInput(_NO_SHAPE.format(action=action, name=name, type=kind)), _FOUND_NONE)
    return _Change(
        action=action if isinstance(action, str) else "",
        name=name if isinstance(name, str) else "",
        type=kind if isinstance(kind, str) else "",
        ttl=ttl if isinstance(ttl, int) else 0,
        values=tuple(values or ()),
        unmodelled=unmodelled,
    )


@rule(
    "change-resource-record-sets.input",
    "The batch has at least one change; each has an Action of CREATE, DELETE or UPSERT, a "
    "Name, an RRType, and (for a simple set) a TTL of 0–2147483647 and at least one value "
    "of at most 4,000 characters; the comment is at most 256 characters.",
    (InvalidInput,),
    DOCUMENTED,
    "Spec §S2.4 CRRS-SHAPE (documented model; 'found none' message observed 2022; bad Action "
    "message inferred), CRRS-TTL (documented), REC-VALUE-LENGTH (documented; message inferred).",
    refuses(InvalidInput, DOCUMENTED, INFERRED, note="a shape, TTL, length or comment problem"),
    refuses(
        InvalidInput,
        OBSERVED,
        branch=ID_LENGTH,
        note="only the zone id is over 32 characters: the resourceId length message",
    ),
    refuses(
        InvalidInput,
        DOCUMENTED,
        OBSERVED,
        branch=_FOUND_NONE,
        note="CRRS-SHAPE: a simple set without TTL or values ('... but found none in Change with ...')",
    ),
)
def _change_input(world: World, request: object) -> _Batch:
    r = expect(request, ChangeResourceRecordSetsRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(r.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(r.hosted_zone_id, "Id"))
    comment = m.take(lambda: optional_comment(r.comment, "ChangeBatch.Comment", MAX_COMMENT_LENGTH))
    xml: list[str] = []
    changes: list[_Change] = []
    if not isinstance(r.changes, (list, tuple)):
        m.problem(f"ChangeBatch.Changes must be a list, not {type(r.changes).__name__}")
    elif not r.changes:
        m.problem(_v("ChangeBatch.Changes", "[]", "Member must have length greater than or equal to 1"))
    else:
        for index, change in enumerate(r.changes, 1):
            read = _read_change(change, index, m, xml)
            if read is not None:
                changes.append(read)
    if xml:
        raise InvalidInput(xml[0])
    m.done()
    return _Batch(caller=caller, hosted_zone_id=zone_id, changes=tuple(changes), comment=comment)


@rule(
    "change-resource-record-sets.simple-only",
    "No change uses a routing policy, an alias, a health check, a traffic policy or a "
    "TLSA, SSHFP, SVCB or HTTPS type: those are not modelled, and the whole batch is refused.",
    (NotModelled,),
    INFERRED,
    "Spec §S2.4 CRRS-NOT-SIMPLE (scope decision).",
)
def _change_simple(world: World, b: _Batch) -> str:
    for index, change in enumerate(b.changes, 1):
        if change.unmodelled is not None:
            raise NotModelled.of(
                f"{change.unmodelled} in ChangeResourceRecordSets (change {index}): only simple "
                "record sets are modelled",
                hosted_zone_id=b.hosted_zone_id,
            )
    return "every change is a simple record set of a modelled type"


_change_exists = zone_exists_rule(
    "change-resource-record-sets", "Spec §S2.4: NoSuchHostedZone 404 (documented).", DOCUMENTED
)
_change_owner = caller_owns_zone_rule(
    "change-resource-record-sets",
    "Only the zone's owner may change its record sets.",
    "change the resource record sets of",
    "Spec §S2.4 order of checks: AccessDenied for another account's zone (inferred).",
)


@rule(
    "change-resource-record-sets.not-linked",
    "A zone linked to a service (such as Cloud Map) can only be changed through that service.",
    (AccessDenied,),
    OBSERVED,
    "Spec §S2.4 REC-LINKED: 'The resource hostedzone/{id} can only be managed through "
    "{service} ...' (observed 2017 on this operation; the world keeps no namespace ARN).",
)
def _change_linked(world: World, b: _Batch) -> str:
    zone = world.zones[b.hosted_zone_id]
    if zone.linked_service is not None:
        raise AccessDenied(
            f"The resource hostedzone/{zone.id} can only be managed through {zone.linked_service}",
            hosted_zone_id=zone.id,
            account=b.caller,
        )
    return "the zone is not linked to a service"


@rule(
    "change-resource-record-sets.no-prior-request",
    "No earlier change to the zone is still being processed.",
    (PriorRequestNotComplete,),
    DOCUMENTED,
    "Spec §S2.5 REC-PRIOR, as rules.md §3.9 (documented).",
)
def _change_prior(world: World, b: _Batch) -> str:
    return no_prior_request(world, b.hosted_zone_id)


@rule(
    "change-resource-record-sets.request-limits",
    "At most 1,000 values and 32,000 value characters per request (UPSERT counted twice), "
    "and at most 400 values per record set.",
    (InvalidChangeBatch,),
    DOCUMENTED,
    "Spec §S2.4 CRRS-LIMITS (documented limits; messages inferred).",
    refuses(InvalidChangeBatch, DOCUMENTED, INFERRED),
)
def _change_limits(world: World, b: _Batch) -> str:
    count = chars = 0
    widest = 0
    for change in b.changes:
        weight = 2 if change.action == "UPSERT" else 1
        count += weight * len(change.values)
        chars += weight * sum(len(v) for v in change.values)
        widest = max(widest, len(change.values))
    messages = []
    if count > MAX_RECORDS_PER_REQUEST:
        messages.append(f"Number of records limit of {MAX_RECORDS_PER_REQUEST} exceeded.")
    if chars > MAX_VALUE_CHARS_PER_REQUEST:
        messages.append(f"Total value length limit of {MAX_VALUE_CHARS_PER_REQUEST} exceeded.")
    if widest > MAX_VALUES_PER_SET:
        messages.append(f"Cannot have more than {MAX_VALUES_PER_SET} records in a RRSet.")
    if messages:
        raise InvalidChangeBatch(messages, hosted_zone_id=b.hosted_zone_id)
    return f"{count} values, {chars} characters (UPSERT counted twice), at most {widest} values in a set"


# Per-value validation (spec §S2.4 value table).


def _value_error(code: str, description: str, value: str) -> str:
    return f"Invalid Resource Record: 'FATAL problem: {code} ({description}) encountered with '{value}''"


_IPV4: Final = re.compile(r"([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})")
_CAA: Final = re.compile(r'([0-9]+) ([A-Za-z0-9]+) "(?:[^"\\]|\\.)*"')
_NAPTR: Final = re.compile(r'([0-9]+) ([0-9]+) "[^"]*" "[^"]*" "(?:[^"\\]|\\.)*" \S+')
_DS: Final = re.compile(r"([0-9]+) ([0-9]+) ([0-9]+) [0-9A-Fa-f]+")
_INCORRECT: Final = "Incorrect number of fields"


def _domain(value: str) -> None:
    _labels(value)


def _number(text: str, maximum: int) -> bool:
    return text.isdigit() and text.isascii() and int(text) <= maximum


def _check_a(value: str) -> None:
    if " " in value or "," in value or "\t" in value:
        raise _Fatal("ARRDATANotSingleField", "Value contains spaces")
    match = _IPV4.fullmatch(value)
    if match is None or any(int(part) > 255 for part in match.groups()):
        raise _Fatal("ARRDATAIllegalIPv4Address", "Value is not a valid IPv4 address")


def _check_aaaa(value: str) -> None:
    try:
        if "%" in value:
            raise ValueError(value)
        ipaddress.IPv6Address(value)
    except ValueError:
        raise _Fatal("AAAARRDATAIllegalIPv6Address", "Value is not a valid IPv6 address") from None


def _check_mx(value: str) -> None:
    fields = value.split()
    if len(fields) != 2:
        raise _Fatal("MXRRDATAIncorrectNumberOfFields", _INCORRECT)
    if not _number(fields[0], 65535):
        raise _Fatal("MXRRDATAIllegalPriority", "Illegal priority")
    _domain(fields[1])


def _check_srv(value: str) -> None:
    fields = value.split()
    if len(fields) != 4:
        raise _Fatal("SRVRRDATAIncorrectNumberOfFields", _INCORRECT)
    if not all(_number(f, 65535) for f in fields[:3]):
        raise _Fatal("SRVRRDATAIllegalNumber", "Illegal number")
    _domain(fields[3])


def _check_txt(value: str) -> None:
    unquoted = ("InvalidCharacterString", "Value should be enclosed in quotation marks")
    i, n = 0, len(value)
    strings = 0
    while i < n:
        if value[i] in " \t":
            i += 1
            continue
        if value[i] != '"':
            raise _Fatal(*unquoted)
        i += 1
        length = 0
        while True:
            if i >= n:
                raise _Fatal(*unquoted)
            char = value[i]
            if char == '"':
                i += 1
                break
            if char == "\\":
                octal = value[i + 1 : i + 4]
                i += 4 if len(octal) == 3 and octal.isdigit() else 2
            else:
                i += 1
            length += 1
        if length > 255:
            raise _Fatal("TXTRDATATooLong", "Value is too long")
        strings += 1
        if i < n and value[i] not in " \t":
            raise _Fatal(*unquoted)
    if not strings:
        raise _Fatal(*unquoted)


def _check_caa(value: str) -> None:
    match = _CAA.fullmatch(value)
    if match is None or int(match.group(1)) > 255:
        raise _Fatal("CAARRDATAIllegalFormat", "Illegal format")


def _check_naptr(value: str) -> None:
    match = _NAPTR.fullmatch(value)
    if match is None or not all(int(g) <= 65535 for g in match.groups()):
        raise _Fatal("NAPTRRDATAIncorrectNumberOfFields", _INCORRECT)


def _check_ds(value: str) -> None:
    match = _DS.fullmatch(value)
    if match is None or int(match.group(1)) > 65535 or not all(int(g) <= 255 for g in match.groups()[1:]):
        raise _Fatal("DSRRDATAIllegalFormat", "Illegal format")


def _check_soa(value: str) -> None:
    fields = value.split()
    if len(fields) != 7:
        raise _Fatal("SOARRDATAIncorrectNumberOfFields", _INCORRECT)
    _domain(fields[0])
    _domain(fields[1])
    if not all(_number(f, 4294967295) for f in fields[2:]):
        raise _Fatal("SOARRDATAIllegalNumber", "Illegal number")


_CHECKS: Final = {
    "A": _check_a,
    "AAAA": _check_aaaa,
    "CNAME": _domain,
    "PTR": _domain,
    "NS": _domain,
    "MX": _check_mx,
    "SRV": _check_srv,
    "TXT": _check_txt,
    "SPF": _check_txt,
    "CAA": _check_caa,
    "NAPTR": _check_naptr,
    "DS": _check_ds,
    "SOA": _check_soa,
}


def value_problems(kind: str, values: Sequence[str]) -> list[str]:
    """One message per value Route 53 refuses for *kind* (spec §S2.4 value table).

    >>> value_problems("A", ["192.0.2.1", "192.0.2.300", "1.2.3.4 5.6.7.8"])
    ["Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '192.0.2.300''", "Invalid Resource Record: 'FATAL problem: ARRDATANotSingleField (Value contains spaces) encountered with '1.2.3.4 5.6.7.8''"]
    """
    check = _CHECKS.get(kind)
    out = []
    for value in values:
        try:
            if check is not None:
                check(value)
        except _Fatal as fatal:
            out.append(_value_error(fatal.code, fatal.description, value))
    return out


def _same(a: RecordSet, ttl: int, values: tuple[str, ...]) -> bool:
    return a.ttl == ttl and sorted(a.values) == sorted(values)


def _conflict_at(store: SortedMap[Key, RecordSet], nkey: str, kind: str) -> str | None:
    """Another type at the name than *kind*, when *kind* is CNAME; else a CNAME there."""
    if kind == "CNAME":
        for (key_name, other), _ in store.items((nkey, "")):
            if key_name != nkey:
                return None
            if other != "CNAME":
                return other
        return None
    return "CNAME" if (nkey, "CNAME") in store else None


def _evaluate(
    zone: HostedZone, store: SortedMap[Key, RecordSet], changes: Sequence[_Change], limit: int
) -> tuple[SortedMap[Key, RecordSet], list[str]]:
    """The zone's store after the batch, and every message, in change order."""
    messages: list[str] = []
    seen: dict[Key, set[str]] = {}
    before = len(store)
    zone_name = zone.name
    apex = name_key(zone_name)
    for change in changes:
        try:
            name = _stored(change.name)
        except _Fatal as fatal:
            messages.append(fatal.text(change.name))
            continue
        kind, action = change.type, change.action
        if not _in_zone(name, zone_name):
            messages.append(f"RRSet with DNS name {name} is not permitted in zone {zone_name}")
            continue
        bad = value_problems(kind, change.values)
        if bad:
            messages.extend(bad)
            continue
        nkey = name_key(name)
        key = (nkey, kind)
        actions = seen.setdefault(key, set())
        if action in actions:
            messages.append(
                f"The request contains an invalid set of changes for a resource record set '{kind} {name}'"
            )
            continue
        actions.add(action)
        if kind in ("CNAME", "SOA") and len(change.values) > 1:
            messages.append(f"RRSet of type {kind} with DNS name {name} has more than one value")
            continue
        current = store.get(key)
        if action == "DELETE":
            if nkey == apex and kind == "SOA":
                messages.append("A HostedZone must contain exactly one SOA record.")
            elif nkey == apex and kind == "NS":
                messages.append("A HostedZone must contain at least one NS record for the zone itself.")
            elif current is None:
                messages.append(
                    f"Tried to delete resource record set [name='{name}', type='{kind}'] but it was not found"
                )
            elif not _same(current, change.ttl, change.values):
                messages.append(
                    f"Tried to delete resource record set [name='{name}', type='{kind}'] "
                    "but the values provided do not match the current values"
                )
            else:
                store = store.delete(key)
            continue
        problem = None
        if kind == "SOA" and nkey != apex:
            problem = (
                f"RRSet of type SOA with DNS name {name} is not permitted because it is not at the "
                f"apex of zone {zone_name}"
            )
        elif kind == "NS" and name.startswith("\\052."):
            problem = (
                f"RRSet of type NS with DNS name {name} is not permitted because wildcard names "
                "cannot have NS records"
            )
        elif kind == "NS" and zone.private and nkey != apex:
            problem = f"RRSet of type NS with DNS name {name} is not permitted in private zone {zone_name}"
        elif kind == "CNAME" and nkey == apex:
            problem = f"RRSet of type CNAME with DNS name {name} is not permitted at apex in zone {zone_name}"
        elif action == "CREATE" and current is not None:
            problem = (
                f"Tried to create resource record set [name='{name}', type='{kind}'] but it already exists"
            )
        else:
            other = _conflict_at(store, nkey, kind)
            if other is not None and kind == "CNAME":
                problem = (
                    f"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with "
                    f"other records with the same DNS name in zone {zone_name}"
                )
            elif other is not None:
                problem = (
                    f"RRSet of type {kind} with DNS name {name} is not permitted because a conflicting "
                    f"RRSet of type CNAME with the same DNS name already exists in zone {zone_name}"
                )
        if problem is not None:
            messages.append(problem)
            continue
        store = store.set(key, RecordSet(name, kind, change.ttl, change.values))
    if not messages and len(store) > max(limit, before):
        messages.append(
            f"The number of resource record sets in the hosted zone {zone_name} would exceed the "
            f"limit of {limit}."
        )
    return store, messages


_OBSERVED_MESSAGES = "observed-messages"
#: The message forms surface.md marks observed: REC-CREATE-EXISTS, REC-DELETE-MISSING,
#: REC-DELETE-MISMATCH, REC-IN-ZONE, REC-CNAME-NEW, REC-CNAME-EXISTING, REC-CNAME-APEX,
#: REC-APEX-SOA (weak), REC-APEX-NS, CRRS-SAME-SET-TWICE, and the value codes
#: DomainLabelEmpty, ARRDATAIllegalIPv4Address, ARRDATANotSingleField,
#: InvalidCharacterString and TXTRDATATooLong (weak).
_OBSERVED_FORMS = re.compile(
    r"Tried to (?:create|delete) resource record set "
    r"|RRSet with DNS name .* is not permitted in zone "
    r"|RRSet of type CNAME with DNS name .* is not permitted (?:as it conflicts|at apex)"
    r"|RRSet of type \S+ with DNS name .* is not permitted because a conflicting RRSet of type CNAME"
    r"|A HostedZone must contain "
    r"|The request contains an invalid set of changes "
    r"|(?:Invalid Resource Record: ')?FATAL problem: (?:DomainLabelEmpty|ARRDATAIllegalIPv4Address"
    r"|ARRDATANotSingleField|InvalidCharacterString|TXTRDATATooLong) ",
    re.DOTALL,
)


@rule(
    "change-resource-record-sets.changes-valid",
    "Evaluated in order against a working copy of the zone, every change is valid: a "
    "well-formed name inside the zone (REC-NAME-INVALID, REC-IN-ZONE), values valid for "
    "the type (value table), CREATE of an absent set (REC-CREATE-EXISTS), DELETE of a "
    "present set with the same TTL and values (REC-DELETE-MISSING, REC-DELETE-MISMATCH), "
    "never the apex SOA or NS (REC-APEX-SOA, REC-APEX-NS), no CNAME beside another type or "
    "at the apex or with two values (REC-CNAME-*), SOA only at the apex, no NS on a wildcard "
    "or below a private apex (REC-WILDCARD-NS, REC-PRIVATE-NS), no set touched twice by the "
    "same action (CRRS-SAME-SET-TWICE), and the zone stays within its record-set quota "
    "(REC-QUOTA). Every failing change's message is reported, in order (CRRS-ALL-ERRORS).",
    (InvalidChangeBatch,),
    OBSERVED,
    "Spec §S2.2 and §S2.4: messages observed for REC-CREATE-EXISTS, REC-DELETE-*, "
    "REC-IN-ZONE, REC-CNAME-NEW/EXISTING/APEX, REC-APEX-NS, CRRS-SAME-SET-TWICE, "
    "DomainLabelEmpty, A-record codes, InvalidCharacterString; the rest inferred as the spec says.",
    refuses(
        InvalidChangeBatch,
        OBSERVED,
        branch=_OBSERVED_MESSAGES,
        note="every message is one of the observed forms (the spec's observed REC-* rules and value codes)",
    ),
    refuses(InvalidChangeBatch, OBSERVED, INFERRED, note="at least one message is of an inferred form"),
)
def _change_valid(world: World, b: _Batch) -> str:
    store, messages = _evaluated(world, b)
    if messages:
        error = InvalidChangeBatch(messages, hosted_zone_id=b.hosted_zone_id)
        if all(_OBSERVED_FORMS.match(message) for message in messages):
            in_branch(error, _OBSERVED_MESSAGES)
        raise error
    return f"all {len(b.changes)} changes apply; the zone would hold {len(store)} record sets"


def _evaluated(world: World, b: _Batch) -> tuple[SortedMap[Key, RecordSet], list[str]]:
    """:func:`_evaluate` for this world and batch; the effect reuses the rule's evaluation.

    A one-entry memo on the identity of the (immutable) world and batch: no state
    is observable, the same inputs always give the same outputs.
    """
    last = _LAST_EVALUATION[0] if _LAST_EVALUATION else None
    if last is not None and last[0] is world and last[1] is b:
        return last[2]  # type: ignore[no-any-return]
    zone = world.zones[b.hosted_zone_id]
    result = _evaluate(zone, zone_records(world, zone), b.changes, world.quotas.rrsets_per_zone)
    _LAST_EVALUATION[:] = [(world, b, result)]
    return result


_LAST_EVALUATION: list[tuple[Any, Any, Any]] = []


def _change_effect(world: World, b: _Batch) -> tuple[World, ChangeInfo]:
    zone = world.zones[b.hosted_zone_id]
    store, _ = _evaluated(world, b)
    zone = replace(zone, last_change_at=world.now)
    return world.commit(zone, b.comment, records=world.records.set(zone.id, store))


CHANGE_RECORD_SETS: Operation[ChangeResourceRecordSetsRequest, _Batch, ChangeInfo] = Operation(
    name="change-resource-record-sets",
    aws_name="ChangeResourceRecordSets",
    summary="Create, delete or upsert simple record sets, all or none.",
    request_type=ChangeResourceRecordSetsRequest,
    rules=(
        _change_input,
        _change_simple,
        _change_exists,
        _change_owner,
        _change_linked,
        _change_prior,
        _change_limits,
        _change_valid,
    ),
    effect=_change_effect,
)


def change_resource_record_sets(
    world: World,
    *,
    caller: str,
    hosted_zone_id: str,
    changes: Sequence[RecordChange | Mapping[str, Any]],
    comment: str | None = None,
) -> tuple[World, ChangeInfo]:
    """ChangeResourceRecordSets: every change valid, applied in order, all or none.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111",
    ...                              name="example.com", caller_reference="r")
    >>> zid = made.zone.id
    >>> w, info = change_resource_record_sets(w, caller="111111111111", hosted_zone_id=zid,
    ...     changes=[RecordChange(action="CREATE", name="www.example.com", type="A",
    ...                           ttl=300, values=("192.0.2.1",))])
    >>> info.status.value, record_count(w, w.zones[zid])
    ('INSYNC', 3)
    >>> change_resource_record_sets(w, caller="111111111111", hosted_zone_id=zid,
    ...     changes=[RecordChange(action="CREATE", name="WWW.example.com.", type="A",
    ...                           ttl=60, values=("192.0.2.2",))])
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidChangeBatch: [Tried to create resource record set [name='www.example.com.', type='A'] but it already exists]
    """
    request = ChangeResourceRecordSetsRequest(
        caller=caller, hosted_zone_id=hosted_zone_id, changes=as_members(changes), comment=comment
    )
    return CHANGE_RECORD_SETS.run(require_world(world), request)

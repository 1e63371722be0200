"""Zone listings and metadata: ListHostedZones, ListHostedZonesByName, GetHostedZoneCount,
UpdateHostedZoneComment and GetDNSSEC (surface.md §S1 and §S4).

Every listing covers the zones the calling account owns (LIST-OWNED), in its own
partition (LIST-PARTITION); zones of other accounts and of services never appear
(LIST-NOT-FOREIGN).  The world's per-account sorted indexes (``zones_by_creation``,
``zones_by_name``) give each listing's order directly: a page starts with an
O(log n) seek and reads only the zones it returns, plus one to know whether more
remain.  (``hostedzonetype=PrivateHostedZone`` skips the caller's public zones on
the way; the account's zone quota bounds those.)
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ._associate import no_prior_request
from ._common import (
    DOCUMENTED,
    INFERRED,
    OBSERVED,
    Members,
    caller_owns_zone_rule,
    expect,
    id_length_outcomes,
    refuses,
    rule,
    zone_exists_rule,
    zone_input_rule,
)
from ._rules import Operation
from ._show import shown, shown_str
from ._sorted import EMPTY_KEYS as EMPTY
from ._sorted import SortedKeys, reversed_label_key
from ._values import (
    MAX_COMMENT_LENGTH,
    HostedZone,
    normalize_account_id,
    normalize_hosted_zone_id,
    normalize_name,
    optional_comment,
    replace,
    require_length,
    require_str,
    validation_message,
)
from ._world import World, require_world
from ._zones import no_such_delegation_set
from .errors import (
    InvalidArgument,
    InvalidDomainName,
    InvalidInput,
    NoSuchDelegationSet,
    PriorRequestNotComplete,
    Route53Error,
)

__all__ = [
    "GET_DNSSEC",
    "GET_HOSTED_ZONE_COUNT",
    "LIST_HOSTED_ZONES",
    "LIST_HOSTED_ZONES_BY_NAME",
    "UPDATE_HOSTED_ZONE_COMMENT",
    "DnssecStatus",
    "GetDnssecRequest",
    "GetHostedZoneCountRequest",
    "HostedZonePage",
    "HostedZonesByNamePage",
    "ListHostedZonesByNameRequest",
    "ListHostedZonesRequest",
    "UpdateHostedZoneCommentRequest",
    "get_dnssec",
    "get_hosted_zone_count",
    "list_hosted_zones",
    "list_hosted_zones_by_name",
    "reversed_label_key",
    "update_hosted_zone_comment",
]

#: LHZ-PAGE: ``maxitems`` default and cap.
MAX_ZONES_PER_PAGE: Final = 100
#: The model's ``PageMarker`` length limit.
MAX_MARKER_LENGTH: Final = 64
PRIVATE_HOSTED_ZONE: Final = "PrivateHostedZone"


def page_max_items(value: object) -> tuple[str, int]:
    """``maxitems`` as echoed (a string) and as the page size (capped at 100).

    >>> page_max_items(None), page_max_items("250"), page_max_items(7)
    (('100', 100), ('250', 100), ('7', 7))
    """
    if value is None:
        return str(MAX_ZONES_PER_PAGE), MAX_ZONES_PER_PAGE
    text = value if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value) if value.bit_length() <= 64 else None
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 4000 or int(text) < 1:
        raise InvalidInput(validation_message("maxItems", value, "Member must be a positive integer"))
    return text, min(int(text), MAX_ZONES_PER_PAGE)


def _page(
    world: World,
    caller: str,
    index: SortedKeys | None,
    start: tuple[Any, ...] | None,
    size: int,
    private_only: bool,
) -> tuple[list[HostedZone], HostedZone | None]:
    """Up to *size* of the caller's zones from *start* in *index*'s order, and the next one."""
    partition = world.partition_of_account(caller)
    zones: list[HostedZone] = []
    for key in (index or EMPTY).from_(start):
        zone = world.zones[key[-1]]
        if zone.partition != partition or zone.owner != caller or (private_only and not zone.private):
            continue
        if len(zones) == size:
            return zones, zone
        zones.append(zone)
    return zones, None


# -- ListHostedZones -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ListHostedZonesRequest:
    """A ListHostedZones request: the caller's zones, in creation order."""

    caller: str
    marker: str | None = None
    max_items: int | str | None = None
    delegation_set_id: str | None = None
    hosted_zone_type: str | None = None


@attrs.frozen(kw_only=True)
class HostedZonePage:
    """One page of ListHostedZones: ``max_items`` is the echoed string."""

    zones: tuple[HostedZone, ...]
    max_items: str
    is_truncated: bool
    marker: str | None = None
    next_marker: str | None = None


@attrs.frozen(kw_only=True)
class _CheckedListRequest:
    caller: str
    marker: str | None
    max_items: str
    page_size: int
    delegation_set_id: str | None
    private_only: bool


@rule(
    "list-hosted-zones.input",
    "maxitems, when given, is a positive integer; hostedzonetype, when given, is "
    "PrivateHostedZone; delegationsetid is at most 32 characters; marker at most 64.",
    (InvalidInput,),
    INFERRED,
    "surface.md LHZ-MAXITEMS-BAD (inferred message), LHZ-TYPE (documented enum, message "
    "inferred in AWS's validation style), LHZ-DELEGATION (the resourceId length message of "
    "rules.md §2).",
    *id_length_outcomes(),
)
def _lhz_input(world: World, request: object) -> _CheckedListRequest:
    request = expect(request, ListHostedZonesRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    echoed, size = m.take(lambda: page_max_items(request.max_items)) or ("", 0)
    marker = request.marker
    if marker is not None:
        marker = m.take(
            lambda: require_length(require_str(request.marker, "marker"), "marker", MAX_MARKER_LENGTH)
        )
    delegation = request.delegation_set_id
    if delegation is not None:
        delegation = m.take(
            lambda: require_length(
                require_str(request.delegation_set_id, "delegationSetId"), "resourceId", 32
            )
        )
    kind = request.hosted_zone_type
    if kind is not None and kind != PRIVATE_HOSTED_ZONE:
        m.problem(
            f"Value '{shown_str(kind)}' at 'hostedZoneType' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{PRIVATE_HOSTED_ZONE}]"
        )
    m.done()
    return _CheckedListRequest(
        caller=caller,
        marker=marker,
        max_items=echoed,
        page_size=size,
        delegation_set_id=delegation,
        private_only=kind == PRIVATE_HOSTED_ZONE,
    )


@rule(
    "list-hosted-zones.delegation-set",
    "A delegationsetid names a reusable delegation set; the library models none, so any id is unknown.",
    (NoSuchDelegationSet,),
    DOCUMENTED,
    "surface.md LHZ-DELEGATION and DS-UNKNOWN: NoSuchDelegationSet is in the documented "
    "error list; that every id is unknown is inferred (no reusable sets are modelled).",
    refuses(NoSuchDelegationSet, DOCUMENTED, INFERRED, note="DS-UNKNOWN: the message is inferred"),
)
def _lhz_delegation(world: World, r: _CheckedListRequest) -> str:
    if r.delegation_set_id is not None:
        raise no_such_delegation_set(r.delegation_set_id)
    return "no delegationsetid: every zone of the caller is listed"


@rule(
    "list-hosted-zones.marker",
    "A marker is the bare id of one of the caller's zones: the first zone of the page.",
    (InvalidInput,),
    DOCUMENTED,
    "surface.md LHZ-MARKER: the marker is the first zone of the wanted page (documented); "
    "'Invalid marker: {marker}' for a marker naming no zone of the caller is inferred.",
    refuses(InvalidInput, INFERRED, note="a marker naming no zone of the caller"),
)
def _lhz_marker(world: World, r: _CheckedListRequest) -> str:
    if r.marker is None:
        return "no marker: the listing starts with the oldest zone"
    zone = world.zone_partition_visible(r.marker, r.caller)
    if zone is None or zone.owner != r.caller:
        raise InvalidInput(f"Invalid marker: {r.marker}")
    return f"the page starts at hosted zone {r.marker}"


def _lhz_effect(world: World, r: _CheckedListRequest) -> tuple[World, HostedZonePage]:
    start = None if r.marker is None else (world.zones_owned_by(r.caller)[r.marker], r.marker)
    index = world.zones_by_creation.get(r.caller)
    zones, following = _page(world, r.caller, index, start, r.page_size, r.private_only)
    return world, HostedZonePage(
        zones=tuple(zones),
        max_items=r.max_items,
        is_truncated=following is not None,
        marker=r.marker,
        next_marker=following.id if following is not None else None,
    )


LIST_HOSTED_ZONES: Operation[ListHostedZonesRequest, _CheckedListRequest, HostedZonePage] = Operation(
    name="list-hosted-zones",
    aws_name="ListHostedZones",
    summary="List the caller's own zones, public and private, oldest first, 100 a page at most.",
    request_type=ListHostedZonesRequest,
    rules=(
        _lhz_input,
        rule(
            "list-hosted-zones.owned",
            "Only zones the calling account owns, in its partition, are listed: never another "
            "account's zones, even those associated with the caller's VPCs, nor zones a service owns.",
            (),
            DOCUMENTED,
            "surface.md LIST-OWNED (documented: 'associated with the current account'), "
            "LIST-NOT-FOREIGN and LIST-PARTITION (inferred).",
        )(
            lambda world, r: (
                f"listing the {len(world.zones_owned_by(r.caller))} zones account {r.caller} owns"
            )
        ),
        _lhz_delegation,
        _lhz_marker,
        rule(
            "list-hosted-zones.page",
            "Zones come in creation order, oldest first, at most maxitems (default and cap 100) a "
            "page; NextMarker names the next page's first zone, only when IsTruncated.",
            (),
            OBSERVED,
            "surface.md LHZ-PAGE (documented cap; observed 100 cap and echo of the default), "
            "LHZ-ORDER (observed, weak; the creation-number key is inferred), LHZ-MARKER, LHZ-ENTRY.",
        )(lambda world, r: f"a page of at most {r.page_size} zones"),
        rule(
            "list-hosted-zones.type",
            "hostedzonetype=PrivateHostedZone lists only private zones.",
            (),
            DOCUMENTED,
            "surface.md LHZ-TYPE (documented enum).",
        )(lambda world, r: "private zones only" if r.private_only else "public and private zones"),
    ),
    effect=_lhz_effect,
)


def list_hosted_zones(
    world: World,
    *,
    caller: str,
    marker: str | None = None,
    max_items: int | str | None = None,
    delegation_set_id: str | None = None,
    hosted_zone_type: str | None = None,
) -> HostedZonePage:
    """ListHostedZones: the caller's zones in creation order; ``marker`` starts a page.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w = World.empty()
    >>> for n, name in enumerate(["b.example", "a.example", "c.example"]):
    ...     w, _ = create_hosted_zone(w, caller="111111111111", name=name, caller_reference=str(n))
    >>> page = list_hosted_zones(w, caller="111111111111", max_items=2)
    >>> [z.name for z in page.zones], page.is_truncated, page.max_items
    (['b.example.', 'a.example.'], True, '2')
    >>> [z.name for z in list_hosted_zones(w, caller="111111111111", marker=page.next_marker).zones]
    ['c.example.']
    """
    request = ListHostedZonesRequest(
        caller=caller,
        marker=marker,
        max_items=max_items,
        delegation_set_id=delegation_set_id,
        hosted_zone_type=hosted_zone_type,
    )
    return LIST_HOSTED_ZONES.run(require_world(world), request)[1]


# -- ListHostedZonesByName -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ListHostedZonesByNameRequest:
    """A ListHostedZonesByName request: ``dns_name`` is a starting point, not a filter."""

    caller: str
    dns_name: str | None = None
    hosted_zone_id: str | None = None
    max_items: int | str | None = None


@attrs.frozen(kw_only=True)
class HostedZonesByNamePage:
    """One page of ListHostedZonesByName; ``dns_name``/``hosted_zone_id`` echo the request."""

    zones: tuple[HostedZone, ...]
    max_items: str
    is_truncated: bool
    dns_name: str | None = None
    hosted_zone_id: str | None = None
    next_dns_name: str | None = None
    next_hosted_zone_id: str | None = None


@attrs.frozen(kw_only=True)
class _CheckedByNameRequest:
    caller: str
    dns_name: str | None
    hosted_zone_id: str | None
    max_items: str
    page_size: int


@rule(
    "list-hosted-zones-by-name.input",
    "maxitems, when given, is a positive integer; hostedzoneid at most 32 characters; dnsname a string.",
    (InvalidInput,),
    INFERRED,
    "surface.md LHZBN-CONTINUE (maxitems as LHZ-PAGE, LHZ-MAXITEMS-BAD) and rules.md §2 (id length).",
    *id_length_outcomes(),
)
def _bn_input(world: World, request: object) -> _CheckedByNameRequest:
    request = expect(request, ListHostedZonesByNameRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    echoed, size = m.take(lambda: page_max_items(request.max_items)) or ("", 0)
    zone_id = request.hosted_zone_id
    if zone_id is not None:
        zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id, "hostedzoneid"))
    name = request.dns_name
    if name is not None and not isinstance(name, str):
        m.problem(f"dnsname must be a string, not {type(name).__name__} ({shown(name)})")
    m.done()
    return _CheckedByNameRequest(
        caller=caller, dns_name=name, hosted_zone_id=zone_id, max_items=echoed, page_size=size
    )


ID_ALONE_MESSAGE: Final = "The parameter hostedzoneid can only be used together with dnsname."


@rule(
    "list-hosted-zones-by-name.id-needs-name",
    "hostedzoneid is only accepted together with dnsname.",
    (InvalidInput,),
    DOCUMENTED,
    "surface.md LHZBN-ID-ALONE: the rule ('include both') and InvalidInput are documented; "
    "the message is inferred.",
    refuses(InvalidInput, DOCUMENTED, INFERRED),
)
def _bn_id_alone(world: World, r: _CheckedByNameRequest) -> str:
    if r.hosted_zone_id is not None and r.dns_name is None:
        raise InvalidInput(ID_ALONE_MESSAGE)
    return "hostedzoneid is given with dnsname, or not at all"


@rule(
    "list-hosted-zones-by-name.name-valid",
    "A dnsname is a valid domain name: labels of 1–63 characters, at most 255 in all.",
    (InvalidDomainName,),
    DOCUMENTED,
    "surface.md LHZBN-BADNAME: InvalidDomainName is in the documented error list; the "
    "message (the offending name, as CreateHostedZone's observed form) is inferred.",
    refuses(InvalidDomainName, DOCUMENTED, INFERRED),
)
def _bn_name(world: World, r: _CheckedByNameRequest) -> str:
    if r.dns_name is None:
        return "no dnsname: the listing starts at the first name"
    return f"the listing starts at {_start_name(r.dns_name)}"


def _start_name(dns_name: str) -> str:
    """*dns_name* normalised like a zone name; ``InvalidDomainName`` naming it otherwise."""
    try:
        return normalize_name(dns_name)
    except Route53Error:
        raise InvalidDomainName(dns_name) from None


def _bn_effect(world: World, r: _CheckedByNameRequest) -> tuple[World, HostedZonesByNamePage]:
    start = None
    if r.dns_name is not None:
        start = (reversed_label_key(_start_name(r.dns_name)), r.hosted_zone_id or "")
    index = world.zones_by_name.get(r.caller)
    zones, following = _page(world, r.caller, index, start, r.page_size, False)
    return world, HostedZonesByNamePage(
        zones=tuple(zones),
        max_items=r.max_items,
        is_truncated=following is not None,
        dns_name=r.dns_name,
        hosted_zone_id=r.hosted_zone_id,
        next_dns_name=following.name if following is not None else None,
        next_hosted_zone_id=following.id if following is not None else None,
    )


LIST_HOSTED_ZONES_BY_NAME: Operation[
    ListHostedZonesByNameRequest, _CheckedByNameRequest, HostedZonesByNamePage
] = Operation(
    name="list-hosted-zones-by-name",
    aws_name="ListHostedZonesByName",
    summary="List the caller's own zones by reversed-label name order from a starting point.",
    request_type=ListHostedZonesByNameRequest,
    rules=(
        _bn_input,
        _bn_id_alone,
        _bn_name,
        rule(
            "list-hosted-zones-by-name.order",
            "The caller's zones (as LIST-OWNED) sorted by the reversed-label key of the stored name "
            "('www.example.com.' → 'com.example.www.'), compared as ASCII; same names by id.",
            (),
            DOCUMENTED,
            "surface.md LHZBN-ORDER (documented; the tie-break by id is inferred).",
        )(lambda world, r: "zones sorted by reversed-label key, then id"),
        rule(
            "list-hosted-zones-by-name.start",
            "dnsname is a starting point, not a filter: the page starts at the first zone whose "
            "key is at least dnsname's; with hostedzoneid, at that exact (name, id) position. "
            "NextDNSName and NextHostedZoneId only when IsTruncated.",
            (),
            OBSERVED,
            "surface.md LHZBN-START (documented; observed 'not a filter': coreos-kubernetes#449, "
            "aws-cdk#12680) and LHZBN-CONTINUE (documented).",
        )(lambda world, r: f"a page of at most {r.page_size} zones"),
    ),
    effect=_bn_effect,
)


def list_hosted_zones_by_name(
    world: World,
    *,
    caller: str,
    dns_name: str | None = None,
    hosted_zone_id: str | None = None,
    max_items: int | str | None = None,
) -> HostedZonesByNamePage:
    """ListHostedZonesByName: the caller's zones by reversed-label key from ``dns_name`` on.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w = World.empty()
    >>> for n, name in enumerate(["b.example", "a.example", "x.corp"]):
    ...     w, _ = create_hosted_zone(w, caller="111111111111", name=name, caller_reference=str(n))
    >>> page = list_hosted_zones_by_name(w, caller="111111111111", dns_name="a.example", max_items=1)
    >>> [z.name for z in page.zones], page.next_dns_name
    (['a.example.'], 'b.example.')
    """
    request = ListHostedZonesByNameRequest(
        caller=caller, dns_name=dns_name, hosted_zone_id=hosted_zone_id, max_items=max_items
    )
    return LIST_HOSTED_ZONES_BY_NAME.run(require_world(world), request)[1]


# -- GetHostedZoneCount ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GetHostedZoneCountRequest:
    """A GetHostedZoneCount request."""

    caller: str


@rule(
    "get-hosted-zone-count.input",
    "The caller is an account id.",
    (InvalidInput,),
    DOCUMENTED,
    "surface.md COUNT: InvalidInput is the operation's only documented error.",
)
def _count_input(world: World, request: object) -> GetHostedZoneCountRequest:
    request = expect(request, GetHostedZoneCountRequest)
    return GetHostedZoneCountRequest(caller=normalize_account_id(request.caller, "caller"))


GET_HOSTED_ZONE_COUNT: Operation[GetHostedZoneCountRequest, GetHostedZoneCountRequest, int] = Operation(
    name="get-hosted-zone-count",
    aws_name="GetHostedZoneCount",
    summary="How many zones the caller owns, public and private.",
    request_type=GetHostedZoneCountRequest,
    rules=(
        _count_input,
        rule(
            "get-hosted-zone-count.owned",
            "The count covers exactly the zones ListHostedZones lists: the caller's own, public and private.",
            (),
            DOCUMENTED,
            "surface.md COUNT and LIST-OWNED (documented).",
        )(lambda world, r: f"account {r.caller} owns {len(world.zones_owned_by(r.caller))} zones"),
    ),
    effect=lambda world, r: (world, len(world.zones_owned_by(r.caller))),
)


def get_hosted_zone_count(world: World, *, caller: str) -> int:
    """GetHostedZoneCount: the number of zones the caller owns.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, _ = create_hosted_zone(World.empty(), caller="111111111111", name="a.example",
    ...                           caller_reference="r")
    >>> get_hosted_zone_count(w, caller="111111111111"), get_hosted_zone_count(w, caller="222222222222")
    (1, 0)
    """
    return GET_HOSTED_ZONE_COUNT.run(require_world(world), GetHostedZoneCountRequest(caller=caller))[1]


# -- UpdateHostedZoneComment -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class UpdateHostedZoneCommentRequest:
    """An UpdateHostedZoneComment request: ``comment=None`` deletes the comment."""

    caller: str
    hosted_zone_id: str
    comment: str | None = None


@rule(
    "update-hosted-zone-comment.input",
    "The zone id is at most 32 characters; the comment, when given, at most 256.",
    (InvalidInput,),
    INFERRED,
    "surface.md UHZC-CHECKS: id length first (rules.md §2, observed), then the comment "
    "length (documented limit; message inferred).",
    *id_length_outcomes(),
)
def _uhzc_input(world: World, request: object) -> UpdateHostedZoneCommentRequest:
    request = expect(request, UpdateHostedZoneCommentRequest)
    m = Members()
    caller = m.take(lambda: normalize_account_id(request.caller, "caller"))
    zone_id = m.take(lambda: normalize_hosted_zone_id(request.hosted_zone_id, "Id"))
    m.done()
    comment = optional_comment(request.comment, "comment", MAX_COMMENT_LENGTH)
    return UpdateHostedZoneCommentRequest(caller=caller, hosted_zone_id=zone_id, comment=comment)


@rule(
    "update-hosted-zone-comment.no-prior-request",
    "No earlier change to the zone is still being processed.",
    (PriorRequestNotComplete,),
    DOCUMENTED,
    "surface.md UHZC-CHECKS: PriorRequestNotComplete per rules.md §3.9 (documented error list).",
)
def _uhzc_prior(world: World, r: UpdateHostedZoneCommentRequest) -> str:
    return no_prior_request(world, r.hosted_zone_id)


def _uhzc_effect(world: World, r: UpdateHostedZoneCommentRequest) -> tuple[World, HostedZone]:
    zone = replace(world.zones[r.hosted_zone_id], comment=r.comment)
    return world.with_zone(zone), zone


UPDATE_HOSTED_ZONE_COMMENT: Operation[
    UpdateHostedZoneCommentRequest, UpdateHostedZoneCommentRequest, HostedZone
] = Operation(
    name="update-hosted-zone-comment",
    aws_name="UpdateHostedZoneComment",
    summary="Replace or delete a zone's comment (owner only); no change record.",
    request_type=UpdateHostedZoneCommentRequest,
    rules=(
        _uhzc_input,
        zone_exists_rule("update-hosted-zone-comment", "surface.md UHZC-CHECKS, message as rules.md §3 (observed)."),
        caller_owns_zone_rule(
            "update-hosted-zone-comment",
            "Only the zone's owner may change its comment.",
            "update the comment of",
            "surface.md UHZC-CHECKS: AccessDenied for others (inferred, as GetHostedZone).",
        ),
        _uhzc_prior,
        rule(
            "update-hosted-zone-comment.set",
            "The comment replaces the old one; an absent comment deletes it. The zone comes back "
            "whole, its privacy unchanged; no change is recorded.",
            (),
            DOCUMENTED,
            "surface.md UHZC-SET (documented).",
        )(lambda world, r: "comment deleted" if r.comment is None else "comment replaced"),
    ),
    effect=_uhzc_effect,
)


def update_hosted_zone_comment(
    world: World, *, caller: str, hosted_zone_id: str, comment: str | None = None
) -> tuple[World, HostedZone]:
    """UpdateHostedZoneComment: a new comment, or none when *comment* is ``None``.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111", name="a.example",
    ...                              caller_reference="r", comment="old")
    >>> w, zone = update_hosted_zone_comment(w, caller="111111111111", hosted_zone_id=made.zone.id,
    ...                                      comment="new")
    >>> zone.comment, update_hosted_zone_comment(w, caller="111111111111",
    ...                                          hosted_zone_id=made.zone.id)[1].comment is None
    ('new', True)
    """
    request = UpdateHostedZoneCommentRequest(caller=caller, hosted_zone_id=hosted_zone_id, comment=comment)
    return UPDATE_HOSTED_ZONE_COMMENT.run(require_world(world), request)


# -- GetDNSSEC -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GetDnssecRequest:
    """A GetDNSSEC request, by the zone's owner."""

    caller: str
    hosted_zone_id: str


@attrs.frozen(kw_only=True)
class DnssecStatus:
    """GetDNSSEC's answer: a zone the library never signs is ``NOT_SIGNING``, without keys."""

    serve_signature: str = "NOT_SIGNING"
    key_signing_keys: tuple[Any, ...] = ()


DNSSEC_PRIVATE_MESSAGE: Final = "Operation is unsupported for private hosted zones."


@rule(
    "get-dnssec.zone-public",
    "DNSSEC applies to public zones only; a private zone is refused.",
    (InvalidArgument,),
    OBSERVED,
    "surface.md DNSSEC-PRIVATE: InvalidArgument with 'Operation is unsupported for private' "
    "(observed in Terraform's zone.go); the message tail is inferred.",
    refuses(
        InvalidArgument,
        OBSERVED,
        INFERRED,
        note="the message's start 'Operation is unsupported for private' is observed, its tail ours",
    ),
)
def _dnssec_public(world: World, r: GetDnssecRequest) -> str:
    zone = world.zones[r.hosted_zone_id]
    if zone.private:
        raise InvalidArgument(DNSSEC_PRIVATE_MESSAGE, hosted_zone_id=zone.id)
    return f"hosted zone {zone.id} is public"


GET_DNSSEC: Operation[GetDnssecRequest, GetDnssecRequest, DnssecStatus] = Operation(
    name="get-dnssec",
    aws_name="GetDNSSEC",
    summary="A public zone's DNSSEC status: never signing, no keys (signing is not modelled).",
    request_type=GetDnssecRequest,
    rules=(
        zone_input_rule("get-dnssec", GetDnssecRequest),
        zone_exists_rule("get-dnssec", "surface.md DNSSEC-PUBLIC: NoSuchHostedZone (documented).", DOCUMENTED),
        caller_owns_zone_rule(
            "get-dnssec",
            "Only the zone's owner may read its DNSSEC status.",
            "read the DNSSEC status of",
            "surface.md DNSSEC-PUBLIC, owner only as GetHostedZone (rules.md §6; AccessDenied inferred).",
        ),
        _dnssec_public,
        rule(
            "get-dnssec.not-signing",
            "A public zone reports ServeSignature NOT_SIGNING and no key-signing keys: the "
            "library never signs (DNSSEC-OTHER operations are NotModelled).",
            (),
            INFERRED,
            "surface.md DNSSEC-PUBLIC (status values documented; a never-signed zone reporting "
            "NOT_SIGNING inferred).",
        )(lambda world, r: "the zone has never been signed"),
    ),
    effect=lambda world, r: (world, DnssecStatus()),
)


def get_dnssec(world: World, *, caller: str, hosted_zone_id: str) -> DnssecStatus:
    """GetDNSSEC: ``NOT_SIGNING`` for a public zone; ``InvalidArgument`` for a private one.

    >>> from route53_assoc import World, create_hosted_zone
    >>> w, made = create_hosted_zone(World.empty(), caller="111111111111", name="a.example",
    ...                              caller_reference="r")
    >>> get_dnssec(w, caller="111111111111", hosted_zone_id=made.zone.id)
    DnssecStatus(serve_signature='NOT_SIGNING', key_signing_keys=())
    """
    return GET_DNSSEC.run(require_world(world), GetDnssecRequest(caller=caller, hosted_zone_id=hosted_zone_id))[1]

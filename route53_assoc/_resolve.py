"""DNS resolution from a VPC: what an association does (spec §S7).

``resolve`` answers "what would the Amazon-provided resolver in VPC V return for name
N, type T?" with a :class:`Resolution` ``{status, zone, answers, notes}``.  Like every
operation it is a rule table (``RESOLVE``): ``explain`` shows, rule by rule, which
associated zones were considered, which was chosen and why, and each step's
confidence.  None of its rules refuses a well-formed request for an existing VPC: the
DNS outcomes (``NXDOMAIN``, ``NO_RESOLVER``, ...) are results, not errors.

The walk is computed once per request (:func:`_walk`) and each rule reports the part
it decided.  It never scans every zone: the candidate zones come from the VPC's
association index (``World.zones_of_vpc``: zone name → id) looked up once per label
of the name, and each lookup in a zone is a seek in its sorted record store (keys
``(reversed-label name key, type)``); the wildcard lookup walks the name's ancestors
up to the zone apex only.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

from ._common import DOCUMENTED, INFERRED, Members, expect, rule
from ._ec2_common import is_well_formed
from ._records import RECORD_TYPES, RecordSet, normalize_record_name, zone_records
from ._rules import Confidence, Operation, Rule
from ._sorted import SortedMap, reversed_label_key
from ._values import HostedZone, normalize_vpc_id, require_str, validation_message
from ._world import World
from .errors import InvalidInput, InvalidVpcIDMalformed, InvalidVpcIDNotFound, Route53Error

__all__ = ["MAX_CNAME_CHAIN", "RESOLVE", "Resolution", "ResolveRequest", "ResolveStatus", "resolve"]

#: RES-CNAME: at most this many CNAMEs are followed for one query (inferred).
MAX_CNAME_CHAIN: Final = 8

_TYPES: Final = frozenset(RECORD_TYPES)
_WILDCARD: Final = "\\052."


class ResolveStatus(enum.StrEnum):
    """The outcome of a query (names inferred; DNS rcodes where they exist)."""

    NOERROR = "NOERROR"
    NODATA = "NODATA"
    NXDOMAIN = "NXDOMAIN"
    FORWARDED_PUBLIC = "FORWARDED_PUBLIC"
    NO_RESOLVER = "NO_RESOLVER"
    SERVFAIL = "SERVFAIL"


@attrs.frozen(kw_only=True)
class Resolution:
    """What the VPC's resolver answers.

    ``zone`` is the id of the private zone chosen for the queried name (``None`` when
    no private zone was consulted); ``answers`` the record sets of the answer, in
    order — a CNAME chain first, then the final sets; a wildcard's sets carry the
    queried name; ``notes`` say why, in words.
    """

    status: ResolveStatus
    zone: str | None
    answers: tuple[RecordSet, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        """Every answer's values, in order (what ``dig +short`` prints)."""
        return tuple(value for record in self.answers for value in record.values)


@attrs.frozen(kw_only=True, slots=False)
class ResolveRequest:
    """A query from inside VPC *vpc_id*: *name* and record *type* (members as given).

    >>> ResolveRequest(vpc_id="vpc-0123abcd", name="www.example.com", type="A").type
    'A'
    """

    vpc_id: str
    name: str
    type: str


@attrs.frozen(kw_only=True)
class _Query:
    vpc_id: str
    name: str  # stored form: lower-case, trailing dot, escapes
    type: str


# -- input and the VPC ---------------------------------------------------------


@rule(
    "resolve.input",
    "The VPC id is a string of 1 to 1024 characters, the name a valid domain name (at most "
    "255 octets, labels of 1 to 63; compared case-insensitively), the type an RRType "
    "(any letter case).",
    (InvalidInput,),
    INFERRED,
    "Spec §S7 (resolve is the library's own question, not an AWS API: the validation is "
    "inferred, in AWS's validation-message style); names as REC-KEY.",
)
def _input(world: World, request: object) -> _Query:
    r = expect(request, ResolveRequest)
    m = Members()
    vpc_id = m.take(lambda: normalize_vpc_id(r.vpc_id, "vpc_id"))
    name = m.take(lambda: _query_name(r.name))
    kind = m.take(lambda: _query_type(r.type))
    m.done()
    return _Query(vpc_id=vpc_id, name=name, type=kind)


def _query_name(value: object) -> str:
    text = require_str(value, "name")
    try:
        return normalize_record_name(text)
    except Route53Error as exc:
        reason = exc.message.strip("[]")
        raise InvalidInput(
            validation_message("name", text, f"Member must be a valid domain name ({reason})")
        ) from None


def _query_type(value: object) -> str:
    text = require_str(value, "type")
    upper = text.upper()
    if upper not in _TYPES:
        raise InvalidInput(
            validation_message("type", text, f"Member must satisfy enum value set: [{', '.join(RECORD_TYPES)}]")
        )
    return upper


@rule(
    "resolve.vpc-exists",
    "The VPC exists (a deleted VPC has no resolver). A malformed id is "
    "InvalidVpcID.Malformed, an unknown one InvalidVpcID.NotFound, as EC2 answers them.",
    (InvalidVpcIDMalformed, InvalidVpcIDNotFound),
    INFERRED,
    "Spec §S7 is silent on an unknown VPC; the codes and messages are EC2's (DV-IDS-*).",
)
def _vpc_exists(world: World, q: _Query) -> str:
    vpc = world.vpcs.get(q.vpc_id)
    if vpc is None:
        if not is_well_formed(q.vpc_id, "vpc"):
            raise InvalidVpcIDMalformed(vpc_id=q.vpc_id)
        raise InvalidVpcIDNotFound(vpc_id=q.vpc_id)
    return f"VPC {vpc.id} exists in {vpc.region}, owned by {vpc.owner}"


@rule(
    "resolve.out-of-scope",
    "Resolver forwarding rules (which take precedence over private zones of the same name), "
    "Route 53 Profiles, Resolver endpoints, DNS Firewall and non-simple routing are not "
    "modelled. The world cannot hold any of them (record changes refuse non-simple sets), so "
    "this rule never refuses today; a world that could declare one would make resolve "
    "refuse with NotModelled.",
    (),
    INFERRED,
    "Spec RES-OUT-OF-SCOPE: the precedence of Resolver rules is documented (DG: "
    "considerations, 'Private hosted zones and Route 53 Resolver rules'); the scope is inferred.",
)
def _out_of_scope(world: World, q: _Query) -> str:
    return (
        "the world holds no Resolver rules, Profiles, endpoints or DNS Firewall, and only "
        "simple record sets: zones reach the VPC through its direct associations alone"
    )


# -- the walk ------------------------------------------------------------------------

_DNS_SUPPORT: Final = "resolve.dns-support"
_HOSTNAMES: Final = "resolve.hostnames"
_CANDIDATES: Final = "resolve.candidates"
_MOST_SPECIFIC: Final = "resolve.most-specific"
_PRIVATE_OVER_PUBLIC: Final = "resolve.private-over-public"
_EXACT: Final = "resolve.exact"
_CNAME: Final = "resolve.cname"
_NODATA: Final = "resolve.nodata"
_WILDCARD_RULE: Final = "resolve.wildcard"
_NO_FALLBACK: Final = "resolve.no-fallback"
_NO_DELEGATION: Final = "resolve.no-delegation"
_STATE: Final = "resolve.state"


@attrs.frozen
class _Walk:
    resolution: Resolution
    events: tuple[tuple[str, str], ...]

    def reason(self, rule_id: str, otherwise: str) -> str:
        """What the walk said under *rule_id*; else why the rule did not decide anything."""
        said = [text for rid, text in self.events if rid == rule_id]
        if said:
            return "; ".join(said)
        if self.resolution.status is ResolveStatus.NO_RESOLVER:
            return "not reached: the resolver does not answer"
        if self.resolution.zone is None:
            return "not reached: no private zone is consulted"
        return otherwise


Key = tuple[str, str]


def _suffixes(name: str) -> list[str]:
    """*name* and each parent of it on a label boundary, longest first."""
    labels = name[:-1].split(".")
    return [".".join(labels[i:]) + "." for i in range(len(labels))]


def _names_at(store: SortedMap[Key, RecordSet], key: str) -> tuple[bool, bool]:
    """(whether the name with *key* has a set, whether it has names below it): one seek."""
    for (found, _type), _record in store.items((key, "")):
        return found == key, found.startswith(key) and found != key
    return False, False


@attrs.frozen
class _Found:
    """What one name's lookup in its zone found."""

    kind: str  # "exact", "cname", "nodata", "nxdomain"
    record: RecordSet | None = None
    wildcard: str | None = None  # the wildcard owner that answered, if one did
    why: str = ""


def _lookup(store: SortedMap[Key, RecordSet], zone: HostedZone, name: str, kind: str) -> _Found:
    """N in its chosen zone: exact, CNAME, NODATA (own sets, empty non-terminal), wildcard, NXDOMAIN."""
    key = reversed_label_key(name)
    exact = store.get((key, kind))
    if exact is not None:
        return _Found("exact", exact)
    cname = store.get((key, "CNAME"))
    if cname is not None:
        return _Found("cname", cname)
    has_sets, has_below = _names_at(store, key)
    if has_sets:
        return _Found("nodata", why=f"{name} has record sets, none of type {kind}")
    if has_below:
        return _Found("nodata", why=f"{name} has no record sets of its own but names below it (an empty non-terminal)")
    depth = zone.name.count(".")
    for ancestor in _suffixes(name)[1:]:
        if ancestor.count(".") < depth:
            break
        owner = _WILDCARD + ancestor
        wkey = reversed_label_key(owner)
        found = store.get((wkey, kind))
        if found is not None:
            return _Found("exact", found, wildcard=owner)
        wcname = store.get((wkey, "CNAME"))
        if wcname is not None:
            return _Found("cname", wcname, wildcard=owner)
        if _names_at(store, wkey)[0]:
            return _Found("nodata", wildcard=owner, why=f"wildcard {owner} has no set of type {kind}")
    return _Found("nxdomain")


def _as_answer(record: RecordSet, name: str) -> RecordSet:
    """The set as answered for *name* (a wildcard's set takes the queried name)."""
    return record if record.name == name else RecordSet(name, record.type, record.ttl, record.values)


def _pending(world: World, zone: HostedZone) -> bool:
    last = zone.last_change_at
    return last is not None and world.now < last + world.timing.propagation


def _walk(world: World, q: _Query) -> _Walk:
    """Resolve *q* (memoised on the identity of the immutable world and query)."""
    last = _LAST_WALK[0] if _LAST_WALK else None
    if last is not None and last[0] is world and last[1] is q:
        return last[2]
    walk = _compute(world, q)
    _LAST_WALK[:] = [(world, q, walk)]
    return walk


_LAST_WALK: list[tuple[World, _Query, _Walk]] = []


def _compute(world: World, q: _Query) -> _Walk:
    events: list[tuple[str, str]] = []
    notes: list[str] = []

    def done(status: ResolveStatus, zone: str | None, answers: tuple[RecordSet, ...] = ()) -> _Walk:
        return _Walk(Resolution(status=status, zone=zone, answers=answers, notes=tuple(notes)), tuple(events))

    vpc = world.vpcs[q.vpc_id]
    if not vpc.enable_dns_support:
        events.append((_DNS_SUPPORT, f"enableDnsSupport is false on {vpc.id}: no resolver answers: NO_RESOLVER"))
        notes.append(f"enableDnsSupport is false on {vpc.id}: the Amazon DNS server does not answer")
        return done(ResolveStatus.NO_RESOLVER, None)
    events.append((_DNS_SUPPORT, f"enableDnsSupport is true on {vpc.id}: the Amazon DNS server answers"))
    if not vpc.enable_dns_hostnames:
        events.append(
            (_HOSTNAMES, f"enableDnsHostnames is false on {vpc.id}: no private zone is consulted: FORWARDED_PUBLIC")
        )
        notes.append(
            f"enableDnsHostnames is false on {vpc.id}: private hosted zones need enableDnsSupport and "
            "enableDnsHostnames; the query is left to public DNS, which is not modelled"
        )
        return done(ResolveStatus.FORWARDED_PUBLIC, None)
    events.append((_HOSTNAMES, f"enableDnsHostnames is true on {vpc.id}: its private zones are consulted"))

    associated = world.zones_of_vpc(vpc.id)
    answers: list[RecordSet] = []
    seen = {q.name}
    name = q.name
    first_zone: str | None = None
    followed = 0
    while True:
        at = "" if name == q.name else f"{name} (CNAME target): "
        candidates = [(suffix, associated[suffix]) for suffix in _suffixes(name) if suffix in associated]
        if candidates:
            listed = ", ".join(f"{zname} ({zid})" for zname, zid in candidates)
            events.append((_CANDIDATES, f"{at}associated zones named {name} or a parent of it: {listed}"))
        else:
            events.append((_CANDIDATES, f"{at}no zone associated with {vpc.id} is {name} or a parent of it"))
            events.append((_PRIVATE_OVER_PUBLIC, f"{at}no candidate: the query goes to public DNS"))
            notes.append(f"{name}: no private zone of {vpc.id} covers it: left to public DNS, which is not modelled")
            return done(ResolveStatus.FORWARDED_PUBLIC, first_zone, tuple(answers))
        zone_name, zone_id = candidates[0]
        zone = world.zones[zone_id]
        if len(candidates) == 1:
            events.append((_MOST_SPECIFIC, f"{at}{zone_name} ({zone_id}) is the only candidate"))
        else:
            others = ", ".join(zname for zname, _ in candidates[1:])
            events.append(
                (_MOST_SPECIFIC, f"{at}{zone_name} ({zone_id}) has the most labels; not asked: {others}")
            )
        events.append(
            (_PRIVATE_OVER_PUBLIC, f"{at}private zone {zone_name} answers; public DNS is not asked, "
             f"not even a public zone named {zone_name}")
        )
        if first_zone is None:
            first_zone = zone_id
        notes.append(f"{name}: answered by private zone {zone_name} ({zone_id})")
        if _pending(world, zone):
            events.append((_STATE, f"{at}zone {zone_id} has a change still PENDING; the answer already includes it"))
            notes.append(f"zone {zone_id} has a change still PENDING: real propagation takes up to about a minute")
        found = _lookup(zone_records(world, zone), zone, name, q.type)
        if found.wildcard is not None:
            events.append((_WILDCARD_RULE, f"{at}{name} has no set and no names below it: wildcard {found.wildcard} "
                           "answers for it"))
            notes.append(f"{name}: synthesized from wildcard {found.wildcard}")
        if found.kind == "exact":
            assert found.record is not None
            record = _as_answer(found.record, name)
            answers.append(record)
            events.append((_EXACT, f"{at}{name} {record.type}: TTL {record.ttl}, {', '.join(record.values)}"))
            return done(ResolveStatus.NOERROR, first_zone, tuple(answers))
        if found.kind == "nodata":
            events.append((_NODATA, f"{at}{found.why}: NODATA"))
            return done(ResolveStatus.NODATA, first_zone, tuple(answers))
        if found.kind == "nxdomain":
            events.append(
                (_NO_FALLBACK, f"{at}{name} has no record set in {zone_name} and no wildcard covers it: NXDOMAIN; "
                 "no less specific zone and no public DNS is asked")
            )
            notes.append(f"{name} does not exist in private zone {zone_name}: NXDOMAIN, with no fallback")
            return done(ResolveStatus.NXDOMAIN, first_zone, tuple(answers))
        assert found.record is not None
        record = _as_answer(found.record, name)
        answers.append(record)
        followed += 1
        value = record.values[0]
        try:
            target = normalize_record_name(value)
        except Route53Error:
            events.append((_CNAME, f"{at}{name} is a CNAME for {value!r}, which is not a domain name: SERVFAIL"))
            notes.append(f"{name}: CNAME target {value!r} is not a domain name")
            return done(ResolveStatus.SERVFAIL, first_zone)
        if target in seen:
            events.append((_CNAME, f"{at}{name} is a CNAME for {target}, already on the chain: a loop: SERVFAIL"))
            notes.append(f"CNAME loop at {target}")
            return done(ResolveStatus.SERVFAIL, first_zone)
        if followed > MAX_CNAME_CHAIN:
            events.append(
                (_CNAME, f"{at}{name} is a CNAME for {target}: a chain longer than {MAX_CNAME_CHAIN}: SERVFAIL")
            )
            notes.append(f"CNAME chain longer than {MAX_CNAME_CHAIN}")
            return done(ResolveStatus.SERVFAIL, first_zone)
        events.append((_CNAME, f"{at}{name} is a CNAME for {target}: the answer holds it, and resolution "
                       "restarts there"))
        notes.append(f"{name} is a CNAME for {target}")
        seen.add(target)
        name = target


def _reporting(rule_id: str, statement: str, confidence: Confidence, source: str, otherwise: str) -> Rule:
    """A rule that reports what the walk decided under *rule_id* (*otherwise* when nothing)."""

    @rule(rule_id, statement, (), confidence, source)
    def check(world: World, q: _Query) -> str:
        return _walk(world, q).reason(rule_id, otherwise)

    return check


_dns_support = _reporting(
    _DNS_SUPPORT,
    "With enableDnsSupport false the Amazon DNS server does not answer: NO_RESOLVER.",
    DOCUMENTED,
    "Spec RES-DNS-SUPPORT (VPC UG: DNS attributes).",
    "not reached",
)
_hostnames = _reporting(
    _HOSTNAMES,
    "Private hosted zones answer only when enableDnsSupport and enableDnsHostnames are both true; "
    "with hostnames off no private zone is consulted (FORWARDED_PUBLIC) and a note names the "
    "attribute. The association itself is allowed either way.",
    DOCUMENTED,
    "Spec RES-HOSTNAMES (DG:hosted-zone-private-considerations, 'Amazon VPC settings'); the "
    "behaviour when the requirement is unmet is inferred.",
    "not reached: the resolver does not answer",
)
_candidates = _reporting(
    _CANDIDATES,
    "The candidates are the private zones associated directly with the VPC (any owner) whose "
    "name is N or a parent of N on a label boundary, case-insensitively. A VPC never has two "
    "associated zones of one name.",
    DOCUMENTED,
    "Spec RES-CANDIDATES (DG: considerations, overlapping namespaces; DG:hosted-zones-private).",
    "not reached: no private zone is consulted",
)
_most_specific = _reporting(
    _MOST_SPECIFIC,
    "Of the candidates, the zone with the most labels is chosen (accounting.example.com over "
    "example.com).",
    DOCUMENTED,
    "Spec RES-MOST-SPECIFIC.",
    "no candidate to choose from",
)
_private_over_public = _reporting(
    _PRIVATE_OVER_PUBLIC,
    "Any candidate beats public DNS, a public hosted zone of the same name included (split-view "
    "DNS); with no candidate the query is left to public DNS: FORWARDED_PUBLIC.",
    DOCUMENTED,
    "Spec RES-PRIVATE-OVER-PUBLIC.",
    "not reached: no private zone is consulted",
)
_exact = _reporting(
    _EXACT,
    "A set of type T at N answers: NOERROR with its values and TTL; the apex SOA and NS answer "
    "like any set.",
    DOCUMENTED,
    "Spec RES-EXACT.",
    "no set of the type asked answers",
)
_cname = _reporting(
    _CNAME,
    f"A CNAME at N answers a query for another type: the answer holds it and resolution "
    f"restarts at its target (which may be in another associated zone, or public: then the "
    f"partial answer and FORWARDED_PUBLIC). A loop, or a chain longer than {MAX_CNAME_CHAIN}, is SERVFAIL.",
    INFERRED,
    "Spec RES-CNAME (standard recursive-resolver behaviour; the depth limit is chosen).",
    "no CNAME is followed",
)
_nodata = _reporting(
    _NODATA,
    "N exists in the chosen zone but has no set of type T and no CNAME, or has no sets of its "
    "own but names below it (an empty non-terminal): NODATA (NOERROR, no records), not "
    "NXDOMAIN. An empty non-terminal exists, so no wildcard answers for it.",
    INFERRED,
    "Spec RES-NODATA (DNS standard; the DG's fallback page tells the two apart). That an empty "
    "non-terminal blocks a wildcard is the library's reading (RFC 4592), inferred.",
    "the name's answer is not NODATA",
)
_wildcard = _reporting(
    _WILDCARD_RULE,
    "With no set of any type at N (and no names below it), the closest enclosing wildcard "
    "(*.<ancestor> in the chosen zone, nearest ancestor first) answers for N at any depth "
    "below it, under N's name; specific names always win; *.example.com does not answer "
    "example.com.",
    DOCUMENTED,
    "Spec RES-WILDCARD (DG:DomainNameFormat, wildcards); the 'closest' tie-break is inferred; "
    "an existing ancestor does not block a wildcard above it (DG reading, spec §S9 question 9).",
    "no wildcard answers",
)
_no_fallback = _reporting(
    _NO_FALLBACK,
    "Once a zone is chosen it alone answers: a name it does not hold (after wildcards) is "
    "NXDOMAIN — never a less specific private zone, never public DNS. AWS's opt-in public DNS "
    "fallback is not modelled (the default, off).",
    DOCUMENTED,
    "Spec RES-NO-FALLBACK ('Resolver doesn't forward the request to a public DNS resolver. "
    "Instead, it returns NXDOMAIN'; DG:hosted-zone-private-public-dns-fallback).",
    "the chosen zone holds the name: no NXDOMAIN",
)
_no_delegation = _reporting(
    _NO_DELEGATION,
    "NS sets below a private zone's apex never delegate; an NS set answers a query for NS "
    "like any set (record changes refuse NS below a private apex anyway, REC-PRIVATE-NS).",
    DOCUMENTED,
    "Spec RES-NO-DELEGATION.",
    "no delegation is followed: the chosen zone answers for every name below its apex",
)
_state = _reporting(
    _STATE,
    "Resolution reads the world's current records and associations, changes still PENDING "
    "included (real propagation takes up to about a minute).",
    INFERRED,
    "Spec RES-STATE.",
    "the current records and associations are read; no zone consulted has a PENDING change",
)


def _effect(world: World, q: _Query) -> tuple[World, Resolution]:
    return world, _walk(world, q).resolution


RESOLVE: Operation[ResolveRequest, _Query, Resolution] = Operation(
    name="resolve",
    aws_name="(DNS query from a VPC)",
    summary="What the Amazon-provided resolver in a VPC answers for a name and type (spec §S7).",
    request_type=ResolveRequest,
    rules=(
        _input,
        _vpc_exists,
        _out_of_scope,
        _dns_support,
        _hostnames,
        _candidates,
        _most_specific,
        _private_over_public,
        _exact,
        _cname,
        _nodata,
        _wildcard,
        _no_fallback,
        _no_delegation,
        _state,
    ),
    effect=_effect,
)


def resolve(world: World, *, vpc_id: str, name: str, type: str) -> Resolution:
    """What the resolver in *vpc_id* answers for *name* and *type* (spec §S7).

    A private zone ``example.com`` associated with the VPC shadows the public one:

    >>> from route53_assoc import (World, create_vpc, create_hosted_zone, modify_vpc_attribute,
    ...     change_resource_record_sets, RecordChange)
    >>> A = "111111111111"
    >>> w, vpc = create_vpc(World.empty(), owner=A, region="us-east-1")
    >>> w = modify_vpc_attribute(w, caller=A, vpc_id=vpc.id, attribute="enableDnsHostnames", value=True)
    >>> w, public = create_hosted_zone(w, caller=A, name="example.com", caller_reference="pub")
    >>> w, _ = change_resource_record_sets(w, caller=A, hosted_zone_id=public.zone.id, changes=[
    ...     RecordChange(action="CREATE", name="www.example.com", type="A", ttl=60, values=["192.0.2.1"])])
    >>> resolve(w, vpc_id=vpc.id, name="www.example.com", type="A").status
    <ResolveStatus.FORWARDED_PUBLIC: 'FORWARDED_PUBLIC'>
    >>> w, private = create_hosted_zone(w, caller=A, name="example.com", caller_reference="priv",
    ...     vpc_id=vpc.id, vpc_region="us-east-1")
    >>> answer = resolve(w, vpc_id=vpc.id, name="WWW.example.com", type="A")
    >>> answer.status.value, answer.zone == private.zone.id, answer.answers
    ('NXDOMAIN', True, ())
    """
    request = ResolveRequest(vpc_id=vpc_id, name=name, type=type)
    return RESOLVE.run(world, request)[1]

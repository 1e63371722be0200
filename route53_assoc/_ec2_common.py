"""What EC2's operations share: id forms, visibility, filters, paging, DryRun (spec §S5).

EC2 members arrive as botocore hands them over; the checks here raise EC2's own
errors (:class:`~route53_assoc.errors.Ec2Error`), never Route 53's.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs

from ._common import DOCUMENTED, INFERRED, OBSERVED, in_branch, refuses, rule
from ._rules import Confidence, Outcome, Rule
from ._show import shown, shown_str
from ._values import VPC
from ._world import World
from .errors import (
    DryRunOperation,
    InvalidID,
    InvalidInput,
    InvalidNextToken,
    InvalidParameterValue,
    InvalidVpcIDMalformed,
    InvalidVpcIDNotFound,
    NotModelled,
)

__all__ = [
    "Filter",
    "Page",
    "Tagged",
    "dry_run_rule",
    "filters_of",
    "pairs_of",
    "is_well_formed",
    "match_filters",
    "paginate",
    "resource_kind",
    "visible_vpc",
]

T = TypeVar("T")

#: One filter as the request gives it: a name and its values (ORed).
Filter = tuple[str, tuple[str, ...]]

_HEX_ID: Final = re.compile(r"(vpc|rtb|acl|sg)-(?:[0-9a-f]{8}|[0-9a-f]{17})")
_KINDS: Final = {"vpc": "vpc", "rtb": "route-table", "acl": "network-acl", "sg": "security-group"}


def is_well_formed(resource_id: str, prefix: str) -> bool:
    """``{prefix}-`` and 8 or 17 lowercase hex digits.

    >>> is_well_formed("rtb-0123abcd", "rtb"), is_well_formed("rtb-XYZ", "rtb")
    (True, False)
    """
    found = _HEX_ID.fullmatch(resource_id)
    return found is not None and found.group(1) == prefix


def resource_kind(resource_id: str) -> str | None:
    """``vpc``, ``route-table``, ``network-acl`` or ``security-group``; ``None`` if malformed.

    >>> resource_kind("sg-0123abcd"), resource_kind("subnet-0123abcd")
    ('security-group', None)
    """
    found = _HEX_ID.fullmatch(resource_id)
    return None if found is None else _KINDS[found.group(1)]


def visible_vpc(world: World, caller: str, region: str | None, vpc_id: str) -> VPC | None:
    """The VPC if *caller* owns it and it lies in *region* (any region for ``None``)."""
    vpc = world.vpcs.get(vpc_id)
    if vpc is None or vpc.owner != caller or (region is not None and vpc.region != region):
        return None
    return vpc


def check_vpc_ids(world: World, caller: str, region: str | None, vpc_ids: Sequence[str]) -> tuple[VPC, ...]:
    """The named VPCs: malformed ids refused first (DV-IDS-MALFORMED), then missing ones."""
    for vpc_id in vpc_ids:
        if not is_well_formed(vpc_id, "vpc"):
            raise InvalidVpcIDMalformed(vpc_id=vpc_id)
    found: list[VPC] = []
    missing: list[str] = []
    for vpc_id in vpc_ids:
        vpc = visible_vpc(world, caller, region, vpc_id)
        if vpc is None:
            if vpc_id not in missing:
                missing.append(vpc_id)
        elif vpc not in found:
            found.append(vpc)
    if len(missing) == 1:
        error = InvalidVpcIDNotFound(vpc_id=missing[0])
        if missing[0] in world.vpcs:  # another account's, or another region's
            in_branch(error, NOT_VISIBLE)
        raise error
    if missing:
        raise in_branch(
            InvalidVpcIDNotFound(f"The vpc IDs '{', '.join(missing)}' do not exist", vpc_id=missing[0]), SEVERAL
        )
    return tuple(found)


#: Branches of :func:`check_vpc_ids`' ``InvalidVpcID.NotFound``: a VPC that exists but is
#: another account's or region's (VPC-REGION, inferred), and several ids missing (the
#: plural wording of DV-IDS-NOTFOUND, inferred).
NOT_VISIBLE = "not-visible"
SEVERAL = "several"


def vpc_ids_outcomes(malformed_message: Confidence) -> tuple[Outcome, ...]:
    """The refusals of a rule checking VPC ids with :func:`check_vpc_ids` (DV-IDS-*, VPC-REGION).

    ``InvalidVpcID.Malformed`` is a documented code whose message is observed on another
    operation (*malformed_message* here); the singular NotFound is observed; another
    account's or region's VPC, and the plural wording, are inferred.
    """
    return (
        refuses(InvalidVpcIDMalformed, DOCUMENTED, malformed_message, note="DV-IDS-MALFORMED"),
        refuses(InvalidVpcIDNotFound, OBSERVED, note="DV-IDS-NOTFOUND: no VPC has the id"),
        refuses(
            InvalidVpcIDNotFound,
            INFERRED,
            branch=NOT_VISIBLE,
            note="VPC-REGION: the VPC is another account's or in another region",
        ),
        refuses(InvalidVpcIDNotFound, OBSERVED, INFERRED, branch=SEVERAL, note="several ids missing: the plural wording"),
    )


# -- input -------------------------------------------------------------------


def strings(value: object, field: str) -> tuple[str, ...]:
    """A list of strings as a tuple (``None``: empty)."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidInput(f"{field} must be a list of strings, not {shown(value)}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(f"{field} must be a list of strings, not {shown(value)}")
    return items


def pairs_of(value: object, keys: tuple[str, str], not_a_list: str, not_a_pair: str) -> list[tuple[Any, Any]]:
    """A list member given as ``(a, b)`` pairs or botocore's ``{KeyA, KeyB}`` mappings, as pairs.

    ``None`` is an empty list; *not_a_list* and *not_a_pair* start the ``InvalidInput``
    messages for a value that is no list and an item that is neither form.

    >>> pairs_of([("a", 1), {"Name": "b", "Values": 2}], ("Name", "Values"), "x", "y")
    [('a', 1), ('b', 2)]
    """
    if value is None:
        return []
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise InvalidInput(f"{not_a_list}, not {shown(value)}")
    out: list[tuple[Any, Any]] = []
    for item in value:
        if isinstance(item, Mapping):
            out.append((item.get(keys[0]), item.get(keys[1])))
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(item)
        else:
            raise InvalidInput(f"{not_a_pair}, not {shown(item)}")
    return out


def filters_of(value: object) -> tuple[Filter, ...]:
    """Filters as ``(name, values)`` pairs, from pairs or botocore's ``{Name, Values}``."""
    out: list[Filter] = []
    for name, values in pairs_of(
        value,
        ("Name", "Values"),
        "filters must be a list of (name, values)",
        "a filter must be (name, values) or {Name, Values}",
    ):
        if not isinstance(name, str) or not name:
            raise InvalidInput(f"a filter's name must be a non-empty string, not {shown(name)}")
        out.append((name, strings(values, f"filter {name}")))
    return tuple(out)


def whole_or_none(value: object, field: str) -> int | None:
    """An optional whole number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number, not {shown(value)}")
    return value


def text_or_none(value: object, field: str) -> str | None:
    """An optional string."""
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"{field} must be a string, not {shown(value)}")


def flag(value: object, field: str) -> bool:
    """A boolean member (``None``: false)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be true or false, not {shown(value)}")
    return value


# -- filters -----------------------------------------------------------------


def _pattern(value: str) -> re.Pattern[str]:
    parts = ("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in value)
    return re.compile("".join(parts), re.DOTALL)


def _matches(value: str, candidates: Iterable[str]) -> bool:
    if "*" not in value and "?" not in value:
        return value in candidates
    pattern = _pattern(value)
    return any(pattern.fullmatch(c) is not None for c in candidates)


def check_filters(
    filters: Sequence[Filter], known: frozenset[str], documented: frozenset[str], operation: str
) -> None:
    """Refuse filter names AWS does not know (DV-FILTER-UNKNOWN) or the library does not model.

    ``tag:<key>`` is always known; a ``vpc-id`` value that is no VPC id (and has no
    wildcard) is ``InvalidParameterValue`` with the message ``vpc-id``.
    """
    for name, values in filters:
        if name.startswith("tag:") and len(name) > 4:
            continue
        if name in documented and name not in known:
            raise NotModelled.of(f"the {operation} filter '{name}'")
        if name not in known:
            raise InvalidParameterValue(f"The filter '{name}' is invalid")
        if name == "vpc-id":
            for value in values:
                if "*" not in value and "?" not in value and not is_well_formed(value, "vpc"):
                    raise InvalidParameterValue("vpc-id")


def match_filters(filters: Sequence[Filter], facts: Callable[[str], Iterable[str]]) -> bool:
    """Whether a resource whose values for a filter name are ``facts(name)`` passes every filter.

    Values of one filter are ORed (``*`` and ``?`` are wildcards), filters ANDed.

    >>> facts = {"state": ["available"], "tag:env": ["prod"]}
    >>> match_filters([("state", ("avail*",)), ("tag:env", ("dev", "prod"))], lambda n: facts.get(n, []))
    True
    >>> match_filters([("tag:env", ("dev",))], lambda n: facts.get(n, []))
    False
    """
    for name, values in filters:
        candidates = tuple(facts(name))
        if not any(_matches(value, candidates) for value in values):
            return False
    return True


def tag_facts(tags: Mapping[str, str], name: str) -> tuple[str, ...] | None:
    """The values of the ``tag:<key>`` and ``tag-key`` filters, or ``None`` for other names."""
    if name.startswith("tag:"):
        value = tags.get(name[4:])
        return () if value is None else (value,)
    if name == "tag-key":
        return tuple(tags)
    return None


def boolean(value: bool) -> str:
    """A boolean as EC2's filters spell it."""
    return "true" if value else "false"


# -- paging ------------------------------------------------------------------


@attrs.frozen
class Tagged:
    """A described resource and its tags (sorted by key)."""

    item: Any
    tags: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Page:
    """One page of an EC2 Describe: the items, and the token for the next page if any."""

    items: tuple[Any, ...]
    next_token: str | None = None


#: The branch of :func:`check_max_results` refusing a MaxResults below 5 (message observed).
BELOW = "below"


def check_max_results(max_results: int | None, maximum: int = 1000) -> None:
    """``MaxResults`` within 5–*maximum* (DV-PAGE)."""
    if max_results is None:
        return
    if max_results < 5:
        raise in_branch(
            InvalidParameterValue(
                f"Value ( {shown_str(max_results)} ) for parameter maxResults is invalid. "
                "Expecting a value greater than 5."
            ),
            BELOW,
        )
    if max_results > maximum:
        raise InvalidParameterValue(
            f"Value ( {shown_str(max_results)} ) for parameter maxResults is invalid. "
            f"Expecting a value less than {maximum}."
        )


def _token(kind: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}|{key}".encode()).decode()


def token_key(token: str | None, kind: str) -> str | None:
    """The position a token this listing handed out resumes at; ``InvalidNextToken`` otherwise."""
    if token is None:
        return None
    try:
        text = base64.urlsafe_b64decode(token.encode("ascii")).decode()
    except (ValueError, binascii.Error, UnicodeError):
        text = ""
    found_kind, _, key = text.partition("|")
    if found_kind != kind or not key or _token(kind, key) != token:
        raise InvalidNextToken(f"The token '{token}' is invalid")
    return key


def paginate(items: Sequence[T], key: Callable[[T], str], kind: str, max_results: int | None, token: str | None) -> Page:
    """Items sorted by *key*, from the token's position, at most *max_results* of them."""
    start = token_key(token, kind)
    ordered = sorted(items, key=key)
    if start is not None:
        ordered = [item for item in ordered if key(item) >= start]
    if max_results is None or len(ordered) <= max_results:
        return Page(tuple(ordered))
    return Page(tuple(ordered[:max_results]), _token(kind, key(ordered[max_results])))


# -- DryRun ------------------------------------------------------------------


def dry_run_rule(operation: str, aws_name: str) -> Rule:
    """The last rule of an EC2 operation: with ``DryRun`` set, say it would have succeeded."""

    @rule(
        f"{operation}.dry-run",
        "With DryRun set, a request that passed every check is answered DryRunOperation "
        "(HTTP 412) and changes nothing.",
        (DryRunOperation,),
        INFERRED,
        f"Spec CV-UNMODELLED (DryRun); the same for {aws_name} (inferred).",
    )
    def check(world: World, request: Any) -> str:
        if request.dry_run:
            raise DryRunOperation()
        return "not a dry run"

    return check


def malformed_id(resource_id: str) -> InvalidID:
    """ETAG-CREATE's error for an id of no known form."""
    return InvalidID(f"The ID '{resource_id}' is not valid")


# -- tags --------------------------------------------------------------------

#: At most this many tags on one resource (ETAG-CREATE).
MAX_TAGS: Final = 50


def tag_pairs(value: object, field: str, *, values_required: bool = True) -> tuple[tuple[str, str | None], ...]:
    """Tags as ``(key, value)`` pairs, from a mapping, pairs or botocore's ``[{Key, Value}]``."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items: list[Any] = list(value.items())
    elif isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidInput(f"{field} must be a list of tags, not {shown(value)}")
    else:
        items = list(value)
    out: list[tuple[str, str | None]] = []
    for item in items:
        if isinstance(item, Mapping):
            key, tag_value = item.get("Key"), item.get("Value")
        elif isinstance(item, tuple) and len(item) == 2:
            key, tag_value = item
        else:
            raise InvalidInput(f"a tag must be (key, value) or {{Key, Value}}, not {shown(item)}")
        if not isinstance(key, str):
            raise InvalidInput(f"a tag key must be a string, not {shown(key)}")
        if tag_value is None and values_required:
            tag_value = ""
        if tag_value is not None and not isinstance(tag_value, str):
            raise InvalidInput(f"a tag value must be a string, not {shown(tag_value)}")
        out.append((key, tag_value))
    return tuple(out)


def check_tag_rules(tags: Iterable[tuple[str, str | None]]) -> str:
    """ETAG-CREATE's per-tag rules: key 1–127 characters not starting ``aws:``, value 0–255."""
    count = 0
    for key, value in tags:
        count += 1
        if key.startswith("aws:"):
            raise InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use")
        if not key:
            raise InvalidParameterValue("Tag key cannot be empty")
        if len(key) > 127:
            raise InvalidParameterValue(f"Tag key exceeds the maximum length of 127 characters: {key}")
        if value is not None and len(value) > 255:
            raise InvalidParameterValue(f"Tag value exceeds the maximum length of 255 characters: {value}")
    return f"{count} tag(s) with keys of 1-127 characters, values of 0-255, none starting 'aws:'"


def sorted_tags(tags: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """A resource's tags as sorted ``(key, value)`` pairs."""
    return tuple(sorted(tags.items()))

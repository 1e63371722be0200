"""Value objects: identifiers, names, VPCs, zones, authorizations, changes, settings.

Every value is a frozen attrs class (or a plain ``str`` after normalisation) that
normalises on construction, so ``==`` is domain equality: ``"/hostedzone/Z1"`` and
``"Z1"`` name the same zone, ``"Example.COM"`` and ``"example.com."`` the same name.
Bad data raises :class:`~route53_assoc.errors.InvalidInput` (also a ``ValueError``)
naming the field, the value and what was expected.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Final, TypeVar

import attrs
import immutables

from ._partitions import REGIONS, Partition, partition_of
from ._show import shown, shown_str
from .errors import InvalidDomainName, InvalidInput

__all__ = [
    "UTC",
    "Authorization",
    "Change",
    "ChangeInfo",
    "ChangeStatus",
    "HostedZone",
    "Quotas",
    "Timing",
    "VPC",
    "VpcDefaults",
    "format_timestamp",
    "normalize_account_id",
    "normalize_change_id",
    "normalize_hosted_zone_id",
    "normalize_name",
    "normalize_region",
    "normalize_vpc_id",
    "parse_timestamp",
]

UTC: Final = UTC
MAX_ZONE_ID_LENGTH: Final = 32
MAX_VPC_ID_LENGTH: Final = 1024
MAX_NAME_LENGTH: Final = 1024
MAX_COMMENT_LENGTH: Final = 256
MAX_CALLER_REFERENCE_LENGTH: Final = 128
#: The CIDR block of a VPC created through the pure API without one (AWS requires one).
DEFAULT_VPC_CIDR: Final = "10.0.0.0/16"

_ACCOUNT_RE: Final = re.compile(r"[0-9]{12}")
_VPC_RE: Final = re.compile(r"vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})")
_ZONE_ID_RE: Final = re.compile(r"Z[A-Z0-9]{1,31}")
_CHANGE_ID_RE: Final = re.compile(r"C[A-Z0-9]{1,31}")
_SERVICE_RE: Final = re.compile(r"[a-z0-9][a-z0-9.-]*\.amazonaws\.com")
_PLAIN_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


T = TypeVar("T")


def trusted(cls: type[T], **fields: Any) -> T:
    """Build a frozen value from fields the model itself computed, skipping the checks.

    Converters and validators guard the boundary between the outside world and the
    model; inside an operation's effect the fields are already checked values, and
    re-checking them on every transition measured over half of ``associate``'s cost.
    Only the effects use this, never for data that came from a caller.  The hot
    classes keep their fields in ``__dict__`` (attrs ``slots=False``) so that this
    is two dictionary updates.
    """
    value = object.__new__(cls)
    _set_state(value, "__dict__", fields)  # a fresh dictionary: the call made it
    return value


def replace(value: T, **changes: Any) -> T:
    """*value* with some fields replaced: :func:`trusted`'s counterpart of ``attrs.evolve``."""
    return replaced(value, changes)


def replaced(value: T, changes: dict[str, Any]) -> T:
    """:func:`replace` with the changes in a dictionary, which is not kept.

    The state is copied whole (one ``dict.copy``, which shares the keys of the
    class's instances) and given to the new object, rather than built key by key.
    """
    state = value.__dict__.copy()
    state.update(changes)
    new = object.__new__(type(value))
    _set_state(new, "__dict__", state)
    return new


#: ``object.__setattr__``: sets a frozen value's ``__dict__`` past attrs' guard.
_set_state: Final = object.__setattr__


def _combine(value: object) -> None:
    """Give *value* a combined (not key-sharing) ``__dict__``, so that reading its fields is fast.

    An ``__init__`` (attrs' too) stores the fields of an instance into a key-sharing
    ("split") dictionary, and ``dict.copy`` keeps a copy split.  CPython 3.11
    specialises an attribute read on an instance with such a dictionary only while
    the instance has not been given a dictionary of its own; on the values here,
    whose state is copied and handed over (:func:`replaced`, the effects), every read
    then takes the generic path, several times slower.  A dictionary built
    by ``dict()`` is combined, and so is every copy of it: the hot values (worlds,
    zones) are made so once, when built from their fields, and their copies after that.
    """
    _set_state(value, "__dict__", dict(value.__dict__))
_new: Final = object.__new__


def validation_message(field: str, value: object, constraint: str) -> str:
    """AWS's validation-message style for one violated constraint.

    >>> validation_message("VPCRegion", "mars-1", "Member must not be null")
    "1 validation error detected: Value 'mars-1' at 'VPCRegion' failed to satisfy constraint: Member must not be null"
    """
    return (
        f"1 validation error detected: Value '{shown_str(value)}' at '{field}' failed to satisfy "
        f"constraint: {constraint}"
    )


def require_str(value: object, field: str) -> str:
    """*value* if it is a non-empty ``str``, else :class:`InvalidInput` naming *field*."""
    if value is None:
        raise InvalidInput(validation_message(field, "null", "Member must not be null"))
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string, not {type(value).__name__} ({shown(value)})")
    if not value:
        raise InvalidInput(
            validation_message(field, value, "Member must have length greater than or equal to 1")
        )
    return value


def require_length(value: str, field: str, maximum: int) -> str:
    """*value* if at most *maximum* characters long, else AWS's length message."""
    if len(value) > maximum:
        raise InvalidInput(
            validation_message(field, value, f"Member must have length less than or equal to {maximum}")
        )
    return value


def optional_comment(value: object, field: str, maximum: int | None) -> str | None:
    """A comment: ``None``, or a string of at most *maximum* characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string, not {type(value).__name__} ({shown(value)})")
    return value if maximum is None else require_length(value, field, maximum)


def normalize_account_id(value: object, field: str = "account") -> str:
    """A 12-digit AWS account id.

    >>> normalize_account_id("111111111111")
    '111111111111'
    >>> normalize_account_id("1111")
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidInput: account must be a 12-digit AWS account id, not '1111'
    """
    text = require_str(value, field)
    if not _ACCOUNT_RE.fullmatch(text):
        raise InvalidInput(f"{field} must be a 12-digit AWS account id, not {shown(text)}")
    return text


def normalize_hosted_zone_id(value: object, field: str = "HostedZoneId") -> str:
    """A hosted zone id as a lookup key: the bare id, ``/hostedzone/`` accepted.

    Like botocore, the part after the last ``/`` is kept (a documented convenience:
    AWS's server itself does not strip it).  At most 32 characters (observed).

    >>> normalize_hosted_zone_id("/hostedzone/Z0123456789ABC")
    'Z0123456789ABC'
    """
    text = require_str(value, field)
    bare = text.rsplit("/", 1)[-1]
    if not bare:
        raise InvalidInput(
            validation_message(field, text, "Member must have length greater than or equal to 1")
        )
    return require_length(bare, "resourceId", MAX_ZONE_ID_LENGTH)


def normalize_change_id(value: object, field: str = "Id") -> str:
    """A change id as a lookup key: the bare id, ``/change/`` accepted.

    >>> normalize_change_id("/change/C2682N5HXP0BZ4")
    'C2682N5HXP0BZ4'
    """
    text = require_str(value, field)
    bare = text.rsplit("/", 1)[-1]
    if not bare:
        raise InvalidInput(
            validation_message(field, text, "Member must have length greater than or equal to 1")
        )
    return require_length(bare, field, MAX_ZONE_ID_LENGTH)


def normalize_vpc_id(value: object, field: str = "VPCId") -> str:
    """A VPC id as given in a request: any string of 1 to 1024 characters.

    Whether it names a VPC is a rule of the operation, not of the input.
    """
    return require_length(require_str(value, field), field, MAX_VPC_ID_LENGTH)


def is_well_formed_vpc_id(value: str) -> bool:
    """``vpc-`` and 8 or 17 lowercase hex digits.

    >>> is_well_formed_vpc_id("vpc-0123456789abcdef0"), is_well_formed_vpc_id("vpc-XYZ")
    (True, False)
    """
    return _VPC_RE.fullmatch(value) is not None


def normalize_region(value: object, field: str = "VPCRegion") -> str:
    """One of the 46 ``VPCRegion`` values, in AWS's enum-violation message style."""
    text = require_str(value, field)
    if text not in _REGION_SET:
        raise InvalidInput(
            validation_message(field, text, f"Member must satisfy enum value set: [{', '.join(REGIONS)}]")
        )
    return text


_REGION_SET: Final = frozenset(REGIONS)


def quick_zone_and_vpc(caller: object, zone_id: object, vpc_id: object, region: object) -> str | None:
    """The bare zone id when all four members are well-formed strings, else ``None``.

    The common case of a request, checked in one go; ``None`` sends the caller to the
    member-by-member checks that word every problem.

    >>> quick_zone_and_vpc("111111111111", "/hostedzone/Z1", "vpc-0123abcd", "us-east-1")
    'Z1'
    >>> quick_zone_and_vpc("111111111111", "Z1", "vpc-0123abcd", "mars-1") is None
    True
    """
    if (
        type(caller) is str
        and type(zone_id) is str
        and type(vpc_id) is str
        and type(region) is str
        and region in _REGION_SET
        and 0 < len(vpc_id) <= MAX_VPC_ID_LENGTH
        and (caller in _ACCOUNTS_SEEN or is_account_id(caller))
    ):
        bare = zone_id.rsplit("/", 1)[-1] if "/" in zone_id else zone_id
        if 0 < len(bare) <= MAX_ZONE_ID_LENGTH:
            return bare
    return None


#: Account ids already found well-formed, so that the pattern runs once per id (at
#: most a few thousand are kept: a cache of a pure function, nothing more).
_ACCOUNTS_SEEN: Final[set[str]] = set()


def is_account_id(text: str) -> bool:
    """Whether *text* is 12 digits (remembered when it is).

    >>> is_account_id("111111111111"), is_account_id("1111")
    (True, False)
    """
    if text in _ACCOUNTS_SEEN:
        return True
    if _ACCOUNT_RE.fullmatch(text) is None:
        return False
    if len(_ACCOUNTS_SEEN) >= 4096:
        _ACCOUNTS_SEEN.clear()
    _ACCOUNTS_SEEN.add(text)
    return True


def normalize_service(value: object, field: str = "service") -> str:
    """A service principal such as ``efs.amazonaws.com``."""
    text = require_str(value, field)
    if not _SERVICE_RE.fullmatch(text):
        raise InvalidInput(f"{field} must be a service principal like 'efs.amazonaws.com', not {shown(text)}")
    return text


def _decode_labels(name: str) -> list[str]:
    """Split a presentation-format name into labels of raw characters."""
    labels: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(name):
        char = name[i]
        if char == "\\":
            octal = name[i + 1 : i + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                if int(octal, 8) > 0o377:
                    raise InvalidDomainName(name)
                current.append(chr(int(octal, 8)))
                i += 4
                continue
            if i + 1 < len(name):
                current.append(name[i + 1])
                i += 2
                continue
            raise InvalidDomainName(name)
        if char == ".":
            labels.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    labels.append("".join(current))
    return labels


def normalize_name(value: object, field: str = "Name") -> str:
    """A DNS name as Route 53 stores it (see :func:`_normalize_name`); cached."""
    if isinstance(value, str) and len(value) <= MAX_NAME_LENGTH:
        return _cached_name(value)
    return _normalize_name(value, field)


@functools.lru_cache(maxsize=4096)
def _cached_name(value: str) -> str:
    return _normalize_name(value, "Name")


def _normalize_name(value: object, field: str = "Name") -> str:
    """A DNS name as Route 53 stores it: lower-case, trailing dot, ``\\ooo`` escapes.

    Characters other than a–z, 0–9, ``-`` and ``_`` are kept as three-digit octal
    escapes; labels are 1–63 characters, the whole name at most 255.

    Internationalised names must be given in Punycode (ASCII only); octets 128–255
    may be written as escapes ``\\200``–``\\377``.

    >>> normalize_name("Example.COM")
    'example.com.'
    >>> normalize_name("a*b.example.com.")
    'a\\\\052b.example.com.'
    >>> normalize_name("a..b")
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidDomainName: a..b
    """
    text = require_length(require_str(value, field), field, MAX_NAME_LENGTH)
    body = text[:-1] if text.endswith(".") and not text.endswith("\\.") else text
    if not body:
        raise InvalidDomainName(text)
    labels = _decode_labels(body)
    if any(not label or len(label) > 63 for label in labels):
        raise InvalidDomainName(text)
    if sum(len(label) + 1 for label in labels) > 255:
        raise InvalidDomainName(text)
    if labels[0] == "*":
        raise InvalidDomainName(text)
    if not text.isascii():
        raise InvalidDomainName(text)
    out = []
    for label in labels:
        encoded = []
        for char in label:
            if "A" <= char <= "Z":
                char = char.lower()
            if char in _PLAIN_CHARS:
                encoded.append(char)
            else:
                # Octets 128–255 arrive only as escapes (\\200–\\377) and are kept, never case-folded.
                encoded.append(f"\\{ord(char):03o}")
        out.append("".join(encoded))
    return ".".join(out) + "."


def label_count(name: str) -> int:
    """How many labels a normalised name has (escaped dots do not split).

    >>> label_count("example.com."), label_count("corp.")
    (2, 1)
    """
    return len(_decode_labels(name[:-1]))


def format_timestamp(instant: datetime) -> str:
    """ISO 8601 UTC with milliseconds and ``Z``, as AWS prints it.

    >>> format_timestamp(datetime(2017, 3, 27, 17, 48, 16, 751000, tzinfo=UTC))
    '2017-03-27T17:48:16.751Z'
    """
    instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def parse_timestamp(text: str) -> datetime:
    """Read an ISO 8601 timestamp (an offset is required) as an aware UTC datetime.

    >>> parse_timestamp("2017-03-27T17:48:16.751Z")
    datetime.datetime(2017, 3, 27, 17, 48, 16, 751000, tzinfo=datetime.timezone.utc)
    """
    from dateutil.parser import isoparse

    try:
        instant = isoparse(text)
    except (ValueError, OverflowError) as exc:
        raise InvalidInput(f"{shown(text)} is not an ISO 8601 timestamp ({exc})") from None
    if instant.tzinfo is None:
        raise InvalidInput(f"{shown(text)} has no UTC offset; write it with 'Z'")
    return instant.astimezone(UTC)


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _aware(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidInput(f"{attribute.name} must be a timezone-aware datetime, not {shown(value)}")


def _to_utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            return value  # beyond what a datetime holds in UTC: the validator refuses it
    return value


#: The world's clock stays within these bounds (inclusive): a world's ``now`` outside
#: them is refused, and so is advancing the clock past :data:`MAX_INSTANT`.  With
#: :data:`MAX_DURATION`, every instant the model computes (``now`` plus a duration)
#: fits a ``datetime``.
MIN_INSTANT: Final = datetime(1970, 1, 1, tzinfo=UTC)
MAX_INSTANT: Final = datetime(9000, 1, 1, tzinfo=UTC)
#: Durations (propagation, processing, one ``advance``) are from 0 to 100 years.
MAX_DURATION: Final = timedelta(days=36525)
#: Quotas and limits are whole numbers from 0 to a million million: more than any
#: world can hold, and small enough to print in every message.
MAX_QUOTA: Final = 10**12


def _instant(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A clock reading: aware, in UTC, from :data:`MIN_INSTANT` to :data:`MAX_INSTANT`."""
    _aware(_instance, attribute, value)
    if value.utcoffset() != timedelta(0) or not MIN_INSTANT <= value <= MAX_INSTANT:
        raise InvalidInput(
            f"{attribute.name} must be from {MIN_INSTANT.isoformat()} to {MAX_INSTANT.isoformat()}, "
            f"not {shown(value)}"
        )


def _count(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A quota: a whole number from 0 to :data:`MAX_QUOTA`."""
    if type(value) is not int:
        raise InvalidInput(f"{attribute.name} must be a whole number, not {shown(value)}")
    if not 0 <= value <= MAX_QUOTA:
        raise InvalidInput(f"{attribute.name} must be from 0 to {MAX_QUOTA}, got {shown(value)}")


def _duration(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A duration from 0 to :data:`MAX_DURATION`."""
    if not isinstance(value, timedelta):
        raise InvalidInput(f"{attribute.name} must be a number of seconds or a timedelta, not {shown(value)}")
    if not timedelta(0) <= value <= MAX_DURATION:
        raise InvalidInput(
            f"{attribute.name} must be from 0 to {int(MAX_DURATION.total_seconds())} seconds, "
            f"not {shown(value)}"
        )


def _pattern(regex: re.Pattern[str], what: str) -> Validator:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise InvalidInput(f"{attribute.name} must be {what}, not {shown(value)}")

    return check


def _region(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    normalize_region(value, "region")


@attrs.frozen
class VPC:
    """A VPC as EC2 knows it: its id, home region and owner account.

    >>> vpc = VPC(id="vpc-0a1b2c3d4e5f60718", region="eu-west-1", owner="111111111111")
    >>> vpc.partition
    Partition(name='aws')
    >>> VPC(id="vpc-1", region="eu-west-1", owner="111111111111")
    Traceback (most recent call last):
    ...
    route53_assoc.errors.InvalidInput: id must be 'vpc-' and 8 or 17 lowercase hex digits, not 'vpc-1'
    """

    id: str = attrs.field(validator=_pattern(_VPC_RE, "'vpc-' and 8 or 17 lowercase hex digits"))
    region: str = attrs.field(validator=_region)
    owner: str = attrs.field(validator=_pattern(_ACCOUNT_RE, "a 12-digit account id"))
    #: EC2's own facts (spec §S5); the defaults are those of the pure ``create_vpc``.
    cidr_block: str = attrs.field(default=DEFAULT_VPC_CIDR, kw_only=True)
    instance_tenancy: str = attrs.field(default="default", kw_only=True)
    is_default: bool = attrs.field(default=False, kw_only=True)
    enable_dns_support: bool = attrs.field(default=True, kw_only=True)
    enable_dns_hostnames: bool = attrs.field(default=False, kw_only=True)
    enable_network_address_usage_metrics: bool = attrs.field(default=False, kw_only=True)
    #: The default resources' ids (spec §S5.6); ``None`` for a VPC stored without them.
    defaults: VpcDefaults | None = attrs.field(default=None, kw_only=True)

    @property
    def partition(self) -> Partition:
        """The partition of the VPC's region."""
        return Partition(partition_of(self.region))


@attrs.frozen(kw_only=True)
class VpcDefaults:
    """The ids of what EC2 creates with every VPC (spec §S5.6, VPC-ID).

    ``route_table_id`` (main route table), ``route_table_association_id`` (its main
    association), ``network_acl_id`` (default network ACL), ``security_group_id``
    (default security group) and ``cidr_association_id`` (the primary CIDR's).
    """

    route_table_id: str
    route_table_association_id: str
    network_acl_id: str
    security_group_id: str
    cidr_association_id: str

    def resource_ids(self) -> tuple[str, str, str]:
        """The three default resources' ids: route table, network ACL, security group."""
        return (self.route_table_id, self.network_acl_id, self.security_group_id)


@attrs.frozen
class Authorization:
    """Permission, given by a zone's owner, for a VPC's owner to associate that VPC.

    >>> Authorization(hosted_zone_id="/hostedzone/Z1ABC", vpc_id="vpc-0123abcd", vpc_region="us-east-1")
    Authorization(hosted_zone_id='Z1ABC', vpc_id='vpc-0123abcd', vpc_region='us-east-1')
    """

    hosted_zone_id: str = attrs.field(converter=normalize_hosted_zone_id)
    vpc_id: str = attrs.field(validator=_pattern(_VPC_RE, "'vpc-' and 8 or 17 lowercase hex digits"))
    vpc_region: str = attrs.field(validator=_region)


def _change_path(value: Any) -> str:
    return "/change/" + normalize_change_id(value)


def _partition_name(value: Any) -> str:
    return Partition(value).name  # InvalidInput for anything but a partition's name


def _change_status(value: Any) -> ChangeStatus:
    if isinstance(value, str) and value in ChangeStatus.__members__:
        return ChangeStatus(value)
    raise InvalidInput(f"status must be PENDING or INSYNC, not {shown(value)}")


class ChangeStatus(enum.StrEnum):
    """A change's status: ``PENDING`` until propagated, then ``INSYNC``."""

    PENDING = "PENDING"
    INSYNC = "INSYNC"


def _change_status_of(value: Any) -> ChangeStatus:
    return _change_status(value)


@attrs.frozen(slots=False)
class ChangeInfo:
    """What Route 53 returns for a change: id (``/change/C…``), status, time, comment.

    >>> info = ChangeInfo(id="C2682N5HXP0BZ4", status="INSYNC",
    ...                   submitted_at=datetime(2017, 3, 27, tzinfo=UTC))
    >>> info.id, info.status
    ('/change/C2682N5HXP0BZ4', <ChangeStatus.INSYNC: 'INSYNC'>)
    """

    id: str = attrs.field(converter=_change_path)
    status: ChangeStatus = attrs.field(converter=_change_status_of)
    submitted_at: datetime = attrs.field(converter=_to_utc, validator=_aware)
    comment: str | None = attrs.field(default=None, kw_only=True)

    @property
    def bare_id(self) -> str:
        """The id without ``/change/``."""
        return self.id.rsplit("/", 1)[-1]


@attrs.frozen(kw_only=True, slots=False)
class Change:
    """A change as the world records it; its status depends on the world's clock."""

    id: str = attrs.field(validator=_pattern(_CHANGE_ID_RE, "'C' and uppercase letters or digits"))
    hosted_zone_id: str
    owner: str
    submitted_at: datetime = attrs.field(converter=_to_utc, validator=_aware)
    comment: str | None = None


def new_change(id: str, hosted_zone_id: str, owner: str, submitted_at: datetime, comment: str | None) -> Change:
    """``trusted(Change, ...)`` for the hot path: the fields stored one by one, no keyword dictionary."""
    change = _new(Change)
    state = change.__dict__
    state["id"] = id
    state["hosted_zone_id"] = hosted_zone_id
    state["owner"] = owner
    state["submitted_at"] = submitted_at
    state["comment"] = comment
    return change


def new_change_info(id: str, status: ChangeStatus, submitted_at: datetime, comment: str | None) -> ChangeInfo:
    """``trusted(ChangeInfo, ...)`` for the hot path (*id* is the ``/change/`` form)."""
    info = _new(ChangeInfo)
    state = info.__dict__
    state["id"] = id
    state["status"] = status
    state["submitted_at"] = submitted_at
    state["comment"] = comment
    return info


@attrs.frozen(kw_only=True)
class Quotas:
    """Route 53's quotas that the rules enforce (AWS's defaults).

    ``vpcs_per_region`` is EC2's: VPCs per account per region (spec CV-QUOTA);
    ``rrsets_per_zone`` the record sets one zone may hold (REC-QUOTA).

    >>> Quotas()
    Quotas(vpcs_per_zone=300, authorizations_per_zone=1000, zones_per_account=500, vpcs_per_region=5, rrsets_per_zone=10000)
    """

    vpcs_per_zone: int = attrs.field(default=300, validator=_count)
    authorizations_per_zone: int = attrs.field(default=1000, validator=_count)
    zones_per_account: int = attrs.field(default=500, validator=_count)
    vpcs_per_region: int = attrs.field(default=5, validator=_count)
    rrsets_per_zone: int = attrs.field(default=10000, validator=_count)


def _seconds(value: Any) -> Any:
    """A number of seconds as a ``timedelta``; anything else is left for the validator."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 0 <= value <= MAX_DURATION.total_seconds():  # also refuses NaN
            raise InvalidInput(
                f"a duration must be from 0 to {int(MAX_DURATION.total_seconds())} seconds, not {shown(value)}"
            )
        return timedelta(seconds=value)
    return value


@attrs.frozen(kw_only=True)
class Timing:
    """How long a change takes to propagate, and to be processed.

    Numbers are seconds.  Both default to 0: changes are ``INSYNC`` at once and no
    request meets ``PriorRequestNotComplete``.  Each is at most :data:`MAX_DURATION`
    (100 years); anything else, NaN and infinities included, is ``InvalidInput``.

    >>> Timing(propagation=60).propagation
    datetime.timedelta(seconds=60)
    """

    propagation: timedelta = attrs.field(default=timedelta(0), converter=_seconds, validator=_duration)
    processing: timedelta = attrs.field(default=timedelta(0), converter=_seconds, validator=_duration)


def _associations(value: Any) -> immutables.Map[str, str]:
    if isinstance(value, immutables.Map):
        pairs = value
    elif isinstance(value, dict):
        pairs = immutables.Map(value)
    else:
        raise InvalidInput(f"associations must map VPC ids to regions, not {shown(value)}")
    for vpc_id, region in pairs.items():
        if not isinstance(vpc_id, str) or not isinstance(region, str):
            raise InvalidInput(f"associations must map VPC ids to regions, not {shown(vpc_id)}: {shown(region)}")
    return pairs


@attrs.frozen(kw_only=True, slots=False)
class HostedZone:
    """A hosted zone: id, name, owner, privacy, and its VPC associations.

    ``owner`` is an account id, or ``None`` for a zone owned by a service, which then
    names ``owning_service``.  ``associations`` maps VPC id to VPC region.
    ``vpc_limit`` overrides the world's VPCs-per-zone quota for this zone;
    ``linked_service`` names a service (such as Cloud Map) through which alone the
    zone may be deleted.

    >>> zone = HostedZone(id="Z0123456789ABCDEFGHIJ", name="Example.com", owner="111111111111",
    ...                   partition="aws", private=True, caller_reference="r1",
    ...                   associations={"vpc-0123abcd": "us-east-1"})
    >>> zone.name, zone.vpcs
    ('example.com.', (('vpc-0123abcd', 'us-east-1'),))
    """

    id: str = attrs.field(validator=_pattern(_ZONE_ID_RE, "'Z' and up to 31 uppercase letters or digits"))
    name: str = attrs.field(converter=normalize_name)
    owner: str | None
    partition: str = attrs.field(converter=_partition_name)
    private: bool
    caller_reference: str
    comment: str | None = None
    owning_service: str | None = None
    linked_service: str | None = None
    associations: immutables.Map[str, str] = attrs.field(factory=immutables.Map, converter=_associations)
    vpc_limit: int | None = None
    last_change_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        _combine(self)
        if not isinstance(self.private, bool):
            raise InvalidInput(f"private must be true or false, not {shown(self.private)}")
        if not isinstance(self.caller_reference, str):
            raise InvalidInput(f"caller_reference must be a string, not {shown(self.caller_reference)}")
        for field in ("comment", "linked_service"):
            if not isinstance(getattr(self, field), (str, type(None))):
                raise InvalidInput(f"{field} must be a string or None, not {shown(getattr(self, field))}")
        if self.vpc_limit is not None and (type(self.vpc_limit) is not int or self.vpc_limit < 0):
            raise InvalidInput(f"vpc_limit must be a whole number or None, not {shown(self.vpc_limit)}")
        if self.last_change_at is not None and (
            not isinstance(self.last_change_at, datetime) or self.last_change_at.utcoffset() != timedelta(0)
        ):
            raise InvalidInput(f"last_change_at must be a UTC datetime or None, not {shown(self.last_change_at)}")
        if (self.owner is None) == (self.owning_service is None):
            raise InvalidInput("a hosted zone has exactly one of owner and owning_service")
        if self.owner is not None:
            normalize_account_id(self.owner, "owner")
        if self.owning_service is not None:
            normalize_service(self.owning_service, "owning_service")

    @property
    def vpcs(self) -> tuple[tuple[str, str], ...]:
        """The associated VPCs as ``(vpc_id, region)`` pairs, sorted."""
        return tuple(sorted(self.associations.items()))

    @property
    def owner_label(self) -> str:
        """The owner account, or the owning service."""
        return self.owner if self.owner is not None else str(self.owning_service)

"""Deterministic id generation: the world's sequence number in, an AWS-looking id out.

No randomness: the n-th id is a fixed permutation of n, so the same world and the same
request always give the same ids, and two sequence numbers never share an id.

>>> zone_id(1) == zone_id(1) != zone_id(2)
True
>>> [len(zone_id(1)), len(change_id(1)), len(vpc_id(1))]
[21, 20, 21]
"""

from __future__ import annotations

import zlib
from typing import Final

__all__ = ["change_id", "dhcp_options_id", "ec2_id", "vpc_id", "zone_id", "zone_sequence"]

_DIGITS: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGIT_SET: Final = frozenset(_DIGITS)
# Odd and not a multiple of 3, so coprime to 36**k and 16**k: multiplication permutes.
_MULTIPLIER: Final = 0x9E3779B97F4A7C15F39CC0605CEDC835


def _base36(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        number, digit = divmod(number, 36)
        out.append(_DIGITS[digit])
    return "".join(reversed(out))


def _mix(sequence: int, salt: int, modulus: int) -> int:
    return ((sequence + salt) * _MULTIPLIER) % modulus


def zone_id(sequence: int) -> str:
    """``Z`` and 20 base-36 digits."""
    return "Z" + _base36(_mix(sequence, 0x5A, 36**20), 20)


def change_id(sequence: int) -> str:
    """``C`` and 19 uppercase hex digits: cheap, since every write makes a change.

    The same number as ``_mix(sequence, 0x43, 16**19)``: the modulus is a power of
    two, so a mask does, and the multiplier may be taken modulo it first.

    >>> all(change_id(n) == f"C{_mix(n, 0x43, 16**19):019X}" for n in (0, 1, 2**40, 2**90))
    True
    """
    return "C%019X" % (((sequence + 0x43) * _CHANGE_MULTIPLIER) & _CHANGE_MASK)


_CHANGE_MASK: Final = 16**19 - 1
_CHANGE_MULTIPLIER: Final = _MULTIPLIER & _CHANGE_MASK


def vpc_id(sequence: int) -> str:
    """``vpc-`` and 17 lowercase hex digits, starting with ``0`` as EC2's do."""
    return f"vpc-0{_mix(sequence, 0x56, 16**16):016x}"


_ZONE_MODULUS: Final = 36**20
_ZONE_INVERSE: Final = pow(_MULTIPLIER, -1, _ZONE_MODULUS)


def zone_sequence(zone_id: str) -> int | None:
    """The sequence number :func:`zone_id` made *zone_id* from, or ``None`` for another id.

    >>> zone_sequence(zone_id(42)), zone_sequence("Z1")
    (42, None)
    """
    body = zone_id[1:]
    if not zone_id.startswith("Z") or len(body) != 20 or not _DIGIT_SET.issuperset(body):
        return None
    return (int(body, 36) * _ZONE_INVERSE) % _ZONE_MODULUS - 0x5A
_EC2_SALTS: Final = {"rtb": 0x72, "acl": 0x61, "sg": 0x73, "vpc-cidr-assoc": 0x63, "rtbassoc": 0x52}


def ec2_id(prefix: str, sequence: int) -> str:
    """*prefix*, ``-`` and 17 lowercase hex digits (``rtb``, ``acl``, ``sg``, ...).

    >>> ec2_id("rtb", 1)[:5], len(ec2_id("sg", 1))
    ('rtb-0', 20)
    """
    return f"{prefix}-0{_mix(sequence, _EC2_SALTS.get(prefix, 0x45), 16**16):016x}"


def dhcp_options_id(region: str) -> str:
    """The region's default DHCP options: ``dopt-`` and 8 hex digits, fixed per region.

    >>> dhcp_options_id("us-east-1") == dhcp_options_id("us-east-1") != dhcp_options_id("eu-west-1")
    True
    """
    return f"dopt-{_mix(zlib.crc32(region.encode()), 0x44, 16**8):08x}"


_HEX: Final = frozenset("0123456789abcdef")


def change_sequence(change_id: str) -> int | None:
    """The sequence number :func:`change_id` made *change_id* from, or ``None`` for another form.

    >>> change_sequence(change_id(42)), change_sequence("C1"), change_sequence("C" + "a" * 19)
    (42, None, None)
    """
    if len(change_id) != 20 or change_id[0] != "C":
        return None
    body = change_id[1:]
    try:
        value = int(body, 16)
    except ValueError:
        return None
    # ``int`` also reads lowercase, signs, underscores, spaces and other scripts' digits:
    # only the canonical form (what change_id writes) is one of ours.
    if value < 0 or f"{value:019X}" != body:
        return None
    return ((value * _CHANGE_INVERSE) & _CHANGE_MASK) - 0x43


_CHANGE_INVERSE: Final = pow(_MULTIPLIER, -1, 16**19)


def ec2_sequence(resource_id: str) -> int | None:
    """The sequence number :func:`vpc_id` or :func:`ec2_id` made *resource_id* from, or ``None``.

    >>> ec2_sequence(vpc_id(7)), ec2_sequence(ec2_id("sg", 8)), ec2_sequence("vpc-0123abcd")
    (7, 8, None)
    """
    prefix, _, body = resource_id.rpartition("-")
    if len(body) != 17 or body[0] != "0" or not _HEX.issuperset(body):
        return None
    salt = 0x56 if prefix == "vpc" else _EC2_SALTS.get(prefix, 0x45)
    return ((int(body[1:], 16) * _EC2_INVERSE) & _EC2_MASK) - salt


_EC2_MASK: Final = 16**16 - 1
_EC2_INVERSE: Final = pow(_MULTIPLIER, -1, 16**16)

"""The partition table: which AWS partition owns which Route 53 ``VPCRegion``.

Documented data (botocore ``partitions.json`` and the Route 53 ``VPCRegion`` enum):
eight partitions own the 46 regions a VPC association may name.  A hosted zone lives
in its owner's partition; a VPC's region lies in its owner's partition; an association
never crosses partitions.

>>> partition_of("cn-north-1")
'aws-cn'
>>> len(REGIONS), len(PARTITIONS)
(46, 8)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from ._show import shown
from .errors import InvalidInput

__all__ = ["PARTITIONS", "REGIONS", "Partition", "partition_of", "regions_of"]

_TABLE: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "aws": (
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ),
        "aws-cn": ("cn-north-1", "cn-northwest-1"),
        "aws-us-gov": ("us-gov-east-1", "us-gov-west-1"),
        "aws-iso": ("us-iso-east-1", "us-iso-west-1"),
        "aws-iso-b": ("us-isob-east-1", "us-isob-west-1"),
        "aws-iso-e": ("eu-isoe-west-1",),
        "aws-iso-f": ("us-isof-east-1", "us-isof-south-1"),
        "aws-eusc": ("eusc-de-east-1",),
    }
)

#: The eight partition names, in the order AWS lists them.
PARTITIONS: Final[tuple[str, ...]] = tuple(_TABLE)

_PARTITION_OF: Final[Mapping[str, str]] = MappingProxyType(
    {region: partition for partition, regions in _TABLE.items() for region in regions}
)

#: The 46 values of Route 53's ``VPCRegion`` enum, sorted.
REGIONS: Final[tuple[str, ...]] = tuple(sorted(_PARTITION_OF))


def partition_of(region: str) -> str:
    """Return the partition that owns *region*.

    >>> partition_of("us-gov-west-1")
    'aws-us-gov'

    Raises :class:`~route53_assoc.errors.InvalidInput` (a ``ValueError``) for anything
    that is not a ``VPCRegion`` value.
    """
    try:
        return _PARTITION_OF[region]
    except (KeyError, TypeError):
        raise InvalidInput(
            f"{shown(region)} is not a Route 53 VPCRegion; expected one of: {', '.join(REGIONS)}"
        ) from None


def regions_of(partition: str) -> tuple[str, ...]:
    """Return the regions of *partition*, in AWS's order.

    >>> regions_of("aws-cn")
    ('cn-north-1', 'cn-northwest-1')
    """
    try:
        return _TABLE[partition]
    except (KeyError, TypeError):
        raise InvalidInput(
            f"{shown(partition)} is not a partition; expected one of: {', '.join(PARTITIONS)}"
        ) from None


def _check_partition_name(_instance: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or value not in _TABLE:
        raise InvalidInput(f"{shown(value)} is not a partition; expected one of: {', '.join(PARTITIONS)}")


@attrs.frozen
class Partition:
    """An AWS partition: a separate Route 53 endpoint with its own regions.

    Constructed from its name; ``Partition.of(region)`` finds a region's owner.

    >>> Partition.of("cn-northwest-1")
    Partition(name='aws-cn')
    >>> Partition("aws-us-gov").regions
    ('us-gov-east-1', 'us-gov-west-1')
    >>> Partition("aws") == Partition.of("eu-west-1")
    True
    """

    name: str = attrs.field(validator=_check_partition_name)

    @property
    def regions(self) -> tuple[str, ...]:
        """The partition's ``VPCRegion`` values."""
        return _TABLE[self.name]

    @classmethod
    def of(cls, region: str) -> Partition:
        """The partition that owns *region* (``InvalidInput`` for an unknown region)."""
        return cls(partition_of(region))

    @classmethod
    def all(cls) -> tuple[Partition, ...]:
        """All eight partitions.

        >>> [p.name for p in Partition.all()][:3]
        ['aws', 'aws-cn', 'aws-us-gov']
        """
        return tuple(cls(name) for name in PARTITIONS)

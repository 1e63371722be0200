"""The world's change log: change id → :class:`~route53_assoc._values.Change`, cheap to append.

Every write records a change, so appending one is on the hot path of every operation;
reading one back (``GetChange``, snapshots, ``World.check``) is rare.  An
``immutables.Map`` keyed by id costs a hash-map update (0.6 to 1.4 µs from 1k to 100k
changes) plus a :class:`Change` object per write.  The log instead keeps each change as
a plain tuple *record* ``(sequence, id, hosted_zone_id, owner, submitted_at, comment)``
and appends it to a short *tail* tuple; every :data:`BLOCK` records the tail becomes one
block of an ``immutables.Map`` keyed by block number.  Appending is a tuple
concatenation and a small object (one map update per :data:`BLOCK` changes);
:class:`Change` objects are made when read.

Ids the model makes (:func:`~route53_assoc._ids.change_id`) decode to the world
sequence number they were made from, and those numbers only grow, so the records of
the blocks and the tail are in increasing sequence order: finding an id is a binary
search over the blocks (O(log n) map reads) and a scan of one block.  A change whose
id does not decode, or that does not come after the last one (a world built from
outside), is kept in a plain map beside them (``foreign``).

>>> from datetime import datetime, timezone
>>> from route53_assoc._ids import change_id
>>> at = datetime(2026, 1, 1, tzinfo=timezone.utc)
>>> log = ChangeLog.empty()
>>> for n in range(1, 100):
...     log = log.appended((n, change_id(n), "Z1", "111111111111", at, None))
>>> len(log), log[change_id(42)].id == change_id(42), change_id(100) in log
(99, True, False)
>>> ChangeLog.of(dict(log.items())) == log
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Final

import immutables

from ._ids import change_sequence
from ._values import Change, new_change

__all__ = ["BLOCK", "ChangeLog", "Record"]

#: A change as the log stores it: ``(sequence, id, hosted_zone_id, owner, submitted_at, comment)``.
Record = tuple[int, str, str, str, datetime, "str | None"]

#: Records per block: the tail is copied on each append, a block is stored once.
BLOCK: Final = 32

_EMPTY_BLOCKS: Final[immutables.Map[int, tuple[Record, ...]]] = immutables.Map()
_EMPTY_FOREIGN: Final[immutables.Map[str, Change]] = immutables.Map()


class ChangeLog(Mapping[str, Change]):
    """A persistent map from change id to :class:`Change`, appended in sequence order.

    Immutable: :meth:`appended` returns a new log sharing every block with this one.
    """

    __slots__ = ("_blocks", "_foreign", "_last", "_size", "_tail")

    _blocks: immutables.Map[int, tuple[Record, ...]]
    _tail: tuple[Record, ...]
    _last: int
    _size: int
    _foreign: immutables.Map[str, Change]

    def __init__(
        self,
        blocks: immutables.Map[int, tuple[Record, ...]],
        tail: tuple[Record, ...],
        last: int,
        size: int,
        foreign: immutables.Map[str, Change],
    ) -> None:
        # Private: build one with empty(), of() or appended().
        self._blocks = blocks
        self._tail = tail
        self._last = last  # the sequence number of the newest record (-1: none)
        self._size = size
        self._foreign = foreign

    @classmethod
    def empty(cls) -> ChangeLog:
        """The log with no change."""
        return _EMPTY

    @classmethod
    def of(cls, changes: Mapping[str, Change] | Iterable[tuple[str, Change]]) -> ChangeLog:
        """The log holding *changes* (a mapping or ``(id, change)`` pairs), each under its key."""
        if isinstance(changes, ChangeLog):
            return changes
        pairs = changes.items() if isinstance(changes, Mapping) else changes
        ordered: list[Record] = []
        foreign: dict[str, Change] = {}
        for key, change in pairs:
            number = change_sequence(key) if key == change.id else None
            if number is None:
                foreign[key] = change
            else:
                ordered.append(_record(number, change))
        ordered.sort(key=lambda record: record[0])
        log = cls(_EMPTY_BLOCKS, (), -1, len(foreign), immutables.Map(foreign))
        for record in ordered:
            log = log.appended(record)
        return log

    def appended(self, record: Record) -> ChangeLog:
        """The log with one more change, whose sequence number comes after every other's.

        (A record that does not come after the last, or whose id is already in the
        log, is stored as a foreign change instead: only a world built from outside
        has one.)
        """
        number = record[0]
        if number <= self._last:
            return self._with_foreign(record)
        # Concatenation: cheaper than ``(*tail, record)``.
        tail = self._tail + (record,)  # noqa: RUF005
        if len(tail) < BLOCK:
            return ChangeLog(self._blocks, tail, number, self._size + 1, self._foreign)
        blocks = self._blocks
        return ChangeLog(blocks.set(len(blocks), tail), (), number, self._size + 1, self._foreign)

    def _with_foreign(self, record: Record) -> ChangeLog:
        change = _change(record)
        if change.id in self:
            items = dict(self.items())
            items[change.id] = change
            return ChangeLog.of(items)
        return ChangeLog(self._blocks, self._tail, self._last, self._size + 1, self._foreign.set(change.id, change))

    # -- reading ---------------------------------------------------------------

    def _find(self, key: object) -> Change | None:
        if type(key) is not str:
            return None
        foreign = self._foreign.get(key)
        if foreign is not None:
            return foreign
        number = change_sequence(key)
        if number is None or number > self._last:
            return None
        tail = self._tail
        if tail and number >= tail[0][0]:
            block = tail
        else:
            block = self._block_of(number)
        for record in block:
            if record[0] == number:
                return _change(record) if record[1] == key else None
        return None

    def _block_of(self, number: int) -> tuple[Record, ...]:
        """The block whose records' numbers span *number* (a binary search over the blocks)."""
        blocks = self._blocks
        low, high = 0, len(blocks) - 1
        if high < 0 or number < blocks[0][0][0]:
            return ()
        while low < high:  # the last block starting at or before *number*
            middle = (low + high + 1) // 2
            if blocks[middle][0][0] <= number:
                low = middle
            else:
                high = middle - 1
        return blocks[low]

    def __getitem__(self, key: str) -> Change:
        change = self._find(key)
        if change is None:
            raise KeyError(key)
        return change

    def get(self, key: str, default: Any = None) -> Any:
        change = self._find(key)
        return default if change is None else change

    def __contains__(self, key: object) -> bool:
        return self._find(key) is not None

    def __len__(self) -> int:
        return self._size

    def records(self) -> Iterator[Record]:
        """The ordered records, oldest first (foreign changes excluded)."""
        blocks = self._blocks
        for index in range(len(blocks)):
            yield from blocks[index]
        yield from self._tail

    def __iter__(self) -> Iterator[str]:
        for record in self.records():
            yield record[1]
        yield from self._foreign

    def items(self) -> Iterator[tuple[str, Change]]:  # type: ignore[override]
        for record in self.records():
            yield record[1], _change(record)
        yield from self._foreign.items()

    def values(self) -> Iterator[Change]:  # type: ignore[override]
        for _, change in self.items():
            yield change

    def keys(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self)

    def check(self) -> list[str]:
        """Broken invariants of the log's own structure, as sentences.

        >>> ChangeLog.empty().check()
        []
        """
        problems: list[str] = []
        blocks = self._blocks
        if set(blocks) != set(range(len(blocks))) or any(len(block) != BLOCK for block in blocks.values()):
            problems.append("change log blocks are not numbered densely or not full")
        if len(self._tail) >= BLOCK:
            problems.append("change log tail is a full block")
        numbers = [record[0] for record in self.records()]
        if any(a >= b for a, b in itertools.pairwise(numbers)) or (numbers and numbers[-1] != self._last):
            problems.append("change log records are not in increasing sequence order")
        recorded = set()
        for record in self.records():
            recorded.add(record[1])
            if change_sequence(record[1]) != record[0]:
                problems.append(f"change {record[1]} is recorded under number {record[0]}")
        for key in self._foreign:
            if key in recorded:
                problems.append(f"change {key} is recorded twice")
        if self._size != len(numbers) + len(self._foreign):
            problems.append("change log size differs from its records")
        return problems

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, ChangeLog):
            if (self._blocks, self._tail, self._foreign) == (other._blocks, other._tail, other._foreign):
                return True
        if not isinstance(other, Mapping):
            return NotImplemented
        return len(self) == len(other) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"<ChangeLog of {self._size} changes>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ChangeLog, (self._blocks, self._tail, self._last, self._size, self._foreign))


def _record(number: int, change: Change) -> Record:
    return (number, change.id, change.hosted_zone_id, change.owner, change.submitted_at, change.comment)


def _change(record: Record) -> Change:
    return new_change(record[1], record[2], record[3], record[4], record[5])


_EMPTY: Final = ChangeLog(_EMPTY_BLOCKS, (), -1, 0, _EMPTY_FOREIGN)


def as_change_log(value: object) -> ChangeLog:
    """*value* as a :class:`ChangeLog` (a mapping of change id → :class:`Change` is converted)."""
    if isinstance(value, ChangeLog):
        return value
    if isinstance(value, Mapping):
        return ChangeLog.of(value)
    from ._show import shown
    from .errors import InvalidInput

    raise InvalidInput(f"changes must be a mapping of change id to Change, not {shown(value)}")

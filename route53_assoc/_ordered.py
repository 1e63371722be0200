"""A persistent sorted set: the index behind the zone listings' orders.

:class:`SortedKeys` is an immutable treap.  Adding or removing a key copies only the
path to it, O(log n) expected, and shares everything else with the old set, so a
world that holds one stays cheap to change and a refused request cannot touch it.
``from_(key)`` walks the keys from the first one at least *key* in O(log n + k) for
k keys read, which is what a page of a listing needs.

Priorities come from a CRC of the key's ``repr``: deterministic (no randomness, the
same keys always give the same tree), and equal sets compare and hash equal by their
contents whatever their shape.

>>> keys = SortedKeys().add((2, "b")).add((1, "a")).add((3, "c"))
>>> list(keys), list(keys.from_((2, ""))), (1, "a") in keys
([(1, 'a'), (2, 'b'), (3, 'c')], [(2, 'b'), (3, 'c')], True)
>>> list(keys.discard((2, "b"))), len(keys)
([(1, 'a'), (3, 'c')], 3)
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any, Final

__all__ = ["SortedKeys", "reversed_label_key"]

Key = tuple[Any, ...]


class _Node:
    __slots__ = ("key", "left", "priority", "right")

    def __init__(self, key: Key, priority: int, left: _Node | None, right: _Node | None) -> None:
        self.key = key
        self.priority = priority
        self.left = left
        self.right = right


def _priority(key: Key) -> int:
    return zlib.crc32(repr(key).encode())


def _split(node: _Node | None, key: Key) -> tuple[_Node | None, _Node | None]:
    """The keys below *key*, and those at least *key*."""
    if node is None:
        return None, None
    if node.key < key:
        low, high = _split(node.right, key)
        return _Node(node.key, node.priority, node.left, low), high
    low, high = _split(node.left, key)
    return low, _Node(node.key, node.priority, high, node.right)


def _merge(low: _Node | None, high: _Node | None) -> _Node | None:
    """One tree of *low*'s keys and *high*'s, every key of *low* below every key of *high*."""
    if low is None:
        return high
    if high is None:
        return low
    if low.priority >= high.priority:
        return _Node(low.key, low.priority, low.left, _merge(low.right, high))
    return _Node(high.key, high.priority, _merge(low, high.left), high.right)


def _without_first(node: _Node) -> _Node | None:
    if node.left is None:
        return node.right
    return _Node(node.key, node.priority, _without_first(node.left), node.right)


class SortedKeys:
    """An immutable sorted set of mutually comparable tuples."""

    __slots__ = ("_root", "_size")

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self._root: _Node | None = None
        self._size = 0
        for key in keys:
            added = self.add(key)
            self._root, self._size = added._root, added._size

    @classmethod
    def _of(cls, root: _Node | None, size: int) -> SortedKeys:
        new = cls.__new__(cls)
        new._root, new._size = root, size
        return new

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        node = self._root
        while node is not None:
            if node.key == key:
                return True
            node = node.left if key < node.key else node.right  # type: ignore[operator]
        return False

    def add(self, key: Key) -> SortedKeys:
        """The set with *key* in it."""
        if key in self:
            return self
        low, high = _split(self._root, key)
        return SortedKeys._of(
            _merge(_merge(low, _Node(key, _priority(key), None, None)), high), self._size + 1
        )

    def discard(self, key: Key) -> SortedKeys:
        """The set without *key*."""
        if key not in self:
            return self
        low, high = _split(self._root, key)
        assert high is not None
        return SortedKeys._of(_merge(low, _without_first(high)), self._size - 1)

    def from_(self, start: Key | None = None) -> Iterator[Key]:
        """The keys from the first one at least *start* (all of them for ``None``), in order."""
        stack: list[_Node] = []
        node = self._root
        while node is not None:
            if start is None or not node.key < start:
                stack.append(node)
                node = node.left
            else:
                node = node.right
        while stack:
            top = stack.pop()
            yield top.key
            node = top.right
            while node is not None:
                stack.append(node)
                node = node.left

    def __iter__(self) -> Iterator[Key]:
        return self.from_()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SortedKeys):
            return NotImplemented
        return self._size == other._size and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SortedKeys({list(self)!r})"


def reversed_label_key(name: str) -> str:
    """ListHostedZonesByName's key: the stored name's labels reversed, joined by ``.``, plus ``.``.

    Stored names escape a dot inside a label as ``\\056``, so splitting on ``.`` is safe.

    >>> reversed_label_key("www.example.com.")
    'com.example.www.'
    """
    labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
    return ".".join(reversed(labels)) + "."


EMPTY: Final = SortedKeys()

"""A small persistent sorted map: an immutable AVL tree with O(log n) updates.

``immutables.Map`` is a hash map and keeps no order; the record sets of a zone, and
each account's zones in creation and in name order, are listed in key order and
paged from any key, so they live in a :class:`SortedMap` (or its set form,
:class:`SortedKeys`).
Every update returns a new map sharing all but O(log n) nodes with the old one;
``len`` is O(1); iterating from a key costs O(log n) to find it, then O(1) per item.

>>> m = SortedMap().set("b", 2).set("a", 1).set("c", 3)
>>> list(m.items()), len(m)
([('a', 1), ('b', 2), ('c', 3)], 3)
>>> list(m.keys(start="b")), m.get("z"), "a" in m
(['b', 'c'], None, True)
>>> m2 = m.delete("b")
>>> list(m2), list(m)
(['a', 'c'], ['a', 'b', 'c'])
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["EMPTY_KEYS", "SortedKeys", "SortedMap", "reversed_label_key"]

K = TypeVar("K")
V = TypeVar("V")

# A node is a tuple (key, value, left, right, height); None is the empty tree.
_Node = tuple[Any, Any, Any, Any, int]


def _h(node: _Node | None) -> int:
    return 0 if node is None else node[4]


def _make(key: Any, value: Any, left: _Node | None, right: _Node | None) -> _Node:
    hl = 0 if left is None else left[4]
    hr = 0 if right is None else right[4]
    return (key, value, left, right, (hl if hl > hr else hr) + 1)


def _balance(key: Any, value: Any, left: _Node | None, right: _Node | None) -> _Node:
    hl, hr = _h(left), _h(right)
    if hl > hr + 1:
        assert left is not None
        lk, lv, ll, lr, _ = left
        if _h(ll) >= _h(lr):
            return _make(lk, lv, ll, _make(key, value, lr, right))
        assert lr is not None
        return _make(lr[0], lr[1], _make(lk, lv, ll, lr[2]), _make(key, value, lr[3], right))
    if hr > hl + 1:
        assert right is not None
        rk, rv, rl, rr, _ = right
        if _h(rr) >= _h(rl):
            return _make(rk, rv, _make(key, value, left, rl), rr)
        assert rl is not None
        return _make(rl[0], rl[1], _make(key, value, left, rl[2]), _make(rk, rv, rl[3], rr))
    return _make(key, value, left, right)


def _insert(node: _Node | None, key: Any, value: Any) -> tuple[_Node, bool]:
    """The tree with *key* set, and whether the key is new."""
    if node is None:
        return (key, value, None, None, 1), True
    nk, nv, left, right, height = node
    if key < nk:
        left, added = _insert(left, key, value)
        return _balance(nk, nv, left, right), added
    if nk < key:
        right, added = _insert(right, key, value)
        return _balance(nk, nv, left, right), added
    return (key, value, left, right, height), False


def _pop_min(node: _Node) -> tuple[_Node | None, Any, Any]:
    key, value, left, right, _ = node
    if left is None:
        return right, key, value
    left, mk, mv = _pop_min(left)
    return _balance(key, value, left, right), mk, mv


def _remove(node: _Node | None, key: Any) -> tuple[_Node | None, bool]:
    """The tree without *key*, and whether it was there."""
    if node is None:
        return None, False
    nk, nv, left, right, _ = node
    if key < nk:
        left, removed = _remove(left, key)
        return (_balance(nk, nv, left, right) if removed else node), removed
    if nk < key:
        right, removed = _remove(right, key)
        return (_balance(nk, nv, left, right) if removed else node), removed
    if left is None:
        return right, True
    if right is None:
        return left, True
    right, sk, sv = _pop_min(right)
    return _balance(sk, sv, left, right), True


class SortedMap(Generic[K, V]):
    """An immutable map kept in key order (keys must be mutually comparable)."""

    __slots__ = ("_root", "_size")

    def __init__(self, items: Iterable[tuple[K, V]] = ()) -> None:
        root: _Node | None = None
        size = 0
        for key, value in items:
            root, added = _insert(root, key, value)
            size += added
        self._root = root
        self._size = size

    @classmethod
    def _of(cls, root: _Node | None, size: int) -> SortedMap[K, V]:
        new: SortedMap[K, V] = cls.__new__(cls)
        new._root = root
        new._size = size
        return new

    def __len__(self) -> int:
        return self._size

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value stored under *key*, else *default*."""
        node = self._root
        while node is not None:
            nk = node[0]
            if key < nk:
                node = node[2]
            elif nk < key:
                node = node[3]
            else:
                return node[1]  # type: ignore[no-any-return]
        return default

    def __contains__(self, key: object) -> bool:
        marker = _MISSING
        return self.get(key, marker) is not marker  # type: ignore[arg-type]

    def set(self, key: K, value: V) -> SortedMap[K, V]:
        """A map with *key* bound to *value*."""
        root, added = _insert(self._root, key, value)
        return self._of(root, self._size + added)

    def delete(self, key: K) -> SortedMap[K, V]:
        """A map without *key* (the same map if it was absent)."""
        root, removed = _remove(self._root, key)
        return self._of(root, self._size - 1) if removed else self

    def items(self, start: K | None = None) -> Iterator[tuple[K, V]]:
        """``(key, value)`` in key order, from the first key ≥ *start* (all when ``None``)."""
        stack: list[_Node] = []
        node = self._root
        while node is not None:
            if start is None or not node[0] < start:
                stack.append(node)
                node = node[2]
            else:
                node = node[3]
        while stack:
            node = stack.pop()
            yield node[0], node[1]
            child = node[3]
            while child is not None:
                stack.append(child)
                child = child[2]

    def keys(self, start: K | None = None) -> Iterator[K]:
        """The keys in order, from the first ≥ *start*."""
        return (key for key, _ in self.items(start))

    def values(self, start: K | None = None) -> Iterator[V]:
        """The values in key order, from the first key ≥ *start*."""
        return (value for _, value in self.items(start))

    def __iter__(self) -> Iterator[K]:
        return self.keys()

    def height(self) -> int:
        """The tree's height (0 when empty): at most about 1.44 log2(n + 2)."""
        return _h(self._root)

    def check(self) -> list[str]:
        """Broken AVL invariants as sentences (an empty list for a sound tree).

        >>> SortedMap((i, i) for i in range(100)).check()
        []
        """
        problems: list[str] = []

        def walk(node: _Node | None) -> tuple[int, int]:
            if node is None:
                return 0, 0
            hl, nl = walk(node[2])
            hr, nr = walk(node[3])
            if node[4] != max(hl, hr) + 1 or abs(hl - hr) > 1:
                problems.append(f"node {node[0]!r} is unbalanced or has a wrong height")
            return max(hl, hr) + 1, nl + nr + 1

        _, count = walk(self._root)
        if count != self._size:
            problems.append(f"size {self._size} but {count} nodes")
        keys: list[Any] = list(self.keys())
        if any(not a < b for a, b in itertools.pairwise(keys)):
            problems.append("keys are not in strictly increasing order")
        return problems

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, SortedMap):
            return NotImplemented
        return self._size == other._size and all(
            a == b for a, b in zip(self.items(), other.items(), strict=True)
        )

    def __hash__(self) -> int:
        return hash(tuple(self.items()))

    def __repr__(self) -> str:
        return f"SortedMap({list(self.items())!r})"


_MISSING: Any = object()


class SortedKeys(SortedMap[Any, None]):
    """A persistent sorted set: a :class:`SortedMap` whose values are all ``None``.

    >>> keys = SortedKeys([(2, "b"), (1, "a")]).add((3, "c"))
    >>> list(keys), list(keys.from_((2, ""))), (1, "a") in keys
    ([(1, 'a'), (2, 'b'), (3, 'c')], [(2, 'b'), (3, 'c')], True)
    >>> list(keys.discard((2, "b"))), len(keys)
    ([(1, 'a'), (3, 'c')], 3)
    """

    __slots__ = ()

    def __init__(self, keys: Iterable[Any] = ()) -> None:
        super().__init__((key, None) for key in keys)

    def add(self, key: Any) -> SortedKeys:
        """The set with *key* in it."""
        return self if key in self else self.set(key, None)  # type: ignore[return-value]

    def discard(self, key: Any) -> SortedKeys:
        """The set without *key*."""
        return self.delete(key)  # type: ignore[return-value]

    def from_(self, start: Any = None) -> Iterator[Any]:
        """The keys from the first one at least *start* (all of them for ``None``), in order."""
        return self.keys(start)

    def __repr__(self) -> str:
        return f"SortedKeys({list(self)!r})"


#: The empty set.
EMPTY_KEYS: SortedKeys = SortedKeys()


def reversed_label_key(name: str) -> str:
    """The stored name's labels reversed, joined by ``.``, plus ``.`` (LHZBN-ORDER, LRRS-ORDER).

    Stored names escape a dot inside a label as ``\\056``, so splitting on ``.`` is safe.

    >>> reversed_label_key("www.example.com."), reversed_label_key("example.com.")
    ('com.example.www.', 'com.example.')
    """
    labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
    return ".".join(reversed(labels)) + "."

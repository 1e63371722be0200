"""The persistent sorted map against a plain dict kept sorted (Hypothesis)."""

from __future__ import annotations

import bisect

from hypothesis import given
from hypothesis import strategies as st

from route53_assoc._sorted import SortedMap

keys = st.tuples(st.text("ab.", max_size=3), st.sampled_from(["A", "NS", "SOA"]))
ops = st.lists(
    st.one_of(
        st.tuples(st.just("set"), keys, st.integers()),
        st.tuples(st.just("delete"), keys, st.none()),
    ),
    max_size=80,
)


@given(ops, keys)
def test_matches_a_sorted_dict(
    operations: list[tuple[str, tuple[str, str], int | None]], probe: tuple[str, str]
) -> None:
    tree: SortedMap[tuple[str, str], int | None] = SortedMap()
    model: dict[tuple[str, str], int | None] = {}
    history = [(tree, dict(model))]
    for op, key, value in operations:
        if op == "set":
            tree = tree.set(key, value)
            model[key] = value
        else:
            tree = tree.delete(key)
            model.pop(key, None)
        history.append((tree, dict(model)))
    # every version is still intact (persistence) and agrees with its model
    for version, expected in history:
        ordered = sorted(expected.items())
        assert list(version.items()) == ordered
        assert len(version) == len(expected)
        assert version.check() == []
        start = bisect.bisect_left([k for k, _ in ordered], probe)
        assert list(version.items(probe)) == ordered[start:]
        assert version.get(probe) == expected.get(probe)
        assert (probe in version) == (probe in expected)
        assert version == SortedMap(ordered)


def test_height_is_logarithmic() -> None:
    tree: SortedMap[int, int] = SortedMap()
    for i in range(4096):
        tree = tree.set(i, i)
    assert tree.height() <= 18
    for i in range(0, 4096, 2):
        tree = tree.delete(i)
    assert len(tree) == 2048 and tree.check() == []
    assert list(tree.keys(start=4000))[:3] == [4001, 4003, 4005]


def test_delete_absent_is_the_same_map() -> None:
    tree = SortedMap([(1, "a")])
    assert tree.delete(2) is tree
    assert tree != SortedMap([(1, "b")])
    assert hash(tree) == hash(SortedMap([(1, "a")]))

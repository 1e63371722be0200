"""Hypothesis strategies for route53-assoc's values, worlds and requests.

Strategies are plural nouns with keyword-only knobs.  Pools of ids and names are
small on purpose, so that the interesting collisions — the same name twice, the same
VPC twice, a foreign account's VPC — come up often.

>>> from hypothesis import given
>>> from route53_assoc.testing import worlds
>>> @given(worlds(max_steps=5))
... def test_sound(world):
...     assert world.check() == []
>>> test_sound()
"""

from __future__ import annotations

from . import _strategies
from ._strategies import *  # noqa: F403

__all__ = list(_strategies.__all__)

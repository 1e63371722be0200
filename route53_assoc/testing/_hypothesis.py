"""Registers the strategies with Hypothesis, so ``st.from_type(VPC)`` and friends work.

Loaded through the ``hypothesis`` entry point when Hypothesis is imported.  The
strategies are looked up only when first used, so importing Hypothesis from inside
this package (which triggers the entry point) is safe.
"""

from __future__ import annotations

from typing import Any


def _register() -> None:
    from hypothesis import strategies as st

    from .._partitions import Partition
    from .._values import VPC
    from .._world import World

    def partitions(_: type) -> Any:
        from ._strategies import partitions

        return partitions()

    def vpcs(_: type) -> Any:
        from ._strategies import vpcs

        return vpcs()

    def worlds(_: type) -> Any:
        from ._strategies import worlds

        return worlds()

    st.register_type_strategy(Partition, partitions)
    st.register_type_strategy(VPC, vpcs)
    st.register_type_strategy(World, worlds)

"""pytest fixtures for route53-assoc, loaded through the ``pytest11`` entry point.

- ``route53_world``: an empty :class:`~route53_assoc.World`.
- ``route53_sandbox``: a fresh :class:`~route53_assoc.sandbox.Sandbox` (needs boto3).
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def route53_world() -> Any:
    """An empty world: no accounts, no VPCs, no zones, the clock at its epoch."""
    from ._world import World

    return World.empty()


@pytest.fixture
def route53_sandbox() -> Any:
    """A fresh boto3 sandbox (the ``sandbox`` extra brings boto3)."""
    try:
        from .sandbox import Sandbox
    except ImportError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"route53_sandbox needs boto3: pip install '.[sandbox]' from a checkout ({exc})")
    return Sandbox()

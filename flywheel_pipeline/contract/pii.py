"""Keyed hashing and dropping of personal data before it reaches raw.

A hashed value is ``hex(HMAC-SHA256(key, value))``: stable for one key, so
joins on it still work; different under another key; the original cannot be
recovered without the key (architecture.md "Non-negotiables").
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flywheel_pipeline.config import PiiPolicy

NESTED_FIELDS = ("properties", "context", "traits")


def keyed_hash(value: Any, key: bytes) -> str:
    """Hex HMAC-SHA256 of ``str(value)`` under ``key`` (64 hex characters)."""
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()


def _parent(record: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    parts = path.split(".")
    node: Any = record
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    return (node if isinstance(node, dict) else None), parts[-1]


def scrub(record: dict[str, Any], policy: PiiPolicy, key: bytes) -> dict[str, Any]:
    """Hash and drop the policy's dotted paths in ``record`` in place; returns it.

    ``record`` holds the contract fields with ``properties``/``context``/``traits``
    as dicts. Missing paths and null values are left alone.
    """
    for path in policy.drop:
        parent, leaf = _parent(record, path)
        if parent is not None:
            parent.pop(leaf, None)
    for path in policy.hash:
        parent, leaf = _parent(record, path)
        if parent is not None and parent.get(leaf) is not None:
            parent[leaf] = keyed_hash(parent[leaf], key)
    return record

"""Personal data out of an event before it reaches raw or quarantine (docs/pii.md).

:class:`Scrubber` applies ``config/pii.yml`` to one event, in this order:

1. ``drop`` paths are removed;
2. ``hash`` paths are replaced by :func:`keyed_hash` of their value; a value
   that is an email is normalised first (trimmed, lower case), so
   ``Ann@X.com `` and ``ann@x.com`` hash alike;
3. ``user_id`` and ``anonymous_id`` that are emails are hashed the same way;
4. every other string value in ``properties``, ``context``, ``traits`` and the
   event name has emails, card numbers, phone numbers and IP addresses masked
   (:mod:`~flywheel_pipeline.contract.pii_detect`).

A hashed value is ``hex(HMAC-SHA256(key, value))``: stable for one key, so joins
on it still work; different under another key; the original cannot be
recovered without the key (architecture.md "Non-negotiables").
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc

from flywheel_pipeline.config import PiiPolicy
from flywheel_pipeline.contract.exact_json import dumps_exact, exact_loads
from flywheel_pipeline.contract.pii_detect import (
    is_email,
    mask_text,
    may_hold_pii_column,
)

NESTED_FIELDS = ("properties", "context", "traits")
HASHED = re.compile(r"[0-9a-f]{64}")  # a keyed hash: never masked
HASHED_JSON = re.compile(r'"[0-9a-f]{64}"')  # a keyed hash as a JSON string
ID_FIELDS = ("user_id", "anonymous_id")


def dump_json(value: Any) -> str:
    """Compact JSON text with sorted keys: properties/context/traits as the
    line-by-line path stores them (the bulk path keeps the key order as sent)."""
    return dumps_exact(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def keyed_hash(value: Any, key: bytes) -> str:
    """Hex HMAC-SHA256 of ``str(value)`` under ``key`` (64 hex characters); an
    email is trimmed and lower-cased first."""
    text = str(value)
    if is_email(text):
        text = text.strip().lower()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


class PathPattern:
    """One dotted pattern of ``pii.yml``, matched case-insensitively ('*' = one
    key, '**' = any number of keys)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.segments = tuple(part.lower() for part in pattern.split("."))
        leaf = next((s for s in reversed(self.segments) if s not in ("*", "**")), None)
        # how the key appears in a row's JSON text (lower-cased), to skip rows without it
        self.needle = None if leaf is None else f'"{leaf}"'.encode()
        self.plain = not any(s in ("*", "**") for s in self.segments)
        # a top-level contract field may arrive under another name (userId)
        if self.segments[0] not in NESTED_FIELDS and self.segments[0] not in ("*", "**"):
            self.needle = None

    def apply(
        self, node: dict[str, Any], action: Callable[[dict, str], None], exact_case: bool = False
    ) -> None:
        """Call ``action(parent, key)`` for every key of ``node`` the pattern matches.

        ``exact_case``: the caller knows every key spells the pattern in lower
        case, so a pattern without wildcards is followed by direct lookups.
        """
        if exact_case and self.plain:
            *parents, leaf = self.segments
            for part in parents:
                node = node.get(part)
                if not isinstance(node, dict):
                    return
            if leaf in node:
                action(node, leaf)
            return
        self._walk(node, self.segments, action)

    def _walk(self, node: dict, segments: tuple[str, ...], action) -> None:
        head, rest = segments[0], segments[1:]
        if head == "**":
            if rest:
                self._walk(node, rest, action)
            for value in list(node.values()):
                if isinstance(value, dict):
                    self._walk(value, segments, action)
            return
        for key in list(node):
            if head != "*" and key.lower() != head:
                continue
            if not rest:
                action(node, key)
            elif isinstance(node.get(key), dict):
                self._walk(node[key], rest, action)


class Scrubber:
    """``config/pii.yml`` under one key, applied to events in place."""

    def __init__(self, policy: PiiPolicy, key: bytes) -> None:
        self.policy, self.key = policy, key
        self.drop = [PathPattern(p) for p in policy.drop]
        self.hash = [PathPattern(p) for p in policy.hash]
        self.kinds = frozenset(policy.mask)

    def mask(self, text: str) -> str:
        """``text`` with the policy's kinds of personal data masked."""
        return mask_text(text, self.kinds, self.policy.phone_region) if self.kinds else text

    def _drop(self, parent: dict, key: str) -> None:
        parent.pop(key, None)

    def _hash(self, parent: dict, key: str) -> None:
        value = parent[key]
        if value is None:
            return
        if isinstance(value, dict | list):
            value = str(sorted(value.items()) if isinstance(value, dict) else value)
        parent[key] = keyed_hash(value, self.key)

    def _mask_values(self, node: Any) -> Any:
        if isinstance(node, str):
            return node if HASHED.fullmatch(node) else self.mask(node)
        if isinstance(node, dict):
            return {key: self._mask_values(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self._mask_values(value) for value in node]
        return node

    def scrub(
        self, event: dict[str, Any], *, text: bytes | None = None, mask_nested: bool = True
    ) -> dict[str, Any]:
        """Scrub ``event`` (contract field names; ``properties``/``context``/``traits``
        as dicts) in place and return it.

        ``text``, the row as it arrived, lets patterns whose key name does not
        occur in it be skipped, and plain patterns be followed by direct lookups
        when no key spells them in another case. With
        ``mask_nested=False`` properties/context/traits are left for
        :meth:`mask_json_texts` (column-wise, over a batch).
        """
        lowered = text.lower() if text is not None else None
        for patterns, action in ((self.drop, self._drop), (self.hash, self._hash)):
            for pattern in patterns:
                if lowered is None or pattern.needle is None:
                    pattern.apply(event, action)
                    continue
                found = lowered.count(pattern.needle)
                if found:
                    # as many in the original: no key spells it in another case
                    pattern.apply(event, action, exact_case=text.count(pattern.needle) == found)
        for name in ID_FIELDS:
            if is_email(event.get(name)):
                self._hash(event, name)
        if self.kinds:
            for name in NESTED_FIELDS:
                if mask_nested and event.get(name):
                    event[name] = self._mask_values(event[name])
            if isinstance(event.get("event"), str):
                event["event"] = self.mask(event["event"])
        return event

    def mask_json_column(self, column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
        """JSON texts (an Arrow string column of properties/context/traits, already
        hashed and dropped) with the PII of every string value masked.

        A column-wise test (RE2) finds the texts that may hold any; keyed hashes
        (hex) may look like digit runs to it, so it runs again on those texts
        without them. Only the texts still flagged are parsed and walked; the
        column is copied only when one of them changes."""
        if not self.kinds or len(column) == 0:
            return column
        flags = may_hold_pii_column(column)
        if not pc.any(flags).as_py():
            return column
        flagged = pc.indices_nonzero(pc.fill_null(flags, False))
        stripped = pc.replace_substring_regex(pc.take(column, flagged), HASHED_JSON.pattern, '""')
        still = pc.filter(flagged, may_hold_pii_column(stripped))
        if len(still) == 0:
            return column
        texts = pc.take(column, still).to_pylist()
        masked = [self._mask_text_json(text) for text in texts]
        if masked == texts:
            return column
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        where = np.zeros(len(column), dtype=bool)
        where[still.to_numpy()] = True
        return pc.replace_with_mask(column, pa.array(where), pa.array(masked, column.type))

    def mask_json_texts(self, texts: list[str]) -> list[str]:
        """:meth:`mask_json_column` for a list of texts."""
        if not self.kinds or not texts:
            return texts
        return self.mask_json_column(pa.array(texts, pa.string())).to_pylist()

    def _mask_text_json(self, text: str) -> str:
        """One JSON text with the PII of its string values masked (its own text
        when nothing changes)."""
        value = exact_loads(text)
        masked = self._mask_values(value)
        return dump_json(masked) if masked != value else text

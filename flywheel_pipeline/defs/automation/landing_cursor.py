"""Which landing files are new since the last sensor tick (the sensor's cursor).

The cursor is a high-water mark on the object's modification time plus the
keys seen at exactly that time: ``{"mtime_ns": int, "keys": [str, …]}``. A file
is new when its mtime is later than the mark, or equal to it with a key not yet
seen. A rewritten file has a newer mtime and is seen again (its partition is
rebuilt, which is idempotent).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from flywheel_pipeline.lake.storage import LakeFile


@dataclass(frozen=True)
class LandingCursor:
    mtime_ns: int = 0
    keys: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> LandingCursor:
        """The cursor stored by the sensor; an empty cursor when None or empty."""
        if not text:
            return cls()
        data = json.loads(text)
        return cls(int(data["mtime_ns"]), frozenset(data["keys"]))

    def serialize(self) -> str:
        return json.dumps({"mtime_ns": self.mtime_ns, "keys": sorted(self.keys)})


def new_files(
    files: Iterable[LakeFile], cursor: LandingCursor
) -> tuple[list[LakeFile], LandingCursor]:
    """The files not seen before ``cursor``, sorted by key, and the advanced cursor."""
    fresh = [
        f
        for f in files
        if f.mtime_ns > cursor.mtime_ns
        or (f.mtime_ns == cursor.mtime_ns and f.key not in cursor.keys)
    ]
    if not fresh:
        return [], cursor
    high = max(cursor.mtime_ns, *(f.mtime_ns for f in fresh))
    at_high = {f.key for f in fresh if f.mtime_ns == high}
    keys = (cursor.keys | at_high) if high == cursor.mtime_ns else frozenset(at_high)
    return sorted(fresh, key=lambda f: f.key), LandingCursor(high, frozenset(keys))

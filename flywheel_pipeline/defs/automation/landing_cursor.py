"""Which landing files are new since the last sensor tick (the sensor's cursor).

The cursor is a high-water mark on the objects' modification time plus the
keys seen within a look-back margin below it:
``{"mtime_ns": int, "recent": {key: mtime_ns, …}}``.

A file is new when its mtime is above ``mark - margin`` and it is not in
``recent`` with that same mtime. The margin covers object stores whose
timestamps have one-second resolution or are set when an upload *starts*
(an S3 multipart upload that began before a tick can finish after it with an
older time). Files older than ``mark - margin`` are taken as seen. A rewritten
file gets a newer mtime and is seen again (its partition is rebuilt, which is
idempotent). The cursor's size is bounded by the files of one margin.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from flywheel_pipeline.lake.storage import LakeFile

LOOKBACK_NS = 10 * 60 * 1_000_000_000  # 10 minutes


@dataclass(frozen=True)
class LandingCursor:
    mtime_ns: int = 0
    recent: dict[str, int] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> LandingCursor:
        """The cursor stored by the sensor; an empty cursor when None or empty."""
        if not text:
            return cls()
        data = json.loads(text)
        return cls(int(data["mtime_ns"]), {k: int(v) for k, v in data["recent"].items()})

    def serialize(self) -> str:
        return json.dumps({"mtime_ns": self.mtime_ns, "recent": dict(sorted(self.recent.items()))})


def new_files(
    files: Iterable[LakeFile], cursor: LandingCursor, lookback_ns: int = LOOKBACK_NS
) -> tuple[list[LakeFile], LandingCursor]:
    """The files not seen before ``cursor``, sorted by key, and the advanced cursor."""
    floor = cursor.mtime_ns - lookback_ns
    fresh = [f for f in files if f.mtime_ns > floor and cursor.recent.get(f.key) != f.mtime_ns]
    if not fresh:
        return [], cursor
    mark = max(cursor.mtime_ns, *(f.mtime_ns for f in fresh))
    seen = {**cursor.recent, **{f.key: f.mtime_ns for f in fresh}}
    recent = {k: m for k, m in seen.items() if m > mark - lookback_ns}
    return sorted(fresh, key=lambda f: f.key), LandingCursor(mark, recent)

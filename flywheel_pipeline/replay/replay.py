"""Replay a tabular dataset (CSV, optionally gzip) into ``landing/<source>/``.

Each input row becomes one Segment-spec event with

- ``message_id`` = UUIDv5 of ``"<dataset>:<row number>"`` (deterministic);
- ``received_at`` = event ``timestamp`` + a delay drawn deterministically from
  the message_id: most rows 1-30 seconds, a ``late_share`` of them between
  1 hour and ``max_late_hours`` hours late (a device that was offline);
- ``sent_at`` = ``received_at`` (an accurate device clock and no network
  latency, so the clock-skew-corrected event_time equals ``timestamp``).

Rows are written as gzip NDJSON files grouped by arrival day,
``landing/<source>/dt=<arrival day>/replay-<dataset>-<batch>.ndjson.gz``. The
bytes are a pure function of the input, so replaying the same file twice finds
every file already there and lands nothing new. Memory holds one input batch.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import yaml

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.contract.validation import parse_timestamp
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, landing_prefix
from flywheel_pipeline.lake.read_tabular import apply_mapping, csv_text_batches
from flywheel_pipeline.lake.storage import Lake

REPLAY_NAMESPACE = uuid.UUID("5f0c7c4e-6a1b-4bd7-9a51-3f4f0e8a7c21")


class ReplayError(ValueError):
    """A dataset row cannot be replayed (the message names file, row and field)."""


@dataclass(frozen=True)
class ReplayPlan:
    """What to replay: the dataset name, its column mapping and the lateness model."""

    dataset: str
    mapping: ColumnMapping
    late_share: float = 0.05
    max_late_hours: float = 72.0

    @classmethod
    def load(cls, path: Path, **overrides) -> ReplayPlan:
        """A plan from a replay YAML (``dataset`` plus a csv_mapping's keys)."""
        data = yaml.safe_load(path.read_text())
        return cls(dataset=data["dataset"], mapping=ColumnMapping.from_dict(data), **overrides)


@dataclass
class ReplayResult:
    rows: int = 0
    late_rows: int = 0
    files_written: int = 0
    files_unchanged: int = 0
    first_day: str | None = None
    last_day: str | None = None


def _unit(message_id: str, salt: str) -> float:
    """A deterministic number in [0, 1) from a message_id."""
    digest = hashlib.sha256(f"{salt}:{message_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def arrival_delay(message_id: str, late_share: float, max_late_hours: float) -> dt.timedelta:
    """The replayed network/offline delay of one event (see the module doc)."""
    if _unit(message_id, "late") < late_share:
        hours = 1 + _unit(message_id, "hours") * max(max_late_hours - 1, 0)
        return dt.timedelta(seconds=round(hours * 3600))
    return dt.timedelta(seconds=1 + int(_unit(message_id, "seconds") * 30))


def _iso(ts: dt.datetime) -> str:
    return ts.isoformat(timespec="milliseconds") + "Z"


def replay_csv(
    lake: Lake, path: Path, plan: ReplayPlan, source: str = EVENTS_SOURCE, batch_rows: int = 500_000
) -> ReplayResult:
    """Replay ``path`` into ``landing/<source>/`` per ``plan``; see the module doc.

    Raises:
        ReplayError: a row has no parseable timestamp (file, row and field named).
    """
    result = ReplayResult()
    batches = csv_text_batches(lambda: pa.input_stream(str(path), compression="detect"), batch_rows)
    row_no = 0
    for batch_no, batch in enumerate(batches):
        by_day: dict[str, list[bytes]] = defaultdict(list)
        for row in batch.to_pylist():
            row_no += 1
            record = apply_mapping(row, plan.mapping)
            message_id = str(uuid.uuid5(REPLAY_NAMESPACE, f"{plan.dataset}:{row_no}"))
            try:
                timestamp = parse_timestamp(record.get("timestamp"))
            except (ValueError, TypeError) as exc:
                raise ReplayError(f"{path}: row {row_no}: timestamp: {exc}") from exc
            delay = arrival_delay(message_id, plan.late_share, plan.max_late_hours)
            received_at = timestamp + delay
            result.late_rows += delay >= dt.timedelta(hours=1)
            record.update(
                message_id=message_id,
                timestamp=_iso(timestamp),
                sent_at=_iso(received_at),
                received_at=_iso(received_at),
            )
            line = json.dumps(record, sort_keys=True, separators=(",", ":"))
            by_day[received_at.date().isoformat()].append(line.encode())
        result.rows += batch.num_rows
        for day, lines in sorted(by_day.items()):
            key = f"{landing_prefix(source, day)}/replay-{plan.dataset}-{batch_no:05d}.ndjson.gz"
            data = gzip.compress(b"\n".join(lines) + b"\n", mtime=0)
            if lake.exists(key) and lake.read_bytes(key) == data:
                result.files_unchanged += 1
            else:
                lake.write_bytes_atomic(key, data)
                result.files_written += 1
            result.first_day = min(filter(None, [result.first_day, day]))
            result.last_day = max(filter(None, [result.last_day, day]))
    return result

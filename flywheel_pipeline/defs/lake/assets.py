"""The raw lake asset: landing files -> validated, deduplicated, scrubbed parquet."""

import time

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetsDefinition,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    PartitionsDefinition,
    asset,
)

from flywheel_pipeline.defs.common.resources import ProductConfigResource
from flywheel_pipeline.defs.lake.preview import preview_table
from flywheel_pipeline.defs.lake.resources import IngestResource, LakeResource
from flywheel_pipeline.defs.partitions import arrival_dates
from flywheel_pipeline.defs.pools import RAW_WRITES_POOL
from flywheel_pipeline.defs.progress import progress_due
from flywheel_pipeline.ingest.raw_partition import (
    RawPartitionResult,
    build_raw_partition,
    count_committed_rows,
)
from flywheel_pipeline.instance.worker import record_run_worker
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, RAW, source_prefix
from flywheel_pipeline.reporting.render import markdown_table


def _partition_table(results: list[RawPartitionResult]) -> str:
    rows = [
        [
            r.arrival_date.isoformat(),
            r.rows_read,
            r.rows_written,
            r.rows_quarantined,
            r.duplicates,
            len(r.files_read),
            len(r.files_rejected),
            ", ".join(f"{k}={v}" for k, v in r.reasons.items()),
        ]
        for r in results
    ]
    header = [
        "arrival day",
        "read",
        "written",
        "quarantined",
        "duplicates",
        "files",
        "files rejected",
        "reasons",
    ]
    return markdown_table(header, rows)


def _log_progress(context, number: int, total: int, results: list, started: float) -> None:
    """A progress line when due: days, rows, elapsed."""
    if progress_due(number, total):
        rows = sum(r.rows_read for r in results)
        context.log.info(
            f"raw_events: {number}/{total} arrival days ({results[-1].arrival_date}),"
            f" {rows:,} rows read, {time.monotonic() - started:.0f} s"
        )


def build_raw_events_asset(partitions_def: PartitionsDefinition) -> AssetsDefinition:
    """The ``raw_events`` asset, partitioned by ``partitions_def`` (arrival days)."""

    @asset(
        key="raw_events",
        group_name="raw",
        kinds={"parquet"},
        partitions_def=partitions_def,
        backfill_policy=BackfillPolicy.single_run(),
        # one writer of the raw lake at a time (the commit also detects a concurrent one)
        pool=RAW_WRITES_POOL,
        check_specs=[
            AssetCheckSpec(
                "row_accounting",
                asset="raw_events",
                description="rows read = written + quarantined + duplicates + suppressed, "
                "re-counted from the committed files of every partition of the run.",
            ),
            AssetCheckSpec(
                "landing_files_readable",
                asset="raw_events",
                description="No landing file of the run's partitions was rejected whole "
                "(unreadable, of an unsupported format, or a symlink): each such file is one "
                "quarantine record naming it (docs/quarantine.md).",
            ),
        ],
        description=(
            "Segment-spec events of the `events` source, one parquet partition per arrival day "
            "(UTC) under raw/events/dt=YYYY-MM-DD/: validated against the tracking plan, "
            "deduplicated by message_id, PII hashed (keyed HMAC) or dropped. Rejected rows go "
            "with their reason to quarantine/events/dt=…/. Replaced atomically on re-run."
        ),
    )
    def raw_events(
        context: AssetExecutionContext,
        lake: LakeResource,
        ingest: IngestResource,
        product_config: ProductConfigResource,
    ):
        record_run_worker(context)
        config, store = product_config.load(), lake.lake()
        days = arrival_dates(context.partition_keys)
        results, started = [], time.monotonic()
        for number, day in enumerate(days, start=1):
            result = build_raw_partition(
                store, EVENTS_SOURCE, day, config, ingest.pii_key.encode(), ingest.batch_rows
            )
            results.append(result)
            _log_progress(context, number, len(days), results, started)
            if result.rows_quarantined:
                context.log.warning(
                    f"{day}: quarantined {result.rows_quarantined} of {result.rows_read} rows "
                    f"({dict(result.reasons)}); e.g. {result.quarantine_preview[:3]}"
                )
            if result.files_rejected:
                context.log.warning(
                    f"{day}: {len(result.files_rejected)} landing files rejected whole, one "
                    f"quarantine record each: {dict(list(result.files_rejected.items())[:5])}"
                )

        recount = {
            r.arrival_date: count_committed_rows(store, EVENTS_SOURCE, r.arrival_date)
            for r in results
        }
        unbalanced = {
            day.isoformat(): c
            for day, c in recount.items()
            if c["rows_read"]
            != c["raw"] + c["quarantine"] + c["duplicates"] + c["suppressed"] + c["erased"]
        }
        total = {
            k: sum(getattr(r, k) for r in results)
            for k in (
                "rows_read",
                "rows_written",
                "rows_quarantined",
                "duplicates",
                "suppressed",
                "bytes_written",
            )
        }
        preview = next((r.preview for r in results if r.preview), [])
        quarantine_examples = [m for r in results for m in r.quarantine_preview][:10]
        rejected_files = {k: v for r in results for k, v in r.files_rejected.items()}
        yield MaterializeResult(
            metadata={
                "partitions": len(results),
                "rows_read": total["rows_read"],
                "rows_written": total["rows_written"],
                "rows_quarantined": total["rows_quarantined"],
                "duplicates": total["duplicates"],
                "suppressed": total["suppressed"],
                "bytes_written": MetadataValue.int(total["bytes_written"]),
                "files_rejected": len(rejected_files),
                "lake": MetadataValue.text(f"{store.url}/{source_prefix(RAW, EVENTS_SOURCE)}/"),
                "per_partition": MetadataValue.md(_partition_table(results)),
                "preview": MetadataValue.md(preview_table(preview, ingest.pii_key.encode())),
                "quarantine_examples": MetadataValue.md(
                    "\n".join(f"- `{m}`" for m in quarantine_examples) or "none"
                ),
            }
        )
        yield AssetCheckResult(
            check_name="row_accounting",
            passed=not unbalanced,
            severity=AssetCheckSeverity.ERROR,
            metadata={
                "partitions_checked": len(recount),
                "rows_read": sum(c["rows_read"] for c in recount.values()),
                "raw_rows_in_files": sum(c["raw"] for c in recount.values()),
                "quarantine_rows_in_files": sum(c["quarantine"] for c in recount.values()),
                "duplicates": sum(c["duplicates"] for c in recount.values()),
                "suppressed": sum(c["suppressed"] for c in recount.values()),
                "unbalanced_partitions": MetadataValue.json(unbalanced),
            },
        )
        yield AssetCheckResult(
            check_name="landing_files_readable",
            passed=not rejected_files,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "files_rejected": len(rejected_files),
                "rejected": MetadataValue.json(dict(list(rejected_files.items())[:50])),
            },
        )

    return raw_events

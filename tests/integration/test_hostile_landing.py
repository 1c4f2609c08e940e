"""A hostile corpus (tests/integration/hostile_corpus.py: 50 hand-made cases and
20 generated ones) through landing -> raw -> warehouse -> dbt, on both engines:
every landing row and file accounted for, the day green, good rows of damaged
files landed, each quarantine record naming file and line."""

import os

from flywheel_pipeline.ingest.raw_partition import count_committed_rows
from flywheel_pipeline.lake.layout import EVENTS_SOURCE
from tests.integration.hostile_corpus import DAY, generated_cases, hand_made_cases


def land(env, tmp_path):
    cases = hand_made_cases() + generated_cases()
    assert len(cases) >= 50 + 20
    host_file = tmp_path / "host-secrets.txt"
    host_file.write_text('{"messageId": "from-the-host", "type": "track"}\n')
    landed = []
    for case in cases:
        if case.data is None:
            if not env.lake.is_local:
                continue  # object stores have no symlinks
            path = env.lake.path(case.key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(host_file, path)
        else:
            env.lake.write_bytes_atomic(case.key, case.data)
        landed.append(case)
    return landed


def test_every_hostile_file_and_row_is_accounted_for_and_the_day_builds(pipeline_env, tmp_path):
    env = pipeline_env
    cases = land(env, tmp_path)
    result = env.build_raw(DAY)  # never raises on input

    # every object is read or rejected whole; every row in raw, quarantine or duplicates
    keys = {c.key for c in cases}
    assert keys == set(result.files_read) | set(result.files_rejected)
    assert result.balanced
    counts = count_committed_rows(env.lake, EVENTS_SOURCE, result.arrival_date)
    assert counts["rows_read"] == counts["raw"] + counts["quarantine"] + counts["duplicates"]

    raw = env.raw_table(DAY).to_pylist()
    quarantine = env.raw_table(DAY, "quarantine_files").to_pylist()
    by_file: dict[str, list] = {}
    for q in quarantine:
        by_file.setdefault(q["_source_file"], []).append((q["_source_line"], q["reason"]))
        # the message names the file and the line
        assert q["message"].startswith(f"{q['_source_file']}:{q['_source_line']}: ")
    landed = {r["message_id"] for r in raw}
    rows_by_file: dict[str, int] = {}
    for r in raw:
        rows_by_file[r["_source_file"]] = rows_by_file.get(r["_source_file"], 0) + 1

    for case in cases:
        got = sorted(by_file.get(case.key, []))
        if case.file_fault is not None:
            assert case.file_fault in got, (case.name, got)
            assert result.files_rejected[case.key] == case.file_fault[1]
        if case.exact:
            expected = sorted(case.quarantined + ([case.file_fault] if case.file_fault else []))
            assert got == expected, (case.name, got)
        elif case.name.startswith("truncated.ndjson"):
            # one record for the file; gzip and zstd stream, so the complete lines
            # before the damage landed (bzip2's one 900 kB block is lost whole)
            assert [reason for _, reason in got] == ["unreadable_file"], (case.name, got)
            assert rows_by_file.get(case.key, 0) > 0 or case.name.endswith(".bz2"), case.name
    expected_landed = set().union(*(c.landed for c in cases))
    assert expected_landed <= landed
    assert "from-the-host" not in landed  # the symlink was not followed
    assert result.duplicates == sum(c.duplicates for c in cases)

    # the warehouse and every model build; no derived date is pulled out of 2024
    env.load(DAY)
    env.dbt_build()
    [(first, last)] = env.query(
        "select min(metric_date), max(metric_date) from marts.metrics_daily"
    )
    assert str(first) >= "2024-02-29" and str(last) <= "2024-03-02", (first, last)
    [(raw_rows,)] = env.query("select count(*) from raw.events")
    [(stg_rows,)] = env.query("select count(*) from staging.stg_events")
    assert raw_rows == stg_rows == len(raw)

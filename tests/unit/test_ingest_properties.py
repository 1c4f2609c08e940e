"""Property-based (hypothesis): whatever bytes a landing file holds, building its raw
partition never raises, every line is accounted for once, and every quarantine
record names its file and line."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import event

DAY = "2024-03-01"
GOOD = json.dumps(event("g", f"{DAY}T10:00:00", user_id="u")).encode()

json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
lines = st.one_of(
    st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" ")),
    json_values.map(lambda v: json.dumps(v, allow_nan=True).encode()),
    st.builds(  # a good event with one field replaced by anything
        lambda field, value: json.dumps(
            {**json.loads(GOOD), field: value}, allow_nan=True
        ).encode(),
        st.sampled_from(["message_id", "type", "timestamp", "properties", "event", "user_id"]),
        json_values,
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(lines, min_size=1, max_size=12))
def test_any_landing_bytes_are_accounted_for(flywheel_env, rows):
    key = f"landing/events/dt={DAY}/fuzz.ndjson"
    flywheel_env.lake.write_bytes_atomic(key, b"\n".join(rows) + b"\n")
    result = flywheel_env.build_raw(DAY)
    assert result.balanced
    non_blank = sum(1 for r in rows if r.strip())
    assert result.rows_read == non_blank
    quarantine = flywheel_env.raw_table(DAY, "quarantine_files").to_pylist()
    for q in quarantine:
        assert q["_source_file"] == key and 1 <= q["_source_line"] <= len(rows)
        assert q["message"].startswith(f"{key}:{q['_source_line']}: ")

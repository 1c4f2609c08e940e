"""The benchmark's synthetic generator: deterministic, sized by its parameters, late
events in later arrival days, and rows that fit the raw schema."""

import pyarrow as pa

from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA
from scripts.synthetic_events import SyntheticParams, generate

PARAMS = SyntheticParams(users=300, days=20, events_per_user=40, late_share=0.2, seed=7)


def collect(params):
    return {day: table for day, table in generate(params)}


def test_same_seed_same_events_and_the_requested_size():
    first, second = collect(PARAMS), collect(PARAMS)
    assert first.keys() == second.keys()
    assert all(first[d].equals(second[d]) for d in first)
    events = pa.concat_tables(first.values())
    assert events.num_rows == PARAMS.total_events == 12_000
    assert events.schema == RAW_EVENT_SCHEMA
    assert len(set(events["message_id"].to_pylist())) == events.num_rows
    assert len(set(events["user_id"].to_pylist())) <= PARAMS.users
    other = pa.concat_tables(collect(SyntheticParams(**{**PARAMS.__dict__, "seed": 8})).values())
    assert not other["user_id"].equals(events["user_id"])


def test_late_events_arrive_one_to_three_days_after_their_day():
    events = pa.concat_tables(collect(PARAMS).values()).to_pandas()
    lag = (events["_arrival_date"] - events["timestamp"].dt.date).map(lambda d: d.days)
    assert set(lag) == {0, 1, 2, 3}
    assert abs((lag > 0).mean() - PARAMS.late_share) < 0.03
    # each arrival partition holds only rows received that day
    assert (events["received_at"].dt.date == events["_arrival_date"]).all()

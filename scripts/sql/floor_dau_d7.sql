-- The benchmark's floor: DAU per date and D7 over all daily cohorts, computed by
-- one hand-written DuckDB query straight over the raw parquet files, with the
-- definitions of metrics.md (active = not an `active: false` event; D7 = retained
-- on day 7 / cohort sizes over the cohorts whose day 7 is on or before the last
-- complete date). Valid for the synthetic stream only: every event is a track
-- call with a user_id, no duplicates, sent_at = received_at (event_time = timestamp).
-- Placeholders: {raw_glob}, {inactive_events}, {last_complete_date}.
with

active_days as (
    select distinct
        user_id,
        cast("timestamp" as date) as event_date
    from read_parquet('{raw_glob}')
    where event not in ({inactive_events})
),

dau as (
    select event_date, count(*) as dau
    from active_days
    group by event_date
),

cohorts as (
    select user_id, min(event_date) as cohort_date
    from active_days
    group by user_id
),

d7 as (
    select
        count(active_days.user_id) as retained,
        count(*) as cohort_users
    from cohorts
    left join active_days
        on
            cohorts.user_id = active_days.user_id
            and active_days.event_date = cohorts.cohort_date + 7
    where cohorts.cohort_date + 7 <= date '{last_complete_date}'
)

select
    (select count(*) from dau where event_date <= date '{last_complete_date}') as dates,
    (select sum(dau) from dau where event_date <= date '{last_complete_date}') as dau_sum,
    (select cast(retained as double) / cohort_users from d7) as d7_retention

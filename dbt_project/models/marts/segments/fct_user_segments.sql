{#-
    fct_user_segments: segment membership history (metrics.md "Segments").
    One row per user key, segment type, segment and unbroken run of dates in
    it: valid_from (first date, inclusive) and valid_to (the first date after
    the run, exclusive; null while the membership holds on the last computed
    date). "Who was at_risk on d" = rows with valid_from <= d and
    (valid_to > d or valid_to is null). Built from int_user_segment_days.
-#}

with

segment_days as (

    select * from {{ ref('int_user_segment_days') }}

),

last_date as (

    select max(as_of_date) as last_as_of_date from segment_days

),

islands as (

    select
        *,
        {{ dbt.dateadd(
            'day',
            '-1 * row_number() over (partition by user_key, segment_type, segment order by as_of_date)',
            'as_of_date'
        ) }} as island
    from segment_days

),

runs as (

    select
        user_key,
        segment_type,
        segment,
        min(as_of_date) as valid_from,
        max(as_of_date) as valid_through
    from islands
    group by user_key, segment_type, segment, island

),

final as (

    select
        runs.user_key,
        runs.segment_type,
        runs.segment,
        runs.valid_from,
        case
            when runs.valid_through < last_date.last_as_of_date
                then cast({{ dbt.dateadd('day', 1, 'runs.valid_through') }} as date)
        end as valid_to,
        runs.valid_through = last_date.last_as_of_date as is_current
    from runs
    cross join last_date

)

select * from final

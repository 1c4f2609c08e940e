{#-
    fct_user_segments: segment membership history (metrics.md "Segments").
    One row per tenant, user key, segment type, segment and unbroken run of dates in
    it: valid_from (first date, inclusive), valid_through (last date,
    inclusive) and valid_to (the first date after the run, exclusive; null
    while the membership holds on the last computed date). "Who was at_risk on
    d" = rows with valid_from <= d and (valid_to is null or valid_to > d).

    Incremental: int_user_segment_days recomputed the dates from R on (R = its
    earliest date computed by this dbt invocation). The pre-hook deletes the
    runs starting on or after R; the runs that reached R - 1 are re-emitted
    under their own key (user, type, segment, valid_from): extended when the
    membership still holds on R, closed at R otherwise.
-#}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'user_key', 'segment_type', 'segment', 'valid_from'],
        incremental_strategy='delete+insert',
        pre_hook="{{ delete_segment_runs_from_recompute_start() }}",
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'segments', 'tenant_segments', 'tenant_timezones']},
    )
}}

with

{% if is_incremental() %}
    recompute_start as (

        select min(as_of_date) as first_date
        from {{ ref('int_user_segment_days') }}
        where dbt_invocation_id = '{{ invocation_id }}'

    ),
{% endif %}

segment_days as (

    select segment_days.*
    from {{ ref('int_user_segment_days') }} as segment_days
    {% if is_incremental() -%}
        where segment_days.as_of_date >= (select recompute_start.first_date from recompute_start)
    {%- endif %}

),

last_date as (

    select
        tenant_id,
        max(as_of_date) as last_as_of_date
    from {{ ref('int_user_segment_days') }}
    group by tenant_id

),

islands as (

    select
        *,
        {{ dbt.dateadd(
            'day',
            '-1 * row_number() over (partition by tenant_id, user_key, segment_type, segment order by as_of_date)',
            'as_of_date'
        ) }} as island
    from segment_days

),

new_runs as (

    select
        tenant_id,
        user_key,
        segment_type,
        segment,
        min(as_of_date) as valid_from,
        max(as_of_date) as valid_through
    from islands
    group by tenant_id, user_key, segment_type, segment, island

),

{% if is_incremental() %}
    -- stored runs that reached the day before the recomputed dates
    stored_runs as (

        select
            stored.tenant_id,
            stored.user_key,
            stored.segment_type,
            stored.segment,
            stored.valid_from,
            stored.valid_through
        from {{ this }} as stored
        cross join recompute_start
        where
            stored.valid_from < recompute_start.first_date
            and stored.valid_through >= {{ dbt.dateadd('day', -1, 'recompute_start.first_date') }}

    ),

    runs as (

        -- a new run starting on R continues a stored run of the same segment
        select
            new_runs.tenant_id,
            new_runs.user_key,
            new_runs.segment_type,
            new_runs.segment,
            coalesce(stored_runs.valid_from, new_runs.valid_from) as valid_from,
            new_runs.valid_through
        from new_runs
        cross join recompute_start
        left join stored_runs
            on
                new_runs.tenant_id = stored_runs.tenant_id
                and new_runs.user_key = stored_runs.user_key
                and new_runs.segment_type = stored_runs.segment_type
                and new_runs.segment = stored_runs.segment
                and new_runs.valid_from = recompute_start.first_date

        union all

        -- a stored run with no continuation ends on R - 1
        select
            stored_runs.tenant_id,
            stored_runs.user_key,
            stored_runs.segment_type,
            stored_runs.segment,
            stored_runs.valid_from,
            cast({{ dbt.dateadd('day', -1, 'recompute_start.first_date') }} as date) as valid_through
        from stored_runs
        cross join recompute_start
        where not exists (
            select 1
            from new_runs
            where
                new_runs.tenant_id = stored_runs.tenant_id
                and new_runs.user_key = stored_runs.user_key
                and new_runs.segment_type = stored_runs.segment_type
                and new_runs.segment = stored_runs.segment
                and new_runs.valid_from = recompute_start.first_date
        )

    ),
{% else %}
    runs as (

        select * from new_runs

    ),
{% endif %}

final as (

    select
        runs.tenant_id,
        runs.user_key,
        runs.segment_type,
        runs.segment,
        runs.valid_from,
        runs.valid_through,
        case
            when runs.valid_through < last_date.last_as_of_date
                then cast({{ dbt.dateadd('day', 1, 'runs.valid_through') }} as date)
        end as valid_to,
        runs.valid_through = last_date.last_as_of_date as is_current
    from runs
    inner join last_date on runs.tenant_id = last_date.tenant_id

)

select * from final

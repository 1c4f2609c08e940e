{#-
    retention_summary: one row per tenant and range: D1, D7 and D30 over ranges of daily cohorts
    (metrics.md "Retention"): DN = sum of retained_on at day N / sum of cohort
    sizes, over the daily cohorts in the range whose day N is not censored
    (null when there are none).

    Ranges (range_type): `all` (every daily cohort), `month` (cohorts of one
    calendar month), `last_days` and `previous_days` (the var key_metrics_days
    days ending on the last complete date, and the as many days before them).
-#}

{%- set days = flywheel_setting('key_metrics_days') | int %}

with

daily as (

    select * from {{ ref('retention_cohorts') }}
    where cohort_grain = 'day'

),

last_complete as (

    select {{ last_complete_date() }} as last_complete_date

),

tenants as (

    select distinct tenant_id from {{ ref('dim_users') }}

),

cohorts as (

    select distinct
        tenant_id,
        cohort_start
    from daily

),

ranges as (

    select
        tenant_id,
        'all' as range_type,
        min(cohort_start) as range_start,
        max(cohort_start) as range_end
    from cohorts
    group by tenant_id

    union all

    select distinct
        tenant_id,
        'month' as range_type,
        {{ period_start('month', 'cohort_start') }} as range_start,
        {{ period_end('month', period_start('month', 'cohort_start')) }} as range_end
    from cohorts

    union all

    select
        tenants.tenant_id,
        'last_days' as range_type,
        cast({{ dbt.dateadd('day', 1 - days, 'last_complete.last_complete_date') }} as date) as range_start,
        last_complete.last_complete_date as range_end
    from last_complete
    cross join tenants

    union all

    select
        tenants.tenant_id,
        'previous_days' as range_type,
        cast({{ dbt.dateadd('day', 1 - 2 * days, 'last_complete.last_complete_date') }} as date) as range_start,
        cast({{ dbt.dateadd('day', -days, 'last_complete.last_complete_date') }} as date) as range_end
    from last_complete
    cross join tenants

),

summed as (

    select
        ranges.tenant_id,
        ranges.range_type,
        ranges.range_start,
        ranges.range_end,
        {%- for n in [1, 7, 30] %}
            sum(case when daily.period_number = {{ n }} and not daily.is_censored then daily.retained_on end)
                as d{{ n }}_retained,
            sum(case when daily.period_number = {{ n }} and not daily.is_censored then daily.cohort_size end)
                as d{{ n }}_cohort_users{% if not loop.last %},{% endif %}
        {%- endfor %}
    from ranges
    left join daily
        on
            ranges.tenant_id = daily.tenant_id
            and daily.cohort_start between ranges.range_start and ranges.range_end
    group by ranges.tenant_id, ranges.range_type, ranges.range_start, ranges.range_end

),

final as (

    select
        -- the range of daily cohorts (dates, project time zone)
        tenant_id,
        range_type,
        range_start,
        range_end,

        -- rates (null when every cohort's day N is censored)
        {%- for n in [1, 7, 30] %}
            cast(d{{ n }}_retained as {{ type_double() }}) / nullif(d{{ n }}_cohort_users, 0) as d{{ n }}_retention,
        {%- endfor %}

        -- numerators and denominators
        {%- for n in [1, 7, 30] %}
            cast(coalesce(d{{ n }}_retained, 0) as {{ dbt.type_bigint() }}) as d{{ n }}_retained,
            cast(coalesce(d{{ n }}_cohort_users, 0) as {{ dbt.type_bigint() }}) as d{{ n }}_cohort_users
            {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from summed

)

select * from final

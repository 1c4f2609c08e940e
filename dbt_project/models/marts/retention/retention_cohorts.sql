{#-
    retention_cohorts: first-time retention triangles (metrics.md "Retention").
    One row per tenant, cohort grain (day, week, month), cohort period and period N
    (0 .. var retention_max_periods[grain]).

    Cohort: users whose first active date falls in the period (weeks start on
    var week_start_isodow). retained_on (N): members active in calendar period
    cohort + N; retained_on_or_after (N): members active in any period >=
    cohort + N, counting activity up to the last complete date. Censoring:
    period N is reported only when it ends on or before the last complete date;
    otherwise both counts and rates are null, never 0.
-#}

{%- set grains = ['day', 'week', 'month'] %}

with

last_complete as (

    select {{ last_complete_date() }} as last_complete_date

),

members as (

    select
        users.tenant_id,
        users.user_key,
        users.first_active_date
    from {{ ref('dim_users') }} as users
    cross join last_complete
    where users.first_active_date <= last_complete.last_complete_date

),

activity as (

    select
        user_days.tenant_id,
        user_days.user_key,
        user_days.event_date
    from {{ ref('fct_user_daily') }} as user_days
    cross join last_complete
    where user_days.is_active and user_days.event_date <= last_complete.last_complete_date

),

{% for grain in grains %}

    {{ grain }}_member_periods as (

        select distinct
            members.tenant_id,
            members.user_key,
            {{ period_start(grain, 'members.first_active_date') }} as cohort_start,
            {{ periods_between(
                grain,
                period_start(grain, 'members.first_active_date'),
                period_start(grain, 'activity.event_date')
            ) }} as period_number
        from members
        inner join activity
            on
                members.tenant_id = activity.tenant_id
                and members.user_key = activity.user_key

    ),

    {{ grain }}_cohorts as (

        select
            tenant_id,
            cohort_start,
            count(*) as cohort_size
        from {{ grain }}_member_periods
        where period_number = 0
        group by tenant_id, cohort_start

    ),

    {{ grain }}_series as (

        {{ dbt.generate_series(flywheel_setting('retention_max_periods')[grain] + 1) }}

    ),

    {{ grain }}_grid as (

        select
            cohorts.tenant_id,
            '{{ grain }}' as cohort_grain,
            cohorts.cohort_start,
            cohorts.cohort_size,
            series.generated_number - 1 as period_number
        from {{ grain }}_cohorts as cohorts
        cross join {{ grain }}_series as series

    ),

    {{ grain }}_retained_on as (

        select
            tenant_id,
            cohort_start,
            period_number,
            count(*) as retained
        from {{ grain }}_member_periods
        group by tenant_id, cohort_start, period_number

    ),

    {{ grain }}_last_periods as (

        select
            tenant_id,
            cohort_start,
            last_period,
            count(*) as users
        from (
            select
                tenant_id,
                user_key,
                cohort_start,
                -- beyond the last reported period, counted at the last one
                least(max(period_number), {{ flywheel_setting('retention_max_periods')[grain] }}) as last_period
            from {{ grain }}_member_periods
            group by tenant_id, user_key, cohort_start
        ) as per_user
        group by tenant_id, cohort_start, last_period

    ),

    {{ grain }}_counted as (

        select
            grid.tenant_id,
            grid.cohort_grain,
            grid.cohort_start,
            grid.cohort_size,
            grid.period_number,
            {{ period_add(grain, 'grid.period_number', 'grid.cohort_start') }} as period_start,
            {{ period_end(grain, period_add(grain, 'grid.period_number', 'grid.cohort_start')) }} as period_end,
            coalesce(retained_on.retained, 0) as retained_on,
            cast(sum(coalesce(last_periods.users, 0)) over (
                partition by grid.tenant_id, grid.cohort_start
                order by grid.period_number desc
                rows between unbounded preceding and current row
            ) as {{ dbt.type_bigint() }}) as retained_on_or_after
        from {{ grain }}_grid as grid
        left join {{ grain }}_retained_on as retained_on
            on
                grid.tenant_id = retained_on.tenant_id
                and grid.cohort_start = retained_on.cohort_start
                and grid.period_number = retained_on.period_number
        left join {{ grain }}_last_periods as last_periods
            on
                grid.tenant_id = last_periods.tenant_id
                and grid.cohort_start = last_periods.cohort_start
                and grid.period_number = last_periods.last_period

    ),

{% endfor %}

counted as (

    {% for grain in grains %}
        select * from {{ grain }}_counted
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        -- keys
        counted.tenant_id,
        counted.cohort_grain,
        counted.cohort_start,
        counted.period_number,

        -- the period (dates, project time zone)
        counted.period_start,
        counted.period_end,
        counted.period_end > last_complete.last_complete_date as is_censored,

        -- counts (null when censored)
        counted.cohort_size,
        case
            when counted.period_end <= last_complete.last_complete_date then counted.retained_on
        end as retained_on,
        case
            when counted.period_end <= last_complete.last_complete_date then counted.retained_on_or_after
        end as retained_on_or_after,

        -- rates (null when censored)
        case
            when counted.period_end <= last_complete.last_complete_date
                then cast(counted.retained_on as {{ type_double() }}) / counted.cohort_size
        end as retention_on,
        case
            when counted.period_end <= last_complete.last_complete_date
                then cast(counted.retained_on_or_after as {{ type_double() }}) / counted.cohort_size
        end as retention_on_or_after

    from counted
    cross join last_complete

)

select * from final

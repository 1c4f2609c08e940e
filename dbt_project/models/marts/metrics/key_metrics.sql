{#-
    key_metrics: the headline numbers of the last var key_metrics_days (N)
    complete days against the N days before them. One row per tenant and metric:
    dau (mean daily DAU), new_users (sum), sessions (sum), <funnel>_conversion
    for each configured funnel (users who entered in the range and reached the
    last step / users who entered in the range; provisional while windows are
    open) and d7_retention (retention_summary's last_days / previous_days).
    change_pct = (current - previous) / previous x 100, null when previous is
    0 or null.
-#}

{%- set days = flywheel_setting('key_metrics_days') | int %}

with

bounds as (

    select
        cast({{ dbt.dateadd('day', 1 - days, 'last_complete_date') }} as date) as current_start,
        last_complete_date as current_end,
        cast({{ dbt.dateadd('day', 1 - 2 * days, 'last_complete_date') }} as date) as previous_start,
        cast({{ dbt.dateadd('day', -days, 'last_complete_date') }} as date) as previous_end
    from (select {{ last_complete_date() }} as last_complete_date) as last_complete

),

tenants as (

    select distinct tenant_id from {{ ref('dim_users') }}

),

windows as (

    select
        'current' as window_name,
        current_start as window_start,
        current_end as window_end
    from bounds

    union all

    select
        'previous' as window_name,
        previous_start as window_start,
        previous_end as window_end
    from bounds

),

daily as (

    select
        metrics.*,
        windows.window_name
    from {{ ref('metrics_daily') }} as metrics
    inner join windows on metrics.metric_date between windows.window_start and windows.window_end

),

funnel_entries as (

    select
        funnels.tenant_id,
        funnels.funnel_name,
        funnels.step_number,
        funnels.users_reached,
        windows.window_name
    from {{ ref('funnel_conversion_daily') }} as funnels
    inner join windows on funnels.entry_date between windows.window_start and windows.window_end
    where funnels.breakdown = 'all'

),

steps as (

    {{ funnel_steps(user_tenants()) }}

),

values_by_window as (

    select
        tenant_id,
        'dau' as metric_name,
        1 as metric_order,
        window_name,
        avg(cast(dau as {{ type_double() }})) as metric_value
    from daily
    group by tenant_id, window_name

    union all

    select
        tenant_id,
        'new_users' as metric_name,
        2 as metric_order,
        window_name,
        cast(sum(new_users) as {{ type_double() }}) as metric_value
    from daily
    group by tenant_id, window_name

    union all

    select
        tenant_id,
        'sessions' as metric_name,
        3 as metric_order,
        window_name,
        cast(sum(sessions) as {{ type_double() }}) as metric_value
    from daily
    group by tenant_id, window_name

    union all

    select
        funnel_entries.tenant_id,
        {{ dbt.concat(['funnel_entries.funnel_name', "'_conversion'"]) }} as metric_name,
        4 as metric_order,
        funnel_entries.window_name,
        cast(
            sum(case when funnel_entries.step_number = steps.step_count then funnel_entries.users_reached end)
            as {{ type_double() }}
        )
        / nullif(sum(case when funnel_entries.step_number = 1 then funnel_entries.users_reached end), 0)
            as metric_value
    from funnel_entries
    inner join steps
        on
            funnel_entries.tenant_id = steps.tenant_id
            and funnel_entries.funnel_name = steps.funnel_name
            and funnel_entries.step_number = steps.step_number
    group by funnel_entries.tenant_id, funnel_entries.funnel_name, funnel_entries.window_name

    union all

    select
        tenant_id,
        'd7_retention' as metric_name,
        5 as metric_order,
        case range_type when 'last_days' then 'current' else 'previous' end as window_name,
        d7_retention as metric_value
    from {{ ref('retention_summary') }}
    where range_type in ('last_days', 'previous_days')

),

metric_names as (

    select
        'dau' as metric_name,
        1 as metric_order
    union all
    select
        'new_users' as metric_name,
        2 as metric_order
    union all
    select
        'sessions' as metric_name,
        3 as metric_order
    {%- for name in funnel_names() %}
        union all
        select
            {{ sql_literal(name ~ "_conversion") }} as metric_name,
            4 as metric_order
    {%- endfor %}
    union all
    select
        'd7_retention' as metric_name,
        5 as metric_order

),

final as (

    select
        tenants.tenant_id,
        metric_names.metric_name,
        metric_names.metric_order,
        current_values.metric_value as current_value,
        previous_values.metric_value as previous_value,
        case
            when previous_values.metric_value != 0
                then
                    100.0 * (current_values.metric_value - previous_values.metric_value)
                    / previous_values.metric_value
        end as change_pct,
        bounds.current_start,
        bounds.current_end,
        bounds.previous_start,
        bounds.previous_end
    from metric_names
    cross join bounds
    cross join tenants
    left join values_by_window as current_values
        on
            tenants.tenant_id = current_values.tenant_id
            and metric_names.metric_name = current_values.metric_name
            and current_values.window_name = 'current'
    left join values_by_window as previous_values
        on
            tenants.tenant_id = previous_values.tenant_id
            and metric_names.metric_name = previous_values.metric_name
            and previous_values.window_name = 'previous'

)

select * from final
